"""Retention (domain.md §6): the kinds of record, when each falls due, and what is due.

Every period counts in calendar months from the day the case was closed; an open case
(no close date) is never due. What each kind covers, and so what erasing it removes
(``storage/retention_repository.py`` does exactly this):

- **Contact details**: how people were reached and accommodated. Each participant's
  email, phone and communication needs; the contact log (pre-meeting calls); reasonable
  adjustments; the meeting's venue and video link (a venue may be a family's home). A
  person who also takes part in another case keeps their details until that case's
  contact details are erased too: erasing one case must not break another.
- **Working notes**: what was said and proposed on the way to an agreement. Every view
  note (private, private-session and shareable, soft-deleted ones too), every proposal
  and every feedback response.
- **Child's views**: the record of how the child's views were sought, the consent and
  the child's own words. What the signed agreement quotes stays with the agreement.
- **Written agreements**: every version, with its actions, signatures, the frozen signed
  content and the sealed PDF.
- **Mediation certificates**: every certificate, corrections included, with its PDF.
- **The case itself**: what is left once the others go: the reference and dates, the
  child's name, the people and their roles, the decision, issues, meetings, attendance,
  expenses and stage progress, and any kind above not yet erased.

The case itself is its own line, due only once every other kind's period has passed,
rather than going silently with the last kind erased: it still names the child and the
people, so nothing justifies keeping it once nothing else is kept, but removing a whole
case is the largest step and the mediator confirms it as such. A short period for one
kind therefore never takes a longer-kept agreement or certificate with it. Kinds may go
in any order: an agreement erased while contact details are kept is fine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from sendmed_desktop.domain.timescales import add_months


class RecordKind(StrEnum):
    """A kind of record with its own retention period; values are stored as-is."""

    CONTACTS = "contacts"
    WORKING_NOTES = "working_notes"
    CHILD_VIEWS = "child_views"
    AGREEMENTS = "agreements"
    CERTIFICATES = "certificates"
    CASE = "case"

    @property
    def label(self) -> str:
        """Return the kind's name as the mediator reads it."""
        return _LABELS[self]

    @property
    def covers(self) -> str:
        """Return, in plain words, what erasing this kind removes."""
        return _COVERS[self]


# The kinds that have a period of their own; the case itself follows the longest.
PERIOD_KINDS: tuple[RecordKind, ...] = (
    RecordKind.CONTACTS,
    RecordKind.WORKING_NOTES,
    RecordKind.CHILD_VIEWS,
    RecordKind.AGREEMENTS,
    RecordKind.CERTIFICATES,
)
# Display and erasure order: the case itself goes last, after its parts.
KIND_ORDER: tuple[RecordKind, ...] = (*PERIOD_KINDS, RecordKind.CASE)

_LABELS = {
    RecordKind.CONTACTS: "Contact details",
    RecordKind.WORKING_NOTES: "Working notes",
    RecordKind.CHILD_VIEWS: "Child's views",
    RecordKind.AGREEMENTS: "Written agreements",
    RecordKind.CERTIFICATES: "Mediation certificates",
    RecordKind.CASE: "The case itself",
}
_COVERS = {
    RecordKind.CONTACTS: (
        "Email addresses, phone numbers and communication needs, the contact log, "
        "reasonable adjustments and the meeting's venue and video link. Someone who also "
        "takes part in another case keeps their details until that case's go too."
    ),
    RecordKind.WORKING_NOTES: (
        "Every note of what was said (private and private-session notes included), "
        "every proposal and all feedback."
    ),
    RecordKind.CHILD_VIEWS: (
        "How the child's views were sought, the consent, and the child's own words."
    ),
    RecordKind.AGREEMENTS: (
        "Every version of the written agreement with its actions, signatures and sealed PDF."
    ),
    RecordKind.CERTIFICATES: "Every mediation certificate, corrections included.",
    RecordKind.CASE: (
        "The whole case: its reference and dates, the child's name, the people, the "
        "decision, issues, meetings and expenses, and anything above not yet erased."
    ),
}


@dataclass(frozen=True)
class RetentionPeriods:
    """Months after a case closes before each kind of record is due for deletion."""

    contacts: int = 24
    working_notes: int = 3
    child_views: int = 12
    agreements: int = 72
    certificates: int = 72

    def months(self, kind: RecordKind) -> int:
        """Return ``kind``'s period; the case itself waits for the longest of them."""
        if kind is RecordKind.CASE:
            return max(self.months(other) for other in PERIOD_KINDS)
        months: int = getattr(self, kind.value)
        return months


