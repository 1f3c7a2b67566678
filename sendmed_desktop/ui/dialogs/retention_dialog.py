"""Due for deletion: the retention periods, what is past them, and erasing it for good."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.retention import (
    PERIOD_KINDS,
    DueItem,
    RecordKind,
    months_in_words,
)
from sendmed_desktop.services.retention import (
    ErasureProgress,
    ErasureReport,
    RetentionService,
    period_setting,
)
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.tasks import TaskGateway, show_error
from sendmed_desktop.ui.widgets.tables import set_up_read_only_table

if TYPE_CHECKING:
    from sendmed_desktop.ui.main_window import MainWindow

NOTHING_DUE = "Nothing is due for deletion."
COLUMNS = ("Case", "Record", "Closed on", "Due since", "What will go")
# Each period's label; access keys chosen not to clash with the buttons below.
_PERIOD_LABELS = {
    RecordKind.CONTACTS: "C&ontact details:",
    RecordKind.WORKING_NOTES: "&Working notes:",
    RecordKind.CHILD_VIEWS: "C&hild's views:",
    RecordKind.AGREEMENTS: "Written a&greements:",
    RecordKind.CERTIFICATES: "Mediation cer&tificates:",
}
_LISTED_IN_CONFIRMATION = 12


def item_line(item: DueItem) -> str:
    """Return one item as the confirmation and the result list it."""
    if item.kind is RecordKind.CASE:
        return f"{item.reference} — the whole case: {item.holds}"
    return f"{item.reference} — {item.kind.label}: {item.holds}"


def confirmation_text(items: list[DueItem]) -> tuple[str, str]:
    """Return the question and the exact list of what will go (for the details pane)."""
    lines = [item_line(item) for item in items]
    shown = lines[:_LISTED_IN_CONFIRMATION]
    if len(lines) > len(shown):
        shown.append(f"…and {len(lines) - len(shown)} more (Show Details lists them all).")
    noun = "this record" if len(items) == 1 else f"these {len(items)} records"
    text = (
        f"Erase {noun} for good?\n\n"
        + "\n".join(shown)
        + "\n\nThis cannot be undone. Backups made before now still hold them until "
        "those backups are deleted."
    )
    return text, "\n".join(lines)


def report_text(report: ErasureReport) -> str:
    """Return what an erasure did, in words."""
    if not report.erased:
        return "Nothing was erased: what you chose is no longer due."
    noun = "item" if len(report.erased) == 1 else "items"
    parts = [f"Erased {len(report.erased)} {noun}:"]
    parts += [f"• {item_line(item)}" for item in report.erased]
    if report.skipped:
        parts.append(f"{len(report.skipped)} chosen no longer due, so kept.")
    if report.compacted:
        parts.append("The database was compacted: nothing erased can be read back from it.")
    else:
        parts.append(
            "The records are gone, but the database could not be compacted just now; "
            "the space they used is cleared when you close SendMed Desktop."
        )
    return "\n".join(parts)


class _ProgressRelay(QObject):
    """Carries progress from the worker thread to the dialog (a queued signal)."""

    progress = Signal(object)


class RetentionDialog(QDialog):
    """Set the retention periods, see what is due for deletion, and erase it."""

    def __init__(
        self,
        service: RetentionService,
        tasks: TaskGateway,
        parent: QWidget | None = None,
        *,
        before_erase: Callable[[set[int]], bool] | None = None,
        after_erase: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("retentionDialog")
        self.setWindowTitle("Due for deletion")
        self.service = service
        self.tasks = tasks
        self._before_erase = before_erase
        self._after_erase = after_erase
        self.busy = False
        self.items: list[DueItem] = []
        self._relay = _ProgressRelay(self)
        self._relay.progress.connect(self._show_progress)

        layout = QVBoxLayout(self)
        intro = QLabel(
            "Records are kept for a set time after their case is closed, then erased for "
            "good. Change a period and the list below follows."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self._periods_box())
        layout.addLayout(self._table_part(), 1)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Erasure progress")
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setObjectName("retentionStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.erase_button = QPushButton("&Erase selected…")
        self.erase_button.setAccessibleName("Erase the selected records for good")
        buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.erase_button.clicked.connect(self.erase_selected)
        layout.addWidget(buttons)
        self.resize(980, 620)
        self.refresh()

    # -- the periods ---------------------------------------------------------------------

    def _periods_box(self) -> QGroupBox:
        box = QGroupBox("Keep each kind of record for this long after a case is closed")
        grid = QGridLayout(box)
        periods = self.service.periods()
        self.spins: dict[RecordKind, QSpinBox] = {}
        self.hints: dict[RecordKind, QLabel] = {}
        for row, kind in enumerate(PERIOD_KINDS):
            spin = QSpinBox()
            low, high = period_setting(kind).bounds or (1, 120)
            spin.setRange(low, high)
            spin.setSuffix(" months")
            spin.setValue(periods.months(kind))
            spin.setAccessibleName(f"{kind.label}: months kept after the case is closed")
            spin.setToolTip(kind.covers)
            label = QLabel(_PERIOD_LABELS[kind])
            label.setBuddy(spin)
            hint = QLabel(self._hint(spin.value()))
            self.spins[kind], self.hints[kind] = spin, hint
            grid.addWidget(label, row, 0)
            grid.addWidget(spin, row, 1)
            grid.addWidget(hint, row, 2)
            spin.valueChanged.connect(lambda _value, k=kind: self._period_changed(k))
        grid.setColumnStretch(3, 1)
        return box

    @staticmethod
    def _hint(months: int) -> str:
        return f"= {months_in_words(months)}"

    def _period_changed(self, kind: RecordKind) -> None:
        months = self.spins[kind].value()
        self.hints[kind].setText(self._hint(months))
        chosen = replace(self.service.periods(), **{kind.value: months})
        try:
            self.service.set_periods(chosen)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return
        self.refresh()

    # -- the list ------------------------------------------------------------------------

    def _table_part(self) -> QVBoxLayout:
        part = QVBoxLayout()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("retentionTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        set_up_read_only_table(self.table, "Records due for deletion")
        self.table.setWordWrap(True)
        # Space ticks the current row whichever cell is current, not only the first.
        self.table.installEventFilter(self)
        self.table.itemChanged.connect(self._enable)
        table_label = QLabel("&Due for deletion (Space ticks a row):")
        table_label.setBuddy(self.table)
        self.empty_label = QLabel(NOTHING_DUE)
        self.empty_label.setObjectName("retentionEmpty")
        self.select_all_button = QPushButton("Select &all")
        self.select_none_button = QPushButton("Select &none")
        self.select_all_button.clicked.connect(lambda: self.set_all_checked(True))
        self.select_none_button.clicked.connect(lambda: self.set_all_checked(False))
        row = QGridLayout()
        row.addWidget(table_label, 0, 0)
        row.addWidget(self.select_all_button, 0, 2)
        row.addWidget(self.select_none_button, 0, 3)
        row.setColumnStretch(1, 1)
        part.addLayout(row)
        part.addWidget(self.empty_label)
        part.addWidget(self.table, 1)
        return part

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Space
            and self.table.currentRow() >= 0
        ):
            first = self.table.item(self.table.currentRow(), 0)
            checked = first.checkState() == Qt.CheckState.Checked
            first.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
            return True
        return super().eventFilter(watched, event)

    def refresh(self) -> None:
        """Read again what is due, keeping the ticks of rows still listed."""
        ticked = {item.key for item in self.checked_items()}
        try:
            self.items = self.service.due()
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            cells = (
                item.reference,
                item.kind.label,
                format_date(item.closed_on),
                format_date(item.due_since),
                item.holds,
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                cell.setToolTip(item.kind.covers)
                self.table.setItem(row, column, cell)
            first = self.table.item(row, 0)
            first.setFlags(first.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            first.setCheckState(
                Qt.CheckState.Checked if item.key in ticked else Qt.CheckState.Unchecked
            )
        self.table.blockSignals(False)
        # Columns first, so each row's height fits the width its text finally gets.
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        self.empty_label.setVisible(not self.items)
        self.table.setVisible(bool(self.items))
        self._enable()

    def checked_items(self) -> list[DueItem]:
        """Return the items ticked."""
        return [
            item
            for row, item in enumerate(self.items)
            if (cell := self.table.item(row, 0)) is not None
            and cell.checkState() == Qt.CheckState.Checked
        ]

    def set_all_checked(self, checked: bool) -> None:
        """Tick or untick every row."""
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            self.table.item(row, 0).setCheckState(state)
        self.table.blockSignals(False)
        self._enable()

    def _enable(self) -> None:
        idle = not self.busy
        self.erase_button.setEnabled(idle and bool(self.checked_items()))
        for widget in (self.select_all_button, self.select_none_button):
            widget.setEnabled(idle and bool(self.items))
        self.table.setEnabled(idle)
        for spin in self.spins.values():
            spin.setEnabled(idle)

    # -- erasing -------------------------------------------------------------------------

    def confirm(self, items: list[DueItem]) -> bool:
        """Ask before erasing, listing exactly what will go; return True to go ahead."""
        text, full_list = confirmation_text(items)
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Erase for good")
        box.setText(text)
        if len(items) > _LISTED_IN_CONFIRMATION:
            box.setDetailedText(full_list)
        erase = box.addButton("&Erase for good", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep them", QMessageBox.ButtonRole.RejectRole)
        # Enter keeps the records: erasing takes a deliberate choice.
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        chosen = box.clickedButton()
        box.deleteLater()
        return chosen is erase

    def erase_selected(self) -> bool:
        """Confirm, then erase the ticked items in the background; return True if started."""
        items = self.checked_items()
        if not items or self.busy or not self.confirm(items):
            return False
        cases = {item.case_id for item in items}
        if self._before_erase is not None and not self._before_erase(cases):
            self.status.setText(
                "Nothing was erased: the open case could not be saved and closed first."
            )
            return False
        self.busy = True
        self._enable()
        self.status.setText("Erasing…")
        self.progress.setRange(0, len(items) + 2)
        self.progress.setValue(0)
        self.progress.show()
        keys = [item.key for item in items]
        service, emit = self.service, self._relay.progress.emit
        self.tasks.run_in_background(
            lambda: service.erase(keys, on_progress=emit),
            on_done=self._erased,
            on_error=self._failed,
        )
        return True

    def _show_progress(self, step: ErasureProgress) -> None:
        self.progress.setRange(0, step.total)
        self.progress.setValue(step.done)
        self.status.setText(step.message)

    def _finish(self) -> None:
        self.busy = False
        self.progress.hide()
        self.refresh()
        if self._after_erase is not None:
            self._after_erase()

    def _erased(self, report: ErasureReport) -> None:
        self._finish()
        self.status.setText(report_text(report))

    def _failed(self, error: BaseException) -> None:
        self._finish()
        self.status.setText("The erasure stopped: the list shows what is still due.")
        show_error(self, error)

    def reject(self) -> None:
        # The erasure reports back to this dialog: it stays open until it has.
        if not self.busy:
            super().reject()


def close_case_if_chosen(window: MainWindow, case_ids: Iterable[int]) -> bool:
    """Save and close the open case if it is one being erased; return False if it stays."""
    page = window.case_page
    if page is None or page.case_id not in set(case_ids):
        return True
    return window.close_case()


def open_retention(window: MainWindow) -> None:
    """Show the due-for-deletion screen over ``window`` until it is closed."""
    if window.workspace is None:
        return
    dialog = RetentionDialog(
        RetentionService(window.workspace),
        window.tasks,
        window,
        before_erase=lambda cases: close_case_if_chosen(window, cases),
        after_erase=window.refresh,
    )
    dialog.exec()
    dialog.deleteLater()
