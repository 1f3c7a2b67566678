"""Stage 1, Preparation: people, decision, issues, calls, the meeting and adjustments."""

from __future__ import annotations

from sendmed_desktop.domain.vocabulary import Stage
from sendmed_desktop.ui.pages.stage_page import StagePage
from sendmed_desktop.ui.widgets.preparation_tabs import PreparationTabs


class PreparationStagePage(StagePage):
    """Everything before the meeting, a tab per part, each saved as it is entered."""

    stage = Stage.PREPARATION
    hint = (
        "Before the meeting: who is involved, the decision and the issues, calls with each "
        "party, the meeting and who is invited, adjustments and expenses. Everything is "
        "saved as you enter it."
    )

    def build(self) -> None:
        context = self.context
        self.tabs = PreparationTabs(context.workspace, context.case_id, context.tasks)
        self.watch(self.tabs)
        self.body.addWidget(self.tabs, 1)

    def refresh(self) -> None:
        self.tabs.refresh()
