"""The case page: stages, checklist, what blocks and why, breaks, the keyboard."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.cases import CaseSummary
from sendmed_desktop.domain.vocabulary import ChildViewsMethod, Role, Stage
from sendmed_desktop.services.child_views import ChildViewsEntry, ChildViewsService
from sendmed_desktop.services.intake import IntakeService, IssueEntry
from sendmed_desktop.services.meeting_stages import MeetingStagesService
from sendmed_desktop.services.notes import NotesService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from sendmed_desktop.ui.main_window import MainWindow
from sendmed_desktop.ui.pages.case_page import CasePage
from sendmed_desktop.ui.pages.close_stage_page import CloseStagePage
from sendmed_desktop.ui.widgets.stage_checklist import ACKNOWLEDGED, FROM_RECORD
from tests.ui.conftest import activate, open_from_list, walk_to
from tests.ui.test_accessibility import unlabelled

pytestmark = pytest.mark.gui

R14 = (
    "A parent is a party, so record the child's views, or why it was not reasonably "
    "practicable to obtain them, before moving to Close (R14, CFA s.56(1)(e))."
)
AUTHORITY = "authority_not_confirmed"
_MNEMONIC = re.compile(r"&([^&\s])")
WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


@pytest.fixture
def window(make_window: Callable[..., MainWindow], demo: Workspace) -> MainWindow:
    """Return a shown main window on the demo workspace, at a laptop's size."""
    made = make_window(workspace=demo)
    made.resize(1366, 768)
    return made


def _click(qtbot: QtBot, widget: QWidget) -> None:
    """Click ``widget`` once it is on screen (widgets added to a layout show a moment later)."""
    qtbot.waitUntil(widget.isVisible)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _case_id(workspace: Workspace, reference: str) -> int:
    from sendmed_desktop.services.cases import CaseService

    return CaseService(workspace).page(reference)[0].id


def test_enter_on_a_row_opens_the_case_at_its_stage(window: MainWindow, qtbot: QtBot) -> None:
    page = open_from_list(window, qtbot, "DEMO-0002")
    assert window.stack.currentWidget() is page
    assert page.navigator.progress_label.text() == "Stage 1 of 10"
    rows = page.navigator.row_texts()
    assert len(rows) == 10
    assert rows[0] == "► 1 Preparation (current)"
    assert rows[1].strip() == "2 Opening"
    assert page.header.title_label.text() == "DEMO-0002 · Amelia Hughes"
    facts = page.header.facts_label.text()
    assert "Family: Daniel Hughes" in facts
    assert "Local authority: Northshire County Council" in facts
    assert "Status: Scheduled" in facts
    assert page.stage_area.title.text() == "Stage 1 of 10: Preparation"
    assert window.back_to_list_action.isEnabled()
    assert not window.open_case_action.isEnabled()
    # The due-soon panel gives its room to the meeting, and comes back with the list.
    assert window.due_soon_dock is not None
    assert not window.due_soon_dock.isVisible()


