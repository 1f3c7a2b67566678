"""Run backups from the window: now (File → Back up now) and when the schedule says so.

Scheduled backups only run while the workspace is unlocked, and never interrupt: a failure
shows in the status bar, as a lasting ⚠ marker, and in the backups dialog, not as a box.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from sendmed_desktop.services.backup_schedule import (
    BackupResult,
    back_up_to_folder,
    backup_is_due,
    last_backup_at,
)
from sendmed_desktop.settings import BACKUP_FOLDER, BACKUP_SCHEDULE
from sendmed_desktop.ui.formatting import format_datetime
from sendmed_desktop.ui.tasks import show_error, user_message

if TYPE_CHECKING:
    from sendmed_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

# The wall clock is read at every check, so a laptop that slept through a due time backs
# up within a minute of waking.
CHECK_MS = 60_000
# After unlocking, wait a moment so the case list is up before an overdue backup starts.
AFTER_UNLOCK_MS = 5_000
# A failed scheduled backup (the stick is out) is not retried every minute.
RETRY_AFTER = timedelta(minutes=15)
MARKER_TEXT = "⚠ Backup failed"
STATUS_MS = 15_000


def result_words(result: BackupResult) -> str:
    """Return the status-bar line for a backup just written: where, when, how many kept."""
    noun = "backup" if result.kept == 1 else "backups"
    return (
        f"Backed up to {result.path.parent} at {format_datetime(result.made_at)}; "
        f"{result.kept} {noun} of this workspace kept there."
    )


class BackupScheduler(QObject):
    """Back the window's workspace up when asked, and when the schedule says one is due."""

    # Emitted after every backup attempt, successful or not (the dialog refreshes).
    finished = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._running = False
        # Counts start/stop, so the result of a backup begun before a lock is not shown.
        self._generation = 0
        self._retry_after: datetime | None = None
        self.last_failure: str | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)
        # A child timer, not QTimer.singleShot: it dies with the scheduler and stop() stops it.
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(AFTER_UNLOCK_MS)
        self._soon.timeout.connect(self.check)
        self.marker = QLabel(MARKER_TEXT)
        self.marker.setAccessibleName("Last scheduled backup failed")
        self.marker.hide()
        window.statusBar().addPermanentWidget(self.marker)

    @property
    def active(self) -> bool:
        """Return whether scheduled backups are being watched for (the workspace is open)."""
        return self._timer.isActive()

    @property
    def running(self) -> bool:
        """Return whether a backup is being written now."""
        return self._running

    def start(self) -> None:
        """Watch the schedule (on unlock), with a first look soon for an overdue backup."""
        self._generation += 1
        self._retry_after = None
        self._timer.start()
        self._soon.start()

    def stop(self) -> None:
        """Stop watching (on lock or close); a backup already running finishes unseen."""
        self._generation += 1
        self._timer.stop()
        self._soon.stop()
        self._running = False

    def check(self, now: datetime | None = None) -> bool:
        """Start a scheduled backup if one is due; return whether one was started."""
        workspace = self._window.workspace
        if not self.active or self._running or workspace is None:
            return False
        curtains = self._window.curtains
        if curtains is not None and curtains.active:
            return False  # covered for a lock that waits on a dialog: locked in all but name
        if not workspace.settings.get(BACKUP_FOLDER):
            return False
        now = now or datetime.now(UTC)
        if self._retry_after is not None and now < self._retry_after:
            return False
        schedule = workspace.settings.get(BACKUP_SCHEDULE)
        if not backup_is_due(last_backup_at(workspace), schedule, now):
            return False
        log.info("scheduled backup starting")
        return self._run(scheduled_at=now)

    def back_up_now(self) -> bool:
        """Write a backup now; return whether one was started."""
        if self._running:
            self._window.statusBar().showMessage("A backup is being written already.", STATUS_MS)
            return False
        return self._run(scheduled_at=None)

    def _run(self, *, scheduled_at: datetime | None) -> bool:
        workspace = self._window.workspace
        if workspace is None:
            return False
        self._running = True
        generation = self._generation
        self._window.statusBar().showMessage("Writing a backup…")
        self._window.tasks.run_in_background(
            lambda: back_up_to_folder(workspace),
            lambda result: self._done(generation, result),
            lambda error: self._failed(generation, error, scheduled_at),
        )
        return True

    def _done(self, generation: int, result: BackupResult) -> None:
        if generation != self._generation:
            return
        self._running = False
        self._retry_after = None
        self.last_failure = None
        self.marker.hide()
        self._window.statusBar().showMessage(result_words(result), STATUS_MS)
        self.finished.emit()

    def _failed(self, generation: int, error: BaseException, scheduled_at: datetime | None) -> None:
        if generation != self._generation:
            return
        self._running = False
        if scheduled_at is None:
            self._window.statusBar().clearMessage()
            show_error(self._window, error)
            self.finished.emit()
            return
        message = user_message(error)
        self.last_failure = message
        self._retry_after = scheduled_at + RETRY_AFTER
        self.marker.setToolTip(f"Last scheduled backup failed: {message}")
        self.marker.show()
        self._window.statusBar().showMessage(f"⚠ Scheduled backup failed: {message}")
        self.finished.emit()


def scheduler_for(window: MainWindow) -> BackupScheduler:
    """Return the window's backup scheduler, making it on first use."""
    scheduler = window.backup_scheduler
    if scheduler is None:
        scheduler = window.backup_scheduler = BackupScheduler(window)
    return scheduler


def back_up_now(window: MainWindow) -> bool:
    """Back up now to the chosen folder; with none chosen yet, open the backups dialog."""
    workspace = window.workspace
    if workspace is None:
        return False
    if not workspace.settings.get(BACKUP_FOLDER):
        from sendmed_desktop.ui.dialogs.backups_dialog import open_backups

        window.statusBar().showMessage("Choose where to keep backups first.", STATUS_MS)
        open_backups(window)
        return False
    return scheduler_for(window).back_up_now()
