"""Stage 9, Close: next steps, when the certificate is due, and the right of appeal."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtWidgets import QLabel, QTextBrowser

from sendmed_desktop.domain.certificates import OfferedCertificate
from sendmed_desktop.domain.timeline import TimelineEntry
from sendmed_desktop.domain.timescales import certificate_due_after_mediation
from sendmed_desktop.domain.vocabulary import CertificateKind, Stage
from sendmed_desktop.services.certificate_views import CertificateSummary
from sendmed_desktop.services.certificates import CertificateService
from sendmed_desktop.services.proposals import DraftActionView, ProposalService
from sendmed_desktop.services.timeline import TimelineService, timeline_settings
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.pages.agreement_stage_page import NOT_YET, owner_text
from sendmed_desktop.ui.pages.stage_page import StagePage
from sendmed_desktop.ui.tasks import show_error
from sendmed_desktop.ui.widgets.certificates_panel import CertificatesPanel

APPEAL_RULE = "R8"
NO_APPEAL_DATE = (
    "Enter the date the decision notice was sent (Case → Edit key dates, Ctrl+Shift+D) to "
    "show the last day to appeal."
)


def _today() -> date:
    return date.today()  # noqa: DTZ011 - statutory days are local calendar days


def certificate_html(
    offer: OfferedCertificate | None,
    issued: CertificateSummary | None,
    if_today: date,
    due_if_today: date,
) -> str:
    """Say when the certificate is due: as offered once concluded, or if it ends today."""
    rule = "by the 3rd working day after the day mediation concluded (R7)"
    if issued is not None:
        timeliness = "⚠ late" if issued.late else "✓ on time"
        return (
            f"The mediation certificate {escape(issued.reference)} was issued on "
            f"<b>{format_date(issued.issued_on)}</b> ({timeliness}): it was due {rule}."
        )
    if offer is not None:
        late = " <b>⚠ Late:</b> issue it as soon as you can." if offer.late else ""
        return (
            f"The mediation certificate is due by <b>{format_date(offer.due.due)}</b>: {rule}."
            f"{late} Issue it below."
        )
    return (
        f"If the meeting ends today, {format_date(if_today)}, the mediation certificate is "
        f"due by <b>{format_date(due_if_today)}</b>, the 3rd working day after (R7). It says "
        "whether the issues were resolved in full, in part or not at all, and nothing that "
        "was said in the meeting."
    )


def appeal_html(entry: TimelineEntry | None) -> str:
    """Explain the appeal window, with the last day to appeal as things stand."""
    text = (
        "The parent or young person can still appeal to the First-tier Tribunal (SEND) on "
        "any issue that is not resolved. The time to appeal ends on the later of 2 months "
        "after the decision notice was sent and 1 month after the certificate is issued "
        "(HESC rules 20 and 12), and the Tribunal can extend it."
    )
    if entry is None:
        return f"{text} {escape(NO_APPEAL_DATE)}"
    return (
        f"{text} As things stand the last day to appeal is "
        f"<b>{format_date(entry.deadline.due)}</b>; issuing the certificate can make it later."
    )


def next_steps_html(
    actions: list[DraftActionView], certificate_due: date, issued_on: date | None = None
) -> str:
    """List the next steps to go through with everyone before they leave."""
    steps = []
    for action in actions:
        what = action.action.strip().rstrip(".")
        who = owner_text(action) if owner_text(action) != NOT_YET else "still to be named"
        due = format_date(action.due_on) if action.due_on else "a date still to agree"
        steps.append(f"{escape(what)}. Who: {escape(who)}. By: {escape(due)}.")
    if not actions:
        steps.append("No actions were agreed: say what happens next on each issue.")
    steps.append(
        "The written agreement goes to everyone on the distribution list, usually within "
        "24 to 48 hours."
    )
    if issued_on is not None:
        steps.append(f"The certificate was issued on {format_date(issued_on)}.")
    else:
        steps.append(f"The certificate is issued by {format_date(certificate_due)}.")
    steps.append("Each party is asked for feedback on the mediation.")
    return "<ul>" + "".join(f"<li>{step}</li>" for step in steps) + "</ul>"


class CloseStagePage(StagePage):
    """A summary to read out: who does what by when, the certificate, the right of appeal."""

    stage = Stage.CLOSE
    hint = "Go through the next steps, the certificate and the right of appeal with everyone."

    def build(self) -> None:
        self._timeline = TimelineService(self.context.workspace)
        self._proposals = ProposalService(self.context.workspace)
        self._certificates = CertificateService(self.context.workspace)
        self.summary = QTextBrowser()
        self.summary.setObjectName("closeSummary")
        self.summary.setAccessibleName("What to say at the close")
        self.summary.setOpenLinks(False)
        self.summary.setTabChangesFocus(True)
        heading = QLabel("What to &say at the close:")
        heading.setBuddy(self.summary)
        self.body.addWidget(heading)
        self.body.addWidget(self.summary, 1)
        self.certificates = CertificatesPanel(self.context.workspace, self.context.case_id)
        self.certificates.changed.connect(self._certificate_issued)
        self.body.addWidget(self.certificates)
        self._show_summary()

    def _certificate_issued(self) -> None:
        self._show_summary()
        self.changed.emit()

    def refresh(self) -> None:
        self.certificates.refresh()
        self._show_summary()

    def _show_summary(self) -> None:
        case_id = self.context.case_id
        kind = CertificateKind.AFTER_MEDIATION
        try:
            entries = self._timeline.case_timeline(case_id)
            actions = self._proposals.draft_actions(case_id)
            calendar = timeline_settings(self.context.workspace).calendar
            offer = next((o for o in self._certificates.offers(case_id) if o.kind is kind), None)
            issued = [c for c in self._certificates.certificates(case_id) if c.kind is kind]
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return
        by_rule = {entry.deadline.rule: entry for entry in entries}
        newest = issued[-1] if issued else None
        today = _today()
        due_if_today = certificate_due_after_mediation(today, calendar=calendar).due
        due = due_if_today
        if offer is not None:
            due = offer.due.due
        elif newest is not None and newest.due_on is not None:
            due = newest.due_on
        self.certificate_due = due
        self.summary.setHtml(
            "<h3>Next steps</h3>"
            + next_steps_html(actions, due, newest.issued_on if newest else None)
            + "<h3>The certificate</h3><p>"
            + certificate_html(offer, newest, today, due_if_today)
            + "</p><h3>The right of appeal</h3><p>"
            + appeal_html(by_rule.get(APPEAL_RULE))
            + "</p>"
        )

    def summary_text(self) -> str:
        """Return the summary as plain text."""
        return self.summary.toPlainText()
