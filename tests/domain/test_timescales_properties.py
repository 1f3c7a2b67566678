"""Properties of the working-day calendar and the appeal deadline, checked with hypothesis."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sendmed_desktop.domain.timescales import (
    DEFAULT_CALENDAR,
    WorkingCalendar,
    add_months,
    appeal_deadline,
)

MAX_STEPS = 60
# Keep every result inside the years whose bank holidays are known, so answers are exact:
# 60 working days never span more than about 100 calendar days.
LAST_START = DEFAULT_CALENDAR.known_until - timedelta(days=200)
FIRST_START = date(2000, 1, 1) + timedelta(days=200)

starts = st.dates(min_value=FIRST_START, max_value=LAST_START)
steps = st.integers(min_value=1, max_value=MAX_STEPS)
calendars = st.builds(
    WorkingCalendar,
    extra_closures=st.frozensets(st.dates(min_value=FIRST_START, max_value=LAST_START), max_size=8),
    christmas_eve_closed=st.booleans(),
)
property_settings = settings(deadline=None, database=None, max_examples=200)


@property_settings
@given(calendar=calendars, start=starts, n=steps, backwards=st.booleans())
def test_add_working_days_lands_on_a_working_day(calendar, start, n, backwards):
    result = calendar.add_working_days(start, -n if backwards else n)
    assert calendar.is_working_day(result)
    assert (result < start) if backwards else (result > start)


@property_settings
@given(
    calendar=calendars,
    start=starts,
    a=st.integers(min_value=-MAX_STEPS, max_value=MAX_STEPS),
    b=st.integers(min_value=-MAX_STEPS, max_value=MAX_STEPS),
)
def test_add_working_days_is_strictly_increasing_in_n(calendar, start, a, b):
    if a == b:
        assert calendar.add_working_days(start, a) == calendar.add_working_days(start, b)
    else:
        low, high = sorted((a, b))
        assert calendar.add_working_days(start, low) < calendar.add_working_days(start, high)


@property_settings
@given(calendar=calendars, start=starts, n=steps)
def test_there_and_back_returns_to_the_working_day_at_or_before_start(calendar, start, n):
    there = calendar.add_working_days(start, n)
    back = calendar.add_working_days(there, -n)
    expected = start
    while not calendar.is_working_day(expected):
        expected -= timedelta(days=1)
    assert back == expected
    assert back == calendar.previous_working_day_on_or_before(start)


@property_settings
@given(calendar=calendars, start=starts, n=steps)
def test_back_and_there_returns_to_the_working_day_at_or_after_start(calendar, start, n):
    back = calendar.add_working_days(start, -n)
    assert calendar.add_working_days(back, n) == calendar.next_working_day_on_or_after(start)


@property_settings
@given(calendar=calendars, start=starts, n=steps)
def test_exactly_n_working_days_lie_after_start_up_to_the_result(calendar, start, n):
    result = calendar.add_working_days(start, n)
    days = [start + timedelta(days=i) for i in range(1, (result - start).days + 1)]
    assert sum(calendar.is_working_day(d) for d in days) == n
    assert calendar.working_days_between(start, result) == n


@property_settings
@given(
    start=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    n=st.integers(min_value=-36, max_value=36),
)
def test_add_months_moves_the_month_and_clamps_the_day(start, n):
    result = add_months(start, n)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == n
    assert result.day <= start.day
    if result.day < start.day:
        assert (result + timedelta(days=1)).day == 1  # clamped only to the month's last day


def _non_working_throughout(first: date, last: date) -> bool:
    days = (first + timedelta(days=i) for i in range((last - first).days + 1))
    return not any(DEFAULT_CALENDAR.is_working_day(d) for d in days)


@property_settings
@given(
    decision_sent=st.dates(min_value=FIRST_START, max_value=LAST_START),
    certificate_delay=st.one_of(st.none(), st.integers(min_value=0, max_value=120)),
)
def test_appeal_deadline_follows_hesc_rules_20_and_12(decision_sent, certificate_delay):
    certificate_issued = (
        None if certificate_delay is None else decision_sent + timedelta(days=certificate_delay)
    )
    deadline = appeal_deadline(decision_sent, certificate_issued)
    due = deadline.due
    time_ends = add_months(decision_sent, 2)
    if certificate_issued is not None:
        time_ends = max(time_ends, add_months(certificate_issued, 1))

    assert due >= time_ends
    assert DEFAULT_CALENDAR.is_working_day(due)
    if (time_ends.month, time_ends.day) == (1, 1) or (time_ends.month, time_ends.day) >= (12, 25):
        assert (due.month, due.day) >= (1, 2)
        assert due.month == 1
        assert _non_working_throughout(date(due.year, 1, 2), due - timedelta(days=1))
    elif time_ends.month == 8:
        assert due.month == 9
        assert _non_working_throughout(date(due.year, 9, 1), due - timedelta(days=1))
    else:
        assert _non_working_throughout(time_ends, due - timedelta(days=1))
    assert "extend time" in deadline.explanation
    assert "barred" not in deadline.explanation.lower()
