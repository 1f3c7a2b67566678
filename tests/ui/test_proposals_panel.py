"""The proposals panel: proposals and counters, attributed; accepting feeds the agreement."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.vocabulary import AgreementStatus, ProposalStatus, Role
from sendmed_desktop.services.intake import IntakeService, ParticipantView
from sendmed_desktop.services.proposals import ProposalService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.models import Agreement
from sendmed_desktop.ui.dialogs.proposal_dialog import ProposalDialog, ProposalEntry
from sendmed_desktop.ui.widgets.proposals_panel import (
    ADDED_TO_DRAFT,
    NO_ISSUES,
    ProposalColumn,
    ProposalsPanel,
)
from tests.ui.conftest import when_modal
from tests.ui.test_accessibility import clashing_access_keys, unlabelled
from tests.ui.test_notes_panel import case_id

pytestmark = pytest.mark.gui

OFFER = "The LA will fund six sessions of occupational therapy this term."
COUNTER = "Twelve sessions this term, delivered at school."


class Answers:
    """Stand-in for the dialog: hands back the next prepared entry."""

    def __init__(self) -> None:
        self.entries: list[ProposalEntry] = []
        self.asked: list[dict[str, object]] = []

    def __call__(
        self, _parent: object, _people: object, **kwargs: object
    ) -> tuple[ProposalEntry | None, bool]:
        self.asked.append(kwargs)
        return self.entries.pop(0), True


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[Answers]:
    fake = Answers()
    monkeypatch.setattr(ProposalDialog, "ask", fake)
    yield fake
    assert not fake.entries, "a prepared answer was not used"


@pytest.fixture
def people(demo: Workspace) -> dict[Role, ParticipantView]:
    found = IntakeService(demo).participants(case_id(demo, "DEMO-0002"))
    return {p.role: p for p in found}


@pytest.fixture
def make_panel(qtbot: QtBot, demo: Workspace) -> Callable[[str], ProposalsPanel]:
    def make(reference: str = "DEMO-0002") -> ProposalsPanel:
        panel = ProposalsPanel(demo, case_id(demo, reference))
        qtbot.addWidget(panel)
        panel.resize(1200, 700)
        panel.show()
        return panel

    return make


def rows(panel: ProposalsPanel) -> list[tuple[int, str, str, str]]:
    """Return (depth, text, by, status) for every proposal shown, in tree order."""
    found = []

    def walk(item: object, depth: int) -> None:
        assert hasattr(item, "child")
        found.append(
            (
                depth,
                item.text(ProposalColumn.TEXT),  # type: ignore[attr-defined]
                item.text(ProposalColumn.BY),  # type: ignore[attr-defined]
                item.text(ProposalColumn.STATUS),  # type: ignore[attr-defined]
            )
        )
        for index in range(item.childCount()):  # type: ignore[attr-defined]
            walk(item.child(index), depth + 1)

    for index in range(panel.tree.topLevelItemCount()):
        walk(panel.tree.topLevelItem(index), 0)
    return found


def test_add_counter_accept_and_reject(
    make_panel: Callable[[str], ProposalsPanel],
    demo: Workspace,
    answers: Answers,
    people: dict[Role, ParticipantView],
    qtbot: QtBot,
) -> None:
    panel = make_panel("DEMO-0002")
    parent, officer = people[Role.PARENT_CARER], people[Role.LA_OFFICER]
    panel.agenda_list.setCurrentRow(1)  # "Occupational therapy in Section F"
    assert panel.empty_label.isVisible()
    assert panel.actions_list.count() == 0

    answers.entries.append(ProposalEntry(officer.id, OFFER))
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert answers.asked[0]["issue_heading"] == "Occupational therapy in Section F"
    assert rows(panel) == [
        (0, OFFER, "Priya Natarajan (Local authority officer)", "○ Open"),
    ]
    assert "1 open" in panel.agenda_list.currentItem().text()

    answers.entries.append(ProposalEntry(parent.id, COUNTER))
    qtbot.mouseClick(panel.counter_button, Qt.MouseButton.LeftButton)
    # The counter is suggested for another party, and says what it answers.
    assert answers.asked[1]["proposer_id"] == parent.id
    assert OFFER in str(answers.asked[1]["answering"])
    assert rows(panel) == [
        (0, OFFER, "Priya Natarajan (Local authority officer)", "○ Open"),
        (1, COUNTER, "Daniel Hughes (Parent or carer)", "○ Open"),
    ]
    counter = panel.selected_proposal()
    assert counter is not None
    assert counter.text == COUNTER

    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    assert panel.notice.isVisible()
    assert panel.notice.text() == ADDED_TO_DRAFT
    assert rows(panel)[1][3].startswith("✓ Accepted, ")
    assert [panel.actions_list.item(i).text() for i in range(panel.actions_list.count())] == [
        f"1. {COUNTER} — Occupational therapy in Section F"
    ]
    assert [a.action for a in ProposalService(demo).draft_actions(counter.case_id)] == [COUNTER]
    assert not panel.accept_button.isEnabled()
    assert panel.reopen_button.isEnabled()

    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
    assert rows(panel)[0][3].startswith("✗ Rejected, ")
    assert panel.selected_proposal() is not None
    assert panel.selected_proposal().status is ProposalStatus.REJECTED  # type: ignore[union-attr]
    assert unlabelled(panel) == []
    assert clashing_access_keys(panel) == []


def test_reopening_takes_the_action_out_and_a_signed_agreement_refuses(
    make_panel: Callable[[str], ProposalsPanel],
    demo: Workspace,
    answers: Answers,
    people: dict[Role, ParticipantView],
    qtbot: QtBot,
) -> None:
    panel = make_panel("DEMO-0002")
    answers.entries.append(ProposalEntry(people[Role.ICB_OFFICER].id, OFFER))
    added = panel.add_proposal()
    assert added is not None
    panel.decide(ProposalStatus.ACCEPTED)
    assert panel.actions_list.count() == 1
    panel.decide(ProposalStatus.OPEN)
    assert panel.actions_list.count() == 0
    assert rows(panel)[0][3] == "○ Open"

    panel.decide(ProposalStatus.ACCEPTED)
    with demo.transaction() as session:
        session.execute(
            sa.update(Agreement)
            .where(Agreement.case_id == added.case_id)
            .values(status=AgreementStatus.SIGNED)
        )
    assert not panel.problems.isVisible()
    qtbot.mouseClick(panel.reopen_button, Qt.MouseButton.LeftButton)
    assert panel.problems.isVisible()
    assert "has been signed" in panel.problems.text()
    assert rows(panel)[0][3].startswith("✓ Accepted")  # unchanged


def test_a_case_without_issues_says_so(
    make_panel: Callable[[str], ProposalsPanel], demo: Workspace
) -> None:
    with demo.transaction() as session:
        session.execute(sa.text("DELETE FROM issue_sections"))
        session.execute(sa.text("DELETE FROM mediation_issues"))
    panel = make_panel("DEMO-0003")
    assert panel.agenda_list.count() == 0
    assert panel.empty_label.text() == NO_ISSUES
    assert not panel.add_button.isEnabled()


def test_the_dialog_returns_what_was_entered(
    qtbot: QtBot, people: dict[Role, ParticipantView]
) -> None:
    everyone = list(people.values())
    dialog = ProposalDialog(everyone, issue_heading="Physiotherapy in Section G")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.isVisible()  # problems listed, not closed
    assert dialog.problems.problems() == [
        "Choose who made the proposal.",
        "Write down what was proposed.",
    ]
    assert unlabelled(dialog) == []
    assert clashing_access_keys(dialog) == []
    dialog.close()

    def fill(shown: ProposalDialog) -> None:
        shown.proposer_combo.setCurrentIndex(
            shown.proposer_combo.findData(people[Role.PARENT_CARER].id)
        )
        qtbot.keyClicks(shown.text_edit, f"  {COUNTER}  ")
        shown.accept()

    seen = when_modal(ProposalDialog, fill)
    entry, accepted = ProposalDialog.ask(
        None, everyone, issue_heading="Physiotherapy in Section G", answering="“x” — y"
    )
    assert seen
    assert accepted
    assert entry == ProposalEntry(people[Role.PARENT_CARER].id, COUNTER)
