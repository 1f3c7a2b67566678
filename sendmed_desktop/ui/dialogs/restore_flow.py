"""Restore a backup over the open workspace: check it, ask, close, restore, open again.

The backup is checked in full before the user is asked, and again by the restore itself
before anything is replaced. A backup that is damaged, of another workspace or opened by
another key is refused with a message, and the workspace stays exactly as it was.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from sendmed_desktop import APP_NAME
from sendmed_desktop.services.backup_schedule import (
    RestoreOutcome,
    check_backup,
    restore_and_reopen,
)
from sendmed_desktop.ui.formatting import format_datetime
from sendmed_desktop.ui.tasks import show_error

if TYPE_CHECKING:
    from sendmed_desktop.services.backups import BackupInfo
    from sendmed_desktop.ui.dialogs.backups_dialog import BackupsDialog
    from sendmed_desktop.ui.main_window import MainWindow

REPLACE = "&Replace this workspace"
RESTORING = "Restoring the backup… the workspace opens again by itself."


def made_on(info: BackupInfo) -> str:
    """Return when a backup was made, as ``Wed 8 Apr 2026, 14:32`` in local time."""
    try:
        made = datetime.fromisoformat(info.created_at)
    except ValueError:
        return info.created_at
    return format_datetime(made if made.tzinfo else made.replace(tzinfo=UTC))


def confirm_question(info: BackupInfo) -> str:
    """Return the question asked before a backup replaces the workspace."""
    return f"Replace this workspace with the backup made on {made_on(info)}?"


def confirm_details(info: BackupInfo, kept_in: Path) -> str:
    """Return what the backup holds and where the current workspace is kept."""
    noun = "case" if info.case_count == 1 else "cases"
    return (
        f"The backup holds {info.case_count} {noun}. Anything added or changed since it "
        f"was made will be replaced.\n\nWhat you have now is kept in {kept_in}, so nothing "
        "is lost."
    )


def start_restore(dialog: BackupsDialog, path: Path) -> None:
    """Check the backup at ``path`` in the background, then ask before restoring it."""
    workspace = dialog.workspace
    dialog.set_busy(True)
    dialog.list_note.setText("Checking the backup…")

    def checked(info: BackupInfo) -> None:
        if dialog.closed:
            return
        dialog.set_busy(False)
        dialog.list_note.setText("")
        _ask_to_replace(dialog, info)

    def refused(error: BaseException) -> None:
        if dialog.closed:
            return
        dialog.set_busy(False)
        dialog.list_note.setText("")
        dialog.result_box = show_error(dialog, error)

    dialog.window_.tasks.run_in_background(lambda: check_backup(workspace, path), checked, refused)


def _ask_to_replace(dialog: BackupsDialog, info: BackupInfo) -> None:
    box = QMessageBox(dialog)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(f"Restore a backup — {APP_NAME}")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(confirm_question(info))
    box.setInformativeText(confirm_details(info, dialog.workspace.paths.backups))
    replace = box.addButton(REPLACE, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    # Destructive: Enter must not replace the workspace by accident.
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setAccessibleName("Confirm restore")
    window = dialog.window_

    def answered() -> None:
        if box.clickedButton() is not replace:
            return
        dialog.accept()
        restore_over_open_workspace(window, info.path)

    box.finished.connect(answered)
    dialog.confirm_box = box
    box.open()


def restore_over_open_workspace(window: MainWindow, path: Path) -> bool:
    """Save what is typed, close the workspace as a lock does, restore, then reopen it."""
    workspace = window.workspace
    if workspace is None:
        return False
    # Taken before the lock overwrites it: the restored database opens with the same key.
    key, paths = workspace.database_key(), workspace.paths
    if not window.lock():
        return False  # what is typed could not be saved; the lock said so
    # Back to the case list afterwards, not to a case the backup may not hold.
    window._reopen_case_id = None
    page = window.unlock_page
    if page is not None:
        # Nobody may unlock the old database while it is being replaced.
        page.setEnabled(False)
    window.statusBar().showMessage(RESTORING)

    def reopened(outcome: RestoreOutcome) -> None:
        window._open(outcome.workspace)
        if outcome.error is not None:
            window.statusBar().clearMessage()
            show_error(window, outcome.error)
            return
        info = outcome.info
        made = f" made on {made_on(info)}" if info is not None else ""
        count = f" ({info.case_count} cases)" if info is not None else ""
        window.statusBar().showMessage(
            f"Restored the backup{made}{count}. What you had before is kept in {outcome.kept_in}.",
            30_000,
        )

    def not_reopened(error: BaseException) -> None:
        window.statusBar().clearMessage()
        if window.unlock_page is not None:
            window.unlock_page.setEnabled(True)
        show_error(window, error)

    def run() -> None:
        window.tasks.run_in_background(
            lambda: restore_and_reopen(path, paths, key), reopened, not_reopened
        )

    # After the unlock page has started reading the key header (queued by the lock), so
    # its reply arrives before the page is replaced by the reopened workspace.
    QTimer.singleShot(0, run)
    return True
