"""Proposals on the agenda's issues, who made them, and the draft actions they become.

An accepted proposal becomes a draft action in the case's DRAFT agreement, for the
agreement editor to make SMART (owner, measure, date). A version that is being signed,
or has been signed, is never changed from here (domain.md §4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from sendmed_desktop.domain.vocabulary import (
    AgreementStatus,
    IssueArea,
    IssueOutcome,
    ProposalStatus,
    Role,
)
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.models import Agreement, Proposal
from sendmed_desktop.storage.proposals_repository import (
    ActionRow,
    ProposalRow,
    ProposalsRepository,
)

_DECIDED = frozenset({ProposalStatus.ACCEPTED, ProposalStatus.REJECTED, ProposalStatus.WITHDRAWN})
# Signatures bind the exact content of these versions, so they are never edited.
_LOCKED = frozenset({AgreementStatus.SIGNING, AgreementStatus.SIGNED})


@dataclass(frozen=True)
class AgendaIssue:
    """One issue on the agenda, with its proposals counted."""

    id: int
    position: int
    heading: str
    area: IssueArea
    outcome: IssueOutcome | None
    open_proposals: int
    accepted_proposals: int
    all_proposals: int


@dataclass(frozen=True)
class ProposalView:
    """One proposal, attributed, with its place in a chain of counter-proposals."""

    id: int
    case_id: int
    issue_id: int | None
    issue_heading: str
    text: str
    status: ProposalStatus
    created_at: datetime
    decided_on: date | None
    proposed_by_participant_id: int | None
    proposer_name: str
    proposer_role: Role | None
    proposer_role_label: str
    counter_to_id: int | None
    # The proposals this one answers, the first proposal first (empty if it answers none).
    counter_chain: tuple[int, ...]
    # The proposals made in answer to this one, oldest first.
    countered_by: tuple[int, ...]

    @property
    def attribution(self) -> str:
        """Return who made the proposal, as shown: "Jane Brook (Parent or carer)"."""
        if not self.proposer_name:
            return "Not recorded (the person was removed from the case)"
        return f"{self.proposer_name} ({self.proposer_role_label})"


@dataclass(frozen=True)
class DraftActionView:
    """An action in the draft agreement, as made from an accepted proposal."""

    id: int
    agreement_id: int
    agreement_version: int
    position: int
    issue_id: int | None
    issue_heading: str
    proposal_id: int | None
    action: str
    owner_name: str
    owner_role: str
    owner_organisation: str
    measure: str
    due_on: date | None


def _chain(proposal_id: int, links: dict[int, int | None]) -> tuple[int, ...]:
    """Return the proposals ``proposal_id`` answers, first first, stopping at any loop."""
    chain: list[int] = []
    current = links.get(proposal_id)
    while current is not None and current not in chain and current != proposal_id:
        chain.append(current)
        current = links.get(current)
    return tuple(reversed(chain))


def _view(row: ProposalRow, links: dict[int, int | None]) -> ProposalView:
    proposal = row.proposal
    return ProposalView(
        id=proposal.id,
        case_id=proposal.case_id,
        issue_id=proposal.issue_id,
        issue_heading=row.issue_heading or "",
        text=proposal.text,
        status=proposal.status,
        created_at=proposal.created_at,
        decided_on=proposal.decided_on,
        proposed_by_participant_id=proposal.proposed_by_id,
        proposer_name=row.proposer_name or "",
        proposer_role=row.proposer_role,
        proposer_role_label=row.proposer_role.label if row.proposer_role else "",
        counter_to_id=proposal.counter_to_id,
        counter_chain=_chain(proposal.id, links),
        countered_by=tuple(sorted(i for i, answers in links.items() if answers == proposal.id)),
    )


def _action_view(row: ActionRow) -> DraftActionView:
    action = row.action
    return DraftActionView(
        id=action.id,
        agreement_id=action.agreement_id,
        agreement_version=row.agreement_version,
        position=action.position,
        issue_id=action.issue_id,
        issue_heading=row.issue_heading or "",
        proposal_id=action.proposal_id,
        action=action.action,
        owner_name=action.owner_name,
        owner_role=action.owner_role,
        owner_organisation=action.owner_organisation,
        measure=action.measure,
        due_on=action.due_on,
    )


def _today() -> date:
    return date.today()  # noqa: DTZ011 - the mediator's calendar day


class ProposalService:
    """Record proposals and counter-proposals, and feed accepted ones to the agreement."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def agenda(self, case_id: int) -> list[AgendaIssue]:
        """Return the case's issues in agenda order, with their proposals counted."""
        with self._workspace.transaction() as session:
            rows = ProposalsRepository(session).agenda(case_id)
        return [
            AgendaIssue(
                id=row.issue.id,
                position=row.issue.position,
                heading=row.issue.heading,
                area=row.issue.area,
                outcome=row.issue.outcome,
                open_proposals=row.counts.get(ProposalStatus.OPEN, 0),
                accepted_proposals=row.counts.get(ProposalStatus.ACCEPTED, 0),
                all_proposals=sum(row.counts.values()),
            )
            for row in rows
        ]

    def add_proposal(
        self,
        case_id: int,
        issue_id: int,
        proposed_by_participant_id: int,
        text: str,
        counter_to_id: int | None = None,
    ) -> ProposalView:
        """Record a proposal (or a counter-proposal to ``counter_to_id``) on one issue."""
        wording = text.strip()
        problems = [] if wording else ["Write down what was proposed."]
        with self._workspace.transaction() as session:
            repository = ProposalsRepository(session)
            if repository.issue_case_id(issue_id) != case_id:
                problems.append("Choose an issue from this case's agenda.")
            if repository.participant_case_id(proposed_by_participant_id) != case_id:
                problems.append("Choose who made the proposal from the people in this case.")
            if counter_to_id is not None:
                answered = repository.get(counter_to_id)
                if answered is None or answered.case_id != case_id:
                    problems.append("The proposal being answered is not part of this case.")
                elif answered.issue_id != issue_id:
                    problems.append(
                        "A counter-proposal must be about the same issue as the proposal "
                        "it answers."
                    )
            if problems:
                raise ValidationError("\n".join(problems))
            added = repository.add(
                case_id, issue_id, proposed_by_participant_id, counter_to_id, wording
            )
            audit.record(session, "create", "proposal", added.id)
            return self._read(repository, added)

    def proposals(self, case_id: int, issue_id: int | None = None) -> list[ProposalView]:
        """Return a case's proposals (or one issue's), oldest first, attributed."""
        with self._workspace.transaction() as session:
            repository = ProposalsRepository(session)
            links = repository.counter_links(case_id)
            return [_view(row, links) for row in repository.rows(case_id, issue_id)]

    def update_text(self, proposal_id: int, text: str) -> ProposalView:
        """Change a proposal's wording; a draft action still worded as it was follows."""
        wording = text.strip()
        if not wording:
            raise ValidationError("Write down what was proposed.")
        with self._workspace.transaction() as session:
            repository = ProposalsRepository(session)
            proposal = _existing(repository, proposal_id)
            actions = repository.actions_from_proposal(proposal_id)
            _refuse_if_locked(actions)
            for row in actions:
                # Once the agreement editor has reworded the action, it is theirs to keep.
                if row.agreement_status is AgreementStatus.DRAFT and (
                    row.action.action == proposal.text
                ):
                    row.action.action = wording
            repository.set_text(proposal, wording)
            audit.record(session, "update", "proposal", proposal_id)
            return self._read(repository, proposal)

    def set_status(
        self, proposal_id: int, status: ProposalStatus, *, decided_on: date | None = None
    ) -> ProposalView:
        """Accept, reject, withdraw or re-open a proposal.

        Accepting adds a draft action to the case's DRAFT agreement (version 1 is started
        if there is none); moving away from accepted removes that draft action again.
        A version being signed, or signed, is never touched: that is refused instead.
        """
        with self._workspace.transaction() as session:
            repository = ProposalsRepository(session)
            proposal = _existing(repository, proposal_id)
            if proposal.status is not status:
                if proposal.status is ProposalStatus.ACCEPTED:
                    _remove_draft_actions(session, repository, proposal)
                if status is ProposalStatus.ACCEPTED:
                    _add_draft_action(session, repository, proposal)
                day = (decided_on or _today()) if status in _DECIDED else None
                repository.set_status(proposal, status, day)
                audit.record(session, "update", "proposal", proposal_id, detail=f"status={status}")
            return self._read(repository, proposal)

    def draft_actions(self, case_id: int) -> list[DraftActionView]:
        """Return the actions in the case's newest DRAFT agreement, in order."""
        with self._workspace.transaction() as session:
            repository = ProposalsRepository(session)
            draft = _newest_draft(repository.agreements(case_id))
            if draft is None:
                return []
            return [_action_view(row) for row in repository.draft_actions(draft.id)]

    @staticmethod
    def _read(repository: ProposalsRepository, proposal: Proposal) -> ProposalView:
        links = repository.counter_links(proposal.case_id)
        (row,) = repository.rows(proposal.case_id, proposal_id=proposal.id)
        return _view(row, links)


