"""The people in a case, stored in a real encrypted workspace: roles, parties, who acts for whom."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.domain.vocabulary import MeetingFormat, Role
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.intake import (
    ActingAuthority,
    IntakeService,
    MeetingEntry,
    NewParticipant,
    ParticipantEntry,
    ParticipantView,
)
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.clock_repository import ENGLAND
from sendmed_desktop.storage.models import AuditEntry, Person


@pytest.fixture
def intake(workspace: Workspace) -> IntakeService:
    return IntakeService(workspace)


@pytest.fixture
def case_id(workspace: Workspace) -> int:
    new = NewCase(
        "SM-2026-0001",
        "Ellis Green",
        "Testshire",
        "Sam Green",
        subject_date_of_birth=date(2014, 5, 1),
    )
    return CaseService(workspace).create(new).id


def _by_role(intake: IntakeService, case_id: int, role: Role) -> ParticipantView:
    return next(p for p in intake.participants(case_id) if p.role is role)


def test_the_new_case_holds_the_child_and_the_parent(intake: IntakeService, case_id: int) -> None:
    people = intake.participants(case_id)
    assert [(p.full_name, p.role, p.is_party) for p in people] == [
        ("Ellis Green", Role.CHILD, False),
        ("Sam Green", Role.PARENT_CARER, True),
    ]
    assert people[0].is_subject
    assert not people[0].is_family_party
    assert people[1].is_family_party


def test_a_participant_round_trips(intake: IntakeService, case_id: int) -> None:
    entry = NewParticipant(
        full_name="  Pat Lee ",
        role=Role.LA_OFFICER,
        is_party=True,
        organisation="Testshire County Council",
        job_title="SEN team manager",
        email="pat.lee@testshire.gov.uk",
        phone="01234 567890",
        communication_needs="Prefers email",
    )
    participant_id = intake.add_participant(case_id, entry)
    (stored,) = [p for p in intake.participants(case_id) if p.id == participant_id]
    assert stored.as_entry() == replace(entry, full_name="Pat Lee")
    changed = replace(stored.as_entry(), job_title="Head of SEN", phone=" ")
    intake.update_participant(participant_id, changed)
    (stored,) = [p for p in intake.participants(case_id) if p.id == participant_id]
    assert (stored.job_title, stored.phone) == ("Head of SEN", None)


def test_bad_entries_are_refused_in_plain_words(intake: IntakeService, case_id: int) -> None:
    entry = ParticipantEntry(
        full_name=" ",
        role=Role.SCHOOL,
        is_party=True,
        email="not-an-email",
        phone="call the office",
        date_of_birth=date(2999, 1, 1),
    )
    with pytest.raises(ValidationError) as caught:
        intake.add_participant(case_id, entry)
    assert str(caught.value).splitlines() == [
        "Enter the person's full name.",
        "“not-an-email” is not an email address: it should look like name@example.org.",
        "“call the office” is not a phone number: it has no digits.",
        "This person's date of birth is in the future.",
        (
            "This person cannot be a party as a school or college: the parties are the parent "
            "or young person (or the alternative person acting for them), the local authority "
            "and the ICB."
        ),
    ]
    assert len(intake.participants(case_id)) == 2


def test_a_supporter_supports_someone_in_the_case(intake: IntakeService, case_id: int) -> None:
    parent = _by_role(intake, case_id, Role.PARENT_CARER)
    with pytest.raises(ValidationError, match="Choose whom Alex Moore supports"):
        intake.add_participant(case_id, ParticipantEntry("Alex Moore", Role.SUPPORTER))
    with pytest.raises(ValidationError, match="can support only someone else in this case"):
        intake.add_participant(
            case_id, ParticipantEntry("Alex Moore", Role.SUPPORTER, supports_participant_id=9999)
        )
    supporter = ParticipantEntry("Alex Moore", Role.SUPPORTER, supports_participant_id=parent.id)
    supporter_id = intake.add_participant(case_id, supporter)
    assert _by_role(intake, case_id, Role.SUPPORTER).supports_participant_id == parent.id
    assert supporter_id != parent.id


def test_the_last_family_party_cannot_be_removed(intake: IntakeService, case_id: int) -> None:
    parent = _by_role(intake, case_id, Role.PARENT_CARER)
    with pytest.raises(ValidationError, match="Sam Green is the family's only party"):
        intake.remove_participant(parent.id)
    with pytest.raises(ValidationError, match="only party"):
        intake.update_participant(parent.id, replace(parent.as_entry(), is_party=False))
    second = intake.add_participant(
        case_id, ParticipantEntry("Jo Green", Role.PARENT_CARER, is_party=True)
    )
    intake.remove_participant(parent.id)
    assert [p.id for p in intake.participants(case_id) if p.is_family_party] == [second]


def test_the_child_cannot_be_removed_or_doubled(intake: IntakeService, case_id: int) -> None:
    child = _by_role(intake, case_id, Role.CHILD)
    with pytest.raises(ValidationError, match="the child or young person this case is about"):
        intake.remove_participant(child.id)
    with pytest.raises(ValidationError, match="This case is already about Ellis Green"):
        intake.add_participant(case_id, ParticipantEntry("Other Child", Role.CHILD))


def test_the_subject_name_is_kept_in_step(
    intake: IntakeService, case_id: int, workspace: Workspace
) -> None:
    cases = CaseService(workspace)
    child = _by_role(intake, case_id, Role.CHILD)
    intake.update_participant(child.id, replace(child.as_entry(), full_name="Ellis Green-Hart"))
    summary = cases.summary(case_id)
    assert summary is not None
    assert summary.subject_name == "Ellis Green-Hart"
    assert [s.id for s in cases.page("hart")] == [case_id]
    # A change to someone else leaves it alone.
    parent = _by_role(intake, case_id, Role.PARENT_CARER)
    intake.update_participant(parent.id, replace(parent.as_entry(), full_name="Sam Hart"))
    summary = cases.summary(case_id)
    assert summary is not None
    assert summary.subject_name == "Ellis Green-Hart"
    assert summary.family_names == "Sam Hart"


def test_the_young_person_rule_is_a_finding(intake: IntakeService, case_id: int) -> None:
    child = _by_role(intake, case_id, Role.CHILD)
    parent = _by_role(intake, case_id, Role.PARENT_CARER)
    assert intake.party_findings(case_id, on=date(2026, 7, 1)) == []
    # Ellis turns 16 in the 2029/30 school year: from Fri 28 Jun 2030 the young person is the party.
    later = intake.party_findings(case_id, on=date(2030, 7, 1))
    assert {f.key for f in later} == {
        f"party.child_is_young_person:{child.id}",
        f"party.young_person_is_party:{child.id}",
    }
    # Saving did not change anyone silently.
    assert _by_role(intake, case_id, Role.PARENT_CARER).is_party
    # The mediator makes the change: the young person first, then the parent.
    young = replace(child.as_entry(), role=Role.YOUNG_PERSON, is_party=True)
    intake.update_participant(child.id, young)
    intake.update_participant(parent.id, replace(parent.as_entry(), is_party=False))
    assert intake.party_findings(case_id, on=date(2030, 7, 1)) == []


def test_an_alternative_person_acts_for_a_young_person(intake: IntakeService, case_id: int) -> None:
    child = _by_role(intake, case_id, Role.CHILD)
    acting = ParticipantEntry(
        "Robin Green",
        Role.ALTERNATIVE_PERSON,
        is_party=True,
        acts_for_participant_id=child.id,
        acting_authority=ActingAuthority.DEPUTY,
        acting_basis="Court of Protection order of 2 February 2031",
        relationship_to_child="Aunt",
    )
    with pytest.raises(ValidationError, match="record them as the young person first"):
        intake.add_participant(case_id, acting)
    intake.update_participant(child.id, replace(child.as_entry(), role=Role.YOUNG_PERSON))
    with pytest.raises(ValidationError, match="Record why Robin Green acts for the young person"):
        intake.add_participant(case_id, replace(acting, acting_basis="  "))
    acting_id = intake.add_participant(case_id, acting)
    stored = _by_role(intake, case_id, Role.ALTERNATIVE_PERSON)
    assert stored.id == acting_id
    assert stored.as_entry() == acting
    assert intake.party_findings(case_id, on=date(2031, 3, 1)) == []


def test_acting_fields_belong_to_an_alternative_person(intake: IntakeService, case_id: int) -> None:
    child = _by_role(intake, case_id, Role.CHILD)
    with pytest.raises(ValidationError, match="Only an alternative person acts for a young person"):
        intake.add_participant(
            case_id,
            ParticipantEntry("Kit Moore", Role.OTHER, acts_for_participant_id=child.id),
        )


def test_removing_someone_takes_their_invitations_and_person_record(
    intake: IntakeService, case_id: int, workspace: Workspace
) -> None:
    officer = intake.add_participant(
        case_id, ParticipantEntry("Pat Lee", Role.LA_OFFICER, is_party=True)
    )
    meeting = intake.schedule_meeting(
        case_id,
        MeetingEntry(
            format=MeetingFormat.IN_PERSON,
            venue="Town Hall",
            start=datetime(2026, 4, 15, 10, tzinfo=ENGLAND),
        ),
    )
    intake.invite(meeting, officer)
    intake.remove_participant(officer)
    assert intake.attendees(meeting) == []
    with workspace.transaction() as session:
        names = session.execute(sa.select(Person.full_name)).scalars().all()
    assert "Pat Lee" not in names


def test_a_vanished_person_is_explained(intake: IntakeService) -> None:
    with pytest.raises(ValidationError, match="This person no longer exists"):
        intake.remove_participant(424242)


def test_audit_entries_hold_ids_not_names(
    intake: IntakeService, case_id: int, workspace: Workspace
) -> None:
    child = _by_role(intake, case_id, Role.CHILD)
    added = intake.add_participant(
        case_id, ParticipantEntry("Pat Lee", Role.LA_OFFICER, is_party=True, email="p@x.org")
    )
    intake.update_participant(child.id, replace(child.as_entry(), full_name="Ellis Hart"))
    intake.remove_participant(added)
    with workspace.transaction() as session:
        entries = session.execute(sa.select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
        trail = [(e.action, e.entity_type, e.entity_id, e.detail) for e in entries]
    assert trail[-3:] == [
        ("add", "case_participant", added, f"case {case_id}"),
        ("update", "case_participant", child.id, f"case {case_id}"),
        ("remove", "case_participant", added, f"case {case_id}"),
    ]
    text = " ".join(str(part) for row in trail for part in row)
    for personal in ("Pat", "Lee", "Ellis", "Hart", "Green", "Sam", "p@x.org"):
        assert personal not in text
