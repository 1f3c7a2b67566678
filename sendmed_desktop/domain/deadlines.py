"""What every statutory deadline is: a due date, the days it counts, and why.

Shared by the rules in ``timescales`` and the agreed-action rules in ``action_deadlines``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sendmed_desktop.domain.working_days import DEFAULT_CALENDAR, WorkingCalendar, format_date

REGS = "SEND Regulations 2014"


class Counting(StrEnum):
    """Whether a rule counts working days or calendar days (weeks and months included)."""

    WORKING_DAYS = "working days"
    CALENDAR_DAYS = "calendar days"


@dataclass(frozen=True, slots=True)
class Deadline:
    """One statutory due date, with what it counts and why."""

    rule: str
    title: str
    due: date
    explanation: str
    counting: Counting
    warnings: tuple[str, ...] = ()
    source: str = ""
    start: date | None = None

    def remaining(self, today: date, calendar: WorkingCalendar | None = None) -> int:
        """Count the days left from today to the due date in this rule's kind of days."""
        if self.counting is Counting.WORKING_DAYS:
            return calendar_or_default(calendar).working_days_between(today, self.due)
        return (self.due - today).days


def calendar_or_default(calendar: WorkingCalendar | None) -> WorkingCalendar:
    return calendar if calendar is not None else DEFAULT_CALENDAR


def horizon_warnings(
    calendar: WorkingCalendar, *touched: date, uses_holidays: bool = True
) -> tuple[str, ...]:
    """Warn when a computation reaches past the last date with known bank holidays."""
    if max(touched) <= calendar.known_until:
        return ()
    known = format_date(calendar.known_until)
    if uses_holidays:
        warning = (
            f"Bank holidays after {known} are not yet known, so this date may move if a "
            "new bank holiday is announced; check it again nearer the time."
        )
    else:
        warning = (
            f"Bank holidays after {known} are not yet known; this date is counted in calendar "
            "days, but check nearer the time whether it falls on a bank holiday."
        )
    return (warning,)
