"""Stage 7, Options and proposals: who proposed what on each issue, and what was accepted."""

from __future__ import annotations

from sendmed_desktop.domain.vocabulary import Stage
from sendmed_desktop.ui.pages.stage_page import StagePage
from sendmed_desktop.ui.widgets.proposals_panel import ProposalsPanel


class OptionsStagePage(StagePage):
    """Proposals and counter-proposals; accepting one makes it a draft action."""

    stage = Stage.OPTIONS
    hint = (
        "Record each proposal and counter-proposal against its issue and who made it. "
        "Accepting a proposal adds it to the draft agreement as an action."
    )

    def build(self) -> None:
        context = self.context
        self.proposals = ProposalsPanel(context.workspace, context.case_id)
        self.watch(self.proposals)
        self.body.addWidget(self.proposals, 1)

    def refresh(self) -> None:
        self.proposals.refresh()

    def flush(self) -> bool:
        return self.proposals.flush()
