"""The agreement editor: SMART checks as the action is typed, saving, versions."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.timescales import ActionOutcome
from sendmed_desktop.domain.vocabulary import (
    AgreementStatus,
    IssueOutcome,
    ProposalStatus,
    Role,
    Stage,
    StatutoryBasis,
)
from sendmed_desktop.services.agreements import AgreementService
from sendmed_desktop.services.intake import IntakeService
from sendmed_desktop.services.proposals import ProposalService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.main_window import MainWindow
from sendmed_desktop.ui.pages.agreement_stage_page import AgreementStagePage
from sendmed_desktop.ui.widgets.action_form import ActionForm
from sendmed_desktop.ui.widgets.agreement_editor import AgreementEditor
from sendmed_desktop.ui.widgets.smart_findings import SMART_OK
from tests.ui.conftest import open_from_list, walk_to, when_modal
from tests.ui.test_accessibility import clashing_access_keys, unlabelled
from tests.ui.test_notes_panel import case_id

pytestmark = pytest.mark.gui

PROPOSAL = "Fund twelve sessions of occupational therapy this term, delivered at school."
VAGUE = "We will consider providing therapy"


def accept_a_proposal(workspace: Workspace, reference: str = "DEMO-0002") -> int:
    """Accept the LA's proposal on the case's second issue; return the case id."""
    found = case_id(workspace, reference)
    people = {p.role: p for p in IntakeService(workspace).participants(found)}
    proposals = ProposalService(workspace)
    issue = proposals.agenda(found)[1]
    added = proposals.add_proposal(found, issue.id, people[Role.LA_OFFICER].id, PROPOSAL)
    proposals.set_status(added.id, ProposalStatus.ACCEPTED)
    return found


@pytest.fixture
def make_editor(qtbot: QtBot, demo: Workspace) -> Callable[[str], AgreementEditor]:
    def make(reference: str = "DEMO-0002") -> AgreementEditor:
        editor = AgreementEditor(demo, case_id(demo, reference))
        qtbot.addWidget(editor)
        editor.resize(1150, 900)
        editor.show()
        return editor

    return make


def retype(qtbot: QtBot, widget: object, text: str) -> None:
    """Empty a field and type ``text`` into it, as the mediator would."""
    widget.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(widget, text)


def make_smart(qtbot: QtBot, form: ActionForm) -> None:
    """Fill the chosen action in so that it is SMART."""
    retype(qtbot, form.owner_name, "Priya Natarajan")
    retype(qtbot, form.owner_role, "SEN officer")
    retype(qtbot, form.owner_organisation, "Northshire County Council")
    retype(qtbot, form.action, "Send the amended plan to Daniel Hughes")
    retype(qtbot, form.measure, "Daniel receives the amended plan")


def test_the_accepted_proposal_is_an_action_checked_as_it_is_typed(
    make_editor: Callable[[str], AgreementEditor], demo: Workspace, qtbot: QtBot
) -> None:
    found = accept_a_proposal(demo)
    editor = make_editor("DEMO-0002")
    assert editor.table.rowCount() == 1
    assert editor.table.item(0, 1).text() == PROPOSAL
    assert editor.table.item(0, 3).text().startswith("⚠ ")
    form = editor.form
    assert form.action.toPlainText() == PROPOSAL
    assert form.issue.currentText() == "Issue 2: Occupational therapy in Section F"

    retype(qtbot, form.action, VAGUE)
    # Flagged as typed, before anything is saved.
    assert editor._action_saver.pending
    assert any("“consider”" in m for m in form.findings.messages())
    assert "action.vague.consider" in form.findings.boxes  # may be acknowledged
    assert any("Must be fixed" in m for m in form.findings.messages())  # no owner yet

    retype(qtbot, editor.date.edit, "today")
    make_smart(qtbot, form)
    assert form.findings.messages() == []
    assert form.findings.summary.text() == SMART_OK
    assert editor.flush()
    (stored,) = AgreementService(demo).editable(found).actions
    assert stored.owner_name == "Priya Natarajan"
    assert stored.action == "Send the amended plan to Daniel Hughes"
    assert stored.unresolved == ()
    assert editor.table.item(0, 3).text() == "✓ SMART"
    assert unlabelled(editor) == []
    assert clashing_access_keys(editor) == []


def test_the_statutory_date_follows_the_agreement_date_and_basis(
    make_editor: Callable[[str], AgreementEditor], demo: Workspace, qtbot: QtBot
) -> None:
    accept_a_proposal(demo)
    editor = make_editor("DEMO-0002")
    form = editor.form
    retype(qtbot, editor.date.edit, "14/01/2026")
    assert editor.date.echo.text() == "Wed 14 Jan 2026"
    form.basis.setCurrentIndex(form.basis.findData(StatutoryBasis.APPEALABLE))
    assert form.outcome.isVisible()
    assert any("Choose what the agreement asks" in m for m in form.findings.messages())
    form.outcome.setCurrentIndex(form.outcome.findData(ActionOutcome.MAKE_PLAN))
    assert form.statutory.text() == (
        "Statutory date: Wed 18 Feb 2026 (draft EHC plan), limit Wed 1 Apr 2026"
    )
    assert "draft EHC plan" in form.explanation.text()
    assert editor.flush()
    (stored,) = AgreementService(demo).editable(case_id(demo, "DEMO-0002")).actions
    assert stored.reg44_outcome is ActionOutcome.MAKE_PLAN
    assert stored.due_on_is_statutory

    form.basis.setCurrentIndex(form.basis.findData(StatutoryBasis.ALTERNATIVE_AGREED))
    assert form.note.isVisible()
    assert any("reg 42(5)" in m for m in form.findings.messages())


def test_issue_outcomes_save_and_actions_are_added_moved_and_removed(
    make_editor: Callable[[str], AgreementEditor], demo: Workspace, qtbot: QtBot
) -> None:
    found = accept_a_proposal(demo)
    editor = make_editor("DEMO-0002")
    service = AgreementService(demo)
    first = service.editable(found).issues[0]
    combo = editor.outcome_combos[first.id]
    combo.setCurrentIndex(combo.findData(IssueOutcome.PARTLY_AGREED))
    assert service.editable(found).issues[0].outcome is IssueOutcome.PARTLY_AGREED

    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.table.rowCount() == 2
    assert editor.table.currentRow() == 1
    assert editor.form.owner_name.hasFocus() or not editor.isActiveWindow()
    qtbot.keyClicks(editor.form.action, "Arrange a transport review meeting")
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)  # saves, then moves
    actions = service.editable(found).actions
    assert [a.action for a in actions] == ["Arrange a transport review meeting", PROPOSAL]
    assert editor.table.currentRow() == 0

    when_modal(QMessageBox, lambda box: _click_button(box, "Remove it"))
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert [a.action for a in service.editable(found).actions] == [PROPOSAL]


def _click_button(box: QMessageBox, text: str) -> None:
    (button,) = [b for b in box.buttons() if b.text() == text]
    button.click()


def test_a_finding_can_be_acknowledged(
    make_editor: Callable[[str], AgreementEditor], demo: Workspace, qtbot: QtBot
) -> None:
    found = accept_a_proposal(demo)
    editor = make_editor("DEMO-0002")
    retype(qtbot, editor.date.edit, "today")
    make_smart(qtbot, editor.form)
    retype(qtbot, editor.form.action, "Discuss the transport arrangements with Daniel")
    box = editor.form.findings.boxes["action.vague.discuss"]
    box.click()
    (stored,) = AgreementService(demo).editable(found).actions
    assert stored.acknowledged == {"action.vague.discuss"}
    assert stored.unresolved == ()
    assert editor.table.item(0, 3).text() == "✓ Acknowledged"
    assert editor.form.findings.boxes["action.vague.discuss"].isChecked()


def test_a_signed_version_is_read_only_until_a_new_version_starts(
    make_editor: Callable[[str], AgreementEditor], demo: Workspace
) -> None:
    editor = make_editor("DEMO-0001")
    assert editor.banner.isVisible()
    assert editor.banner.text().startswith("Version 1 — signed on ")
    assert editor.banner.text().endswith(" — read only")
    assert editor.new_version_button.isVisible()
    assert not editor.form.owner_name.isEnabled()
    assert editor.form.owner_name.text() == "Graham Whitfield"
    assert not editor.review_button.isEnabled()
    assert not editor.add_button.isEnabled()
    assert not editor.date.isEnabled()
    assert editor.export_button.isEnabled()
    assert editor.version_combo.currentText().startswith("Version 1 · Signed · 2 signatures")

    when_modal(QMessageBox, lambda box: _click_button(box, "Start version 2"))
    editor.new_version_button.click()
    assert editor.newest is not None
    assert editor.newest.version == 2
    assert editor.newest.status is AgreementStatus.DRAFT
    assert editor.form.owner_name.isEnabled()
    assert not editor.banner.isVisible()
    # The old version can still be read, and only read.
    editor.version_combo.setCurrentIndex(editor.version_combo.findData(1))
    assert editor.banner.text() == "Version 1 — replaced by version 2 — read only"
    assert not editor.form.owner_name.isEnabled()
    assert not editor.new_version_button.isVisible()


def test_the_agreement_stage_page_holds_the_editor(
    make_window: Callable[..., MainWindow], demo: Workspace, qtbot: QtBot
) -> None:
    found = accept_a_proposal(demo)
    walk_to(demo, found, Stage.AGREEMENT)
    window = make_window(workspace=demo)
    window.resize(1366, 768)
    page = open_from_list(window, qtbot, "DEMO-0002")
    shown = page.stage_area.stack.currentWidget()
    assert isinstance(shown, AgreementStagePage)
    assert shown.editor.table.item(0, 1).text() == PROPOSAL
    assert unlabelled(shown) == []
    assert clashing_access_keys(window) == []
