"""Opening a case: the dialog validates in place; the window stores, lists and selects."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.cases import CaseSummary, NewCase
from sendmed_desktop.domain.vocabulary import Role
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.new_case_dialog import NewCaseDialog
from sendmed_desktop.ui.main_window import MainWindow
from tests.ui.conftest import SEED

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(qtbot: QtBot) -> NewCaseDialog:
    """Return a shown new-case dialog with a suggested reference."""
    widget = NewCaseDialog("SM-2026-0004")
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _press_ok(qtbot: QtBot, dialog: NewCaseDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_invalid_entry_shows_problems_and_stays_open(dialog: NewCaseDialog, qtbot: QtBot) -> None:
    assert dialog.reference_edit.text() == "SM-2026-0004"
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isDefault()
    dialog.dob_edit.setText("31/02/2015")
    _press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.new_case() is None
    problems = dialog.problems.problems()
    assert problems[:3] == [
        "Enter the name of the child or young person.",
        "Enter the name of the parent, carer or young person who is a party.",
        "Enter the local authority.",
    ]
    assert problems[3].startswith("Enter the date of birth as dd/mm/yyyy")
    assert dialog.problems.text().count("⚠") == len(problems)
    assert dialog.subject_edit.hasFocus()


def test_valid_entry_is_returned_as_plain_data(dialog: NewCaseDialog, qtbot: QtBot) -> None:
    dialog.reference_edit.setText("la-2026/17")
    qtbot.keyClicks(dialog.subject_edit, "Amira Hussain")
    qtbot.keyClicks(dialog.dob_edit, "2/3/2014")
    qtbot.keyClicks(dialog.party_edit, "Farah Hussain")
    qtbot.keyClicks(dialog.authority_edit, "Leeds City Council")
    dialog.health_only_check.setChecked(True)
    _press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert dialog.new_case() == NewCase(
        reference="LA-2026/17",
        subject_name="Amira Hussain",
        local_authority="Leeds City Council",
        party_name="Farah Hussain",
        party_role=Role.PARENT_CARER,
        subject_date_of_birth=date(2014, 3, 2),
        health_only=True,
    )


def test_young_person_is_their_own_party(dialog: NewCaseDialog, qtbot: QtBot) -> None:
    dialog.young_person_radio.setChecked(True)
    assert not dialog.party_edit.isVisibleTo(dialog)
    _press_ok(qtbot, dialog)
    # One problem about the missing name, not a second about the party.
    assert dialog.problems.problems() == [
        "Enter the name of the child or young person.",
        "Enter the local authority.",
    ]
    qtbot.keyClicks(dialog.subject_edit, "Callum Price")
    qtbot.keyClicks(dialog.authority_edit, "Kirklees Council")
    _press_ok(qtbot, dialog)
    case = dialog.new_case()
    assert case is not None
    assert case.party_role is Role.YOUNG_PERSON
    assert case.party_name == "Callum Price"
    dialog.parent_radio.setChecked(True)
    assert dialog.party_edit.isVisibleTo(dialog)


def test_ask_runs_modally_and_returns_data_and_acceptance(qtbot: QtBot) -> None:
    def fill_and_accept() -> None:
        active = QApplication.activeModalWidget()
        assert isinstance(active, NewCaseDialog)
        active.fill(SEED[0])
        active.accept()

    QTimer.singleShot(0, fill_and_accept)
    case, accepted = NewCaseDialog.ask(None, "SM-2026-0009")
    assert accepted
    assert case == SEED[0]

    def cancel() -> None:
        active = QApplication.activeModalWidget()
        assert isinstance(active, NewCaseDialog)
        active.reject()

    QTimer.singleShot(0, cancel)
    assert NewCaseDialog.ask(None, "SM-2026-0009") == (None, False)


def test_new_case_appears_in_the_list_and_is_selected(
    make_window: Callable[..., MainWindow],
    workspace: Workspace,
    seeded: list[CaseSummary],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(workspace=workspace)
    page = window.case_list_page
    assert page is not None
    suggested: list[str] = []
    entry = NewCase(
        reference="SM-2026-0003",
        subject_name="Ellie Marsh",
        local_authority="Wakefield Council",
        party_name="Dan Marsh",
    )

    def ask(
        _parent: object, suggested_reference: str, **_kwargs: object
    ) -> tuple[NewCase | None, bool]:
        suggested.append(suggested_reference)
        return entry, True

    monkeypatch.setattr(NewCaseDialog, "ask", ask)
    # A search that hides the new case is cleared so the case can be shown.
    page.search_edit.setText("Nowak")
    page.apply_search()
    window.new_case_action.trigger()

    assert suggested == ["SM-2026-0003"]
    assert page.model.total == 4
    assert page.search_edit.text() == ""
    selected = page.selected_case_id()
    assert selected is not None
    assert page.model.summary(page.model.row_of(selected) or 0).subject_name == "Ellie Marsh"
    assert page.detail.text("family") == "Dan Marsh"
    assert window.count_label.text() == "4 cases"


def test_duplicate_reference_reopens_the_dialog_with_the_entry(
    make_window: Callable[..., MainWindow],
    workspace: Workspace,
    seeded: list[CaseSummary],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(workspace=workspace)
    calls: list[tuple[NewCase | None, list[str] | None]] = []

    def ask(
        _parent: object,
        _suggested: str,
        *,
        previous: NewCase | None = None,
        problems: list[str] | None = None,
    ) -> tuple[NewCase | None, bool]:
        calls.append((previous, problems))
        if len(calls) == 1:
            return SEED[0], True
        return None, False

    monkeypatch.setattr(NewCaseDialog, "ask", ask)
    assert window.new_case() is None
    assert calls[1] == (SEED[0], ["There is already a case with reference SM-2026-0001."])
    assert window.case_list_page is not None
    assert window.case_list_page.model.total == 3
