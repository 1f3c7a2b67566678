"""Checking a saved document's seal from the app: the result in words and a symbol."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from sendmed_desktop.documents.agreement_pdf import render_agreement
from sendmed_desktop.documents.seal import SealCheck, SealStatus, seal_pdf
from sendmed_desktop.security.signing import load_or_create_identity
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.verify_dialog import headline, verify_document
from tests.documents.samples import sample_signed
from tests.documents.test_seal import make_identity

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def unsealed() -> bytes:
    return render_agreement(sample_signed())


@pytest.fixture
def sealed(workspace: Workspace, unsealed: bytes) -> bytes:
    identity = load_or_create_identity(workspace, signer_name="Helen Marsh", organisation=None)
    return seal_pdf(unsealed, identity, reason="Mediation agreement", location="England")


def check_file(
    window: QWidget, workspace: Workspace, path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str]:
    """Choose ``path`` in the (patched) file dialog; return the result's text and details."""
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), "PDF documents (*.pdf)")
    )
    verify_document(window, workspace)
    (box,) = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    said = (box.text(), box.informativeText())
    box.close()
    return said


def test_an_intact_file_names_who_sealed_it_and_when(
    window: QWidget,
    workspace: Workspace,
    sealed: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "agreement.pdf"
    path.write_bytes(sealed)
    text, details = check_file(window, workspace, path, monkeypatch)
    assert text.startswith("✓ Intact — sealed by Helen Marsh on ")
    assert "agreement.pdf" in details


def test_a_changed_file_is_reported_altered(
    window: QWidget,
    workspace: Workspace,
    sealed: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "agreement.pdf"
    path.write_bytes(sealed + b"\n% added later\n")
    text, _details = check_file(window, workspace, path, monkeypatch)
    assert text == "✗ Altered since it was sealed"


def test_another_key_and_no_seal_are_told_apart(
    window: QWidget,
    workspace: Workspace,
    unsealed: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stranger = make_identity(tmp_path / "elsewhere", "Helen Marsh")
    foreign = tmp_path / "foreign.pdf"
    foreign.write_bytes(seal_pdf(unsealed, stranger, reason="r", location="l"))
    text, _details = check_file(window, workspace, foreign, monkeypatch)
    assert text == "⚠ Signed by a key this workspace does not know"

    plain = tmp_path / "plain.pdf"
    plain.write_bytes(unsealed)
    text, _details = check_file(window, workspace, plain, monkeypatch)
    assert text == "Not sealed"


def test_a_missing_file_is_told_in_words(
    window: QWidget, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, _details = check_file(window, workspace, tmp_path / "gone.pdf", monkeypatch)
    assert text.startswith("There is no file at")


def test_cancelling_the_choice_does_nothing(
    window: QWidget, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    verify_document(window, workspace)
    assert not window.findChildren(QMessageBox)


def test_the_headline_uses_the_date_as_the_app_shows_it() -> None:
    check = SealCheck(
        SealStatus.INTACT,
        "ok",
        signer_name="Helen Marsh",
        signed_at=datetime(2026, 1, 14, 12, 0, tzinfo=UTC),
    )
    assert headline(check) == "✓ Intact — sealed by Helen Marsh on Wed 14 Jan 2026"
