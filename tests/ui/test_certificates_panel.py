"""The certificates panel: what is due, issuing through the dialog, correcting, listing."""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.vocabulary import CertificateKind, Stage
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.certificates import CertificateService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs import issue_certificate_dialog
from sendmed_desktop.ui.dialogs.issue_certificate_dialog import IssueCertificateDialog
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.main_window import MainWindow
from sendmed_desktop.ui.widgets.certificates_panel import CertificatesPanel
from tests.ui.conftest import open_from_list, when_modal

pytestmark = pytest.mark.gui

REFERENCE = re.compile(r"^[A-Z]+-C-\d{4}-\d{4}$")


def _case_id(workspace: Workspace, reference: str) -> int:
    return CaseService(workspace).page(reference)[0].id


@pytest.fixture
def previews(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bytes, str]]:
    """Accept every preview at once, recording what was shown."""
    shown: list[tuple[bytes, str]] = []

    def accept(_parent: Any, pdf: bytes, title: str, _label: str) -> bool:
        shown.append((pdf, title))
        return True

    monkeypatch.setattr(issue_certificate_dialog, "preview_document", accept)
    return shown


def _panel(qtbot: QtBot, workspace: Workspace, reference: str) -> CertificatesPanel:
    panel = CertificatesPanel(workspace, _case_id(workspace, reference))
    qtbot.addWidget(panel)
    return panel


def _confirm_issue(box: QMessageBox) -> None:
    assert "reference" in box.text()
    assert "one-month window to appeal" in box.text()
    next(b for b in box.buttons() if b.text() == "&Issue certificate").click()


def _sign_and_issue(dialog: IssueCertificateDialog, confirmations: list[Any]) -> None:
    dialog.typed.setText(dialog.issuer_name.text())

    def confirm(box: QMessageBox) -> None:
        confirmations.append(box.text())
        _confirm_issue(box)

    when_modal(QMessageBox, confirm)
    dialog.issue_button.click()


def test_declined_case_offers_its_certificate_and_issuing_it_lists_it(
    qtbot: QtBot, demo: Workspace, previews: list[tuple[bytes, str]]
) -> None:
    case_id = _case_id(demo, "DEMO-0005")
    offer = CertificateService(demo).offers(case_id)[0]
    assert offer.kind is CertificateKind.DECLINED
    panel = _panel(qtbot, demo, "DEMO-0005")
    (line,) = panel.offer_texts()
    assert line.startswith("Due: certificate that mediation was declined — by ")
    assert format_date(offer.due.due) in line
    assert ("⚠ late" in line) is offer.late
    assert not panel.issued

    seen: list[Any] = []
    confirmations: list[Any] = []

    def fill(dialog: IssueCertificateDialog) -> None:
        seen.append(dialog.issuer_role.text())
        # A typed signature that is not the issuer's name is pointed out at once.
        dialog.typed.setText("Someone Else")
        assert "does not match" in dialog.typed_help.text()
        _sign_and_issue(dialog, confirmations)

    when_modal(IssueCertificateDialog, fill)
    issued = panel.issue(CertificateKind.DECLINED)
    assert seen == ["Mediation adviser"]
    assert confirmations, "the confirmation was not asked"
    assert previews, "the draft was not previewed before issuing"
    assert previews[0][0].startswith(b"%PDF")
    assert issued is not None
    assert REFERENCE.match(issued.reference)
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 0).text() == issued.reference
    assert panel.table.item(0, 3).text() in {"✓ On time", "⚠ Late"}
    assert CertificateKind.DECLINED not in panel.offer_buttons
    assert panel.offer_texts()[0].startswith("No certificate is due yet")
    assert issued.reference in panel.status.text()


def test_a_correction_needs_a_reason_and_links_both_ways(
    qtbot: QtBot, demo: Workspace, previews: list[tuple[bytes, str]]
) -> None:
    panel = _panel(qtbot, demo, "DEMO-0001")
    (original,) = panel.issued
    assert original.kind is CertificateKind.AFTER_MEDIATION
    assert panel.table.item(0, 0).text() == original.reference
    assert panel.table.item(0, 3).text() == "✓ On time"
    panel.table.selectRow(0)
    problems: list[list[str]] = []
    confirmations: list[Any] = []

    def fill(dialog: IssueCertificateDialog) -> None:
        assert dialog.issuer_name.text() == original.issuer_name
        dialog.typed.setText(dialog.issuer_name.text())
        dialog.issue_button.click()  # no reason yet: refused, the dialog stays open
        problems.append(dialog.problems.problems())
        assert not previews
        dialog.reason.setPlainText("The child's date of birth was wrong.")
        _sign_and_issue(dialog, confirmations)

    when_modal(IssueCertificateDialog, fill)
    correction = panel.correct_selected()
    assert problems
    assert "Say why the certificate is being corrected" in problems[0][0]
    assert correction is not None
    rows = {panel.table.item(r, 0).text(): panel.table.item(r, 4).text() for r in range(2)}
    assert rows[original.reference] == f"Corrected by {correction.reference}"
    assert rows[correction.reference] == (
        f"Corrects {original.reference} (The child's date of birth was wrong.)"
    )
    panel.table.selectRow(0)
    assert not panel.correct_button.isEnabled()  # correct the newest one instead


def test_save_a_copy_writes_an_owner_only_pdf(
    qtbot: QtBot, demo: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = _panel(qtbot, demo, "DEMO-0001")
    target = tmp_path / "copy.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "PDF documents (*.pdf)")
    )
    written = panel.save_selected()
    assert written is not None
    assert written.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert str(written) in panel.status.text()


def test_close_and_after_pages_show_the_panel_labelled_without_key_clashes(
    qtbot: QtBot, make_window: Callable[..., MainWindow], demo: Workspace
) -> None:
    from sendmed_desktop.ui.pages.after_meeting_stage_page import AfterMeetingStagePage
    from sendmed_desktop.ui.pages.close_stage_page import CloseStagePage
    from tests.ui.test_accessibility import unlabelled
    from tests.ui.test_case_page import clashing_keys

    window = make_window(workspace=demo)
    window.resize(1366, 768)
    page = open_from_list(window, qtbot, "DEMO-0001")
    menu_keys = tuple(menu.title() for menu in window.menus)
    after = page.current_page()
    assert isinstance(after, AfterMeetingStagePage)
    (issued,) = after.certificates.issued
    assert after.certificates.table.item(0, 0).text() == issued.reference
    assert unlabelled(after) == []
    assert clashing_keys(page, menu_keys) == []
    assert page.go_to(Stage.CLOSE)
    close = page.current_page()
    assert isinstance(close, CloseStagePage)
    text = close.summary_text()
    assert f"certificate {issued.reference} was issued on {format_date(issued.issued_on)}" in text
    assert "✓ on time" in text
    assert unlabelled(close) == []
    assert clashing_keys(page, menu_keys) == []
