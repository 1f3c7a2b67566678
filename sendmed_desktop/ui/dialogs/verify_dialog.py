"""Check a saved document's seal: choose a PDF, and say in words whether it is intact."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from sendmed_desktop import APP_NAME
from sendmed_desktop.documents.seal import SealCheck, SealStatus
from sendmed_desktop.services.documents import verify_file
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.tasks import show_error

VERIFY_TITLE = "Check a sealed document"

_HEADLINES = {
    SealStatus.ALTERED: "✗ Altered since it was sealed",
    SealStatus.UNKNOWN_SIGNER: "⚠ Signed by a key this workspace does not know",
    SealStatus.UNSIGNED: "Not sealed",
    SealStatus.UNREADABLE: "✗ This file could not be read as a PDF",
}
_ICONS = {
    SealStatus.INTACT: QMessageBox.Icon.Information,
    SealStatus.UNSIGNED: QMessageBox.Icon.Information,
}


def headline(check: SealCheck) -> str:
    """Return the one line that says what the check found, with its symbol."""
    if check.status is SealStatus.INTACT:
        who = f" by {check.signer_name}" if check.signer_name else ""
        when = ""
        if check.signed_at is not None:
            local = check.signed_at.astimezone() if check.signed_at.tzinfo else check.signed_at
            when = f" on {format_date(local.date())}"
        return f"✓ Intact — sealed{who}{when}"
    return _HEADLINES[check.status]


def show_check(parent: QWidget | None, path: Path, check: SealCheck) -> QMessageBox:
    """Show the result for ``path`` in a box that does not block the caller."""
    box = QMessageBox(parent)
    box.setWindowTitle(f"{VERIFY_TITLE} — {APP_NAME}")
    box.setIcon(_ICONS.get(check.status, QMessageBox.Icon.Warning))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(headline(check))
    box.setInformativeText(f"{path.name}\n\n{check.message}")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setAccessibleName("Seal check result")
    box.open()
    return box


def verify_document(parent: QWidget | None, workspace: Workspace) -> None:
    """Ask for a PDF, check its seal against this workspace's keys, and say what was found."""
    start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, "Choose the document to check", start, "PDF documents (*.pdf);;All files (*)"
    )
    if not chosen:
        return
    path = Path(chosen)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        check = verify_file(workspace, path)
    # Anything unexpected becomes the calm generic message, with the details logged.
    except Exception as error:  # noqa: BLE001
        QApplication.restoreOverrideCursor()
        show_error(parent, error)
        return
    QApplication.restoreOverrideCursor()
    show_check(parent, path, check)
