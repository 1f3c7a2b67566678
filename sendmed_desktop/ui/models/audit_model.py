"""The audit trail as a Qt table: one row per entry, newest first."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from sendmed_desktop.services.audit_check import AuditRow
from sendmed_desktop.ui.formatting import format_datetime

HEADERS = ("Entry", "When", "Who", "Did", "To which record", "Detail")
_Index = QModelIndex | QPersistentModelIndex


class AuditTrailModel(QAbstractTableModel):
    """Audit entries, read-only."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[AuditRow] = []

    def set_rows(self, rows: list[AuditRow]) -> None:
        """Show ``rows``."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(self._rows[index.row()], index.column())
        if role == Qt.ItemDataRole.UserRole:
            return self._rows[index.row()].id
        return None

    @staticmethod
    def _text(row: AuditRow, column: int) -> str:
        texts = (
            str(row.id),
            format_datetime(row.occurred_at),
            row.actor,
            row.action,
            row.record,
            row.detail,
        )
        return texts[column] if 0 <= column < len(texts) else ""
