"""The whole meeting through the GUI: a new case, prepared, run stage by stage, reopened.

One long test on a real encrypted workspace, as a mediator would go: dialogs are answered
through their ``ask`` (or typed into, for the new case), everything else is clicked or
typed on the case page. At the end the app is closed, unlocked again from disk, and what
was entered is all there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.vocabulary import (
    ChildViewsMethod,
    IssueArea,
    MeetingFormat,
    PlanSection,
    ProposalStatus,
    Role,
    Stage,
)
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.child_views import ChildViewsService
from sendmed_desktop.services.intake import IntakeService, IssueEntry, MeetingEntry
from sendmed_desktop.services.intake_people import ParticipantEntry
from sendmed_desktop.services.meeting_stages import MeetingStagesService
from sendmed_desktop.services.notes import NotesService
from sendmed_desktop.services.proposals import ProposalService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.issue_dialog import IssueDialog
from sendmed_desktop.ui.dialogs.meeting_dialog import MeetingDialog
from sendmed_desktop.ui.dialogs.new_case_dialog import NewCaseDialog
from sendmed_desktop.ui.dialogs.participant_dialog import ParticipantDialog
from sendmed_desktop.ui.dialogs.proposal_dialog import ProposalDialog, ProposalEntry
from sendmed_desktop.ui.formatting import format_short_date
from sendmed_desktop.ui.main_window import MainWindow
from sendmed_desktop.ui.pages.case_page import CasePage
from tests.conftest import TEST_PASSPHRASE
from tests.ui.conftest import activate, open_from_list, wait_for_tasks, when_modal

pytestmark = [pytest.mark.gui, pytest.mark.slow]

REFERENCE = "SM-2026-0042"
OFFICER = ParticipantEntry(
    full_name="Priya Natarajan",
    role=Role.LA_OFFICER,
    is_party=True,
    organisation="Testshire County Council",
    job_title="SEN casework manager",
)
ISSUE = IssueEntry(
    "Occupational therapy in Section F",
    area=IssueArea.EDUCATION,
    sections=frozenset({PlanSection.F}),
)
NOTE = "Dad says the OT report was never shared with school."
VIEWS = "Amelia wants help with handwriting and a quiet place at lunch."
PROPOSAL = "Six sessions of OT assessment in school this term, report to parents."


def _answer(monkeypatch: pytest.MonkeyPatch, dialog: type, entry: Any) -> None:
    """Make ``dialog.ask`` answer ``entry`` once, as if typed and accepted."""
    answers = [entry]

    def ask(*_args: object, **_kwargs: object) -> tuple[Any, bool]:
        return (answers.pop(0), True) if answers else (None, False)

    monkeypatch.setattr(dialog, "ask", ask)


def _click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.waitUntil(widget.isVisible)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _next(page: CasePage, expected: Stage) -> None:
    """Press "Next stage ▶" and check where the meeting is now."""
    page.next_button.click()
    assert page.view.stage is expected, page.checklist.refusal()


def _create_case(window: MainWindow, qtbot: QtBot) -> None:
    def fill(dialog: NewCaseDialog) -> None:
        dialog.reference_edit.setText(REFERENCE)
        qtbot.keyClicks(dialog.subject_edit, "Amelia Hughes")
        qtbot.keyClicks(dialog.party_edit, "Daniel Hughes")
        qtbot.keyClicks(dialog.authority_edit, "Testshire County Council")
        dialog.accept()

    seen = when_modal(NewCaseDialog, fill)
    assert window.new_case() is not None
    assert seen


def test_a_meeting_from_intake_to_after_the_meeting(
    make_window: Callable[..., MainWindow],
    workspace: Workspace,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(workspace=workspace)
    window.resize(1366, 768)
    _create_case(window, qtbot)
    page = open_from_list(window, qtbot, REFERENCE)
    case_id = page.case_id
    intake = IntakeService(workspace)

    # -- Preparation: the LA officer, the issue, the meeting and who is invited.
    tabs = page.current_page().tabs
    _answer(monkeypatch, ParticipantDialog, OFFICER)
    assert tabs.people_tab.add_person()
    assert [p.full_name for p in tabs.people_tab.people()][-1] == "Priya Natarajan"
    tabs.show_page(tabs.issues_editor)
    _answer(monkeypatch, IssueDialog, ISSUE)
    assert tabs.issues_editor.add_issue()
    tabs.show_page(tabs.meeting_tab)
    start = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=5)
    _answer(
        monkeypatch,
        MeetingDialog,
        MeetingEntry(
            format=MeetingFormat.IN_PERSON,
            venue="Council Offices, Room 3.14",
            start=start,
            end=start + timedelta(hours=3),
        ),
    )
    assert tabs.meeting_tab.schedule_meeting()
    people = {p.full_name: p for p in intake.participants(case_id)}
    attendees = tabs.meeting_tab.attendees
    assert attendees.invite([people["Daniel Hughes"].id, people["Priya Natarajan"].id])
    page.refresh_assessment()
    checklist = page.checklist
    assert checklist.item_state("meeting_scheduled")[0]
    # Notice was given by letter, which the app does not hold: ticked by hand.
    checklist.set_ticked("notice_given", True)
    _next(page, Stage.OPENING)

    # -- Opening: authority confirmed, the Agreement to Mediate signed.
    opening = page.current_page()
    (authority,) = opening.authority_boxes.values()
    _click(qtbot, authority)
    _click(qtbot, opening.sign_button)
    assert opening.signed_label.text().startswith("✓ The Agreement to Mediate was signed")
    # The checklist catches up with what was saved a moment later.
    qtbot.waitUntil(lambda: page.view.assessment.is_clear)
    assert page.header.facts_label.text().endswith("Status: In meeting")
    assert page.clock.text() == "Meeting time 0 min"
    _next(page, Stage.OPENING_STATEMENTS)

    # -- Opening statements: a note under Daniel's name, from the keyboard.
    activate(window, qtbot)
    qtbot.keyClick(
        page.navigator.list,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    editor = page.notes.editor.text_edit
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClicks(editor, NOTE)
    _next(page, Stage.CHILDS_VIEWS)

    # -- The child's views, recorded in the form (saved as it is filled in).
    form = page.current_page().form
    form.method_combo.setCurrentIndex(form.method_combo.findData(ChildViewsMethod.MET_MEDIATOR))
    qtbot.keyClicks(form.sought_on_edit, format_short_date(date.today()))
    qtbot.keyClicks(form.sought_by_edit, "Helen Marsh")
    form.summary_radio.click()
    qtbot.keyClicks(form.views_edit, VIEWS)
    form.consent_yes.click()
    form.share_views_check.click()
    qtbot.keyClicks(form.share_with_edit, "Everyone at the meeting")
    assert form.flush()
    qtbot.waitUntil(lambda: "childs_views_missing" not in _warnings(page))
    _next(page, Stage.AGENDA)
    _next(page, Stage.EXPLORATION)
    _next(page, Stage.OPTIONS)

    # -- Options: Priya proposes, everyone accepts.
    proposals = page.current_page().proposals
    _answer(monkeypatch, ProposalDialog, ProposalEntry(people["Priya Natarajan"].id, PROPOSAL))
    assert proposals.add_proposal() is not None
    proposals.accept_button.click()
    _next(page, Stage.AGREEMENT)

    # -- Agreement: the accepted proposal is a draft action; nothing signed in the app yet.
    agreement = page.current_page()
    assert [a.action for a in agreement.actions] == [PROPOSAL]
    assert agreement.table.item(0, 1).text() == PROPOSAL
    _click(qtbot, checklist.acknowledge_boxes["no_agreement_outcome"])
    _next(page, Stage.CLOSE)
    summary = page.current_page().summary_text()
    assert PROPOSAL in summary
    assert "the mediation certificate is due by" in summary
    _next(page, Stage.AFTER_MEETING)
    assert page.navigator.progress_label.text() == "Stage 10 of 10"
    assert page.header.facts_label.text().endswith("Status: After the meeting")
    assert not page.next_button.isEnabled()
    timeline = page.current_page().timeline
    titles = [entry.deadline.rule for entry in timeline.model.entries()]
    assert "R7" in titles  # the certificate's clock started when the meeting ended

    # Every widget that came and went on the way left the window's own objects alone.
    assert all(shiboken6.isValid(menu) for menu in window.menus)
    qtbot.keyClick(page.navigator.list, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.case_page is None
    listing = window.case_list_page
    assert listing is not None
    assert listing.selected_summary() is not None
    assert listing.selected_summary().status.label == "After the meeting"
    window.close()

    # -- Unlocked again from disk: everything entered is there.
    again = make_window()
    wait_for_tasks(again)
    unlock = again.unlock_page
    assert unlock is not None
    qtbot.keyClicks(unlock.passphrase_edit, TEST_PASSPHRASE)
    unlock.submit()
    wait_for_tasks(again)
    assert again.workspace is not None
    reopened = again.workspace
    state = MeetingStagesService(reopened).state(case_id)
    assert state.stage is Stage.AFTER_MEETING
    assert [n.text for n in NotesService(reopened).notes(case_id)] == [NOTE]
    views = ChildViewsService(reopened).get(case_id)
    assert views is not None
    assert views.views_text == VIEWS
    (proposal,) = ProposalService(reopened).proposals(case_id)
    assert (proposal.text, proposal.status) == (PROPOSAL, ProposalStatus.ACCEPTED)
    assert CaseService(reopened).summary(case_id) is not None
    shown = open_from_list(again, qtbot, REFERENCE)
    assert shown.navigator.progress_label.text() == "Stage 10 of 10"
    shown.current_page().reveal_notes()
    assert shown.notes.isVisibleTo(shown)
    assert shown.notes.notes_tree.topLevelItem(0).text(3) == NOTE
    start_of_day = datetime.combine(date.today(), time(0, 0), UTC)
    meeting = IntakeService(reopened).meetings(case_id)[0]
    assert meeting.started_at is not None
    assert meeting.started_at >= start_of_day - timedelta(days=1)
    assert meeting.ended_at is not None


def _warnings(page: CasePage) -> set[str]:
    return {finding.key for finding in page.view.assessment.warnings}
