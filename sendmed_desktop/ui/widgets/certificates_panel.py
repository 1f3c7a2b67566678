"""A case's mediation certificates: which are due (and by when), and which were issued."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.certificates import OfferedCertificate, certificate_title
from sendmed_desktop.domain.vocabulary import CertificateKind
from sendmed_desktop.services.certificate_views import (
    CertificateSummary,
    IssuedCertificate,
    Issuer,
    IssueRequest,
)
from sendmed_desktop.services.certificates import CertificateService
from sendmed_desktop.services.timeline import timeline_settings
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.tasks import show_error

ON_TIME = "✓ On time"
LATE = "⚠ Late"
NONE_DUE = (
    "No certificate is due yet. One becomes due when the family declines mediation, when "
    "the local authority says it cannot be held within 30 days, or when mediation concludes "
    "(record these in the case's key dates)."
)
NONE_ISSUED = "No certificate has been issued for this case yet."
COLUMNS = ("Reference", "Kind", "Issued", "On time or late", "Corrections")

KIND_WORDS = {
    CertificateKind.DECLINED: "certificate that mediation was declined",
    CertificateKind.AFTER_MEDIATION: "certificate after mediation",
    CertificateKind.NOT_HELD: "certificate that mediation was not held within 30 days",
}


def _today() -> date:
    return date.today()  # noqa: DTZ011 - statutory days are local calendar days


def offer_text(offer: OfferedCertificate, today: date, left: int) -> str:
    """Say which certificate is due and by when, late in words and a symbol."""
    text = f"Due: {KIND_WORDS[offer.kind]} — by {format_date(offer.due.due)}"
    if offer.late:
        return f"{text} ⚠ late: issue it as soon as you can"
    if offer.due.due == today:
        return f"{text} (today)"
    days = "working day" if left == 1 else "working days"
    return f"{text} ({left} {days} left)"


def correction_text(summary: CertificateSummary) -> str:
    """Say what a certificate corrects and what corrected it."""
    parts = []
    if summary.reissue_of_reference:
        reason = f" ({summary.reissue_reason})" if summary.reissue_reason else ""
        parts.append(f"Corrects {summary.reissue_of_reference}{reason}")
    if summary.corrected_by_reference:
        parts.append(f"Corrected by {summary.corrected_by_reference}")
    return "; ".join(parts) or "—"


class CertificatesPanel(QWidget):
    """The certificates a case is due, each with "Preview and issue…", and those issued."""

    changed = Signal()

    def __init__(self, workspace: Workspace, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("certificatesPanel")
        self.workspace = workspace
        self.case_id = case_id
        self.service = CertificateService(workspace)
        self.offers: list[OfferedCertificate] = []
        self.issued: list[CertificateSummary] = []
        self.offer_labels: list[QLabel] = []
        self.offer_buttons: dict[CertificateKind, QPushButton] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.due_box = QGroupBox("Certificates due")
        self.due_layout = QVBoxLayout(self.due_box)
        layout.addWidget(self.due_box)

        issued_box = QGroupBox("Certificates issued")
        issued_layout = QVBoxLayout(issued_box)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("certificatesTable")
        self.table.setAccessibleName("Certificates issued for this case")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(110)
        self.empty_label = QLabel(NONE_ISSUED)
        self.empty_label.setWordWrap(True)
        issued_layout.addWidget(self.empty_label)
        issued_layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.preview_button = QPushButton("Preview")
        self.preview_button.setAccessibleName("Preview the selected certificate")
        self.save_button = QPushButton("Save a cop&y…")
        self.save_button.setAccessibleName("Save a copy of the selected certificate")
        self.correct_button = QPushButton("C&orrect (re-issue)…")
        self.correct_button.setAccessibleName("Correct the selected certificate by re-issuing it")
        for button in (self.preview_button, self.save_button, self.correct_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        issued_layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setObjectName("certificatesStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        issued_layout.addWidget(self.status)
        layout.addWidget(issued_box)

        self.preview_button.clicked.connect(self.preview_selected)
        self.save_button.clicked.connect(self.save_selected)
        self.correct_button.clicked.connect(self.correct_selected)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.doubleClicked.connect(self.preview_selected)
        self.refresh()

    # -- reading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the offers and the issued certificates again."""
        try:
            self.offers = self.service.offers(self.case_id)
            self.issued = self.service.certificates(self.case_id)
            calendar = timeline_settings(self.workspace).calendar
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return
        today = _today()
        self._clear_offers()
        for number, offer in enumerate(self.offers):
            label = QLabel(offer_text(offer, today, offer.due.remaining(today, calendar)))
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            # One access key: two buttons sharing it would make Alt+I ambiguous.
            button = QPushButton("Preview and &issue…" if number == 0 else "Preview and issue…")
            button.setAccessibleName(f"Preview and issue the {KIND_WORDS[offer.kind]}")
            button.clicked.connect(lambda _=False, kind=offer.kind: self.issue(kind))
            row = QHBoxLayout()
            row.addWidget(label, 1)
            row.addWidget(button)
            self.due_layout.addLayout(row)
            self.offer_labels.append(label)
            self.offer_buttons[offer.kind] = button
        if not self.offers:
            label = QLabel(NONE_DUE)
            label.setWordWrap(True)
            self.due_layout.addWidget(label)
            self.offer_labels.append(label)
        self._fill_table()

    def _clear_offers(self) -> None:
        for label in self.offer_labels:
            label.deleteLater()
        for button in self.offer_buttons.values():
            button.deleteLater()
        self.offer_labels = []
        self.offer_buttons = {}
        while self.due_layout.count():
            item = self.due_layout.takeAt(0)
            inner = item.layout() if item is not None else None
            if inner is not None:
                inner.deleteLater()

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.issued))
        for row, summary in enumerate(self.issued):
            cells = (
                summary.reference,
                summary.kind_label,
                format_date(summary.issued_on),
                LATE if summary.late else ON_TIME,
                correction_text(summary),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, summary.id)
                if column == 3 and summary.due_on is not None:
                    item.setToolTip(f"Due by {format_date(summary.due_on)}")
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(self.issued))
        self.empty_label.setVisible(not self.issued)
        if self.issued and not self.table.selectedItems():
            self.table.selectRow(len(self.issued) - 1)
        self._enable()

    def offer_texts(self) -> list[str]:
        """Return the lines shown under "Certificates due"."""
        return [label.text() for label in self.offer_labels]

    def selected(self) -> CertificateSummary | None:
        """Return the issued certificate selected in the table, if any."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].row()
        return self.issued[row] if 0 <= row < len(self.issued) else None

    def _enable(self) -> None:
        chosen = self.selected()
        for button in (self.preview_button, self.save_button, self.correct_button):
            button.setEnabled(chosen is not None)
        if chosen is not None and chosen.corrected_by_reference:
            self.correct_button.setEnabled(False)
            self.correct_button.setToolTip(
                f"Already corrected by {chosen.corrected_by_reference}: correct that one."
            )
        else:
            self.correct_button.setToolTip("")

    # -- issuing and correcting --------------------------------------------------------------

    def issue(self, kind: CertificateKind) -> IssuedCertificate | None:
        """Open the issue dialog for ``kind``; return what was issued, or None."""
        from sendmed_desktop.ui.dialogs.issue_certificate_dialog import (
            IssueDefaults,
            run_issue_dialog,
        )

        try:
            draft = self.service.preview_fields(self.case_id, kind)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return None
        defaults = IssueDefaults(draft.issuer_name, draft.issuer_role, draft.resolution)

        def attempt(request: IssueRequest, _reason: str) -> IssuedCertificate:
            return self.service.issue(self.case_id, kind, request)

        issued = run_issue_dialog(self, kind, defaults, self._previewer(kind), attempt)
        if issued is not None:
            self.status.setText(f"Issued certificate {issued.reference}.")
            self.refresh()
            self.changed.emit()
        return issued

    def correct_selected(self) -> IssuedCertificate | None:
        """Re-issue the selected certificate with a reason; return the correction, or None."""
        from sendmed_desktop.ui.dialogs.issue_certificate_dialog import (
            IssueDefaults,
            run_issue_dialog,
        )

        chosen = self.selected()
        if chosen is None:
            return None
        defaults = IssueDefaults(
            chosen.issuer_name,
            chosen.issuer_role,
            chosen.resolution,
            corrects_reference=chosen.reference,
            earliest_issue=chosen.issued_on,
        )

        def attempt(request: IssueRequest, reason: str) -> IssuedCertificate:
            return self.service.reissue(chosen.id, reason, request)

        issued = run_issue_dialog(
            self, chosen.kind, defaults, self._previewer(chosen.kind), attempt
        )
        if issued is not None:
            self.status.setText(f"Issued {issued.reference}, correcting {chosen.reference}.")
            self.refresh()
            self.changed.emit()
        return issued

    def _previewer(self, kind: CertificateKind) -> Callable[[IssueRequest], bytes]:
        def preview(request: IssueRequest) -> bytes:
            return self.service.preview_pdf(
                self.case_id,
                kind,
                resolution=request.resolution,
                issuer=Issuer(request.issuer_name, request.issuer_role),
            )

        return preview

    # -- an issued certificate ---------------------------------------------------------------

    def preview_selected(self) -> None:
        """Show the selected certificate exactly as it was sealed."""
        from sendmed_desktop.ui.dialogs.issue_certificate_dialog import preview_document

        chosen = self.selected()
        if chosen is None:
            return
        try:
            pdf = self.service.sealed_pdf(chosen.id)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return
        title = f"Certificate {chosen.reference} — {certificate_title(chosen.kind)}"
        if preview_document(self, pdf, title, "Save a cop&y…"):
            self.save_selected()

    def save_selected(self) -> Path | None:
        """Ask where, then write the selected certificate's sealed PDF there (owner-only)."""
        from sendmed_desktop.services.documents import save_certificate

        chosen = self.selected()
        if chosen is None:
            return None
        suggested = str(Path.home() / f"Mediation certificate {chosen.reference}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, f"Save a copy of {chosen.reference}", suggested, "PDF documents (*.pdf)"
        )
        if not path:
            return None
        try:
            written = save_certificate(
                self.workspace, chosen.id, Path(path), reference=chosen.reference
            )
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return None
        self.status.setText(f"Saved a copy of {chosen.reference} to {written}.")
        return written
