"""Stage 8, Agreement: the draft actions made from accepted proposals, read-only for now."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
)

from sendmed_desktop.domain.vocabulary import Stage
from sendmed_desktop.services.proposals import DraftActionView, ProposalService
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.pages.stage_page import StagePage
from sendmed_desktop.ui.tasks import show_error

DRAFT_LINE = "Draft actions from accepted proposals; the written agreement is prepared from these."
NO_ACTIONS = "No draft actions yet. Accept a proposal at Options and proposals and it appears here."
HEADERS = ("Issue", "Action", "Owner", "Measure", "By")
NOT_YET = "Still to agree"


def owner_text(action: DraftActionView) -> str:
    """Return who owns an action: "Priya Natarajan, SEN officer, Northshire", or a gap."""
    parts = [p for p in (action.owner_name, action.owner_role, action.owner_organisation) if p]
    return ", ".join(parts) if parts else NOT_YET


def action_cells(action: DraftActionView) -> tuple[str, str, str, str, str]:
    """Return the table's cells for one draft action."""
    return (
        action.issue_heading or "No issue",
        action.action,
        owner_text(action),
        action.measure or NOT_YET,
        format_date(action.due_on) if action.due_on else NOT_YET,
    )


class AgreementStagePage(StagePage):
    """The draft actions as accepted, for everyone to read through together."""

    stage = Stage.AGREEMENT
    hint = DRAFT_LINE

    def build(self) -> None:
        self._service = ProposalService(self.context.workspace)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("draftActions")
        self.table.setAccessibleName("Draft actions")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 190), (2, 190), (3, 150), (4, 120)):
            header.resizeSection(column, width)
        # Wrapped text needs the rows re-measured whenever a column's width changes.
        header.sectionResized.connect(lambda *_sizes: self.table.resizeRowsToContents())
        heading = QLabel("Draft &actions:")
        heading.setBuddy(self.table)
        self.empty_label = QLabel(NO_ACTIONS)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)
        self.body.addWidget(heading)
        self.body.addWidget(self.stack, 1)
        self.actions: list[DraftActionView] = []
        self.refresh()

    def refresh(self) -> None:
        try:
            self.actions = self._service.draft_actions(self.context.case_id)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return
        self.table.setRowCount(len(self.actions))
        for row, action in enumerate(self.actions):
            for column, text in enumerate(action_cells(action)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.stack.setCurrentWidget(self.table if self.actions else self.empty_label)
