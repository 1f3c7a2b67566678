"""The main window: a stack of pages (create, unlock, cases), menus and a status bar."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from sendmed_desktop import APP_NAME, __version__
from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.ui.locking import IdleLock
from sendmed_desktop.ui.main_menus import (
    KEY_DATES_SHORTCUT,
    build_menus,
    case_actions_changed,
    lend_meeting_actions,
    take_back_meeting_actions,
)
from sendmed_desktop.ui.tasks import TaskGateway, show_error, show_message
from sendmed_desktop.ui.window_locking import WindowLocking

if TYPE_CHECKING:
    from sendmed_desktop.domain.cases import NewCase
    from sendmed_desktop.domain.timeline import TimelineEntry
    from sendmed_desktop.security.keys import KdfParameters
    from sendmed_desktop.services.cases import CaseService
    from sendmed_desktop.services.workspace import Workspace
    from sendmed_desktop.ui.backup_controller import BackupScheduler
    from sendmed_desktop.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog
    from sendmed_desktop.ui.lock_curtain import LockCurtains
    from sendmed_desktop.ui.pages.case_list_page import CaseListPage
    from sendmed_desktop.ui.pages.case_page import CasePage
    from sendmed_desktop.ui.pages.create_workspace_page import CreateWorkspacePage
    from sendmed_desktop.ui.pages.unlock_page import UnlockPage
    from sendmed_desktop.ui.session_watch import SessionWatch
    from sendmed_desktop.ui.widgets.due_soon_panel import DueSoonDock, DueSoonPanel

# Pages, dialogs and services are imported where first used: the window is on screen
# before SQLAlchemy, the keyring or the crypto libraries have loaded.

log = logging.getLogger(__name__)

# How often to check whether the day has changed, so "due soon" and time left stay true.
DAY_CHECK_MS = 3 * 60 * 1000
NO_CASE_SELECTED = "Select a case in the list first, then edit its key dates."
NO_CASE_TO_OPEN = "Select a case in the list first, then open it (Enter)."
__all__ = ["KEY_DATES_SHORTCUT", "MainWindow"]
DEMO_SUFFIX = "— demo workspace (fictional cases, deleted on exit)"
_ABOUT = (
    f"<h3>{APP_NAME} {__version__}</h3>"
    "<p>Run SEND mediation meetings offline, with every case kept in an encrypted "
    "workspace on this computer.</p>"
)


class MainWindow(WindowLocking, QMainWindow):
    """Hold the workspace once unlocked and switch between the app's pages."""

    # Emitted once the first page is ready for the user: the case list has loaded its first
    # page, or a create or unlock page is waiting for input.
    ready = Signal()

    def __init__(
        self,
        paths: WorkspacePaths,
        *,
        workspace: Workspace | None = None,
        recovery_key: str | None = None,
        demo: bool = False,
        kdf: KdfParameters | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.workspace: Workspace | None = None
        self.cases: CaseService | None = None
        self.tasks = TaskGateway(self)
        self.recovery_dialog: RecoveryKeyDialog | None = None
        self._kdf = kdf
        self._demo = demo
        self._is_ready = False
        self.setWindowTitle(f"{APP_NAME} {DEMO_SUFFIX}" if demo else APP_NAME)
        # Fits a 1366×768 screen at 150 % scaling (911×512 logical pixels, less the panel).
        self.setMinimumSize(800, 460)
        self.resize(1280, 720)

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.create_page: CreateWorkspacePage | None = None
        self.unlock_page: UnlockPage | None = None
        self.case_list_page: CaseListPage | None = None
        self.case_page: CasePage | None = None
        self._dock_was_visible = True
        self.due_soon_panel: DueSoonPanel | None = None
        self.due_soon_dock: DueSoonDock | None = None
        self._clock_day = _today()
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(DAY_CHECK_MS)
        self._day_timer.timeout.connect(self.check_day_changed)
        # The case to show again once the workspace is unlocked after a lock.
        self._reopen_case_id: int | None = None
        self.idle_lock = IdleLock(self._idle_lock_minutes, self)
        self.idle_lock.lock_requested.connect(self._lock_when_idle)
        # Made on first unlock (ui/backup_controller.py): runs the scheduled backups.
        self.backup_scheduler: BackupScheduler | None = None
        # Made on first unlock: listening on D-Bus need not slow the first window.
        self.session_watch: SessionWatch | None = None
        self.curtains: LockCurtains | None = None
        # Sets new_case_action, open_case_action, next_stage_action, ... (see main_menus).
        build_menus(self)
        self.folder_label = QLabel(f"Workspace: {paths.root}")
        self.count_label = QLabel("Locked")
        self.statusBar().addWidget(self.folder_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)

        if workspace is not None:
            self._open(workspace)
            if recovery_key:
                self.show_recovery_key(recovery_key)
        elif paths.holds_workspace():
            self._show_unlock_page()
        else:
            self._show_create_page()

    @property
    def is_ready(self) -> bool:
        """Return whether ``ready`` has been emitted."""
        return self._is_ready

    # -- menus ---------------------------------------------------------------------

    def show_about(self) -> None:
        """Show the version and what the app is for."""
        QMessageBox.about(self, f"About {APP_NAME}", _ABOUT)

    # -- pages -------------------------------------------------------------------------

    def _show_create_page(self) -> None:
        from sendmed_desktop.ui.pages.create_workspace_page import CreateWorkspacePage

        page = CreateWorkspacePage(self.paths, self.tasks, kdf=self._kdf)
        page.created.connect(self._workspace_created)
        page.restored.connect(self._open)
        self.create_page = page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        page.focus_first_field()
        self._mark_ready()

    def _show_unlock_page(self, *, after_lock: bool = False) -> None:
        from sendmed_desktop.ui.pages.unlock_page import UnlockPage

        hint = ""
        if self._demo:
            from sendmed_desktop.services.demo import DEMO_PASSPHRASE

            hint = f"This demo workspace's passphrase is “{DEMO_PASSPHRASE}”."
        page = UnlockPage(self.paths, self.tasks, open_from_keyring=not after_lock, hint=hint)
        page.unlocked.connect(self._open)
        page.waiting_for_input.connect(self._mark_ready)
        self.unlock_page = page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        # Start once the event loop runs, so the window is drawn before the crypto and
        # database libraries load.
        QTimer.singleShot(0, page.start)

    def _workspace_created(self, workspace: Workspace, recovery_key: str) -> None:
        self._open(workspace)
        self.show_recovery_key(recovery_key)

    def show_recovery_key(self, recovery_key: str) -> RecoveryKeyDialog:
        """Show the recovery key once, over the case list."""
        from sendmed_desktop.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog

        dialog = RecoveryKeyDialog(recovery_key, self)
        dialog.finished.connect(self._recovery_key_closed)
        self.recovery_dialog = dialog
        # open(), not exec(): the window stays responsive to the event loop (and to tests).
        dialog.open()
        return dialog

    def _recovery_key_closed(self) -> None:
        if self.recovery_dialog is not None:
            self.recovery_dialog.deleteLater()
            self.recovery_dialog = None
        if self.case_list_page is not None:
            self.case_list_page.focus_search()

    def _open(self, workspace: Workspace) -> None:
        from sendmed_desktop.services.cases import CaseService
        from sendmed_desktop.services.timeline import TimelineService
        from sendmed_desktop.ui.pages.case_list_page import CaseListPage

        self.workspace = workspace
        self.cases = CaseService(workspace)
        page = CaseListPage(self.cases, TimelineService(workspace))
        page.new_case_requested.connect(self.new_case)
        page.key_dates_requested.connect(self.edit_key_dates)
        page.case_activated.connect(self.open_case)
        page.counts_changed.connect(self._show_counts)
        self._show_counts(page.model.total, page.model.total)
        self.case_list_page = page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        for old in (self.create_page, self.unlock_page):
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
        self.create_page = self.unlock_page = None
        self.view_menu.insertAction(self.refresh_action, page.find_action)
        self._add_due_soon_dock()
        for action in self.workspace_actions:
            action.setEnabled(True)
        page.focus_search()
        log.info("workspace opened")
        self.refresh_due_soon()
        self._day_timer.start()
        self.idle_lock.start()
        from sendmed_desktop.ui.backup_controller import scheduler_for

        scheduler_for(self).start()
        if self.session_watch is None:
            self.watch_session()
        self._mark_ready()
        reopen, self._reopen_case_id = self._reopen_case_id, None
        if reopen is not None:
            self.open_case(reopen)

    def _add_due_soon_dock(self) -> None:
        from sendmed_desktop.ui.widgets.due_soon_panel import DueSoonDock

        dock = DueSoonDock(self)
        dock.panel.case_chosen.connect(self.show_case)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.resizeDocks([dock], [190], Qt.Orientation.Vertical)
        self.view_menu.addSeparator()
        self.view_menu.addAction(dock.toggleViewAction())
        self.due_soon_panel, self.due_soon_dock = dock.panel, dock

    def _mark_ready(self) -> None:
        if not self._is_ready:
            self._is_ready = True
            self.ready.emit()

    def _show_counts(self, matching: int, overall: int) -> None:
        noun = "case" if overall == 1 else "cases"
        if matching == overall:
            self.count_label.setText(f"{overall} {noun}")
        else:
            self.count_label.setText(f"{matching} of {overall} {noun} match")

    def refresh(self) -> None:
        """Read the case list (and the open case, if any) again from the workspace."""
        if self.case_page is not None:
            self.case_page.refresh()
        if self.case_list_page is not None:
            self.case_list_page.refresh()
        self.refresh_due_soon()

    # -- statutory clock ---------------------------------------------------------------

    def refresh_due_soon(self) -> None:
        """Recompute what is due soon across every open case, off the GUI thread."""
        if self.workspace is None or self.due_soon_panel is None:
            return
        from sendmed_desktop.services.timeline import TimelineService

        service = TimelineService(self.workspace)
        self.tasks.run_in_background(service.due_soon, on_done=self._show_due_soon)

    def _show_due_soon(self, entries: list[TimelineEntry]) -> None:
        if self.due_soon_panel is not None:
            self.due_soon_panel.show_entries(entries)

    def check_day_changed(self) -> bool:
        """Refresh deadlines if the date has changed since they were last worked out."""
        today = _today()
        if today == self._clock_day:
            return False
        self._clock_day = today
        self._clock_changed()
        return True

    def _clock_changed(self) -> None:
        if self.case_list_page is not None:
            self.case_list_page.refresh_timeline()
        if self.case_page is not None:
            self.case_page.refresh()
        self.refresh_due_soon()

    def show_case(self, case_id: int) -> bool:
        """Select ``case_id`` in the case list and put the keyboard there."""
        page = self.case_list_page
        if page is None or not self.close_case() or not page.select_case(case_id):
            return False
        page.table.setFocus()
        return True

    def edit_key_dates(self, case_id: int | None = None) -> bool:
        """Ask for a case's key dates and save them; return whether they were saved."""
        page = self.case_list_page
        if self.workspace is None or self.cases is None or page is None:
            return False
        if case_id is None and self.case_page is not None:
            case_id = self.case_page.case_id
        case_id = case_id if case_id is not None else page.selected_case_id()
        if case_id is None:
            show_message(self, NO_CASE_SELECTED)
            return False
        from sendmed_desktop.services.key_dates import KeyDatesService
        from sendmed_desktop.ui.dialogs.key_dates_dialog import KeyDatesDialog

        service = KeyDatesService(self.workspace)
        try:
            dates = service.load(case_id)
            summary = self.cases.summary(case_id)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return False
        reference = summary.reference if summary else ""
        problems: list[str] = []
        while True:
            entered, accepted = KeyDatesDialog.ask(self, dates, reference, problems=problems)
            if not accepted or entered is None:
                return False
            try:
                service.save(case_id, entered)
            except ValidationError as error:
                # Reopen with what was typed, so nothing is lost.
                dates, problems = entered, str(error).splitlines()
                continue
            except Exception as error:  # noqa: BLE001 - shown to the user and logged
                show_error(self, error)
                return False
            break
        page.refresh()
        page.select_case(case_id)
        page.refresh_timeline()
        if self.case_page is not None:
            self.case_page.refresh()
        self.refresh_due_soon()
        self.statusBar().showMessage(f"Key dates saved for {reference}.", 8000)
        return True

    def edit_preferences(self) -> bool:
        """Ask for the clock preferences and save them; return whether they changed."""
        if self.workspace is None:
            return False
        from sendmed_desktop.services.preferences import (
            load_clock_preferences,
            save_clock_preferences,
        )
        from sendmed_desktop.services.security_preferences import (
            keyring_available,
            load_security_preferences,
            save_security_preferences,
        )
        from sendmed_desktop.ui.dialogs.settings_dialog import SettingsDialog

        current = load_clock_preferences(self.workspace)
        security = load_security_preferences(self.workspace)
        answer, accepted = SettingsDialog.ask(
            self, current, security=security, keyring_available=keyring_available()
        )
        if not accepted or answer is None or answer == (current, security):
            return False
        chosen, chosen_security = answer
        try:
            if chosen_security != security:
                save_security_preferences(self.workspace, chosen_security)
                self.idle_lock.touch()
            if chosen != current:
                save_clock_preferences(self.workspace, chosen)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return False
        if chosen != current:
            self._clock_changed()
            self.statusBar().showMessage("Preferences saved; deadlines recalculated.", 8000)
        else:
            self.statusBar().showMessage("Preferences saved.", 8000)
        return True

    # -- cases -------------------------------------------------------------------------

    def new_case(self) -> int | None:
        """Ask for a new case, store it, then show and select it; return its id."""
        if self.cases is None or self.case_list_page is None or not self.close_case():
            return None
        from sendmed_desktop.ui.dialogs.new_case_dialog import NewCaseDialog

        previous: NewCase | None = None
        problems: list[str] = []
        while True:
            try:
                suggestion = self.cases.suggest_reference()
            except Exception as error:  # noqa: BLE001 - shown to the user and logged
                show_error(self, error)
                return None
            entry, accepted = NewCaseDialog.ask(
                self, suggestion, previous=previous, problems=problems
            )
            if not accepted or entry is None:
                return None
            try:
                summary = self.cases.create(entry)
            except ValidationError as error:
                # Reopen with what was typed, so nothing is lost (e.g. a reference in use).
                previous, problems = entry, str(error).splitlines()
                continue
            except Exception as error:  # noqa: BLE001 - shown to the user and logged
                show_error(self, error)
                return None
            break
        self.case_list_page.refresh()
        self.case_list_page.select_case(summary.id)
        return summary.id

    # -- the case page ------------------------------------------------------------------

    def open_selected_case(self) -> bool:
        """Open the case selected in the list (Case → Open case)."""
        page = self.case_list_page
        if self.case_page is not None or page is None:
            return False
        case_id = page.selected_case_id()
        if case_id is None:
            show_message(self, NO_CASE_TO_OPEN)
            return False
        return self.open_case(case_id)

    def open_case(self, case_id: int) -> bool:
        """Show the case page for ``case_id``, where its meeting is prepared and run."""
        if self.workspace is None or not self.close_case():
            return False
        from sendmed_desktop.ui.pages.case_page import CasePage

        try:
            page = CasePage(self.workspace, case_id, self.tasks)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return False
        page.back_requested.connect(self.close_case)
        page.view_changed.connect(lambda: case_actions_changed(self))
        self.case_page = page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        lend_meeting_actions(self, page.meeting_actions())
        # The due-soon list would take a quarter of a laptop screen from the meeting.
        if self.due_soon_dock is not None:
            self._dock_was_visible = self.due_soon_dock.isVisible()
            self.due_soon_dock.hide()
        case_actions_changed(self)
        page.focus_start()
        return True

    def close_case(self) -> bool:
        """Save what is typed, then go back to the case list; return False to stay."""
        page = self.case_page
        if page is None:
            return True
        if not page.flush():
            self.statusBar().showMessage(
                "What you typed could not be saved yet, so the case stays open.", 8000
            )
            return False
        case_id = page.case_id
        page.stop()
        take_back_meeting_actions(self)
        self.case_page = None
        self.stack.removeWidget(page)
        page.deleteLater()
        case_actions_changed(self)
        if self.due_soon_dock is not None and self._dock_was_visible:
            self.due_soon_dock.show()
        listing = self.case_list_page
        if listing is not None:
            self.stack.setCurrentWidget(listing)
            listing.refresh()
            listing.select_case(case_id)
            listing.refresh_timeline()
            listing.table.setFocus()
        self.refresh_due_soon()
        return True

    # -- closing -----------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Finish background work and close the database before the window goes."""
        self._day_timer.stop()
        self.idle_lock.stop()
        if self.backup_scheduler is not None:
            self.backup_scheduler.stop()
        if self.case_page is not None:
            self.case_page.flush()
            self.case_page.stop()
        self.tasks.shutdown()
        if self.workspace is not None:
            self.workspace.close()
        super().closeEvent(event)


def _today() -> date:
    return date.today()  # noqa: DTZ011 - statutory days are local calendar days
