"""The main window's menus: every command with its shortcut, in one place.

Commands that act on an open case (next stage, breaks, back to the list) live here for good
and are enabled only while a case is open, so the menus always show what the keyboard can
do. The notes panel brings its own actions; the case page lends them to the Meeting menu.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from sendmed_desktop import APP_NAME

if TYPE_CHECKING:
    from sendmed_desktop.ui.main_window import MainWindow

KEY_DATES_SHORTCUT = "Ctrl+Shift+D"
OPEN_CASE_SHORTCUT = "Ctrl+O"
LOCK_SHORTCUT = "Ctrl+L"
BACK_UP_SHORTCUT = "Ctrl+Shift+B"
BACK_SHORTCUT = "Alt+Left"
NEXT_STAGE_SHORTCUT = "Ctrl+PgDown"
PREVIOUS_STAGE_SHORTCUT = "Ctrl+PgUp"
BREAK_SHORTCUT = "Ctrl+B"
SHORTCUTS_SHORTCUT = "Ctrl+/"
START_BREAK = "Start &break"
END_BREAK = "End &break"


def _action(
    window: MainWindow,
    text: str,
    slot: Callable[[], object],
    shortcut: str | QKeySequence.StandardKey | None = None,
    *,
    enabled: bool = True,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setEnabled(enabled)
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    # Not connected to the slot itself: triggered passes a bool the slots do not take.
    action.triggered.connect(lambda _checked=False: slot())
    return action


def _add(menu: QMenu, actions: Iterable[QAction | None]) -> None:
    for action in actions:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)


def build_menus(window: MainWindow) -> None:
    """Give ``window`` its menu bar and keep each action as an attribute of the window."""
    bar = window.menuBar()
    # Kept here rather than found through the bar's actions: QAction.menu() would make
    # PySide tie each menu's wrapper to a passing action wrapper.
    window.menus = []

    def add_menu(title: str) -> QMenu:
        menu = bar.addMenu(title)
        window.menus.append(menu)
        return menu

    window.new_case_action = _action(
        window,
        "&New case…",
        window.new_case,
        QKeySequence.StandardKey.New,
        enabled=False,
    )
    quit_action = _action(window, "&Quit", window.close, "Ctrl+Q")
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    window.verify_action = _action(
        window,
        "&Verify a sealed document…",
        lambda: _with_workspace(window, "verify"),
        enabled=False,
        tip="Check that an agreement or certificate PDF is intact and sealed by this workspace",
    )
    window.back_up_now_action = _action(
        window,
        "&Back up now",
        lambda: _with_workspace(window, "back_up_now"),
        BACK_UP_SHORTCUT,
        enabled=False,
        tip="Write an encrypted backup of the whole workspace to your backup folder",
    )
    window.backups_action = _action(
        window,
        "Backups and &restore…",
        lambda: _with_workspace(window, "backups"),
        enabled=False,
        tip="Choose the backup folder and schedule, or restore the workspace from a backup",
    )
    window.retention_action = _action(
        window,
        "Due for &deletion…",
        lambda: _with_workspace(window, "retention"),
        enabled=False,
        tip="Records past their retention period: review them and erase them for good",
    )
    window.subject_access_action = _action(
        window,
        "Subject &access export…",
        lambda: _with_workspace(window, "subject_access"),
        enabled=False,
        tip="Everything held about one person, as JSON and a readable PDF",
    )
    window.lock_action = _action(
        window,
        "&Lock",
        window.lock,
        LOCK_SHORTCUT,
        enabled=False,
        tip="Save what is typed, hide every case and ask for the passphrase again",
    )
    _add(
        add_menu("&File"),
        (
            window.new_case_action,
            None,
            window.verify_action,
            None,
            window.back_up_now_action,
            window.backups_action,
            None,
            window.retention_action,
            window.subject_access_action,
            None,
            window.lock_action,
            quit_action,
        ),
    )

    window.preferences_action = QAction("&Preferences…", window)
    window.preferences_action.setShortcuts(_preferences_keys())
    window.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    window.preferences_action.setEnabled(False)
    window.preferences_action.triggered.connect(lambda _checked=False: window.edit_preferences())
    add_menu("&Edit").addAction(window.preferences_action)

    window.view_menu = add_menu("&View")
    window.refresh_action = _action(
        window,
        "&Refresh",
        window.refresh,
        QKeySequence.StandardKey.Refresh,
        enabled=False,
        tip="Read the case list, or the open case, again from the workspace",
    )
    window.view_menu.addAction(window.refresh_action)
    window.register_action = _action(
        window,
        "Certificate re&gister…",
        lambda: _with_workspace(window, "register"),
        enabled=False,
        tip="Every mediation certificate issued: on time or late, corrections, CSV export",
    )
    window.view_menu.addAction(window.register_action)
    window.audit_action = _action(
        window,
        "&Audit trail…",
        lambda: _with_workspace(window, "audit"),
        enabled=False,
        tip="What was done to which record, and a check that no entry was altered",
    )
    window.view_menu.addAction(window.audit_action)

    window.case_menu = add_menu("&Case")
    window.open_case_action = _action(
        window,
        "&Open case",
        window.open_selected_case,
        OPEN_CASE_SHORTCUT,
        enabled=False,
        tip="Open the case selected in the list, to prepare or run its meeting",
    )
    window.back_to_list_action = _action(
        window,
        "&Back to case list",
        window.close_case,
        BACK_SHORTCUT,
        enabled=False,
        tip="Save what is typed and go back to all cases (Alt+Left or Esc)",
    )
    window.next_stage_action = _action(
        window,
        "&Next stage",
        _for_open_case(window, "advance"),
        NEXT_STAGE_SHORTCUT,
        enabled=False,
        tip="Move the meeting on to its next stage, if nothing stops it",
    )
    window.previous_stage_action = _action(
        window,
        "&Previous stage",
        _for_open_case(window, "previous_stage"),
        PREVIOUS_STAGE_SHORTCUT,
        enabled=False,
        tip="Go back to the stage before (going back is never blocked)",
    )
    # Not Ctrl+D: on Linux desktops a text box takes Ctrl+D as "delete" (emacs keys),
    # and the search box usually has the keyboard.
    window.key_dates_action = _action(
        window,
        "Edit &key dates…",
        window.edit_key_dates,
        KEY_DATES_SHORTCUT,
        enabled=False,
    )
    _add(
        window.case_menu,
        (
            window.open_case_action,
            window.back_to_list_action,
            None,
            window.next_stage_action,
            window.previous_stage_action,
            None,
            window.key_dates_action,
        ),
    )

    # Not "&Meeting": the Preparation tabs use Alt+M for their Meeting tab.
    window.meeting_menu = add_menu("Meetin&g")
    window.break_action = _action(
        window,
        START_BREAK,
        _for_open_case(window, "toggle_break"),
        BREAK_SHORTCUT,
        enabled=False,
        tip="Pause the meeting time for a break, or end the break",
    )
    window.meeting_menu.addAction(window.break_action)

    window.shortcuts_action = _action(
        window, "&Keyboard shortcuts…", lambda: show_shortcuts(window), SHORTCUTS_SHORTCUT
    )
    about_action = _action(window, f"&About {APP_NAME}", window.show_about)
    about_action.setMenuRole(QAction.MenuRole.AboutRole)
    _add(add_menu("&Help"), (window.shortcuts_action, None, about_action))
    # Enabled while a workspace is unlocked; locking disables these and the case commands.
    window.workspace_actions = [
        window.new_case_action,
        window.refresh_action,
        window.key_dates_action,
        window.preferences_action,
        window.open_case_action,
        window.verify_action,
        window.register_action,
        window.audit_action,
        window.back_up_now_action,
        window.backups_action,
        window.retention_action,
        window.subject_access_action,
        window.lock_action,
    ]


def _with_workspace(window: MainWindow, command: str) -> None:
    """Open a workspace-wide tool (verify, register, backups, retention) over the window."""
    if window.workspace is None:
        return
    # Imported on use: each tool loads only when first asked for, keeping start-up quick.
    if command == "verify":
        from sendmed_desktop.ui.dialogs.verify_dialog import verify_document

        verify_document(window, window.workspace)
    elif command == "register":
        from sendmed_desktop.ui.dialogs.certificate_register_dialog import open_register

        open_register(window, window.workspace)
    elif command == "audit":
        from sendmed_desktop.ui.dialogs.audit_dialog import open_audit_trail

        open_audit_trail(window, window.workspace, window.tasks)
    elif command == "back_up_now":
        from sendmed_desktop.ui.backup_controller import back_up_now

        back_up_now(window)
    elif command == "backups":
        from sendmed_desktop.ui.dialogs.backups_dialog import open_backups

        open_backups(window)
    elif command == "retention":
        from sendmed_desktop.ui.dialogs.retention_dialog import open_retention

        open_retention(window)
    elif command == "subject_access":
        from sendmed_desktop.ui.dialogs.subject_access_dialog import open_subject_access

        open_subject_access(window)


def _for_open_case(window: MainWindow, command: str) -> Callable[[], bool]:
    """Return a slot that runs ``command`` on the open case page, if a case is open."""

    def run() -> bool:
        page = window.case_page
        return page is not None and bool(getattr(page, command)())

    return run


def case_actions_changed(window: MainWindow) -> None:
    """Enable what can be done now: the list's commands, or the open case's."""
    page = window.case_page
    if window.case_list_page is not None:
        window.case_list_page.find_action.setEnabled(page is None)
    window.open_case_action.setEnabled(page is None)
    window.back_to_list_action.setEnabled(page is not None)
    window.next_stage_action.setEnabled(page is not None and page.can_go_forward())
    window.previous_stage_action.setEnabled(page is not None and page.can_go_back())
    window.break_action.setEnabled(page is not None and page.can_break())
    on_break = page is not None and page.on_break()
    window.break_action.setText(END_BREAK if on_break else START_BREAK)


def show_shortcuts(window: MainWindow) -> None:
    """List every keyboard shortcut (Help → Keyboard shortcuts)."""
    from sendmed_desktop.ui.dialogs.shortcuts_dialog import ShortcutsDialog

    ShortcutsDialog.show_for(window, shortcut_rows(window))


def lend_meeting_actions(window: MainWindow, actions: Iterable[QAction]) -> None:
    """Show an open case's own actions (the notes panel's) at the top of the Meeting menu."""
    menu = window.meeting_menu
    first = menu.actions()[0] if menu.actions() else None
    lent = list(actions)
    for action in lent:
        menu.insertAction(first, action)
    menu.insertSeparator(first)


def take_back_meeting_actions(window: MainWindow) -> None:
    """Leave only the window's own actions in the Meeting menu."""
    for action in window.meeting_menu.actions():
        if action is not window.break_action:
            window.meeting_menu.removeAction(action)


def shortcut_rows(window: MainWindow) -> list[tuple[str, str, str]]:
    """Return (menu, command, keys) for every menu command that has a shortcut."""
    rows = []
    for menu in window.menus:
        for action in menu.actions():
            keys = action.shortcut()
            if keys.isEmpty():
                continue
            rows.append(
                (
                    _plain(menu.title()),
                    _plain(action.text()),
                    keys.toString(QKeySequence.SequenceFormat.NativeText),
                )
            )
    return rows


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def _preferences_keys() -> list[QKeySequence]:
    """Return the platform's Preferences shortcut, or Ctrl+, where it has none (Linux)."""
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
    return keys or [QKeySequence("Ctrl+,")]
