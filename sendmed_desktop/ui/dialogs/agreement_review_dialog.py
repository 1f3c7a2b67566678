"""Read the agreement through together before signing: in full, and in easy read.

Plain text, headings on lines of their own and no tables, so a screen reader reads it
in order. Signing itself is the signing dialog's: "Sign at the table…" hands over to it.
"""

from __future__ import annotations

import importlib

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.agreement import AgreementContent, easy_read_lines, review_text
from sendmed_desktop.domain.vocabulary import AgreementStatus
from sendmed_desktop.services.agreements import AgreementService, AgreementView, VersionSummary
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.tasks import show_message

SIGNING_MODULE = "sendmed_desktop.ui.dialogs.signing_dialog"
SIGNING_UNAVAILABLE = "Signing is not available in this build."
EASY_READ_SCALE = 1.4
EXPORT_MODULE = "sendmed_desktop.ui.dialogs.document_export"
EXPORT_UNAVAILABLE = "Exporting the sealed PDF is not available in this build."


def version_text(summary: VersionSummary) -> str:
    """Return "Version 2 · Signed · 2 signatures · Wed 14 Jan 2026"."""
    count = summary.signature_count
    parts = [
        f"Version {summary.version}",
        summary.status.label,
        f"{count} signature{'s' if count != 1 else ''}",
        format_date(summary.dated_on) if summary.dated_on else "not dated",
    ]
    return " · ".join(parts)


def banner_text(view: AgreementView) -> str:
    """Return the line over a version that cannot be edited, or that edits would re-version."""
    if view.status is AgreementStatus.SUPERSEDED:
        return (
            f"Version {view.version} — replaced by version {view.superseded_by_version} — read only"
        )
    if view.status is AgreementStatus.SIGNED:
        signed = max((s.signed_at for s in view.signatures), default=None)
        when = format_date(signed.astimezone().date()) if signed else "a past date"
        return f"Version {view.version} — signed on {when} — read only"
    if view.status is AgreementStatus.SIGNING:
        count = len(view.signatures)
        return (
            f"Version {view.version} — {count} signature{'s' if count != 1 else ''} so far. "
            f"Changing anything starts version {view.version + 1}, which is signed again."
        )
    return ""


def _reader(name: str, text: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setReadOnly(True)
    box.setAccessibleName(name)
    box.setPlainText(text)
    box.setTabChangesFocus(True)
    return box


class AgreementReviewDialog(QDialog):
    """Show the agreement as it will be signed; offer to sign it at the table."""

    def __init__(
        self,
        content: AgreementContent,
        workspace: Workspace,
        case_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("agreementReview")
        self.setWindowTitle(f"Review the agreement — {content.case_reference}")
        self.content = content
        self.signed = False
        self._workspace = workspace
        self._case_id = case_id
        dated = format_date(content.agreement_date) if content.agreement_date else "not dated"
        intro = QLabel(
            f"Version {content.version}, dated {dated}. Read it through with everyone before "
            "anyone signs. To change it, close this and edit the agreement."
        )
        intro.setWordWrap(True)
        self.full_text = _reader("Full agreement", review_text(content))
        self.easy_read = _reader("Easy read", "\n\n".join(easy_read_lines(content)))
        font = QFont(self.easy_read.font())
        font.setPointSizeF(font.pointSizeF() * EASY_READ_SCALE)
        self.easy_read.setFont(font)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.full_text, "&Full agreement")
        self.tabs.addTab(self.easy_read, "&Easy read")
        self.sign_button = QPushButton("&Sign at the table…")
        self.sign_button.setObjectName("signAtTheTable")
        self.sign_button.clicked.connect(self.sign)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.sign_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(820, 600)

    @classmethod
    def start(
        cls, parent: QWidget | None, workspace: Workspace, case_id: int
    ) -> tuple[AgreementReviewDialog | None, list[str]]:
        """Return the dialog for the newest version, or None and what must be fixed first."""
        try:
            content = AgreementService(workspace).start_review(case_id)
        except ValidationError as error:
            return None, [line for line in str(error).split("\n") if line.strip()]
        return cls(content, workspace, case_id, parent), []

    def sign(self) -> None:
        """Hand over to signing at the table; close once it is signed."""
        try:
            module = importlib.import_module(SIGNING_MODULE)
        except ModuleNotFoundError as error:
            if error.name != SIGNING_MODULE:
                raise
            show_message(self, SIGNING_UNAVAILABLE)
            return
        if module.sign_at_the_table(self, self._workspace, self._case_id):
            self.signed = True
            self.accept()


def ask_new_version(parent: QWidget | None, signed_version: int) -> bool:
    """Ask before starting a new version of a signed agreement; return True to start it."""
    number = signed_version + 1
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Start a new version")
    box.setText(
        f"Start version {number}? Version {signed_version} stays exactly as it was "
        f"signed. Version {number} starts as a copy, and everyone signs it again."
    )
    start = box.addButton(f"Start version {number}", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    chosen = box.clickedButton()
    box.deleteLater()
    return chosen is start


def export_sealed_pdf(parent: QWidget | None, workspace: Workspace, reference: str) -> None:
    """Hand over to the preview and sealed export of the signed agreement."""
    try:
        module = importlib.import_module(EXPORT_MODULE)
    except ModuleNotFoundError as error:
        if error.name != EXPORT_MODULE:
            raise
        show_message(parent, EXPORT_UNAVAILABLE)
        return
    module.export_with_preview(parent, workspace, reference, "agreement")
