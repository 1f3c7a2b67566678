"""Locking: Ctrl+L and the idle timer hide every case and drop the key; nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.cases import CaseSummary
from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.services.errors import WorkspaceError
from sendmed_desktop.services.notes import NotesService
from sendmed_desktop.services.workspace import Workspace, open_workspace
from sendmed_desktop.settings import IDLE_LOCK_MINUTES
from sendmed_desktop.storage.errors import DatabaseError
from sendmed_desktop.ui import locking
from sendmed_desktop.ui.main_window import MainWindow
from tests.conftest import TEST_PASSPHRASE
from tests.ui.conftest import SEED, activate, open_from_list, wait_for_tasks

pytestmark = pytest.mark.gui

NOTE = "Dad wants the speech therapy back before Easter."


def _visible_text() -> str:
    """Return every piece of text a visible widget shows, item views included."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    texts: list[str] = []
    for widget in QApplication.allWidgets():
        if not widget.isVisible():
            continue
        texts += [widget.windowTitle(), widget.toolTip(), widget.accessibleName()]
        if isinstance(widget, (QLabel, QLineEdit, QAbstractButton)):
            texts.append(widget.text())
        elif isinstance(widget, QTextEdit):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    texts.append(str(model.index(row, column).data() or ""))
    return "\n".join(texts)


def _press_lock(window: MainWindow, qtbot: QtBot) -> None:
    activate(window, qtbot)
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)


def _unlock(window: MainWindow, qtbot: QtBot) -> None:
    wait_for_tasks(window)
    page = window.unlock_page
    assert page is not None
    qtbot.keyClicks(page.current_field(), TEST_PASSPHRASE)
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(window)


@pytest.fixture
def window(
    make_window: Callable[..., MainWindow], workspace: Workspace, seeded: list[CaseSummary]
) -> MainWindow:
    shown = make_window(workspace=workspace)
    wait_for_tasks(shown)
    return shown


def test_ctrl_l_hides_every_case_and_drops_the_key(
    window: MainWindow, qtbot: QtBot, workspace: Workspace
) -> None:
    assert window.lock_action.isEnabled()
    assert SEED[0].subject_name in _visible_text()

    _press_lock(window, qtbot)

    assert window.workspace is None
    assert window.unlock_page is not None
    assert window.stack.currentWidget() is window.unlock_page
    assert window.case_list_page is None
    assert window.due_soon_dock is None
    shown = _visible_text()
    for case in SEED:
        assert case.subject_name not in shown
        assert case.reference not in shown
        assert case.party_name not in shown
    for action in (window.lock_action, window.new_case_action, window.open_case_action):
        assert not action.isEnabled()
    assert window.count_label.text() == "Locked"
    # The window's workspace was closed: no pooled connection and no key left.
    assert workspace.engine.pool.checkedout() == 0
    with pytest.raises(WorkspaceError):
        workspace.derive_key("signing")
    # Nor can anything still holding the old workspace read through its engine.
    with pytest.raises(DatabaseError, match="locked"):
        workspace.engine.connect()

    _unlock(window, qtbot)
    assert window.workspace is not None
    assert window.case_list_page is not None
    assert window.stack.currentWidget() is window.case_list_page
    assert window.case_list_page.model.rowCount() == len(SEED)
    assert window.lock_action.isEnabled()
    # The view menu holds one find action and one due-soon toggle, not one per unlock.
    texts = [action.text() for action in window.view_menu.actions()]
    assert len(texts) == len(set(texts))


