"""Proposals: attribution, counter-proposal chains, and draft actions for the agreement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
import sqlalchemy as sa

from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.domain.vocabulary import AgreementStatus, ProposalStatus, Role
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.proposals import ProposalService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.models import (
    AgreedAction,
    Agreement,
    AuditEntry,
    CaseParticipant,
    MediationIssue,
    Person,
)

DAY = date(2026, 3, 4)
PROPOSAL = "Carry out an EHC needs assessment for Alfie"


@dataclass(frozen=True)
class Case:
    id: int
    parent_id: int
    officer_id: int
    placement_issue_id: int
    provision_issue_id: int


def _case(workspace: Workspace, reference: str = "SM-2026-0001") -> Case:
    summary = CaseService(workspace).create(
        NewCase(reference, "Alfie Brook", "Testshire", "Jane Brook")
    )
    with workspace.transaction() as session:
        parent_id = session.execute(
            sa.select(CaseParticipant.id).where(
                CaseParticipant.case_id == summary.id, CaseParticipant.role == Role.PARENT_CARER
            )
        ).scalar_one()
        officer = CaseParticipant(
            case_id=summary.id, person=Person(full_name="Sam Patel"), role=Role.LA_OFFICER
        )
        placement = MediationIssue(case_id=summary.id, position=1, heading="School named")
        provision = MediationIssue(case_id=summary.id, position=0, heading="Speech therapy")
        session.add_all([officer, placement, provision])
        session.flush()
        return Case(summary.id, parent_id, officer.id, placement.id, provision.id)


@pytest.fixture
def service(workspace: Workspace) -> ProposalService:
    return ProposalService(workspace)


@pytest.fixture
def case(workspace: Workspace) -> Case:
    return _case(workspace)


def _agreements(workspace: Workspace, case_id: int) -> list[tuple[int, AgreementStatus, int]]:
    """Return each agreement version's number, status and count of actions."""
    with workspace.transaction() as session:
        rows = session.execute(
            sa.select(Agreement.version, Agreement.status, sa.func.count(AgreedAction.id))
            .outerjoin(AgreedAction, AgreedAction.agreement_id == Agreement.id)
            .where(Agreement.case_id == case_id)
            .group_by(Agreement.id)
            .order_by(Agreement.version)
        )
        return [(row[0], row[1], row[2]) for row in rows]


def _set_agreement_status(workspace: Workspace, case_id: int, status: AgreementStatus) -> None:
    with workspace.transaction() as session:
        session.execute(
            sa.update(Agreement).where(Agreement.case_id == case_id).values(status=status)
        )


def test_proposals_are_attributed(service: ProposalService, case: Case) -> None:
    made = service.add_proposal(case.id, case.provision_issue_id, case.parent_id, f"  {PROPOSAL} ")
    assert made.text == PROPOSAL
    assert made.status is ProposalStatus.OPEN
    assert made.decided_on is None
    assert (made.proposer_name, made.proposer_role) == ("Jane Brook", Role.PARENT_CARER)
    assert made.attribution == "Jane Brook (Parent or carer)"
    assert made.issue_heading == "Speech therapy"
    answer = service.add_proposal(case.id, case.provision_issue_id, case.officer_id, "Fund a block")
    assert answer.attribution == "Sam Patel (Local authority officer)"
    assert service.proposals(case.id) == [made, answer]


def test_counter_proposal_chain(service: ProposalService, case: Case) -> None:
    issue = case.provision_issue_id
    first = service.add_proposal(case.id, issue, case.parent_id, "Weekly therapy all year")
    second = service.add_proposal(case.id, issue, case.officer_id, "A 6-week block", first.id)
    third = service.add_proposal(case.id, issue, case.parent_id, "Two 6-week blocks", second.id)
    elsewhere = service.add_proposal(case.id, case.placement_issue_id, case.parent_id, "Oak Hill")

    by_id = {p.id: p for p in service.proposals(case.id)}
    assert by_id[third.id].counter_chain == (first.id, second.id)
    assert by_id[second.id].counter_chain == (first.id,)
    assert by_id[first.id].counter_chain == ()
    assert by_id[first.id].countered_by == (second.id,)
    assert by_id[second.id].countered_by == (third.id,)
    assert by_id[third.id].counter_to_id == second.id
    assert [p.id for p in service.proposals(case.id, issue)] == [first.id, second.id, third.id]
    assert [p.id for p in service.proposals(case.id, case.placement_issue_id)] == [elsewhere.id]