def _existing(repository: ProposalsRepository, proposal_id: int) -> Proposal:
    proposal = repository.get(proposal_id)
    if proposal is None:
        raise ValidationError("This proposal no longer exists.")
    return proposal


def _newest_draft(agreements: Sequence[Agreement]) -> Agreement | None:
    """Return the newest DRAFT version, given versions newest first."""
    return next((a for a in agreements if a.status is AgreementStatus.DRAFT), None)


def _signed_state(agreement_status: AgreementStatus) -> str:
    return "is being signed" if agreement_status is AgreementStatus.SIGNING else "has been signed"


def _refuse_if_locked(actions: list[ActionRow]) -> None:
    """Refuse when a proposal is in a version that is being signed or has been signed."""
    for row in actions:
        if row.agreement_status in _LOCKED:
            raise ValidationError(
                f"Version {row.agreement_version} of the agreement "
                f"{_signed_state(row.agreement_status)} and includes this proposal, so the "
                "proposal cannot be changed. Start a new version of the agreement to change it."
            )


def _add_draft_action(
    session: Session, repository: ProposalsRepository, proposal: Proposal
) -> None:
    """Put an accepted proposal at the end of the DRAFT agreement, once."""
    agreements = repository.agreements(proposal.case_id)
    draft = _newest_draft(agreements)
    if draft is None:
        if agreements:
            newest = agreements[0]
            raise ValidationError(
                f"Version {newest.version} of the agreement {_signed_state(newest.status)}, "
                "so an accepted proposal cannot be added to it. Start a new version of the "
                "agreement first, then accept the proposal."
            )
        draft = repository.add_agreement(proposal.case_id, version=1)
        audit.record(session, "create", "agreement", draft.id)
    already = repository.actions_from_proposal(proposal.id)
    if any(row.action.agreement_id == draft.id for row in already):
        return
    added = repository.add_action_at_end(draft.id, proposal.issue_id, proposal.id, proposal.text)
    audit.record(session, "create", "agreed_action", added.id)


def _remove_draft_actions(
    session: Session, repository: ProposalsRepository, proposal: Proposal
) -> None:
    """Take a no-longer-accepted proposal out of the DRAFT agreement.

    Superseded versions are history and keep their copy; a version being signed or
    signed refuses the change.
    """
    actions = repository.actions_from_proposal(proposal.id)
    _refuse_if_locked(actions)
    for row in actions:
        if row.agreement_status is AgreementStatus.DRAFT:
            action_id = row.action.id
            repository.remove_action(row.action)
            audit.record(session, "delete", "agreed_action", action_id)
