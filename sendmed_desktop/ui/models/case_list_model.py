"""The case list as a lazily fetched table model over CaseService.

Only pages of rows are ever loaded: the view asks for more as it scrolls
(``canFetchMore``/``fetchMore``), and sorting or searching re-queries the database rather
than sorting in Python, so ten thousand cases cost no more than two hundred.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from sendmed_desktop.domain.cases import CaseSort, CaseSummary
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.ui.formatting import format_datetime

PAGE_SIZE = 200

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The case list's columns, in order."""

    REFERENCE = 0
    SUBJECT = 1
    FAMILY = 2
    AUTHORITY = 3
    STATUS = 4
    UPDATED = 5


HEADERS = {
    Column.REFERENCE: "Reference",
    Column.SUBJECT: "Child or young person",
    Column.FAMILY: "Family",
    Column.AUTHORITY: "Local authority",
    Column.STATUS: "Status",
    Column.UPDATED: "Last changed",
}
_HEADER_TIPS = {
    Column.FAMILY: "The parent or carer, or the young person, who is a party",
}
SORT_KEYS = {
    Column.REFERENCE: CaseSort.REFERENCE,
    Column.SUBJECT: CaseSort.SUBJECT,
    Column.FAMILY: CaseSort.FAMILY,
    Column.AUTHORITY: CaseSort.AUTHORITY,
    Column.STATUS: CaseSort.STATUS,
    Column.UPDATED: CaseSort.UPDATED,
}
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def cell_text(summary: CaseSummary, column: Column) -> str:
    """Return the text shown for ``summary`` in ``column``."""
    if column is Column.REFERENCE:
        return summary.reference
    if column is Column.SUBJECT:
        return summary.subject_name
    if column is Column.FAMILY:
        return summary.family_names
    if column is Column.AUTHORITY:
        return summary.local_authority
    if column is Column.STATUS:
        return summary.status.label
    return format_datetime(summary.updated_at)


class CaseListModel(QAbstractTableModel):
    """Rows of the case list, fetched a page at a time in the database's order."""

    # Emitted after every (re)load with the number of matching cases.
    reloaded = Signal(int)

    def __init__(self, service: CaseService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._rows: list[CaseSummary] = []
        self._total = 0
        self._search = ""
        self._sort = CaseSort.UPDATED
        self._descending = True
        self._load_first_page()

    # -- what the rest of the GUI asks -------------------------------------------------

    @property
    def search_text(self) -> str:
        """Return the search the rows match."""
        return self._search

    @property
    def total(self) -> int:
        """Return how many cases match the search, loaded or not."""
        return self._total

    @property
    def sort_key(self) -> tuple[CaseSort, bool]:
        """Return the current sort column and whether it is descending."""
        return self._sort, self._descending

    def case_id(self, row: int) -> int:
        """Return the id of the case in ``row``."""
        return self._rows[row].id

    def summary(self, row: int) -> CaseSummary:
        """Return the loaded summary in ``row``."""
        return self._rows[row]

    def row_of(self, case_id: int, *, fetch: bool = False) -> int | None:
        """Return the row holding ``case_id``; with ``fetch``, load pages until it is found."""
        while True:
            for row, summary in enumerate(self._rows):
                if summary.id == case_id:
                    return row
            if not (fetch and self.canFetchMore(QModelIndex())):
                return None
            self.fetchMore(QModelIndex())

    def set_search(self, text: str) -> None:
        """Show only cases matching ``text`` (every word, in a name or the reference)."""
        text = text.strip()
        if text != self._search:
            self._search = text
            self.refresh()

    def refresh(self) -> None:
        """Reload from the first page, keeping the search and sort."""
        self._load_first_page()

    # -- Qt's model interface --------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        summary = self._rows[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(summary, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{HEADERS[column]}: {cell_text(summary, column)}"
        if role == CASE_ID_ROLE:
            return summary.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _HEADER_TIPS.get(column, f"Sort by {HEADERS[column].lower()}")
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index) -> None:
        if not self.canFetchMore(parent):
            return
        page = self._page(len(self._rows))
        if not page:
            # The database shrank under us: stop asking for rows that are gone.
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        key = SORT_KEYS[Column(column)]
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort, self._descending):
            return
        self._sort, self._descending = key, descending
        self._load_first_page()

    # -- loading -----------------------------------------------------------------------

    def _page(self, offset: int) -> list[CaseSummary]:
        return self._service.page(
            self._search,
            sort=self._sort,
            descending=self._descending,
            offset=offset,
            limit=PAGE_SIZE,
        )

    def _load_first_page(self) -> None:
        # Query first: if the database fails, the model keeps its old rows intact.
        total = self._service.count(self._search)
        rows = self._page(0) if total else []
        self.beginResetModel()
        self._total, self._rows = max(total, len(rows)), rows
        self.endResetModel()
        self.reloaded.emit(self._total)
