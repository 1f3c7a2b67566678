"""Reg 38: who may attend the meeting, and on whose consent or authority."""

from __future__ import annotations

import pytest

from sendmed_desktop.domain.attendance import AttendeeFacts, attendance_findings
from sendmed_desktop.domain.parties import Severity
from sendmed_desktop.domain.vocabulary import Role

PARENT = AttendeeFacts(1, "Sam Green", Role.PARENT_CARER, is_party=True)
OFFICER = AttendeeFacts(2, "Pat Lee", Role.LA_OFFICER, is_party=True, authority_to_settle=True)
HEALTH = AttendeeFacts(3, "Dr Jo Shah", Role.ICB_OFFICER, is_party=True, authority_to_settle=True)


def _by_key(attendees: list[AttendeeFacts], *, health: bool = False, la_is_party: bool = True):
    findings = attendance_findings(attendees, health_in_dispute=health, la_is_party=la_is_party)
    keys = [f.key for f in findings]
    assert len(keys) == len(set(keys)), "each finding has its own key"
    return {f.key: f for f in findings}


def test_the_parties_with_authority_attend_without_findings() -> None:
    assert _by_key([PARENT, OFFICER, HEALTH], health=True) == {}


def test_unconfirmed_authority_is_a_warning() -> None:
    unconfirmed = AttendeeFacts(2, "Pat Lee", Role.LA_OFFICER, authority_to_settle=None)
    finding = _by_key([PARENT, unconfirmed])["attendance.authority:2"]
    assert finding.severity is Severity.WARNING
    assert finding.message.startswith(
        "Pat Lee (the local authority) has no confirmed authority to resolve the issues"
    )


def test_no_authority_at_all_is_a_problem() -> None:
    refused = AttendeeFacts(3, "Dr Jo Shah", Role.ICB_OFFICER, authority_to_settle=False)
    finding = _by_key([PARENT, OFFICER, refused], health=True)["attendance.authority:3"]
    assert finding.severity is Severity.PROBLEM
    assert "no one else from the ICB does" in finding.message


def test_a_colleague_with_authority_makes_it_a_note() -> None:
    note_taker = AttendeeFacts(4, "Chris Day", Role.LA_OFFICER, authority_to_settle=None)
    finding = _by_key([PARENT, OFFICER, note_taker])["attendance.authority:4"]
    assert finding.severity is Severity.INFORMATION
    assert "Pat Lee from the local authority has" in finding.message


def _supporter(attendee_id: int, consent: bool | None = None) -> AttendeeFacts:
    return AttendeeFacts(
        attendee_id,
        f"Supporter {attendee_id}",
        Role.SUPPORTER,
        consent_to_attend=consent,
        supports_family=True,
    )


def test_one_supporter_attends_as_of_right() -> None:
    assert _by_key([PARENT, OFFICER, _supporter(5)]) == {}


def test_a_second_supporter_needs_everyones_consent() -> None:
    finding = _by_key([PARENT, OFFICER, _supporter(5), _supporter(6)])["attendance.consent:6"]
    assert finding.severity is Severity.WARNING
    assert finding.message.startswith(
        "A second supporter needs the consent of all parties (only one attends as of right)"
    )


def test_a_second_supporter_with_consent_is_in_order() -> None:
    assert _by_key([PARENT, OFFICER, _supporter(5), _supporter(6, consent=True)]) == {}
    # Whoever has consent recorded, the other takes the place as of right.
    assert _by_key([PARENT, OFFICER, _supporter(5, consent=True), _supporter(6)]) == {}


def test_the_child_attends_only_with_agreement() -> None:
    child = AttendeeFacts(7, "Ellis Green", Role.CHILD)
    finding = _by_key([PARENT, OFFICER, child])["attendance.consent:7"]
    assert finding.message.startswith(
        "The child may attend only with the parent's and the mediator's agreement"
    )
    agreed = AttendeeFacts(7, "Ellis Green", Role.CHILD, consent_to_attend=True)
    assert _by_key([PARENT, OFFICER, agreed]) == {}


@pytest.mark.parametrize(
    "someone",
    [
        AttendeeFacts(8, "Ms Head", Role.SCHOOL),
        AttendeeFacts(8, "Ms Head", Role.OTHER),
        # A supporter of the local authority does not attend as of right.
        AttendeeFacts(8, "Ms Head", Role.SUPPORTER, supports_family=False),
        # A parent who is not the party (the young person is) is anyone else too.
        AttendeeFacts(8, "Ms Head", Role.PARENT_CARER, is_party=False),
    ],
)
def test_anyone_else_needs_consent(someone: AttendeeFacts) -> None:
    finding = _by_key([PARENT, OFFICER, someone])["attendance.consent:8"]
    assert finding.message.startswith(
        "Anyone else needs the consent of all parties, or failing that the mediator's"
    )


def test_consent_refused_is_a_problem() -> None:
    refused = AttendeeFacts(8, "Ms Head", Role.SCHOOL, consent_to_attend=False)
    assert _by_key([PARENT, OFFICER, refused])["attendance.consent:8"].severity is Severity.PROBLEM


def test_missing_local_authority_icb_and_family() -> None:
    findings = _by_key([], health=True)
    assert set(findings) == {"attendance.no_family_party", "attendance.no_la", "attendance.no_icb"}
    assert findings["attendance.no_la"].message == "No one from the local authority is attending."
    assert findings["attendance.no_icb"].message.startswith(
        "Health issues are in dispute but no ICB"
    )


def test_health_only_mediation_needs_no_local_authority() -> None:
    assert _by_key([PARENT, HEALTH], health=True, la_is_party=False) == {}
