"""Realistic, fictional demo cases for the demo workspace, training and tests.

Every name, place and organisation here is invented. Dates are set relative to the day
the demo is made, so the statutory timeline always has something due.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from sendmed_desktop.domain.vocabulary import (
    CaseStatus,
    ChildViewsMethod,
    Confidentiality,
    FamilyDecision,
    Ground,
    IssueArea,
    IssueOutcome,
    MeetingFormat,
    PlanContentPart,
    PlanSection,
    ProposalStatus,
    Role,
    Stage,
)
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

# Demo people are fictional; tests search logs and files for these names.
DEMO_MEDIATOR = "Helen Marsh"


@dataclass(frozen=True)
class DemoPerson:
    name: str
    role: Role
    party: bool = False
    organisation: str | None = None
    job_title: str | None = None
    born: date | None = None
    authority: bool | None = None
    acting_basis: str | None = None


@dataclass(frozen=True)
class DemoIssue:
    heading: str
    sections: tuple[PlanSection, ...]
    area: IssueArea = IssueArea.EDUCATION
    health_sought: str | None = None
    outcome: IssueOutcome | None = None


@dataclass(frozen=True)
class DemoCase:
    reference: str
    status: CaseStatus
    stage: Stage
    authority: str
    people: tuple[DemoPerson, ...]
    ground: Ground
    decision_sent_days_ago: int
    issues: tuple[DemoIssue, ...]
    content_part: PlanContentPart | None = None
    meeting_in_days: int | None = None
    meeting_format: MeetingFormat = MeetingFormat.IN_PERSON
    venue: str | None = None
    decision: FamilyDecision = FamilyDecision.MEDIATE
    health_only: bool = False
    notes: tuple[tuple[Confidentiality, str], ...] = field(default_factory=tuple)
    proposal: str | None = None


NORTHSHIRE = "Northshire County Council"
WESTBRIDGE = "Westbridge Borough Council"
ICB = "Northshire and Coast ICB (formerly CCG)"


def _la(name: str, title: str = "SEN casework manager", authority: bool = True) -> DemoPerson:
    return DemoPerson(name, Role.LA_OFFICER, True, NORTHSHIRE, title, authority=authority)


DEMO_CASES: tuple[DemoCase, ...] = (
    DemoCase(
        "DEMO-0001",
        CaseStatus.CLOSED,
        Stage.AFTER_MEETING,
        NORTHSHIRE,
        (
            DemoPerson("Tobi Okafor", Role.CHILD, born=date(2016, 5, 12)),
            DemoPerson("Sarah Okafor", Role.PARENT_CARER, party=True),
            _la("Graham Whitfield"),
            DemoPerson("Nadia Perrin", Role.SUPPORTER, organisation="Northshire SENDIASS"),
        ),
        Ground.PLAN_CONTENT,
        60,
        (
            DemoIssue(
                "Speech and language therapy: hours and who delivers it",
                (PlanSection.F,),
                outcome=IssueOutcome.AGREED,
            ),
            DemoIssue(
                "Description of communication needs in Section B",
                (PlanSection.B,),
                outcome=IssueOutcome.AGREED,
            ),
        ),
        content_part=PlanContentPart.PROVISION_F,
        meeting_in_days=-21,
        venue="Meeting Room 2, Northshire Family Hub, 14 Mill Lane, Eastwick",
        notes=(
            (Confidentiality.SHAREABLE, "Both parties agree Tobi's needs have grown since 2024."),
            (Confidentiality.PRIVATE, "Mum anxious about the annual review date."),
        ),
        proposal="Weekly 45-minute therapy sessions delivered by a qualified SaLT.",
    ),
    DemoCase(
        "DEMO-0002",
        CaseStatus.SCHEDULED,
        Stage.PREPARATION,
        NORTHSHIRE,
        (
            DemoPerson("Amelia Hughes", Role.CHILD, born=date(2013, 11, 3)),
            DemoPerson("Daniel Hughes", Role.PARENT_CARER, party=True),
            _la("Priya Natarajan", authority=False),
            DemoPerson(
                "Dr Owen Blake", Role.ICB_OFFICER, True, ICB, "Designated clinical officer", None
            ),
        ),
        Ground.PLAN_CONTENT,
        25,
        (
            DemoIssue(
                "Physiotherapy in Section G",
                (PlanSection.G,),
                IssueArea.HEALTH,
                health_sought="Fortnightly community physiotherapy, 6 sessions a term",
            ),
            DemoIssue("Occupational therapy in Section F", (PlanSection.F,)),
        ),
        content_part=PlanContentPart.PROVISION_F,
        meeting_in_days=6,
        venue="Council Offices, Room 3.14, Eastwick",
    ),
    DemoCase(
        "DEMO-0003",
        CaseStatus.IN_MEETING,
        Stage.EXPLORATION,
        WESTBRIDGE,
        (
            DemoPerson("Jordan Price", Role.YOUNG_PERSON, party=True, born=date(2009, 2, 20)),
            DemoPerson("Mo Adeyemi", Role.SUPPORTER, organisation="Westbridge Youth Advocacy"),
            DemoPerson(
                "Rachel Dunmore", Role.LA_OFFICER, True, WESTBRIDGE, "Post-16 SEN lead", None, True
            ),
        ),
        Ground.CEASE_PLAN,
        40,
        (DemoIssue("Ceasing the plan at the end of Year 12", (PlanSection.E, PlanSection.F)),),
        meeting_in_days=0,
        meeting_format=MeetingFormat.VIDEO,
        notes=((Confidentiality.PRIVATE_SESSION, "Jordan wants to stay on at college."),),
    ),
    DemoCase(
        "DEMO-0004",
        CaseStatus.PREPARING,
        Stage.PREPARATION,
        WESTBRIDGE,
        (
            DemoPerson("Ellis Carter", Role.YOUNG_PERSON, party=True, born=date(2006, 8, 9)),
            DemoPerson(
                "Joanne Carter",
                Role.ALTERNATIVE_PERSON,
                acting_basis="Court of Protection deputy for Ellis (order dated 3 March 2025)",
            ),
            DemoPerson("Ian Fellowes", Role.LA_OFFICER, True, WESTBRIDGE, "SEN officer"),
        ),
        Ground.REFUSE_AMENDMENT,
        18,
        (DemoIssue("Placement at a specialist college", (PlanSection.I,)),),
        content_part=None,
    ),
    DemoCase(
        "DEMO-0005",
        CaseStatus.DECLINED,
        Stage.PREPARATION,
        NORTHSHIRE,
        (
            DemoPerson("Arjun Shah", Role.CHILD, born=date(2018, 1, 30)),
            DemoPerson("Priya Shah", Role.PARENT_CARER, party=True),
            _la("Graham Whitfield"),
        ),
        Ground.REFUSE_ASSESSMENT,
        12,
        (DemoIssue("Refusal to carry out an EHC needs assessment", (PlanSection.B,)),),
        decision=FamilyDecision.DECLINE,
    ),
    DemoCase(
        "DEMO-0006",
        CaseStatus.REFERRED,
        Stage.PREPARATION,
        NORTHSHIRE,
        (
            DemoPerson("Freya Bennett", Role.CHILD, born=date(2015, 9, 14)),
            DemoPerson("Lisa Bennett", Role.PARENT_CARER, party=True),
            DemoPerson("Mark Bennett", Role.PARENT_CARER, party=True),
            _la("Priya Natarajan"),
        ),
        Ground.PLAN_CONTENT,
        5,
        (DemoIssue("School named in Section I", (PlanSection.I,)),),
        content_part=PlanContentPart.SCHOOL_NAMED_I,
    ),
    DemoCase(
        "DEMO-0007",
        CaseStatus.AFTER_MEETING,
        Stage.AFTER_MEETING,
        WESTBRIDGE,
        (
            DemoPerson("Yusuf Rahman", Role.CHILD, born=date(2012, 4, 2)),
            DemoPerson("Aisha Rahman", Role.PARENT_CARER, party=True),
            DemoPerson(
                "Ian Fellowes", Role.LA_OFFICER, True, WESTBRIDGE, "SEN officer", None, True
            ),
        ),
        Ground.REFUSE_REASSESSMENT,
        45,
        (
            DemoIssue("Re-assessment of needs", (PlanSection.B,), outcome=IssueOutcome.AGREED),
            DemoIssue(
                "Transport to school",
                (PlanSection.H2,),
                IssueArea.SOCIAL_CARE,
                outcome=IssueOutcome.NOT_AGREED,
            ),
        ),
        meeting_in_days=-2,
        venue="Westbridge Library, Community Room",
    ),
    DemoCase(
        "DEMO-0008",
        CaseStatus.PREPARING,
        Stage.PREPARATION,
        NORTHSHIRE,
        (
            DemoPerson("Cerys Lewis", Role.CHILD, born=date(2014, 12, 1)),
            DemoPerson("Gareth Lewis", Role.PARENT_CARER, party=True),
            _la("Graham Whitfield"),
            DemoPerson("Dr Owen Blake", Role.ICB_OFFICER, True, ICB, "Designated clinical officer"),
        ),
        Ground.HEALTH_OR_SOCIAL_CARE_ONLY,
        33,
        (
            DemoIssue(
                "Continence service support",
                (PlanSection.C, PlanSection.G),
                IssueArea.HEALTH,
                health_sought="Named continence nurse and a review every term",
            ),
        ),
        health_only=True,
    ),
)


def seed_demo(workspace: Workspace, today: date | None = None) -> int:
    """Add the demo cases that are not there yet; return how many were added."""
    today = today or date.today()  # noqa: DTZ011 - demo dates are calendar dates
    added = 0
    with workspace.transaction() as session:
        _ensure_provider(session)
        repository = CaseRepository(session)
        for demo in DEMO_CASES:
            if repository.id_for_reference(demo.reference) is not None:
                continue
            case = _build_case(session, demo, today)
            audit.record(session, "create", "case", case.id, detail="demo")
            added += 1
    return added


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
