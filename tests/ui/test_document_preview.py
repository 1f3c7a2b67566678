"""The document preview: pages from memory, zoom by button and shortcut, Export or Close."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sendmed_desktop.documents.agreement_pdf import render_agreement
from sendmed_desktop.ui.dialogs.document_preview_dialog import DocumentPreviewDialog
from tests.documents.samples import sample_signed
from tests.ui.conftest import activate, when_modal

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_agreement(sample_signed())


def test_pages_show_and_zoom_with_the_keyboard(qtbot: QtBot, pdf: bytes) -> None:
    dialog = DocumentPreviewDialog(pdf, "Mediation agreement SM-2026-0042, version 1")
    qtbot.addWidget(dialog)
    dialog.show()
    activate(dialog, qtbot)
    assert dialog.page_count() >= 2
    assert dialog.page_label.text() == f"{dialog.page_count()} pages"
    start = dialog.zoom_factor()
    qtbot.keyClick(dialog, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert dialog.zoom_factor() > start
    bigger = dialog.zoom_factor()
    qtbot.keyClick(dialog, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert dialog.zoom_factor() < bigger
    assert dialog.zoom_label.text().endswith("%")
    qtbot.mouseClick(dialog.fit_button, Qt.MouseButton.LeftButton)
    assert dialog.zoom_label.text() == "Zoom: fit to width"


@pytest.mark.parametrize(("button", "exported"), [("export_button", True), ("close_button", False)])
def test_show_pdf_says_whether_to_export(
    qtbot: QtBot, pdf: bytes, button: str, exported: bool
) -> None:
    when_modal(
        DocumentPreviewDialog,
        lambda d: qtbot.mouseClick(getattr(d, button), Qt.MouseButton.LeftButton),
    )
    assert DocumentPreviewDialog.show_pdf(None, pdf, "Agreement") is exported


def test_a_file_that_is_not_a_pdf_still_offers_export(qtbot: QtBot) -> None:
    dialog = DocumentPreviewDialog(b"not a pdf at all", "Broken")
    qtbot.addWidget(dialog)
    assert dialog.page_count() == 0
    assert dialog.page_label.text() == "No preview"
    assert not dialog.zoom_in_button.isEnabled()
    assert dialog.export_button.isEnabled()
