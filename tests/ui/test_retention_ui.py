"""The due-for-deletion screen: periods, the list, erasing with a confirmation, and after."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from sendmed_desktop import settings as prefs
from sendmed_desktop.domain.retention import RecordKind
from sendmed_desktop.domain.stages import STAGES
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.demo import SIGNED_DEMO_REFERENCE
from sendmed_desktop.services.notes import NotesService
from sendmed_desktop.services.retention import ErasureProgress, RetentionService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.models import Case
from sendmed_desktop.ui.dialogs.retention_dialog import (
    NOTHING_DUE,
    RetentionDialog,
    close_case_if_chosen,
    open_retention,
)
from sendmed_desktop.ui.main_window import MainWindow
from sendmed_desktop.ui.tasks import TaskGateway
from tests.ui.conftest import wait_for_tasks, when_modal
from tests.ui.test_accessibility import clashing_access_keys, unlabelled

pytestmark = pytest.mark.gui

LONG_AGO = datetime(2020, 1, 15, 16, tzinfo=UTC)
# Everything but the whole case, which would take the case page with it.
PARTS = {
    RecordKind.WORKING_NOTES,
    RecordKind.CHILD_VIEWS,
    RecordKind.AGREEMENTS,
    RecordKind.CONTACTS,
    RecordKind.CERTIFICATES,
}


def _closed_long_ago(workspace: Workspace, reference: str) -> int:
    case_id = CaseService(workspace).page(reference)[0].id
    with workspace.transaction() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.closed_at = LONG_AGO
    return case_id


def _dialog(qtbot: QtBot, workspace: Workspace, **kwargs: Any) -> RetentionDialog:
    tasks = TaskGateway()
    dialog = RetentionDialog(RetentionService(workspace), tasks, **kwargs)
    qtbot.addWidget(dialog)
    dialog.destroyed.connect(tasks.deleteLater)
    return dialog


def _rows(dialog: RetentionDialog) -> list[tuple[str, str, str]]:
    table = dialog.table
    return [
        (table.item(row, 0).text(), table.item(row, 1).text(), table.item(row, 4).text())
        for row in range(table.rowCount())
    ]


def _tick(dialog: RetentionDialog, kinds: set[RecordKind]) -> None:
    for row, item in enumerate(dialog.items):
        if item.kind in kinds:
            dialog.table.item(row, 0).setCheckState(Qt.CheckState.Checked)


def test_an_empty_workspace_says_nothing_is_due(qtbot: QtBot, workspace: Workspace) -> None:
    dialog = _dialog(qtbot, workspace)
    dialog.show()
    assert dialog.empty_label.isVisible()
    assert dialog.empty_label.text() == NOTHING_DUE
    assert not dialog.table.isVisible()
    assert not dialog.erase_button.isEnabled()
    assert unlabelled(dialog) == []
    assert clashing_access_keys(dialog) == []
    # The years hint beside each period.
    assert dialog.hints[RecordKind.AGREEMENTS].text() == "= 6 years"
    assert dialog.spins[RecordKind.WORKING_NOTES].value() == 3


def test_a_period_changed_is_saved_and_the_list_follows(qtbot: QtBot, demo: Workspace) -> None:
    _closed_long_ago(demo, SIGNED_DEMO_REFERENCE)
    demo.settings.set(prefs.RETENTION_CERTIFICATES_MONTHS, 120)
    demo.settings.set(prefs.RETENTION_AGREEMENTS_MONTHS, 120)
    dialog = _dialog(qtbot, demo)
    kinds = [kind for _ref, kind, _holds in _rows(dialog)]
    assert RecordKind.CERTIFICATES.label not in kinds
    assert ("DEMO-0001", "Working notes", "2 working notes, 1 proposal") in _rows(dialog)
    spin = dialog.spins[RecordKind.CERTIFICATES]
    spin.setFocus()
    spin.setValue(18)
    assert demo.settings.get(prefs.RETENTION_CERTIFICATES_MONTHS) == 18
    assert dialog.hints[RecordKind.CERTIFICATES].text() == "= 1 year 6 months"
    assert ("DEMO-0001", "Mediation certificates", "1 certificate") in _rows(dialog)


def test_erasing_asks_first_and_cancelling_keeps_everything(qtbot: QtBot, demo: Workspace) -> None:
    _closed_long_ago(demo, SIGNED_DEMO_REFERENCE)
    dialog = _dialog(qtbot, demo)
    before = _rows(dialog)
    dialog.table.setFocus()
    dialog.table.setCurrentCell(0, 3)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert [item.key for item in dialog.checked_items()] == [dialog.items[0].key]
    seen: list[str] = []

    def keep(box: QMessageBox) -> None:
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == "Keep them").click()

    when_modal(QMessageBox, keep)
    assert not dialog.erase_selected()
    assert "cannot be undone" in seen[0]
    assert "Backups made before now still hold them" in seen[0]
    assert _rows(dialog) == before


def test_erasing_runs_in_the_background_and_the_case_still_opens(
    make_window: Callable[..., MainWindow], demo: Workspace, qtbot: QtBot
) -> None:
    case_id = _closed_long_ago(demo, SIGNED_DEMO_REFERENCE)
    window = make_window(workspace=demo)
    wait_for_tasks(window)
    assert window.open_case(case_id)
    dialog = RetentionDialog(
        RetentionService(demo),
        window.tasks,
        window,
        before_erase=lambda cases: close_case_if_chosen(window, cases),
        after_erase=window.refresh,
    )
    qtbot.addWidget(dialog)
    _tick(dialog, PARTS)
    chosen = dialog.checked_items()
    assert {item.kind for item in chosen} == PARTS
    steps: list[ErasureProgress] = []
    dialog._relay.progress.connect(steps.append)
    questions: list[str] = []

    def erase(box: QMessageBox) -> None:
        questions.append(box.text())
        next(b for b in box.buttons() if b.text() == "&Erase for good").click()

    when_modal(QMessageBox, erase)
    assert dialog.erase_selected()
    assert f"Erase these {len(PARTS)} records for good?" in questions[0]
    assert "DEMO-0001 — Working notes: 2 working notes, 1 proposal" in questions[0]
    # The open case was saved and closed before anything went.
    assert window.case_page is None
    wait_for_tasks(window)
    qtbot.waitUntil(lambda: not dialog.busy)

    assert [step.done for step in steps] == list(range(len(PARTS) + 3))
    assert dialog.status.text().startswith(f"Erased {len(PARTS)} items:")
    assert "nothing erased can be read back" in dialog.status.text()
    assert {kind for _ref, kind, _holds in _rows(dialog)} <= {RecordKind.CASE.label}
    assert NotesService(demo).notes(case_id) == []

    # The case, its parts erased, opens and every stage still shows.
    assert window.open_case(case_id)
    page = window.case_page
    assert page is not None
    # The header says what went and when, so the empty stages are explained.
    facts = page.header.facts_label.text()
    assert "Erased (retention): " in facts
    assert "working notes" in facts
    for stage in reversed(STAGES):
        assert page.go_to(stage), stage


def test_the_menu_opens_the_screen_over_the_window(
    make_window: Callable[..., MainWindow], workspace: Workspace
) -> None:
    window = make_window(workspace=workspace)
    wait_for_tasks(window)
    seen = when_modal(RetentionDialog, lambda dialog: dialog.reject())
    open_retention(window)
    assert len(seen) == 1
    assert seen[0].empty_label.text() == NOTHING_DUE
