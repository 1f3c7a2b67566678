"""The words of SEND mediation as enums, each value stored as-is in the database.

Values are stable identifiers (never rename one without a migration); ``label`` is what
the mediator reads. Sources: domain.md §1–§5.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members carry a human-readable label."""

    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.replace("_", " ").capitalize())


class Role(LabelledEnum):
    """A person's role in one case."""

    PARENT_CARER = "parent_carer"
    YOUNG_PERSON = "young_person"
    CHILD = "child"
    ALTERNATIVE_PERSON = "alternative_person"
    SUPPORTER = "supporter"
    LA_OFFICER = "la_officer"
    ICB_OFFICER = "icb_officer"
    SCHOOL = "school"
    OTHER = "other"


class Ground(LabelledEnum):
    """The s.51(2) decision under dispute."""

    REFUSE_ASSESSMENT = "a_refuse_assessment"
    NO_PLAN_AFTER_ASSESSMENT = "b_no_plan"
    PLAN_CONTENT = "c_plan_content"
    REFUSE_REASSESSMENT = "d_refuse_reassessment"
    REFUSE_AMENDMENT = "e_refuse_amendment"
    CEASE_PLAN = "f_cease_plan"
    HEALTH_OR_SOCIAL_CARE_ONLY = "health_social_care_only"


class PlanContentPart(LabelledEnum):
    """Which part of a plan's content is disputed under s.51(2)(c)."""

    NEEDS_B = "i_section_b"
    PROVISION_F = "ii_section_f"
    SCHOOL_NAMED_I = "iii_section_i"
    NO_SCHOOL_NAMED = "iv_no_school"


class PlanSection(LabelledEnum):
    """EHC plan sections (reg 12)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"
    G = "G"
    H1 = "H1"
    H2 = "H2"
    I = "I"  # noqa: E741 - the section's statutory name
    J = "J"
    K = "K"


APPEALABLE_SECTIONS = frozenset({PlanSection.B, PlanSection.F, PlanSection.I})


class IssueArea(LabelledEnum):
    """Which service an issue concerns."""

    EDUCATION = "education"
    HEALTH = "health"
    SOCIAL_CARE = "social_care"


class CaseStatus(LabelledEnum):
    """Where a case stands overall."""

    REFERRED = "referred"
    PREPARING = "preparing"
    SCHEDULED = "scheduled"
    IN_MEETING = "in_meeting"
    AFTER_MEETING = "after_meeting"
    DECLINED = "declined"
    CLOSED = "closed"


class FamilyDecision(LabelledEnum):
    """The parent's or young person's decision after speaking to the mediation adviser."""

    MEDIATE = "mediate"
    DECLINE = "decline"


class MeetingFormat(LabelledEnum):
    """How the meeting is held."""

    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"


class Stage(LabelledEnum):
    """The stages of a mediation, in order (domain.md §5)."""

    PREPARATION = "preparation"
    OPENING = "opening"
    OPENING_STATEMENTS = "opening_statements"
    CHILDS_VIEWS = "childs_views"
    AGENDA = "agenda"
    EXPLORATION = "exploration"
    OPTIONS = "options"
    AGREEMENT = "agreement"
    CLOSE = "close"
    AFTER_MEETING = "after_meeting"


class Confidentiality(LabelledEnum):
    """Who may see a recorded note."""

    PRIVATE = "private"
    PRIVATE_SESSION = "private_session"
    SHAREABLE = "shareable"


class ChildViewsMethod(LabelledEnum):
    """How the child's views were sought."""

    ATTENDED = "attended"
    MET_MEDIATOR = "met_mediator"
    VIA_PARENT = "via_parent"
    VIA_SCHOOL_OR_ADVOCATE = "via_school_or_advocate"
    WRITTEN = "written"
    DRAWING = "drawing"
    RECORDING = "recording"
    NOT_PRACTICABLE = "not_practicable"


class ProposalStatus(LabelledEnum):
    """Where a proposal stands."""

    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class IssueOutcome(LabelledEnum):
    """How one issue ended."""

    AGREED = "agreed"
    PARTLY_AGREED = "partly_agreed"
    NOT_AGREED = "not_agreed"


class StatutoryBasis(LabelledEnum):
    """Why an agreed action has the deadline it has (reg 42)."""

    APPEALABLE = "appealable"
    NOT_APPEALABLE = "not_appealable"
    ALTERNATIVE_AGREED = "alternative_agreed"


class AgreementStatus(LabelledEnum):
    """Where one version of an agreement stands."""

    DRAFT = "draft"
    SIGNING = "signing"
    SIGNED = "signed"
    SUPERSEDED = "superseded"


class SignatureMethod(LabelledEnum):
    """How a signatory agreed."""

    DRAWN = "drawn"
    TYPED = "typed"
    VERBAL = "verbal"


