"""The agenda of issues, the proposals on each, and the draft actions they become.

Proposals are recorded as they are made, attributed to whoever made them, with
counter-proposals shown under what they answer. Accepting one puts it in the draft
agreement as an action; re-opening it takes it out again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.vocabulary import ProposalStatus
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.intake import IntakeService, ParticipantView
from sendmed_desktop.services.proposals import (
    AgendaIssue,
    DraftActionView,
    ProposalService,
    ProposalView,
)
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.proposal_dialog import ProposalDialog
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.widgets.autosave import report_save_error
from sendmed_desktop.ui.widgets.problems import ProblemLabel

STATUS_SYMBOL = {
    ProposalStatus.OPEN: "○",
    ProposalStatus.ACCEPTED: "✓",
    ProposalStatus.REJECTED: "✗",
    ProposalStatus.WITHDRAWN: "–",
}
ADDED_TO_DRAFT = "✓ Added to the draft agreement as an action."
REMOVED_FROM_DRAFT = "Taken out of the draft agreement: it is no longer accepted."
NO_ISSUES = "No issues on the agenda yet. Add them when preparing the case."
NO_PROPOSALS = "No proposals on this issue yet. Use Add proposal… to record one."
NO_ACTIONS = "The draft agreement has no actions yet. Accepting a proposal adds it here."
_ID = Qt.ItemDataRole.UserRole


class ProposalColumn:
    TEXT = 0
    BY = 1
    STATUS = 2


def status_text(proposal: ProposalView) -> str:
    """Return a proposal's status as shown: ``✓ Accepted, Wed 8 Apr 2026``."""
    shown = f"{STATUS_SYMBOL[proposal.status]} {proposal.status.label}"
    if proposal.decided_on is not None and proposal.status is not ProposalStatus.OPEN:
        shown += f", {format_date(proposal.decided_on)}"
    return shown


def issue_text(issue: AgendaIssue) -> str:
    """Return an agenda line: position, heading, and how its proposals stand."""
    if issue.all_proposals:
        counts = [f"{issue.all_proposals} proposal{'s' if issue.all_proposals != 1 else ''}"]
    else:
        counts = ["no proposals yet"]
    if issue.open_proposals:
        counts.append(f"{issue.open_proposals} open")
    if issue.accepted_proposals:
        counts.append(f"{issue.accepted_proposals} accepted")
    outcome = f" · Outcome: {issue.outcome.label}" if issue.outcome else ""
    return (
        f"{issue.position + 1}. {issue.heading}\n{issue.area.label} · {', '.join(counts)}{outcome}"
    )


def action_text(action: DraftActionView) -> str:
    """Return a draft action as listed: its wording and the issue it settles."""
    issue = f" — {action.issue_heading}" if action.issue_heading else ""
    return f"{action.position + 1}. {action.action}{issue}"


