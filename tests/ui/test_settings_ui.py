"""Preferences: the dialog round-trips its choices, and a change moves the dates shown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.cases import CaseSummary
from sendmed_desktop.domain.timescales import MediationReading
from sendmed_desktop.security.keyring_store import KeyringStore
from sendmed_desktop.services.key_dates import KeyDates, KeyDatesService
from sendmed_desktop.services.preferences import ClockPreferences, load_clock_preferences
from sendmed_desktop.services.security_preferences import SecurityPreferences
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.settings import IDLE_LOCK_MINUTES
from sendmed_desktop.ui.dialogs.settings_dialog import NO_CLOSURES, SettingsDialog
from sendmed_desktop.ui.main_window import MainWindow
from sendmed_desktop.ui.models.timeline_model import TimelineColumn
from tests.ui.conftest import when_modal
from tests.ui.test_accessibility import clashing_access_keys, unlabelled

pytestmark = pytest.mark.gui

CHOSEN = ClockPreferences(
    christmas_eve_closed=True,
    extra_closures=(date(2026, 8, 3), date(2026, 12, 29)),
    mediation_reading=MediationReading.ARRANGED,
)


@pytest.fixture
def dialog(qtbot: QtBot) -> SettingsDialog:
    widget = SettingsDialog(ClockPreferences())
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_dialog_is_labelled(dialog: SettingsDialog) -> None:
    assert unlabelled(dialog) == []
    assert clashing_access_keys(dialog) == []
    assert dialog.held_radio.isChecked()
    assert dialog.held_radio.text().replace("&", "") == (
        "Mediation must be held within 30 days (default)"
    )
    assert dialog.closure_list.item(0).text() == NO_CLOSURES
    assert not dialog.remove_button.isEnabled()


def test_round_trip(qtbot: QtBot) -> None:
    widget = SettingsDialog(CHOSEN)
    qtbot.addWidget(widget)
    assert widget.chosen() == CHOSEN
    assert [widget.closure_list.item(i).text() for i in range(2)] == [
        "Mon 3 Aug 2026",
        "Tue 29 Dec 2026",
    ]
    widget.accept()
    assert widget.preferences() == CHOSEN


def test_closures_are_added_sorted_without_repeats(dialog: SettingsDialog, qtbot: QtBot) -> None:
    edit = dialog.new_closure.edit
    qtbot.keyClicks(edit, "29/12/2026")
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # adds; does not close the dialog
    assert dialog.isVisible()
    qtbot.keyClicks(edit, "3/8/2026")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.closures() == [date(2026, 8, 3), date(2026, 12, 29)]
    assert dialog.closure_list.item(0).text() == "Mon 3 Aug 2026"
    qtbot.keyClicks(edit, "29/12/2026")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert dialog.closure_problems.problems() == ["Tue 29 Dec 2026 is already in the list."]
    assert len(dialog.closures()) == 2
    edit.setText("32/12/2026")
    assert not dialog.add_closure()
    assert dialog.closure_problems.problems()[0].startswith("Type the closure date as dd/mm/yyyy")
    edit.clear()
    dialog.closure_list.setCurrentRow(0)
    assert dialog.remove_button.isEnabled()
    qtbot.keyClick(dialog.closure_list, Qt.Key.Key_Delete)
    assert dialog.closures() == [date(2026, 12, 29)]
    dialog.closure_list.setCurrentRow(0)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.closures() == []
    dialog.arranged_radio.setChecked(True)
    dialog.accept()
    assert dialog.preferences() == ClockPreferences(mediation_reading=MediationReading.ARRANGED)


def test_christmas_eve_closed_moves_the_date_shown(
    make_window: Callable[..., MainWindow],
    workspace: Workspace,
    seeded: list[CaseSummary],
    qtbot: QtBot,
) -> None:
    case_id = seeded[0].id
    # Concluded Mon 22 Dec 2025: the 3rd working day after is Mon 29 Dec (25, 26 and the
    # weekend skipped); with Christmas Eve closed as well, Tue 30 Dec.
    KeyDatesService(workspace).save(case_id, KeyDates(meeting_concluded_on=date(2025, 12, 22)))
    window = make_window(workspace=workspace)
    page = window.case_list_page
    assert page is not None
    page.select_case(case_id)
    model = page.detail.timeline.model

    def r7_due() -> str:
        return str(model.data(model.index(0, TimelineColumn.DUE)))

    assert r7_due() == "Mon 29 Dec 2025"
    assert window.preferences_action.shortcut().toString() == "Ctrl+,"

    def close_christmas_eve(dialog: SettingsDialog) -> None:
        dialog.christmas_eve_check.setChecked(True)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    opened = when_modal(SettingsDialog, close_christmas_eve)
    window.preferences_action.trigger()
    assert opened
    assert r7_due() == "Tue 30 Dec 2025"
    assert load_clock_preferences(workspace).christmas_eve_closed
    assert window.statusBar().currentMessage() == "Preferences saved; deadlines recalculated."

    # Cancelling changes nothing.
    when_modal(SettingsDialog, lambda dialog: dialog.reject())
    assert not window.edit_preferences()
    assert r7_due() == "Tue 30 Dec 2025"


def test_security_tab_sets_the_idle_lock_and_the_keyring(
    make_window: Callable[..., MainWindow], workspace: Workspace, qtbot: QtBot
) -> None:
    window = make_window(workspace=workspace)
    workspace_id = workspace.header.workspace_id
    assert KeyringStore().load(workspace_id) is None

    def choose(dialog: SettingsDialog) -> None:
        assert unlabelled(dialog) == []
        assert clashing_access_keys(dialog) == []
        dialog.tabs.setCurrentIndex(1)
        assert dialog.idle_spin.value() == 5
        assert dialog.keyring_check.isEnabled()
        assert not dialog.keyring_check.isChecked()
        dialog.idle_spin.setValue(0)
        assert dialog.idle_spin.text() == "Never"
        dialog.idle_spin.setValue(12)
        dialog.keyring_check.setChecked(True)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    opened = when_modal(SettingsDialog, choose)
    assert window.edit_preferences()
    assert opened
    assert workspace.settings.get(IDLE_LOCK_MINUTES) == 12
    assert window.idle_lock.idle_seconds() < 60
    assert KeyringStore().load(workspace_id) == workspace.database_key()
    assert window.statusBar().currentMessage() == "Preferences saved."


@pytest.mark.usefixtures("no_keyring")
def test_without_a_keyring_the_choice_is_off_and_explained(qtbot: QtBot) -> None:
    widget = SettingsDialog(ClockPreferences(), keyring_available=False)
    qtbot.addWidget(widget)
    assert not widget.keyring_check.isEnabled()
    widget.accept()
    assert widget.security_preferences() == SecurityPreferences(5, False)
