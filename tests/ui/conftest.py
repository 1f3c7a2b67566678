"""Fixtures for the GUI tests: a case service, a few seeded cases, a main window factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.cases import CaseSummary, NewCase
from sendmed_desktop.domain.vocabulary import Role
from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.demo import seed_demo
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.main_window import MainWindow
from tests.conftest import FAST_KDF

_UI_TESTS = Path(__file__).parent
# The offscreen platform plugin cannot pass size hints to a window system (there is none)
# and says so whenever a shown window's size limits change (message boxes, dialogs). It is
# a limit of the test platform, not of the app, so it alone is not a failure here.
_OFFSCREEN_NOISE = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Ignore the offscreen plugin's size-hint notice in the GUI tests only."""
    for item in items:
        if _UI_TESTS in item.path.parents:
            item.add_marker(_OFFSCREEN_NOISE)


SEED = (
    NewCase(
        reference="SM-2026-0001",
        subject_name="Amira Hussain",
        local_authority="Leeds City Council",
        party_name="Farah Hussain",
        subject_date_of_birth=date(2014, 3, 2),
    ),
    NewCase(
        reference="SM-2026-0002",
        subject_name="Callum Price",
        local_authority="Kirklees Council",
        party_name="Callum Price",
        party_role=Role.YOUNG_PERSON,
    ),
    NewCase(
        reference="BR-7731",
        subject_name="Zofia Nowak",
        local_authority="Bradford Council",
        party_name="Piotr Nowak",
        health_only=True,
    ),
)


@pytest.fixture
def case_service(workspace: Workspace) -> CaseService:
    """Return a CaseService over the test's open workspace."""
    return CaseService(workspace)


@pytest.fixture
def seeded(case_service: CaseService) -> list[CaseSummary]:
    """Add three fictional cases and return their rows, oldest first."""
    return [case_service.create(case) for case in SEED]


@pytest.fixture
def demo(workspace: Workspace) -> Workspace:
    """Add the fictional demo cases, whose dates are set relative to today."""
    seed_demo(workspace)
    return workspace


def when_modal(kind: type[Any], act: Callable[[Any], None]) -> list[Any]:
    """Run ``act`` on the next modal dialog of ``kind`` once its event loop starts.

    Returns a list that holds the dialog once ``act`` has run, so a test can check it ran.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen: list[Any] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, kind), f"expected a {kind.__name__}, got {dialog!r}"
            seen.append(dialog)
            act(dialog)
        except BaseException:
            # Close it, or exec() would wait for ever; pytest-qt reports the error.
            if dialog is not None:
                dialog.close()
            raise

    QTimer.singleShot(0, run)
    return seen


@pytest.fixture
def make_window(
    qtbot: QtBot, workspace_paths: WorkspacePaths
) -> Iterator[Callable[..., MainWindow]]:
    """Return a factory for shown main windows on the test's workspace folder."""
    windows: list[MainWindow] = []

    def make(**kwargs: Any) -> MainWindow:
        kwargs.setdefault("kdf", FAST_KDF)
        window = MainWindow(workspace_paths, **kwargs)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


def wait_for_tasks(window: MainWindow) -> None:
    """Wait until the window's background work has reported back.

    Work is often queued from the event loop (the unlock page starts once the window is
    drawn), and one task's callback may queue the next: let events run between waits.
    """
    from PySide6.QtCore import QCoreApplication

    for _ in range(5):
        QCoreApplication.processEvents()
        assert window.tasks.wait_idle(10_000), "background work did not finish"
    QCoreApplication.processEvents()
