"""Which deadlines a case's dates bring into play, and their status on a given day."""

from __future__ import annotations

from datetime import date

import pytest

from sendmed_desktop.domain.timeline import (
    ActionDate,
    ClockFacts,
    DeadlineStatus,
    TimelineSettings,
    build_timeline,
    due_soon,
)
from sendmed_desktop.domain.timescales import MediationReading, WorkingCalendar
from sendmed_desktop.domain.vocabulary import CertificateKind, FamilyDecision


def _rules(entries: list) -> dict[str, object]:
    return {entry.deadline.rule: entry for entry in entries}


def test_nothing_entered_means_no_deadlines() -> None:
    assert build_timeline(ClockFacts(case_id=1, reference="A"), date(2026, 4, 1)) == []


def test_decision_sent_brings_adviser_contact_and_appeal() -> None:
    facts = ClockFacts(case_id=1, reference="A", decision_sent=date(2026, 6, 30))
    rules = _rules(build_timeline(facts, date(2026, 7, 1)))
    assert set(rules) == {"R1", "R8"}
    assert rules["R8"].deadline.due == date(2026, 9, 1)  # the August rule
    assert rules["R8"].for_family


def test_declined_brings_the_decline_certificate_not_mediation() -> None:
    facts = ClockFacts(
        case_id=1,
        reference="A",
        family_decision=FamilyDecision.DECLINE,
        adviser_told_of_decision_on=date(2026, 4, 1),
        la_informed_on=date(2026, 4, 1),
        health_in_scope=True,
    )
    rules = _rules(build_timeline(facts, date(2026, 4, 2)))
    assert set(rules) == {"R2"}
    assert rules["R2"].deadline.due == date(2026, 4, 8)
    assert rules["R2"].status is DeadlineStatus.DUE_SOON
    assert rules["R2"].time_left == "2 working days left"  # Tue 7, Wed 8 (Easter)


def test_statuses_done_late_overdue_due() -> None:
    concluded = date(2025, 12, 23)  # certificate due Tue 30 Dec 2025
    base = {"case_id": 1, "reference": "A", "meeting_concluded_on": concluded}
    on_time = {CertificateKind.AFTER_MEDIATION: date(2025, 12, 29)}
    late = {CertificateKind.AFTER_MEDIATION: date(2026, 1, 5)}
    today = date(2026, 1, 2)
    status = lambda **extra: _rules(build_timeline(ClockFacts(**base, **extra), today))["R7"]  # noqa: E731
    assert status(certificates_issued=on_time).status is DeadlineStatus.DONE
    assert status(certificates_issued=late).status is DeadlineStatus.LATE
    overdue = status()
    assert overdue.status is DeadlineStatus.OVERDUE
    assert overdue.time_left == "2 working days overdue"
    early = _rules(build_timeline(ClockFacts(**base), date(2025, 12, 23)))["R7"]
    assert early.status is DeadlineStatus.DUE_SOON


def test_far_deadline_is_due_not_due_soon() -> None:
    facts = ClockFacts(case_id=1, reference="A", la_informed_on=date(2025, 12, 1))
    entry = _rules(build_timeline(facts, date(2025, 12, 2)))["R4"]
    assert entry.deadline.due == date(2025, 12, 31)
    assert entry.status is DeadlineStatus.DUE
    assert entry.time_left == "29 days left"


def test_health_only_mediation_runs_from_the_icb_notification() -> None:
    facts = ClockFacts(
        case_id=1,
        reference="A",
        la_informed_on=date(2026, 3, 2),
        health_in_scope=True,
        health_only=True,
        icb_notified_on=date(2026, 3, 4),
    )
    rules = _rules(build_timeline(facts, date(2026, 3, 5)))
    assert rules["R3"].status is DeadlineStatus.DONE
    assert rules["R4"].deadline.due == date(2026, 4, 3)


