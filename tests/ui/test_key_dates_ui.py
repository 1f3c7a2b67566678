"""Key dates: typed in the dialog, checked in place, saved, and shown on the timeline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.cases import CaseSummary
from sendmed_desktop.domain.vocabulary import FamilyDecision
from sendmed_desktop.services.key_dates import KeyDates, KeyDatesService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.key_dates_dialog import NOT_A_DATE, NOT_SET, KeyDatesDialog
from sendmed_desktop.ui.main_window import NO_CASE_SELECTED, MainWindow
from sendmed_desktop.ui.models.timeline_model import TimelineColumn
from sendmed_desktop.ui.widgets.timeline_view import NO_DEADLINES
from tests.ui.conftest import when_modal
from tests.ui.test_accessibility import clashing_access_keys, unlabelled

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(qtbot: QtBot) -> KeyDatesDialog:
    widget = KeyDatesDialog(KeyDates(), "SM-2026-0001")
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _press_save(qtbot: QtBot, dialog: KeyDatesDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def _rows(window: MainWindow) -> dict[str, list[str]]:
    assert window.case_list_page is not None
    model = window.case_list_page.detail.timeline.model
    return {
        model.entry(row).deadline.rule: [
            model.data(model.index(row, column)) for column in TimelineColumn
        ]
        for row in range(model.rowCount())
    }


def test_dialog_is_labelled_and_keyboard_friendly(dialog: KeyDatesDialog, qtbot: QtBot) -> None:
    assert unlabelled(dialog) == []
    assert clashing_access_keys(dialog) == []
    assert dialog.windowTitle() == "Key dates — SM-2026-0001"
    edit = dialog.fields["meeting_date"].edit
    echo = dialog.fields["meeting_date"].echo
    assert echo.text() == NOT_SET
    qtbot.keyClicks(edit, "8/4/2026")
    assert echo.text() == "Wed 8 Apr 2026"
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.text() == "09/04/2026"
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert echo.text() == "Tue 7 Apr 2026"
    edit.setText("today")
    assert edit.value() == date.today()
    edit.setText("31/02/2026")
    assert echo.text() == NOT_A_DATE


def test_invalid_input_keeps_the_dialog_open_with_problems(
    dialog: KeyDatesDialog, qtbot: QtBot
) -> None:
    qtbot.keyClicks(dialog.fields["meeting_held_on"].edit, "10/03/2026")
    qtbot.keyClicks(dialog.fields["meeting_concluded_on"].edit, "09/03/2026")
    qtbot.keyClicks(dialog.fields["la_informed_on"].edit, "31/02/2026")
    _press_save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.key_dates() is None
    problems = dialog.problems.problems()
    assert problems[0].startswith("“31/02/2026” in “LA told they wish to mediate” is not a date")
    assert problems[1].startswith("Mediation cannot have concluded (Monday 9 March 2026)")
    assert dialog.problems.text().count("⚠") == 2
    assert dialog.fields["la_informed_on"].edit.hasFocus()
    # Nothing typed is lost; fixing it lets the dialog close with the dates.
    assert dialog.fields["meeting_held_on"].edit.text() == "10/03/2026"
    dialog.fields["la_informed_on"].edit.setText("02/02/2026")
    dialog.fields["meeting_concluded_on"].edit.setText("10/03/2026")
    _press_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert dialog.key_dates() == KeyDates(
        la_informed_on=date(2026, 2, 2),
        meeting_held_on=date(2026, 3, 10),
        meeting_concluded_on=date(2026, 3, 10),
    )


def test_fill_and_entry_round_trip(dialog: KeyDatesDialog) -> None:
    dates = KeyDates(
        decision_notice_date=date(2026, 1, 5),
        decision_sent_on=date(2026, 1, 6),
        family_decision=FamilyDecision.DECLINE,
        family_decision_on=date(2026, 1, 9),
        adviser_told_of_decision_on=date(2026, 1, 9),
        shorter_notice_agreed=True,
    )
    dialog.fill(dates)
    assert dialog.decision_combo.currentText() == "Does not wish to mediate (declined)"
    assert dialog.entry() == (dates, [])


def test_entering_dates_makes_the_deadlines_appear(
    make_window: Callable[..., MainWindow],
    workspace: Workspace,
    seeded: list[CaseSummary],
    qtbot: QtBot,
) -> None:
    window = make_window(workspace=workspace)
    page = window.case_list_page
    assert page is not None
    assert page.select_case(seeded[0].id)
    timeline = page.detail.timeline
    assert timeline.stack.currentWidget() is timeline.empty_label
    assert timeline.empty_label.text() == NO_DEADLINES

    def type_dates(dialog: KeyDatesDialog) -> None:
        qtbot.keyClicks(dialog.fields["decision_sent_on"].edit, "30/06/2025")
        qtbot.keyClicks(dialog.fields["meeting_held_on"].edit, "23/12/2025")
        qtbot.keyClicks(dialog.fields["meeting_concluded_on"].edit, "23/12/2025")
        _press_save(qtbot, dialog)

    opened = when_modal(KeyDatesDialog, type_dates)
    window.key_dates_action.trigger()
    assert opened
    assert opened[0].windowTitle() == "Key dates — SM-2026-0001"
    assert page.selected_case_id() == seeded[0].id
    assert timeline.stack.currentWidget() is timeline.table
    rows = _rows(window)
    assert set(rows) == {"R1", "R7", "R8"}
    assert rows["R7"][TimelineColumn.TITLE] == "Certificate after mediation"
    assert rows["R7"][TimelineColumn.DUE] == "Tue 30 Dec 2025"
    # 30 Jun + 2 months is Sat 30 Aug, in August: time runs to the first working day after.
    assert rows["R8"][TimelineColumn.DUE] == "Mon 1 Sep 2025"
    assert rows["R8"][TimelineColumn.TITLE] == "Family's appeal deadline (Tribunal)"
    assert rows["R1"][TimelineColumn.DUE] == "Sat 30 Aug 2025"
    assert KeyDatesService(workspace).load(seeded[0].id).meeting_concluded_on == date(2025, 12, 23)
    assert window.statusBar().currentMessage() == "Key dates saved for SM-2026-0001."


def test_detail_button_opens_the_dialog_and_cancel_changes_nothing(
    make_window: Callable[..., MainWindow],
    workspace: Workspace,
    seeded: list[CaseSummary],
    qtbot: QtBot,
) -> None:
    window = make_window(workspace=workspace)
    page = window.case_list_page
    assert page is not None
    assert not page.detail.key_dates_button.isEnabled()
    page.select_case(seeded[1].id)
    assert page.detail.key_dates_button.isEnabled()

    def cancel(dialog: KeyDatesDialog) -> None:
        dialog.fields["meeting_date"].edit.setText("01/01/2026")
        dialog.reject()

    opened = when_modal(KeyDatesDialog, cancel)
    qtbot.mouseClick(page.detail.key_dates_button, Qt.MouseButton.LeftButton)
    assert opened
    assert opened[0].windowTitle() == "Key dates — SM-2026-0002"
    assert KeyDatesService(workspace).load(seeded[1].id) == KeyDates()


def test_refused_dates_reopen_the_dialog_with_the_entry(
    make_window: Callable[..., MainWindow],
    workspace: Workspace,
    seeded: list[CaseSummary],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(workspace=workspace)
    calls: list[tuple[KeyDates, list[str] | None]] = []
    # The service checks against its own today: a concluded date still to come is refused.
    tomorrow = KeyDates(meeting_concluded_on=date.today() + timedelta(days=1))

    def ask(
        _parent: object, dates: KeyDates, _reference: str, *, problems: list[str] | None = None
    ) -> tuple[KeyDates | None, bool]:
        calls.append((dates, problems))
        return (tomorrow, True) if len(calls) == 1 else (None, False)

    monkeypatch.setattr(KeyDatesDialog, "ask", ask)
    assert not window.edit_key_dates(seeded[2].id)
    assert calls[0] == (KeyDates(), [])
    assert calls[1][0] == tomorrow
    assert calls[1][1] is not None
    assert "has not happened yet" in calls[1][1][0]


def test_the_shortcut_works_from_the_search_box(
    make_window: Callable[..., MainWindow],
    workspace: Workspace,
    seeded: list[CaseSummary],
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
) -> None:
    window = make_window(workspace=workspace)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page = window.case_list_page
    assert page is not None
    page.focus_search()
    assert page.search_edit.hasFocus()
    shown: list[str] = []
    monkeypatch.setattr(
        "sendmed_desktop.ui.main_window.show_message",
        lambda _parent, text: shown.append(text),
    )
    shortcut = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(page.search_edit, Qt.Key.Key_D, shortcut)
    assert shown == [NO_CASE_SELECTED]

    page.select_case(seeded[0].id)
    page.focus_search()
    opened = when_modal(KeyDatesDialog, lambda dialog: dialog.reject())
    qtbot.keyClick(page.search_edit, Qt.Key.Key_D, shortcut)
    assert opened
    assert window.key_dates_action.shortcut().toString() == "Ctrl+Shift+D"