class _WrappingDelegate(QStyledItemDelegate):
    """Make each row as tall as its proposal's wrapped text in the column's width."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        if index.column() != ProposalColumn.TEXT:
            return hint
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self._tree.header().sectionSize(ProposalColumn.TEXT)
        width -= depth * self._tree.indentation() + 12
        shown = QStyleOptionViewItem(option)
        self.initStyleOption(shown, index)
        bounds = shown.fontMetrics.boundingRect(
            QRect(0, 0, max(width, 80), 100_000), Qt.TextFlag.TextWordWrap, shown.text
        )
        return QSize(hint.width(), max(hint.height(), bounds.height() + 6))


class ProposalsPanel(QWidget):
    """Record and decide proposals on a case's agenda of issues."""

    changed = Signal()

    def __init__(self, workspace: Workspace, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._case_id = case_id
        self._service = ProposalService(workspace)
        self._intake = IntakeService(workspace)
        self._issues: list[AgendaIssue] = []
        self._proposals: dict[int, ProposalView] = {}
        self._participants: list[ParticipantView] = []

        self.agenda_list = QListWidget()
        self.agenda_list.setObjectName("agenda")
        self.agenda_list.setWordWrap(True)
        self.agenda_list.setSpacing(2)
        self.agenda_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        agenda_label = QLabel("Age&nda of issues")
        agenda_label.setBuddy(self.agenda_list)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(agenda_label)
        left_layout.addWidget(self.agenda_list, 1)

        self.tree = QTreeWidget()
        self.tree.setObjectName("proposals")
        self.tree.setHeaderLabels(["Proposal", "Proposed by", "Status"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Proposals are sentences: wrap them rather than cut them off.
        self.tree.setWordWrap(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setItemDelegate(_WrappingDelegate(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ProposalColumn.TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ProposalColumn.BY, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ProposalColumn.STATUS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ProposalColumn.BY, 300)
        header.resizeSection(ProposalColumn.STATUS, 200)
        # Rows are as tall as their wrapped text at the new width.
        header.sectionResized.connect(lambda *_: self.tree.doItemsLayout())
        self.tree_label = QLabel("Proposals and counter-proposals on this &issue")
        self.tree_label.setWordWrap(True)
        self.tree_label.setBuddy(self.tree)
        self.empty_label = QLabel(NO_PROPOSALS)
        self.empty_label.setWordWrap(True)

        self.add_button = QPushButton("&Add proposal…")
        self.counter_button = QPushButton("Co&unter-propose…")
        self.counter_button.setToolTip("Record a proposal made in answer to the one chosen")
        self.reword_button = QPushButton("Edit &wording…")
        self.accept_button = QPushButton("Acce&pt")
        self.accept_button.setToolTip("Accepted proposals go into the draft agreement")
        self.reject_button = QPushButton("&Reject")
        self.withdraw_button = QPushButton("Wi&thdraw")
        self.reopen_button = QPushButton("Re&open")
        self.reopen_button.setToolTip("Undo a decision: the proposal is open again")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.counter_button, self.reword_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (
            self.accept_button,
            self.reject_button,
            self.withdraw_button,
            self.reopen_button,
        ):
            buttons.addWidget(button)

        self.problems = ProblemLabel()
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("What just happened")
        self.notice.hide()

        self.actions_list = QListWidget()
        self.actions_list.setObjectName("draftActions")
        self.actions_list.setWordWrap(True)
        actions_label = QLabel("&Draft agreement actions (made SMART in the agreement)")
        actions_label.setBuddy(self.actions_list)
        self.no_actions_label = QLabel(NO_ACTIONS)
        self.no_actions_label.setWordWrap(True)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.tree_label)
        top_layout.addWidget(self.tree, 1)
        top_layout.addWidget(self.empty_label)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.problems)
        top_layout.addWidget(self.notice)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(actions_label)
        bottom_layout.addWidget(self.actions_list, 1)
        bottom_layout.addWidget(self.no_actions_label)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(top)
        right.addWidget(bottom)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        right.setChildrenCollapsible(False)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 900])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.agenda_list.currentItemChanged.connect(lambda *_: self._show_proposals())
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.add_button.clicked.connect(self.add_proposal)
        self.counter_button.clicked.connect(self.counter_propose)
        self.reword_button.clicked.connect(self.reword)
        self.accept_button.clicked.connect(lambda: self.decide(ProposalStatus.ACCEPTED))
        self.reject_button.clicked.connect(lambda: self.decide(ProposalStatus.REJECTED))
        self.withdraw_button.clicked.connect(lambda: self.decide(ProposalStatus.WITHDRAWN))
        self.reopen_button.clicked.connect(lambda: self.decide(ProposalStatus.OPEN))
        self.refresh()

    # -- what the case page calls --------------------------------------------------------

    def refresh(self) -> None:
        """Read the agenda, the proposals and the draft actions again, keeping the choice."""
        keep_issue = self.selected_issue_id()
        keep_proposal = self.selected_proposal()
        self._participants = self._intake.participants(self._case_id)
        self._issues = self._service.agenda(self._case_id)
        self.agenda_list.blockSignals(True)
        self.agenda_list.clear()
        for issue in self._issues:
            item = QListWidgetItem(issue_text(issue))
            item.setData(_ID, issue.id)
            self.agenda_list.addItem(item)
        rows = [i for i, issue in enumerate(self._issues) if issue.id == keep_issue]
        if self._issues:
            self.agenda_list.setCurrentRow(rows[0] if rows else 0)
        self.agenda_list.blockSignals(False)
        self._show_proposals(keep_proposal.id if keep_proposal else None)
        self._show_actions()

    def flush(self) -> bool:
        """Nothing here waits to be saved: every change is stored as it is made."""
        return True

    def selected_issue_id(self) -> int | None:
        """Return the id of the issue chosen on the agenda."""
        item = self.agenda_list.currentItem()
        return None if item is None else int(item.data(_ID))

    def selected_proposal(self) -> ProposalView | None:
        """Return the proposal chosen in the tree."""
        item = self.tree.currentItem()
        return None if item is None else self._proposals.get(item.data(ProposalColumn.TEXT, _ID))

    def add_proposal(self) -> ProposalView | None:
        """Ask who proposed what on the chosen issue, and record it."""
        return self._record(answering=None)

    def counter_propose(self) -> ProposalView | None:
        """Ask for a proposal made in answer to the chosen one, and record it."""
        answering = self.selected_proposal()
        return None if answering is None else self._record(answering=answering)

    def reword(self) -> None:
        """Change the chosen proposal's wording (its draft action follows)."""
        proposal = self.selected_proposal()
        if proposal is None:
            return
        entry, accepted = ProposalDialog.ask(
            self,
            self._participants,
            issue_heading=proposal.issue_heading,
            proposer_id=proposal.proposed_by_participant_id,
            text=proposal.text,
            rewording=True,
        )
        if accepted and entry is not None:
            self._act(lambda: self._service.update_text(proposal.id, entry.text), "")

    def decide(self, status: ProposalStatus) -> None:
        """Accept, reject, withdraw or re-open the chosen proposal."""
        proposal = self.selected_proposal()
        if proposal is None or proposal.status is status:
            return
        if status is ProposalStatus.ACCEPTED:
            notice = ADDED_TO_DRAFT
        elif proposal.status is ProposalStatus.ACCEPTED:
            notice = REMOVED_FROM_DRAFT
        else:
            notice = f"{STATUS_SYMBOL[status]} Marked {status.label.lower()}."
        self._act(lambda: self._service.set_status(proposal.id, status), notice)

    # -- inside ---------------------------------------------------------------------------

    def _record(self, answering: ProposalView | None) -> ProposalView | None:
        issue_id = self.selected_issue_id()
        if issue_id is None:
            return None
        heading = next(i.heading for i in self._issues if i.id == issue_id)
        entry, accepted = ProposalDialog.ask(
            self,
            self._participants,
            issue_heading=heading,
            answering=f"“{answering.text}” — {answering.attribution}" if answering else None,
            proposer_id=self._other_party(answering) if answering else None,
            rewording=False,
        )
        if not accepted or entry is None or entry.proposed_by_participant_id is None:
            return None
        proposer = entry.proposed_by_participant_id
        counter_to = answering.id if answering else None
        return self._act(
            lambda: self._service.add_proposal(
                self._case_id, issue_id, proposer, entry.text, counter_to
            ),
            "",
        )

    def _act(self, change: Callable[[], ProposalView], notice: str) -> ProposalView | None:
        """Run one change; show a refusal in words under the buttons, never lose the view."""
        self.problems.clear_problems()
        self.notice.hide()
        try:
            result = change()
        except ValidationError as error:
            self.problems.show_problems(str(error).split("\n"))
            return None
        except Exception as error:  # noqa: BLE001 - the user is told; nothing changed
            report_save_error(self, error)
            return None
        self.refresh()
        self._select(result.id)
        if notice:
            self.notice.setText(notice)
            self.notice.show()
        self.changed.emit()
        return result

    def _other_party(self, answering: ProposalView) -> int | None:
        """Suggest the proposer of a counter-proposal: a party other than the first's."""
        others = [p for p in self._participants if p.id != answering.proposed_by_participant_id]
        party = next((p for p in others if p.is_party), None)
        return party.id if party else None

    def _show_proposals(self, select: int | None = None) -> None:
        issue_id = self.selected_issue_id()
        heading = next((i.heading for i in self._issues if i.id == issue_id), "")
        self.tree_label.setText(
            f"Proposals and counter-proposals on this &issue: {heading}"
            if heading
            else "Proposals and counter-proposals on this &issue"
        )
        found = [] if issue_id is None else self._service.proposals(self._case_id, issue_id)
        self._proposals = {p.id: p for p in found}
        self.tree.blockSignals(True)
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for proposal in found:  # oldest first, so what a counter answers is already there
            item = QTreeWidgetItem()
            item.setData(ProposalColumn.TEXT, _ID, proposal.id)
            item.setText(ProposalColumn.TEXT, proposal.text)
            item.setToolTip(ProposalColumn.TEXT, proposal.text)
            item.setText(ProposalColumn.BY, proposal.attribution)
            item.setText(ProposalColumn.STATUS, status_text(proposal))
            parent = items.get(proposal.counter_to_id) if proposal.counter_to_id else None
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[proposal.id] = item
        self.tree.expandAll()
        if select not in items:
            # Start on the first proposal still open: that is the one being discussed.
            waiting = [p.id for p in found if p.status is ProposalStatus.OPEN]
            select = waiting[0] if waiting else (found[0].id if found else None)
        if select is not None:
            self.tree.setCurrentItem(items[select])
        self.tree.blockSignals(False)
        self.empty_label.setText(NO_ISSUES if not self._issues else NO_PROPOSALS)
        self.empty_label.setVisible(not found)
        self.add_button.setEnabled(issue_id is not None)
        self._update_buttons()

    def _select(self, proposal_id: int) -> None:
        matches = self.tree.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive)
        for item in matches:
            if item.data(ProposalColumn.TEXT, _ID) == proposal_id:
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                return

    def _update_buttons(self) -> None:
        proposal = self.selected_proposal()
        is_open = proposal is not None and proposal.status is ProposalStatus.OPEN
        self.counter_button.setEnabled(proposal is not None)
        self.reword_button.setEnabled(proposal is not None)
        for button in (self.accept_button, self.reject_button, self.withdraw_button):
            button.setEnabled(is_open)
        self.reopen_button.setEnabled(proposal is not None and not is_open)

    def _show_actions(self) -> None:
        actions = self._service.draft_actions(self._case_id)
        self.actions_list.clear()
        for action in actions:
            self.actions_list.addItem(action_text(action))
        self.no_actions_label.setVisible(not actions)
