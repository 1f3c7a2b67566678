"""The decision under dispute and the issues on the agenda, with their EHC plan sections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sendmed_desktop.domain.vocabulary import (
    Ground,
    IssueArea,
    IssueOutcome,
    PlanContentPart,
    PlanSection,
)
from sendmed_desktop.domain.working_days import format_date
from sendmed_desktop.services.intake_base import (
    IntakeBase,
    case_of,
    cleaned,
    found,
    refuse_if,
    today,
    too_long,
)
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.intake_repository import IntakeRepository
from sendmed_desktop.storage.models import DisputedDecision, MediationIssue

_SECTION_I_ONLY = frozenset({PlanSection.I})
_SCHOOL_PARTS = frozenset({PlanContentPart.SCHOOL_NAMED_I, PlanContentPart.NO_SCHOOL_NAMED})


@dataclass(frozen=True)
class DecisionEntry:
    """The local authority's decision under s.51(2) that the mediation is about."""

    ground: Ground
    plan_content_part: PlanContentPart | None = None
    notice_date: date | None = None
    sent_on: date | None = None
    summary: str = ""

    def problems(self, on: date) -> list[str]:
        """Return what is wrong with the entry, in the mediator's words."""
        problems = []
        if self.ground is Ground.PLAN_CONTENT and self.plan_content_part is None:
            problems.append(
                "Choose which part of the plan is disputed: Section B, Section F, the school "
                "named in Section I, or that no school is named."
            )
        if self.ground is not Ground.PLAN_CONTENT and self.plan_content_part is not None:
            problems.append(
                "A part of the plan is chosen only when the content of the plan is disputed "
                "(s.51(2)(c)): clear it, or choose that ground."
            )
        if self.notice_date is not None and self.notice_date > on:
            problems.append("The date on the decision notice is in the future.")
        if self.sent_on is not None and self.sent_on > on:
            problems.append("The date the decision notice was sent is in the future.")
        if self.notice_date and self.sent_on and self.sent_on < self.notice_date:
            problems.append(
                f"The notice is recorded as sent on {format_date(self.sent_on)}, before the date "
                f"on it ({format_date(self.notice_date)}): check both dates."
            )
        return problems


@dataclass(frozen=True)
class IssueEntry:
    """One issue for the agenda, as the mediator enters it."""

    heading: str
    detail: str = ""
    area: IssueArea = IssueArea.EDUCATION
    sections: frozenset[PlanSection] = field(default_factory=frozenset)
    health_provision_sought: str | None = None

    def problems(self) -> list[str]:
        """Return what is wrong with the entry, in the mediator's words."""
        problems = []
        if not self.heading.strip():
            problems.append("Enter a heading for the issue.")
        problems += too_long(self.heading, 300, "The heading")
        return problems


@dataclass(frozen=True)
class IssueView:
    """One issue on the agenda, in its place."""

    id: int
    position: int
    heading: str
    detail: str
    area: IssueArea
    sections: frozenset[PlanSection]
    health_provision_sought: str | None
    outcome: IssueOutcome | None

    def as_entry(self) -> IssueEntry:
        """Return the entry that would store this issue as it is (to edit a field)."""
        return IssueEntry(
            heading=self.heading,
            detail=self.detail,
            area=self.area,
            sections=self.sections,
            health_provision_sought=self.health_provision_sought,
        )


def certificate_needed(
    disputed: Sequence[frozenset[PlanSection]], decision: DecisionEntry | None
) -> bool:
    """Tell whether a mediation certificate is needed to appeal (CFA 2014, s.55).

    It is not needed only when every disputed item is about Section I alone (the school or
    type of school named, or that none is named). An item with no sections recorded might
    be about anything, so it counts as needing a certificate. With no issues recorded yet,
    the decision's part of the plan decides.
    """
    if disputed:
        return not all(sections == _SECTION_I_ONLY for sections in disputed)
    if decision is not None and decision.ground is Ground.PLAN_CONTENT:
        return decision.plan_content_part not in _SCHOOL_PARTS
    return True


