"""Working days and calendar months for England, as the SEND mediation rules count them.

A working day is any day except a Saturday, a Sunday, Christmas Day, Good Friday or a bank
holiday in England and Wales (SEND Regulations 2014, reg 2; HESC Rules 2008, r.1). Bank
holidays come from the `holidays` package, which lists weekend actual dates as well as
substitute days and one-off days such as 2022-09-19 and 2023-05-08.

Pure: standard library and `holidays` only; no Qt, no database, no I/O.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache

import holidays

__all__ = [
    "DEFAULT_CALENDAR",
    "HORIZON_YEARS",
    "WorkingCalendar",
    "add_months",
    "format_date",
]

# GOV.UK publishes England's bank holidays a year or two ahead, and one-off days (a state
# funeral, a coronation) are proclaimed months or only days before. The `holidays` package
# projects the regular rules to its end year (2100), but those projections are guesses, so
# only this many years beyond the current one are treated as known.
HORIZON_YEARS = 2

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(d: date) -> str:
    """Format a date the British way, e.g. "Wednesday 8 April 2026", whatever the locale."""
    return f"{_WEEKDAY_NAMES[d.weekday()]} {d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


def add_months(d: date, n: int) -> date:
    """Add n calendar months (n may be negative), clamping to the end of a shorter month."""
    month_index = d.year * 12 + (d.month - 1) + n
    year, month_zero_based = divmod(month_index, 12)
    month = month_zero_based + 1
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last_day))


@cache
def _easter_sunday(year: int) -> date:
    """Return Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _good_friday(year: int) -> date:
    return _easter_sunday(year) - timedelta(days=2)


@cache
def _england_bank_holidays(year: int) -> frozenset[date]:
    """Return every date the `holidays` package lists for England in one year."""
    # The previous year is loaded too, in case a holiday's substitute day spills into January.
    listed = holidays.country_holidays("GB", subdiv="ENG", years=(year - 1, year))
    return frozenset(day for day in listed if day.year == year)


@lru_cache(maxsize=1)
def _package_end_year() -> int:
    """Return the last year for which the `holidays` package computes England's holidays."""
    return int(holidays.country_holidays("GB", subdiv="ENG").end_year)


def _default_known_until() -> date:
    # Only the year matters here, so UTC against London time makes no difference.
    this_year = datetime.now(tz=UTC).year
    return date(min(this_year + HORIZON_YEARS, _package_end_year()), 12, 31)


class WorkingCalendar:
    """Working days in England, with a service's own closures; immutable and hashable.

    `extra_closures` are dates the service treats as closed (for example a newly proclaimed
    bank holiday that the `holidays` package does not list yet). `christmas_eve_closed`
    treats 24 December as closed. `known_until` is the last date for which bank holidays are
    treated as known; by default 31 December of the year two years from now (never later than
    the package's own last year).
    """

    __slots__ = ("_christmas_eve_closed", "_extra_closures", "_known_until")

    def __init__(
        self,
        extra_closures: Iterable[date] = (),
        christmas_eve_closed: bool = False,
        *,
        known_until: date | None = None,
    ) -> None:
        self._extra_closures = frozenset(extra_closures)
        self._christmas_eve_closed = bool(christmas_eve_closed)
        self._known_until = known_until if known_until is not None else _default_known_until()

    @property
    def extra_closures(self) -> frozenset[date]:
        """Dates the service is closed on top of weekends and bank holidays."""
        return self._extra_closures

    @property
    def christmas_eve_closed(self) -> bool:
        """Whether 24 December counts as a non-working day."""
        return self._christmas_eve_closed

    @property
    def known_until(self) -> date:
        """Return the last date for which bank holidays are treated as known."""
        return self._known_until

    def statutory(self) -> WorkingCalendar:
        """Return this calendar without the service's own closures (bank holidays only)."""
        if not self._extra_closures and not self._christmas_eve_closed:
            return self
        return WorkingCalendar(known_until=self._known_until)

    def is_working_day(self, d: date) -> bool:
        """Tell whether d is a working day."""
        if d.weekday() >= _SATURDAY:
            return False
        if (d.month, d.day) == (12, 25) or d == _good_friday(d.year):
            # Not bank holidays in law but always non-working days, whatever the data says.
            return False
        if self._christmas_eve_closed and (d.month, d.day) == (12, 24):
            return False
        if d in self._extra_closures:
            return False
        return d not in _england_bank_holidays(d.year)

    def add_working_days(self, d: date, n: int) -> date:
        """Return the nth working day after d (before d if n is negative; d itself if n is 0)."""
        step = _ONE_DAY if n > 0 else -_ONE_DAY
        remaining = abs(n)
        current = d
        while remaining:
            current += step
            if self.is_working_day(current):
                remaining -= 1
        return current

    def next_working_day_on_or_after(self, d: date) -> date:
        """Return d if it is a working day, otherwise the first working day after it."""
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def previous_working_day_on_or_before(self, d: date) -> date:
        """Return d if it is a working day, otherwise the last working day before it."""
        while not self.is_working_day(d):
            d -= _ONE_DAY
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Count working days after start up to and including end (negative if end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        current = start
        while current < end:
            current += _ONE_DAY
            if self.is_working_day(current):
                count += 1
        return count

    def _key(self) -> tuple[frozenset[date], bool, date]:
        return (self._extra_closures, self._christmas_eve_closed, self._known_until)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkingCalendar):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        closures = sorted(self._extra_closures)
        return (
            f"WorkingCalendar(extra_closures={closures!r}, "
            f"christmas_eve_closed={self._christmas_eve_closed!r}, "
            f"known_until={self._known_until!r})"
        )


DEFAULT_CALENDAR = WorkingCalendar()
