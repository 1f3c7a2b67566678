"""The "Due soon" list: what is overdue or due this week across every open case."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.timeline import DeadlineStatus, TimelineEntry
from sendmed_desktop.ui.models.due_soon_model import DueSoonColumn, DueSoonModel

NOTHING_DUE = "Nothing due this week."
TOGGLE_SHORTCUT = "F9"
LOADING = "Checking every open case…"
_COLUMN_WIDTHS = {
    DueSoonColumn.STATUS: 125,
    DueSoonColumn.CASE: 120,
    DueSoonColumn.DUE: 140,
    DueSoonColumn.TIME_LEFT: 190,
}


def summary_text(entries: list[TimelineEntry]) -> str:
    """Return a one-line count, e.g. ``2 overdue, 3 due this week``."""
    overdue = sum(1 for entry in entries if entry.status is DeadlineStatus.OVERDUE)
    soon = len(entries) - overdue
    parts = []
    if overdue:
        parts.append(f"⚠ {overdue} overdue")
    if soon:
        parts.append(f"◔ {soon} due this week")
    return (", ".join(parts) + ". Press Enter on a row to show its case.") if parts else ""


class DueSoonPanel(QWidget):
    """List the entries given to it, most urgent first; say which case the user picks."""

    # The id of the case whose entry was activated (Enter or double-click).
    case_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DueSoonModel(self)
        self.table = QTableView()
        self.table.setObjectName("dueSoon")
        self.table.setAccessibleName("Due soon across all cases")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in _COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        # What is due takes the spare width, so the dates and time left are never cut.
        header.setSectionResizeMode(DueSoonColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)

        self.summary = QLabel(LOADING)
        self.summary.setWordWrap(True)
        self.summary.setBuddy(self.table)
        self.empty_label = QLabel(NOTHING_DUE)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)
        self.stack.setCurrentWidget(self.empty_label)
        self.empty_label.setText(LOADING)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.stack, 1)
        self.setFocusProxy(self.table)

    def show_entries(self, entries: list[TimelineEntry]) -> None:
        """Show ``entries``, which the caller has sorted most urgent first."""
        chosen = self.selected_entry()
        self.model.set_entries(entries)
        self.summary.setText(summary_text(entries))
        self.summary.setVisible(bool(entries))
        if entries:
            self.stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(NOTHING_DUE)
            self.stack.setCurrentWidget(self.empty_label)
        if chosen is not None and chosen in entries:
            self.table.selectRow(entries.index(chosen))

    def selected_entry(self) -> TimelineEntry | None:
        """Return the selected entry, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.case_chosen.emit(self.model.entry(index.row()).case_id)


class DueSoonDock(QDockWidget):
    """The "Due soon" panel as a dock the user can move, float or hide (View menu)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Due soon", parent)
        self.setObjectName("dueSoonDock")
        self.panel = DueSoonPanel()
        self.setWidget(self.panel)
        toggle = self.toggleViewAction()
        toggle.setText("&Due soon panel")
        toggle.setShortcut(QKeySequence(TOGGLE_SHORTCUT))
        toggle.setToolTip("Show or hide what is overdue or due this week across all cases")
        # Shown from the keyboard: put the keyboard in the list, ready for Enter.
        toggle.triggered.connect(lambda shown: self.panel.table.setFocus() if shown else None)
