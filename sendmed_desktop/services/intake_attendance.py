"""Who is invited to a meeting, with their authority to settle and consent to attend (reg 38)."""

from __future__ import annotations

from dataclasses import dataclass

from sendmed_desktop.domain import attendance
from sendmed_desktop.domain.attendance import AttendeeFacts
from sendmed_desktop.domain.parties import FAMILY_PARTY_ROLES, Finding, Severity
from sendmed_desktop.domain.vocabulary import Role
from sendmed_desktop.services.intake_base import IntakeBase, case_of, found, refuse
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.intake_repository import IntakeRepository
from sendmed_desktop.storage.models import Attendee, CaseParticipant

# Only these attendees speak for a body that must be able to settle (reg 38).
_SETTLING_ROLES = frozenset({Role.LA_OFFICER, Role.ICB_OFFICER})


@dataclass(frozen=True)
class AttendeeView:
    """One person invited to a meeting, with what has been confirmed about them."""

    id: int
    meeting_id: int
    participant_id: int
    full_name: str
    role: Role
    organisation: str | None
    is_party: bool
    authority_to_settle: bool | None
    consent_to_attend: bool | None
    joins_remotely: bool
    attended: bool | None


class AttendanceIntake(IntakeBase):
    """Invite people to a meeting and record their authority and consent."""

    def invite(self, meeting_id: int, participant_id: int) -> int:
        """Invite someone in the case to the meeting; return the attendee id."""
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            meeting = found(repository.meeting(meeting_id), "This meeting")
            participant = repository.participant(participant_id)
            if participant is None or participant.case_id != meeting.case_id:
                refuse("Choose someone in this case to invite.")
            if meeting.cancelled:
                refuse("This meeting is cancelled: reinstate it before inviting anyone.")
            if repository.attendee_for(meeting_id, participant_id) is not None:
                refuse(f"{participant.person.full_name} is already invited to this meeting.")
            row = Attendee(
                meeting_id=meeting_id, participant_id=participant_id, joins_remotely=False
            )
            repository.add(row)
            repository.touch(case_of(repository, meeting.case_id))
            audit.record(session, "invite", "attendee", row.id, detail=f"meeting {meeting_id}")
            return row.id

    def uninvite(self, attendee_id: int) -> None:
        """Withdraw someone's invitation to a meeting."""
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            row = found(repository.attendee(attendee_id), "This invitation")
            meeting_id = row.meeting_id
            meeting = found(repository.meeting(meeting_id), "This meeting")
            repository.delete(row)
            repository.touch(case_of(repository, meeting.case_id))
            audit.record(
                session, "uninvite", "attendee", attendee_id, detail=f"meeting {meeting_id}"
            )

    def set_attendance(
        self,
        attendee_id: int,
        *,
        authority_to_settle: bool | None,
        consent_to_attend: bool | None,
        joins_remotely: bool,
    ) -> None:
        """Record an attendee's authority to settle, consent to attend and remote joining.

        ``None`` means "not yet confirmed". Authority to settle is recorded only for local
        authority and ICB officers, the attendees who must have it.
        """
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            row = found(repository.attendee(attendee_id), "This invitation")
            participant = found(repository.participant(row.participant_id), "This person")
            if authority_to_settle is not None and participant.role not in _SETTLING_ROLES:
                refuse(
                    "Authority to resolve the issues is recorded only for local authority and "
                    f"ICB officers, and {participant.person.full_name} is not one."
                )
            row.authority_to_settle = authority_to_settle
            row.consent_to_attend = consent_to_attend
            row.joins_remotely = joins_remotely
            repository.touch(case_of(repository, participant.case_id))
            audit.record(
                session, "update", "attendee", attendee_id, detail=f"meeting {row.meeting_id}"
            )

    def attendees(self, meeting_id: int) -> list[AttendeeView]:
        """Return who is invited to the meeting, in the order they were invited."""
        with self._workspace.transaction() as session:
            return [
                _attendee_view(attendee, participant)
                for attendee, participant in IntakeRepository(session).attendees(meeting_id)
            ]

    def attendance_findings(self, case_id: int, meeting_id: int | None = None) -> list[Finding]:
        """Check who is invited against reg 38: by default to the case's first meeting."""
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            case = case_of(repository, case_id)
            if meeting_id is None:
                meeting = repository.first_meeting(case_id)
            else:
                meeting = found(repository.meeting(meeting_id), "This meeting")
                if meeting.case_id != case_id:
                    refuse("This meeting belongs to another case.")
            if meeting is None:
                message = "No meeting is scheduled yet, so no one is invited."
                return [Finding("attendance.no_meeting", message, Severity.INFORMATION)]
            family_parties = {
                p.id
                for p in repository.participants(case_id)
                if p.is_party and p.role in FAMILY_PARTY_ROLES
            }
            facts = [
                _facts(attendee, participant, family_parties)
                for attendee, participant in repository.attendees(meeting.id)
            ]
            health = repository.health_in_dispute(case_id)
            la_is_party = not case.health_only
        return attendance.attendance_findings(
            facts, health_in_dispute=health, la_is_party=la_is_party
        )


def _facts(
    attendee: Attendee, participant: CaseParticipant, family_parties: set[int]
) -> AttendeeFacts:
    return AttendeeFacts(
        attendee_id=attendee.id,
        name=participant.person.full_name,
        role=participant.role,
        is_party=participant.is_party,
        authority_to_settle=attendee.authority_to_settle,
        consent_to_attend=attendee.consent_to_attend,
        supports_family=participant.supports_id in family_parties,
    )


def _attendee_view(attendee: Attendee, participant: CaseParticipant) -> AttendeeView:
    return AttendeeView(
        id=attendee.id,
        meeting_id=attendee.meeting_id,
        participant_id=participant.id,
        full_name=participant.person.full_name,
        role=participant.role,
        organisation=participant.person.organisation,
        is_party=participant.is_party,
        authority_to_settle=attendee.authority_to_settle,
        consent_to_attend=attendee.consent_to_attend,
        joins_remotely=attendee.joins_remotely,
        attended=attendee.attended,
    )
