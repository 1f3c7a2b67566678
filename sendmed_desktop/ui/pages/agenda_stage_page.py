"""Stage 5, Agenda of issues: the issues agreed with everyone, in the order to discuss them."""

from __future__ import annotations

from sendmed_desktop.domain.vocabulary import Stage
from sendmed_desktop.ui.pages.stage_page import StagePage
from sendmed_desktop.ui.widgets.issues_editor import IssuesEditor


class AgendaStagePage(StagePage):
    """The issues, as agreed with everyone present, in agenda order."""

    stage = Stage.AGENDA
    hint = (
        "Agree the issues with everyone present and put them in the order you will discuss "
        "them (Alt+Up and Alt+Down move the selected issue)."
    )

    def build(self) -> None:
        context = self.context
        self.editor = IssuesEditor(context.workspace, context.case_id, context.tasks)
        self.watch(self.editor)
        self.body.addWidget(self.editor, 1)

    def refresh(self) -> None:
        self.editor.refresh()
