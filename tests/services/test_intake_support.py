"""Pre-meeting contacts, reasonable adjustments and expenses, in a real encrypted workspace."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.domain.vocabulary import ExpenseKind, Role
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.intake import (
    AdjustmentEntry,
    AdjustmentKind,
    ContactChannel,
    ContactEntry,
    ExpenseEntry,
    IntakeService,
    ParticipantEntry,
    format_money,
    parse_money,
)
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.models import AuditEntry, ContactLogEntry

CALLED_AT = datetime(2026, 3, 10, 14, 30, tzinfo=UTC)


@pytest.fixture
def intake(workspace: Workspace) -> IntakeService:
    return IntakeService(workspace)


@pytest.fixture
def case_id(workspace: Workspace) -> int:
    new = NewCase("SM-2026-0003", "Ellis Green", "Testshire", "Sam Green")
    return CaseService(workspace).create(new).id


def _id(intake: IntakeService, case_id: int, role: Role) -> int:
    return next(p.id for p in intake.participants(case_id) if p.role is role)


def _officer(intake: IntakeService, case_id: int) -> int:
    entry = ParticipantEntry("Pat Lee", Role.LA_OFFICER, is_party=True)
    return intake.add_participant(case_id, entry)


def test_contacts_round_trip_per_party(intake: IntakeService, case_id: int) -> None:
    parent = _id(intake, case_id, Role.PARENT_CARER)
    officer = _officer(intake, case_id)
    later = ContactEntry(officer, CALLED_AT + timedelta(days=1), ContactChannel.EMAIL, "Sent notes")
    first = ContactEntry(parent, CALLED_AT, summary=" Explained the process ")
    later_id = intake.log_contact(case_id, later)
    first_id = intake.log_contact(case_id, first)
    logged = intake.contacts(case_id)
    assert [(c.id, c.participant_name, c.channel) for c in logged] == [
        (first_id, "Sam Green", ContactChannel.PHONE),
        (later_id, "Pat Lee", ContactChannel.EMAIL),
    ]
    assert logged[0].summary == "Explained the process"
    assert logged[0].occurred_at == CALLED_AT
    assert [c.id for c in intake.contacts(case_id, participant_id=officer)] == [later_id]
    intake.update_contact(first_id, replace(first, channel=ContactChannel.VIDEO))
    assert intake.contacts(case_id, parent)[0].channel is ContactChannel.VIDEO
    intake.remove_contact(later_id)
    assert [c.id for c in intake.contacts(case_id)] == [first_id]


def test_parties_not_yet_contacted(intake: IntakeService, case_id: int) -> None:
    parent = _id(intake, case_id, Role.PARENT_CARER)
    officer = _officer(intake, case_id)
    assert [p.id for p in intake.uncontacted_parties(case_id)] == [parent, officer]
    intake.log_contact(case_id, ContactEntry(parent, CALLED_AT))
    assert [p.id for p in intake.uncontacted_parties(case_id)] == [officer]


def test_bad_contacts_are_refused(
    intake: IntakeService, case_id: int, workspace: Workspace
) -> None:
    parent = _id(intake, case_id, Role.PARENT_CARER)
    future = datetime.now(UTC) + timedelta(hours=1)
    with pytest.raises(ValidationError, match="log it once it has happened"):
        intake.log_contact(case_id, ContactEntry(parent, future))
    with pytest.raises(ValidationError, match="has no time zone"):
        intake.log_contact(case_id, ContactEntry(parent, datetime(2026, 3, 10, 14, 30)))
    other = CaseService(workspace).create(NewCase("SM-2026-0099", "Other", "Testshire", "Kim"))
    with pytest.raises(ValidationError, match="Choose someone in this case"):
        intake.log_contact(other.id, ContactEntry(parent, CALLED_AT))
    assert intake.contacts(case_id) == []
    assert intake.contacts(other.id) == []


def test_an_unknown_stored_channel_reads_as_other(
    intake: IntakeService, case_id: int, workspace: Workspace
) -> None:
    with workspace.transaction() as session:
        session.add(
            ContactLogEntry(case_id=case_id, occurred_at=CALLED_AT, channel="carrier pigeon")
        )
    (contact,) = intake.contacts(case_id)
    assert contact.channel is ContactChannel.OTHER
    assert contact.participant_name is None


def test_adjustments_round_trip(intake: IntakeService, case_id: int) -> None:
    parent = _id(intake, case_id, Role.PARENT_CARER)
    entry = AdjustmentEntry(AdjustmentKind.INTERPRETER, " Polish interpreter ", parent)
    adjustment_id = intake.add_adjustment(case_id, entry)
    (view,) = intake.adjustments(case_id)
    assert (view.id, view.kind, view.description, view.participant_name, view.arranged) == (
        adjustment_id,
        AdjustmentKind.INTERPRETER,
        "Polish interpreter",
        "Sam Green",
        False,
    )
    intake.update_adjustment(adjustment_id, replace(entry, arranged=True))
    assert intake.adjustments(case_id)[0].arranged is True
    with pytest.raises(ValidationError, match="Describe the adjustment"):
        intake.add_adjustment(case_id, AdjustmentEntry(AdjustmentKind.OTHER))
    intake.remove_adjustment(adjustment_id)
    assert intake.adjustments(case_id) == []
    assert AdjustmentKind.ONLINE.label == "Taking part online"


def test_expenses_and_their_total(intake: IntakeService, case_id: int) -> None:
    parent = _id(intake, case_id, Role.PARENT_CARER)
    travel = ExpenseEntry(
        ExpenseKind.TRAVEL, parse_money("£12.50"), parent, "Bus fares", claimed_on=date(2026, 3, 1)
    )
    travel_id = intake.add_expense(case_id, travel)
    childcare_id = intake.add_expense(
        case_id, ExpenseEntry(ExpenseKind.CHILDCARE, parse_money("30"), parent)
    )
    assert intake.expenses_total(case_id) == 4250
    views = intake.expenses(case_id)
    assert [(v.id, v.amount, v.participant_name) for v in views] == [
        (travel_id, "£12.50", "Sam Green"),
        (childcare_id, "£30.00", "Sam Green"),
    ]
    intake.update_expense(travel_id, replace(travel, paid_on=date(2026, 3, 20)))
    assert intake.expenses(case_id)[0].paid_on == date(2026, 3, 20)
    intake.remove_expense(childcare_id)
    assert format_money(intake.expenses_total(case_id)) == "£12.50"


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (ExpenseEntry(ExpenseKind.TRAVEL, -1), "An amount cannot be negative."),
        (ExpenseEntry(ExpenseKind.OTHER, 500), "Describe what the expense is for."),
        (
            ExpenseEntry(
                ExpenseKind.TRAVEL, 500, claimed_on=date(2026, 3, 5), paid_on=date(2026, 3, 4)
            ),
            "The expense is recorded as paid before it was claimed.",
        ),
    ],
)
def test_bad_expenses_are_refused(
    intake: IntakeService, case_id: int, entry: ExpenseEntry, problem: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        intake.add_expense(case_id, entry)
    assert str(caught.value) == problem
    assert intake.expenses_total(case_id) == 0


def test_only_the_familys_expenses_are_paid(intake: IntakeService, case_id: int) -> None:
    officer = _officer(intake, case_id)
    with pytest.raises(ValidationError, match="Pat Lee is not the family's party"):
        intake.add_expense(case_id, ExpenseEntry(ExpenseKind.TRAVEL, 100, officer))
    assert intake.expenses(case_id) == []


def test_support_writes_are_audited_by_id(
    intake: IntakeService, case_id: int, workspace: Workspace
) -> None:
    parent = _id(intake, case_id, Role.PARENT_CARER)
    contact = intake.log_contact(case_id, ContactEntry(parent, CALLED_AT, summary="Sam is upset"))
    expense = intake.add_expense(case_id, ExpenseEntry(ExpenseKind.TRAVEL, 999, parent, "Taxi"))
    with workspace.transaction() as session:
        entries = session.execute(sa.select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
        trail = [(e.action, e.entity_type, e.entity_id, e.detail) for e in entries][-2:]
    assert trail == [
        ("add", "contact_log_entry", contact, f"case {case_id}"),
        ("add", "expense", expense, f"case {case_id}"),
    ]