def test_what_cannot_be_proposed(
    workspace: Workspace, service: ProposalService, case: Case
) -> None:
    other = _case(workspace, "SM-2026-0002")
    on_placement = service.add_proposal(case.id, case.placement_issue_id, case.parent_id, "Oak")
    elsewhere = service.add_proposal(other.id, other.placement_issue_id, other.parent_id, "Elm")
    cases = [
        (other.placement_issue_id, case.parent_id, "x", None, "issue from this case's agenda"),
        (case.placement_issue_id, other.parent_id, "x", None, "who made the proposal"),
        (case.placement_issue_id, case.parent_id, "  ", None, "Write down what was proposed"),
        (case.provision_issue_id, case.officer_id, "x", on_placement.id, "about the same issue"),
        (case.placement_issue_id, case.officer_id, "x", elsewhere.id, "not part of this case"),
    ]
    for issue_id, proposer_id, text, counter_to, message in cases:
        with pytest.raises(ValidationError, match=message):
            service.add_proposal(case.id, issue_id, proposer_id, text, counter_to)
    assert [p.id for p in service.proposals(case.id)] == [on_placement.id]


def test_accepting_makes_a_draft_action_at_the_end(
    workspace: Workspace, service: ProposalService, case: Case
) -> None:
    first = service.add_proposal(case.id, case.provision_issue_id, case.parent_id, PROPOSAL)
    second = service.add_proposal(case.id, case.placement_issue_id, case.officer_id, "Name Oak")
    assert service.draft_actions(case.id) == []

    accepted = service.set_status(first.id, ProposalStatus.ACCEPTED, decided_on=DAY)
    service.set_status(second.id, ProposalStatus.ACCEPTED, decided_on=DAY)
    service.set_status(second.id, ProposalStatus.ACCEPTED)  # again: no second copy

    assert (accepted.status, accepted.decided_on) == (ProposalStatus.ACCEPTED, DAY)
    actions = service.draft_actions(case.id)
    assert [(a.proposal_id, a.action, a.issue_id) for a in actions] == [
        (first.id, PROPOSAL, case.provision_issue_id),
        (second.id, "Name Oak", case.placement_issue_id),
    ]
    assert actions[0].position < actions[1].position
    assert {(a.owner_name, a.owner_role, a.owner_organisation, a.measure) for a in actions} == {
        ("", "", "", "")
    }
    assert actions[0].due_on is None
    assert actions[0].agreement_version == 1
    assert actions[0].issue_heading == "Speech therapy"
    assert _agreements(workspace, case.id) == [(1, AgreementStatus.DRAFT, 2)]


def test_un_accepting_removes_the_draft_action(
    workspace: Workspace, service: ProposalService, case: Case
) -> None:
    kept = service.add_proposal(case.id, case.provision_issue_id, case.parent_id, "Kept")
    changed = service.add_proposal(case.id, case.provision_issue_id, case.officer_id, PROPOSAL)
    service.set_status(kept.id, ProposalStatus.ACCEPTED)
    service.set_status(changed.id, ProposalStatus.ACCEPTED)

    withdrawn = service.set_status(changed.id, ProposalStatus.WITHDRAWN, decided_on=DAY)
    assert (withdrawn.status, withdrawn.decided_on) == (ProposalStatus.WITHDRAWN, DAY)
    assert [a.proposal_id for a in service.draft_actions(case.id)] == [kept.id]
    reopened = service.set_status(kept.id, ProposalStatus.OPEN)
    assert reopened.decided_on is None
    assert service.draft_actions(case.id) == []
    assert _agreements(workspace, case.id) == [(1, AgreementStatus.DRAFT, 0)]
    # Accepting again reuses the same draft rather than starting another version.
    service.set_status(kept.id, ProposalStatus.ACCEPTED)
    assert _agreements(workspace, case.id) == [(1, AgreementStatus.DRAFT, 1)]


def test_a_signed_agreement_is_never_touched(
    workspace: Workspace, service: ProposalService, case: Case
) -> None:
    signed_in = service.add_proposal(case.id, case.provision_issue_id, case.parent_id, PROPOSAL)
    later = service.add_proposal(case.id, case.placement_issue_id, case.officer_id, "Name Oak")
    service.set_status(signed_in.id, ProposalStatus.ACCEPTED)
    _set_agreement_status(workspace, case.id, AgreementStatus.SIGNED)

    with pytest.raises(ValidationError, match="Version 1 of the agreement has been signed"):
        service.set_status(signed_in.id, ProposalStatus.REJECTED)
    with pytest.raises(ValidationError, match="has been signed"):
        service.update_text(signed_in.id, "Something else")
    with pytest.raises(ValidationError, match="cannot be added to it"):
        service.set_status(later.id, ProposalStatus.ACCEPTED)

    assert _agreements(workspace, case.id) == [(1, AgreementStatus.SIGNED, 1)]
    by_id = {p.id: p for p in service.proposals(case.id)}
    assert by_id[signed_in.id].status is ProposalStatus.ACCEPTED
    assert by_id[signed_in.id].text == PROPOSAL
    assert by_id[later.id].status is ProposalStatus.OPEN
    assert service.draft_actions(case.id) == []


