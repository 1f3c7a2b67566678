"""The certificate register: rows, filters and the CSV export."""

from __future__ import annotations

import csv
import io
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.vocabulary import CertificateKind
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.certificate_register import CSV_HEADER
from sendmed_desktop.services.certificates import CertificateService, IssueRequest
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.certificate_register_dialog import CertificateRegisterDialog
from sendmed_desktop.ui.models.certificate_register_model import CertificateRegisterModel

pytestmark = pytest.mark.gui


@pytest.fixture
def register(qtbot: QtBot, demo: Workspace) -> CertificateRegisterDialog:
    """Issue DEMO-0005's declined certificate late; open the register over both."""
    case_id = CaseService(demo).page("DEMO-0005")[0].id
    offer = CertificateService(demo).offers(case_id)[0]
    late_day = offer.due.due + timedelta(days=7)
    CertificateService(demo, today=lambda: late_day).issue(
        case_id,
        CertificateKind.DECLINED,
        IssueRequest("Ruth Adeyemi", "Mediation adviser", typed_signature="Ruth Adeyemi"),
    )
    dialog = CertificateRegisterDialog(demo)
    qtbot.addWidget(dialog)
    return dialog


def _column(dialog: CertificateRegisterDialog, column: int) -> list[str]:
    model = dialog.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_the_register_lists_every_certificate_with_words_for_late(
    register: CertificateRegisterDialog, qtmodeltester: object
) -> None:
    qtmodeltester.check(register.model)  # type: ignore[attr-defined]
    assert sorted(_column(register, 2)) == ["DEMO-0001", "DEMO-0005"]
    by_case = dict(zip(_column(register, 2), _column(register, 6), strict=True))
    assert by_case == {"DEMO-0001": "✓ On time", "DEMO-0005": "⚠ Late"}
    assert "Arjun Shah" in _column(register, 3)
    assert register.count_label.text() == "2 certificates: 1 ✓ on time, 1 ⚠ late."


def test_filters_narrow_the_rows(register: CertificateRegisterDialog) -> None:
    register.kind.setCurrentIndex(register.kind.findData(CertificateKind.AFTER_MEDIATION))
    assert _column(register, 2) == ["DEMO-0001"]
    register.kind.setCurrentIndex(0)
    register.late_only.setChecked(True)
    assert _column(register, 2) == ["DEMO-0005"]
    register.late_only.setChecked(False)
    register.search.setText("arjun")
    assert _column(register, 2) == ["DEMO-0005"]
    register.search.setText("nobody-at-all")
    assert register.count_label.text() == "No certificate matches these filters."
    assert not register.export_button.isEnabled()
    register.search.clear()
    register.from_date.edit.setText("31/12/2099")
    assert register.model.rowCount() == 0
    register.to_date.edit.setText("01/01/2099")
    assert register.problems.problems() == ["“Issued from” is after “to”: swap the dates."]


def test_export_writes_an_owner_only_csv_of_the_rows_shown(
    register: CertificateRegisterDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "register"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "CSV files (*.csv)")
    )
    register.late_only.setChecked(True)
    written = register.export_csv()
    assert written == target.with_suffix(".csv")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    rows = list(csv.reader(io.StringIO(written.read_text(encoding="utf-8"), newline="")))
    assert tuple(rows[0]) == CSV_HEADER
    assert [row[2] for row in rows[1:]] == _column(register, 2) == ["DEMO-0005"]
    assert rows[1][6] == "Late"
    assert str(written) in register.status.text()


def test_the_model_is_empty_until_given_rows(qtmodeltester: object) -> None:
    model = CertificateRegisterModel()
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 0
