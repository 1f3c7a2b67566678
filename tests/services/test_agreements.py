"""The agreement editor in a real encrypted workspace: actions, dates, SMART, content."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from sendmed_desktop.domain.agreement import (
    canonical_bytes,
    content_hash,
    easy_read_lines,
    review_text,
)
from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.domain.confidentiality import assert_no_confidential_text
from sendmed_desktop.domain.timescales import ActionOutcome
from sendmed_desktop.domain.vocabulary import (
    AgreementStatus,
    ChildViewsMethod,
    Confidentiality,
    Ground,
    IssueOutcome,
    MeetingFormat,
    PlanContentPart,
    PlanSection,
    ProposalStatus,
    Role,
    Stage,
    StatutoryBasis,
)
from sendmed_desktop.services.agreements import ActionEntry, AgreementService
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.child_views import ChildViewsEntry, ChildViewsService
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.intake import (
    DecisionEntry,
    IntakeService,
    IssueEntry,
    MeetingEntry,
    ParticipantEntry,
)
from sendmed_desktop.services.notes import NotesService
from sendmed_desktop.services.proposals import ProposalService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.clock_repository import ENGLAND
from sendmed_desktop.storage.models import AuditEntry, StatutoryDates

AGREED_ON = date(2026, 1, 14)  # Wednesday 14 January 2026, the day of the meeting
PROPOSAL = "Issue an EHC plan for Tobi naming weekly speech and language therapy"
PRIVATE = "Quillbadger: mum said privately she cannot afford the bus fare."
SESSION = "Fennelmoth: the officer admitted the panel never read the report."
SESSION_SUMMARY = "Harebell summary: the LA will look again at the panel paperwork."
CHILD_VIEWS = "Gorsewren: I hide in the toilets at lunchtime."
CHILD_MAY_SHARE = "Tobi would like a quiet place to eat lunch."


@dataclass(frozen=True)
class MediationCase:
    """A fresh case made the way the app makes one: intake, a meeting, a proposal."""

    id: int
    child_id: int
    parent_id: int
    officer_id: int
    therapy_issue_id: int
    transport_issue_id: int
    proposal_id: int


def make_case(workspace: Workspace, reference: str = "SM-2026-0007") -> MediationCase:
    """Build a case through the services: people, decision, issues, meeting, proposal."""
    case_id = (
        CaseService(workspace)
        .create(NewCase(reference, "Tobi Okafor", "Northshire County Council", "Sarah Okafor"))
        .id
    )
    intake = IntakeService(workspace)
    roles = {p.role: p.id for p in intake.participants(case_id)}
    officer_id = intake.add_participant(
        case_id,
        ParticipantEntry(
            full_name="Graham Whitfield",
            role=Role.LA_OFFICER,
            is_party=True,
            organisation="Northshire County Council",
            job_title="SEN casework manager",
        ),
    )
    decision = DecisionEntry(
        ground=Ground.PLAN_CONTENT,
        plan_content_part=PlanContentPart.PROVISION_F,
        sent_on=date(2025, 12, 1),
        summary="Wombatlark: the decision letter, in the mediator's words.",
    )
    intake.set_decision(case_id, decision)
    therapy = intake.add_issue(
        case_id,
        IssueEntry(
            "Speech and language therapy",
            detail="Zebulonquince: detail of the dispute, for the mediator only.",
            sections=frozenset({PlanSection.F, PlanSection.B}),
        ),
    )
    transport = intake.add_issue(case_id, IssueEntry("Transport to school"))
    start = datetime(2026, 1, 14, 10, 0, tzinfo=ENGLAND)
    meeting = intake.schedule_meeting(
        case_id,
        MeetingEntry(
            format=MeetingFormat.IN_PERSON,
            venue="Northshire Family Hub, Room 2",
            start=start,
            end=start + timedelta(hours=3),
        ),
    )
    intake.invite(meeting, roles[Role.PARENT_CARER])
    officer_attendee = intake.invite(meeting, officer_id)
    intake.set_attendance(
        officer_attendee, authority_to_settle=True, consent_to_attend=True, joins_remotely=False
    )
    proposals = ProposalService(workspace)
    made = proposals.add_proposal(case_id, therapy, roles[Role.PARENT_CARER], PROPOSAL)
    proposals.set_status(made.id, ProposalStatus.ACCEPTED, decided_on=AGREED_ON)
    return MediationCase(
        case_id,
        roles[Role.CHILD],
        roles[Role.PARENT_CARER],
        officer_id,
        therapy,
        transport,
        made.id,
    )


def smart_entry(case: MediationCase, **changes: object) -> ActionEntry:
    """Return a SMART entry for the therapy issue: issue the plan (reg 44 dates)."""
    entry = ActionEntry(
        owner_name="Graham Whitfield",
        owner_role="SEN casework manager",
        owner_organisation="Northshire County Council",
        action="Send Sarah the draft EHC plan with weekly speech and language therapy",
        measure="Sarah receives the draft plan by email",
        statutory_basis=StatutoryBasis.APPEALABLE,
        reg44_outcome=ActionOutcome.MAKE_PLAN,
        issue_id=case.therapy_issue_id,
        plan_section=PlanSection.F,
    )
    return replace(entry, **changes)  # type: ignore[arg-type]


def make_ready(service: AgreementService, case: MediationCase) -> int:
    """Date the agreement, make its one action SMART and record outcomes; return the id."""
    (action,) = service.editable(case.id).actions
    service.set_agreement_date(case.id, AGREED_ON)
    action_id = service.update_action(action.id, smart_entry(case))
    service.set_issue_outcome(case.therapy_issue_id, IssueOutcome.AGREED)
    service.set_issue_outcome(case.transport_issue_id, IssueOutcome.NOT_AGREED)
    return action_id


@pytest.fixture
def service(workspace: Workspace) -> AgreementService:
    return AgreementService(workspace, today=lambda: AGREED_ON)


@pytest.fixture
def case(workspace: Workspace) -> MediationCase:
    return make_case(workspace)


def test_an_accepted_proposal_appears_as_an_action(
    service: AgreementService, case: MediationCase
) -> None:
    view = service.editable(case.id)
    assert (view.version, view.status, view.is_read_only) == (1, AgreementStatus.DRAFT, False)
    (action,) = view.actions
    assert (action.action, action.proposal_id, action.issue_id) == (
        PROPOSAL,
        case.proposal_id,
        case.therapy_issue_id,
    )
    assert action.number == 1
    assert action.issue_number == 1
    assert {f.key for f in action.unresolved} >= {"owner.missing", "measure.missing"}
    assert [v.version for v in service.versions(case.id)] == [1]


def test_version_one_is_started_once_and_takes_accepted_proposals(workspace: Workspace) -> None:
    case_id = CaseService(workspace).create(NewCase("SM-2026-0009", "Ada", "Testshire", "Bo")).id
    service = AgreementService(workspace, today=lambda: AGREED_ON)
    first = service.editable(case_id)
    assert first.actions == ()
    assert service.editable(case_id).id == first.id
    assert len(service.versions(case_id)) == 1


def test_statutory_dates_are_worked_out_from_the_agreement_date(
    service: AgreementService, case: MediationCase
) -> None:
    action_id = make_ready(service, case)
    (action,) = service.editable(case.id).actions
    assert action.id == action_id
    assert action.due_on == date(2026, 2, 18)  # the draft plan, 5 weeks
    assert [d.due for d in action.deadlines] == [date(2026, 2, 18), date(2026, 4, 1)]
    assert action.statutory_limit == date(2026, 4, 1)  # the final plan, 11 weeks
    assert action.due_on_is_statutory
    assert "Wednesday 18 February 2026" in action.basis_explanation
    assert "Wednesday 1 April 2026" in action.basis_explanation
    assert action.findings == ()

    two_weeks = service.add_action(
        case.id,
        smart_entry(
            case,
            action="Send Sarah the notes of the transport review",
            statutory_basis=StatutoryBasis.NOT_APPEALABLE,
            reg44_outcome=None,
        ),
    )
    added = next(a for a in service.editable(case.id).actions if a.id == two_weeks)
    assert added.due_on == date(2026, 1, 28)
    assert added.reg44_outcome is None

    (line, second) = service.content(case.id).actions
    assert line.due_on == date(2026, 2, 18)
    assert line.basis_explanation == action.basis_explanation
    assert line.statutory_basis == StatutoryBasis.APPEALABLE.label
    assert (line.issue_number, line.plan_section) == (1, "F")
    assert second.due_on == date(2026, 1, 28)
    assert "reg 42(3)" in second.basis_explanation


def test_statutory_dates_follow_the_agreement_date_and_typed_dates_stay(
    workspace: Workspace, service: AgreementService, case: MediationCase
) -> None:
    make_ready(service, case)
    typed = service.add_action(
        case.id,
        smart_entry(
            case,
            statutory_basis=StatutoryBasis.NOT_APPEALABLE,
            reg44_outcome=None,
            due_on=date(2026, 1, 20),
        ),
    )
    service.set_agreement_date(case.id, date(2026, 1, 21))
    statutory, kept = service.editable(case.id).actions
    assert statutory.due_on == date(2026, 2, 25)
    assert (kept.id, kept.due_on, kept.due_on_is_statutory) == (typed, date(2026, 1, 20), False)
    with workspace.transaction() as session:  # the case's clock follows too
        clock = session.get(StatutoryDates, case.id)
        assert clock is not None
        assert clock.agreement_dated_on == date(2026, 1, 21)


def test_a_typed_date_past_the_statutory_limit_must_be_fixed(
    service: AgreementService, case: MediationCase
) -> None:
    action_id = make_ready(service, case)
    service.update_action(action_id, smart_entry(case, due_on=date(2026, 4, 2)))
    (action,) = service.editable(case.id).actions
    (finding,) = action.findings
    assert (finding.key, finding.can_acknowledge) == ("due.after_limit", False)
    with pytest.raises(ValidationError, match="must be fixed"):
        service.acknowledge_findings(action_id, ["due.after_limit"])
    with pytest.raises(ValidationError, match="Action 1: The deadline, Thu 2 Apr 2026"):
        service.start_review(case.id)


def test_an_alternative_timescale_needs_what_was_agreed_in_writing(
    service: AgreementService, case: MediationCase
) -> None:
    action_id = make_ready(service, case)
    later = smart_entry(
        case, statutory_basis=StatutoryBasis.ALTERNATIVE_AGREED, due_on=date(2026, 6, 30)
    )
    service.update_action(action_id, later)
    (action,) = service.editable(case.id).actions
    assert [f.key for f in action.findings] == ["due.no_written_agreement"]
    note = "Both parties agreed in writing to wait for the specialist report."
    service.update_action(action_id, replace(later, alternative_note=note))
    (action,) = service.editable(case.id).actions
    assert action.findings == ()
    assert [(d.rule, d.due) for d in action.deadlines] == [("R12", date(2026, 6, 30))]
    (line,) = service.content(case.id).actions
    assert line.alternative_timescale_note == note
    assert "reg 42(5)" in line.basis_explanation


def test_smart_findings_block_review_until_fixed_or_acknowledged(
    service: AgreementService, case: MediationCase
) -> None:
    action_id = make_ready(service, case)
    vague = smart_entry(case, action="Consider funding weekly therapy", owner_role="")
    service.update_action(action_id, vague)
    with pytest.raises(ValidationError) as refused:
        service.start_review(case.id)
    assert "Action 1: Give Graham Whitfield's role" in str(refused.value)
    assert "Action 1: “Consider” does not say what will be done" in str(refused.value)

    service.acknowledge_findings(action_id, ["action.vague.consider"])
    (action,) = service.editable(case.id).actions
    assert action.acknowledged == {"action.vague.consider"}
    assert [f.key for f in action.unresolved] == ["owner.no_role"]
    with pytest.raises(ValidationError, match="Give Graham Whitfield's role"):
        service.start_review(case.id)

    service.update_action(action_id, replace(vague, owner_role="SEN casework manager"))
    content = service.start_review(case.id)
    assert content.actions[0].action == "Consider funding weekly therapy"

    # Fixing the wording drops the acknowledgement, so the word is looked at afresh.
    service.update_action(action_id, smart_entry(case))
    assert service.editable(case.id).actions[0].acknowledged == frozenset()
    with pytest.raises(ValidationError, match="no longer applies"):
        service.acknowledge_findings(action_id, ["action.vague.consider"])


def test_review_needs_a_date_and_every_outcome(
    service: AgreementService, case: MediationCase
) -> None:
    (action,) = service.editable(case.id).actions
    service.update_action(action.id, smart_entry(case, due_on=date(2026, 2, 1)))
    with pytest.raises(ValidationError) as refused:
        service.start_review(case.id)
    message = str(refused.value)
    assert "Date the agreement" in message
    assert "Issue 1: record whether it was agreed" in message
    assert "Issue 2: record whether it was agreed" in message


def test_actions_move_and_are_removed(service: AgreementService, case: MediationCase) -> None:
    first = make_ready(service, case)
    second = service.add_action(case.id, smart_entry(case, action="Send the OT report to Sarah"))
    third = service.add_action(case.id, smart_entry(case, action="Name Oak Hill in Section I"))
    service.move_action(third, 0)
    assert [a.id for a in service.editable(case.id).actions] == [third, first, second]
    service.move_action(third, 99)
    assert [a.id for a in service.editable(case.id).actions] == [first, second, third]
    service.remove_action(second)
    actions = service.editable(case.id).actions
    assert [(a.id, a.position, a.number) for a in actions] == [(first, 0, 1), (third, 1, 2)]
    with pytest.raises(ValidationError, match="no longer exists"):
        service.update_action(second, smart_entry(case))


def test_what_cannot_be_stored_is_refused(
    workspace: Workspace, service: AgreementService, case: MediationCase
) -> None:
    other = make_case(workspace, "SM-2026-0008")
    with pytest.raises(ValidationError, match="this case's agenda"):
        service.add_action(case.id, smart_entry(case, issue_id=other.therapy_issue_id))
    with pytest.raises(ValidationError, match="not an agreed action"):
        service.add_action(
            case.id, smart_entry(case, reg44_outcome=ActionOutcome.HEALTH_ONLY_NOTIFY_LA)
        )
    with pytest.raises(ValidationError, match="too long"):
        service.add_action(case.id, smart_entry(case, owner_name="x" * 201))
    with pytest.raises(ValidationError, match="no longer exists"):
        service.set_issue_outcome(999_999, IssueOutcome.AGREED)


def test_content_is_built_from_the_database(service: AgreementService, case: MediationCase) -> None:
    make_ready(service, case)
    service.set_distribution(case.id, ["Sarah Okafor", "  ", "Graham Whitfield\nNadia Perrin"])
    content = service.content(case.id)
    assert (content.case_reference, content.version, content.agreement_date) == (
        "SM-2026-0007",
        1,
        AGREED_ON,
    )
    assert (content.child_name, content.local_authority) == (
        "Tobi Okafor",
        "Northshire County Council",
    )
    assert (content.meeting_date, content.start_time, content.end_time) == (
        AGREED_ON,
        "10:00",
        "13:00",
    )
    assert (content.meeting_format, content.venue) == ("In person", "Northshire Family Hub, Room 2")
    assert content.mediator_name == "The mediator"  # no mediator profile in this workspace
    assert content.family_parties == ("Sarah Okafor",)
    assert content.decision_ground == (
        "s.51(2)(c) Content of the EHC plan, (ii) Section F: special educational provision"
    )
    assert [(a.name, a.organisation, a.authority_to_settle) for a in content.attendees] == [
        ("Sarah Okafor", "", None),
        ("Graham Whitfield", "Northshire County Council", True),
    ]
    assert content.attendees[1].role == "Local authority officer, SEN casework manager"
    assert service.editable(case.id).issues[0].sections == (PlanSection.B, PlanSection.F)
    assert [(i.number, i.heading, i.sections, i.outcome) for i in content.issues] == [
        (1, "Speech and language therapy", ("B", "F"), "Agreed"),
        (2, "Transport to school", (), "Not agreed"),
    ]
    assert content.distribution == ("Sarah Okafor", "Graham Whitfield", "Nadia Perrin")
    assert service.editable(case.id).distribution == content.distribution
    text = canonical_bytes(content).decode()
    assert "Zebulonquince" not in text  # the issue's detail stays out
    assert "Wombatlark" not in text  # and so does the decision's summary
    assert easy_read_lines(content)[1] == "Speech and language therapy: agreed."


def test_the_agreement_holds_no_note_text(
    workspace: Workspace, service: AgreementService, case: MediationCase
) -> None:
    notes = NotesService(workspace)
    notes.add_note(case.id, case.parent_id, Stage.EXPLORATION, Confidentiality.PRIVATE, PRIVATE)
    session_note = notes.add_note(
        case.id, case.officer_id, Stage.EXPLORATION, Confidentiality.PRIVATE_SESSION, SESSION
    )
    notes.update_note(session_note.id, shareable_summary=SESSION_SUMMARY)
    make_ready(service, case)
    content = service.content(case.id)
    outputs = {
        "canonical bytes": canonical_bytes(content).decode("utf-8"),
        "review text": review_text(content),
        "easy read": "\n".join(easy_read_lines(content)),
    }
    for name, text in outputs.items():
        for secret in ("Quillbadger", "Fennelmoth", "Harebell"):
            assert secret not in text, f"{secret} in the {name}"
        assert_no_confidential_text(text, notes.notes(case.id))


def test_the_childs_views_appear_only_with_consent(
    workspace: Workspace, service: AgreementService, case: MediationCase
) -> None:
    views = ChildViewsService(workspace)
    entry = ChildViewsEntry(
        child_participant_id=case.child_id,
        method=ChildViewsMethod.MET_MEDIATOR,
        sought_on=date(2026, 1, 7),
        sought_by="The mediator",
        consent_given=None,
        may_share=CHILD_MAY_SHARE,
        views_text=CHILD_VIEWS,
    )
    views.record(case.id, entry, today=AGREED_ON)
    make_ready(service, case)
    assert service.content(case.id).child_views_summary is None
    assert service.editable(case.id).child_views_summary is None
    views.record(case.id, replace(entry, consent_given=True), today=AGREED_ON)
    content = service.content(case.id)
    assert content.child_views_summary == CHILD_MAY_SHARE
    assert service.editable(case.id).child_views_summary == CHILD_MAY_SHARE
    assert "Gorsewren" not in canonical_bytes(content).decode()
    assert "Gorsewren" not in review_text(content)


def test_every_edit_is_audited_by_id_only(
    workspace: Workspace, service: AgreementService, case: MediationCase
) -> None:
    make_ready(service, case)
    service.set_distribution(case.id, ["Sarah Okafor"])
    with workspace.transaction() as session:
        entries = session.execute(
            sa.select(AuditEntry.action, AuditEntry.entity_type, AuditEntry.detail).where(
                AuditEntry.entity_type.in_(("agreement", "agreed_action", "mediation_issue"))
            )
        ).all()
    kinds = {(action, entity) for action, entity, _detail in entries}
    assert {
        ("create", "agreement"),
        ("date", "agreement"),
        ("update", "agreed_action"),
        ("update", "mediation_issue"),
        ("update", "agreement"),
    } <= kinds
    for _action, _entity, detail in entries:
        assert "Sarah" not in detail
        assert "Graham" not in detail
        assert "therapy" not in detail


def test_content_hash_changes_with_an_edit(service: AgreementService, case: MediationCase) -> None:
    action_id = make_ready(service, case)
    before = content_hash(service.content(case.id))
    service.update_action(action_id, smart_entry(case, measure="Sarah receives it by post"))
    assert content_hash(service.content(case.id)) != before
