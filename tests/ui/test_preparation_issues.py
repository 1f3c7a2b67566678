"""The Decision tab's saving as you type, and the agenda of issues with the s.55 line."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.vocabulary import Ground, IssueArea, PlanContentPart, PlanSection
from sendmed_desktop.services.intake import DecisionEntry, IntakeService, IssueEntry
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.issue_dialog import IssueDialog
from sendmed_desktop.ui.tasks import TaskGateway
from sendmed_desktop.ui.widgets.decision_tab import NOT_SAVED
from sendmed_desktop.ui.widgets.issues_editor import (
    CERTIFICATE_NEEDED,
    CERTIFICATE_NOT_NEEDED,
    IssuesEditor,
)
from sendmed_desktop.ui.widgets.preparation_tabs import PreparationTabs
from tests.ui.test_preparation_tabs import answer, column, make_tabs, new_case

pytestmark = pytest.mark.gui

HEADING, SECTIONS = 1, 3
THERAPY = IssueEntry(
    heading="Speech and language therapy", sections=frozenset({PlanSection.B, PlanSection.F})
)
SCHOOL = IssueEntry(heading="School named", sections=frozenset({PlanSection.I}))


@pytest.fixture
def case_id(workspace: Workspace) -> int:
    return new_case(workspace)


@pytest.fixture
def tabs(qtbot: QtBot, workspace: Workspace, case_id: int) -> PreparationTabs:
    return make_tabs(qtbot, workspace, case_id)


def _choose(combo: object, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))  # type: ignore[attr-defined]


def test_the_decision_saves_as_it_is_entered(
    tabs: PreparationTabs, qtbot: QtBot, workspace: Workspace, case_id: int
) -> None:
    decision = tabs.decision_tab
    tabs.show_page(decision)
    assert not decision.part_combo.isEnabled()
    _choose(decision.ground_combo, Ground.PLAN_CONTENT.value)
    assert decision.part_combo.isEnabled()
    _choose(decision.ground_combo, Ground.REFUSE_ASSESSMENT.value)
    assert not decision.part_combo.isEnabled()
    _choose(decision.ground_combo, Ground.PLAN_CONTENT.value)
    _choose(decision.part_combo, PlanContentPart.SCHOOL_NAMED_I.value)
    sent = date.today() - timedelta(days=3)
    decision.sent_field.set_value(sent)
    assert decision.pending()
    with qtbot.waitSignal(tabs.changed, timeout=2000):
        pass
    assert decision.status_label.text().startswith("✓ Saved at ")
    assert IntakeService(workspace).decision(case_id) == DecisionEntry(
        ground=Ground.PLAN_CONTENT,
        plan_content_part=PlanContentPart.SCHOOL_NAMED_I,
        sent_on=sent,
    )
    # The shell can ask for anything pending to be saved at once.
    decision.summary_edit.setPlainText("Refused to name the family's preferred school.")
    assert decision.pending()
    assert tabs.flush()
    assert not decision.pending()
    # A date that is not one is shown in place and nothing is saved.
    decision.notice_field.edit.setText("32/01/2026")
    assert decision.save_now() is False
    assert decision.status_label.text() == NOT_SAVED
    assert decision.problems.problems()[0].startswith("“32/01/2026” is not a date")
    assert IntakeService(workspace).decision(case_id).notice_date is None  # type: ignore[union-attr]
    # Leaving the tab saves what is pending.
    decision.notice_field.edit.setText((sent - timedelta(days=1)).strftime("%d/%m/%Y"))
    assert decision.pending()
    tabs.setCurrentIndex(0)
    assert not decision.pending()
    assert IntakeService(workspace).decision(case_id).notice_date == sent - timedelta(days=1)  # type: ignore[union-attr]


def test_issues_are_added_and_reordered_with_alt_arrows(
    tabs: PreparationTabs, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, workspace: Workspace
) -> None:
    editor = tabs.issues_editor
    tabs.show_page(editor)
    assert editor.empty_label.isVisibleTo(editor)
    answer(monkeypatch, IssueDialog, THERAPY, SCHOOL)
    assert editor.add_issue()
    assert editor.add_issue()
    assert column(editor.table, HEADING) == ["Speech and language therapy", "School named"]
    assert column(editor.table, SECTIONS) == ["B, F", "I"]
    assert editor.certificate_label.text() == CERTIFICATE_NEEDED

    qtbot.waitExposed(tabs)
    tabs.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tabs)
    editor.table.selectRow(0)
    editor.table.setFocus()
    with qtbot.waitSignal(editor.changed, timeout=1000):
        qtbot.keyClick(editor.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert column(editor.table, HEADING) == ["School named", "Speech and language therapy"]
    assert editor.selected_issue().heading == "Speech and language therapy"  # type: ignore[union-attr]
    assert not editor.down_button.isEnabled()
    qtbot.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert column(editor.table, HEADING) == ["Speech and language therapy", "School named"]
    assert [i.heading for i in IntakeService(workspace).issues(tabs.case_id)] == [
        "Speech and language therapy",
        "School named",
    ]


def test_the_certificate_line_follows_the_sections(
    tabs: PreparationTabs, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tabs.issues_editor
    answer(monkeypatch, IssueDialog, THERAPY, SCHOOL)
    editor.add_issue()
    editor.add_issue()
    assert editor.certificate_label.text() == CERTIFICATE_NEEDED
    editor.table.selectRow(0)
    fake = answer(monkeypatch, IssueDialog, replace(THERAPY, sections=frozenset({PlanSection.I})))
    assert editor.edit_issue()
    assert fake.calls[0][0] == THERAPY
    assert "Certificate needed to appeal: no." in editor.certificate_label.text()
    assert editor.certificate_label.text() == CERTIFICATE_NOT_NEEDED


def test_removing_an_issue_asks_first(
    qtbot: QtBot, workspace: Workspace, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sendmed_desktop.ui.widgets import issues_editor

    IntakeService(workspace).add_issue(case_id, SCHOOL)
    gateway = TaskGateway()
    editor = IssuesEditor(workspace, case_id, gateway)
    qtbot.addWidget(editor)
    editor.table.selectRow(0)
    questions: list[str] = []
    monkeypatch.setattr(
        issues_editor, "confirm", lambda _parent, _title, text, _action: questions.append(text)
    )
    assert not editor.remove_issue()
    assert questions == ["Remove issue 1, “School named”, from the agenda?"]
    assert len(editor.issues()) == 1
    monkeypatch.setattr(issues_editor, "confirm", lambda *_args: True)
    assert editor.remove_issue()
    assert editor.issues() == []


def test_the_issue_dialog_needs_a_heading_and_health_for_health(qtbot: QtBot) -> None:
    dialog = IssueDialog(adding=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.health_edit.isEnabled()
    assert dialog.section_checks[PlanSection.F].text() == (
        "F Special educational provision — appealable"
    )
    assert "appealable" not in dialog.section_checks[PlanSection.G].text()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.problems.problems() == ["Enter a heading for the issue."]
    qtbot.keyClicks(dialog.heading_edit, "Physiotherapy")
    _choose(dialog.area_combo, IssueArea.HEALTH.value)
    assert dialog.health_edit.isEnabled()
    dialog.health_edit.setPlainText("Weekly physiotherapy")
    dialog.section_checks[PlanSection.G].setChecked(True)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.issue() == IssueEntry(
        heading="Physiotherapy",
        area=IssueArea.HEALTH,
        sections=frozenset({PlanSection.G}),
        health_provision_sought="Weekly physiotherapy",
    )
