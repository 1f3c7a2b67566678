"""What the preparation tabs share: tables, buttons, findings, and asking before saving."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from sendmed_desktop.domain.parties import Finding
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.ui.tasks import show_error

T = TypeVar("T")

# Runs a dialog: ask(entry or None, problems to show) -> (entry or None, accepted).
Asker = Callable[[T | None, Sequence[str]], tuple[T | None, bool]]

_ID_ROLE = Qt.ItemDataRole.UserRole
# Columns fit their contents between these widths; longer text shows in full as a tooltip.
_NARROWEST_COLUMN = 60
_WIDEST_COLUMN = 300


# -- tables ----------------------------------------------------------------------------------


def record_table(name: str, headers: Sequence[str], stretch: int) -> QTableWidget:
    """Return a read-only, row-selecting table named ``name`` for screen readers.

    Column ``stretch`` (the free text) takes the spare width; the others fit their contents
    within sensible limits, and the mediator can widen them.
    """
    table = QTableWidget(0, len(headers))
    table.setObjectName(name.lower().replace(" ", "_"))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    # Tab leaves the table for the buttons below it; the arrows move within it.
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.setMinimumHeight(110)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    fit_columns(table)
    return table


def fit_columns(table: QTableWidget) -> None:
    """Fit each column but the stretching one to its header and contents, within limits."""
    header = table.horizontalHeader()
    for column in range(table.columnCount()):
        if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
            continue
        table.resizeColumnToContents(column)
        width = max(header.sectionSize(column) + 12, _NARROWEST_COLUMN)
        header.resizeSection(column, min(width, _WIDEST_COLUMN))


def fill_table(
    table: QTableWidget,
    rows: Iterable[tuple[int, Sequence[str]]],
    numbers: Sequence[int] = (),
) -> None:
    """Show ``rows`` of (record id, cell texts), keeping the same record selected.

    Columns in ``numbers`` (amounts) are aligned right, so their figures line up.
    """
    chosen = selected_id(table)
    table.setRowCount(0)
    for row, (record_id, cells) in enumerate(rows):
        table.insertRow(row)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            item.setData(_ID_ROLE, record_id)
            if column in numbers:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)
    fit_columns(table)
    if chosen is not None:
        select_id(table, chosen)


def row_id(table: QTableWidget, row: int) -> int | None:
    """Return the id of the record shown in ``row``."""
    item = table.item(row, 0)
    return None if item is None else int(item.data(_ID_ROLE))


def selected_id(table: QTableWidget) -> int | None:
    """Return the id of the selected record, if a row is selected."""
    rows = table.selectionModel().selectedRows()
    return row_id(table, rows[0].row()) if rows else None


def select_id(table: QTableWidget, record_id: int) -> bool:
    """Select the row showing ``record_id``; return whether it is there."""
    for row in range(table.rowCount()):
        if row_id(table, row) == record_id:
            table.selectRow(row)
            return True
    return False


def button(text: str, slot: Callable[[], Any], tip: str = "") -> QPushButton:
    """Return a push button that calls ``slot`` (without the clicked flag)."""
    push = QPushButton(text)
    push.setAutoDefault(False)
    if tip:
        push.setToolTip(tip)
    push.clicked.connect(lambda _checked=False: slot())
    return push


def button_row(*widgets: QWidget) -> QHBoxLayout:
    """Lay buttons out in a row, left-aligned."""
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def scrolled(page: QWidget) -> QScrollArea:
    """Wrap ``page`` so that it scrolls rather than squashes on a small or scaled screen."""
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setMinimumSize(QSize(200, 150))
    return area


# -- findings ----------------------------------------------------------------------------


def finding_line(finding: Finding) -> str:
    """Return a finding as its symbol, its severity in a word, and its message."""
    return f"{finding.severity.symbol} {finding.severity.label}: {finding.message}"


class FindingsLabel(QLabel):
    """Findings one per line, each marked by a symbol and a word, never by colour alone."""

    def __init__(self, name: str, all_clear: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all_clear = all_clear
        self.setObjectName("findings")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName(name)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.show_findings([])

    def show_findings(self, findings: Sequence[Finding]) -> None:
        """Show ``findings``, or the all-clear line if there are none."""
        lines = [finding_line(f) for f in findings] or [f"✓ {self._all_clear}"]
        self.setText("\n".join(lines))
        self.setAccessibleDescription(" ".join(lines))

    def lines(self) -> list[str]:
        """Return the lines shown."""
        return self.text().split("\n")


# -- asking and saving -------------------------------------------------------------------


def confirm(parent: QWidget | None, title: str, question: str, action: str) -> bool:
    """Ask before something is removed; return True only if the user chose ``action``."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(question)
    yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep it", QMessageBox.ButtonRole.RejectRole)
    # Enter keeps the record: removing takes a deliberate choice.
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    chosen = box.clickedButton()
    box.deleteLater()
    return chosen is yes


def save_through_dialog(
    parent: QWidget,
    ask: Asker[T],
    save: Callable[[T], object],
    entry: T | None = None,
) -> bool:
    """Ask for an entry and save it, reopening with what was typed while it is refused.

    ``ask(entry, problems)`` runs the dialog. The service's ValidationError is shown in the
    dialog, so nothing typed is lost; anything else is shown in a message box.
    """
    problems: Sequence[str] = ()
    while True:
        result, accepted = ask(entry, problems)
        if not accepted or result is None:
            return False
        try:
            save(result)
        except ValidationError as error:
            entry, problems = result, str(error).splitlines()
            continue
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(parent, error)
            return False
        return True


def fetch(parent: QWidget, load: Callable[[], T]) -> T | None:
    """Return what ``load`` reads, or None after telling the user why it could not."""
    try:
        return load()
    except Exception as error:  # noqa: BLE001 - shown to the user and logged
        show_error(parent, error)
        return None


def attempt(parent: QWidget, action: Callable[[], object]) -> bool:
    """Run a service call; show any refusal or failure in plain words; return success."""
    try:
        action()
    except Exception as error:  # noqa: BLE001 - shown to the user and logged
        show_error(parent, error)
        return False
    return True
