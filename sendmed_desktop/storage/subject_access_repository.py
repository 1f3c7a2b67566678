"""Queries behind a subject-access export: find a person, then everything held in their cases.

The same human is stored once per case (each case makes its own ``Person``), so a person is
found by name, email or case reference and the caller chooses which entries are theirs.
Rows come back as ORM objects with what they need already loaded; sealed PDFs are left
unloaded, because the export lists documents and does not copy them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, defer, selectinload

from sendmed_desktop.storage.models import (
    Agreement,
    Attendee,
    AuditEntry,
    Case,
    CaseParticipant,
    Certificate,
    ChildViewsRecord,
    ContactLogEntry,
    Expense,
    Feedback,
    MediationIssue,
    MediatorProfile,
    Meeting,
    Person,
    Proposal,
    Provider,
    ReasonableAdjustment,
    ViewNote,
)

# The audit trail's name for a person's part in a case (services.intake_people).
PARTICIPANT_ENTITY = "case_participant"

_T = TypeVar("_T")


@dataclass(frozen=True)
class CaseRows:
    """Everything stored in one case that an export may draw on, loaded in one go."""

    case: Case
    participants: list[CaseParticipant]
    meetings: list[Meeting]
    attendees: list[Attendee]
    contacts: list[ContactLogEntry]
    adjustments: list[ReasonableAdjustment]
    expenses: list[Expense]
    feedback: list[Feedback]
    notes: list[ViewNote]
    child_views: ChildViewsRecord | None
    proposals: list[Proposal]
    agreements: list[Agreement]
    certificates: list[Certificate]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SubjectAccessRepository:
    """Read, never write, what a subject-access export needs through one session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def find_people(self, search: str, limit: int = 200) -> list[CaseParticipant]:
        """Return people's entries whose name, email or case reference holds every word."""
        query = (
            sa.select(CaseParticipant)
            .join(Person, Person.id == CaseParticipant.person_id)
            .join(Case, Case.id == CaseParticipant.case_id)
            .options(selectinload(CaseParticipant.person), selectinload(CaseParticipant.case))
        )
        for word in search.split():
            pattern = f"%{_escape_like(word)}%"
            query = query.where(
                sa.or_(
                    Person.full_name.ilike(pattern, "\\"),
                    Person.email.ilike(pattern, "\\"),
                    Case.reference.ilike(pattern, "\\"),
                )
            )
        query = query.order_by(Person.full_name, Case.reference, CaseParticipant.id).limit(limit)
        return list(self._session.execute(query).scalars())

    def entries_of(self, participant_ids: Collection[int]) -> list[CaseParticipant]:
        """Return the chosen entries and every other part the same stored people have."""
        people = sa.select(CaseParticipant.person_id).where(
            CaseParticipant.id.in_(list(participant_ids))
        )
        query = (
            sa.select(CaseParticipant)
            .where(CaseParticipant.person_id.in_(people))
            .options(selectinload(CaseParticipant.person))
            .order_by(CaseParticipant.case_id, CaseParticipant.id)
        )
        return list(self._session.execute(query).scalars())

    def case_rows(self, case_id: int) -> CaseRows | None:
        """Return one case and everything recorded in it, or None if it has gone."""
        case = self._session.execute(
            sa.select(Case)
            .where(Case.id == case_id)
            .options(
                selectinload(Case.decision),
                selectinload(Case.clock),
                selectinload(Case.issues).selectinload(MediationIssue.sections),
            )
        ).scalar_one_or_none()
        if case is None:
            return None
        meetings = self._rows(
            sa.select(Meeting)
            .where(Meeting.case_id == case_id)
            .order_by(Meeting.scheduled_start, Meeting.id)
        )
        meeting_ids = [meeting.id for meeting in meetings]
        agreements = self._session.execute(
            sa.select(Agreement)
            .where(Agreement.case_id == case_id)
            .options(
                defer(Agreement.sealed_pdf),
                defer(Agreement.signed_content_json),
                selectinload(Agreement.actions),
                selectinload(Agreement.signatures),
            )
            .order_by(Agreement.version)
        ).scalars()
        certificates = self._session.execute(
            sa.select(Certificate)
            .where(Certificate.case_id == case_id)
            .options(defer(Certificate.sealed_pdf))
            .order_by(Certificate.issued_on, Certificate.id)
        ).scalars()
        return CaseRows(
            case=case,
            participants=self._rows(
                sa.select(CaseParticipant)
                .where(CaseParticipant.case_id == case_id)
                .options(selectinload(CaseParticipant.person))
                .order_by(CaseParticipant.id)
            ),
            meetings=meetings,
            attendees=self._rows(
                sa.select(Attendee)
                .where(Attendee.meeting_id.in_(meeting_ids))
                .order_by(Attendee.id)
            ),
            contacts=self._rows(
                sa.select(ContactLogEntry)
                .where(ContactLogEntry.case_id == case_id)
                .order_by(ContactLogEntry.occurred_at, ContactLogEntry.id)
            ),
            adjustments=self._rows(
                sa.select(ReasonableAdjustment)
                .where(ReasonableAdjustment.case_id == case_id)
                .order_by(ReasonableAdjustment.id)
            ),
            expenses=self._rows(
                sa.select(Expense).where(Expense.case_id == case_id).order_by(Expense.id)
            ),
            feedback=self._rows(
                sa.select(Feedback).where(Feedback.case_id == case_id).order_by(Feedback.id)
            ),
            # Deleted notes too: they are still held until retention purges them.
            notes=self._rows(
                sa.select(ViewNote)
                .where(ViewNote.case_id == case_id)
                .order_by(ViewNote.recorded_at, ViewNote.id)
            ),
            child_views=self._session.execute(
                sa.select(ChildViewsRecord).where(ChildViewsRecord.case_id == case_id)
            ).scalar_one_or_none(),
            proposals=self._rows(
                sa.select(Proposal).where(Proposal.case_id == case_id).order_by(Proposal.id)
            ),
            agreements=list(agreements),
            certificates=list(certificates),
        )

    def history(self, participant_ids: Collection[int]) -> list[AuditEntry]:
        """Return the audit entries about these entries (added, changed, removed)."""
        query = (
            sa.select(AuditEntry)
            .where(
                AuditEntry.entity_type == PARTICIPANT_ENTITY,
                AuditEntry.entity_id.in_(list(participant_ids)),
            )
            .order_by(AuditEntry.id)
        )
        return list(self._session.execute(query).scalars())

    def controller(self) -> tuple[MediatorProfile | None, Provider | None]:
        """Return the workspace's mediator profile and their provider, where set up."""
        mediator = self._session.execute(
            sa.select(MediatorProfile).order_by(MediatorProfile.id).limit(1)
        ).scalar_one_or_none()
        provider = None
        if mediator is not None and mediator.provider_id is not None:
            provider = self._session.get(Provider, mediator.provider_id)
        if provider is None:
            provider = self._session.execute(
                sa.select(Provider).order_by(Provider.id).limit(1)
            ).scalar_one_or_none()
        return mediator, provider

    def _rows(self, query: sa.Select[_T]) -> list[_T]:
        return list(self._session.execute(query).scalars())
