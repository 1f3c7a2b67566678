"""Issue (or correct) one mediation certificate: who issues it, the outcome, a signature.

The dialog collects an ``IssueRequest`` and shows the draft; the caller passes an
``attempt`` callable that asks the certificate service to issue it, so a refusal (in the
service's plain words) is shown here and nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop import APP_NAME
from sendmed_desktop.domain.certificates import certificate_title
from sendmed_desktop.domain.vocabulary import CertificateKind, ResolutionExtent
from sendmed_desktop.services.certificate_views import IssuedCertificate, IssueRequest
from sendmed_desktop.ui.dialogs.key_dates_dialog import DateField
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.tasks import user_message
from sendmed_desktop.ui.widgets.problems import ProblemLabel

if TYPE_CHECKING:
    from sendmed_desktop.domain.agreement import Stroke
    from sendmed_desktop.ui.widgets.signature_pad import SignaturePad

RESOLUTION_WORDS = {
    ResolutionExtent.IN_FULL: "Resolved in full",
    ResolutionExtent.IN_PART: "Resolved in part",
    ResolutionExtent.NOT_AT_ALL: "Not resolved at all",
}
TYPED_HELP = "Type your full name exactly as in “Issuer's name” above."
NO_PAD = "Drawing a signature is not available in this version: type your name instead."
PREVIEW_FIRST = "Preview the draft before issuing."
ISSUE_LABEL = "&Issue certificate…"
REASON_NEEDED = (
    "Say why the certificate is being corrected: the reason is kept in the register and "
    "printed on the corrected certificate."
)

PreviewFn = Callable[[IssueRequest], bytes]
AttemptFn = Callable[[IssueRequest, str], IssuedCertificate]


def _today() -> date:
    return date.today()  # noqa: DTZ011 - the user's calendar day


def preview_document(parent: QWidget | None, pdf: bytes, title: str, accept_label: str) -> bool:
    """Show a draft PDF; return whether the user chose to go on (tests replace this)."""
    try:
        from sendmed_desktop.ui.dialogs.document_preview_dialog import DocumentPreviewDialog
    except ImportError:  # the preview dialog is not in this build yet
        box = QMessageBox(parent)
        box.setWindowTitle(APP_NAME)
        box.setText(f"{title}\n\nThe draft is ready ({len(pdf) // 1024 + 1} KB). Go on?")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes
    return bool(DocumentPreviewDialog.show_pdf(parent, pdf, title, export_label=accept_label))


@dataclass(frozen=True)
class IssueDefaults:
    """What the dialog starts with: the issuer, the outcome, and a correction's original."""

    issuer_name: str
    issuer_role: str
    resolution: ResolutionExtent | None = None
    corrects_reference: str | None = None
    earliest_issue: date | None = None


