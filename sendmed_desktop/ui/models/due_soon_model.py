"""What is overdue or due this week across every open case, most urgent first."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from sendmed_desktop.domain.timeline import DeadlineStatus, TimelineEntry
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.models.timeline_model import explanation_text, status_text, title_text

_Index = QModelIndex | QPersistentModelIndex

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


class DueSoonModel(QAbstractTableModel):
    """Rows of the due-soon list, in the order given (most urgent first)."""

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
        return 0 if parent.isValid() else len(DueSoonColumn)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = DueSoonColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.reference}: {explanation_text(entry)}\n\n{_ACTIVATE_HINT}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{HEADERS[column]}: {cell_text(entry, column)}"
        if role == Qt.ItemDataRole.FontRole and entry.status is DeadlineStatus.OVERDUE:
            font = QFont()
            font.setBold(True)
            return font
        if role == CASE_ID_ROLE:
            return entry.case_id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(DueSoonColumn):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[DueSoonColumn(section)]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
