"""The audit trail as a Qt table: one row per entry, newest first."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from sendmed_desktop.services.audit_check import AuditRow
from sendmed_desktop.ui.formatting import format_datetime
from sendmed_desktop.ui.models.rows_model import RowsTableModel

HEADERS = ("Entry", "When", "Who", "Did", "To which record", "Detail")
_Index = QModelIndex | QPersistentModelIndex


class AuditTrailModel(RowsTableModel[AuditRow]):
    """Audit entries, read-only."""

    HEADERS = HEADERS

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
