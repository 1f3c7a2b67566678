"""The case list: search, a sortable table loaded page by page, and the selected case."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.cases import CaseSummary
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.timeline import TimelineService
from sendmed_desktop.ui.formatting import format_datetime
from sendmed_desktop.ui.models.case_list_model import CaseListModel, Column
from sendmed_desktop.ui.tasks import show_error
from sendmed_desktop.ui.widgets.timeline_view import TimelineView

SEARCH_DELAY_MS = 200
NO_CASES = "No cases yet. Choose File → New case (Ctrl+N) to add one."
_COLUMN_WIDTHS = {
    Column.REFERENCE: 110,
    Column.SUBJECT: 150,
    Column.FAMILY: 160,
    Column.AUTHORITY: 150,
    Column.STATUS: 100,
}
_DETAIL_FIELDS = (
    ("reference", "Reference"),
    ("subject", "Child or young person"),
    ("family", "Family"),
    ("authority", "Local authority"),
    ("status", "Status"),
    ("stage", "Stage"),
    ("updated", "Last changed"),
)
# The facts sit in two columns so the timeline below has room.
_LEFT_FIELDS = 4


def no_match_message(search: str) -> str:
    """Return the empty-state text for a search that found nothing."""
    return f"No cases match “{search}”. Check the spelling, or search by case reference."


class CaseDetailPanel(QGroupBox):
    """The selected case's main facts, its key dates button and its statutory timeline."""

    key_dates_requested = Signal()
    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Selected case", parent)
        self.fields: dict[str, QLineEdit] = {}
        self.hint = QLabel("Select a case in the list to see its details and deadlines here.")
        self.hint.setWordWrap(True)
        forms = (QFormLayout(), QFormLayout())
        for number, (key, caption) in enumerate(_DETAIL_FIELDS):
            field = QLineEdit()
            field.setReadOnly(True)
            field.setAccessibleName(caption)
            label = QLabel(f"{caption}:")
            label.setBuddy(field)
            forms[0 if number < _LEFT_FIELDS else 1].addRow(label, field)
            self.fields[key] = field
        facts = QHBoxLayout()
        facts.addLayout(forms[0], 3)
        facts.addSpacing(12)
        facts.addLayout(forms[1], 2)
        self.key_dates_button = QPushButton("Edit &key dates…")
        self.key_dates_button.setToolTip(
            "Enter the dates the statutory clock runs from (Case → Edit key dates, Ctrl+Shift+D)"
        )
        self.key_dates_button.clicked.connect(self.key_dates_requested)
        self.open_button = QPushButton("&Open case")
        self.open_button.setObjectName("openCase")
        self.open_button.setToolTip(
            "Prepare and run this case's meeting, stage by stage (Enter on the row, or Ctrl+O)"
        )
        self.open_button.clicked.connect(self.open_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.key_dates_button)
        forms[1].addRow(buttons)
        self.timeline = TimelineView()
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(facts)
        layout.addWidget(self.timeline, 1)
        self.show_case(None)

    def show_case(self, summary: CaseSummary | None) -> None:
        """Fill the fields from ``summary``, or empty them."""
        values = {key: "" for key, _caption in _DETAIL_FIELDS}
        if summary is not None:
            values = {
                "reference": summary.reference,
                "subject": summary.subject_name,
                "family": summary.family_names,
                "authority": summary.local_authority,
                "status": summary.status.label,
                "stage": summary.stage.label,
                "updated": format_datetime(summary.updated_at),
            }
        for key, value in values.items():
            self.fields[key].setText(value)
            self.fields[key].setCursorPosition(0)
        self.hint.setVisible(summary is None)
        self.key_dates_button.setEnabled(summary is not None)
        self.open_button.setEnabled(summary is not None)

    def text(self, key: str) -> str:
        """Return the text shown in the field ``key``."""
        return self.fields[key].text()