def due_on(kind: RecordKind, closed_on: date, periods: RetentionPeriods) -> date:
    """Return the first day ``kind`` of a case closed on ``closed_on`` is due."""
    return add_months(closed_on, periods.months(kind))


def is_due(
    kind: RecordKind, closed_on: date | None, periods: RetentionPeriods, today: date
) -> bool:
    """Return whether ``kind`` is due on ``today``; an open case is never due."""
    return closed_on is not None and due_on(kind, closed_on, periods) <= today


@dataclass(frozen=True)
class Holding:
    """How many of one sort of row a kind holds, with the words for one and for many."""

    count: int
    singular: str
    plural: str

    def __str__(self) -> str:
        return f"{self.count} {self.singular if self.count == 1 else self.plural}"


def describe(holdings: Iterable[Holding]) -> str:
    """Return what is held in words, e.g. ``14 working notes, 3 proposals``."""
    parts = [str(holding) for holding in holdings if holding.count > 0]
    return ", ".join(parts) if parts else "Nothing stored"


def holds_anything(holdings: Iterable[Holding]) -> bool:
    """Return whether any of ``holdings`` counts at least one row."""
    return any(holding.count > 0 for holding in holdings)


@dataclass(frozen=True)
class ClosedCase:
    """A closed case as retention sees it: when it closed, what it holds, what has gone.

    ``holdings`` maps each kind to its counts; ``erased`` maps each kind already erased
    to the day it was.
    """

    case_id: int
    reference: str
    closed_on: date
    holdings: Mapping[RecordKind, tuple[Holding, ...]] = field(default_factory=dict)
    erased: Mapping[RecordKind, date] = field(default_factory=dict)


@dataclass(frozen=True)
class DueItem:
    """One kind of record of one case that is past its retention period."""

    case_id: int
    reference: str
    kind: RecordKind
    closed_on: date
    due_since: date
    holdings: tuple[Holding, ...]

    @property
    def key(self) -> tuple[int, RecordKind]:
        """Return what identifies this item across reads: the case and the kind."""
        return (self.case_id, self.kind)

    @property
    def holds(self) -> str:
        """Return what will go, in words."""
        return describe(self.holdings)


def due_items(cases: Iterable[ClosedCase], periods: RetentionPeriods, today: date) -> list[DueItem]:
    """Return what is due on ``today``, the longest overdue first.

    A kind is listed when its period has passed, it has not been erased and it holds
    something (there is nothing to erase otherwise). The case itself is listed once
    every kind's period has passed, whatever is left in it, and its holdings count
    every kind not yet erased, since they go with it.
    """
    items: list[DueItem] = []
    for case in cases:
        for kind in KIND_ORDER:
            if kind in case.erased or not is_due(kind, case.closed_on, periods, today):
                continue
            holdings = _what_goes(case, kind)
            if kind is not RecordKind.CASE and not holds_anything(holdings):
                continue
            due = due_on(kind, case.closed_on, periods)
            items.append(DueItem(case.case_id, case.reference, kind, case.closed_on, due, holdings))
    items.sort(key=lambda item: (item.due_since, item.reference, KIND_ORDER.index(item.kind)))
    return items


def _what_goes(case: ClosedCase, kind: RecordKind) -> tuple[Holding, ...]:
    """Return what erasing ``kind`` removes; the case itself takes every kind still kept."""
    own = tuple(case.holdings.get(kind, ()))
    if kind is not RecordKind.CASE:
        return own
    kept = (k for k in PERIOD_KINDS if k not in case.erased)
    return own + tuple(holding for k in kept for holding in case.holdings.get(k, ()))


def latest_closing_day_due(periods: RetentionPeriods, today: date) -> date:
    """Return a day such that no case closed after it has anything due on ``today``.

    Lets storage skip recently closed cases without reading them. It errs late: a month
    end is clamped (31 Jan + 1 month = 28 Feb), so a few days of slack are added, and
    the exact check is ``is_due``.
    """
    shortest = min(periods.months(kind) for kind in PERIOD_KINDS)
    return add_months(today, -shortest) + timedelta(days=4)


def erasure_order(items: Iterable[DueItem]) -> list[DueItem]:
    """Return ``items`` case by case, each case's parts before the case itself."""
    return sorted(items, key=lambda item: (item.reference, KIND_ORDER.index(item.kind)))


def months_in_words(months: int) -> str:
    """Return a period as the mediator would say it, e.g. ``2 years 6 months``."""
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year" if years == 1 else f"{years} years")
    if rest or not years:
        parts.append(f"{rest} month" if rest == 1 else f"{rest} months")
    return " ".join(parts)
