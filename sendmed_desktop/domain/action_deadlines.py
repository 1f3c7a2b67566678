"""Deadlines of agreed actions (R9–R12): reg 42 and the reg 44 limits of a Tribunal order.

An agreement's actions run from its date: not appealable, 2 weeks (reg 42(3)); appealable,
the reg 44 limits as if the agreement were a Tribunal order (reg 42(2)); health-only, the
ICB tells the local authority within a week (reg 42(4)); or a timescale the parties agreed
in writing instead (reg 42(5)).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from sendmed_desktop.domain.deadlines import (
    REGS,
    Counting,
    Deadline,
    calendar_or_default,
    horizon_warnings,
)
from sendmed_desktop.domain.working_days import WorkingCalendar, format_date


class ActionOutcome(StrEnum):
    """What a mediation agreement asks a body to do; each sets its own time limits."""

    ASSESS_OR_REASSESS = "assess_or_reassess"
    MAKE_PLAN = "make_plan"
    AMEND_PLAN = "amend_plan"
    NAME_SCHOOL = "name_school"
    NAME_SCHOOL_AND_AMEND = "name_school_and_amend"
    CONTINUE_OR_CEASE = "continue_or_cease"
    NOT_APPEALABLE = "not_appealable"
    HEALTH_ONLY_NOTIFY_LA = "health_only_notify_la"


@dataclass(frozen=True, slots=True)
class _ActionStep:
    """One time limit an agreed action sets, counted in calendar days from the agreement."""

    rule: str
    days: int
    title: str
    duty: str
    source: str


_REG_44 = f"{REGS}, regs 42(2) and 44"

_ACTION_STEPS: dict[ActionOutcome, tuple[_ActionStep, ...]] = {
    ActionOutcome.ASSESS_OR_REASSESS: (
        _ActionStep(
            "R11",
            14,
            "Confirm the assessment",
            "The local authority must tell the parent or young person that it will carry out "
            "the assessment or re-assessment",
            _REG_44,
        ),
        _ActionStep(
            "R11",
            70,
            "Decision not to issue a plan",
            "If, after assessing, the local authority decides not to issue an EHC plan, it "
            "must give the parent or young person that decision with reasons",
            _REG_44,
        ),
        _ActionStep(
            "R11",
            98,
            "Final EHC plan after assessment",
            "If, after assessing, the local authority decides to issue an EHC plan, it must "
            "send the final plan",
            _REG_44,
        ),
    ),
    ActionOutcome.MAKE_PLAN: (
        _ActionStep(
            "R11",
            35,
            "Draft EHC plan",
            "The local authority must issue the draft EHC plan",
            _REG_44,
        ),
        _ActionStep(
            "R11",
            77,
            "Final EHC plan",
            "The local authority must send the final EHC plan",
            _REG_44,
        ),
    ),
    ActionOutcome.AMEND_PLAN: (
        _ActionStep(
            "R11",
            35,
            "Amended EHC plan",
            "The local authority must issue the EHC plan amended in Section B and/or F",
            _REG_44,
        ),
    ),
    ActionOutcome.NAME_SCHOOL: (
        _ActionStep(
            "R11",
            14,
            "School named in Section I",
            "The local authority must issue the EHC plan naming the agreed school or type of "
            "school in Section I",
            _REG_44,
        ),
    ),
    ActionOutcome.NAME_SCHOOL_AND_AMEND: (
        _ActionStep(
            "R11",
            35,
            "Amended EHC plan with school named",
            "The local authority must issue the EHC plan with the agreed changes and the agreed "
            "school or type of school in Section I",
            _REG_44,
        ),
    ),
    ActionOutcome.CONTINUE_OR_CEASE: (
        _ActionStep(
            "R11",
            0,
            "Continue or cease the plan",
            "The local authority must continue to maintain the EHC plan, or cease it, as agreed,",
            _REG_44,
        ),
    ),
    ActionOutcome.NOT_APPEALABLE: (
        _ActionStep(
            "R9",
            14,
            "Agreed action",
            "The local authority or ICB must do the agreed action, which cannot be appealed to "
            "the Tribunal,",
            f"{REGS}, reg 42(3)",
        ),
    ),
    ActionOutcome.HEALTH_ONLY_NOTIFY_LA: (
        _ActionStep(
            "R10",
            7,
            "ICB tells the local authority",
            "The ICB must tell the local authority, which was not a party to the mediation, "
            "about the mediation agreement",
            f"{REGS}, reg 42(4)",
        ),
    ),
}


_OUTCOME_TITLES: dict[ActionOutcome, str] = {
    ActionOutcome.ASSESS_OR_REASSESS: "Assessment or re-assessment",
    ActionOutcome.MAKE_PLAN: "EHC plan",
    ActionOutcome.AMEND_PLAN: "Amended EHC plan",
    ActionOutcome.NAME_SCHOOL: "School named in Section I",
    ActionOutcome.NAME_SCHOOL_AND_AMEND: "Amended EHC plan with school named",
    ActionOutcome.CONTINUE_OR_CEASE: "Continue or cease the plan",
    ActionOutcome.NOT_APPEALABLE: "Agreed action",
    ActionOutcome.HEALTH_ONLY_NOTIFY_LA: "ICB tells the local authority",
}


def _describe_interval(days: int) -> str:
    if days % 7 == 0:
        weeks = days // 7
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    return f"{days} days"


def _lower_first(title: str) -> str:
    """Lower-case a title's first letter for use mid-sentence, leaving acronyms alone."""
    return title if title[:2].isupper() else title[:1].lower() + title[1:]


