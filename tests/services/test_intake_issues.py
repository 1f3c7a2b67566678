"""The decision under dispute and the agenda of issues, in a real encrypted workspace."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
import sqlalchemy as sa

from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.domain.vocabulary import Ground, IssueArea, PlanContentPart, PlanSection
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.intake import DecisionEntry, IntakeService, IssueEntry
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.models import AuditEntry

B, F, I = PlanSection.B, PlanSection.F, PlanSection.I  # noqa: E741 - the sections' names


@pytest.fixture
def intake(workspace: Workspace) -> IntakeService:
    return IntakeService(workspace)


@pytest.fixture
def case_id(workspace: Workspace) -> int:
    new = NewCase("SM-2026-0002", "Ellis Green", "Testshire", "Sam Green")
    return CaseService(workspace).create(new).id


def test_the_decision_round_trips_and_is_replaced(intake: IntakeService, case_id: int) -> None:
    assert intake.decision(case_id) is None
    first = DecisionEntry(
        Ground.PLAN_CONTENT,
        PlanContentPart.PROVISION_F,
        notice_date=date(2026, 3, 2),
        sent_on=date(2026, 3, 3),
        summary="Final plan issued",
    )
    intake.set_decision(case_id, first)
    assert intake.decision(case_id) == first
    second = DecisionEntry(Ground.REFUSE_ASSESSMENT, sent_on=date(2026, 3, 10), summary=" ")
    intake.set_decision(case_id, second)
    assert intake.decision(case_id) == replace(second, summary="")


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (DecisionEntry(Ground.PLAN_CONTENT), "Choose which part of the plan is disputed"),
        (
            DecisionEntry(Ground.CEASE_PLAN, PlanContentPart.NEEDS_B),
            "A part of the plan is chosen only when the content of the plan is disputed",
        ),
        (
            DecisionEntry(Ground.CEASE_PLAN, sent_on=date(2999, 1, 1)),
            "The date the decision notice was sent is in the future.",
        ),
        (
            DecisionEntry(
                Ground.CEASE_PLAN, notice_date=date(2026, 3, 5), sent_on=date(2026, 3, 4)
            ),
            "The notice is recorded as sent on Wednesday 4 March 2026, before the date on it",
        ),
    ],
)
def test_bad_decisions_are_refused(
    intake: IntakeService, case_id: int, entry: DecisionEntry, problem: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        intake.set_decision(case_id, entry)
    assert str(caught.value).startswith(problem)
    assert intake.decision(case_id) is None


def _add(intake: IntakeService, case_id: int, heading: str, *sections: PlanSection) -> int:
    return intake.add_issue(case_id, IssueEntry(heading, sections=frozenset(sections)))


def test_issues_round_trip(intake: IntakeService, case_id: int) -> None:
    entry = IssueEntry(
        heading=" Speech and language therapy ",
        detail="Weekly sessions",
        area=IssueArea.HEALTH,
        sections=frozenset({PlanSection.F, PlanSection.G}),
        health_provision_sought="SLT from the NHS trust",
    )
    issue_id = intake.add_issue(case_id, entry)
    (view,) = intake.issues(case_id)
    assert (view.id, view.position, view.outcome) == (issue_id, 0, None)
    assert view.as_entry() == replace(entry, heading="Speech and language therapy")
    intake.update_issue(issue_id, replace(entry, sections=frozenset({PlanSection.B})))
    (view,) = intake.issues(case_id)
    assert view.sections == frozenset({PlanSection.B})


def test_an_issue_needs_a_heading(intake: IntakeService, case_id: int) -> None:
    with pytest.raises(ValidationError, match="Enter a heading for the issue"):
        intake.add_issue(case_id, IssueEntry("  "))
    with pytest.raises(ValidationError, match="keep it to 300 characters"):
        intake.add_issue(case_id, IssueEntry("x" * 301))
    assert intake.issues(case_id) == []


def test_issues_are_reordered_and_gaps_closed(intake: IntakeService, case_id: int) -> None:
    first, second, third = (_add(intake, case_id, h) for h in ("One", "Two", "Three"))

    def agenda() -> list[tuple[int, str]]:
        return [(view.position, view.heading) for view in intake.issues(case_id)]

    intake.move_issue(third, 0)
    assert agenda() == [(0, "Three"), (1, "One"), (2, "Two")]
    intake.move_issue(third, 99)  # past the end: last
    assert agenda() == [(0, "One"), (1, "Two"), (2, "Three")]
    intake.move_issue(first, -5)  # before the start: first
    assert agenda() == [(0, "One"), (1, "Two"), (2, "Three")]
    intake.remove_issue(second)
    assert agenda() == [(0, "One"), (1, "Three")]


def test_certificate_needed_unless_every_item_is_section_i_only(
    intake: IntakeService, case_id: int
) -> None:
    # Nothing recorded yet: assume a certificate is needed.
    assert intake.certificate_needed_to_appeal(case_id) is True
    # The decision alone: the school named.
    intake.set_decision(case_id, DecisionEntry(Ground.PLAN_CONTENT, PlanContentPart.SCHOOL_NAMED_I))
    assert intake.certificate_needed_to_appeal(case_id) is False
    # Issues, once recorded, decide.
    _add(intake, case_id, "School named", I)
    assert intake.certificate_needed_to_appeal(case_id) is False
    _add(intake, case_id, "Type of school", I)
    assert intake.certificate_needed_to_appeal(case_id) is False
    provision = _add(intake, case_id, "Provision too", I, F)
    assert intake.certificate_needed_to_appeal(case_id) is True
    intake.remove_issue(provision)
    assert intake.certificate_needed_to_appeal(case_id) is False
    # An item with no sections recorded might be about anything.
    _add(intake, case_id, "Not yet sorted")
    assert intake.certificate_needed_to_appeal(case_id) is True


def test_issue_writes_are_audited_by_id(
    intake: IntakeService, case_id: int, workspace: Workspace
) -> None:
    issue_id = _add(intake, case_id, "Secret heading about Ellis", B)
    intake.move_issue(issue_id, 0)
    intake.set_decision(case_id, DecisionEntry(Ground.REFUSE_ASSESSMENT, summary="Ellis's needs"))
    with workspace.transaction() as session:
        entries = session.execute(sa.select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
        trail = [(e.action, e.entity_type, e.entity_id, e.detail) for e in entries][-3:]
    assert trail[0] == ("add", "mediation_issue", issue_id, f"case {case_id}")
    assert trail[1] == ("move", "mediation_issue", issue_id, f"case {case_id}; position 0")
    assert trail[2][:2] == ("set", "disputed_decision")
    assert "Ellis" not in repr(trail)
    assert "Secret" not in repr(trail)
