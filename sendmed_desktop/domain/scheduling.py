"""Checks on when and where a mediation meeting is held.

- R5: notice of the date and place at least 5 working days before the meeting, unless the
  parent or young person agrees to less (SEND Code of Practice 2015, chapter 11).
- R4: mediation within 30 calendar days of the local authority being told (for health-only
  mediation, of the local authority telling the ICB); a service may read it as "arranged"
  rather than "held" (SEND Regulations 2014, regs 35–37).
- A meeting day that is not a working day, a video meeting with no link, and an in-person
  meeting with no venue.

Pure: standard library only; no Qt, no database, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sendmed_desktop.domain.parties import Finding, Severity
from sendmed_desktop.domain.timescales import (
    MediationReading,
    WorkingCalendar,
    latest_notice_date,
    mediation_due,
)
from sendmed_desktop.domain.vocabulary import MeetingFormat
from sendmed_desktop.domain.working_days import format_date

__all__ = [
    "MeetingPlan",
    "SchedulingFinding",
    "StatutoryContext",
    "arrangement_findings",
    "scheduling_findings",
    "timing_findings",
]

# Scheduling findings are ordinary findings; the name says where they come from.
SchedulingFinding = Finding


@dataclass(frozen=True)
class MeetingPlan:
    """One meeting as scheduled: its day in England, how it is held, and where."""

    meeting_id: int
    day: date
    format: MeetingFormat
    venue: str | None = None
    video_link: str | None = None


@dataclass(frozen=True)
class StatutoryContext:
    """The case's dates and the service's settings that the meeting is checked against.

    ``la_informed_on`` starts the 30 days; for health-only mediation pass the day the local
    authority told the ICB and set ``health_only``.
    """

    notice_given_on: date | None = None
    shorter_notice_agreed: bool = False
    la_informed_on: date | None = None
    health_only: bool = False
    reading: MediationReading = MediationReading.HELD
    calendar: WorkingCalendar | None = None


def scheduling_findings(plan: MeetingPlan, context: StatutoryContext, today: date) -> list[Finding]:
    """Check a meeting's arrangements and its timing against the statutory clock."""
    return [*arrangement_findings(plan, context.calendar), *timing_findings(plan, context, today)]


def arrangement_findings(plan: MeetingPlan, calendar: WorkingCalendar | None) -> list[Finding]:
    """Check the day, and that the meeting has a venue or a link to match its format."""
    key = plan.meeting_id
    found = []
    cal = calendar if calendar is not None else WorkingCalendar()
    if not cal.is_working_day(plan.day):
        found.append(
            Finding(
                f"scheduling.not_working_day:{key}",
                f"The meeting is on {format_date(plan.day)}, which is not a working day "
                "(a weekend, a bank holiday or a day your service is closed).",
                Severity.WARNING,
            )
        )
    if plan.format is MeetingFormat.VIDEO and not (plan.video_link or "").strip():
        found.append(
            Finding(
                f"scheduling.no_link:{key}",
                "The meeting is by video call but has no link: add the link so it can go in "
                "the notice of the meeting.",
                Severity.WARNING,
            )
        )
    if plan.format is MeetingFormat.IN_PERSON and not (plan.venue or "").strip():
        found.append(
            Finding(
                f"scheduling.no_venue:{key}",
                "The meeting is in person but has no venue: add the place so it can go in the "
                "notice of the meeting.",
                Severity.WARNING,
            )
        )
    return found


def timing_findings(plan: MeetingPlan, context: StatutoryContext, today: date) -> list[Finding]:
    """Check the notice of the meeting (R5) and the 30-day limit (R4)."""
    return [*_notice_findings(plan, context, today), *_thirty_day_findings(plan, context, today)]


def _notice_findings(plan: MeetingPlan, context: StatutoryContext, today: date) -> list[Finding]:
    key = f"scheduling.notice:{plan.meeting_id}"
    deadline = latest_notice_date(plan.day, calendar=context.calendar)
    latest = format_date(deadline.due)
    given = context.notice_given_on
    found = [
        Finding(f"scheduling.notice_horizon:{plan.meeting_id}", warning, Severity.INFORMATION)
        for warning in deadline.warnings
    ]
    if given is not None and given > plan.day:
        found.append(
            Finding(
                key,
                f"Notice is recorded as given on {format_date(given)}, after the meeting on "
                f"{format_date(plan.day)}: check the date.",
                Severity.PROBLEM,
            )
        )
    elif given is not None and given > deadline.due and not context.shorter_notice_agreed:
        found.append(
            Finding(
                key,
                f"Notice was given on {format_date(given)}, less than 5 working days before the "
                f"meeting on {format_date(plan.day)} (it was due by {latest}), and the parent or "
                "young person's agreement to shorter notice is not recorded (R5, SEND Code of "
                "Practice 2015, chapter 11).",
                Severity.WARNING,
            )
        )
    elif given is None and not context.shorter_notice_agreed:
        if today > deadline.due:
            message = (
                f"No notice of the meeting is recorded, and 5 working days' notice was due by "
                f"{latest}: give notice now and record the parent or young person's agreement "
                "to shorter notice (R5)."
            )
            found.append(Finding(key, message, Severity.WARNING))
        else:
            message = f"Give notice of the date and place of the meeting by {latest} (R5)."
            found.append(Finding(key, message, Severity.INFORMATION))
    return found


def _thirty_day_findings(
    plan: MeetingPlan, context: StatutoryContext, today: date
) -> list[Finding]:
    key = f"scheduling.thirty_days:{plan.meeting_id}"
    trigger = context.la_informed_on
    if trigger is None:
        if context.health_only:
            told = "the local authority told the ICB of the health issues"
        else:
            told = "the local authority was told the family wishes to mediate"
        return [
            Finding(
                key,
                f"Record the day {told}, so the 30-day limit can be checked (R4).",
                Severity.INFORMATION,
            )
        ]
    deadline = mediation_due(
        trigger,
        reading=context.reading,
        health_only=context.health_only,
        calendar=context.calendar,
    )
    due = format_date(deadline.due)
    if context.reading is MediationReading.HELD:
        if plan.day <= deadline.due:
            return []
        message = (
            f"The meeting on {format_date(plan.day)} is after {due}, the last day for "
            f"mediation within 30 days of {format_date(trigger)} (R4, {deadline.source})."
        )
        return [Finding(key, message, Severity.WARNING)]
    # Read as "arranged": what matters is that notice was given in time, not the meeting day.
    arranged_on = context.notice_given_on
    if arranged_on is not None:
        if arranged_on <= deadline.due:
            return []
        message = (
            f"The meeting was arranged (notice given) on {format_date(arranged_on)}, after "
            f"{due}, the last day to arrange mediation within 30 days of "
            f"{format_date(trigger)} (R4, {deadline.source})."
        )
        return [Finding(key, message, Severity.WARNING)]
    if today > deadline.due:
        message = (
            f"No notice of the meeting is recorded, and mediation had to be arranged by {due} "
            f"(R4, {deadline.source})."
        )
        return [Finding(key, message, Severity.WARNING)]
    if plan.day > deadline.due:
        message = (
            f"The meeting on {format_date(plan.day)} is after {due}; your service reads the "
            f"30-day rule as 'arranged', so give notice of it by {due} (R4)."
        )
        return [Finding(key, message, Severity.INFORMATION)]
    return []
