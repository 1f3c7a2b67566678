"""Key dates: stored on the real encrypted workspace, checked, audited, read by the clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.domain.timescales import MediationReading
from sendmed_desktop.domain.vocabulary import FamilyDecision, Ground, MeetingFormat
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.errors import ValidationError, WorkspaceError
from sendmed_desktop.services.key_dates import KeyDates, KeyDatesService
from sendmed_desktop.services.preferences import (
    ClockPreferences,
    load_clock_preferences,
    save_clock_preferences,
)
from sendmed_desktop.services.timeline import TimelineService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.models import AuditEntry, DisputedDecision, Meeting

TODAY = date(2026, 4, 20)
FULL = KeyDates(
    decision_notice_date=date(2026, 1, 5),
    decision_sent_on=date(2026, 1, 6),
    adviser_contacted_on=date(2026, 1, 12),
    family_decision=FamilyDecision.MEDIATE,
    family_decision_on=date(2026, 1, 14),
    adviser_told_of_decision_on=date(2026, 1, 14),
    la_informed_on=date(2026, 1, 15),
    icb_notified_on=date(2026, 1, 16),
    la_told_adviser_not_possible_on=None,
    notice_given_on=date(2026, 2, 2),
    shorter_notice_agreed=True,
    meeting_date=date(2026, 2, 10),
    meeting_held_on=date(2026, 2, 10),
    meeting_concluded_on=date(2026, 2, 11),
)


@pytest.fixture
def case_id(workspace: Workspace) -> int:
    new = NewCase("KD-0001", "Ava Stone", "Testshire", "Kim Stone")
    return CaseService(workspace).create(new).id


@pytest.fixture
def service(workspace: Workspace) -> KeyDatesService:
    return KeyDatesService(workspace)


def _meetings(workspace: Workspace, case_id: int) -> list[Meeting]:
    with workspace.transaction() as session:
        query = sa.select(Meeting).where(Meeting.case_id == case_id).order_by(Meeting.id)
        rows = list(session.execute(query).scalars())
        session.expunge_all()
    return rows


def test_a_new_case_has_no_key_dates(service: KeyDatesService, case_id: int) -> None:
    assert service.load(case_id) == KeyDates()


def test_round_trip_keeps_every_field(
    workspace: Workspace, service: KeyDatesService, case_id: int
) -> None:
    service.save(case_id, FULL, today=TODAY)
    assert service.load(case_id) == FULL
    with workspace.transaction() as session:
        decision = session.execute(sa.select(DisputedDecision)).scalar_one()
        assert decision.ground is Ground.PLAN_CONTENT  # a placeholder until it is recorded
    cleared = KeyDates(decision_sent_on=date(2026, 1, 6))
    service.save(case_id, cleared, today=TODAY)
    assert service.load(case_id) == cleared


def test_saving_writes_an_audit_entry_without_personal_data(
    workspace: Workspace, service: KeyDatesService, case_id: int
) -> None:
    service.save(case_id, FULL, today=TODAY)
    service.save(case_id, FULL, today=TODAY)  # nothing changed: nothing written
    with workspace.transaction() as session:
        query = sa.select(AuditEntry).where(AuditEntry.entity_type == "key_dates")
        entries = list(session.execute(query).scalars())
    assert [(e.action, e.entity_id) for e in entries] == [("update", case_id)]
    detail = entries[0].detail
    assert "meeting_date" in detail
    assert "2026" not in detail
    assert "Stone" not in detail


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (
            KeyDates(decision_notice_date=date(2026, 3, 3), decision_sent_on=date(2026, 3, 2)),
            (
                "The decision notice cannot have been sent (Monday 2 March 2026) before the "
                "date on it (Tuesday 3 March 2026)."
            ),
        ),
        (
            KeyDates(meeting_held_on=date(2026, 3, 10), meeting_concluded_on=date(2026, 3, 9)),
            (
                "Mediation cannot have concluded (Monday 9 March 2026) before the meeting was "
                "held (Tuesday 10 March 2026)."
            ),
        ),
        (
            KeyDates(meeting_date=date(2028, 4, 21)),
            "The meeting date (Friday 21 April 2028) is more than 2 years ahead. Check the year.",
        ),
        (KeyDates(la_informed_on=date(2002, 1, 4)), "before 1 September 2014"),
        (KeyDates(meeting_concluded_on=date(2026, 4, 21)), "has not happened yet"),
        (
            KeyDates(notice_given_on=date(2026, 5, 2), meeting_date=date(2026, 5, 1)),
            "cannot be given after the meeting date",
        ),
        (
            KeyDates(family_decision_on=date(2026, 4, 1)),
            "Choose what the family decided, or clear the date of their decision.",
        ),
    ],
)
def test_impossible_dates_are_refused_with_reasons(
    service: KeyDatesService, case_id: int, dates: KeyDates, expected: str
) -> None:
    problems = dates.problems(TODAY)
    assert len(problems) == 1
    assert expected in problems[0]
    with pytest.raises(ValidationError) as raised:
        service.save(case_id, dates, today=TODAY)
    assert expected in str(raised.value)
    assert service.load(case_id) == KeyDates()


def test_two_years_ahead_is_the_limit() -> None:
    assert KeyDates(meeting_date=date(2028, 4, 20)).problems(TODAY) == []
    assert FULL.problems(TODAY) == []


def test_missing_case_is_reported(service: KeyDatesService) -> None:
    with pytest.raises(WorkspaceError, match="no longer in the workspace"):
        service.load(999)
    with pytest.raises(WorkspaceError, match="no longer in the workspace"):
        service.save(999, FULL, today=TODAY)


def test_meeting_date_adds_a_meeting_at_ten_in_england(
    workspace: Workspace, service: KeyDatesService, case_id: int
) -> None:
    service.save(case_id, KeyDates(meeting_date=date(2026, 6, 3)), today=TODAY)
    [meeting] = _meetings(workspace, case_id)
    # 10:00 in British Summer Time is 09:00 UTC.
    assert meeting.scheduled_start == datetime(2026, 6, 3, 9, 0, tzinfo=UTC)
    assert meeting.format is MeetingFormat.IN_PERSON
    assert service.load(case_id).meeting_date == date(2026, 6, 3)


def test_meeting_date_moves_the_first_meeting_and_keeps_its_time(
    workspace: Workspace, service: KeyDatesService, case_id: int
) -> None:
    with workspace.transaction() as session:
        session.add_all(
            [
                Meeting(
                    case_id=case_id,
                    format=MeetingFormat.VIDEO,
                    scheduled_start=datetime(2026, 3, 20, 13, 30, tzinfo=UTC),
                    scheduled_end=datetime(2026, 3, 20, 16, 0, tzinfo=UTC),
                ),
                Meeting(
                    case_id=case_id,
                    format=MeetingFormat.IN_PERSON,
                    scheduled_start=datetime(2026, 3, 10, 9, 0, tzinfo=UTC),
                    cancelled=True,
                ),
            ]
        )
    assert service.load(case_id).meeting_date == date(2026, 3, 20)
    # Across the clocks going forward: 13:30 GMT stays 13:30 in England, now 12:30 UTC.
    service.save(case_id, KeyDates(meeting_date=date(2026, 4, 2)), today=TODAY)
    moved, cancelled = _meetings(workspace, case_id)
    assert moved.scheduled_start == datetime(2026, 4, 2, 12, 30, tzinfo=UTC)
    assert moved.scheduled_end == datetime(2026, 4, 2, 15, 0, tzinfo=UTC)
    assert cancelled.scheduled_start == datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    assert len(_meetings(workspace, case_id)) == 2
    service.save(case_id, KeyDates(), today=TODAY)
    assert service.load(case_id).meeting_date is None
    assert len(_meetings(workspace, case_id)) == 2


def test_timeline_reflects_saved_dates(
    workspace: Workspace, service: KeyDatesService, case_id: int
) -> None:
    timeline = TimelineService(workspace)
    assert timeline.case_timeline(case_id, today=TODAY) == []
    service.save(case_id, KeyDates(meeting_concluded_on=date(2025, 12, 23)), today=TODAY)
    [entry] = timeline.case_timeline(case_id, today=TODAY)
    assert entry.deadline.rule == "R7"
    assert entry.deadline.due == date(2025, 12, 30)
    service.save(case_id, FULL, today=TODAY)
    by_rule = {e.deadline.rule: e for e in timeline.case_timeline(case_id, today=TODAY)}
    assert by_rule["R1"].deadline.due == date(2026, 3, 6)
    assert by_rule["R4"].deadline.due == date(2026, 2, 14)
    assert by_rule["R8"].for_family
    assert "R5" not in by_rule  # the meeting has been held: notice no longer matters


def test_clock_preferences_round_trip(workspace: Workspace) -> None:
    assert load_clock_preferences(workspace) == ClockPreferences()
    chosen = ClockPreferences(
        christmas_eve_closed=True,
        extra_closures=(date(2026, 12, 29), date(2026, 8, 3), date(2026, 12, 29)),
        mediation_reading=MediationReading.ARRANGED,
    )
    assert chosen.extra_closures == (date(2026, 8, 3), date(2026, 12, 29))
    save_clock_preferences(workspace, chosen)
    assert load_clock_preferences(workspace) == chosen
    case_id = CaseService(workspace).create(NewCase("KD-0002", "Bo Lee", "Testshire", "Al Lee")).id
    KeyDatesService(workspace).save(
        case_id, KeyDates(meeting_concluded_on=date(2026, 12, 21)), today=date(2026, 12, 22)
    )
    [entry] = TimelineService(workspace).case_timeline(case_id, today=date(2026, 12, 22))
    assert entry.deadline.due == date(2026, 12, 30)  # 24th and 29th closed
