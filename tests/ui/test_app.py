"""Start-up: the display check, the quick start-and-quit path, the GUI excepthook."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui import app
from sendmed_desktop.ui.main_window import MainWindow
from sendmed_desktop.ui.tasks import GENERIC_ERROR

_DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


@pytest.fixture
def bare_linux(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Pretend to be Linux with no display variables at all."""
    monkeypatch.setattr(sys, "platform", "linux")
    for name in _DISPLAY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_no_display_is_reported_in_one_plain_line(bare_linux: pytest.MonkeyPatch) -> None:
    problem = app.display_problem()
    assert problem is not None
    assert "\n" not in problem
    assert problem.startswith("sendmed: no display found")
    assert "xvfb-run" in problem
    assert "QT_QPA_PLATFORM=offscreen" in problem


@pytest.mark.parametrize(
    ("name", "value"),
    [("DISPLAY", ":0"), ("WAYLAND_DISPLAY", "wayland-0"), ("QT_QPA_PLATFORM", "offscreen")],
)
def test_any_display_variable_is_enough(
    bare_linux: pytest.MonkeyPatch, name: str, value: str
) -> None:
    bare_linux.setenv(name, value)
    assert app.display_problem() is None


def test_other_systems_always_have_a_display(bare_linux: pytest.MonkeyPatch) -> None:
    bare_linux.setattr(sys, "platform", "win32")
    assert app.display_problem() is None


def test_run_gui_without_display_returns_2_and_says_why(
    bare_linux: pytest.MonkeyPatch,
    workspace_paths: WorkspacePaths,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert app.run_gui(workspace_paths) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == app.NO_DISPLAY + "\n"


@pytest.mark.gui
def test_quit_when_shown_returns_once_the_case_list_is_loaded(
    qapp: QApplication, workspace: Workspace, workspace_paths: WorkspacePaths
) -> None:
    CaseService(workspace).create(
        NewCase(
            reference="SM-2026-0001",
            subject_name="Amira Hussain",
            local_authority="Leeds",
            party_name="Farah Hussain",
        )
    )
    hook = sys.excepthook
    code = app.run_gui(workspace_paths, workspace=workspace, demo=True, quit_when_shown=True)
    assert code == 0
    assert sys.excepthook is hook
    assert qapp.applicationName() == "SendMed Desktop"


@pytest.mark.gui
def test_quit_when_shown_stops_at_the_unlock_page(
    qapp: QApplication, workspace: Workspace, workspace_paths: WorkspacePaths
) -> None:
    workspace.close()
    assert app.run_gui(workspace_paths, quit_when_shown=True) == 0


@pytest.mark.gui
def test_demo_title_says_the_cases_are_fictional(
    qtbot: QtBot, workspace: Workspace, workspace_paths: WorkspacePaths
) -> None:
    window = MainWindow(workspace_paths, workspace=workspace, demo=True)
    qtbot.addWidget(window)
    assert window.windowTitle() == (
        "SendMed Desktop — demo workspace (fictional cases, deleted on exit)"
    )


@pytest.mark.gui
def test_excepthook_logs_and_shows_a_calm_message(
    qtbot: QtBot,
    workspace: Workspace,
    workspace_paths: WorkspacePaths,
    caplog: pytest.LogCaptureFixture,
) -> None:
    window = MainWindow(workspace_paths, workspace=workspace)
    qtbot.addWidget(window)
    window.show()
    hook = app._make_excepthook(window)
    try:
        raise KeyError("detail only for the log")
    except KeyError as error:
        with caplog.at_level(logging.ERROR):
            hook(KeyError, error, error.__traceback__)
    boxes = window.findChildren(QMessageBox)
    assert [box.text() for box in boxes] == [GENERIC_ERROR]
    assert "detail only for the log" in caplog.text
    assert "Traceback" in caplog.text
