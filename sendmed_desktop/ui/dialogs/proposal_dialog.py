"""Write down a proposal or counter-proposal: who made it and what it says.

The dialog collects a ProposalEntry and leaves storing it to the caller.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.services.intake import ParticipantView
from sendmed_desktop.ui.widgets.problems import ProblemLabel


@dataclass(frozen=True)
class ProposalEntry:
    """What the mediator wrote down about one proposal."""

    proposed_by_participant_id: int | None
    text: str

    def problems(self) -> list[str]:
        """Return what stops the proposal being recorded, in the mediator's words."""
        found = []
        if self.proposed_by_participant_id is None:
            found.append("Choose who made the proposal.")
        if not self.text.strip():
            found.append("Write down what was proposed.")
        return found


class ProposalDialog(QDialog):
    """Collect who proposed what on one issue; refuse to close while it has problems."""

    def __init__(
        self,
        participants: list[ParticipantView],
        *,
        issue_heading: str,
        answering: str | None = None,
        proposer_id: int | None = None,
        text: str = "",
        rewording: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if rewording:
            title = "Change the proposal's wording"
        elif answering is not None:
            title = "Counter-proposal"
        else:
            title = "Add a proposal"
        self.setWindowTitle(title)
        self.setModal(True)
        self._result: ProposalEntry | None = None

        issue_label = QLabel(f"Issue: {issue_heading}")
        issue_label.setWordWrap(True)
        self.answering_label = QLabel(f"In answer to: {answering}" if answering else "")
        self.answering_label.setWordWrap(True)
        self.answering_label.setVisible(answering is not None)

        self.proposer_combo = QComboBox()
        self.proposer_combo.addItem("Choose who…", None)
        for person in participants:
            self.proposer_combo.addItem(f"{person.full_name} ({person.role.label})", person.id)
        index = self.proposer_combo.findData(proposer_id) if proposer_id is not None else 0
        self.proposer_combo.setCurrentIndex(max(index, 0))
        # Who made a proposal is part of the record: rewording never changes it.
        self.proposer_combo.setEnabled(not rewording)
        proposer_label = QLabel("&Who proposes it:")
        proposer_label.setBuddy(self.proposer_combo)
        self.proposer_combo.view().setAccessibleName("Who proposes it")
        self.text_edit = QPlainTextEdit(text)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setPlaceholderText(
            "In the words the parties used, e.g. “The LA will fund 12 sessions of speech "
            "and language therapy this term.”"
        )
        text_label = QLabel("&Proposal:")
        text_label.setBuddy(self.text_edit)

        self.problems = ProblemLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Save wording" if rewording else "Record proposal")
        ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(proposer_label, self.proposer_combo)
        form.addRow(text_label, self.text_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(issue_label)
        layout.addWidget(self.answering_label)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        (self.text_edit if rewording or proposer_id is not None else self.proposer_combo).setFocus()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        participants: list[ParticipantView],
        *,
        issue_heading: str,
        answering: str | None = None,
        proposer_id: int | None = None,
        text: str = "",
        rewording: bool = False,
    ) -> tuple[ProposalEntry | None, bool]:
        """Run the dialog; return the entry and whether the user accepted."""
        dialog = cls(
            participants,
            issue_heading=issue_heading,
            answering=answering,
            proposer_id=proposer_id,
            text=text,
            rewording=rewording,
            parent=parent,
        )
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        result = dialog.entry() if accepted else None
        dialog.deleteLater()
        return result, accepted

    def entry(self) -> ProposalEntry:
        """Return what the fields hold now."""
        return ProposalEntry(
            proposed_by_participant_id=self.proposer_combo.currentData(),
            text=self.text_edit.toPlainText().strip(),
        )

    def accept(self) -> None:
        """Close only if the entry has no problems; otherwise list them."""
        problems = self.entry().problems()
        if problems:
            self.problems.show_problems(problems)
            return
        super().accept()
