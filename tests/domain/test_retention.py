"""Retention rules: due dates per kind, what is listed, in what order, and the words."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sendmed_desktop.domain.retention import (
    KIND_ORDER,
    PERIOD_KINDS,
    ClosedCase,
    DueItem,
    Holding,
    RecordKind,
    RetentionPeriods,
    describe,
    due_items,
    due_on,
    erasure_order,
    is_due,
    latest_closing_day_due,
    months_in_words,
)

PERIODS = RetentionPeriods()
NOTES = (Holding(14, "working note", "working notes"), Holding(1, "proposal", "proposals"))
EMPTY = (Holding(0, "certificate", "certificates"),)
# Counts of a kind already erased: they must not reach the case's own line.
STALE_NOTES = (Holding(5, "working note", "working notes"),)


def _case(case_id: int, closed_on: date, **erased: date) -> ClosedCase:
    holdings = {kind: (Holding(1, "row", "rows"),) for kind in KIND_ORDER}
    return ClosedCase(
        case_id,
        f"SM-{case_id:04d}",
        closed_on,
        holdings,
        {RecordKind(kind): day for kind, day in erased.items()},
    )


def test_each_kind_is_due_its_months_after_closing() -> None:
    closed = date(2026, 1, 31)
    assert due_on(RecordKind.WORKING_NOTES, closed, PERIODS) == date(2026, 4, 30)
    assert due_on(RecordKind.CHILD_VIEWS, closed, PERIODS) == date(2027, 1, 31)
    assert due_on(RecordKind.CONTACTS, closed, PERIODS) == date(2028, 1, 31)
    assert due_on(RecordKind.AGREEMENTS, closed, PERIODS) == date(2032, 1, 31)
    # The case itself waits for the longest period, whichever kind that is.
    longer = RetentionPeriods(certificates=84)
    assert due_on(RecordKind.CASE, closed, longer) == date(2033, 1, 31)


def test_due_from_the_due_day_and_never_while_open() -> None:
    due = due_on(RecordKind.WORKING_NOTES, date(2026, 3, 10), PERIODS)
    assert not is_due(RecordKind.WORKING_NOTES, date(2026, 3, 10), PERIODS, due - timedelta(1))
    assert is_due(RecordKind.WORKING_NOTES, date(2026, 3, 10), PERIODS, due)
    assert not is_due(RecordKind.WORKING_NOTES, None, PERIODS, date(2099, 1, 1))


def test_due_items_list_what_is_due_holds_something_and_is_not_erased() -> None:
    closed = date(2025, 1, 10)
    today = date(2026, 2, 1)  # notes (3 months) and child's views (12 months) are due
    holdings = {RecordKind.WORKING_NOTES: NOTES, RecordKind.CHILD_VIEWS: EMPTY}
    cases = [
        ClosedCase(1, "SM-0001", closed, holdings),
        ClosedCase(2, "SM-0002", closed, holdings, {RecordKind.WORKING_NOTES: date(2025, 5, 1)}),
    ]
    (item,) = due_items(cases, PERIODS, today)
    assert item == DueItem(1, "SM-0001", RecordKind.WORKING_NOTES, closed, date(2025, 4, 10), NOTES)
    assert item.holds == "14 working notes, 1 proposal"
    assert item.key == (1, RecordKind.WORKING_NOTES)


def test_the_case_itself_is_listed_once_every_period_has_passed_even_if_empty() -> None:
    closed = date(2019, 6, 1)
    case = ClosedCase(7, "SM-0007", closed, {}, {})
    assert due_items([case], PERIODS, date(2025, 5, 31)) == []
    (item,) = due_items([case], PERIODS, date(2025, 6, 1))
    assert item.kind is RecordKind.CASE
    assert item.holds == "Nothing stored"


def test_the_case_itself_counts_every_kind_not_yet_erased() -> None:
    own = (Holding(3, "person", "people"),)
    holdings = {RecordKind.CASE: own, RecordKind.WORKING_NOTES: STALE_NOTES}
    holdings |= {RecordKind.CERTIFICATES: (Holding(2, "certificate", "certificates"),)}
    erased = {RecordKind.WORKING_NOTES: date(2020, 1, 1)}
    case = ClosedCase(7, "SM-0007", date(2019, 6, 1), holdings, erased)
    items = due_items([case], PERIODS, date(2026, 1, 1))
    assert [item.kind for item in items] == [RecordKind.CERTIFICATES, RecordKind.CASE]
    assert items[-1].holds == "3 people, 2 certificates"


def test_due_items_are_ordered_longest_overdue_first_then_by_case_and_kind() -> None:
    items = due_items(
        [_case(2, date(2020, 1, 1)), _case(1, date(2020, 1, 1)), _case(3, date(2026, 1, 1))],
        PERIODS,
        date(2026, 6, 1),
    )
    keys = [(item.reference, item.kind) for item in items]
    assert keys[:4] == [
        ("SM-0001", RecordKind.WORKING_NOTES),
        ("SM-0002", RecordKind.WORKING_NOTES),
        ("SM-0001", RecordKind.CHILD_VIEWS),
        ("SM-0002", RecordKind.CHILD_VIEWS),
    ]
    assert keys[-1] == ("SM-0003", RecordKind.WORKING_NOTES)
    assert len(items) == 2 * len(KIND_ORDER) + 1
    ordered = erasure_order(items)
    assert [item.kind for item in ordered[: len(KIND_ORDER)]] == list(KIND_ORDER)
    assert {item.reference for item in ordered[: len(KIND_ORDER)]} == {"SM-0001"}


@pytest.mark.parametrize("shortest", [1, 2, 3, 12])
def test_no_case_closed_after_the_latest_closing_day_has_anything_due(shortest: int) -> None:
    periods = RetentionPeriods(shortest, shortest + 1, shortest, 72, 72)
    start = date(2027, 1, 1)
    for offset in range(0, 400, 3):
        today = start + timedelta(offset)
        latest = latest_closing_day_due(periods, today)
        for closed in (latest + timedelta(1), latest + timedelta(2)):
            assert not any(is_due(kind, closed, periods, today) for kind in PERIOD_KINDS)
        # Nor is it needlessly late: a case closed three months before it has something due.
        assert is_due(RecordKind.CONTACTS, latest - timedelta(days=95), periods, today)


def test_words() -> None:
    assert describe(NOTES + EMPTY) == "14 working notes, 1 proposal"
    assert describe(EMPTY) == "Nothing stored"
    assert [months_in_words(n) for n in (1, 3, 12, 18, 24, 72)] == [
        "1 month",
        "3 months",
        "1 year",
        "1 year 6 months",
        "2 years",
        "6 years",
    ]
    assert RecordKind.CASE.label == "The case itself"
    assert "private-session" in RecordKind.WORKING_NOTES.covers
