"""Running a meeting's stages against a real encrypted workspace."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from sendmed_desktop import paths
from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.domain.vocabulary import (
    AgreementStatus,
    CaseStatus,
    CertificateKind,
    ChildViewsMethod,
    FamilyDecision,
    IssueOutcome,
    MeetingFormat,
    Role,
    Stage,
)
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.meeting_stages import MeetingStagesService
from sendmed_desktop.services.workspace import Workspace, open_workspace
from sendmed_desktop.storage.models import (
    Agreement,
    Attendee,
    AuditEntry,
    Case,
    CaseParticipant,
    Certificate,
    ChildViewsRecord,
    ContactLogEntry,
    MediationIssue,
    Meeting,
    MeetingBreak,
    Person,
    Proposal,
    StageProgress,
    StatutoryDates,
)
from sendmed_desktop.storage.stage_repository import StageRepository
from tests.conftest import TEST_PASSPHRASE

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _case(workspace: Workspace, party_role: Role = Role.PARENT_CARER) -> int:
    new = NewCase(
        reference="MS-0001" if party_role is Role.PARENT_CARER else "MS-0002",
        subject_name="Ava Stone",
        local_authority="Testshire",
        party_name="Kim Stone" if party_role is Role.PARENT_CARER else "Ava Stone",
        party_role=party_role,
    )
    return CaseService(workspace).create(new).id


def _meeting(workspace: Workspace, case_id: int, *, cancelled: bool = False) -> int:
    with workspace.transaction() as session:
        meeting = Meeting(
            case_id=case_id,
            format=MeetingFormat.IN_PERSON,
            scheduled_start=T0,
            cancelled=cancelled,
        )
        session.add(meeting)
        session.flush()
        return meeting.id


def _officer(
    workspace: Workspace, case_id: int, meeting_id: int, role: Role, authority: bool | None
) -> int:
    with workspace.transaction() as session:
        participant = CaseParticipant(
            case_id=case_id, person=Person(full_name="Pat Officer"), role=role, is_party=True
        )
        session.add(participant)
        session.flush()
        session.add(
            Attendee(
                meeting_id=meeting_id, participant_id=participant.id, authority_to_settle=authority
            )
        )
        return participant.id


def _childs_views(workspace: Workspace, case_id: int) -> None:
    with workspace.transaction() as session:
        session.add(
            ChildViewsRecord(
                case_id=case_id,
                method=ChildViewsMethod.NOT_PRACTICABLE,
                not_practicable_reason="Too unwell to take part this month.",
            )
        )


def _issues(workspace: Workspace, case_id: int, *outcomes: IssueOutcome | None) -> None:
    with workspace.transaction() as session:
        for position, outcome in enumerate(outcomes):
            session.add(
                MediationIssue(
                    case_id=case_id, position=position, heading=f"Issue {position}", outcome=outcome
                )
            )


def _put_at(workspace: Workspace, case_id: int, stage: Stage) -> None:
    """Place a case at a stage directly, as a case made before stages were recorded."""
    with workspace.transaction() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.current_stage = stage


def _rows(workspace: Workspace, case_id: int) -> dict[Stage, StageProgress]:
    with workspace.transaction() as session:
        query = sa.select(StageProgress).where(StageProgress.case_id == case_id)
        rows = {row.stage: row for row in session.execute(query).scalars()}
        session.expunge_all()
    return rows


def _audit(workspace: Workspace) -> list[tuple[str, str, int | None, str]]:
    with workspace.transaction() as session:
        query = sa.select(
            AuditEntry.action, AuditEntry.entity_type, AuditEntry.entity_id, AuditEntry.detail
        ).order_by(AuditEntry.id)
        return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]


@pytest.fixture
def service(workspace: Workspace) -> MeetingStagesService:
    return MeetingStagesService(workspace)


def test_a_new_case_starts_in_preparation(
    workspace: Workspace, service: MeetingStagesService
) -> None:
    case_id = _case(workspace)
    view = service.state(case_id)
    assert view.stage is Stage.PREPARATION
    assert view.progress == (1, 10)
    assert view.visited == (Stage.PREPARATION,)
    assert view.status is CaseStatus.REFERRED
    assert [f.key for f in view.assessment.unacknowledged] == ["no_meeting_scheduled"]
    done = {s.item.key: s.done for s in view.assessment.items}
    # A parent is the party, and no child's views are recorded yet.
    assert done["childs_views_sought"] is False
    assert not view.meeting_started
    assert service.elapsed(case_id) is None


def test_ticks_and_acknowledgements_survive_reopening_the_workspace(
    workspace: Workspace, workspace_paths: paths.WorkspacePaths, service: MeetingStagesService
) -> None:
    case_id = _case(workspace)
    service.tick(case_id, Stage.PREPARATION, "adjustments_and_expenses", True)
    service.tick(case_id, Stage.PREPARATION, "agreement_to_mediate_sent", True)
    view = service.tick(case_id, Stage.PREPARATION, "adjustments_and_expenses", False)
    assert view.ticked == {"agreement_to_mediate_sent"}
    service.acknowledge(case_id, Stage.PREPARATION, "no_meeting_scheduled")
    workspace.close()

    reopened = open_workspace(workspace_paths, passphrase=TEST_PASSPHRASE)
    try:
        view = MeetingStagesService(reopened).state(case_id)
        rows = _rows(reopened, case_id)
    finally:
        reopened.close()
    assert view.ticked == {"agreement_to_mediate_sent"}
    assert view.acknowledged == {"no_meeting_scheduled"}
    assert view.assessment.unacknowledged == ()
    assert view.assessment.can_advance
    assert json.loads(rows[Stage.PREPARATION].checklist_json) == {"agreement_to_mediate_sent": True}
    assert json.loads(rows[Stage.PREPARATION].acknowledged_warnings_json) == [
        "no_meeting_scheduled"
    ]


def test_unknown_items_and_stages_not_reached_are_refused(
    workspace: Workspace, service: MeetingStagesService
) -> None:
    case_id = _case(workspace)
    with pytest.raises(ValidationError, match="not on the Opening checklist"):
        service.tick(case_id, Stage.OPENING, "notice_given", True)
    with pytest.raises(ValidationError, match="has not reached Opening"):
        service.tick(case_id, Stage.OPENING, "introductions", True)
    with pytest.raises(ValidationError, match="not a warning at Preparation"):
        service.acknowledge(case_id, Stage.PREPARATION, "authority_not_confirmed")
    with pytest.raises(ValidationError, match="no longer exists"):
        service.state(case_id + 100)
    assert _rows(workspace, case_id) == {}


def test_advance_is_refused_until_the_warning_is_acknowledged(
    workspace: Workspace, service: MeetingStagesService
) -> None:
    case_id = _case(workspace)
    with pytest.raises(ValidationError, match="No meeting is scheduled"):
        service.advance(case_id)
    assert service.state(case_id).stage is Stage.PREPARATION
    assert _rows(workspace, case_id) == {}


def test_advance_writes_the_stage_the_status_the_rows_and_the_audit(
    workspace: Workspace, service: MeetingStagesService
) -> None:
    case_id = _case(workspace)
    meeting_id = _meeting(workspace, case_id)
    service.acknowledge(case_id, Stage.PREPARATION, "notice_not_recorded")
    result = service.advance(case_id, now=at(0))
    assert result.stage is Stage.OPENING
    view = service.state(case_id)
    assert (view.stage, view.status) == (Stage.OPENING, CaseStatus.IN_MEETING)
    assert view.visited == (Stage.PREPARATION, Stage.OPENING)
    assert view.meeting_started
    rows = _rows(workspace, case_id)
    with workspace.transaction() as session:
        case = session.get(Case, case_id)
        meeting = session.get(Meeting, meeting_id)
        assert case is not None
        assert meeting is not None
        assert (case.current_stage, case.status) == (Stage.OPENING, CaseStatus.IN_MEETING)
        assert rows[Stage.PREPARATION].entered_at == case.created_at
        assert meeting.started_at == at(0)
    assert rows[Stage.PREPARATION].left_at == at(0)
    assert (rows[Stage.OPENING].entered_at, rows[Stage.OPENING].left_at) == (at(0), None)
    trail = _audit(workspace)
    assert ("advance_stage", "case", case_id, "preparation>opening") in trail
    assert ("start_meeting", "meeting", meeting_id, "") in trail
    # Ids and stage keys only: nobody's name reaches the audit trail.
    assert not any("Stone" in detail for *_rest, detail in trail)


def test_revisiting_reuses_rows_and_keeps_the_first_entry_time(
    workspace: Workspace, service: MeetingStagesService
) -> None:
    case_id = _case(workspace)
    _meeting(workspace, case_id)
    service.acknowledge(case_id, Stage.PREPARATION, "notice_not_recorded")
    service.advance(case_id, now=at(0))
    back = service.revisit(case_id, Stage.PREPARATION, now=at(10))
    assert back.stage is Stage.PREPARATION
    view = service.state(case_id)
    # Looking back does not undo the meeting.
    assert view.status is CaseStatus.IN_MEETING
    assert view.visited == (Stage.PREPARATION, Stage.OPENING)
    assert _rows(workspace, case_id)[Stage.OPENING].left_at == at(10)
    service.tick(case_id, Stage.OPENING, "introductions", True)  # reached, so it may be ticked
    service.revisit(case_id, Stage.OPENING, now=at(20))
    rows = _rows(workspace, case_id)
    assert set(rows) == {Stage.PREPARATION, Stage.OPENING}
    assert (rows[Stage.OPENING].entered_at, rows[Stage.OPENING].left_at) == (at(0), None)
    assert rows[Stage.PREPARATION].left_at == at(20)
    assert service.state(case_id).ticked == {"introductions"}


def test_r14_refusal_says_why_and_a_record_lets_the_case_close(
    workspace: Workspace, service: MeetingStagesService
) -> None:
    case_id = _case(workspace)
    _issues(workspace, case_id, IssueOutcome.NOT_AGREED)  # no agreement: nothing to acknowledge
    _put_at(workspace, case_id, Stage.AGREEMENT)
    view = service.state(case_id)
    assert [f.key for f in view.assessment.blockers] == ["childs_views_required"]
    with pytest.raises(ValidationError, match=r"R14, CFA s\.56\(1\)\(e\)"):
        service.advance(case_id)
    assert service.state(case_id).stage is Stage.AGREEMENT
    _childs_views(workspace, case_id)  # "not reasonably practicable" is a record too
    result = service.advance(case_id)
    assert result.stage is Stage.CLOSE
    assert service.state(case_id).status is CaseStatus.IN_MEETING


def test_r14_does_not_apply_when_the_young_person_is_the_party(
    workspace: Workspace, service: MeetingStagesService
) -> None:
    case_id = _case(workspace, Role.YOUNG_PERSON)
    _issues(workspace, case_id, IssueOutcome.NOT_AGREED)
    _put_at(workspace, case_id, Stage.AGREEMENT)
    assert service.state(case_id).assessment.blockers == ()
    assert service.advance(case_id).stage is Stage.CLOSE


def test_declined_family_cannot_enter_opening(
    workspace: Workspace, service: MeetingStagesService
) -> None:
    case_id = _case(workspace)
    _meeting(workspace, case_id)
    with workspace.transaction() as session:
        session.add(
            StatutoryDates(
                case_id=case_id,
                family_decision=FamilyDecision.DECLINE,
                notice_given_on=date(2026, 3, 20),
            )
        )
    with pytest.raises(ValidationError, match="declined mediation"):
        service.advance(case_id)
    assert service.state(case_id).stage is Stage.PREPARATION


def test_authority_not_confirmed_warns_until_acknowledged(
    workspace: Workspace, service: MeetingStagesService
) -> None:
    case_id = _case(workspace)
    meeting_id = _meeting(workspace, case_id)
    cancelled_id = _meeting(workspace, case_id, cancelled=True)
    _officer(workspace, case_id, meeting_id, Role.LA_OFFICER, None)
    _officer(workspace, case_id, meeting_id, Role.ICB_OFFICER, True)
    # An officer listed only for a cancelled meeting is not attending.
    _officer(workspace, case_id, cancelled_id, Role.LA_OFFICER, False)
    _put_at(workspace, case_id, Stage.OPENING)
    service.tick(case_id, Stage.OPENING, "agreement_to_mediate_signed", True)
    view = service.state(case_id)
    [warning] = view.assessment.unacknowledged
    assert warning.key == "authority_not_confirmed"
    assert "Local authority officer (authority not confirmed)" in warning.message
    assert "ICB (formerly CCG) officer" not in warning.message
    assert "Pat Officer" not in warning.message
    with pytest.raises(ValidationError, match="Acknowledge first: Authority to settle"):
        service.advance(case_id)
    service.acknowledge(case_id, Stage.OPENING, "authority_not_confirmed")
    assert service.advance(case_id).stage is Stage.OPENING_STATEMENTS


def test_confirmed_authority_ticks_the_check_itself(
    workspace: Workspace, service: MeetingStagesService
) -> None:
    case_id = _case(workspace)
    meeting_id = _meeting(workspace, case_id)
    _officer(workspace, case_id, meeting_id, Role.LA_OFFICER, True)
    _put_at(workspace, case_id, Stage.OPENING)
    items = {s.item.key: s for s in service.state(case_id).assessment.items}
    assert items["authority_checked"].done
    assert items["authority_checked"].by_fact


def test_facts_are_gathered_from_the_workspace(workspace: Workspace) -> None:
    case_id = _case(workspace)
    meeting_id = _meeting(workspace, case_id)
    la_id = _officer(workspace, case_id, meeting_id, Role.LA_OFFICER, False)
    _issues(workspace, case_id, IssueOutcome.NOT_AGREED, IssueOutcome.NOT_AGREED)
    with workspace.transaction() as session:
        parent_id = session.execute(
            sa.select(CaseParticipant.id).where(
                CaseParticipant.case_id == case_id, CaseParticipant.role == Role.PARENT_CARER
            )
        ).scalar_one()
        for participant_id in (parent_id, la_id):
            session.add(
                ContactLogEntry(case_id=case_id, participant_id=participant_id, occurred_at=T0)
            )
        session.add(Proposal(case_id=case_id, text="Speech and language review"))
        session.add(
            StatutoryDates(
                case_id=case_id, family_decision=FamilyDecision.MEDIATE, shorter_notice_agreed=True
            )
        )
        session.add(Agreement(case_id=case_id, status=AgreementStatus.SIGNED))
        session.add(
            Certificate(
                case_id=case_id,
                kind=CertificateKind.AFTER_MEDIATION,
                reference="MS-C-0001",
                issued_on=date(2026, 4, 2),
                issuer_name="M",
                issuer_role="Mediator",
            )
        )
        case = session.get(Case, case_id)
        assert case is not None
        case.agreement_to_mediate_signed_at = T0
    with workspace.transaction() as session:
        repository = StageRepository(session)
        stored = repository.stored(case_id)
        assert stored is not None
        facts = repository.facts(stored)
    assert facts.parent_is_party
    assert not facts.child_views_recorded
    assert facts.la_or_icb_attendees == 1
    assert facts.la_or_icb_attendees_without_authority == (
        "Local authority officer (no authority to settle)",
    )
    assert (facts.issues_count, facts.proposals_count) == (2, 1)
    assert facts.no_agreement_recorded
    assert facts.agreement_signed
    assert facts.agreement_to_mediate_signed
    assert facts.family_decision_recorded
    assert not facts.family_decision_declined
    assert facts.meeting_scheduled
    assert facts.notice_given
    assert facts.every_party_contacted
    assert facts.certificate_issued


def test_every_party_needs_a_call(workspace: Workspace) -> None:
    case_id = _case(workspace)
    meeting_id = _meeting(workspace, case_id)
    la_id = _officer(workspace, case_id, meeting_id, Role.LA_OFFICER, True)
    with workspace.transaction() as session:
        session.add(ContactLogEntry(case_id=case_id, participant_id=la_id, occurred_at=T0))
    with workspace.transaction() as session:
        repository = StageRepository(session)
        stored = repository.stored(case_id)
        assert stored is not None
        # The LA was called, the family not yet.
        assert not repository.facts(stored).every_party_contacted


def test_breaks_are_left_out_of_the_elapsed_time(
    workspace: Workspace, service: MeetingStagesService
) -> None:
    case_id = _case(workspace)
    _meeting(workspace, case_id)
    with pytest.raises(ValidationError, match="has not started"):
        service.start_break(case_id, now=at(-5))
    service.acknowledge(case_id, Stage.PREPARATION, "notice_not_recorded")
    service.advance(case_id, now=at(0))
    service.start_break(case_id, now=at(30))
    assert service.state(case_id).on_break
    assert service.elapsed(case_id, now=at(40)) == timedelta(minutes=30)
    with pytest.raises(ValidationError, match="already running"):
        service.start_break(case_id, now=at(41))
    service.end_break(case_id, now=at(45))
    assert not service.state(case_id).on_break
    assert service.elapsed(case_id, now=at(60)) == timedelta(minutes=45)
    with pytest.raises(ValidationError, match="no break running"):
        service.end_break(case_id, now=at(61))
    actions = [action for action, *_rest in _audit(workspace)]
    assert actions.count("start_break") == 1
    assert actions.count("end_break") == 1


def test_entering_after_the_meeting_ends_the_meeting_and_its_break(
    workspace: Workspace, service: MeetingStagesService
) -> None:
    case_id = _case(workspace)
    meeting_id = _meeting(workspace, case_id)
    _childs_views(workspace, case_id)
    with workspace.transaction() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.started_at = at(0)
        session.add(MeetingBreak(meeting_id=meeting_id, started_at=at(100)))
        case = session.get(Case, case_id)
        assert case is not None
        case.status = CaseStatus.IN_MEETING
    _put_at(workspace, case_id, Stage.CLOSE)
    assert service.advance(case_id, now=at(120)).stage is Stage.AFTER_MEETING
    view = service.state(case_id)
    assert view.status is CaseStatus.AFTER_MEETING
    assert not view.on_break
    # The clock stopped when the meeting ended: 120 minutes less a 20-minute break.
    assert service.elapsed(case_id, now=at(500)) == timedelta(minutes=100)
    with pytest.raises(ValidationError, match="has ended"):
        service.start_break(case_id, now=at(501))
    with pytest.raises(ValidationError, match="last stage"):
        service.advance(case_id)


def test_a_whole_meeting_from_preparation_to_after(
    workspace: Workspace, service: MeetingStagesService
) -> None:
    case_id = _case(workspace)
    meeting_id = _meeting(workspace, case_id)
    _officer(workspace, case_id, meeting_id, Role.LA_OFFICER, True)
    _childs_views(workspace, case_id)
    _issues(workspace, case_id, IssueOutcome.AGREED)
    with workspace.transaction() as session:
        session.add(StatutoryDates(case_id=case_id, notice_given_on=date(2026, 3, 20)))
        session.add(Agreement(case_id=case_id, status=AgreementStatus.SIGNED))
    service.tick(case_id, Stage.PREPARATION, "agreement_to_mediate_sent", True)
    # Jump straight to the agenda: the stages on the way are checked, and Opening warns.
    with pytest.raises(ValidationError, match="Agreement to Mediate is not recorded"):
        service.revisit(case_id, Stage.AGENDA, now=at(0))
    assert service.state(case_id).stage is Stage.PREPARATION
    service.advance(case_id, now=at(0))
    service.tick(case_id, Stage.OPENING, "agreement_to_mediate_signed", True)
    jump = service.revisit(case_id, Stage.AGENDA, now=at(5))
    assert jump.passed == (Stage.OPENING, Stage.OPENING_STATEMENTS, Stage.CHILDS_VIEWS)
    minute = 10
    while service.state(case_id).stage is not Stage.AFTER_MEETING:
        service.advance(case_id, now=at(minute))
        minute += 10
    view = service.state(case_id)
    assert view.status is CaseStatus.AFTER_MEETING
    assert view.visited == tuple(Stage)
    assert view.progress == (10, 10)
    rows = _rows(workspace, case_id)
    assert set(rows) == set(Stage)
    assert all(
        row.left_at is not None for stage, row in rows.items() if stage is not Stage.AFTER_MEETING
    )
    assert rows[Stage.AFTER_MEETING].left_at is None
    # Stages passed in the jump were entered and left in the same moment.
    assert rows[Stage.OPENING_STATEMENTS].entered_at == rows[Stage.OPENING_STATEMENTS].left_at
    assert service.elapsed(case_id, now=at(1000)) == timedelta(minutes=minute - 10)


def test_ending_the_meeting_starts_the_certificate_clock(
    workspace: Workspace, service: MeetingStagesService
) -> None:
    from sendmed_desktop.services.timeline import TimelineService
    from sendmed_desktop.storage.models import StatutoryDates

    case_id = _case(workspace)
    meeting_id = _meeting(workspace, case_id)
    _childs_views(workspace, case_id)
    with workspace.transaction() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.started_at = at(0)
    _put_at(workspace, case_id, Stage.CLOSE)
    service.advance(case_id, now=at(120))
    with workspace.transaction() as session:
        dates = session.get(StatutoryDates, case_id)
        assert dates is not None
        concluded = dates.meeting_concluded_on
    assert concluded == at(120).date()
    rules = [e.deadline.rule for e in TimelineService(workspace).case_timeline(case_id)]
    assert "R7" in rules


def test_a_concluded_date_entered_by_hand_is_kept(
    workspace: Workspace, service: MeetingStagesService
) -> None:
    from datetime import date

    from sendmed_desktop.storage.models import StatutoryDates

    case_id = _case(workspace)
    meeting_id = _meeting(workspace, case_id)
    _childs_views(workspace, case_id)
    with workspace.transaction() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.started_at = at(0)
        session.add(StatutoryDates(case_id=case_id, meeting_concluded_on=date(2020, 1, 2)))
    _put_at(workspace, case_id, Stage.CLOSE)
    service.advance(case_id, now=at(120))
    with workspace.transaction() as session:
        dates = session.get(StatutoryDates, case_id)
        assert dates is not None
        assert dates.meeting_concluded_on == date(2020, 1, 2)
        assert dates.meeting_held_on == at(0).date()
