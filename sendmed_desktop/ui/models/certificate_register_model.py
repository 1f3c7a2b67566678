"""The certificate register as a Qt table: one row per certificate issued."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from sendmed_desktop.services.certificate_register import RegisterRow
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.models.rows_model import RowsTableModel

ON_TIME = "✓ On time"
LATE = "⚠ Late"
HEADERS = (
    "Reference",
    "Kind",
    "Case",
    "Child or young person",
    "Due",
    "Issued",
    "On time or late",
    "Corrections",
)
TIMELINESS_COLUMN = 6
_Index = QModelIndex | QPersistentModelIndex


def correction_words(row: RegisterRow, corrected_by: str | None) -> str:
    """Say what ``row`` corrects (and why) and what corrected it."""
    parts = []
    if row.reissue_of_reference:
        reason = f" ({row.reissue_reason})" if row.reissue_reason else ""
        parts.append(f"Corrects {row.reissue_of_reference}{reason}")
    if corrected_by:
        parts.append(f"Corrected by {corrected_by}")
    return "; ".join(parts)


class CertificateRegisterModel(RowsTableModel[RegisterRow]):
    """Register rows, read-only, with late shown in words and a symbol."""

    HEADERS = HEADERS

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self._corrected_by: dict[str, str] = {}

    def set_rows(self, rows: list[RegisterRow], corrected_by: dict[str, str]) -> None:
        """Show ``rows``; ``corrected_by`` maps a reference to the one that corrected it."""
        self._corrected_by = dict(corrected_by)
        super().set_rows(rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == len(HEADERS) - 1:
            return self._text(row, index.column()) or None
        if role == Qt.ItemDataRole.UserRole:
            return row.certificate_id
        return None

    def _text(self, row: RegisterRow, column: int) -> str:
        texts = (
            row.reference,
            row.kind_label,
            row.case_reference,
            row.child_name,
            format_date(row.due_on) if row.due_on else "—",
            format_date(row.issued_on),
            LATE if row.late else ON_TIME,
            correction_words(row, self._corrected_by.get(row.reference)),
        )
        return texts[column] if 0 <= column < len(texts) else ""
