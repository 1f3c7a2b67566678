"""The audit trail screen: entries without personal data, and a check that finds tampering."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.cases import CaseSummary
from sendmed_desktop.services.audit_check import audit_rows
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.audit_dialog import AuditTrailDialog
from sendmed_desktop.ui.main_window import MainWindow
from sendmed_desktop.ui.models.audit_model import AuditTrailModel
from tests.ui.conftest import SEED, wait_for_tasks, when_modal
from tests.ui.test_accessibility import clashing_access_keys, unlabelled

pytestmark = pytest.mark.gui


def test_entries_name_cases_by_reference_only(
    workspace: Workspace, seeded: list[CaseSummary], qtmodeltester: ModelTester
) -> None:
    rows = audit_rows(workspace)
    assert [row.id for row in rows] == sorted((row.id for row in rows), reverse=True)
    created = [row for row in rows if row.action == "create" and row.record.startswith("case ")]
    assert {row.record for row in created} == {f"case {case.reference}" for case in seeded}
    everything = " ".join(f"{r.actor} {r.action} {r.record} {r.detail}" for r in rows)
    for case in SEED:
        assert case.subject_name not in everything
        assert case.party_name not in everything
    model = AuditTrailModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.rowCount() == len(rows)
    assert model.index(0, 4).data() == rows[0].record


def test_menu_opens_the_trail_and_the_check_reports_intact_then_broken(
    make_window: Callable[..., MainWindow],
    workspace: Workspace,
    seeded: list[CaseSummary],
    qtbot: QtBot,
) -> None:
    window = make_window(workspace=workspace)
    wait_for_tasks(window)
    results: list[str] = []

    def check(dialog: AuditTrailDialog) -> None:
        assert unlabelled(dialog) == []
        assert clashing_access_keys(dialog) == []
        assert dialog.model.rowCount() >= len(seeded)
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.check_button.isEnabled, timeout=10_000)
        results.append(dialog.result_label.text())
        dialog.accept()

    opened = when_modal(AuditTrailDialog, check)
    window.audit_action.trigger()
    assert opened
    assert results[0].startswith("✓ Intact")

    # Someone edits the file outside the app: the triggers are dropped, an entry changed.
    with workspace.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        connection.exec_driver_sql("UPDATE audit_log SET action = 'delete' WHERE id = 2")
    opened = when_modal(AuditTrailDialog, check)
    window.audit_action.trigger()
    assert opened
    assert results[1].startswith("⚠ Broken at entry 2")
