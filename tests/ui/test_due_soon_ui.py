"""The "Due soon" panel: every open case's urgent deadlines, most urgent first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.cases import CaseSummary
from sendmed_desktop.domain.timeline import DeadlineStatus
from sendmed_desktop.services.key_dates import KeyDates
from sendmed_desktop.services.timeline import TimelineService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui import main_window
from sendmed_desktop.ui.dialogs.key_dates_dialog import KeyDatesDialog
from sendmed_desktop.ui.main_window import MainWindow
from sendmed_desktop.ui.models.due_soon_model import DueSoonColumn, DueSoonModel
from sendmed_desktop.ui.widgets.due_soon_panel import NOTHING_DUE
from tests.ui.conftest import wait_for_tasks
from tests.ui.test_accessibility import clashing_access_keys, unlabelled

pytestmark = pytest.mark.gui


def test_model_passes_qt_model_checks(qtmodeltester: ModelTester, demo: Workspace) -> None:
    model = DueSoonModel()
    qtmodeltester.check(model)
    entries = TimelineService(demo).due_soon()
    model.set_entries(entries)
    qtmodeltester.check(model)
    assert model.rowCount() == len(entries)
    assert model.data(model.index(0, DueSoonColumn.CASE)) == entries[0].reference


def test_demo_urgent_items_are_listed_most_urgent_first(
    make_window: Callable[..., MainWindow], demo: Workspace, qtbot: QtBot
) -> None:
    window = make_window(workspace=demo)
    wait_for_tasks(window)
    panel = window.due_soon_panel
    assert panel is not None
    assert window.due_soon_dock is not None
    assert window.due_soon_dock.windowTitle() == "Due soon"
    expected = TimelineService(demo).due_soon()
    model = panel.model
    shown = [
        (model.data(model.index(row, DueSoonColumn.CASE)), model.entry(row).deadline.title)
        for row in range(model.rowCount())
    ]
    assert shown == [(e.reference, e.deadline.title) for e in expected]
    assert len(shown) >= 2
    statuses = [model.entry(row).status for row in range(model.rowCount())]
    ranks = [0 if s is DeadlineStatus.OVERDUE else 1 for s in statuses]
    assert ranks == sorted(ranks)
    # Status is in words with a symbol; time left in the rule's own kind of days.
    first = model.data(model.index(0, DueSoonColumn.STATUS))
    assert first in {"⚠ Overdue", "◔ Due soon"}
    assert model.data(model.index(0, DueSoonColumn.TIME_LEFT)) == expected[0].time_left
    assert "DEMO-0001" not in {ref for ref, _title in shown}  # closed
    assert unlabelled(panel) == []
    assert clashing_access_keys(panel) == []


def test_enter_or_double_click_selects_the_case(
    make_window: Callable[..., MainWindow], demo: Workspace, qtbot: QtBot
) -> None:
    window = make_window(workspace=demo)
    wait_for_tasks(window)
    panel = window.due_soon_panel
    page = window.case_list_page
    assert panel is not None
    assert page is not None
    model = panel.model
    last = model.rowCount() - 1
    panel.table.setFocus()
    panel.table.setCurrentIndex(model.index(last, 0))
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert page.selected_case_id() == model.entry(last).case_id
    assert page.detail.text("reference") == model.entry(last).reference
    assert page.table.hasFocus()

    rect = panel.table.visualRect(model.index(0, DueSoonColumn.TITLE))
    # A real double-click starts with a click; QTest's double-click alone has no press.
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected_case_id() == model.entry(last).case_id  # one click only selects
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected_case_id() == model.entry(0).case_id


def test_nothing_due_says_so(
    make_window: Callable[..., MainWindow], workspace: Workspace, seeded: list[CaseSummary]
) -> None:
    window = make_window(workspace=workspace)
    wait_for_tasks(window)
    panel = window.due_soon_panel
    assert panel is not None
    assert panel.model.rowCount() == 0
    assert panel.stack.currentWidget() is panel.empty_label
    assert panel.empty_label.text() == NOTHING_DUE


def test_view_menu_toggles_the_panel(
    make_window: Callable[..., MainWindow], workspace: Workspace, seeded: list[CaseSummary]
) -> None:
    window = make_window(workspace=workspace)
    dock = window.due_soon_dock
    assert dock is not None
    toggle = dock.toggleViewAction()
    assert toggle in window.view_menu.actions()
    assert toggle.shortcut().toString() == "F9"
    assert dock.isVisible()
    toggle.trigger()
    assert not dock.isVisible()
    toggle.trigger()
    assert dock.isVisible()


def test_a_new_day_refreshes_the_deadlines(
    make_window: Callable[..., MainWindow],
    demo: Workspace,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(workspace=demo)
    wait_for_tasks(window)
    assert not window.check_day_changed()
    asked: list[bool] = []
    real_due_soon = TimelineService.due_soon

    def spy(self: TimelineService, today: date | None = None) -> object:
        asked.append(True)
        return real_due_soon(self, today)

    monkeypatch.setattr(TimelineService, "due_soon", spy)
    monkeypatch.setattr(main_window, "_today", lambda: date.today() + timedelta(days=1))
    assert window.check_day_changed()
    wait_for_tasks(window)
    assert asked == [True]
    assert not window.check_day_changed()


def test_saving_key_dates_refreshes_the_list(
    make_window: Callable[..., MainWindow],
    workspace: Workspace,
    seeded: list[CaseSummary],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(workspace=workspace)
    wait_for_tasks(window)
    panel = window.due_soon_panel
    assert panel is not None
    assert panel.model.rowCount() == 0
    today = date.today()
    concluded = KeyDates(meeting_held_on=today, meeting_concluded_on=today)
    monkeypatch.setattr(KeyDatesDialog, "ask", lambda *_args, **_kwargs: (concluded, True))
    assert window.edit_key_dates(seeded[1].id)
    wait_for_tasks(window)
    assert [(e.reference, e.deadline.rule) for e in panel.model.entries()] == [
        ("SM-2026-0002", "R7")
    ]
    assert panel.model.entry(0).status is DeadlineStatus.DUE_SOON
    assert panel.summary.text().startswith("◔ 1 due this week")
