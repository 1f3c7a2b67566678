"""Fixtures for the GUI tests: seeded cases, a main window factory, opening a case."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.cases import CaseSummary, NewCase
from sendmed_desktop.domain.vocabulary import Role, Stage
from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.demo import seed_demo
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.main_window import MainWindow
from tests.conftest import FAST_KDF

if TYPE_CHECKING:
    from sendmed_desktop.ui.pages.case_page import CasePage

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


def activate(window: QWidget, qtbot: QtBot) -> None:
    """Show ``window`` and make it the active window, so its shortcuts reach it."""
    from PySide6.QtWidgets import QApplication

    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def open_from_list(window: MainWindow, qtbot: QtBot, reference: str) -> CasePage:
    """Select ``reference`` in the case list and open it with Enter, as the mediator would."""
    from PySide6.QtCore import Qt

    page = window.case_list_page
    assert page is not None
    assert window.cases is not None
    case_id = window.cases.page(reference)[0].id
    assert page.select_case(case_id)
    activate(window, qtbot)
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.case_page is not None, "Enter on the row did not open the case"
    assert window.case_page.case_id == case_id
    return window.case_page


def walk_to(workspace: Workspace, case_id: int, target: Stage) -> None:
    """Move a case forward to ``target`` through the service, reading every warning.

    Blockers are not worked round: a test that meets one has set the case up wrongly.
    """
    from sendmed_desktop.domain.stages import STAGES
    from sendmed_desktop.services.meeting_stages import MeetingStagesService

    service = MeetingStagesService(workspace)
    while STAGES.index(service.state(case_id).stage) < STAGES.index(target):
        view = service.state(case_id)
        for finding in view.assessment.unacknowledged:
            service.acknowledge(case_id, view.stage, finding.key)
        service.advance(case_id)