def _statutory_action_deadline(
    step: _ActionStep, agreement_date: date, calendar: WorkingCalendar
) -> Deadline:
    due = agreement_date + timedelta(days=step.days)
    as_if_order = ", as if the agreement were a Tribunal order" if step.rule == "R11" else ""
    if step.days == 0:
        when = f"immediately, that is on {format_date(due)}, the day of the mediation agreement"
    else:
        when = (
            f"by {format_date(due)}, {_describe_interval(step.days)} after the mediation "
            f"agreement of {format_date(agreement_date)}"
        )
    return Deadline(
        rule=step.rule,
        title=step.title,
        due=due,
        explanation=(f"{step.duty} {when}{as_if_order} ({step.source})."),
        counting=Counting.CALENDAR_DAYS,
        warnings=horizon_warnings(calendar, agreement_date, due, uses_holidays=False),
        source=step.source,
        start=agreement_date,
    )


def action_deadlines(
    agreement_date: date,
    outcome: ActionOutcome,
    agreed_timescale: date | None = None,
    *,
    calendar: WorkingCalendar | None = None,
) -> list[Deadline]:
    """Return the deadlines a mediation agreement sets for one agreed action (R9–R12).

    With `agreed_timescale` (a date the parties agreed in writing) a single R12 deadline
    replaces the statutory ones, except for the ICB's duty to tell the local authority (R10),
    which reg 42(5) does not let the parties change.
    """
    cal = calendar_or_default(calendar)
    statutory = [
        _statutory_action_deadline(step, agreement_date, cal) for step in _ACTION_STEPS[outcome]
    ]
    if agreed_timescale is None:
        return statutory
    if outcome is ActionOutcome.HEALTH_ONLY_NOTIFY_LA:
        ignored = (
            f"The agreed date of {format_date(agreed_timescale)} was not used: reg 42(5) lets "
            "the parties change the time for agreed actions, not the ICB's duty to tell the "
            "local authority within 1 week."
        )
        return [_with_warning(deadline, ignored) for deadline in statutory]

    if len(statutory) == 1:
        instead = f"the statutory date of {format_date(statutory[0].due)}"
    else:
        listed = "; ".join(f"{_lower_first(d.title)} by {format_date(d.due)}" for d in statutory)
        instead = f"the statutory dates ({listed})"
    source = f"{REGS}, reg 42(5)"
    warnings = list(horizon_warnings(cal, agreement_date, agreed_timescale, uses_holidays=False))
    if agreed_timescale < agreement_date:
        warnings.append(
            f"The agreed date of {format_date(agreed_timescale)} is before the mediation "
            f"agreement of {format_date(agreement_date)}; check it was entered correctly."
        )
    return [
        Deadline(
            rule="R12",
            title=f"{_OUTCOME_TITLES[outcome]} (agreed timescale)",
            due=agreed_timescale,
            explanation=(
                f"The parties agreed in writing on {format_date(agreement_date)} that this "
                f"action will be done by {format_date(agreed_timescale)}, instead of "
                f"{instead} ({source})."
            ),
            counting=Counting.CALENDAR_DAYS,
            warnings=tuple(warnings),
            source=source,
            start=agreement_date,
        )
    ]


def _with_warning(deadline: Deadline, warning: str) -> Deadline:
    return replace(deadline, warnings=(*deadline.warnings, warning))
