"""The Preparation tabs as a whole: labelled, reachable by keyboard, and saying when they save.

Also holds the helpers the other test_preparation_* modules share.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.domain.vocabulary import Role
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.intake import IntakeService, ParticipantEntry
from sendmed_desktop.services.key_dates import KeyDates
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.adjustment_dialog import AdjustmentDialog
from sendmed_desktop.ui.dialogs.contact_dialog import ContactDialog
from sendmed_desktop.ui.dialogs.expense_dialog import ExpenseDialog
from sendmed_desktop.ui.dialogs.issue_dialog import IssueDialog
from sendmed_desktop.ui.dialogs.meeting_dialog import MeetingDialog
from sendmed_desktop.ui.dialogs.participant_dialog import ParticipantDialog
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.main_window import MainWindow
from sendmed_desktop.ui.tasks import TaskGateway
from sendmed_desktop.ui.widgets.preparation_tabs import TAB_TITLES, PreparationTabs
from tests.ui.test_accessibility import clashing_access_keys, unlabelled

pytestmark = pytest.mark.gui

_MNEMONIC = re.compile(r"&([^&\s])")
OFFICER = ParticipantEntry(
    full_name="Priya Natarajan",
    role=Role.LA_OFFICER,
    is_party=True,
    organisation="Testshire County Council",
)


# -- shared helpers ------------------------------------------------------------------------


def new_case(workspace: Workspace) -> int:
    """Open a case about a child, Ellis, whose parent Sam is the family's party."""
    new = NewCase("SM-2026-0042", "Ellis Green", "Testshire County Council", "Sam Green")
    return CaseService(workspace).create(new).id


def make_tabs(qtbot: QtBot, workspace: Workspace, case_id: int) -> PreparationTabs:
    """Return shown Preparation tabs for the case."""
    gateway = TaskGateway()
    tabs = PreparationTabs(workspace, case_id, gateway)
    tabs._test_gateway = gateway  # type: ignore[attr-defined] - kept alive with the tabs
    qtbot.addWidget(tabs)
    tabs.resize(1100, 640)
    tabs.show()
    return tabs


def person_id(workspace: Workspace, case_id: int, name: str) -> int:
    """Return the participant id of ``name`` in the case."""
    people = IntakeService(workspace).participants(case_id)
    return next(p.id for p in people if p.full_name == name)


def column(table: Any, index: int) -> list[str]:
    """Return the texts of one table column, top to bottom."""
    return [table.item(row, index).text() for row in range(table.rowCount())]


def open_messages() -> list[QMessageBox]:
    """Return the message boxes on screen."""
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def close_messages() -> None:
    """Close every message box on screen."""
    for box in open_messages():
        box.close()


@dataclass
class Answers:
    """Stands in for a dialog's ``ask``: hands back prepared entries, records every call.

    An entry of None answers as if the mediator pressed Cancel.
    """

    entries: list[Any]
    calls: list[tuple[Any, tuple[str, ...], dict[str, Any]]] = field(default_factory=list)

    def __call__(self, parent: QWidget, entry: Any, *args: Any, **kwargs: Any) -> tuple[Any, bool]:
        problems = tuple(kwargs.pop("problems", ()) or ())
        self.calls.append((entry, problems, kwargs))
        chosen = self.entries.pop(0) if self.entries else None
        return chosen, chosen is not None


def answer(monkeypatch: pytest.MonkeyPatch, dialog: type, *entries: Any) -> Answers:
    """Make ``dialog.ask`` answer with ``entries`` in turn, then Cancel."""
    fake = Answers(list(entries))
    monkeypatch.setattr(dialog, "ask", fake)
    return fake


def clashing_keys(root: QWidget, extra: tuple[str, ...]) -> list[str]:
    """Return access keys used twice among what is visible under ``root`` and ``extra``."""
    texts = [
        widget.title() if isinstance(widget, QGroupBox) else widget.text()
        for widget in root.findChildren(QWidget)
        if isinstance(widget, QLabel | QAbstractButton | QGroupBox) and widget.isVisibleTo(root)
    ]
    keys = Counter(
        m.group(1).lower() for text in (*texts, *extra) for m in _MNEMONIC.finditer(text)
    )
    return sorted(key for key, count in keys.items() if count > 1)


# -- the tabs ------------------------------------------------------------------------------


@pytest.fixture
def case_id(workspace: Workspace) -> int:
    return new_case(workspace)


@pytest.fixture
def tabs(qtbot: QtBot, workspace: Workspace, case_id: int) -> PreparationTabs:
    return make_tabs(qtbot, workspace, case_id)


