"""Build the agreement's canonical content from the database, and nothing else.

What the parties sign is built only from structured fields: the case, the people and their
roles, the decision's ground, the issues' headings, sections and outcomes, the meeting,
the mediator, the actions, the distribution list, and the child's views summary that the
child's-views service releases with consent. Note text, issue details and the decision's
summary are never read here, so they cannot reach the agreement (domain.md §1, §4).
"""

from __future__ import annotations

from datetime import datetime

from sendmed_desktop.domain.agreement import (
    ActionLine,
    AgreementContent,
    AttendeeLine,
    IssueLine,
)
from sendmed_desktop.domain.parties import FAMILY_PARTY_ROLES
from sendmed_desktop.domain.vocabulary import Ground, PlanSection, Role
from sendmed_desktop.services.agreement_views import timing_of
from sendmed_desktop.storage.agreement_repository import AgreementRepository
from sendmed_desktop.storage.clock_repository import ENGLAND
from sendmed_desktop.storage.models import (
    Agreement,
    Case,
    CaseParticipant,
    MediationIssue,
    Meeting,
)

MEDIATOR_FALLBACK = "The mediator"
ICB_FALLBACK = "ICB (formerly CCG)"
# Only these attendees must have authority to settle (reg 38); for anyone else it is moot.
_SETTLING_ROLES = frozenset({Role.LA_OFFICER, Role.ICB_OFFICER})
_SECTION_ORDER = {section: index for index, section in enumerate(PlanSection)}


def distribution_lines(stored: str) -> tuple[str, ...]:
    """Return the stored distribution list as one recipient a line, blanks dropped."""
    return tuple(line.strip() for line in stored.splitlines() if line.strip())


def issue_numbers(issues: list[MediationIssue]) -> dict[int, int]:
    """Return each issue's number on the agenda (1, 2, ...) by issue id."""
    return {issue.id: number for number, issue in enumerate(issues, start=1)}


def _clock_time(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(ENGLAND).strftime("%H:%M")


def _role_text(participant: CaseParticipant) -> str:
    title = (participant.person.job_title or "").strip()
    return f"{participant.role.label}, {title}" if title else participant.role.label


def _organisation(participant: CaseParticipant, case: Case) -> str:
    organisation = (participant.person.organisation or "").strip()
    if not organisation and participant.role is Role.LA_OFFICER:
        return case.local_authority
    return organisation


def _attendees(
    repository: AgreementRepository, meeting: Meeting | None, case: Case
) -> tuple[AttendeeLine, ...]:
    if meeting is None:
        return ()
    return tuple(
        AttendeeLine(
            name=participant.person.full_name,
            role=_role_text(participant),
            organisation=_organisation(participant, case),
            authority_to_settle=(
                attendee.authority_to_settle if participant.role in _SETTLING_ROLES else None
            ),
        )
        for attendee, participant in repository.attendees(meeting.id)
        # Someone invited who did not come is not listed as attending.
        if attendee.attended is not False
    )


def _decision_ground(repository: AgreementRepository, case_id: int) -> str:
    decision = repository.decision(case_id)
    if decision is None:
        return ""
    if decision.ground is Ground.PLAN_CONTENT and decision.plan_content_part is not None:
        return f"{decision.ground.label}, {decision.plan_content_part.label}"
    return decision.ground.label


def issue_sections(issue: MediationIssue) -> tuple[PlanSection, ...]:
    """Return an issue's plan sections in the plan's order (A, B, ... K)."""
    return tuple(sorted((row.section for row in issue.sections), key=_SECTION_ORDER.__getitem__))


def _issue_line(issue: MediationIssue, number: int) -> IssueLine:
    return IssueLine(
        number=number,
        heading=issue.heading,
        sections=tuple(section.value for section in issue_sections(issue)),
        area=issue.area.label,
        outcome=issue.outcome.label if issue.outcome else None,
    )


def _action_lines(
    repository: AgreementRepository, agreement: Agreement, numbers: dict[int, int]
) -> tuple[ActionLine, ...]:
    lines = []
    for number, action in enumerate(repository.actions(agreement.id), start=1):
        timing = timing_of(action, agreement.dated_on)
        lines.append(
            ActionLine(
                number=number,
                owner_name=action.owner_name.strip(),
                owner_role=action.owner_role.strip(),
                owner_organisation=action.owner_organisation.strip(),
                action=action.action.strip(),
                measure=action.measure.strip(),
                due_on=action.due_on,
                issue_number=numbers.get(action.issue_id) if action.issue_id else None,
                plan_section=action.plan_section.value if action.plan_section else None,
                statutory_basis=action.statutory_basis.label,
                basis_explanation=timing.explanation,
                alternative_timescale_note=(action.alternative_timescale_note or "").strip()
                or None,
            )
        )
    return tuple(lines)


def build_content(
    repository: AgreementRepository,
    case: Case,
    agreement: Agreement,
    *,
    child_views_summary: str | None,
) -> AgreementContent:
    """Return what the parties read and sign for one version.

    ``child_views_summary`` must come from the child's-views service's consent-gated
    summary (or the copy a signed version kept of it), never from the record itself.
    """
    participants = repository.participants(case.id)
    issues = repository.issues(case.id)
    numbers = issue_numbers(issues)
    meeting = repository.first_meeting(case.id)
    mediator = repository.mediator()
    provider = repository.provider(mediator.provider_id if mediator else None)
    # Once held, the times it really started and ended; until then, the times planned.
    start = (meeting.started_at or meeting.scheduled_start) if meeting else None
    end = (meeting.ended_at or meeting.scheduled_end) if meeting else None
    accreditation = ""
    if mediator is not None:
        parts = (mediator.accreditation_body, mediator.accreditation_number)
        accreditation = ", ".join(part.strip() for part in parts if part and part.strip())
    health_bodies = dict.fromkeys(
        (p.person.organisation or "").strip() or ICB_FALLBACK
        for p in participants
        if p.role is Role.ICB_OFFICER
    )
    return AgreementContent(
        case_reference=case.reference,
        version=agreement.version,
        agreement_date=agreement.dated_on,
        child_name=case.subject_name,
        local_authority=case.local_authority,
        meeting_date=start.astimezone(ENGLAND).date() if start else None,
        start_time=_clock_time(start),
        end_time=_clock_time(end),
        meeting_format=meeting.format.label if meeting else "",
        venue=(meeting.venue or "").strip() if meeting else "",
        mediator_name=(mediator.full_name.strip() if mediator else "") or MEDIATOR_FALLBACK,
        mediator_accreditation=accreditation,
        provider_name=provider.name if provider else "",
        family_parties=tuple(
            p.person.full_name for p in participants if p.is_party and p.role in FAMILY_PARTY_ROLES
        ),
        health_bodies=tuple(health_bodies),
        decision_ground=_decision_ground(repository, case.id),
        attendees=_attendees(repository, meeting, case),
        issues=tuple(_issue_line(issue, numbers[issue.id]) for issue in issues),
        actions=_action_lines(repository, agreement, numbers),
        child_views_summary=(child_views_summary or "").strip() or None,
        distribution=distribution_lines(agreement.distribution),
    )
