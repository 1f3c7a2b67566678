"""Stage 8, Agreement: write the agreement together, review it, and sign it at the table."""

from __future__ import annotations

from sendmed_desktop.domain.vocabulary import Stage
from sendmed_desktop.services.agreements import ActionView
from sendmed_desktop.services.proposals import DraftActionView
from sendmed_desktop.ui.pages.stage_page import StagePage
from sendmed_desktop.ui.widgets.agreement_editor import AgreementEditor

HINT = (
    "Date the agreement, record how each issue ended, and make every action SMART: the "
    "check beside the action says what is missing. Then review it together and sign."
)
NOT_YET = "Still to agree"


def owner_text(action: DraftActionView) -> str:
    """Return who owns an action: "Priya Natarajan, SEN officer, Northshire", or a gap."""
    parts = [p for p in (action.owner_name, action.owner_role, action.owner_organisation) if p]
    return ", ".join(parts) if parts else NOT_YET


class AgreementStagePage(StagePage):
    """The written agreement, edited as the parties agree it."""

    stage = Stage.AGREEMENT
    hint = HINT

    def build(self) -> None:
        self.editor = AgreementEditor(self.context.workspace, self.context.case_id)
        self.watch(self.editor)
        self.table = self.editor.table
        self.body.addWidget(self.editor, 1)

    @property
    def actions(self) -> tuple[ActionView, ...]:
        """Return the actions of the version shown."""
        return self.editor.view.actions if self.editor.view else ()

    def refresh(self) -> None:
        self.editor.reload()

    def flush(self) -> bool:
        return self.editor.flush()