class IssueIntake(IntakeBase):
    """Record the decision under dispute and keep the agenda of issues."""

    def set_decision(self, case_id: int, entry: DecisionEntry) -> None:
        """Check and store the decision under dispute, replacing any recorded before."""
        refuse_if(entry.problems(today()))
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            case = case_of(repository, case_id)
            row = repository.decision(case_id)
            if row is None:
                row = DisputedDecision(case_id=case_id, ground=entry.ground)
                repository.add(row)
            row.ground = entry.ground
            row.plan_content_part = entry.plan_content_part
            row.notice_date = entry.notice_date
            row.notice_sent_on = entry.sent_on
            row.summary = entry.summary.strip()
            repository.touch(case)
            audit.record(session, "set", "disputed_decision", row.id, detail=f"case {case_id}")

    def decision(self, case_id: int) -> DecisionEntry | None:
        """Return the decision under dispute, or None if not yet recorded."""
        with self._workspace.transaction() as session:
            row = IntakeRepository(session).decision(case_id)
            return None if row is None else _decision_entry(row)

    def issues(self, case_id: int) -> list[IssueView]:
        """Return the agenda of issues in order."""
        with self._workspace.transaction() as session:
            return [_issue_view(row) for row in IntakeRepository(session).issues(case_id)]

    def add_issue(self, case_id: int, entry: IssueEntry) -> int:
        """Check and add an issue at the end of the agenda; return its id."""
        refuse_if(entry.problems())
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            case = case_of(repository, case_id)
            position = len(repository.issues(case_id))
            row = MediationIssue(case_id=case_id, position=position, heading="")
            _store_issue(entry, row)
            repository.add(row)
            repository.set_sections(row, entry.sections)
            repository.touch(case)
            audit.record(session, "add", "mediation_issue", row.id, detail=f"case {case_id}")
            return row.id

    def update_issue(self, issue_id: int, entry: IssueEntry) -> None:
        """Check and store changes to one issue."""
        refuse_if(entry.problems())
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            row = found(repository.issue(issue_id), "This issue")
            _store_issue(entry, row)
            repository.set_sections(row, entry.sections)
            repository.touch(case_of(repository, row.case_id))
            audit.record(
                session, "update", "mediation_issue", issue_id, detail=f"case {row.case_id}"
            )

    def remove_issue(self, issue_id: int) -> None:
        """Remove one issue and close the gap it leaves in the agenda."""
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            row = found(repository.issue(issue_id), "This issue")
            case_id = row.case_id
            repository.delete(row)
            _renumber([issue for issue in repository.issues(case_id) if issue.id != issue_id])
            repository.touch(case_of(repository, case_id))
            audit.record(session, "remove", "mediation_issue", issue_id, detail=f"case {case_id}")

    def move_issue(self, issue_id: int, new_position: int) -> None:
        """Move one issue to ``new_position`` (0 is first); a position past the end means last."""
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            row = found(repository.issue(issue_id), "This issue")
            agenda = [issue for issue in repository.issues(row.case_id) if issue.id != issue_id]
            agenda.insert(max(0, min(new_position, len(agenda))), row)
            _renumber(agenda)
            repository.touch(case_of(repository, row.case_id))
            audit.record(
                session,
                "move",
                "mediation_issue",
                issue_id,
                detail=f"case {row.case_id}; position {row.position}",
            )

    def certificate_needed_to_appeal(self, case_id: int) -> bool:
        """Tell whether the family needs a mediation certificate to appeal (s.55)."""
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            disputed = [
                frozenset(s.section for s in row.sections) for row in repository.issues(case_id)
            ]
            decision = repository.decision(case_id)
            entry = None if decision is None else _decision_entry(decision)
        return certificate_needed(disputed, entry)


def _decision_entry(row: DisputedDecision) -> DecisionEntry:
    return DecisionEntry(
        ground=row.ground,
        plan_content_part=row.plan_content_part,
        notice_date=row.notice_date,
        sent_on=row.notice_sent_on,
        summary=row.summary,
    )


def _issue_view(row: MediationIssue) -> IssueView:
    return IssueView(
        id=row.id,
        position=row.position,
        heading=row.heading,
        detail=row.detail,
        area=row.area,
        sections=frozenset(s.section for s in row.sections),
        health_provision_sought=row.health_provision_sought,
        outcome=row.outcome,
    )


def _store_issue(entry: IssueEntry, row: MediationIssue) -> None:
    row.heading = entry.heading.strip()
    row.detail = entry.detail.strip()
    row.area = entry.area
    row.health_provision_sought = cleaned(entry.health_provision_sought)


def _renumber(agenda: list[MediationIssue]) -> None:
    """Number the issues 0, 1, 2… in the order given, so positions never leave gaps."""
    for position, issue in enumerate(agenda):
        issue.position = position