def test_a_note_being_typed_is_saved_and_the_case_reopens(
    make_window: Callable[..., MainWindow], qtbot: QtBot, demo: Workspace
) -> None:
    window = make_window(workspace=demo)
    wait_for_tasks(window)
    page = open_from_list(window, qtbot, "DEMO-0003")
    case_id, stage = page.case_id, page.view.stage
    note = page.notes.new_note()
    assert note is not None
    editor = page.notes.editor.text_edit
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClicks(editor, NOTE)
    assert page.notes.editor.autosaver.pending  # not stored yet when the lock comes

    qtbot.keyClick(editor, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace is None
    assert window.case_page is None
    assert "DEMO-0003" not in _visible_text()

    reopened = open_workspace(demo.paths, passphrase=TEST_PASSPHRASE)
    try:
        stored = NotesService(reopened).note(note.id)
        assert stored is not None
        assert stored.text == NOTE
    finally:
        reopened.close()

    _unlock(window, qtbot)
    assert window.case_page is not None
    assert window.case_page.case_id == case_id
    assert window.case_page.view.stage is stage
    assert window.stack.currentWidget() is window.case_page


def test_a_failed_save_keeps_the_case_open_and_unlocked(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_from_list(window, qtbot, SEED[0].reference)
    monkeypatch.setattr(page, "flush", lambda: False)
    assert not window.lock()
    assert window.workspace is not None
    assert window.case_page is page
    assert "could not be saved" in window.statusBar().currentMessage()


def test_idle_time_locks_and_input_resets_the_clock(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.workspace is not None
    window.workspace.settings.set(IDLE_LOCK_MINUTES, 1)
    idle = window.idle_lock
    assert idle.active
    now = [1_000_000.0]
    monkeypatch.setattr(locking.time, "time", lambda: now[0])
    idle.touch()

    now[0] += 59
    assert not idle.check()
    # Any key or mouse movement counts as the user being there.
    qtbot.mouseMove(window, QPoint(10, 10))
    qtbot.keyClick(window, Qt.Key.Key_Shift)
    assert idle.idle_seconds() == 0
    now[0] += 59
    assert not idle.check()
    assert window.workspace is not None

    now[0] += 1
    assert idle.check()
    assert window.workspace is None
    assert window.unlock_page is not None
    assert not idle.active
    assert not idle.check()  # locked: nothing more to do until unlocked


def test_zero_idle_minutes_never_locks(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    assert window.workspace is not None
    window.workspace.settings.set(IDLE_LOCK_MINUTES, 0)
    now = [1_000_000.0]
    monkeypatch.setattr(locking.time, "time", lambda: now[0])
    window.idle_lock.touch()
    now[0] += 24 * 3600
    assert not window.idle_lock.check()
    assert window.workspace is not None


def test_suspending_the_application_locks(window: MainWindow) -> None:
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
    assert window.workspace is None
    assert isinstance(window.stack.currentWidget(), QWidget)
    assert window.unlock_page is not None


@pytest.mark.gui
def test_after_a_lock_the_keyring_does_not_unlock_by_itself(
    qtbot: QtBot, workspace_paths: WorkspacePaths
) -> None:
    from sendmed_desktop.services.workspace import create_workspace
    from tests.conftest import FAST_KDF

    workspace, _ = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=True, kdf=FAST_KDF
    )
    workspace.close()
    window = MainWindow(workspace_paths, kdf=FAST_KDF)
    qtbot.addWidget(window)
    wait_for_tasks(window)
    assert window.workspace is not None  # the keyring opened it at start, as before
    assert window.lock()
    wait_for_tasks(window)
    assert window.workspace is None  # still locked: nothing opened it by itself
    page = window.unlock_page
    assert page is not None
    assert page.keyring_button.isVisibleTo(page)
    page.keyring_button.click()
    wait_for_tasks(window)
    assert window.workspace is not None


def test_a_locked_demo_says_its_passphrase_and_opens_with_it(
    make_window: Callable[..., MainWindow], workspace_paths: WorkspacePaths, qtbot: QtBot
) -> None:
    from sendmed_desktop.security.keys import KdfParameters
    from sendmed_desktop.services.demo import DEMO_PASSPHRASE
    from sendmed_desktop.services.workspace import create_workspace

    demo, _recovery = create_workspace(
        workspace_paths,
        DEMO_PASSPHRASE,
        remember_in_keyring=False,
        kdf=KdfParameters.fast_for_tests(),
    )
    window = make_window(workspace=demo, demo=True)
    wait_for_tasks(window)
    assert window.lock()
    wait_for_tasks(window)
    page = window.unlock_page
    assert page is not None
    assert DEMO_PASSPHRASE in page.status_label.text()
    qtbot.keyClicks(page.current_field(), DEMO_PASSPHRASE)
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(window)
    assert window.workspace is not None
