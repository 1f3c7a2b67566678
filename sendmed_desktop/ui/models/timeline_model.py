"""A case's statutory deadlines as a table: status, what is due, when, and time left."""

from __future__ import annotations

from enum import IntEnum

from sendmed_desktop.domain.timeline import DeadlineStatus, TimelineEntry
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.models.deadline_columns import (
    FAMILY_APPEAL,
    DeadlineTableModel,
    explanation_text,
    status_text,
    time_left_text,
    title_text,
)

__all__ = [
    "FAMILY_APPEAL",
    "HEADERS",
    "TimelineColumn",
    "TimelineModel",
    "cell_text",
    "explanation_text",
    "status_text",
    "time_left_text",
    "title_text",
]

# Overdue and due-soon rows are bold as well as marked: never colour alone.
_URGENT = frozenset({DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON})


class TimelineColumn(IntEnum):
    """The timeline's columns, in order."""

    STATUS = 0
    TITLE = 1
    DUE = 2
    TIME_LEFT = 3
    RULE = 4


HEADERS = {
    TimelineColumn.STATUS: "Status",
    TimelineColumn.TITLE: "What is due",
    TimelineColumn.DUE: "Due date",
    TimelineColumn.TIME_LEFT: "Time left",
    TimelineColumn.RULE: "Rule",
}
_HEADER_TIPS = {
    TimelineColumn.TIME_LEFT: "Counted in the rule's own kind of days: working or calendar days",
    TimelineColumn.RULE: "The rule in the statutory clock (R1–R12)",
}


def cell_text(entry: TimelineEntry, column: TimelineColumn) -> str:
    """Return the text shown for ``entry`` in ``column``."""
    if column is TimelineColumn.STATUS:
        return status_text(entry)
    if column is TimelineColumn.TITLE:
        return title_text(entry)
    if column is TimelineColumn.DUE:
        return format_date(entry.deadline.due)
    if column is TimelineColumn.TIME_LEFT:
        return time_left_text(entry)
    return entry.deadline.rule


class TimelineModel(DeadlineTableModel):
    """The deadlines of one case, in date order, read-only."""

    COLUMNS = TimelineColumn
    HEADERS = HEADERS
    HEADER_TIPS = _HEADER_TIPS
    BOLD_STATUSES = _URGENT

    def cell_text(self, entry: TimelineEntry, column: TimelineColumn) -> str:
        return cell_text(entry, column)

    def tooltip_text(self, entry: TimelineEntry) -> str:
        return f"Why this date?\n\n{explanation_text(entry)}"