class CaseListPage(QWidget):
    """Find and pick a case; ask the main window to open new ones."""

    new_case_requested = Signal()
    # The id of the case to open: Enter or double-click on its row, or "Open case".
    case_activated = Signal(int)
    # The id of the case whose key dates the user wants to edit.
    key_dates_requested = Signal(int)
    # (cases matching the search, cases in the workspace)
    counts_changed = Signal(int, int)

    def __init__(
        self,
        service: CaseService,
        timeline: TimelineService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._timeline = timeline
        self._selected_id: int | None = None

        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText("Name of child, parent or carer, or case reference")
        search_label = QLabel("&Search by name or reference:")
        search_label.setBuddy(self.search_edit)
        self.new_case_button = QPushButton("&New case…")
        self.new_case_button.clicked.connect(self.new_case_requested)
        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search_edit, 1)
        top.addSpacing(24)
        top.addWidget(self.new_case_button)

        self.model = CaseListModel(service, self)
        self.table = QTableView()
        self.table.setAccessibleName("Cases")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # Tab leaves the table (arrows move within it), so the keyboard path goes on.
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        for column, width in _COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Set the indicator before enabling sorting: enabling it sorts by the indicator,
        # which then matches what the model already loaded (newest first).
        header.setSortIndicator(Column.UPDATED, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.activated.connect(self._activated)

        self.empty_label = QLabel(NO_CASES)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setObjectName("emptyState")
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)

        self.detail = CaseDetailPanel()
        self.detail.key_dates_requested.connect(self._key_dates_requested)
        self.detail.open_requested.connect(self._open_requested)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list_stack)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([560, 760])
        self.list_stack.setMinimumWidth(300)
        self.detail.setMinimumWidth(420)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self.apply_search)
        # One action for Ctrl+F, which the main window also lists in its View menu: two
        # shortcuts for the same keys would be ambiguous and neither would fire.
        self.find_action = QAction("&Find a case", self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.triggered.connect(self.focus_search)
        self.addAction(self.find_action)

        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.reloaded.connect(self._reloaded)
        QWidget.setTabOrder(self.search_edit, self.new_case_button)
        QWidget.setTabOrder(self.new_case_button, self.table)
        QWidget.setTabOrder(self.table, self.detail.open_button)
        QWidget.setTabOrder(self.detail.open_button, self.detail.key_dates_button)
        QWidget.setTabOrder(self.detail.key_dates_button, self.detail.timeline.table)
        QWidget.setTabOrder(self.detail.timeline.table, self.detail.timeline.explanation)
        self._reloaded(self.model.total)

    def focus_search(self) -> None:
        """Put the cursor in the search box, selecting what is there."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def apply_search(self) -> None:
        """Filter the list by the search box now, without waiting for the pause."""
        self._search_timer.stop()
        self.model.set_search(self.search_edit.text())

    def refresh(self) -> None:
        """Reload the list from the database, keeping search, sort and selection."""
        self.model.refresh()

    def refresh_timeline(self) -> None:
        """Recompute the selected case's deadlines (dates or preferences changed)."""
        self._show_timeline(self.selected_case_id())

    def selected_summary(self) -> CaseSummary | None:
        """Return the selected case's row, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.summary(rows[0].row()) if rows else None

    def selected_case_id(self) -> int | None:
        """Return the id of the selected case, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.case_id(rows[0].row()) if rows else None

    def select_case(self, case_id: int) -> bool:
        """Select ``case_id``, clearing the search if it hides the case; return success."""
        row = self.model.row_of(case_id, fetch=True)
        if row is None and self.model.search_text:
            self.search_edit.clear()
            self.apply_search()
            row = self.model.row_of(case_id, fetch=True)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _remember_selection(self) -> None:
        self._selected_id = self.selected_case_id()

    def _reloaded(self, total: int) -> None:
        search = self.model.search_text
        overall = self._service.count() if search else total
        if total:
            self.list_stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(no_match_message(search) if search else NO_CASES)
            self.list_stack.setCurrentWidget(self.empty_label)
        row = None if self._selected_id is None else self.model.row_of(self._selected_id)
        if row is not None:
            self.table.selectRow(row)
        else:
            self.detail.show_case(None)
            self._show_timeline(None)
        self.counts_changed.emit(total, overall)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        summary = self.selected_summary()
        self.detail.show_case(summary)
        self._show_timeline(summary.id if summary else None)

    def _show_timeline(self, case_id: int | None) -> None:
        # One quick query per case: fine on the GUI thread (see services.timeline).
        if case_id is None or self._timeline is None:
            self.detail.timeline.show_entries(None)
            return
        try:
            entries = self._timeline.case_timeline(case_id)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            self.detail.timeline.show_entries(None)
            show_error(self, error)
            return
        self.detail.timeline.show_entries(entries)

    def _key_dates_requested(self) -> None:
        case_id = self.selected_case_id()
        if case_id is not None:
            self.key_dates_requested.emit(case_id)

    def _open_requested(self) -> None:
        case_id = self.selected_case_id()
        if case_id is not None:
            self.case_activated.emit(case_id)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.case_activated.emit(self.model.case_id(index.row()))