def test_a_version_being_signed_is_refused_too(
    workspace: Workspace, service: ProposalService, case: Case
) -> None:
    proposal = service.add_proposal(case.id, case.provision_issue_id, case.parent_id, PROPOSAL)
    service.set_status(proposal.id, ProposalStatus.ACCEPTED)
    _set_agreement_status(workspace, case.id, AgreementStatus.SIGNING)
    with pytest.raises(ValidationError, match="is being signed"):
        service.set_status(proposal.id, ProposalStatus.OPEN)
    assert _agreements(workspace, case.id) == [(1, AgreementStatus.SIGNING, 1)]


def test_accepting_uses_the_newest_draft_version(
    workspace: Workspace, service: ProposalService, case: Case
) -> None:
    with workspace.transaction() as session:
        session.add_all(
            [
                Agreement(case_id=case.id, version=1, status=AgreementStatus.SUPERSEDED),
                Agreement(case_id=case.id, version=2, status=AgreementStatus.DRAFT),
            ]
        )
    proposal = service.add_proposal(case.id, case.provision_issue_id, case.parent_id, PROPOSAL)
    service.set_status(proposal.id, ProposalStatus.ACCEPTED)
    assert [a.agreement_version for a in service.draft_actions(case.id)] == [2]
    assert _agreements(workspace, case.id) == [
        (1, AgreementStatus.SUPERSEDED, 0),
        (2, AgreementStatus.DRAFT, 1),
    ]


def test_rewording_follows_an_unedited_draft_action_only(
    workspace: Workspace, service: ProposalService, case: Case
) -> None:
    followed = service.add_proposal(case.id, case.provision_issue_id, case.parent_id, PROPOSAL)
    edited = service.add_proposal(case.id, case.placement_issue_id, case.officer_id, "Name Oak")
    for proposal in (followed, edited):
        service.set_status(proposal.id, ProposalStatus.ACCEPTED)
    with workspace.transaction() as session:
        session.execute(
            sa.update(AgreedAction)
            .where(AgreedAction.proposal_id == edited.id)
            .values(action="Name Oak Hill Academy in Section I")
        )

    assert service.update_text(followed.id, "Assess by 1 May").text == "Assess by 1 May"
    service.update_text(edited.id, "Name Oak Hill")
    assert [a.action for a in service.draft_actions(case.id)] == [
        "Assess by 1 May",
        "Name Oak Hill Academy in Section I",
    ]
    with pytest.raises(ValidationError, match="Write down"):
        service.update_text(followed.id, " ")


def test_agenda_counts_proposals_in_agenda_order(service: ProposalService, case: Case) -> None:
    first = service.add_proposal(case.id, case.provision_issue_id, case.parent_id, "A")
    service.add_proposal(case.id, case.provision_issue_id, case.officer_id, "B", first.id)
    service.set_status(first.id, ProposalStatus.ACCEPTED)
    agenda = service.agenda(case.id)
    assert [issue.heading for issue in agenda] == ["Speech therapy", "School named"]
    assert [(i.open_proposals, i.accepted_proposals, i.all_proposals) for i in agenda] == [
        (1, 1, 2),
        (0, 0, 0),
    ]


def test_audit_names_records_but_not_words(
    workspace: Workspace, service: ProposalService, case: Case
) -> None:
    proposal = service.add_proposal(case.id, case.provision_issue_id, case.parent_id, PROPOSAL)
    service.set_status(proposal.id, ProposalStatus.ACCEPTED)
    service.update_text(proposal.id, "Assess Alfie by the end of term")
    service.set_status(proposal.id, ProposalStatus.REJECTED)
    with workspace.transaction() as session:
        rows = session.execute(
            sa.select(AuditEntry.action, AuditEntry.entity_type, AuditEntry.detail)
            .where(AuditEntry.entity_type != "case")
            .order_by(AuditEntry.id)
        ).all()
    assert [(r.action, r.entity_type, r.detail) for r in rows] == [
        ("create", "proposal", ""),
        ("create", "agreement", ""),
        ("create", "agreed_action", ""),
        ("update", "proposal", "status=accepted"),
        ("update", "proposal", ""),
        ("delete", "agreed_action", ""),
        ("update", "proposal", "status=rejected"),
    ]
    assert not any("Alfie" in repr(row) for row in rows)