@pytest.mark.parametrize(
    ("reading", "facts_extra", "expected"),
    [
        (MediationReading.HELD, {"notice_given_on": date(2025, 12, 10)}, DeadlineStatus.DUE),
        (MediationReading.ARRANGED, {"notice_given_on": date(2025, 12, 10)}, DeadlineStatus.DONE),
        (MediationReading.HELD, {"meeting_held_on": date(2025, 12, 20)}, DeadlineStatus.DONE),
    ],
)
def test_mediation_reading_setting(
    reading: MediationReading, facts_extra: dict, expected: DeadlineStatus
) -> None:
    facts = ClockFacts(case_id=1, reference="A", la_informed_on=date(2025, 12, 1), **facts_extra)
    settings = TimelineSettings(mediation_reading=reading)
    assert _rules(build_timeline(facts, date(2025, 12, 12), settings))["R4"].status is expected


def test_notice_check_and_shorter_notice_consent() -> None:
    meeting = date(2026, 4, 10)  # Fri; 5 working days before skips Easter: Wed 1 Apr
    late_notice = ClockFacts(
        case_id=1, reference="A", meeting_date=meeting, notice_given_on=date(2026, 4, 7)
    )
    entry = _rules(build_timeline(late_notice, date(2026, 4, 8)))["R5"]
    assert entry.deadline.due == date(2026, 4, 1)
    assert entry.status is DeadlineStatus.LATE
    agreed = ClockFacts(
        case_id=1,
        reference="A",
        meeting_date=meeting,
        notice_given_on=date(2026, 4, 7),
        shorter_notice_agreed=True,
    )
    entry = _rules(build_timeline(agreed, date(2026, 4, 8)))["R5"]
    assert entry.status is DeadlineStatus.DONE
    assert "agreed to shorter notice" in entry.deadline.explanation


def test_settings_calendar_moves_working_day_deadlines() -> None:
    facts = ClockFacts(case_id=1, reference="A", meeting_concluded_on=date(2026, 5, 1))
    plain = _rules(build_timeline(facts, date(2026, 5, 1)))["R7"].deadline.due
    closed = TimelineSettings(calendar=WorkingCalendar(extra_closures=(date(2026, 5, 5),)))
    later = _rules(build_timeline(facts, date(2026, 5, 1), closed))["R7"].deadline.due
    assert plain == date(2026, 5, 7)  # Mon 4 May is a bank holiday
    assert later == date(2026, 5, 8)


def test_not_held_certificate_and_appeal_from_latest_certificate() -> None:
    facts = ClockFacts(
        case_id=1,
        reference="A",
        decision_sent=date(2026, 1, 5),
        la_told_adviser_not_possible_on=date(2026, 2, 2),
        certificates_issued={CertificateKind.NOT_HELD: date(2026, 2, 4)},
    )
    rules = _rules(build_timeline(facts, date(2026, 2, 5)))
    assert rules["R6"].status is DeadlineStatus.DONE
    assert rules["R8"].deadline.due == date(2026, 3, 5)  # decision + 2 months is later


def test_actions_appear_and_due_soon_sorts_across_cases() -> None:
    today = date(2026, 3, 2)
    first = ClockFacts(
        case_id=1,
        reference="A",
        actions=(ActionDate("Agreed action: send draft", date(2026, 3, 4), "R11", "x"),),
    )
    second = ClockFacts(
        case_id=2,
        reference="B",
        meeting_concluded_on=date(2026, 2, 20),  # certificate overdue
        decision_sent=date(2026, 1, 20),
    )
    third = ClockFacts(
        case_id=3,
        reference="C",
        actions=(ActionDate("Agreed action: later", date(2026, 6, 1), "R9", "x"),),
    )
    urgent = due_soon(build_timeline(f, today) for f in (first, second, third))
    assert [(e.reference, e.deadline.rule) for e in urgent] == [("B", "R7"), ("A", "R11")]
