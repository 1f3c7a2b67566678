"""The main window's locking: on demand, when idle, over an open dialog, on desktop lock.

A mixin of ``MainWindow`` (it uses the window's pages, actions and timers), kept apart so
the window module stays readable and every way of locking is in one place.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from sendmed_desktop.settings import IDLE_LOCK_MINUTES
from sendmed_desktop.ui.main_menus import take_back_meeting_actions

if TYPE_CHECKING:
    from PySide6.QtDBus import QDBusConnection

    from sendmed_desktop.ui.session_watch import SessionWatch

log = logging.getLogger(__name__)

NOT_LOCKED_UNSAVED = (
    "What you typed could not be saved yet, so the workspace stays unlocked. "
    "Try again once it is saved."
)


class WindowLocking:
    """Lock the window's workspace; mixed into ``MainWindow``, whose attributes it uses."""

    def _idle_lock_minutes(self) -> int:
        if self.workspace is None:
            return 0
        return self.workspace.settings.get(IDLE_LOCK_MINUTES)

    def watch_session(
        self,
        *,
        session_bus: QDBusConnection | None = None,
        system_bus: QDBusConnection | None = None,
    ) -> SessionWatch:
        """Lock when the desktop session locks or the machine sleeps (on these buses)."""
        from sendmed_desktop.ui.session_watch import SessionWatch

        if self.session_watch is not None:
            self.session_watch.deleteLater()
        watch = SessionWatch(self, session_bus=session_bus, system_bus=system_bus)
        watch.session_locked.connect(self._lock_when_idle)
        self.session_watch = watch
        return watch

    def _lock_when_idle(self) -> None:
        # A modal dialog (key dates, preferences, a message) has a call waiting on it
        # that will use the workspace once it returns: cover the windows instead, and
        # lock fully once the dialog closes (see lock_curtain).
        if QApplication.activeModalWidget() is None:
            self.lock()
        elif self.workspace is not None:
            self._cover_while_dialog_open()

    def _cover_while_dialog_open(self) -> None:
        from sendmed_desktop.services.security_preferences import keyring_opens, secret_opens
        from sendmed_desktop.ui.lock_curtain import LockCurtains

        workspace = self.workspace
        if workspace is None or (self.curtains is not None and self.curtains.active):
            return
        curtains = LockCurtains(
            lambda secret: secret_opens(workspace, secret),
            (lambda: keyring_opens(workspace)) if workspace.header.keyring_enabled else None,
            self,
        )
        curtains.lifted.connect(self.idle_lock.start)
        # Queued: the dialog's caller saves what it returned before the workspace closes.
        curtains.dialog_closed.connect(lambda: QTimer.singleShot(0, self.lock))
        self.curtains = curtains
        self.idle_lock.stop()
        curtains.cover()
        log.info("windows covered while a dialog is open")

    def lock(self) -> bool:
        """Save what is typed, hide every case, drop the key and ask to unlock again.

        Returns False, and stays unlocked, if what is typed could not be saved.
        """
        if self.workspace is None:
            return False
        page = self.case_page
        if page is not None and not page.flush():
            self.statusBar().showMessage(NOT_LOCKED_UNSAVED, 8000)
            return False
        self._reopen_case_id = page.case_id if page is not None else None
        self.idle_lock.stop()
        self._day_timer.stop()
        if self.backup_scheduler is not None:
            self.backup_scheduler.stop()
        if page is not None:
            page.stop()
            take_back_meeting_actions(self)
            self.case_page = None
            self._drop_page(page)
        # Work still running reads the workspace: let it end, and drop what it would show.
        self.tasks.shutdown()
        self._drop_case_list()
        for action in (
            *self.workspace_actions,
            self.back_to_list_action,
            self.next_stage_action,
            self.previous_stage_action,
            self.break_action,
        ):
            action.setEnabled(False)
        self.statusBar().clearMessage()
        self.count_label.setText("Locked")
        workspace, self.workspace, self.cases = self.workspace, None, None
        # Disposes the connections and overwrites the key held in memory.
        workspace.close()
        log.info("workspace locked")
        self._show_unlock_page(after_lock=True)
        return True

    def _drop_page(self, page: QWidget) -> None:
        self.stack.removeWidget(page)
        page.hide()
        page.deleteLater()

    def _drop_case_list(self) -> None:
        """Take the case list and the due-soon list (and their menu entries) away."""
        listing, self.case_list_page = self.case_list_page, None
        if listing is not None:
            self._drop_page(listing)
        dock, self.due_soon_dock, self.due_soon_panel = self.due_soon_dock, None, None
        if dock is not None:
            self._dock_was_visible = True
            self.removeDockWidget(dock)
            dock.hide()
            dock.deleteLater()
        # _open adds the list's find action, a separator and the dock's toggle action.
        keep = (self.refresh_action, self.register_action, self.audit_action)
        for action in self.view_menu.actions():
            if action not in keep:
                self.view_menu.removeAction(action)
