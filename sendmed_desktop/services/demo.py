"""Realistic, fictional demo cases for the demo workspace, training and tests.

Every name, place and organisation here is invented (the data is in ``demo_data``).
Dates are set relative to the day the demo is made, so the statutory timeline always has
something due. DEMO-0001 is a finished mediation: its agreement is made SMART, signed by
the parent and the local authority officer, and marked signed, through the same service
the agreement pages use, and its certificate after mediation is issued on time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from sendmed_desktop.domain.timescales import ActionOutcome
from sendmed_desktop.domain.vocabulary import (
    CaseStatus,
    CertificateKind,
    ChildViewsMethod,
    FamilyDecision,
    IssueOutcome,
    MeetingFormat,
    PlanSection,
    ProposalStatus,
    Role,
    SignatureMethod,
    Stage,
    StatutoryBasis,
)
from sendmed_desktop.services.agreements import ActionEntry, AgreementService, SignatureEntry
from sendmed_desktop.services.certificates import CertificateService, IssueRequest
from sendmed_desktop.services.demo_data import (
    DEMO_CASES,
    DEMO_MEDIATOR,
    NORTHSHIRE,
    DemoCase,
)
from sendmed_desktop.services.intake import IntakeService
from sendmed_desktop.services.timeline import timeline_settings
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.models import (
    Attendee,
    Case,
    CaseParticipant,
    ChildViewsRecord,
    DisputedDecision,
    IssueSection,
    MediationIssue,
    MediatorProfile,
    Meeting,
    Person,
    Proposal,
    Provider,
    StatutoryDates,
    ViewNote,
)
from sendmed_desktop.storage.repositories import CaseRepository

__all__ = ["DEMO_CASES", "DEMO_MEDIATOR", "SIGNED_DEMO_REFERENCE", "seed_demo"]

# The demo case whose written agreement is signed.
SIGNED_DEMO_REFERENCE = "DEMO-0001"
# Public on purpose: the demo holds only invented cases, and whoever locks it (Ctrl+L, or
# the idle lock) must be able to get back in. The unlock page says it.
DEMO_PASSPHRASE = "demo passphrase"  # noqa: S105 - published with the fictional demo
# A short, made-up signature: two strokes across the pad, (x, y, milliseconds).
_DEMO_STROKES = (
    ((0.08, 0.62, 0), (0.16, 0.35, 60), (0.24, 0.66, 120), (0.33, 0.38, 180), (0.41, 0.6, 240)),
    ((0.48, 0.55, 420), (0.62, 0.52, 480), (0.78, 0.5, 540), (0.9, 0.47, 600)),
)


def seed_demo(workspace: Workspace, today: date | None = None) -> int:
    """Add the demo cases that are not there yet; return how many were added."""
    today = today or date.today()  # noqa: DTZ011 - demo dates are calendar dates
    added: dict[str, int] = {}
    with workspace.transaction() as session:
        _ensure_provider(session)
        repository = CaseRepository(session)
        for demo in DEMO_CASES:
            if repository.id_for_reference(demo.reference) is not None:
                continue
            case = _build_case(session, demo, today)
            audit.record(session, "create", "case", case.id, detail="demo")
            added[demo.reference] = case.id
    # Only a case added just now: an agreement someone has since worked on is left alone.
    if SIGNED_DEMO_REFERENCE in added:
        _sign_demo_agreement(workspace, added[SIGNED_DEMO_REFERENCE], today)
        _issue_demo_certificate(workspace, added[SIGNED_DEMO_REFERENCE], today)
    return len(added)


def _ensure_provider(session: Session) -> None:
    if session.query(Provider).count():
        return
    provider = Provider(name="Eastwick Mediation Services (demo)", reference_prefix="EMS")
    session.add(provider)
    session.flush()
    session.add(
        MediatorProfile(
            provider_id=provider.id,
            full_name=DEMO_MEDIATOR,
            accreditation_body="College of Mediators / Civil Mediation Council SEND register",
            accreditation_number="SEND-DEMO-0420",
        )
    )


def _weekday_on_or_before(day: date, today: date) -> date:
    """Move a demo meeting off a weekend (forward if it is still to come, else back)."""
    step = timedelta(days=1 if day > today else -1)
    while day.weekday() >= 5:
        day += step
    return day


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _build_case(session: Session, demo: DemoCase, today: date) -> Case:
    subject = next(p for p in demo.people if p.role in {Role.CHILD, Role.YOUNG_PERSON})
    case = Case(
        reference=demo.reference,
        status=demo.status,
        current_stage=demo.stage,
        local_authority=demo.authority,
        health_only=demo.health_only,
        subject_name=subject.name,
    )
    participants: dict[Role, CaseParticipant] = {}
    for person in demo.people:
        participant = CaseParticipant(
            person=Person(
                full_name=person.name,
                date_of_birth=person.born,
                organisation=person.organisation,
                job_title=person.job_title,
            ),
            role=person.role,
            is_party=person.party,
            acting_basis=person.acting_basis,
        )
        case.participants.append(participant)
        participants.setdefault(person.role, participant)
    sent = today - timedelta(days=demo.decision_sent_days_ago)
    case.decision = DisputedDecision(
        ground=demo.ground,
        plan_content_part=demo.content_part,
        notice_date=sent - timedelta(days=1),
        notice_sent_on=sent,
    )
    for position, item in enumerate(demo.issues):
        case.issues.append(
            MediationIssue(
                position=position,
                heading=item.heading,
                area=item.area,
                health_provision_sought=item.health_sought,
                outcome=item.outcome,
                sections=[IssueSection(section=s) for s in item.sections],
            )
        )
    informed = sent + timedelta(days=4)
    meeting_day = None
    if demo.meeting_in_days is not None:
        meeting_day = _weekday_on_or_before(today + timedelta(demo.meeting_in_days), today)
    concluded = meeting_day if meeting_day and meeting_day < today else None
    case.clock = StatutoryDates(
        adviser_contacted_on=sent + timedelta(days=2),
        family_decision=demo.decision,
        family_decision_on=sent + timedelta(days=3),
        adviser_told_of_decision_on=sent + timedelta(days=3),
        la_informed_on=None if demo.decision is FamilyDecision.DECLINE else informed,
        icb_notified_on=informed + timedelta(days=1) if Role.ICB_OFFICER in participants else None,
        notice_given_on=meeting_day - timedelta(days=9) if meeting_day else None,
        meeting_held_on=concluded,
        meeting_concluded_on=concluded,
    )
    if demo.status is CaseStatus.CLOSED:
        case.closed_at = _at(today - timedelta(days=14), 16)
    session.add(case)
    session.flush()
    if meeting_day is not None:
        _add_meeting(session, case, demo, meeting_day, participants)
    _add_records(session, case, demo, participants, today)
    return case


def _add_meeting(
    session: Session,
    case: Case,
    demo: DemoCase,
    day: date,
    participants: dict[Role, CaseParticipant],
) -> None:
    meeting = Meeting(
        case_id=case.id,
        format=demo.meeting_format,
        venue=demo.venue,
        video_link="https://video.example.invalid/room/demo"
        if demo.meeting_format is MeetingFormat.VIDEO
        else None,
        scheduled_start=_at(day, 10),
        scheduled_end=_at(day, 13),
    )
    # A case in or past its meeting has a meeting that really started (and ended).
    if demo.status is CaseStatus.IN_MEETING:
        # Under way: started an hour and a quarter ago, whenever the demo is made.
        meeting.started_at = min(_at(day, 10), datetime.now(UTC) - timedelta(minutes=75))
    elif demo.status in {CaseStatus.AFTER_MEETING, CaseStatus.CLOSED}:
        meeting.started_at, meeting.ended_at = _at(day, 10), _at(day, 13)
    session.add(meeting)
    session.flush()
    authority = {p.role: p.authority for p in demo.people}
    for role, participant in participants.items():
        session.add(
            Attendee(
                meeting_id=meeting.id,
                participant_id=participant.id,
                authority_to_settle=authority.get(role),
                consent_to_attend=True,
                joins_remotely=demo.meeting_format is not MeetingFormat.IN_PERSON,
            )
        )


def _add_records(
    session: Session,
    case: Case,
    demo: DemoCase,
    participants: dict[Role, CaseParticipant],
    today: date,
) -> None:
    speaker = participants.get(Role.PARENT_CARER) or participants.get(Role.YOUNG_PERSON)
    for level, text in demo.notes:
        session.add(
            ViewNote(
                case_id=case.id,
                participant_id=speaker.id if speaker else None,
                stage=Stage.EXPLORATION,
                confidentiality=level,
                text=text,
            )
        )
    child = participants.get(Role.CHILD)
    if child is not None and demo.status in {CaseStatus.CLOSED, CaseStatus.AFTER_MEETING}:
        session.add(
            ChildViewsRecord(
                case_id=case.id,
                child_participant_id=child.id,
                method=ChildViewsMethod.DRAWING,
                sought_on=today - timedelta(days=30),
                sought_by=DEMO_MEDIATOR,
                consent_given=True,
                may_share="A summary of what the drawing shows",
                share_with="Everyone at the meeting",
                views_text="Likes the quiet room at school; finds the dinner hall too loud.",
            )
        )
    if demo.proposal and case.issues and speaker is not None:
        session.add(
            Proposal(
                case_id=case.id,
                issue_id=case.issues[0].id,
                proposed_by_id=speaker.id,
                text=demo.proposal,
                status=ProposalStatus.ACCEPTED,
                decided_on=today - timedelta(days=21),
            )
        )


def _sign_demo_agreement(workspace: Workspace, case_id: int, today: date) -> None:
    """Make DEMO-0001's agreement SMART, have it signed, and mark it signed."""
    intake = IntakeService(workspace)
    (meeting,) = intake.meetings(case_id)
    meeting_day = meeting.day or today
    service = AgreementService(
        workspace,
        today=lambda: today,
        now=lambda: datetime.combine(meeting_day, time(12, 40), tzinfo=UTC),
    )
    draft = service.editable(case_id)
    service.set_agreement_date(case_id, meeting_day)
    # The accepted proposal became a draft action; the mediator makes it SMART.
    (from_proposal,) = draft.actions
    service.update_action(
        from_proposal.id,
        ActionEntry(
            owner_name="Graham Whitfield",
            owner_role="SEN casework manager",
            owner_organisation=NORTHSHIRE,
            action=(
                "Amend Section F of Tobi's EHC plan to specify weekly 45-minute speech and "
                "language therapy sessions delivered by a qualified speech and language therapist"
            ),
            measure="Sarah Okafor receives the amended EHC plan with the new Section F wording",
            statutory_basis=StatutoryBasis.APPEALABLE,
            reg44_outcome=ActionOutcome.AMEND_PLAN,
            issue_id=from_proposal.issue_id,
            plan_section=PlanSection.F,
        ),
    )
    for issue in draft.issues:
        service.set_issue_outcome(issue.id, IssueOutcome.AGREED)
    service.set_distribution(
        case_id,
        [
            "Sarah Okafor",
            f"Graham Whitfield, SEN casework manager, {NORTHSHIRE}",
            "Nadia Perrin, Northshire SENDIASS",
        ],
    )
    service.start_review(case_id)
    people = {p.full_name: p.id for p in intake.participants(case_id)}
    service.sign(
        case_id,
        SignatureEntry(
            participant_id=people["Sarah Okafor"],
            signer_name="Sarah Okafor",
            signer_role="Parent",
            method=SignatureMethod.TYPED,
            typed_statement="I agree. Sarah Okafor",
        ),
    )
    service.sign(
        case_id,
        SignatureEntry(
            participant_id=people["Graham Whitfield"],
            signer_name="Graham Whitfield",
            signer_role="SEN casework manager",
            method=SignatureMethod.DRAWN,
            strokes=_DEMO_STROKES,
        ),
    )
    service.mark_signed(case_id)


def _issue_demo_certificate(workspace: Workspace, case_id: int, today: date) -> None:
    """Issue DEMO-0001's certificate after mediation, on time, unless it already has one."""
    service = CertificateService(workspace, today=lambda: today)
    offer = next(
        (o for o in service.offers(case_id) if o.kind is CertificateKind.AFTER_MEDIATION), None
    )
    if offer is None or offer.due.start is None:
        return  # already issued (or the meeting has not concluded): nothing to do
    # The working day after the meeting concluded: well within the 3 working days (R7).
    issued_on = timeline_settings(workspace).calendar.add_working_days(offer.due.start, 1)
    service.issue(
        case_id,
        CertificateKind.AFTER_MEDIATION,
        IssueRequest(
            issuer_name=DEMO_MEDIATOR,
            issuer_role="Mediator",
            typed_signature=DEMO_MEDIATOR,
            issued_on=min(issued_on, today),
        ),
    )
