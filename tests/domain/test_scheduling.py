"""Checks on a meeting's day, place, notice (R5) and the 30-day limit (R4)."""

from __future__ import annotations

from datetime import date

import pytest

from sendmed_desktop.domain.parties import Severity
from sendmed_desktop.domain.scheduling import (
    MeetingPlan,
    StatutoryContext,
    arrangement_findings,
    scheduling_findings,
    timing_findings,
)
from sendmed_desktop.domain.timescales import MediationReading, WorkingCalendar
from sendmed_desktop.domain.vocabulary import MeetingFormat

# A fixed horizon, so no test depends on the year it runs in.
CALENDAR = WorkingCalendar(known_until=date(2030, 12, 31))
# Wednesday 15 April 2026: five working days back, over Easter, is Wednesday 8 April.
MEETING_DAY = date(2026, 4, 15)
LATEST_NOTICE = date(2026, 4, 8)


def _plan(day: date = MEETING_DAY, **changes: object) -> MeetingPlan:
    fields: dict = {"format": MeetingFormat.IN_PERSON, "venue": "Town Hall, Room 2"}
    fields.update(changes)
    return MeetingPlan(meeting_id=7, day=day, **fields)


def _context(**changes: object) -> StatutoryContext:
    fields: dict = {"calendar": CALENDAR, "la_informed_on": date(2026, 4, 1)}
    fields.update(changes)
    return StatutoryContext(**fields)


def _keys(findings: list) -> dict[str, Severity]:
    return {f.key: f.severity for f in findings}


@pytest.mark.parametrize(
    ("day", "is_flagged"),
    [
        (date(2026, 4, 15), False),  # a Wednesday
        (date(2026, 4, 18), True),  # a Saturday
        (date(2026, 4, 3), True),  # Good Friday
        (date(2026, 5, 4), True),  # the early May bank holiday
        (date(2026, 12, 25), True),  # Christmas Day
    ],
)
def test_a_meeting_on_a_non_working_day_is_flagged(day: date, is_flagged: bool) -> None:
    keys = _keys(arrangement_findings(_plan(day), CALENDAR))
    assert ("scheduling.not_working_day:7" in keys) is is_flagged


def test_the_services_own_closures_count() -> None:
    christmas_eve = date(2026, 12, 24)  # a Thursday
    assert arrangement_findings(_plan(christmas_eve), CALENDAR) == []
    closed = WorkingCalendar(christmas_eve_closed=True, known_until=date(2030, 12, 31))
    (finding,) = arrangement_findings(_plan(christmas_eve), closed)
    assert finding.message.startswith("The meeting is on Thursday 24 December 2026, which is not")


def test_a_video_meeting_needs_a_link_and_an_in_person_one_a_venue() -> None:
    video = _plan(format=MeetingFormat.VIDEO, venue=None, video_link="  ")
    assert _keys(arrangement_findings(video, CALENDAR)) == {
        "scheduling.no_link:7": Severity.WARNING
    }
    in_person = _plan(venue="")
    assert _keys(arrangement_findings(in_person, CALENDAR)) == {
        "scheduling.no_venue:7": Severity.WARNING
    }
    phone = _plan(format=MeetingFormat.PHONE, venue=None)
    assert arrangement_findings(phone, CALENDAR) == []


@pytest.mark.parametrize(
    ("given", "shorter_agreed", "expected"),
    [
        (LATEST_NOTICE, False, None),  # exactly 5 working days: in time
        (date(2026, 4, 9), False, Severity.WARNING),  # 4 working days, no consent
        (date(2026, 4, 9), True, None),  # 4 working days, consent recorded
        (date(2026, 4, 16), False, Severity.PROBLEM),  # after the meeting: a slip
    ],
)
def test_notice_of_the_meeting(
    given: date, shorter_agreed: bool, expected: Severity | None
) -> None:
    context = _context(notice_given_on=given, shorter_notice_agreed=shorter_agreed)
    keys = _keys(timing_findings(_plan(), context, today=date(2026, 4, 10)))
    assert keys.get("scheduling.notice:7") is expected


