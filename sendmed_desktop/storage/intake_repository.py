"""Queries behind a case's intake and preparation: people, the decision, issues, contacts,
adjustments, expenses, meetings and attendees.

Rows come back as ORM objects with what they need already loaded, so the services that turn
them into plain views never set off a query of their own.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from sendmed_desktop.domain.vocabulary import IssueArea, PlanSection
from sendmed_desktop.storage.models import (
    Attendee,
    Base,
    Case,
    CaseParticipant,
    ContactLogEntry,
    DisputedDecision,
    Expense,
    IssueSection,
    MediationIssue,
    Meeting,
    ReasonableAdjustment,
    StatutoryDates,
    utc_now,
)

_HEALTH_SECTIONS = (PlanSection.C, PlanSection.G)


class IntakeRepository:
    """Read and change the rows of a case's intake through one session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # Writing -----------------------------------------------------------------------------

    def add(self, row: Base) -> None:
        """Store a new row and give it its id."""
        self._session.add(row)
        self._session.flush()

    def delete(self, row: Base) -> None:
        """Delete a row now; the database clears or removes whatever points at it."""
        self._session.delete(row)
        self._session.flush()

    def touch(self, case: Case) -> None:
        """Mark the case as changed now, so the case list shows it as recently changed."""
        case.updated_at = utc_now()
        self._session.flush()

    # Cases and people ----------------------------------------------------------------------

    def case(self, case_id: int) -> Case | None:
        """Return the case, or None if it does not exist."""
        return self._session.get(Case, case_id)

    def participants(self, case_id: int) -> list[CaseParticipant]:
        """Return everyone in the case, in the order they were added, with their details."""
        query = (
            sa.select(CaseParticipant)
            .where(CaseParticipant.case_id == case_id)
            .options(selectinload(CaseParticipant.person))
            .order_by(CaseParticipant.id)
        )
        return list(self._session.execute(query).scalars())

    def participant(self, participant_id: int) -> CaseParticipant | None:
        """Return one participant with their details, or None."""
        query = (
            sa.select(CaseParticipant)
            .where(CaseParticipant.id == participant_id)
            .options(selectinload(CaseParticipant.person))
        )
        return self._session.execute(query).scalar_one_or_none()

    def other_roles_of_person(self, person_id: int, participant_id: int) -> int:
        """Count the person's parts in cases other than ``participant_id``."""
        query = sa.select(sa.func.count()).where(
            CaseParticipant.person_id == person_id, CaseParticipant.id != participant_id
        )
        return self._session.execute(query).scalar_one()

    # The decision and the issues -----------------------------------------------------------

    def decision(self, case_id: int) -> DisputedDecision | None:
        """Return the decision under dispute, if recorded."""
        query = sa.select(DisputedDecision).where(DisputedDecision.case_id == case_id)
        return self._session.execute(query).scalar_one_or_none()

    def issues(self, case_id: int) -> list[MediationIssue]:
        """Return the case's issues in agenda order, with their plan sections."""
        query = (
            sa.select(MediationIssue)
            .where(MediationIssue.case_id == case_id)
            .options(selectinload(MediationIssue.sections))
            .order_by(MediationIssue.position, MediationIssue.id)
        )
        return list(self._session.execute(query).scalars())

    def issue(self, issue_id: int) -> MediationIssue | None:
        """Return one issue with its plan sections, or None."""
        query = (
            sa.select(MediationIssue)
            .where(MediationIssue.id == issue_id)
            .options(selectinload(MediationIssue.sections))
        )
        return self._session.execute(query).scalar_one_or_none()

    def set_sections(self, issue: MediationIssue, sections: frozenset[PlanSection]) -> None:
        """Make the issue concern exactly ``sections``."""
        kept = [row for row in issue.sections if row.section in sections]
        present = {row.section for row in kept}
        issue.sections = kept + [
            IssueSection(section=section) for section in sorted(sections - present)
        ]
        self._session.flush()

    def health_in_dispute(self, case_id: int) -> bool:
        """Tell whether any issue concerns health (its area, health provision, or C or G)."""
        by_issue = sa.select(MediationIssue.id).where(
            MediationIssue.case_id == case_id,
            sa.or_(
                MediationIssue.area == IssueArea.HEALTH,
                MediationIssue.health_provision_sought.is_not(None),
            ),
        )
        by_section = (
            sa.select(IssueSection.issue_id)
            .join(MediationIssue, MediationIssue.id == IssueSection.issue_id)
            .where(MediationIssue.case_id == case_id, IssueSection.section.in_(_HEALTH_SECTIONS))
        )
        query = sa.select(sa.or_(by_issue.exists(), by_section.exists()))
        return bool(self._session.execute(query).scalar_one())

    # Contacts, adjustments and expenses ----------------------------------------------------

    def contacts(self, case_id: int, participant_id: int | None = None) -> list[ContactLogEntry]:
        """Return the case's logged contacts, oldest first, or only those with one person."""
        query = sa.select(ContactLogEntry).where(ContactLogEntry.case_id == case_id)
        if participant_id is not None:
            query = query.where(ContactLogEntry.participant_id == participant_id)
        query = query.order_by(ContactLogEntry.occurred_at, ContactLogEntry.id)
        return list(self._session.execute(query).scalars())

    def contacted_participant_ids(self, case_id: int) -> set[int]:
        """Return the ids of the participants with at least one logged contact."""
        query = sa.select(ContactLogEntry.participant_id).where(
            ContactLogEntry.case_id == case_id, ContactLogEntry.participant_id.is_not(None)
        )
        return {pid for pid in self._session.execute(query).scalars() if pid is not None}

    def contact(self, contact_id: int) -> ContactLogEntry | None:
        """Return one logged contact, or None."""
        return self._session.get(ContactLogEntry, contact_id)

    def adjustments(self, case_id: int) -> list[ReasonableAdjustment]:
        """Return the case's reasonable adjustments in the order they were added."""
        query = (
            sa.select(ReasonableAdjustment)
            .where(ReasonableAdjustment.case_id == case_id)
            .order_by(ReasonableAdjustment.id)
        )
        return list(self._session.execute(query).scalars())

    def adjustment(self, adjustment_id: int) -> ReasonableAdjustment | None:
        """Return one reasonable adjustment, or None."""
        return self._session.get(ReasonableAdjustment, adjustment_id)

    def expenses(self, case_id: int) -> list[Expense]:
        """Return the case's expenses in the order they were added."""
        query = sa.select(Expense).where(Expense.case_id == case_id).order_by(Expense.id)
        return list(self._session.execute(query).scalars())

    def expense(self, expense_id: int) -> Expense | None:
        """Return one expense, or None."""
        return self._session.get(Expense, expense_id)

    def expenses_total(self, case_id: int) -> int:
        """Return the sum of the case's expenses, in pence."""
        query = sa.select(sa.func.coalesce(sa.func.sum(Expense.amount_pence), 0)).where(
            Expense.case_id == case_id
        )
        return int(self._session.execute(query).scalar_one())

    # Meetings and attendees ----------------------------------------------------------------

    def meetings(self, case_id: int) -> list[Meeting]:
        """Return the case's meetings, the earliest first, undated ones last."""
        query = (
            sa.select(Meeting)
            .where(Meeting.case_id == case_id)
            .order_by(
                Meeting.scheduled_start.is_(None), Meeting.scheduled_start.asc(), Meeting.id.asc()
            )
        )
        return list(self._session.execute(query).scalars())

    def meeting(self, meeting_id: int) -> Meeting | None:
        """Return one meeting, or None."""
        return self._session.get(Meeting, meeting_id)

    def first_meeting(self, case_id: int) -> Meeting | None:
        """Return the earliest meeting that is not cancelled (undated ones come last)."""
        return next((m for m in self.meetings(case_id) if not m.cancelled), None)

    def attendees(self, meeting_id: int) -> list[tuple[Attendee, CaseParticipant]]:
        """Return who is invited to the meeting, each with their participant and details."""
        query = (
            sa.select(Attendee, CaseParticipant)
            .join(CaseParticipant, CaseParticipant.id == Attendee.participant_id)
            .where(Attendee.meeting_id == meeting_id)
            .options(selectinload(CaseParticipant.person))
            .order_by(Attendee.id)
        )
        return [(attendee, participant) for attendee, participant in self._session.execute(query)]

    def attendee(self, attendee_id: int) -> Attendee | None:
        """Return one attendee, or None."""
        return self._session.get(Attendee, attendee_id)

    def attendee_for(self, meeting_id: int, participant_id: int) -> Attendee | None:
        """Return the participant's invitation to the meeting, if there is one."""
        query = sa.select(Attendee).where(
            Attendee.meeting_id == meeting_id, Attendee.participant_id == participant_id
        )
        return self._session.execute(query).scalars().first()

    def clock(self, case_id: int) -> StatutoryDates | None:
        """Return the case's statutory dates, if any are recorded."""
        return self._session.get(StatutoryDates, case_id)