def test_every_tab_is_labelled_with_distinct_access_keys(
    tabs: PreparationTabs, make_window: Callable[..., MainWindow]
) -> None:
    assert [tabs.tabText(i) for i in range(tabs.count())] == list(TAB_TITLES)
    # The tabs sit in the main window, whose menu bar takes Alt+letter keys of its own.
    menus = tuple(action.text() for action in make_window().menuBar().actions())
    assert menus
    for index, page in enumerate(tabs.pages):
        tabs.setCurrentIndex(index)
        assert unlabelled(page) == [], TAB_TITLES[index]
        assert clashing_keys(page, TAB_TITLES + menus) == [], TAB_TITLES[index]


def test_dialogs_are_labelled(qtbot: QtBot, workspace: Workspace, case_id: int) -> None:
    people = IntakeService(workspace).participants(case_id)
    dialogs: list[QWidget] = [
        ParticipantDialog(people, adding=True),
        IssueDialog(adding=True),
        ContactDialog(people, adding=True),
        MeetingDialog(adding=True),
        ExpenseDialog(people, adding=True),
        AdjustmentDialog(people, adding=True),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        assert unlabelled(dialog) == [], type(dialog).__name__
        assert clashing_access_keys(dialog) == [], type(dialog).__name__
    participant = dialogs[0]
    assert isinstance(participant, ParticipantDialog)
    for role in (Role.ALTERNATIVE_PERSON, Role.SUPPORTER):
        participant.role_combo.setCurrentIndex(participant.role_combo.findData(role.value))
        assert unlabelled(participant) == []
        assert clashing_access_keys(participant) == []


def test_alt_keys_and_ctrl_tab_move_between_tabs(tabs: PreparationTabs, qtbot: QtBot) -> None:
    qtbot.waitExposed(tabs)
    tabs.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tabs)
    tabs.people_tab.table.setFocus()
    qtbot.keyClick(tabs.people_tab.table, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert tabs.currentWidget().widget() is tabs.meeting_tab
    qtbot.keyClick(tabs.currentWidget(), Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)
    assert tabs.currentWidget().widget() is tabs.adjustments_tab
    tabs.adjustments_tab.expenses_table.setFocus()
    qtbot.keyClick(
        tabs.adjustments_tab.expenses_table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier
    )
    assert tabs.currentWidget().widget() is tabs.people_tab
    tabs.setCurrentIndex(1)
    tabs.decision_tab.summary_edit.setFocus()
    qtbot.keyClick(
        tabs.decision_tab.summary_edit, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier
    )
    assert tabs.currentWidget().widget() is tabs.issues_editor


def test_a_save_on_one_tab_signals_and_shows_on_the_others(
    tabs: PreparationTabs, workspace: Workspace, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer(monkeypatch, ParticipantDialog, OFFICER)
    calls = tabs.calls_tab
    assert "Priya" not in calls.uncontacted_label.text()
    signals: list[bool] = []
    tabs.changed.connect(lambda: signals.append(True))
    assert tabs.people_tab.add_person()
    assert signals == [True]
    tabs.show_page(calls)
    assert "Priya Natarajan (Local authority officer)" in calls.uncontacted_label.text()


def test_adviser_tab_edits_the_key_dates(
    tabs: PreparationTabs, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sendmed_desktop.ui.dialogs.key_dates_dialog import KeyDatesDialog

    today = date.today()
    sent, contacted = today - timedelta(days=20), today - timedelta(days=10)
    # The first answer is refused (sent before the date on it), so the dialog comes back.
    wrong = KeyDates(decision_notice_date=sent, decision_sent_on=sent - timedelta(days=3))
    right = KeyDates(decision_sent_on=sent, adviser_contacted_on=contacted)
    fake = answer(monkeypatch, KeyDatesDialog, wrong, right)
    adviser = tabs.adviser_tab
    assert adviser.values["adviser_contacted_on"].text() == "Not recorded"
    with qtbot.waitSignal(tabs.changed, timeout=1000):
        assert adviser.edit_key_dates()
    assert len(fake.calls) == 2
    entry, problems, _kwargs = fake.calls[1]
    assert entry == wrong
    assert problems[0].startswith("The decision notice cannot have been sent")
    assert adviser.values["adviser_contacted_on"].text() == format_date(contacted)
    assert adviser.values["decision_sent_on"].text() == format_date(sent)
    # The decision tab shows the same notice dates, saved through the key dates.
    tabs.show_page(tabs.decision_tab)
    assert tabs.decision_tab.sent_field.value() == sent
