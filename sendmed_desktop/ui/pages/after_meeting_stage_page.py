"""Stage 10, After the meeting: the certificates, the statutory timeline, and the notes."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from sendmed_desktop.domain.vocabulary import Stage
from sendmed_desktop.services.timeline import TimelineService
from sendmed_desktop.ui.pages.stage_page import StagePage
from sendmed_desktop.ui.tasks import show_error
from sendmed_desktop.ui.widgets.certificates_panel import CertificatesPanel
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
        self.certificates = CertificatesPanel(self.context.workspace, self.context.case_id)
        self.certificates.changed.connect(self._certificate_issued)
        first = QWidget()
        layout = QVBoxLayout(first)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.certificates)
        layout.addWidget(self.timeline, 1)
        self.body.addWidget(self.tabs_with_notes(first, "Certificates and &timeline"), 1)
        self._show_timeline()

    def _certificate_issued(self) -> None:
        # Issuing moves the appeal deadline (R8) and completes R7 on the timeline.
        self._show_timeline()
        self.changed.emit()

    def refresh(self) -> None:
        self.certificates.refresh()
        self._show_timeline()

    def _show_timeline(self) -> None:
        try:
            entries = self._timeline.case_timeline(self.context.case_id)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return
        self.timeline.show_entries(entries)
