"""Preview a document, then save it sealed where the user chooses ("Export…").

The preview is built in memory; the only file written is the sealed one, by the service,
atomically and readable by its owner only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from sendmed_desktop import APP_NAME
from sendmed_desktop.documents.agreement_pdf import render_agreement
from sendmed_desktop.domain.agreement import easy_read_lines
from sendmed_desktop.services.agreements import AgreementService
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.certificates import CertificateService
from sendmed_desktop.services.documents import export_agreement, export_certificate
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.document_preview_dialog import DocumentPreviewDialog
from sendmed_desktop.ui.tasks import show_error

KINDS = ("agreement", "certificate")


@dataclass(frozen=True)
class _Prepared:
    """A document ready to preview: its bytes, title, default file name and exporter."""

    pdf: bytes
    title: str
    file_name: str
    export: Callable[[Workspace, str, Path], Path]


def _case_id(workspace: Workspace, reference: str) -> int:
    wanted = reference.strip()
    for row in CaseService(workspace).page(wanted, limit=50):
        if row.reference == wanted:
            return row.id
    raise ValidationError(f"There is no case with reference {wanted} in this workspace.")


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_ " else "-" for c in text).strip()


def _agreement(workspace: Workspace, reference: str) -> _Prepared:
    case_id = _case_id(workspace, reference)
    service = AgreementService(workspace)
    versions = service.versions(case_id)
    if not versions:
        raise ValidationError(f"Case {reference} has no written agreement yet.")
    newest = versions[0]
    if not newest.signature_count:
        raise ValidationError(
            f"Version {newest.version} of the agreement for case {reference} has not been "
            "signed yet, so it cannot be exported. Collect the signatures first."
        )
    signed = service.signed_agreement(case_id, newest.version)
    pdf = render_agreement(signed, easy_read=easy_read_lines(signed.content))
    return _Prepared(
        pdf=pdf,
        title=f"Mediation agreement {reference}, version {newest.version}",
        file_name=f"{_safe(reference)} mediation agreement v{newest.version}.pdf",
        export=export_agreement,
    )


def _certificate(workspace: Workspace, reference: str) -> _Prepared:
    case_id = _case_id(workspace, reference)
    service = CertificateService(workspace)
    newest = service.newest(case_id)
    if newest is None:
        raise ValidationError(
            f"Case {reference} has no mediation certificate yet. Issue one first."
        )
    return _Prepared(
        pdf=service.sealed_pdf(newest.id),
        title=f"Mediation certificate {newest.reference} for case {reference}",
        file_name=f"{_safe(reference)} mediation certificate {_safe(newest.reference)}.pdf",
        export=export_certificate,
    )


_PREPARERS: dict[str, Callable[[Workspace, str], _Prepared]] = {
    "agreement": _agreement,
    "certificate": _certificate,
}


def documents_folder() -> Path:
    """Return the user's Documents folder (their home folder if there is none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def _busy(work: Callable[[], Path | _Prepared]) -> Path | _Prepared:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return work()
    finally:
        QApplication.restoreOverrideCursor()


def report_saved(parent: QWidget | None, path: Path) -> QMessageBox:
    """Say where the sealed file went, in a box that does not block the caller."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(APP_NAME)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"Saved and sealed: {path}")
    box.setInformativeText(
        "Only you can open this file on this computer. Send it to the parties securely."
    )
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def export_with_preview(
    parent: QWidget | None, workspace: Workspace, case_reference: str, kind: str
) -> Path | None:
    """Preview the case's ``kind`` of document, then save it sealed; return where it went.

    ``kind`` is "agreement" or "certificate". Returns None if the user stopped, or if
    something went wrong (the user has then been told what, in words).
    """
    if kind not in _PREPARERS:
        raise ValueError(f"unknown document kind: {kind!r}")
    reference = case_reference.strip()
    try:
        prepared = _busy(lambda: _PREPARERS[kind](workspace, reference))
    except Exception as error:  # noqa: BLE001 - shown to the user, details logged
        show_error(parent, error)
        return None
    assert isinstance(prepared, _Prepared)
    if not DocumentPreviewDialog.show_pdf(parent, prepared.pdf, prepared.title):
        return None
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        f"Save the sealed {kind}",
        str(documents_folder() / prepared.file_name),
        "PDF documents (*.pdf)",
    )
    if not chosen:
        return None
    target = Path(chosen)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(f"{target.name}.pdf")
    try:
        saved = _busy(lambda: prepared.export(workspace, reference, target))
    except Exception as error:  # noqa: BLE001 - shown to the user, details logged
        show_error(parent, error)
        return None
    assert isinstance(saved, Path)
    report_saved(parent, saved)
    return saved
