"""The statutory clock for SEND mediation in England (domain reference §3, rules R1–R12).

Day 0 is the triggering day and counting starts the day after. Each rule has one function
that returns a `Deadline`: the due date, which kind of days it counts, a one-sentence
explanation naming the law, and warnings (for example when bank holidays are not yet known).

Pure: standard library and `holidays` only; no Qt, no database, no I/O.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from sendmed_desktop.domain.action_deadlines import ActionOutcome, action_deadlines
from sendmed_desktop.domain.deadlines import (
    Counting,
    Deadline,
    calendar_or_default,
    horizon_warnings,
)
from sendmed_desktop.domain.working_days import (
    DEFAULT_CALENDAR,
    WorkingCalendar,
    add_months,
    format_date,
)

__all__ = [
    "DEFAULT_CALENDAR",
    "ActionOutcome",
    "Counting",
    "Deadline",
    "MediationReading",
    "WorkingCalendar",
    "action_deadlines",
    "add_months",
    "adviser_contact_deadline",
    "appeal_deadline",
    "certificate_due_after_decline",
    "certificate_due_after_mediation",
    "certificate_due_not_held",
    "format_date",
    "icb_notification_due",
    "latest_notice_date",
    "mediation_due",
]

CERTIFICATE_WORKING_DAYS = 3
NOTICE_WORKING_DAYS = 5
MEDIATION_CALENDAR_DAYS = 30

_REGS = "SEND Regulations 2014"
_COP = "SEND Code of Practice 2015, chapter 11"
_TRIBUNAL_CAN_EXTEND = "if this date is missed, the Tribunal can still extend time"


class MediationReading(StrEnum):
    """How a service reads the 30-day rule (R4): mediation held, or only arranged, in time."""

    HELD = "held"
    ARRANGED = "arranged"


def _third_working_day(
    rule: str,
    title: str,
    start: date,
    calendar: WorkingCalendar | None,
    *,
    who_and_what: str,
    after_what: str,
    source: str,
) -> Deadline:
    """Build a "by the 3rd working day after" deadline (R2, R3, R6, R7)."""
    cal = calendar_or_default(calendar)
    due = cal.add_working_days(start, CERTIFICATE_WORKING_DAYS)
    explanation = (
        f"{who_and_what} by {format_date(due)}, the 3rd working day after "
        f"{format_date(start)}, when {after_what} ({source})."
    )
    return Deadline(
        rule=rule,
        title=title,
        due=due,
        explanation=explanation,
        counting=Counting.WORKING_DAYS,
        warnings=horizon_warnings(cal, start, due),
        source=source,
        start=start,
    )


def adviser_contact_deadline(
    decision_sent: date, *, calendar: WorkingCalendar | None = None
) -> Deadline:
    """Return the date by which the parent or young person must contact the adviser (R1)."""
    cal = calendar_or_default(calendar)
    due = add_months(decision_sent, 2)
    source = f"{_REGS}, reg 33"
    return Deadline(
        rule="R1",
        title="Contact the mediation adviser",
        due=due,
        explanation=(
            f"If they wish to appeal, the parent or young person must contact the mediation "
            f"adviser by {format_date(due)}, 2 months after the decision notice was sent on "
            f"{format_date(decision_sent)} ({source})."
        ),
        counting=Counting.CALENDAR_DAYS,
        warnings=horizon_warnings(cal, decision_sent, due, uses_holidays=False),
        source=source,
        start=decision_sent,
    )


def certificate_due_after_decline(
    adviser_told: date, *, calendar: WorkingCalendar | None = None
) -> Deadline:
    """Return when the certificate is due after the parent or young person declines (R2)."""
    return _third_working_day(
        "R2",
        "Certificate after mediation declined",
        adviser_told,
        calendar,
        who_and_what="The mediation adviser must issue the mediation certificate",
        after_what="the adviser was told that the parent or young person does not wish to mediate",
        source=f"{_REGS}, reg 34",
    )


def icb_notification_due(la_told: date, *, calendar: WorkingCalendar | None = None) -> Deadline:
    """Return when the local authority must tell each ICB about health issues (R3)."""
    return _third_working_day(
        "R3",
        "Tell the ICB about health issues",
        la_told,
        calendar,
        who_and_what=(
            "The local authority must tell each ICB (formerly CCG) the health care issues "
            "to be mediated"
        ),
        after_what="it was told of them",
        source=f"{_REGS}, regs 35–36",
    )


def mediation_due(
    la_informed: date,
    *,
    reading: MediationReading = MediationReading.HELD,
    health_only: bool = False,
    calendar: WorkingCalendar | None = None,
) -> Deadline:
    """Return the last day for mediation: 30 calendar days after the trigger (R4).

    `la_informed` is the day the local authority was told the parent or young person wishes
    to mediate; for health-only mediation pass the day the local authority told the ICB and
    set `health_only`. `reading` changes only the wording: some services read the rule as
    "arranged", not "held", within 30 days.
    """
    cal = calendar_or_default(calendar)
    due = la_informed + timedelta(days=MEDIATION_CALENDAR_DAYS)
    if health_only:
        trigger = "the local authority told the ICB of the health care issues"
        body = "the ICB"
    else:
        trigger = "the local authority was told that the parent or young person wishes to mediate"
        body = "the local authority"
    if reading is MediationReading.ARRANGED:
        source = f"{_REGS}, regs 35–37, as read by IPSEA"
        requirement = f"{body} must have arranged the mediation"
    else:
        source = f"{_REGS}, regs 35–37"
        requirement = "the mediation must take place"
    return Deadline(
        rule="R4",
        title="Mediation held" if reading is MediationReading.HELD else "Mediation arranged",
        due=due,
        explanation=(
            f"{requirement[0].upper()}{requirement[1:]} by {format_date(due)}, within 30 days "
            f"of {format_date(la_informed)}, when {trigger} ({source})."
        ),
        counting=Counting.CALENDAR_DAYS,
        warnings=horizon_warnings(cal, la_informed, due, uses_holidays=False),
        source=source,
        start=la_informed,
    )


def latest_notice_date(meeting_date: date, *, calendar: WorkingCalendar | None = None) -> Deadline:
    """Return the last day notice of the meeting can be given: 5 working days before (R5)."""
    cal = calendar_or_default(calendar)
    due = cal.add_working_days(meeting_date, -NOTICE_WORKING_DAYS)
    return Deadline(
        rule="R5",
        title="Notice of the meeting",
        due=due,
        explanation=(
            f"Notice of the date and place of the meeting on {format_date(meeting_date)} "
            f"should be given by {format_date(due)}, at least 5 working days before, unless "
            f"the parent or young person agrees to less notice, which should be recorded "
            f"({_COP})."
        ),
        counting=Counting.WORKING_DAYS,
        warnings=horizon_warnings(cal, due, meeting_date),
        source=_COP,
        start=meeting_date,
    )


def certificate_due_not_held(
    la_told_adviser: date, *, calendar: WorkingCalendar | None = None
) -> Deadline:
    """Return when the certificate is due after mediation cannot be held in 30 days (R6)."""
    return _third_working_day(
        "R6",
        "Certificate: mediation not held in 30 days",
        la_told_adviser,
        calendar,
        who_and_what=(
            "The mediation adviser must issue the certificate that mediation could not take "
            "place within 30 days"
        ),
        after_what="the local authority said so",
        source=f"{_REGS}, Part 2, as read by IPSEA and IAS Manchester",
    )


def certificate_due_after_mediation(
    concluded: date, *, calendar: WorkingCalendar | None = None
) -> Deadline:
    """Return when the mediator's certificate is due after mediation (R7)."""
    return _third_working_day(
        "R7",
        "Certificate after mediation",
        concluded,
        calendar,
        who_and_what="The mediator must issue the mediation certificate",
        after_what="mediation concluded",
        source=f"Children and Families Act 2014, s.55(5); {_COP}",
    )


