"""The written agreement at the table: review, two signatures, preview and a sealed export."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from sendmed_desktop.documents.seal import SealStatus
from sendmed_desktop.domain.vocabulary import AgreementStatus, IssueOutcome, SignatureMethod
from sendmed_desktop.services.agreements import AgreementService
from sendmed_desktop.services.documents import verify_file
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.document_export import export_with_preview
from sendmed_desktop.ui.dialogs.document_preview_dialog import DocumentPreviewDialog
from sendmed_desktop.ui.dialogs.signing_dialog import SigningDialog, sign_at_the_table
from tests.services.test_agreements import MediationCase, make_case, smart_entry
from tests.ui.conftest import when_modal

pytestmark = pytest.mark.gui

PARENT = "Sarah Okafor"
OFFICER = "Graham Whitfield"
REFERENCE = "SM-2026-0007"


def make_ready_today(workspace: Workspace) -> MediationCase:
    """Make a case whose agreement is dated today, SMART and ready to sign (real clock)."""
    case = make_case(workspace, REFERENCE)
    service = AgreementService(workspace)
    (action,) = service.editable(case.id).actions
    service.set_agreement_date(case.id, date.today())
    service.update_action(action.id, smart_entry(case))
    service.set_issue_outcome(case.therapy_issue_id, IssueOutcome.AGREED)
    service.set_issue_outcome(case.transport_issue_id, IssueOutcome.NOT_AGREED)
    return case


def draw_on(dialog: SigningDialog) -> None:
    """Sign the pad with two strokes, as a hand would."""
    pad = dialog.pad
    for stroke in ([(30, 110), (70, 70), (110, 120), (150, 80)], [(180, 100), (260, 90)]):
        first, *rest = (QPoint(x, y) for x, y in stroke)
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, first)
        for point in rest:
            QTest.mouseMove(pad, point, 5)
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rest[-1])


def press_first_button(box: QMessageBox) -> None:
    """Answer a question box with its affirmative button."""
    (yes,) = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.YesRole]
    yes.click()


def close_message_boxes(window: QWidget) -> list[str]:
    """Close the window's non-blocking message boxes; return what they said."""
    said = []
    for widget in window.findChildren(QMessageBox):
        if widget.isVisible():
            said.append(widget.text())
            widget.close()
    return said


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    """Return a shown window for the dialogs and messages to belong to, as in the app."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def drive_signing(qtbot: QtBot, dialog: SigningDialog) -> None:
    """The parent types and ticks, the officer draws, the mediator is skipped."""
    qtbot.waitExposed(dialog)
    assert dialog.progress_label.text() == "0 of 3 signed"
    assert dialog.current() is not None
    assert dialog.current().name == PARENT

    # Ticking without typing the name is refused in words, and nothing is recorded.
    qtbot.mouseClick(dialog.type_radio, Qt.MouseButton.LeftButton)
    assert dialog.method() is SignatureMethod.TYPED
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert "Type your full name in the box." in dialog.problems.problems()
    qtbot.keyClicks(dialog.typed_edit, PARENT)
    dialog.agree_check.setChecked(True)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert dialog.progress_label.text() == "1 of 3 signed"

    assert dialog.current().name == OFFICER
    qtbot.mouseClick(dialog.draw_radio, Qt.MouseButton.LeftButton)
    # An empty pad is refused by the service, in plain words; the officer tries again.
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert any("pad is empty" in p for p in dialog.problems.problems())
    draw_on(dialog)
    assert not dialog.pad.is_empty()
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert dialog.progress_label.text() == "2 of 3 signed"

    # The mediator is skipped, after being asked.
    assert dialog.current().role == "Mediator"
    asked = when_modal(QMessageBox, press_first_button)
    qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    assert asked, "skipping did not ask first"
    assert dialog.current() is None
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)


def test_two_sign_at_the_table_and_the_export_is_sealed(
    qtbot: QtBot,
    window: QWidget,
    workspace: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = make_ready_today(workspace)

    seen = when_modal(SigningDialog, lambda dialog: drive_signing(qtbot, dialog))
    assert sign_at_the_table(window, workspace, case.id) is True
    assert seen, "the signing dialog was not shown"
    summary = close_message_boxes(window)
    assert any("2 signatures recorded" in text for text in summary), summary

    view = AgreementService(workspace).editable(case.id)
    assert view.status is AgreementStatus.SIGNED
    assert [(s.signer_name, s.method) for s in view.signatures] == [
        (PARENT, SignatureMethod.TYPED),
        (OFFICER, SignatureMethod.DRAWN),
    ]

    target = tmp_path / "out" / "agreement.pdf"
    target.parent.mkdir()
    asked_where: list[str] = []

    def choose(*args: object, **kwargs: object) -> tuple[str, str]:
        asked_where.append(str(args[2]))
        return str(target), "PDF documents (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)

    def accept_preview(dialog: DocumentPreviewDialog) -> None:
        assert dialog.page_count() >= 1
        assert dialog.page_label.text().endswith(("page", "pages"))
        before = dialog.zoom_factor()
        qtbot.mouseClick(dialog.zoom_in_button, Qt.MouseButton.LeftButton)
        assert dialog.zoom_factor() > before
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    previewed = when_modal(DocumentPreviewDialog, accept_preview)
    saved = export_with_preview(window, workspace, REFERENCE, "agreement")
    assert previewed, "the preview was not shown"
    assert saved == target
    assert asked_where[0].endswith(f"{REFERENCE} mediation agreement v1.pdf")
    assert any(text == f"Saved and sealed: {target}" for text in close_message_boxes(window))

    assert target.is_file()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert verify_file(workspace, target).status is SealStatus.INTACT
    text = " ".join(page.extract_text() or "" for page in PdfReader(target).pages)
    assert PARENT in text
    assert OFFICER in text
    assert not list(tmp_path.glob("out/*.tmp*")), "a temporary copy was left behind"


def test_closing_the_preview_saves_nothing(
    qtbot: QtBot, window: QWidget, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = make_ready_today(workspace)
    seen = when_modal(SigningDialog, lambda dialog: drive_signing(qtbot, dialog))
    sign_at_the_table(window, workspace, case.id)
    assert seen
    close_message_boxes(window)

    def never(*args: object, **kwargs: object) -> tuple[str, str]:
        raise AssertionError("asked where to save after Close")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", never)
    previewed = when_modal(
        DocumentPreviewDialog,
        lambda d: qtbot.mouseClick(d.close_button, Qt.MouseButton.LeftButton),
    )
    assert export_with_preview(window, workspace, REFERENCE, "agreement") is None
    assert previewed


def test_an_unsigned_agreement_is_not_previewed(window: QWidget, workspace: Workspace) -> None:
    make_ready_today(workspace)
    assert export_with_preview(window, workspace, REFERENCE, "agreement") is None
    said = close_message_boxes(window)
    assert any("has not been signed yet" in text for text in said)


def test_an_agreement_not_ready_is_not_offered_for_signing(
    window: QWidget, workspace: Workspace
) -> None:
    case = make_case(workspace, REFERENCE)
    assert sign_at_the_table(window, workspace, case.id) is False
    said = close_message_boxes(window)
    assert any("not ready to sign" in text for text in said)
