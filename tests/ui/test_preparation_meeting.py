"""Calls, the meeting and who attends, adjustments and expenses."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.vocabulary import ExpenseKind, MeetingFormat
from sendmed_desktop.services.intake import (
    AdjustmentEntry,
    AdjustmentKind,
    ContactChannel,
    ContactEntry,
    ExpenseEntry,
    IntakeService,
    MeetingEntry,
)
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.adjustment_dialog import AdjustmentDialog
from sendmed_desktop.ui.dialogs.contact_dialog import ContactDialog
from sendmed_desktop.ui.dialogs.expense_dialog import ExpenseDialog
from sendmed_desktop.ui.dialogs.meeting_dialog import ENGLAND, MeetingDialog
from sendmed_desktop.ui.widgets.attendees_panel import AUTHORITY
from sendmed_desktop.ui.widgets.calls_tab import ALL_CONTACTED
from sendmed_desktop.ui.widgets.preparation_tabs import PreparationTabs
from tests.ui.test_preparation_tabs import (
    OFFICER,
    answer,
    column,
    make_tabs,
    new_case,
    person_id,
)

pytestmark = pytest.mark.gui

NO_LINK = "The meeting is by video call but has no link"
NO_AUTHORITY = "Priya Natarajan (the local authority) has no confirmed authority"


@pytest.fixture
def case_id(workspace: Workspace) -> int:
    case_id = new_case(workspace)
    IntakeService(workspace).add_participant(case_id, OFFICER)
    return case_id


@pytest.fixture
def tabs(qtbot: QtBot, workspace: Workspace, case_id: int) -> PreparationTabs:
    return make_tabs(qtbot, workspace, case_id)


def _next_weekday(days: int) -> date:
    day = date.today() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def test_logging_a_call_shrinks_the_not_yet_contacted_line(
    tabs: PreparationTabs, monkeypatch: pytest.MonkeyPatch, workspace: Workspace, case_id: int
) -> None:
    calls = tabs.calls_tab
    assert calls.uncontacted_label.text() == (
        "⚠ Not yet contacted: Sam Green (Parent or carer); "
        "Priya Natarajan (Local authority officer)."
    )
    sam = person_id(workspace, case_id, "Sam Green")
    spoke = datetime.now().astimezone() - timedelta(hours=2)
    call = ContactEntry(sam, spoke, ContactChannel.PHONE, "Explained the process.")
    fake = answer(monkeypatch, ContactDialog, call)
    assert calls.log_call()
    assert calls.uncontacted_label.text() == (
        "⚠ Not yet contacted: Priya Natarajan (Local authority officer)."
    )
    assert column(calls.table, 1) == ["Sam Green"]
    assert column(calls.table, 3) == ["Explained the process."]
    calls.table.selectRow(0)
    assert calls.summary_view.toPlainText() == "Explained the process."
    assert fake.calls[0][2]["who"] is None
    # Filtered to Priya, the list is empty and a new call starts with her.
    priya = person_id(workspace, case_id, "Priya Natarajan")
    calls.show_calls_with(priya)
    assert calls.table.rowCount() == 0
    video = ContactEntry(priya, spoke, ContactChannel.VIDEO, "")
    fake = answer(monkeypatch, ContactDialog, video)
    assert calls.log_call()
    assert fake.calls[0][2]["who"] == priya
    assert calls.uncontacted_label.text() == ALL_CONTACTED
    assert column(calls.table, 2) == ["Video call"]


def test_the_contact_dialog_refuses_a_call_in_the_future(qtbot: QtBot) -> None:
    dialog = ContactDialog([], adding=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.date_field.value() == date.today()
    dialog.date_field.set_value(date.today() + timedelta(days=2))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.problems.problems() == [
        "The contact is in the future: log it once it has happened."
    ]


def test_a_video_meeting_without_a_link_and_authority_to_settle(
    tabs: PreparationTabs,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    workspace: Workspace,
    case_id: int,
) -> None:
    meeting = tabs.meeting_tab
    tabs.show_page(meeting)
    assert meeting.summary_label.text() == "No meeting is scheduled yet."
    assert not meeting.attendees.invite_button.isEnabled()
    day = _next_weekday(12)
    start = datetime.combine(day, time(10, 0), ENGLAND)
    entry = MeetingEntry(format=MeetingFormat.VIDEO, start=start, end=start + timedelta(hours=3))
    answer(monkeypatch, MeetingDialog, entry)
    assert meeting.schedule_meeting()
    assert any(NO_LINK in line for line in meeting.scheduling_findings.lines())
    assert meeting.summary_label.text().startswith("Video call, ")

    priya = person_id(workspace, case_id, "Priya Natarajan")
    assert meeting.attendees.invite([priya, person_id(workspace, case_id, "Sam Green")])
    panel = meeting.attendees
    warnings = [line for line in panel.findings.lines() if NO_AUTHORITY in line]
    assert len(warnings) == 1
    assert warnings[0].startswith("⚠ Check: ")
    row = panel.row_of(priya)
    assert panel.table.item(row, AUTHORITY).text() == "Not confirmed"
    # Ticked from the keyboard: Space on the cell, Not confirmed → Yes.
    qtbot.waitExposed(tabs)
    tabs.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tabs)
    panel.table.setFocus()
    panel.table.setCurrentCell(row, AUTHORITY)
    with qtbot.waitSignal(tabs.changed, timeout=1000):
        qtbot.keyClick(panel.table, Qt.Key.Key_Space)
    assert panel.table.item(panel.row_of(priya), AUTHORITY).text() == "Yes"
    assert not any(NO_AUTHORITY in line for line in panel.findings.lines())
    (view,) = [
        a
        for a in IntakeService(workspace).attendees(panel.attendees()[0].meeting_id)
        if a.participant_id == priya
    ]
    assert view.authority_to_settle is True

    # Cancelling can be undone; a cancelled meeting takes no invitations.
    assert meeting.toggle_cancelled()
    assert meeting.summary_label.text().startswith("✖ Cancelled: Video call")
    assert not panel.invite_button.isEnabled()
    assert meeting.cancel_button.text() == "Rei&nstate the meeting"
    assert meeting.toggle_cancelled()
    assert panel.invite_button.isEnabled()


def test_the_agreement_to_mediate_is_recorded_and_cleared(
    tabs: PreparationTabs, monkeypatch: pytest.MonkeyPatch, workspace: Workspace, case_id: int
) -> None:
    from sendmed_desktop.ui.widgets import meeting_tab

    meeting = tabs.meeting_tab
    assert meeting.signed_label.text() == "Not signed yet."
    assert not meeting.unsign_button.isEnabled()
    assert meeting.record_signed()
    assert meeting.signed_label.text().startswith("✓ Signed on ")
    assert IntakeService(workspace).agreement_to_mediate_signed_at(case_id) is not None
    monkeypatch.setattr(meeting_tab, "confirm", lambda *_args: True)
    assert meeting.clear_signed()
    assert meeting.signed_label.text() == "Not signed yet."


def test_an_expense_of_12_50_makes_the_total(
    tabs: PreparationTabs, monkeypatch: pytest.MonkeyPatch, workspace: Workspace, case_id: int
) -> None:
    costs = tabs.adjustments_tab
    assert costs.total_label.text() == "Total: £0.00"
    sam = person_id(workspace, case_id, "Sam Green")
    fake = answer(monkeypatch, ExpenseDialog, ExpenseEntry(ExpenseKind.TRAVEL, 1250, sam))
    assert costs.add_expense()
    assert costs.total_label.text() == "Total: £12.50"
    assert column(costs.expenses_table, 2) == ["£12.50"]
    # Only the family's party has expenses the local authority pays.
    assert [p.full_name for p in fake.calls[0][2]["participants"]] == ["Sam Green"]
    adjustment = AdjustmentEntry(AdjustmentKind.BREAKS, "A break every hour", sam, arranged=True)
    answer(monkeypatch, AdjustmentDialog, adjustment)
    assert costs.add_adjustment()
    assert column(costs.adjustments_table, 3) == ["✓ Arranged"]


def test_the_expense_dialog_keeps_a_wrong_amount_open(qtbot: QtBot) -> None:
    dialog = ExpenseDialog([], adding=True)
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.keyClicks(dialog.amount_edit, "twelve")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.problems.problems() == [
        "“twelve” is not an amount of money: type it like £12.50."
    ]
    assert dialog.amount_edit.text() == "twelve"
    dialog.amount_edit.setText("£12.50")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.expense() == ExpenseEntry(ExpenseKind.TRAVEL, 1250)
