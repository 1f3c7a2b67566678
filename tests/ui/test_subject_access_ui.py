"""File → Subject access export…: find the person, choose their entries and a folder, export."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from sendmed_desktop.services.intake import IntakeService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.subject_access_dialog import PROMPT, SubjectAccessDialog
from sendmed_desktop.ui.main_window import MainWindow
from sendmed_desktop.ui.tasks import TaskGateway
from tests.ui.conftest import wait_for_tasks, when_modal
from tests.ui.test_accessibility import clashing_access_keys, unlabelled

pytestmark = pytest.mark.gui


@pytest.fixture
def tasks() -> Iterator[TaskGateway]:
    gateway = TaskGateway()
    yield gateway
    gateway.shutdown()
    gateway.deleteLater()


@pytest.fixture
def dialog(qtbot: QtBot, demo: Workspace, tasks: TaskGateway) -> SubjectAccessDialog:
    opened = SubjectAccessDialog(demo, tasks)
    qtbot.addWidget(opened)
    opened.show()
    return opened


def _names(dialog: SubjectAccessDialog) -> list[tuple[str, str]]:
    table = dialog.table
    return [
        (table.item(row, 0).text(), table.item(row, 2).text()) for row in range(table.rowCount())
    ]


def test_find_choose_every_entry_and_export(
    dialog: SubjectAccessDialog, tasks: TaskGateway, qtbot: QtBot, tmp_path: Path
) -> None:
    assert unlabelled(dialog) == []
    assert clashing_access_keys(dialog) == []
    assert dialog.count_label.text() == PROMPT
    assert not dialog.export_button.isEnabled()

    qtbot.keyClicks(dialog.search, "whitfield")
    assert _names(dialog) == [
        ("Graham Whitfield", "DEMO-0001"),
        ("Graham Whitfield", "DEMO-0005"),
        ("Graham Whitfield", "DEMO-0008"),
    ]
    # Enter goes from the search to the list, where Space chooses the first entry.
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.focusWidget() is dialog.table
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert [m.case_reference for m in dialog.chosen()] == ["DEMO-0001"]
    qtbot.mouseClick(dialog.same_name_button, Qt.MouseButton.LeftButton)
    assert len(dialog.chosen()) == 3
    assert dialog.count_label.text() == "3 entries found, 3 chosen."

    dialog.folder.setText(str(tmp_path))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.busy
    assert not dialog.export_button.isEnabled()
    assert tasks.wait_idle(10_000)

    result = dialog.exported
    assert result is not None
    assert not dialog.busy
    assert dialog.export_button.isEnabled()
    status = dialog.status.text()
    assert str(result.pdf_path) in status
    assert str(result.json_path) in status
    assert "covers 3 cases" in status
    assert result.pdf_path.read_bytes().startswith(b"%PDF-")
    assert stat.S_IMODE(result.json_path.stat().st_mode) == 0o600
    exported = json.loads(result.json_path.read_text(encoding="utf-8"))
    assert exported["about"] == ["Graham Whitfield"]
    assert [case["reference"] for case in exported["cases"]] == [
        "DEMO-0001",
        "DEMO-0005",
        "DEMO-0008",
    ]


def test_a_folder_that_cannot_be_used_is_explained_and_nothing_runs(
    dialog: SubjectAccessDialog,
    tasks: TaskGateway,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    qtbot.keyClicks(dialog.search, "Sarah Okafor")
    dialog.table.selectRow(0)
    missing = tmp_path / "no such folder"
    dialog.folder.setText(str(missing))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.problems.problems() == [
        f"The folder {missing} does not exist. Choose a folder that exists."
    ]
    assert not tasks.busy
    assert not dialog.busy

    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    dialog.folder.setText(str(a_file))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "does not exist" in dialog.problems.problems()[0]
    assert not tasks.busy
    assert a_file.read_text(encoding="utf-8") == "not a folder"

    # Browse… puts the chosen folder in the box; the export then goes there.
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(tmp_path))
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert dialog.folder.text() == str(tmp_path)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_idle(10_000)
    assert dialog.problems.isHidden()
    assert dialog.exported is not None
    assert dialog.exported.pdf_path.parent == tmp_path


def test_an_error_in_the_background_is_shown_in_words(
    dialog: SubjectAccessDialog, demo: Workspace, tasks: TaskGateway, qtbot: QtBot, tmp_path: Path
) -> None:
    qtbot.keyClicks(dialog.search, "Nadia Perrin")
    dialog.table.selectRow(0)
    (chosen,) = dialog.chosen()
    # Someone removes her from the case between the search and the export.
    IntakeService(demo).remove_participant(chosen.participant_id)
    folder = tmp_path / "export"
    folder.mkdir()
    dialog.folder.setText(str(folder))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_idle(10_000)
    assert dialog.problems.problems() == [
        "That person is no longer in this workspace. Search for them again."
    ]
    assert dialog.status.text() == ""
    assert not dialog.busy
    assert list(folder.iterdir()) == []


def test_the_file_menu_opens_it_with_the_search_ready(
    make_window: Callable[..., MainWindow], demo: Workspace, qtbot: QtBot
) -> None:
    window = make_window(workspace=demo)
    wait_for_tasks(window)
    assert window.subject_access_action.isEnabled()
    seen: list[tuple[bool, str]] = []

    def look(dialog: SubjectAccessDialog) -> None:
        seen.append((dialog.focusWidget() is dialog.search, dialog.windowTitle()))
        qtbot.keyClicks(dialog.search, "okafor")
        seen.append((True, ",".join(name for name, _case in _names(dialog))))
        dialog.reject()

    opened = when_modal(SubjectAccessDialog, look)
    window.subject_access_action.trigger()
    assert opened
    assert seen == [(True, "Subject access export"), (True, "Sarah Okafor,Tobi Okafor")]
