"""Stage 10, After the meeting: the statutory timeline from here on, and the notes."""

from __future__ import annotations

from sendmed_desktop.domain.vocabulary import Stage
from sendmed_desktop.services.timeline import TimelineService
from sendmed_desktop.ui.pages.stage_page import StagePage
from sendmed_desktop.ui.tasks import show_error
from sendmed_desktop.ui.widgets.timeline_view import TimelineView


class AfterMeetingStagePage(StagePage):
    """The case's deadlines (certificate, actions, appeal) and the meeting's notes."""

    stage = Stage.AFTER_MEETING
    uses_notes = True
    hint = (
        "Issue the certificate within 3 working days, send the agreement, ask each party for "
        "feedback, and follow up each action's deadline."
    )

    def build(self) -> None:
        self._timeline = TimelineService(self.context.workspace)
        self.timeline = TimelineView()
        self.body.addWidget(self.tabs_with_notes(self.timeline, "Statutory &timeline"), 1)
        self.refresh()

    def refresh(self) -> None:
        try:
            entries = self._timeline.case_timeline(self.context.case_id)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return
        self.timeline.show_entries(entries)
