"""Queries behind the written agreement: its versions, actions and signatures, and the case
facts its content is built from (people, decision, issues, the meeting, the mediator).

Rows come back as ORM objects with what they need already loaded; the agreement services
turn them into plain views and content.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from sendmed_desktop.domain.vocabulary import AgreementStatus, ProposalStatus, SignatureMethod
from sendmed_desktop.storage.models import (
    AgreedAction,
    Agreement,
    Attendee,
    Case,
    CaseParticipant,
    DisputedDecision,
    MediationIssue,
    MediatorProfile,
    Meeting,
    Proposal,
    Provider,
    Signature,
    StatutoryDates,
    utc_now,
)

# What a new version copies from each action of the version it replaces.
_COPIED_ACTION_FIELDS = (
    "position",
    "issue_id",
    "proposal_id",
    "owner_name",
    "owner_role",
    "owner_organisation",
    "action",
    "measure",
    "due_on",
    "plan_section",
    "statutory_basis",
    "reg44_outcome",
    "alternative_timescale_note",
    "acknowledged_findings_json",
    "completed_on",
)


class AgreementRepository:
    """Read and change a case's agreement, and read what it says, through one session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def flush(self) -> None:
        """Send pending changes to the database (ids, constraints) without committing."""
        self._session.flush()

    def delete(self, row: AgreedAction) -> None:
        """Delete one action now."""
        self._session.delete(row)
        self._session.flush()

    # The case and what the agreement says about it -----------------------------------------

    def case(self, case_id: int) -> Case | None:
        """Return the case, or None if it does not exist."""
        return self._session.get(Case, case_id)

    def touch(self, case: Case) -> None:
        """Mark the case as changed now, so the case list shows it as recently changed."""
        case.updated_at = utc_now()
        self._session.flush()

    def participants(self, case_id: int) -> list[CaseParticipant]:
        """Return everyone in the case, in the order they were added, with their details."""
        query = (
            sa.select(CaseParticipant)
            .where(CaseParticipant.case_id == case_id)
            .options(selectinload(CaseParticipant.person))
            .order_by(CaseParticipant.id)
        )
        return list(self._session.execute(query).scalars())

    def decision(self, case_id: int) -> DisputedDecision | None:
        """Return the decision under dispute, if recorded."""
        query = sa.select(DisputedDecision).where(DisputedDecision.case_id == case_id)
        return self._session.execute(query).scalar_one_or_none()

    def issues(self, case_id: int) -> list[MediationIssue]:
        """Return the agenda in order, with each issue's plan sections."""
        query = (
            sa.select(MediationIssue)
            .where(MediationIssue.case_id == case_id)
            .options(selectinload(MediationIssue.sections))
            .order_by(MediationIssue.position, MediationIssue.id)
        )
        return list(self._session.execute(query).scalars())

    def issue(self, issue_id: int) -> MediationIssue | None:
        """Return one issue, or None."""
        return self._session.get(MediationIssue, issue_id)

    def first_meeting(self, case_id: int) -> Meeting | None:
        """Return the earliest meeting held or scheduled that is not cancelled."""
        when = sa.func.coalesce(Meeting.started_at, Meeting.scheduled_start)
        query = (
            sa.select(Meeting)
            .where(Meeting.case_id == case_id, Meeting.cancelled.is_(False))
            .order_by(when.is_(None), when, Meeting.id)
            .limit(1)
        )
        return self._session.execute(query).scalar_one_or_none()

    def attendees(self, meeting_id: int) -> list[tuple[Attendee, CaseParticipant]]:
        """Return who was invited to the meeting, in the order invited, with their details."""
        query = (
            sa.select(Attendee, CaseParticipant)
            .join(CaseParticipant, CaseParticipant.id == Attendee.participant_id)
            .where(Attendee.meeting_id == meeting_id)
            .options(selectinload(CaseParticipant.person))
            .order_by(Attendee.id)
        )
        return [(attendee, participant) for attendee, participant in self._session.execute(query)]

    def mediator(self) -> MediatorProfile | None:
        """Return the workspace's mediator profile, if one is set up."""
        query = sa.select(MediatorProfile).order_by(MediatorProfile.id).limit(1)
        return self._session.execute(query).scalar_one_or_none()

    def provider(self, provider_id: int | None) -> Provider | None:
        """Return the mediator's provider, or the workspace's first provider."""
        if provider_id is not None:
            return self._session.get(Provider, provider_id)
        query = sa.select(Provider).order_by(Provider.id).limit(1)
        return self._session.execute(query).scalar_one_or_none()

    def set_clock_agreement_date(self, case_id: int, day: date | None) -> None:
        """Keep the case's statutory dates in step with the agreement's date."""
        clock = self._session.get(StatutoryDates, case_id)
        if clock is None:
            if day is None:
                return
            clock = StatutoryDates(case_id=case_id)
            self._session.add(clock)
        clock.agreement_dated_on = day
        self._session.flush()

    # Versions --------------------------------------------------------------------------------

    def versions(self, case_id: int) -> list[Agreement]:
        """Return the case's agreement versions, newest first."""
        query = (
            sa.select(Agreement)
            .where(Agreement.case_id == case_id)
            .order_by(Agreement.version.desc())
        )
        return list(self._session.execute(query).scalars())

    def newest(self, case_id: int) -> Agreement | None:
        """Return the case's newest agreement version, or None."""
        versions = self.versions(case_id)
        return versions[0] if versions else None

    def version(self, case_id: int, version: int) -> Agreement | None:
        """Return one numbered version of the case's agreement, or None."""
        query = sa.select(Agreement).where(
            Agreement.case_id == case_id, Agreement.version == version
        )
        return self._session.execute(query).scalar_one_or_none()

    def agreement(self, agreement_id: int) -> Agreement | None:
        """Return one agreement version by id, or None."""
        return self._session.get(Agreement, agreement_id)

    def add_agreement(self, case_id: int, version: int) -> Agreement:
        """Start a draft version with no actions."""
        agreement = Agreement(case_id=case_id, version=version, status=AgreementStatus.DRAFT)
        self._session.add(agreement)
        self._session.flush()
        return agreement

    def copy_as_new_version(self, old: Agreement) -> tuple[Agreement, dict[int, AgreedAction]]:
        """Copy a version and its actions as the next, draft version.

        Returns the new version and, for each old action id, its copy. Signatures are not
        copied: they bound the old version's content.
        """
        new = Agreement(
            case_id=old.case_id,
            version=old.version + 1,
            status=AgreementStatus.DRAFT,
            dated_on=old.dated_on,
            distribution=old.distribution,
        )
        self._session.add(new)
        self._session.flush()
        copies: dict[int, AgreedAction] = {}
        for action in self.actions(old.id):
            values = {name: getattr(action, name) for name in _COPIED_ACTION_FIELDS}
            copy = AgreedAction(agreement_id=new.id, **values)
            self._session.add(copy)
            copies[action.id] = copy
        self._session.flush()
        return new, copies

    def signature_counts(self, case_id: int) -> dict[int, int]:
        """Return how many signatures each of the case's versions holds, by agreement id."""
        query = (
            sa.select(Signature.agreement_id, sa.func.count())
            .join(Agreement, Agreement.id == Signature.agreement_id)
            .where(Agreement.case_id == case_id)
            .group_by(Signature.agreement_id)
        )
        return {row[0]: row[1] for row in self._session.execute(query)}

    # Actions ---------------------------------------------------------------------------------

    def actions(self, agreement_id: int) -> list[AgreedAction]:
        """Return a version's actions in order."""
        query = (
            sa.select(AgreedAction)
            .where(AgreedAction.agreement_id == agreement_id)
            .order_by(AgreedAction.position, AgreedAction.id)
        )
        return list(self._session.execute(query).scalars())

    def action(self, action_id: int) -> AgreedAction | None:
        """Return one action, or None."""
        return self._session.get(AgreedAction, action_id)

    def add_action(self, agreement_id: int, **values: object) -> AgreedAction:
        """Append an action to a version."""
        last = self._session.execute(
            sa.select(sa.func.max(AgreedAction.position)).where(
                AgreedAction.agreement_id == agreement_id
            )
        ).scalar_one_or_none()
        action = AgreedAction(
            agreement_id=agreement_id, position=0 if last is None else last + 1, **values
        )
        self._session.add(action)
        self._session.flush()
        return action

    def accepted_proposals_without_action(self, case_id: int) -> list[Proposal]:
        """Return the case's accepted proposals that no version's action was made from."""
        made = sa.select(AgreedAction.proposal_id).where(AgreedAction.proposal_id.is_not(None))
        query = (
            sa.select(Proposal)
            .where(
                Proposal.case_id == case_id,
                Proposal.status == ProposalStatus.ACCEPTED,
                Proposal.id.not_in(made),
            )
            .order_by(Proposal.decided_on, Proposal.id)
        )
        return list(self._session.execute(query).scalars())

    # Signatures ------------------------------------------------------------------------------

    def signatures(self, agreement_id: int) -> list[Signature]:
        """Return a version's signatures in the order they were given."""
        query = (
            sa.select(Signature)
            .where(Signature.agreement_id == agreement_id)
            .order_by(Signature.signed_at, Signature.id)
        )
        return list(self._session.execute(query).scalars())

    def add_signature(
        self,
        agreement_id: int,
        *,
        participant_id: int | None,
        signer_name: str,
        signer_role: str,
        method: SignatureMethod,
        strokes_json: str | None,
        typed_statement: str | None,
        attested_by: str | None,
        content_sha256: str,
        signed_at: datetime,
    ) -> Signature:
        """Store one signature of a version."""
        signature = Signature(
            agreement_id=agreement_id,
            participant_id=participant_id,
            signer_name=signer_name,
            signer_role=signer_role,
            method=method,
            strokes_json=strokes_json,
            typed_statement=typed_statement,
            attested_by=attested_by,
            content_sha256=content_sha256,
            signed_at=signed_at,
        )
        self._session.add(signature)
        self._session.flush()
        return signature
