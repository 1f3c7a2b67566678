"""A case's statutory timeline: a table of deadlines and, below it, why the chosen date."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.timeline import TimelineEntry
from sendmed_desktop.ui.models.timeline_model import (
    TimelineColumn,
    TimelineModel,
    explanation_text,
    title_text,
)

NO_DEADLINES = "No deadlines yet: enter the case's key dates to start the statutory clock."
NO_CASE = "Select a case to see its statutory deadlines."
PICK_AN_ENTRY = "Select a deadline above to see why it falls on that date."
_COLUMN_WIDTHS = {
    TimelineColumn.STATUS: 115,
    TimelineColumn.DUE: 130,
    TimelineColumn.TIME_LEFT: 175,
    TimelineColumn.RULE: 45,
}


class TimelineView(QWidget):
    """Show the deadlines given to it; explain the selected one. It never queries."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TimelineModel(self)
        self.table = QTableView()
        self.table.setObjectName("timeline")
        self.table.setAccessibleName("Statutory deadlines")
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
        header.setSectionResizeMode(TimelineColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        self.heading = QLabel("Statutory &deadlines:")
        self.heading.setBuddy(self.table)

        self.empty_label = QLabel(NO_CASE)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)
        self.stack.setCurrentWidget(self.empty_label)

        self.explanation = QPlainTextEdit()
        self.explanation.setReadOnly(True)
        self.explanation.setAccessibleName("Why this date?")
        self.explanation.setPlaceholderText(PICK_AN_ENTRY)
        self.explanation.setMaximumHeight(96)
        self.explanation.setTabChangesFocus(True)
        self.explanation_label = QLabel("&Why this date?")
        self.explanation_label.setBuddy(self.explanation)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.explanation_label)
        layout.addWidget(self.explanation)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.show_entries(None)

    def show_entries(self, entries: list[TimelineEntry] | None) -> None:
        """Show a case's entries; ``None`` means no case is selected."""
        chosen = self.selected_entry()
        self.model.set_entries(entries or [])
        if entries:
            self.stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(NO_CASE if entries is None else NO_DEADLINES)
            self.stack.setCurrentWidget(self.empty_label)
        self.explanation.clear()
        # Nothing to explain without deadlines: the empty message gets the room.
        self.explanation_label.setVisible(bool(entries))
        self.explanation.setVisible(bool(entries))
        # Keep the same deadline selected across a refresh, so its explanation stays.
        if chosen is not None:
            for row, entry in enumerate(self.model.entries()):
                if (entry.deadline.rule, entry.deadline.title) == (
                    chosen.deadline.rule,
                    chosen.deadline.title,
                ):
                    self.table.selectRow(row)
                    break

    def selected_entry(self) -> TimelineEntry | None:
        """Return the deadline selected in the table, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def explanation_shown(self) -> str:
        """Return the text of the "Why this date?" box."""
        return self.explanation.toPlainText()

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        entry = self.selected_entry()
        if entry is None:
            self.explanation.clear()
            return
        self.explanation.setPlainText(f"{title_text(entry)}\n\n{explanation_text(entry)}")
