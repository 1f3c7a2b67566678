"""Stage 4, the child's views: how they were sought, what was said, what may be shared."""

from __future__ import annotations

from sendmed_desktop.domain.vocabulary import Stage
from sendmed_desktop.ui.pages.stage_page import StagePage
from sendmed_desktop.ui.widgets.child_views_form import ChildViewsForm


class ChildsViewsStagePage(StagePage):
    """The record of the child's views (R14), and notes of the discussion of them."""

    stage = Stage.CHILDS_VIEWS
    uses_notes = True
    hint = (
        "Where a parent is a party, record the child's views, or why it was not reasonably "
        "practicable to obtain them: the case cannot be closed without this (R14). Share "
        "only what the child and parent agreed may be shared."
    )

    def build(self) -> None:
        context = self.context
        self.form = ChildViewsForm(context.workspace, context.case_id)
        self.watch(self.form)
        self.body.addWidget(self.tabs_with_notes(self.form, "Record of the child's views"), 1)

    def refresh(self) -> None:
        self.form.refresh()

    def flush(self) -> bool:
        return self.form.flush()