def test_late_notice_is_explained() -> None:
    context = _context(notice_given_on=date(2026, 4, 9))
    (finding,) = timing_findings(_plan(), context, today=date(2026, 4, 10))
    assert finding.message.startswith(
        "Notice was given on Thursday 9 April 2026, less than 5 working days before the meeting "
        "on Wednesday 15 April 2026 (it was due by Wednesday 8 April 2026)"
    )


def test_notice_not_yet_given() -> None:
    before = timing_findings(_plan(), _context(), today=date(2026, 4, 7))
    assert _keys(before) == {"scheduling.notice:7": Severity.INFORMATION}
    assert before[0].message == (
        "Give notice of the date and place of the meeting by Wednesday 8 April 2026 (R5)."
    )
    overdue = timing_findings(_plan(), _context(), today=date(2026, 4, 9))
    assert _keys(overdue) == {"scheduling.notice:7": Severity.WARNING}


@pytest.mark.parametrize(
    ("meeting_day", "is_late"),
    [(date(2025, 12, 31), False), (date(2026, 1, 2), True)],
)
def test_held_within_30_days(meeting_day: date, is_late: bool) -> None:
    # Told on Mon 1 Dec 2025: mediation must be held by Wed 31 Dec 2025.
    context = _context(la_informed_on=date(2025, 12, 1), notice_given_on=date(2025, 12, 10))
    findings = timing_findings(_plan(meeting_day), context, today=date(2025, 12, 11))
    keys = _keys(findings)
    assert ("scheduling.thirty_days:7" in keys) is is_late
    if is_late:
        message = next(f.message for f in findings if f.key == "scheduling.thirty_days:7")
        assert "after Wednesday 31 December 2025, the last day for mediation" in message


@pytest.mark.parametrize(
    ("notice_given_on", "today", "expected"),
    [
        (date(2025, 12, 20), date(2025, 12, 21), None),  # arranged in time: the day may be later
        (date(2026, 1, 2), date(2026, 1, 3), Severity.WARNING),  # arranged too late
        (None, date(2026, 1, 3), Severity.WARNING),  # not arranged, and time is up
        (None, date(2025, 12, 15), Severity.INFORMATION),  # still time to arrange it
    ],
)
def test_arranged_within_30_days(
    notice_given_on: date | None, today: date, expected: Severity | None
) -> None:
    context = _context(
        la_informed_on=date(2025, 12, 1),
        notice_given_on=notice_given_on,
        shorter_notice_agreed=True,
        reading=MediationReading.ARRANGED,
    )
    keys = _keys(timing_findings(_plan(date(2026, 1, 14)), context, today=today))
    assert keys.get("scheduling.thirty_days:7") is expected


def test_without_the_trigger_date_the_mediator_is_asked_for_it() -> None:
    context = _context(la_informed_on=None, health_only=True, notice_given_on=LATEST_NOTICE)
    (finding,) = timing_findings(_plan(), context, today=date(2026, 4, 1))
    assert finding.severity is Severity.INFORMATION
    assert "the local authority told the ICB of the health issues" in finding.message


def test_unknown_bank_holidays_are_noted() -> None:
    short = WorkingCalendar(known_until=date(2026, 12, 31))
    context = _context(calendar=short, la_informed_on=date(2027, 2, 1), shorter_notice_agreed=True)
    keys = _keys(timing_findings(_plan(date(2027, 2, 10)), context, today=date(2027, 2, 2)))
    assert keys == {"scheduling.notice_horizon:7": Severity.INFORMATION}


def test_scheduling_findings_joins_both_kinds() -> None:
    plan = _plan(date(2026, 4, 18), format=MeetingFormat.VIDEO, venue=None)
    keys = _keys(scheduling_findings(plan, _context(), today=date(2026, 4, 1)))
    assert set(keys) == {
        "scheduling.not_working_day:7",
        "scheduling.no_link:7",
        "scheduling.notice:7",
    }