class IssueCertificateDialog(QDialog):
    """Collect who issues the certificate, the outcome, the signature and the date."""

    def __init__(
        self,
        kind: CertificateKind,
        defaults: IssueDefaults,
        preview: PreviewFn,
        attempt: AttemptFn,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self._preview = preview
        self._attempt = attempt
        self._previewed: IssueRequest | None = None
        self._correcting = defaults.corrects_reference is not None
        self.result_value: IssuedCertificate | None = None
        correcting = defaults.corrects_reference is not None
        title = certificate_title(kind)
        self.setWindowTitle(
            f"Correct certificate {defaults.corrects_reference}" if correcting else title
        )
        self.setObjectName("issueCertificateDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Re-issue {defaults.corrects_reference} with a new reference. The original is "
            "kept, and the register links the two."
            if correcting
            else f"{title}. It prints only the case's facts, never what was said in mediation."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("correctionReason")
        self.reason.setAccessibleName("Reason for the correction")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(60)
        if correcting:
            reason_label = QLabel("&Reason for the correction (required):")
            reason_label.setBuddy(self.reason)
            form.addRow(reason_label, self.reason)
        else:
            self.reason.hide()
        self.issuer_name = QLineEdit(defaults.issuer_name)
        self.issuer_name.setAccessibleName("Issuer's name")
        self.issuer_role = QLineEdit(defaults.issuer_role)
        self.issuer_role.setAccessibleName("Issuer's role")
        form.addRow(self._label("Issuer's &name:", self.issuer_name), self.issuer_name)
        form.addRow(self._label("Issuer's r&ole:", self.issuer_role), self.issuer_role)
        self.resolution = QComboBox()
        self.resolution.setAccessibleName("Were the issues resolved?")
        for extent, words in RESOLUTION_WORDS.items():
            self.resolution.addItem(words, extent)
        if kind is CertificateKind.AFTER_MEDIATION:
            if defaults.resolution is not None:
                self.resolution.setCurrentIndex(self.resolution.findData(defaults.resolution))
            form.addRow(self._label("Were the issues reso&lved?", self.resolution), self.resolution)
            hint = QLabel("Prefilled from each issue's outcome; change it if that is wrong.")
            hint.setWordWrap(True)
            form.addRow("", hint)
        else:
            self.resolution.hide()
        self.issued_on = DateField()
        self.issued_on.edit.set_value(_today())
        self.issued_on.edit.setAccessibleName("Date of issue")
        form.addRow(self._label("&Date of issue:", self.issued_on), self.issued_on)
        layout.addLayout(form)
        layout.addWidget(self._signature_box())

        self.problems = ProblemLabel()
        layout.addWidget(self.problems)
        self.preview_button = QPushButton("&Preview…")
        self.preview_button.setAccessibleName("Preview the draft certificate")
        self.issue_button = QPushButton(ISSUE_LABEL)
        self.issue_button.setDefault(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.issue_button, QDialogButtonBox.ButtonRole.AcceptRole)
        # Preview comes first, on its own at the left: it is the step before issuing.
        row = QHBoxLayout()
        row.addWidget(self.preview_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout.addLayout(row)
        self.preview_button.clicked.connect(self.show_preview)
        self.issue_button.clicked.connect(self.issue)
        self.buttons.rejected.connect(self.reject)
        self.issuer_name.textChanged.connect(self._check_typed)
        self.typed.textChanged.connect(self._check_typed)
        self.resize(560, 0)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _signature_box(self) -> QGroupBox:
        box = QGroupBox("Signature")
        layout = QVBoxLayout(box)
        self.sign_typed = QRadioButton("&Type my name")
        self.sign_drawn = QRadioButton("Dra&w my signature")
        group = QButtonGroup(box)
        group.addButton(self.sign_typed)
        group.addButton(self.sign_drawn)
        row = QHBoxLayout()
        row.addWidget(self.sign_typed)
        row.addWidget(self.sign_drawn)
        row.addStretch(1)
        layout.addLayout(row)
        self.typed = QLineEdit()
        self.typed.setAccessibleName("Typed signature")
        self.typed.setAccessibleDescription(TYPED_HELP)
        self.typed.setPlaceholderText("Your full name")
        typed_label = self._label("T&yped signature:", self.typed)
        self._typed_label = typed_label
        self.typed_help = QLabel(TYPED_HELP)
        self.typed_help.setWordWrap(True)
        layout.addWidget(typed_label)
        layout.addWidget(self.typed)
        layout.addWidget(self.typed_help)
        self.pad: SignaturePad | None = None
        try:
            from sendmed_desktop.ui.widgets.signature_pad import SignaturePad
        except ImportError:  # the pad is not in this build yet: typing still works
            self.sign_drawn.setEnabled(False)
            self.sign_drawn.setToolTip(NO_PAD)
        else:
            self.pad = SignaturePad()
            self.pad.setAccessibleName("Draw your signature here")
            self.pad.setMinimumHeight(160)
            layout.addWidget(self.pad)
            clear = QPushButton("&Clear the signature")
            clear.clicked.connect(self.pad.clear)
            self._clear_button = clear
            layout.addWidget(clear)
        self.sign_typed.setChecked(True)
        self.sign_typed.toggled.connect(self._show_method)
        self._show_method()
        return box

    def _show_method(self) -> None:
        typed = self.sign_typed.isChecked()
        for widget in (self._typed_label, self.typed, self.typed_help):
            widget.setVisible(typed)
        if self.pad is not None:
            self.pad.setVisible(not typed)
            self._clear_button.setVisible(not typed)

    def _check_typed(self) -> None:
        typed = " ".join(self.typed.text().split())
        name = " ".join(self.issuer_name.text().split())
        if self.sign_typed.isChecked() and typed and typed.casefold() != name.casefold():
            self.typed_help.setText(f"⚠ This does not match the issuer's name: type “{name}”.")
        else:
            self.typed_help.setText(TYPED_HELP)

    # -- what was entered --------------------------------------------------------------------

    def request(self) -> IssueRequest:
        """Return what was entered; raise ValueError (in plain words) if a date is wrong."""
        try:
            issued_on = self.issued_on.edit.value()
        except ValueError:
            raise ValueError("The date of issue is not a date: type it like 08/04/2026.") from None
        strokes: tuple[Stroke, ...] = ()
        typed: str | None = None
        if self.sign_typed.isChecked():
            typed = self.typed.text().strip() or None
        elif self.pad is not None:
            strokes = tuple(self.pad.strokes())
        resolution = None
        if self.kind is CertificateKind.AFTER_MEDIATION:
            resolution = self.resolution.currentData()
        return IssueRequest(
            issuer_name=self.issuer_name.text().strip(),
            issuer_role=self.issuer_role.text().strip(),
            signature_strokes=strokes,
            typed_signature=typed,
            resolution=resolution,
            issued_on=issued_on,
        )

    def reason_text(self) -> str:
        """Return the reason for a correction, as typed."""
        return self.reason.toPlainText().strip()

    # -- actions -----------------------------------------------------------------------------

    def _read(self) -> IssueRequest | None:
        if self._correcting and not self.reason_text():
            self.problems.show_problems([REASON_NEEDED])
            self.reason.setFocus()
            return None
        try:
            return self.request()
        except ValueError as error:
            self.problems.show_problems([str(error)])
            return None

    def show_preview(self) -> bool:
        """Show the draft; return whether the user chose to issue it from the preview."""
        request = self._read()
        if request is None:
            return False
        try:
            pdf = self._preview(request)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            self.problems.show_problems([user_message(error)])
            return False
        self._previewed = request
        go_on = preview_document(
            self, pdf, f"Draft — {certificate_title(self.kind)}", "&Issue this certificate…"
        )
        if go_on:
            self.issue()
        return go_on

    def issue(self) -> None:
        """Preview if not yet seen, confirm, then ask the service to issue the certificate."""
        request = self._read()
        if request is None:
            return
        if self._previewed != request:
            self.show_preview()  # issues from there if the user chooses to
            return
        if not self._confirm(request):
            return
        try:
            self.result_value = self._attempt(request, self.reason_text())
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            self.problems.show_problems([user_message(error)])
            return
        self.accept()

    def _confirm(self, request: IssueRequest) -> bool:
        issued_on = format_date(request.issued_on or _today())
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Issue the certificate?")
        box.setText(
            f"Issue this certificate dated {issued_on}?\n\n"
            "It takes the next certificate reference, which cannot be reused. Its date of "
            "issue starts the family's one-month window to appeal to the Tribunal.\n\n"
            "Once issued it cannot be changed, only corrected by re-issuing."
        )
        issue = box.addButton("&Issue certificate", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is issue


def run_issue_dialog(
    parent: QWidget | None,
    kind: CertificateKind,
    defaults: IssueDefaults,
    preview: PreviewFn,
    attempt: AttemptFn,
) -> IssuedCertificate | None:
    """Run the dialog; return what ``attempt`` returned, or None if nothing was issued."""
    dialog = IssueCertificateDialog(kind, defaults, preview, attempt, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    result = dialog.result_value if accepted else None
    dialog.deleteLater()
    return result
