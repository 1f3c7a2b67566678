"""A case's statutory deadlines as a table: status, what is due, when, and time left."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from sendmed_desktop.domain.timeline import DeadlineStatus, TimelineEntry
from sendmed_desktop.ui.formatting import format_date

_Index = QModelIndex | QPersistentModelIndex

FAMILY_APPEAL = "Family's appeal deadline"
_FAMILY_TITLES = {"R8": f"{FAMILY_APPEAL} (Tribunal)"}
# Overdue and due-soon rows are bold as well as marked: never colour alone.
_URGENT = {DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON}


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


def status_text(entry: TimelineEntry) -> str:
    """Return the status in words with its symbol, e.g. ``⚠ Overdue``."""
    if entry.for_family and entry.status is DeadlineStatus.OVERDUE:
        # The family's date, not the mediator's duty, and the Tribunal can extend time.
        return f"{entry.status.symbol} Date passed"
    return f"{entry.status.symbol} {entry.status.label}"


def title_text(entry: TimelineEntry) -> str:
    """Return what is due, marking the family's own deadline as theirs."""
    if entry.for_family:
        return _FAMILY_TITLES.get(entry.deadline.rule, f"{FAMILY_APPEAL}: {entry.deadline.title}")
    return entry.deadline.title


def time_left_text(entry: TimelineEntry) -> str:
    """Return the time left, or when it was done."""
    if entry.done_on is not None:
        return f"Done {format_date(entry.done_on)}"
    return entry.time_left


def explanation_text(entry: TimelineEntry) -> str:
    """Return why the date falls where it does, with any warnings, as plain text."""
    lines = [entry.deadline.explanation]
    if entry.for_family:
        lines.append(
            "This is the family's deadline to appeal, not a duty of the mediator or the "
            "local authority."
        )
    lines.extend(f"⚠ {warning}" for warning in entry.deadline.warnings)
    return "\n\n".join(lines)


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


class TimelineModel(QAbstractTableModel):
    """The deadlines of one case, in date order, read-only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[TimelineEntry] = []

    def set_entries(self, entries: list[TimelineEntry]) -> None:
        """Show ``entries`` in place of what was there."""
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> TimelineEntry:
        """Return the entry in ``row``."""
        return self._entries[row]

    def entries(self) -> list[TimelineEntry]:
        """Return every entry shown, in order."""
        return list(self._entries)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TimelineColumn)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = TimelineColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Why this date?\n\n{explanation_text(entry)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{HEADERS[column]}: {cell_text(entry, column)}"
        if role == Qt.ItemDataRole.FontRole and entry.status in _URGENT:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(TimelineColumn):
            return None
        column = TimelineColumn(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _HEADER_TIPS.get(column)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