class CertificateKind(LabelledEnum):
    """The three kinds of mediation certificate (s.55)."""

    DECLINED = "declined"
    AFTER_MEDIATION = "after_mediation"
    NOT_HELD = "not_held"


class ResolutionExtent(LabelledEnum):
    """Whether mediation resolved the issues (after-mediation certificates)."""

    IN_FULL = "in_full"
    IN_PART = "in_part"
    NOT_AT_ALL = "not_at_all"


class ExpenseKind(LabelledEnum):
    """Expenses the LA pays for the parent or young person."""

    TRAVEL = "travel"
    CHILDCARE = "childcare"
    OTHER = "other"


_LABELS: dict[LabelledEnum, str] = {
    Role.PARENT_CARER: "Parent or carer",
    Role.YOUNG_PERSON: "Young person",
    Role.ALTERNATIVE_PERSON: "Alternative person (acting for a young person)",
    Role.SUPPORTER: "Supporter or advocate",
    Role.LA_OFFICER: "Local authority officer",
    Role.ICB_OFFICER: "ICB (formerly CCG) officer",
    Role.SCHOOL: "School or college",
    Ground.REFUSE_ASSESSMENT: "s.51(2)(a) Refusal to carry out an EHC needs assessment",
    Ground.NO_PLAN_AFTER_ASSESSMENT: "s.51(2)(b) Decision not to issue a plan after assessment",
    Ground.PLAN_CONTENT: "s.51(2)(c) Content of the EHC plan",
    Ground.REFUSE_REASSESSMENT: "s.51(2)(d) Refusal to re-assess",
    Ground.REFUSE_AMENDMENT: "s.51(2)(e) Refusal to amend after review or re-assessment",
    Ground.CEASE_PLAN: "s.51(2)(f) Decision to cease the plan",
    Ground.HEALTH_OR_SOCIAL_CARE_ONLY: "Health or social care elements only",
    PlanContentPart.NEEDS_B: "(i) Section B: special educational needs",
    PlanContentPart.PROVISION_F: "(ii) Section F: special educational provision",
    PlanContentPart.SCHOOL_NAMED_I: "(iii) Section I: school or type of school named",
    PlanContentPart.NO_SCHOOL_NAMED: "(iv) No school named",
    PlanSection.A: "A Views, interests and aspirations",
    PlanSection.B: "B Special educational needs",
    PlanSection.C: "C Health needs",
    PlanSection.D: "D Social care needs",
    PlanSection.E: "E Outcomes",
    PlanSection.F: "F Special educational provision",
    PlanSection.G: "G Health provision",
    PlanSection.H1: "H1 Social care provision (s.2 CSDPA 1970)",
    PlanSection.H2: "H2 Other social care provision",
    PlanSection.I: "I Placement",
    PlanSection.J: "J Personal budget",
    PlanSection.K: "K Advice and information",
    IssueArea.SOCIAL_CARE: "Social care",
    CaseStatus.IN_MEETING: "In meeting",
    CaseStatus.AFTER_MEETING: "After the meeting",
    MeetingFormat.IN_PERSON: "In person",
    MeetingFormat.VIDEO: "Video call",
    MeetingFormat.PHONE: "Telephone",
    Stage.OPENING_STATEMENTS: "Opening statements",
    Stage.CHILDS_VIEWS: "Child's views",
    Stage.AGENDA: "Agenda of issues",
    Stage.EXPLORATION: "Exploration and private sessions",
    Stage.OPTIONS: "Options and proposals",
    Stage.AFTER_MEETING: "After the meeting",
    Confidentiality.PRIVATE: "Private (mediator only)",
    Confidentiality.PRIVATE_SESSION: "Private session (kept back)",
    Confidentiality.SHAREABLE: "Shareable",
    ChildViewsMethod.ATTENDED: "Attended the meeting",
    ChildViewsMethod.MET_MEDIATOR: "Met the mediator",
    ChildViewsMethod.VIA_PARENT: "Through a parent",
    ChildViewsMethod.VIA_SCHOOL_OR_ADVOCATE: "Through school or an advocate",
    ChildViewsMethod.NOT_PRACTICABLE: "Not reasonably practicable",
    CertificateKind.DECLINED: "Mediation declined after information",
    CertificateKind.AFTER_MEDIATION: "After mediation",
    CertificateKind.NOT_HELD: "Mediation not held within 30 days",
    StatutoryBasis.APPEALABLE: "Appealable matter (reg 44 timescales)",
    StatutoryBasis.NOT_APPEALABLE: "Not appealable (2 weeks)",
    StatutoryBasis.ALTERNATIVE_AGREED: "Alternative timescale agreed in writing",
}
