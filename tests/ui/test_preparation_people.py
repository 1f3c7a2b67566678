"""The People tab and its dialog: who is in the case, who is the party, and what is refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.parties import ActingAuthority
from sendmed_desktop.domain.vocabulary import Role
from sendmed_desktop.services.intake import IntakeService, ParticipantEntry
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.participant_dialog import ParticipantDialog
from sendmed_desktop.ui.widgets.people_tab import PARTY_NO, PARTY_YES
from sendmed_desktop.ui.widgets.preparation_tabs import PreparationTabs
from tests.ui.conftest import when_modal
from tests.ui.test_preparation_tabs import (
    OFFICER,
    answer,
    close_messages,
    column,
    make_tabs,
    new_case,
    open_messages,
)

pytestmark = pytest.mark.gui

NAME, ROLE, PARTY, ORGANISATION, LINK = range(5)
SECOND_PARENT = ParticipantEntry(full_name="Jo Green", role=Role.PARENT_CARER, is_party=True)


@pytest.fixture
def case_id(workspace: Workspace) -> int:
    return new_case(workspace)


@pytest.fixture
def tabs(qtbot: QtBot, workspace: Workspace, case_id: int) -> PreparationTabs:
    return make_tabs(qtbot, workspace, case_id)


def _select(tabs: PreparationTabs, name: str) -> None:
    table = tabs.people_tab.table
    tabs.people_tab.table.selectRow(column(table, NAME).index(name))


def test_people_added_through_the_dialog_appear_in_the_table(
    tabs: PreparationTabs, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = tabs.people_tab
    assert column(people.table, NAME) == ["Ellis Green", "Sam Green"]
    fake = answer(monkeypatch, ParticipantDialog, SECOND_PARENT, OFFICER)
    assert people.add_person()
    assert people.add_person()
    # A case is about one child or young person: the one made with the case becomes one.
    _select(tabs, "Ellis Green")
    ellis = people.selected_person()
    assert ellis is not None
    young = replace(ellis.as_entry(), role=Role.YOUNG_PERSON, is_party=True)
    answer(monkeypatch, ParticipantDialog, young)
    assert people.edit_person()
    table = people.table
    assert column(table, NAME) == ["Ellis Green", "Sam Green", "Jo Green", "Priya Natarajan"]
    assert column(table, ROLE) == [
        "Young person",
        "Parent or carer",
        "Parent or carer",
        "Local authority officer",
    ]
    assert column(table, PARTY) == [PARTY_YES] * 4
    assert column(table, ORGANISATION)[3] == "Testshire County Council"
    # Adding offers the people already in the case (to act for or support).
    _entry, _problems, kwargs = fake.calls[1]
    assert [p.full_name for p in kwargs["participants"]] == ["Ellis Green", "Sam Green", "Jo Green"]


def test_a_refused_entry_comes_back_with_what_was_typed(
    tabs: PreparationTabs, monkeypatch: pytest.MonkeyPatch
) -> None:
    second_child = ParticipantEntry(full_name="Robin Green", role=Role.CHILD)
    fake = answer(monkeypatch, ParticipantDialog, second_child)
    assert not tabs.people_tab.add_person()
    assert len(fake.calls) == 2
    entry, problems, _kwargs = fake.calls[1]
    assert entry == second_child
    assert problems == (
        "This case is already about Ellis Green: a case is about one child or young person.",
    )
    assert column(tabs.people_tab.table, NAME) == ["Ellis Green", "Sam Green"]


def test_the_young_person_rule_shows_for_a_17_year_old_child(
    tabs: PreparationTabs, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = tabs.people_tab
    assert people.findings.lines()[0].startswith("ℹ Note: Enter Ellis Green's date of birth")
    _select(tabs, "Ellis Green")
    ellis = people.selected_person()
    assert ellis is not None
    born = date.today() - timedelta(days=int(17.5 * 365.25))
    answer(monkeypatch, ParticipantDialog, replace(ellis.as_entry(), date_of_birth=born))
    assert people.edit_person()
    lines = people.findings.lines()
    rule = [line for line in lines if "the young person, not the parent, is the party" in line]
    assert len(rule) == 1
    assert rule[0].startswith("⚠ Check: Ellis Green is 17: from ")


def test_removing_the_last_family_party_is_refused_in_words(
    tabs: PreparationTabs, qtbot: QtBot, workspace: Workspace, case_id: int
) -> None:
    people = tabs.people_tab
    _select(tabs, "Sam Green")
    asked = when_modal(
        QMessageBox,
        lambda box: next(b for b in box.buttons() if b.text() == "Remove Sam Green").click(),
    )
    assert not people.remove_person()
    assert asked
    assert "Remove Sam Green (parent or carer) from this case?" in asked[0].text()
    (refusal,) = open_messages()
    assert refusal.text() == (
        "Sam Green is the family's only party: record another parent, carer or young person "
        "as a party first."
    )
    close_messages()
    assert column(people.table, NAME) == ["Ellis Green", "Sam Green"]
    assert len(IntakeService(workspace).participants(case_id)) == 2


def test_remove_asks_first_and_keeping_changes_nothing(
    tabs: PreparationTabs, monkeypatch: pytest.MonkeyPatch, workspace: Workspace, case_id: int
) -> None:
    answer(monkeypatch, ParticipantDialog, OFFICER)
    assert tabs.people_tab.add_person()
    _select(tabs, "Priya Natarajan")
    when_modal(QMessageBox, lambda box: box.escapeButton().click())
    assert not tabs.people_tab.remove_person()
    assert "Priya Natarajan" in column(tabs.people_tab.table, NAME)
    when_modal(
        QMessageBox,
        lambda box: next(b for b in box.buttons() if b.text().startswith("Remove")).click(),
    )
    assert tabs.people_tab.remove_person()
    assert column(tabs.people_tab.table, NAME) == ["Ellis Green", "Sam Green"]


def test_the_dialog_checks_what_is_typed_and_keeps_it(
    qtbot: QtBot, workspace: Workspace, case_id: int
) -> None:
    intake = IntakeService(workspace)
    young = intake.add_participant(
        case_id, ParticipantEntry(full_name="Alex Reed", role=Role.OTHER)
    )
    dialog = ParticipantDialog(intake.participants(case_id), adding=True)
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.problems.problems() == ["Enter the person's full name."]
    assert dialog.focusWidget() is dialog.name_edit

    qtbot.keyClicks(dialog.name_edit, "Joanne Reed")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.ALTERNATIVE_PERSON.value))
    assert dialog.acting_box.isVisibleTo(dialog)
    assert not dialog.supports_box.isVisibleTo(dialog)
    assert dialog.party_check.isChecked()
    qtbot.keyClicks(dialog.dob_field.edit, "31/02/1980")
    assert dialog.dob_field.echo.text().startswith("⚠ Not a date")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    problems = dialog.problems.problems()
    assert problems[0].startswith("“31/02/1980” is not a date for the date of birth")
    assert "Choose the young person Joanne Reed acts for." in problems
    # Only young people can be acted for: Alex is not one, so is not offered.
    assert dialog.acts_for_combo.count() == 1
    assert dialog.name_edit.text() == "Joanne Reed"

    dialog.dob_field.edit.setText("03/03/1980")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.SUPPORTER.value))
    assert not dialog.party_check.isEnabled()
    assert dialog.supports_box.isVisibleTo(dialog)
    dialog.supports_combo.setCurrentIndex(dialog.supports_combo.findData(young))
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.participant() == ParticipantEntry(
        full_name="Joanne Reed",
        role=Role.SUPPORTER,
        is_party=False,
        organisation="",
        job_title="",
        email="",
        phone="",
        date_of_birth=date(1980, 3, 3),
        communication_needs="",
        supports_participant_id=young,
        relationship_to_child="",
    )


def test_the_dialog_fills_in_an_alternative_person(qtbot: QtBot) -> None:
    dialog = ParticipantDialog([], adding=False)
    qtbot.addWidget(dialog)
    entry = ParticipantEntry(
        full_name="Joanne Carter",
        role=Role.ALTERNATIVE_PERSON,
        is_party=True,
        acting_authority=ActingAuthority.DEPUTY,
        acting_basis="Deputyship order of 3 March 2025",
    )
    dialog.fill(entry)
    assert dialog.windowTitle() == "Change a person's details"
    assert dialog.authority_combo.currentText() == "Court of Protection deputy"
    shown, _problems = dialog.entry()
    assert shown.acting_authority is ActingAuthority.DEPUTY
    assert shown.acting_basis == "Deputyship order of 3 March 2025"
    assert PARTY_NO == "No"