def test_open_case_button_and_ctrl_o(window: MainWindow, qtbot: QtBot, demo: Workspace) -> None:
    listing = window.case_list_page
    assert listing is not None
    assert listing.select_case(_case_id(demo, "DEMO-0003"))
    assert listing.detail.open_button.text() == "&Open case"
    qtbot.mouseClick(listing.detail.open_button, Qt.MouseButton.LeftButton)
    assert window.case_page is not None
    assert window.case_page.view.stage is Stage.EXPLORATION
    assert window.close_case()
    activate(window, qtbot)
    qtbot.keyClick(listing.table, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.case_page is not None


def test_ticking_the_checklist(window: MainWindow, qtbot: QtBot, demo: Workspace) -> None:
    page = open_from_list(window, qtbot, "DEMO-0002")
    checklist = page.checklist
    ticked, editable, text = checklist.item_state("ma_call_and_decision")
    assert ticked
    assert not editable
    assert text.endswith(FROM_RECORD)
    assert checklist.item_state("attendees_confirmed")[:2] == (False, True)
    before = checklist.left_label.text()
    # From the keyboard: Space on the chosen item.
    activate(window, qtbot)
    checklist.items.setFocus()
    checklist.items.setCurrentRow(checklist._keys.index("attendees_confirmed"))
    qtbot.keyClick(checklist.items, Qt.Key.Key_Space)
    assert checklist.item_state("attendees_confirmed")[0]
    checklist.set_ticked("adjustments_and_expenses", True)
    service = MeetingStagesService(demo)
    stored = service.state(page.case_id).ticked
    assert {"attendees_confirmed", "adjustments_and_expenses"} <= stored
    assert checklist.left_label.text() != before
    checklist.set_ticked("adjustments_and_expenses", False)
    assert "adjustments_and_expenses" not in service.state(page.case_id).ticked


def test_next_stage_is_refused_inline_without_the_childs_views(
    make_window: Callable[..., MainWindow],
    workspace: Workspace,
    seeded: list[CaseSummary],
    qtbot: QtBot,
) -> None:
    case_id = seeded[0].id  # Amira Hussain: her mother is the party
    IntakeService(workspace).add_issue(case_id, IssueEntry("Speech and language therapy"))
    walk_to(workspace, case_id, Stage.AGREEMENT)
    window = make_window(workspace=workspace)
    page = open_from_list(window, qtbot, seeded[0].reference)
    assert page.view.stage is Stage.AGREEMENT
    assert any(R14 in line for line in page.checklist.findings_text())

    activate(window, qtbot)
    page.navigator.list.setFocus()
    qtbot.keyClick(page.navigator.list, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert page.view.stage is Stage.AGREEMENT
    refusal = page.checklist.refusal()
    assert refusal.startswith("Cannot move on to Close yet:")
    assert f"⛔ {R14}" in refusal
    assert page.checklist.refusal_label.isVisible()
    assert QApplication.activeModalWidget() is None  # inline, not a dialog

    child = next(p for p in IntakeService(workspace).participants(case_id) if p.role is Role.CHILD)
    ChildViewsService(workspace).record(
        case_id,
        ChildViewsEntry(
            child.id,
            ChildViewsMethod.VIA_PARENT,
            sought_on=date.today(),
            sought_by="Helen Marsh",
            consent_given=True,
            views_text="Amira would like more help with reading.",
        ),
    )
    page.refresh_assessment()
    assert not any(R14 in line for line in page.checklist.findings_text())
    # The warning that no agreement is recorded is still to be read.
    assert not page.advance()
    assert "Acknowledge first:" in page.checklist.refusal()
    _click(qtbot, page.checklist.acknowledge_boxes["no_agreement_outcome"])
    assert page.checklist.acknowledge_boxes["no_agreement_outcome"].text() == ACKNOWLEDGED
    assert not page.checklist.refusal()
    assert page.advance()
    assert page.view.stage is Stage.CLOSE
    close = page.current_page()
    assert isinstance(close, CloseStagePage)
    text = close.summary_text()
    assert "the mediation certificate is due by" in text
    assert "appeal to the First-tier Tribunal" in text
    assert "Speech and language therapy" not in text  # no actions: nothing was accepted


def test_acknowledging_the_authority_warning_lets_the_case_leave_opening(
    window: MainWindow, qtbot: QtBot, demo: Workspace
) -> None:
    case_id = _case_id(demo, "DEMO-0002")
    walk_to(demo, case_id, Stage.OPENING)
    page = open_from_list(window, qtbot, "DEMO-0002")
    assert page.view.stage is Stage.OPENING
    assert page.navigator.progress_label.text() == "Stage 2 of 10"
    assert page.navigator.row_texts()[0] == "✓ 1 Preparation (visited)"
    opening = page.current_page()
    opening.record_signed()  # "Agreement to Mediate signed now"
    assert opening.signed_label.text().startswith("✓ The Agreement to Mediate was signed")
    findings = page.checklist.findings_text()
    assert any("Authority to settle is not confirmed" in line for line in findings)

    assert not page.advance()
    assert "Acknowledge first: Authority to settle" in page.checklist.refusal()
    _click(qtbot, page.checklist.acknowledge_boxes[AUTHORITY])
    assert page.advance()
    assert page.view.stage is Stage.OPENING_STATEMENTS
    assert page.header.facts_label.text().endswith("Status: In meeting")


def test_confirming_authority_on_the_opening_page_clears_the_warning(
    window: MainWindow, qtbot: QtBot, demo: Workspace
) -> None:
    case_id = _case_id(demo, "DEMO-0002")
    walk_to(demo, case_id, Stage.OPENING)
    page = open_from_list(window, qtbot, "DEMO-0002")
    opening = page.current_page()
    boxes = list(opening.authority_boxes.values())
    assert len(boxes) == 2  # the LA officer and the ICB officer
    for box in list(opening.authority_boxes.values()):
        box.click()
    qtbot.waitUntil(lambda: AUTHORITY not in {f.key for f in page.view.assessment.warnings})
    assert all(box.isChecked() for box in opening.authority_boxes.values())


def test_revisiting_and_jumping(window: MainWindow, qtbot: QtBot) -> None:
    page = open_from_list(window, qtbot, "DEMO-0003")
    assert page.view.stage is Stage.EXPLORATION
    navigator = page.navigator
    qtbot.mouseClick(
        navigator.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=navigator.list.visualItemRect(navigator.list.item(4)).center(),
    )
    assert page.view.stage is Stage.AGENDA
    assert navigator.row_texts()[4] == "► 5 Agenda of issues (current)"
    assert navigator.row_texts()[5] == "✓ 6 Exploration and private sessions (visited)"
    activate(window, qtbot)
    qtbot.keyClick(navigator.list, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert page.view.stage is Stage.CHILDS_VIEWS
    # Forward past Agreement, whose warning nobody has read: refused, and said why.
    assert not page.go_to(Stage.CLOSE)
    assert page.view.stage is Stage.CHILDS_VIEWS
    assert page.checklist.refusal().startswith("Cannot go to Close yet.")
    assert navigator.row_texts()[3].startswith("►")
    # Forward to a stage already reached is fine.
    assert page.go_to(Stage.EXPLORATION)
    assert not page.checklist.refusal()


def test_a_break_shows_in_the_meeting_time(
    window: MainWindow, qtbot: QtBot, demo: Workspace
) -> None:
    import sqlalchemy as sa

    from sendmed_desktop.storage.models import Case, Meeting

    with demo.transaction() as session:  # the demo's meeting is under way: start afresh
        case_id = session.execute(
            sa.select(Case.id).where(Case.reference == "DEMO-0003")
        ).scalar_one()
        session.execute(
            sa.update(Meeting).where(Meeting.case_id == case_id).values(started_at=None)
        )
    page = open_from_list(window, qtbot, "DEMO-0003")
    assert page.clock.text() == "Meeting time: not started"
    assert not window.break_action.isEnabled()
    assert page.advance()  # into Options: the meeting starts
    assert page.clock.text() == "Meeting time 0 min"
    assert window.break_action.isEnabled()
    activate(window, qtbot)
    qtbot.keyClick(page.navigator.list, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert page.view.on_break
    assert page.clock.text() == "Meeting time 0 min (on a break)"
    assert page.clock.break_button.text() == "End break"
    assert window.break_action.text() == "End &break"
    qtbot.mouseClick(page.clock.break_button, Qt.MouseButton.LeftButton)
    assert not page.view.on_break
    assert page.clock.text() == "Meeting time 0 min"
    assert window.break_action.text() == "Start &break"


def test_alt_left_saves_the_note_and_goes_back(
    window: MainWindow, qtbot: QtBot, demo: Workspace
) -> None:
    page = open_from_list(window, qtbot, "DEMO-0003")
    case_id = page.case_id
    activate(window, qtbot)
    qtbot.keyClick(
        page.navigator.list,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    editor = page.notes.editor.text_edit
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClicks(editor, "Rachel will ask about college funding.")
    # Esc while typing stays put: it is not "go back" in a text box.
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert window.case_page is page
    qtbot.keyClick(editor, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.case_page is None
    listing = window.case_list_page
    assert listing is not None
    assert window.stack.currentWidget() is listing
    assert listing.selected_case_id() == case_id
    assert listing.table.hasFocus()
    assert window.due_soon_dock is not None
    assert window.due_soon_dock.isVisible()
    texts = [note.text for note in NotesService(demo).notes(case_id)]
    assert "Rachel will ask about college funding." in texts


def test_esc_goes_back_from_the_stages(window: MainWindow, qtbot: QtBot) -> None:
    page = open_from_list(window, qtbot, "DEMO-0002")
    activate(window, qtbot)
    page.navigator.list.setFocus()
    qtbot.keyClick(page.navigator.list, Qt.Key.Key_Escape)
    assert window.case_page is None


def _shortcuts(window: MainWindow) -> dict[str, list[QAction]]:
    found: dict[str, list[QAction]] = defaultdict(list)
    for action in window.findChildren(QAction):
        for keys in action.shortcuts():
            found[keys.toString(QKeySequence.SequenceFormat.PortableText)].append(action)
    return found


def test_shortcuts_are_there_once_each_and_listed(window: MainWindow, qtbot: QtBot) -> None:
    page = open_from_list(window, qtbot, "DEMO-0003")
    found = _shortcuts(window)
    for keys in (
        "Ctrl+O",
        "Alt+Left",
        "Ctrl+PgDown",
        "Ctrl+PgUp",
        "Ctrl+B",
        "Ctrl+Shift+N",
        "Ctrl+]",
        "Ctrl+[",
        "Ctrl+/",
    ):
        assert keys in found, keys
    clashes = {
        keys: [a.text() for a in actions]
        for keys, actions in found.items()
        if len(actions) > 1
        # Keys scoped to one widget each (Delete in two lists) do not meet.
        and any(a.shortcutContext() in WINDOW_WIDE for a in actions)
    }
    assert clashes == {}
    # The notes panel's shortcuts are in the Meeting menu, and work from anywhere here.
    meeting = [a.text() for a in window.meeting_menu.actions() if not a.isSeparator()]
    assert meeting[:3] == [a.text() for a in page.meeting_actions()]

    window.shortcuts_action.trigger()
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ShortcutsDialog)
    listed = {keys for _where, _command, keys in dialog.rows()}
    native = QKeySequence.SequenceFormat.NativeText
    for keys in ("Ctrl+O", "Alt+Left", "Ctrl+PgDown", "Ctrl+B", "Ctrl+Shift+N", "Ctrl+]"):
        assert QKeySequence(keys).toString(native) in listed
    assert "Esc (when you are not typing)" in listed
    dialog.close()


def test_every_stage_page_is_labelled_and_tab_goes_down_the_page(
    window: MainWindow, qtbot: QtBot, demo: Workspace
) -> None:
    page = open_from_list(window, qtbot, "DEMO-0003")
    menu_keys = tuple(menu.title() for menu in window.menus)
    for stage in (Stage.AGENDA, Stage.CHILDS_VIEWS, Stage.OPENING, Stage.PREPARATION):
        assert page.go_to(stage)
        assert unlabelled(page) == [], stage
        assert clashing_keys(page, menu_keys) == [], stage
    for stage in (Stage.OPTIONS, Stage.AGREEMENT, Stage.CLOSE, Stage.AFTER_MEETING):
        walk_to(demo, page.case_id, stage)
        page.refresh()
        assert page.view.stage is stage
        assert unlabelled(page) == [], stage
        assert clashing_keys(page, menu_keys) == [], stage
    assert page.go_to(Stage.EXPLORATION)

    activate(window, qtbot)
    page.header.back_button.setFocus()
    visited = [page.header.back_button]
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is page.header.back_button:
            break
        visited.append(widget)
    order = [page._sections.index(_section(page, w)) for w in visited]
    assert order == sorted(order), "Tab went back up the page"
    assert page.navigator.list in visited
    assert page.next_button in visited
    assert visited[-1] is page.next_button


def clashing_keys(root: QWidget, menus: tuple[str, ...]) -> list[str]:
    """Return access keys used twice among what is shown under ``root`` and the menu bar."""
    texts = [
        widget.title() if isinstance(widget, QGroupBox) else widget.text()
        for widget in root.findChildren(QWidget)
        if isinstance(widget, QLabel | QAbstractButton | QGroupBox) and widget.isVisibleTo(root)
    ]
    for tabs in root.findChildren(QTabWidget):
        if tabs.isVisibleTo(root):
            texts += [tabs.tabText(index) for index in range(tabs.count())]
    found = (m.group(1).lower() for text in (*texts, *menus) for m in _MNEMONIC.finditer(text))
    keys = Counter(found)
    return sorted(key for key, count in keys.items() if count > 1)


def _section(page: CasePage, widget: object) -> object:
    return next(s for s in page._sections if s is widget or s.isAncestorOf(widget))


def test_verify_and_the_register_are_in_the_menus(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sendmed_desktop.ui.dialogs.certificate_register_dialog as register
    import sendmed_desktop.ui.dialogs.verify_dialog as verify

    opened: list[str] = []
    monkeypatch.setattr(verify, "verify_document", lambda *_: opened.append("verify"))
    monkeypatch.setattr(register, "open_register", lambda *_: opened.append("register"))
    assert window.verify_action.isEnabled()
    assert window.register_action.isEnabled()
    window.verify_action.trigger()
    window.register_action.trigger()
    assert opened == ["verify", "register"]
