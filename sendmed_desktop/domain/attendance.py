"""Who may attend a mediation meeting, and on what terms (SEND Regulations 2014, reg 38).

The parties attend as of right: the parent or young person (or the alternative person acting
for them) and the local authority, with the ICB where health is in dispute. One supporter or
advocate of the parent's or young person's choice attends as of right too (a lawyer may be
that supporter: Kumar v LB Hillingdon [2020]). The child may attend with the parent's and the
mediator's agreement. Anyone else needs the consent of all the parties or, failing that, the
mediator's. Local authority and ICB attendees must have authority to resolve the issues.

Pure: standard library only; no Qt, no database, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sendmed_desktop.domain.parties import FAMILY_PARTY_ROLES, Finding, Severity
from sendmed_desktop.domain.vocabulary import Role

__all__ = ["AttendanceFinding", "AttendeeFacts", "attendance_findings"]

# Attendance findings are ordinary findings; the name says where they come from.
AttendanceFinding = Finding

_REG_38 = "SEND Regulations 2014, reg 38"
# The bodies whose officers must be able to settle, as the mediator names them.
_SETTLING_BODIES = {Role.LA_OFFICER: "the local authority", Role.ICB_OFFICER: "the ICB"}


@dataclass(frozen=True)
class AttendeeFacts:
    """One person invited to the meeting, as the attendance rules need them.

    ``supports_family`` is true for a supporter or advocate of the parent's or young
    person's choice (whoever they are recorded as supporting in the family). ``None`` in
    ``authority_to_settle`` or ``consent_to_attend`` means "not yet confirmed".
    """

    attendee_id: int
    name: str
    role: Role
    is_party: bool = False
    authority_to_settle: bool | None = None
    consent_to_attend: bool | None = None
    supports_family: bool = False


def attendance_findings(
    attendees: Sequence[AttendeeFacts], *, health_in_dispute: bool, la_is_party: bool = True
) -> list[Finding]:
    """Check one meeting's attendees against reg 38.

    ``la_is_party`` is false for health-only mediation, where the local authority is not a
    party and need not attend.
    """
    found: list[Finding] = []
    if not any(a.role in FAMILY_PARTY_ROLES and a.is_party for a in attendees):
        found.append(
            Finding(
                "attendance.no_family_party",
                "Neither the parent nor the young person (nor anyone acting for them) is "
                "invited to the meeting.",
                Severity.WARNING,
            )
        )
    if la_is_party and not any(a.role is Role.LA_OFFICER for a in attendees):
        found.append(
            Finding(
                "attendance.no_la",
                "No one from the local authority is attending.",
                Severity.WARNING,
            )
        )
    if health_in_dispute and not any(a.role is Role.ICB_OFFICER for a in attendees):
        found.append(
            Finding(
                "attendance.no_icb",
                "Health issues are in dispute but no ICB (formerly CCG) officer is attending.",
                Severity.WARNING,
            )
        )
    found.extend(_authority_findings(attendees))
    found.extend(_consent_findings(attendees))
    return found


def _authority_findings(attendees: Sequence[AttendeeFacts]) -> list[Finding]:
    found = []
    for role, body in _SETTLING_BODIES.items():
        officers = [a for a in attendees if a.role is role]
        able = [a for a in officers if a.authority_to_settle is True]
        for officer in officers:
            if officer.authority_to_settle is True:
                continue
            key = f"attendance.authority:{officer.attendee_id}"
            if able:
                # Someone else from the same body can settle, so the meeting can still agree.
                message = (
                    f"{officer.name} has no confirmed authority to resolve the issues, but "
                    f"{able[0].name} from {body} has."
                )
                found.append(Finding(key, message, Severity.INFORMATION))
            elif officer.authority_to_settle is None:
                message = (
                    f"{officer.name} ({body}) has no confirmed authority to resolve the issues: "
                    f"confirm it before the meeting ({_REG_38})."
                )
                found.append(Finding(key, message, Severity.WARNING))
            else:
                message = (
                    f"{officer.name} ({body}) does not have authority to resolve the issues, "
                    f"and no one else from {body} does: ask {body} to send someone who has "
                    f"({_REG_38})."
                )
                found.append(Finding(key, message, Severity.PROBLEM))
    return found


def _consent_findings(attendees: Sequence[AttendeeFacts]) -> list[Finding]:
    found = []
    as_of_right_taken = False
    for attendee in sorted(attendees, key=lambda a: a.attendee_id):
        key = f"attendance.consent:{attendee.attendee_id}"
        name = attendee.name
        if _attends_as_party(attendee):
            continue
        if attendee.consent_to_attend is False:
            message = (
                f"{name} is recorded as not having the agreement needed to attend, so should "
                "not attend."
            )
            found.append(Finding(key, message, Severity.PROBLEM))
            continue
        if _is_family_supporter(attendee):
            if not as_of_right_taken and attendee.consent_to_attend is None:
                # The first supporter not attending by consent uses the place as of right.
                as_of_right_taken = True
                continue
            if attendee.consent_to_attend is None:
                message = (
                    "A second supporter needs the consent of all parties (only one attends as "
                    f"of right): record whether the parties agree to {name} attending."
                )
                found.append(Finding(key, message, Severity.WARNING))
        elif attendee.role is Role.CHILD:
            if attendee.consent_to_attend is None:
                message = (
                    "The child may attend only with the parent's and the mediator's agreement: "
                    f"record whether both agree to {name} attending."
                )
                found.append(Finding(key, message, Severity.WARNING))
        elif attendee.consent_to_attend is None:
            message = (
                "Anyone else needs the consent of all parties, or failing that the mediator's: "
                f"record it for {name}."
            )
            found.append(Finding(key, message, Severity.WARNING))
    return found


def _attends_as_party(attendee: AttendeeFacts) -> bool:
    """Tell whether someone attends as of right for a party (the family, the LA, the ICB)."""
    if attendee.role in _SETTLING_BODIES:
        return True
    return attendee.role in FAMILY_PARTY_ROLES and attendee.is_party


def _is_family_supporter(attendee: AttendeeFacts) -> bool:
    return attendee.supports_family and attendee.role is not Role.CHILD
