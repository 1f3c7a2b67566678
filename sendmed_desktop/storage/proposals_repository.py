"""Queries for the agenda, the proposals made on it and the draft agreement they feed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sendmed_desktop.domain.vocabulary import AgreementStatus, ProposalStatus, Role
from sendmed_desktop.storage.models import (
    AgreedAction,
    Agreement,
    CaseParticipant,
    MediationIssue,
    Person,
    Proposal,
)


@dataclass(frozen=True)
class ProposalRow:
    """A proposal with who made it and the issue it is about."""

    proposal: Proposal
    proposer_name: str | None
    proposer_role: Role | None
    issue_heading: str | None


@dataclass(frozen=True)
class IssueRow:
    """An agenda issue with how many proposals it has, by status."""

    issue: MediationIssue
    counts: dict[ProposalStatus, int]


@dataclass(frozen=True)
class ActionRow:
    """An agreed action with the version and status of the agreement it is in."""

    action: AgreedAction
    agreement_version: int
    agreement_status: AgreementStatus
    issue_heading: str | None


class ProposalsRepository:
    """Read and write proposals, and the draft actions they become, through one session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # The people and issues a proposal refers to.

    def participant_case_id(self, participant_id: int) -> int | None:
        """Return the case a participant belongs to, or None if there is no such participant."""
        query = sa.select(CaseParticipant.case_id).where(CaseParticipant.id == participant_id)
        return self._session.execute(query).scalar_one_or_none()

    def issue_case_id(self, issue_id: int) -> int | None:
        """Return the case an issue belongs to, or None if there is no such issue."""
        query = sa.select(MediationIssue.case_id).where(MediationIssue.id == issue_id)
        return self._session.execute(query).scalar_one_or_none()

    def agenda(self, case_id: int) -> list[IssueRow]:
        """Return a case's issues in agenda order, with their proposals counted by status."""
        issues = self._session.execute(
            sa.select(MediationIssue)
            .where(MediationIssue.case_id == case_id)
            .order_by(MediationIssue.position, MediationIssue.id)
        ).scalars()
        counted = self._session.execute(
            sa.select(Proposal.issue_id, Proposal.status, sa.func.count())
            .where(Proposal.case_id == case_id)
            .group_by(Proposal.issue_id, Proposal.status)
        )
        counts: dict[int | None, dict[ProposalStatus, int]] = {}
        for issue_id, status, count in counted:
            counts.setdefault(issue_id, {})[status] = count
        return [IssueRow(issue, counts.get(issue.id, {})) for issue in issues]

    # Proposals.

    def add(
        self,
        case_id: int,
        issue_id: int,
        proposed_by_id: int,
        counter_to_id: int | None,
        text: str,
    ) -> Proposal:
        """Store a new, open proposal."""
        proposal = Proposal(
            case_id=case_id,
            issue_id=issue_id,
            proposed_by_id=proposed_by_id,
            counter_to_id=counter_to_id,
            text=text,
            status=ProposalStatus.OPEN,
        )
        self._session.add(proposal)
        self._session.flush()
        return proposal

    def get(self, proposal_id: int) -> Proposal | None:
        """Return one proposal."""
        return self._session.get(Proposal, proposal_id)

    def rows(
        self, case_id: int, issue_id: int | None = None, proposal_id: int | None = None
    ) -> list[ProposalRow]:
        """Return a case's proposals (or one issue's, or one), oldest first, attributed."""
        query = (
            sa.select(Proposal, Person.full_name, CaseParticipant.role, MediationIssue.heading)
            .outerjoin(CaseParticipant, CaseParticipant.id == Proposal.proposed_by_id)
            .outerjoin(Person, Person.id == CaseParticipant.person_id)
            .outerjoin(MediationIssue, MediationIssue.id == Proposal.issue_id)
            .where(Proposal.case_id == case_id)
            .order_by(Proposal.created_at, Proposal.id)
        )
        if issue_id is not None:
            query = query.where(Proposal.issue_id == issue_id)
        if proposal_id is not None:
            query = query.where(Proposal.id == proposal_id)
        return [ProposalRow(*row) for row in self._session.execute(query)]

    def counter_links(self, case_id: int) -> dict[int, int | None]:
        """Return, for every proposal in a case, the proposal it answers (if any)."""
        query = sa.select(Proposal.id, Proposal.counter_to_id).where(Proposal.case_id == case_id)
        return {row.id: row.counter_to_id for row in self._session.execute(query)}

    def set_status(
        self, proposal: Proposal, status: ProposalStatus, decided_on: date | None
    ) -> None:
        """Record a proposal's new status and the day it was decided."""
        proposal.status = status
        proposal.decided_on = decided_on
        self._session.flush()

    def set_text(self, proposal: Proposal, text: str) -> None:
        """Change a proposal's wording."""
        proposal.text = text
        self._session.flush()

    # Agreements and their actions.

    def agreements(self, case_id: int) -> Sequence[Agreement]:
        """Return a case's agreement versions, newest first."""
        query = (
            sa.select(Agreement)
            .where(Agreement.case_id == case_id)
            .order_by(Agreement.version.desc())
        )
        return self._session.execute(query).scalars().all()

    def add_agreement(self, case_id: int, version: int) -> Agreement:
        """Start a draft agreement."""
        agreement = Agreement(case_id=case_id, version=version, status=AgreementStatus.DRAFT)
        self._session.add(agreement)
        self._session.flush()
        return agreement

    def actions_from_proposal(self, proposal_id: int) -> list[ActionRow]:
        """Return every action made from a proposal, in any version of the agreement."""
        return self._action_rows(AgreedAction.proposal_id == proposal_id)

    def draft_actions(self, agreement_id: int) -> list[ActionRow]:
        """Return the actions of one agreement in order."""
        return self._action_rows(AgreedAction.agreement_id == agreement_id)

    def _action_rows(self, *conditions: sa.ColumnElement[bool]) -> list[ActionRow]:
        query = (
            sa.select(AgreedAction, Agreement.version, Agreement.status, MediationIssue.heading)
            .join(Agreement, Agreement.id == AgreedAction.agreement_id)
            .outerjoin(MediationIssue, MediationIssue.id == AgreedAction.issue_id)
            .where(*conditions)
            .order_by(Agreement.version, AgreedAction.position, AgreedAction.id)
        )
        return [ActionRow(*row) for row in self._session.execute(query)]

    def add_action_at_end(
        self, agreement_id: int, issue_id: int | None, proposal_id: int, action: str
    ) -> AgreedAction:
        """Append an action, owner and deadline still to be filled in, to an agreement."""
        last = self._session.execute(
            sa.select(sa.func.max(AgreedAction.position)).where(
                AgreedAction.agreement_id == agreement_id
            )
        ).scalar_one_or_none()
        added = AgreedAction(
            agreement_id=agreement_id,
            position=0 if last is None else last + 1,
            issue_id=issue_id,
            proposal_id=proposal_id,
            action=action,
        )
        self._session.add(added)
        self._session.flush()
        return added

    def remove_action(self, action: AgreedAction) -> None:
        """Delete one action."""
        self._session.delete(action)
        self._session.flush()
