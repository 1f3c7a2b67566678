"""What is overdue or due this week across every open case, most urgent first."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from sendmed_desktop.domain.timeline import DeadlineStatus, TimelineEntry
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.models.deadline_columns import (
    DeadlineTableModel,
    explanation_text,
    status_text,
    title_text,
)

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_ACTIVATE_HINT = "Press Enter or double-click to show this case in the list."


class DueSoonColumn(IntEnum):
    """The due-soon list's columns, in order."""

    STATUS = 0
    CASE = 1
    TITLE = 2
    DUE = 3
    TIME_LEFT = 4


HEADERS = {
    DueSoonColumn.STATUS: "Status",
    DueSoonColumn.CASE: "Case",
    DueSoonColumn.TITLE: "What is due",
    DueSoonColumn.DUE: "Due date",
    DueSoonColumn.TIME_LEFT: "Time left",
}


def cell_text(entry: TimelineEntry, column: DueSoonColumn) -> str:
    """Return the text shown for ``entry`` in ``column``."""
    if column is DueSoonColumn.STATUS:
        return status_text(entry)
    if column is DueSoonColumn.CASE:
        return entry.reference
    if column is DueSoonColumn.TITLE:
        return title_text(entry)
    if column is DueSoonColumn.DUE:
        return format_date(entry.deadline.due)
    return entry.time_left


class DueSoonModel(DeadlineTableModel):
    """Rows of the due-soon list, in the order given (most urgent first)."""

    COLUMNS = DueSoonColumn
    HEADERS = HEADERS
    BOLD_STATUSES = frozenset({DeadlineStatus.OVERDUE})

    def cell_text(self, entry: TimelineEntry, column: DueSoonColumn) -> str:
        return cell_text(entry, column)

    def tooltip_text(self, entry: TimelineEntry) -> str:
        return f"{entry.reference}: {explanation_text(entry)}\n\n{_ACTIVATE_HINT}"

    def extra_data(self, entry: TimelineEntry, role: int) -> Any:
        if role == CASE_ID_ROLE:
            return entry.case_id
        return None
