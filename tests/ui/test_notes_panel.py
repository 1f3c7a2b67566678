"""The notes panel: typing saves by itself, shortcuts switch person, deleting can be undone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.vocabulary import Confidentiality, Role, Stage
from sendmed_desktop.services.intake import IntakeService
from sendmed_desktop.services.notes import NotesService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.repositories import CaseRepository
from sendmed_desktop.ui.tasks import GENERIC_ERROR
from sendmed_desktop.ui.widgets import autosave
from sendmed_desktop.ui.widgets.note_editor import NOT_SAVED, SAVING
from sendmed_desktop.ui.widgets.notes_panel import GENERAL, NoteColumn, NotesPanel
from tests.ui.test_accessibility import clashing_access_keys, unlabelled

pytestmark = pytest.mark.gui

SAID = "Mum says the therapy stopped in September."


def case_id(workspace: Workspace, reference: str) -> int:
    with workspace.transaction() as session:
        found = CaseRepository(session).id_for_reference(reference)
    assert found is not None
    return found


def stored_text(workspace: Workspace, note_id: int) -> str:
    """Read a note back through a new service, as a restarted app would."""
    note = NotesService(workspace).note(note_id)
    assert note is not None
    return note.text


@pytest.fixture
def make_panel(qtbot: QtBot, demo: Workspace) -> Callable[..., NotesPanel]:
    def make(reference: str = "DEMO-0003", stage: Stage | None = Stage.EXPLORATION) -> NotesPanel:
        panel = NotesPanel(demo, case_id(demo, reference), stage)
        qtbot.addWidget(panel)
        panel.resize(1200, 700)
        panel.show()
        return panel

    return make


def test_typing_is_saved_after_a_pause_not_on_every_key(
    make_panel: Callable[..., NotesPanel], demo: Workspace, qtbot: QtBot
) -> None:
    panel = make_panel()
    note = panel.new_note()
    assert note is not None
    assert note.stage is Stage.EXPLORATION
    assert note.confidentiality is Confidentiality.PRIVATE
    assert panel.editor.text_edit.hasFocus() or not panel.isActiveWindow()
    with qtbot.waitSignal(panel.changed, timeout=3000):
        qtbot.keyClicks(panel.editor.text_edit, SAID)
        # Nothing is written while the keys are still coming.
        assert panel.editor.status_label.text() == SAVING
        assert stored_text(demo, note.id) == ""
    assert stored_text(demo, note.id) == SAID
    assert panel.editor.status_label.text().startswith("Saved ")
    row = panel.notes_tree.topLevelItem(panel.notes_tree.topLevelItemCount() - 1)
    assert row.text(NoteColumn.TEXT) == SAID


def test_continuous_typing_still_saves_within_the_maximum_wait(
    make_panel: Callable[..., NotesPanel], demo: Workspace, qtbot: QtBot
) -> None:
    panel = make_panel()
    note = panel.new_note()
    assert note is not None
    # One key every 100 ms never leaves a 700 ms pause; the maximum wait saves anyway.
    typed = ""
    waited = 0
    while waited < autosave.MAX_WAIT_MS + 600:
        qtbot.keyClicks(panel.editor.text_edit, "a")
        typed += "a"
        qtbot.wait(100)
        waited += 100
    assert panel.editor.autosaver.pending  # still typing: the latest keys are not in yet
    saved = stored_text(demo, note.id)
    assert saved
    assert typed.startswith(saved)


def test_flush_saves_at_once(
    make_panel: Callable[..., NotesPanel], demo: Workspace, qtbot: QtBot
) -> None:
    panel = make_panel()
    note = panel.new_note()
    assert note is not None
    qtbot.keyClicks(panel.editor.text_edit, SAID)
    assert panel.flush()
    assert stored_text(demo, note.id) == SAID
    assert not panel.editor.autosaver.pending


def test_confidentiality_is_shown_in_words_and_symbol(
    make_panel: Callable[..., NotesPanel], demo: Workspace, qtbot: QtBot
) -> None:
    panel = make_panel()
    note = panel.new_note()
    assert note is not None
    row = panel.notes_tree.currentItem()
    assert row.text(NoteColumn.LEVEL) == "⊘ Private"
    assert "Private note" in panel.editor.heading.text()
    assert not panel.editor.summary_edit.isVisible()

    panel.editor.level_buttons[Confidentiality.PRIVATE_SESSION].click()
    assert panel.notes_tree.currentItem().text(NoteColumn.LEVEL) == "◐ Private session"
    assert panel.editor.heading.text().startswith("◐ Private-session note")
    assert panel.editor.summary_edit.isVisible()
    assert panel.editor.summary_label.text().startswith("What this party")
    qtbot.keyClicks(panel.editor.summary_edit, "Would accept a phased start.")
    assert panel.flush()
    stored = NotesService(demo).note(note.id)
    assert stored is not None
    assert stored.confidentiality is Confidentiality.PRIVATE_SESSION
    assert stored.shareable_summary == "Would accept a phased start."

    panel.editor.level_buttons[Confidentiality.SHAREABLE].click()
    assert panel.notes_tree.currentItem().text(NoteColumn.LEVEL) == "✓ Shareable"
    assert not panel.editor.summary_edit.isVisible()
    assert unlabelled(panel) == []
    assert clashing_access_keys(panel) == []


def test_shortcuts_switch_person_and_save_what_was_typed(
    make_panel: Callable[..., NotesPanel], demo: Workspace, qtbot: QtBot
) -> None:
    panel = make_panel("DEMO-0003")  # Jordan (young person, party), Mo, Rachel
    people = IntakeService(demo).participants(case_id(demo, "DEMO-0003"))
    jordan = next(p for p in people if p.role is Role.YOUNG_PERSON)
    officer = next(p for p in people if p.role is Role.LA_OFFICER)
    assert panel.selected_participant() == jordan.id  # the family's party comes first
    assert panel.new_note_action.shortcut().toString() == "Ctrl+Shift+N"
    assert panel.next_participant_action.shortcut().toString() == "Ctrl+]"
    assert panel.previous_participant_action.shortcut().toString() == "Ctrl+["
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)

    panel.participant_list.setFocus()
    QTest.keyClick(
        panel.participant_list,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    note = panel.editor.note
    assert note is not None
    assert note.participant_id == jordan.id
    qtbot.waitUntil(panel.editor.text_edit.hasFocus)
    qtbot.keyClicks(panel.editor.text_edit, SAID)

    ctrl = Qt.KeyboardModifier.ControlModifier
    QTest.keyClick(panel.editor.text_edit, Qt.Key.Key_BracketRight, ctrl)
    assert panel.selected_participant() == people[1].id
    assert stored_text(demo, note.id) == SAID  # switching saved it at once
    QTest.keyClick(panel.participant_list, Qt.Key.Key_BracketLeft, ctrl)
    assert panel.selected_participant() == jordan.id
    QTest.keyClick(panel.participant_list, Qt.Key.Key_BracketLeft, ctrl)
    assert panel.selected_participant() is None  # wraps round to "General"
    assert GENERAL in panel.participant_list.currentItem().text()
    position = [p.id for p in people].index(officer.id) + 1
    QTest.keyClick(
        panel.participant_list, Qt.Key(Qt.Key.Key_0 + position), Qt.KeyboardModifier.AltModifier
    )
    assert panel.selected_participant() == officer.id
    panel.select_participant(jordan.id)
    assert panel.editor.note is not None
    assert panel.editor.note.id == note.id  # the newest note opens again


def test_leaving_the_editor_saves(
    make_panel: Callable[..., NotesPanel], demo: Workspace, qtbot: QtBot
) -> None:
    panel = make_panel()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    note = panel.new_note()
    assert note is not None
    qtbot.waitUntil(panel.editor.text_edit.hasFocus)
    qtbot.keyClicks(panel.editor.text_edit, SAID)
    panel.notes_tree.setFocus()
    qtbot.waitUntil(lambda: not panel.editor.text_edit.hasFocus())
    assert stored_text(demo, note.id) == SAID


def test_delete_then_undo_brings_the_note_back(
    make_panel: Callable[..., NotesPanel], demo: Workspace, qtbot: QtBot
) -> None:
    panel = make_panel()
    service = NotesService(demo)
    note = panel.new_note()
    assert note is not None
    qtbot.keyClicks(panel.editor.text_edit, SAID)
    count = panel.notes_tree.topLevelItemCount()
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert panel.notes_tree.topLevelItemCount() == count - 1
    assert note.id not in {n.id for n in service.notes(note.case_id)}
    assert panel.undo_strip.isVisible()
    assert "deleted" in panel.undo_label.text()
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert not panel.undo_strip.isVisible()
    assert panel.notes_tree.topLevelItemCount() == count
    assert panel.editor.note is not None
    assert panel.editor.note.id == note.id
    restored = service.note(note.id)
    assert restored is not None
    assert restored.deleted_at is None
    assert restored.text == SAID  # typed just before deleting: flushed first

    # Ctrl+Z in the list undoes too.
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    panel.notes_tree.setFocus()
    QTest.keyClick(panel.notes_tree, Qt.Key.Key_Delete)
    assert note.id not in {n.id for n in service.notes(note.case_id)}
    QTest.keyClick(panel.notes_tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert note.id in {n.id for n in service.notes(note.case_id)}


def test_the_undo_offer_lapses(
    make_panel: Callable[..., NotesPanel], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = make_panel()
    panel._undo_timer.setInterval(50)
    assert panel.new_note() is not None
    panel.delete_note()
    assert panel.undo_strip.isVisible()
    qtbot.waitUntil(lambda: not panel.undo_strip.isVisible(), timeout=2000)
    panel.undo_delete()  # nothing to undo any more: no error, no change
    assert not panel.undo_strip.isVisible()


def test_a_failed_save_keeps_the_text_and_says_so(
    make_panel: Callable[..., NotesPanel],
    demo: Workspace,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    panel = make_panel()
    note = panel.new_note()
    assert note is not None
    chosen = panel.selected_participant()

    def broken(self: NotesService, note_id: int, text: str) -> None:
        # As SQLAlchemy reports it: the statement's values, the note's words, included.
        raise sa.exc.OperationalError(
            "UPDATE view_notes SET text=?", (text, note_id), Exception("disk I/O error")
        )

    monkeypatch.setattr(NotesService, "update_text", broken)
    qtbot.keyClicks(panel.editor.text_edit, SAID)
    assert not panel.flush()

    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert [box.text() for box in boxes if box.isVisible()] == [GENERIC_ERROR]
    assert panel.editor.text_edit.toPlainText() == SAID
    assert panel.editor.status_label.text() == NOT_SAVED
    assert stored_text(demo, note.id) == ""
    # Moving on would drop the text from view: the panel stays on the note instead.
    panel.next_participant()
    assert panel.selected_participant() == chosen
    assert panel.editor.text_edit.toPlainText() == SAID
    # Only one message however often it fails.
    qtbot.keyClicks(panel.editor.text_edit, "!")
    assert not panel.flush()
    assert len([w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]) == 1

    # The log says a save failed, and where, but never what the note says.
    assert "autosave failed: OperationalError" in caplog.text
    assert "therapy stopped" not in caplog.text

    monkeypatch.undo()
    for box in boxes:
        box.close()
    assert panel.flush()
    assert stored_text(demo, note.id) == SAID + "!"
    assert panel.editor.status_label.text().startswith("Saved ")


def test_general_notes_and_the_stage_for_new_notes(
    make_panel: Callable[..., NotesPanel], demo: Workspace
) -> None:
    panel = make_panel(stage=None)
    panel.select_participant(None)
    assert panel.selected_participant() is None
    panel.set_stage(Stage.OPTIONS)
    assert "Options and proposals" in panel.stage_label.text()
    note = panel.new_note()
    assert note is not None
    assert note.participant_id is None
    assert note.stage is Stage.OPTIONS
    panel.refresh()
    assert panel.selected_participant() is None
    assert panel.editor.note is not None
    assert panel.editor.note.id == note.id
