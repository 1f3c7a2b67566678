"""The demo cases' data: fictional people, decisions, issues and meetings.

Every name, place and organisation here is invented. Day counts are relative to the day
the demo is made (``services.demo.seed_demo``), so the statutory timeline always has
something due.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sendmed_desktop.domain.vocabulary import (
    CaseStatus,
    Confidentiality,
    FamilyDecision,
    Ground,
    IssueArea,
    IssueOutcome,
    MeetingFormat,
    PlanContentPart,
    PlanSection,
    Role,
    Stage,
)

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
