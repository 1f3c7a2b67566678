"""What the timeline and due-soon tables share: deadline texts and a read-only table model."""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from sendmed_desktop.domain.timeline import DeadlineStatus, TimelineEntry
from sendmed_desktop.ui.formatting import format_date

_Index = QModelIndex | QPersistentModelIndex

FAMILY_APPEAL = "Family's appeal deadline"
_FAMILY_TITLES = {"R8": f"{FAMILY_APPEAL} (Tribunal)"}


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


class DeadlineTableModel(QAbstractTableModel):
    """Read-only rows of timeline entries; subclasses name the columns and texts.

    A subclass sets ``COLUMNS``, ``HEADERS``, ``BOLD_STATUSES`` (and optionally
    ``HEADER_TIPS``) and implements ``cell_text`` and ``tooltip_text``;
    ``extra_data`` answers any further roles.
    """

    COLUMNS: ClassVar[type[IntEnum]]
    HEADERS: ClassVar[Mapping[Any, str]]
    HEADER_TIPS: ClassVar[Mapping[Any, str]] = {}
    BOLD_STATUSES: ClassVar[frozenset[DeadlineStatus]]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[TimelineEntry] = []

    def cell_text(self, entry: TimelineEntry, column: Any) -> str:
        """Return the text shown for ``entry`` in ``column``."""
        raise NotImplementedError

    def tooltip_text(self, entry: TimelineEntry) -> str:
        """Return the tooltip shown for ``entry``'s row."""
        raise NotImplementedError

    def extra_data(self, entry: TimelineEntry, role: int) -> Any:
        """Return data for roles the base class does not answer."""
        return None

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
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = self.COLUMNS(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip_text(entry)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.HEADERS[column]}: {self.cell_text(entry, column)}"
        if role == Qt.ItemDataRole.FontRole and entry.status in self.BOLD_STATUSES:
            font = QFont()
            font.setBold(True)
            return font
        return self.extra_data(entry, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        column = self.COLUMNS(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS.get(column)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