def _is_in_christmas_window(d: date) -> bool:
    return (d.month == 12 and d.day >= 25) or (d.month, d.day) == (1, 1)


def appeal_deadline(
    decision_sent: date,
    certificate_issued: date | None = None,
    *,
    calendar: WorkingCalendar | None = None,
) -> Deadline:
    """Return the last day to appeal to the Tribunal, as HESC rules 20 and 12 set it (R8).

    The Tribunal counts only statutory non-working days, so the service's own closures
    (Christmas Eve, extra closure dates) are not used; if they would give a later date, a
    warning says so, because such a closure may be a newly proclaimed bank holiday.
    """
    service_calendar = calendar_or_default(calendar)
    tribunal_calendar = service_calendar.statutory()
    from_decision = add_months(decision_sent, 2)
    limb = f"2 months after the decision notice was sent on {format_date(decision_sent)}"
    time_ends = from_decision
    if certificate_issued is not None:
        from_certificate = add_months(certificate_issued, 1)
        time_ends = max(from_decision, from_certificate)
        limb = (
            f"the later of {limb} and 1 month after the mediation certificate was issued on "
            f"{format_date(certificate_issued)}"
        )

    due = _extend_appeal_time(time_ends, tribunal_calendar)
    if due == time_ends:
        reason = ""
        rules = "HESC Rules 2008, r.20(1)(c)"
    elif _is_in_christmas_window(time_ends):
        reason = (
            "falls between 25 December and 1 January, so time runs to the first working day "
            "after 1 January"
        )
        rules = "HESC Rules 2008, r.20(1)(c) and r.12(3)(a)"
    elif time_ends.month == 8:
        reason = "falls in August, so time runs to the first working day after 31 August"
        rules = "HESC Rules 2008, r.20(1)(c) and r.12(3)(a)"
    else:
        reason = "is not a working day, so time runs to the next working day"
        rules = "HESC Rules 2008, r.20(1)(c) and r.12(2)"

    if reason:
        explanation = (
            f"The appeal must reach the Tribunal by {format_date(due)}: {limb} is "
            f"{format_date(time_ends)}, which {reason} ({rules}); {_TRIBUNAL_CAN_EXTEND}."
        )
    else:
        explanation = (
            f"The appeal must reach the Tribunal by {format_date(due)}, {limb} ({rules}); "
            f"{_TRIBUNAL_CAN_EXTEND}."
        )

    warnings = list(horizon_warnings(service_calendar, decision_sent, time_ends, due))
    with_closures = _extend_appeal_time(time_ends, service_calendar)
    if with_closures != due:
        warnings.append(
            f"Your service's own closures were not used: the Tribunal counts only weekends, "
            f"Christmas Day, Good Friday and bank holidays; if a closure is a newly announced "
            f"bank holiday, the appeal is due by {format_date(with_closures)}."
        )
    return Deadline(
        rule="R8",
        title="Appeal to the Tribunal",
        due=due,
        explanation=explanation,
        counting=Counting.CALENDAR_DAYS,
        warnings=tuple(warnings),
        source=rules,
        start=decision_sent,
    )


def _extend_appeal_time(time_ends: date, calendar: WorkingCalendar) -> date:
    """Apply HESC rule 12(3)(a) (Christmas window, August) and rule 12(2) (non-working day)."""
    if _is_in_christmas_window(time_ends):
        new_year = time_ends.year + 1 if time_ends.month == 12 else time_ends.year
        return calendar.add_working_days(date(new_year, 1, 1), 1)
    if time_ends.month == 8:
        return calendar.add_working_days(date(time_ends.year, 8, 31), 1)
    return calendar.next_working_day_on_or_after(time_ends)
