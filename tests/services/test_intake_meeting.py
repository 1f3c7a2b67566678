"""Scheduling the meeting, inviting people, and the Agreement to Mediate, in a real workspace."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from sendmed_desktop import settings as prefs
from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.domain.vocabulary import IssueArea, MeetingFormat, Role
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.intake import (
    IntakeService,
    IssueEntry,
    MeetingEntry,
    ParticipantEntry,
    Severity,
)
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.clock_repository import ENGLAND
from sendmed_desktop.storage.models import AuditEntry, StatutoryDates

START = datetime(2026, 4, 15, 10, 0, tzinfo=ENGLAND)  # Wednesday 15 April 2026
IN_PERSON = MeetingEntry(
    format=MeetingFormat.IN_PERSON,
    venue="Town Hall, Room 2",
    start=START,
    end=START + timedelta(hours=3),
)


@pytest.fixture
def intake(workspace: Workspace) -> IntakeService:
    return IntakeService(workspace)


@pytest.fixture
def case_id(workspace: Workspace) -> int:
    new = NewCase("SM-2026-0004", "Ellis Green", "Testshire", "Sam Green")
    return CaseService(workspace).create(new).id


def _id(intake: IntakeService, case_id: int, role: Role) -> int:
    return next(p.id for p in intake.participants(case_id) if p.role is role)


def _keys(findings: list) -> dict[str, Severity]:
    return {f.key: f.severity for f in findings}


def test_meetings_round_trip(intake: IntakeService, case_id: int) -> None:
    meeting_id = intake.schedule_meeting(case_id, IN_PERSON)
    (view,) = intake.meetings(case_id)
    assert (view.id, view.format, view.venue, view.cancelled) == (
        meeting_id,
        MeetingFormat.IN_PERSON,
        "Town Hall, Room 2",
        False,
    )
    assert view.start == START
    assert view.end == START + timedelta(hours=3)
    assert view.day == date(2026, 4, 15)
    video = replace(
        IN_PERSON, format=MeetingFormat.VIDEO, venue=None, video_link="https://meet.example/x"
    )
    intake.update_meeting(meeting_id, video)
    (view,) = intake.meetings(case_id)
    assert (view.format, view.venue, view.video_link) == (
        MeetingFormat.VIDEO,
        None,
        "https://meet.example/x",
    )


def test_cancelling_can_be_undone(intake: IntakeService, case_id: int) -> None:
    meeting_id = intake.schedule_meeting(case_id, IN_PERSON)
    intake.cancel_meeting(meeting_id)
    assert intake.meetings(case_id)[0].cancelled is True
    with pytest.raises(ValidationError, match="reinstate it before changing it"):
        intake.update_meeting(meeting_id, IN_PERSON)
    with pytest.raises(ValidationError, match="reinstate it before inviting anyone"):
        intake.invite(meeting_id, _id(intake, case_id, Role.PARENT_CARER))
    intake.reinstate_meeting(meeting_id)
    assert intake.meetings(case_id)[0].cancelled is False


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (replace(IN_PERSON, end=START), "The meeting must end after it starts."),
        (
            replace(IN_PERSON, end=START + timedelta(hours=13)),
            "The meeting is longer than 12 hours: check the start and end times.",
        ),
        (replace(IN_PERSON, video_link="meet.example/x"), "The video link should start with"),
        (replace(IN_PERSON, start=datetime(2026, 4, 15, 10), end=None), "have no time zone"),
    ],
)
def test_bad_meetings_are_refused(
    intake: IntakeService, case_id: int, entry: MeetingEntry, problem: str
) -> None:
    with pytest.raises(ValidationError, match=problem):
        intake.schedule_meeting(case_id, entry)
    assert intake.meetings(case_id) == []


def test_scheduling_findings_read_the_case_and_the_settings(
    intake: IntakeService, case_id: int, workspace: Workspace
) -> None:
    assert _keys(intake.scheduling_findings(case_id)) == {
        "scheduling.no_meeting": Severity.INFORMATION
    }
    christmas_eve = datetime(2026, 12, 24, 10, tzinfo=ENGLAND)
    meeting_id = intake.schedule_meeting(
        case_id, MeetingEntry(format=MeetingFormat.VIDEO, start=christmas_eve)
    )
    with workspace.transaction() as session:
        session.add(
            StatutoryDates(
                case_id=case_id,
                la_informed_on=date(2026, 11, 2),
                notice_given_on=date(2026, 12, 21),
            )
        )
    findings = _keys(intake.scheduling_findings(case_id, on=date(2026, 12, 22)))
    assert findings == {
        f"scheduling.no_link:{meeting_id}": Severity.WARNING,
        f"scheduling.notice:{meeting_id}": Severity.WARNING,  # 3 working days, no consent
        f"scheduling.thirty_days:{meeting_id}": Severity.WARNING,  # due by 2 Dec 2026
    }
    # The workspace's own calendar is used: with Christmas Eve closed, the day is flagged.
    workspace.settings.set(prefs.CHRISTMAS_EVE_CLOSED, True)
    findings = _keys(intake.scheduling_findings(case_id, on=date(2026, 12, 22)))
    assert f"scheduling.not_working_day:{meeting_id}" in findings
    # A cancelled meeting is not checked.
    intake.cancel_meeting(meeting_id)
    assert set(_keys(intake.scheduling_findings(case_id))) == {"scheduling.no_meeting"}


def test_a_held_meeting_is_not_chased_for_notice(
    intake: IntakeService, case_id: int, workspace: Workspace
) -> None:
    meeting_id = intake.schedule_meeting(case_id, IN_PERSON)
    before = _keys(intake.scheduling_findings(case_id, on=date(2026, 4, 20)))
    assert before[f"scheduling.notice:{meeting_id}"] is Severity.WARNING
    with workspace.transaction() as session:
        session.add(StatutoryDates(case_id=case_id, meeting_held_on=date(2026, 4, 15)))
    assert intake.scheduling_findings(case_id, on=date(2026, 4, 20)) == []


def test_invitations_round_trip(intake: IntakeService, case_id: int) -> None:
    meeting_id = intake.schedule_meeting(case_id, IN_PERSON)
    parent = _id(intake, case_id, Role.PARENT_CARER)
    officer = intake.add_participant(
        case_id,
        ParticipantEntry("Pat Lee", Role.LA_OFFICER, is_party=True, organisation="Testshire"),
    )
    parent_attendee = intake.invite(meeting_id, parent)
    officer_attendee = intake.invite(meeting_id, officer)
    with pytest.raises(ValidationError, match="Pat Lee is already invited"):
        intake.invite(meeting_id, officer)
    intake.set_attendance(
        officer_attendee, authority_to_settle=True, consent_to_attend=None, joins_remotely=True
    )
    views = intake.attendees(meeting_id)
    assert [(a.id, a.full_name, a.role, a.organisation) for a in views] == [
        (parent_attendee, "Sam Green", Role.PARENT_CARER, None),
        (officer_attendee, "Pat Lee", Role.LA_OFFICER, "Testshire"),
    ]
    assert (views[1].authority_to_settle, views[1].joins_remotely) == (True, True)
    with pytest.raises(ValidationError, match="Sam Green is not one"):
        intake.set_attendance(
            parent_attendee, authority_to_settle=True, consent_to_attend=None, joins_remotely=False
        )
    intake.uninvite(parent_attendee)
    assert [a.id for a in intake.attendees(meeting_id)] == [officer_attendee]


def test_only_people_in_the_case_are_invited(
    intake: IntakeService, case_id: int, workspace: Workspace
) -> None:
    meeting_id = intake.schedule_meeting(case_id, IN_PERSON)
    other = CaseService(workspace).create(NewCase("SM-2026-0098", "Other", "Testshire", "Kim"))
    stranger = _id(intake, other.id, Role.PARENT_CARER)
    with pytest.raises(ValidationError, match="Choose someone in this case to invite"):
        intake.invite(meeting_id, stranger)
    with pytest.raises(ValidationError, match="This meeting belongs to another case"):
        intake.attendance_findings(other.id, meeting_id)


def test_attendance_findings_follow_the_case(intake: IntakeService, case_id: int) -> None:
    assert set(_keys(intake.attendance_findings(case_id))) == {"attendance.no_meeting"}
    meeting_id = intake.schedule_meeting(case_id, IN_PERSON)
    parent = _id(intake, case_id, Role.PARENT_CARER)
    officer = intake.add_participant(case_id, ParticipantEntry("Pat Lee", Role.LA_OFFICER, True))
    supporters = [
        intake.add_participant(
            case_id, ParticipantEntry(name, Role.SUPPORTER, supports_participant_id=parent)
        )
        for name in ("Alex Moore", "Jo Brown")
    ]
    intake.add_issue(case_id, IssueEntry("Therapy", area=IssueArea.HEALTH))
    for participant in (parent, officer, *supporters):
        intake.invite(meeting_id, participant)
    officer_attendee, second_supporter = (
        next(a.id for a in intake.attendees(meeting_id) if a.participant_id == pid)
        for pid in (officer, supporters[1])
    )
    assert _keys(intake.attendance_findings(case_id)) == {
        "attendance.no_icb": Severity.WARNING,
        f"attendance.authority:{officer_attendee}": Severity.WARNING,
        f"attendance.consent:{second_supporter}": Severity.WARNING,
    }
    intake.set_attendance(
        officer_attendee, authority_to_settle=True, consent_to_attend=None, joins_remotely=False
    )
    intake.set_attendance(
        second_supporter, authority_to_settle=None, consent_to_attend=True, joins_remotely=False
    )
    assert set(_keys(intake.attendance_findings(case_id, meeting_id))) == {"attendance.no_icb"}


def test_agreement_to_mediate(intake: IntakeService, case_id: int, workspace: Workspace) -> None:
    assert intake.agreement_to_mediate_signed_at(case_id) is None
    signed = datetime(2026, 4, 15, 10, 5, tzinfo=ENGLAND)
    intake.record_agreement_to_mediate(case_id, signed)
    assert intake.agreement_to_mediate_signed_at(case_id) == signed
    with pytest.raises(ValidationError, match="cannot be signed in the future"):
        intake.record_agreement_to_mediate(case_id, datetime.now(UTC) + timedelta(days=1))
    with pytest.raises(ValidationError, match="no time zone"):
        intake.record_agreement_to_mediate(case_id, datetime(2026, 4, 15, 10, 5))
    intake.clear_agreement_to_mediate(case_id)
    assert intake.agreement_to_mediate_signed_at(case_id) is None
    with workspace.transaction() as session:
        entries = session.execute(sa.select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
        trail = [(e.action, e.entity_type, e.entity_id) for e in entries][-2:]
    assert trail == [
        ("record", "agreement_to_mediate", case_id),
        ("clear", "agreement_to_mediate", case_id),
    ]
