"""The end of compulsory school age, who is the family's party, and who acts for a young person."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sendmed_desktop.domain.parties import (
    ActingAuthority,
    AlternativePerson,
    PartyFacts,
    Severity,
    age_on,
    end_of_compulsory_school_age,
    family_party_role,
    is_young_person,
    last_friday_in_june,
    party_findings,
)
from sendmed_desktop.domain.vocabulary import Role


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2022, date(2022, 6, 24)),
        (2023, date(2023, 6, 30)),  # 30 June is itself a Friday
        (2024, date(2024, 6, 28)),
        (2025, date(2025, 6, 27)),
        (2026, date(2026, 6, 26)),
        (2027, date(2027, 6, 25)),
        (2028, date(2028, 6, 30)),
        (2029, date(2029, 6, 29)),
    ],
)
def test_last_friday_in_june(year: int, expected: date) -> None:
    found = last_friday_in_june(year)
    assert found == expected
    assert found.weekday() == 4
    assert (found + timedelta(days=7)).month == 7


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        # The 2025/26 school year: born 1 Sep 2009 to 31 Aug 2010.
        (date(2009, 9, 1), date(2026, 6, 26)),
        (date(2009, 12, 31), date(2026, 6, 26)),
        (date(2010, 1, 1), date(2026, 6, 26)),
        (date(2010, 8, 31), date(2026, 6, 26)),
        # A day either side of that school year.
        (date(2009, 8, 31), date(2025, 6, 27)),
        (date(2010, 9, 1), date(2027, 6, 25)),
        # Leap-day birthdays: only the month decides the school year.
        (date(2008, 2, 29), date(2024, 6, 28)),
        (date(2012, 2, 29), date(2028, 6, 30)),
        (date(2011, 3, 1), date(2027, 6, 25)),
    ],
)
def test_end_of_compulsory_school_age(born: date, expected: date) -> None:
    assert end_of_compulsory_school_age(born) == expected


@pytest.mark.parametrize(
    ("born", "on", "expected"),
    [
        (date(2010, 5, 17), date(2026, 5, 16), 15),
        (date(2010, 5, 17), date(2026, 5, 17), 16),
        # Born on 29 February: a year older on 1 March in a common year, not on 28 February.
        (date(2008, 2, 29), date(2025, 2, 28), 16),
        (date(2008, 2, 29), date(2025, 3, 1), 17),
        (date(2008, 2, 29), date(2024, 2, 29), 16),
    ],
)
def test_age_on(born: date, on: date, expected: int) -> None:
    assert age_on(born, on) == expected


@pytest.mark.parametrize(
    ("born", "on", "expected"),
    [
        (date(2009, 9, 1), date(2026, 6, 25), False),
        (date(2009, 9, 1), date(2026, 6, 26), True),
        # Born on 31 August, still 15, yet a young person from the last Friday in June.
        (date(2010, 8, 31), date(2026, 6, 26), True),
        (date(2010, 8, 31), date(2026, 6, 25), False),
        # Born on 1 September: already 16 in June 2026, but a child until June 2027.
        (date(2010, 9, 1), date(2026, 9, 1), False),
        (date(2010, 9, 1), date(2027, 6, 25), True),
    ],
)
def test_is_young_person_and_the_family_party(born: date, on: date, expected: bool) -> None:
    assert is_young_person(born, on) is expected
    expected_role = Role.YOUNG_PERSON if expected else Role.PARENT_CARER
    assert family_party_role(born, on) is expected_role


def _child(born: date | None, *, role: Role = Role.CHILD, is_party: bool = False) -> PartyFacts:
    return PartyFacts(1, "Ellis", role, is_party, date_of_birth=born)


def _parent(*, is_party: bool = True) -> PartyFacts:
    return PartyFacts(2, "Sam", Role.PARENT_CARER, is_party)


def _keys(findings: list) -> set[str]:
    return {finding.key for finding in findings}


def test_parent_party_for_a_young_person_is_flagged_in_plain_words() -> None:
    findings = party_findings([_child(date(2007, 3, 1)), _parent()], date(2026, 7, 1))
    by_key = {f.key: f for f in findings}
    assert set(by_key) == {"party.child_is_young_person:1", "party.young_person_is_party:1"}
    message = by_key["party.young_person_is_party:1"].message
    assert message == (
        "Ellis is 19: from Friday 30 June 2023 the young person, not the parent, is the party "
        "(SEND Regulations 2014, regs 63–65 allow an alternative person if they lack capacity)."
    )
    assert by_key["party.young_person_is_party:1"].severity is Severity.WARNING


def test_young_person_as_party_raises_nothing() -> None:
    people = [
        _child(date(2007, 3, 1), role=Role.YOUNG_PERSON, is_party=True),
        _parent(is_party=False),
    ]
    assert party_findings(people, date(2026, 7, 1)) == []


def test_the_rule_turns_on_the_last_friday_in_june() -> None:
    people = [_child(date(2010, 8, 31)), _parent()]
    assert party_findings(people, date(2026, 6, 25)) == []
    assert "party.young_person_is_party:1" in _keys(party_findings(people, date(2026, 6, 26)))


def test_a_child_recorded_as_the_party_is_flagged() -> None:
    people = [_child(date(2014, 1, 10), role=Role.YOUNG_PERSON, is_party=True), _parent()]
    (finding,) = party_findings(people, date(2026, 7, 1))
    assert finding.key == "party.still_a_child:1"
    assert finding.message.startswith("Ellis is 12: until Friday 28 June 2030 they are a child")


def test_missing_date_of_birth_and_missing_party() -> None:
    findings = party_findings([_child(None), _parent(is_party=False)], date(2026, 7, 1))
    by_key = {f.key: f.severity for f in findings}
    assert by_key == {
        "party.no_family_party": Severity.PROBLEM,
        "party.no_date_of_birth:1": Severity.INFORMATION,
    }


def test_a_case_with_nobody_it_is_about_is_flagged() -> None:
    assert _keys(party_findings([_parent()], date(2026, 7, 1))) == {"party.no_subject"}


def _acting(
    participant_id: int,
    name: str,
    authority: ActingAuthority | None,
    reason: str = "Lacks capacity to mediate: assessed 3 March 2026",
    *,
    acts_for: int | None = 1,
    is_party: bool = True,
) -> PartyFacts:
    return PartyFacts(
        participant_id,
        name,
        Role.ALTERNATIVE_PERSON,
        is_party,
        acts_for_id=acts_for,
        acting_basis=AlternativePerson(authority, reason).stored(),
    )


def _young_person(*, is_party: bool = False) -> PartyFacts:
    return PartyFacts(1, "Ellis", Role.YOUNG_PERSON, is_party, date_of_birth=date(2006, 5, 1))


def test_a_deputy_acting_for_a_young_person_is_in_order() -> None:
    people = [_young_person(), _acting(3, "Robin", ActingAuthority.DEPUTY)]
    assert party_findings(people, date(2026, 7, 1)) == []


def test_the_alternative_person_takes_the_young_persons_place() -> None:
    people = [_young_person(is_party=True), _acting(3, "Robin", ActingAuthority.ATTORNEY)]
    (finding,) = party_findings(people, date(2026, 7, 1))
    assert finding.key == "party.young_person_represented:3"
    assert finding.severity is Severity.INFORMATION


def test_a_parent_may_act_only_when_there_is_no_deputy_or_attorney() -> None:
    people = [
        _young_person(),
        _acting(3, "Sam", ActingAuthority.PARENT),
        _acting(4, "Robin", ActingAuthority.DEPUTY, is_party=False),
    ]
    by_key = {f.key: f for f in party_findings(people, date(2026, 7, 1))}
    assert set(by_key) == {"party.representative_first:3", "party.alternative_not_party:4"}
    assert by_key["party.representative_first:3"].message.startswith(
        "Robin is Ellis's Court of Protection deputy, so acts for them instead of Sam"
    )


def test_acting_without_authority_or_reason_is_a_problem() -> None:
    people = [_young_person(), _acting(3, "Robin", None, reason="  ")]
    by_key = {f.key: f for f in party_findings(people, date(2026, 7, 1))}
    assert set(by_key) == {"party.acting_authority_missing:3", "party.acting_reason_missing:3"}
    assert all(f.severity is Severity.PROBLEM for f in by_key.values())
    assert "Record why Robin acts for Ellis" in by_key["party.acting_reason_missing:3"].message


def test_an_alternative_person_acts_only_for_a_young_person() -> None:
    child = PartyFacts(1, "Ellis", Role.YOUNG_PERSON, False, date_of_birth=date(2014, 5, 1))
    no_one = _acting(4, "Kit", ActingAuthority.DEPUTY, acts_for=None)
    keys = _keys(
        party_findings(
            [child, _acting(3, "Robin", ActingAuthority.DEPUTY), no_one], date(2026, 7, 1)
        )
    )
    assert {"party.acts_for_child:3", "party.acts_for_nobody:4"} <= keys


@pytest.mark.parametrize(
    ("record", "stored"),
    [
        (
            AlternativePerson(ActingAuthority.DEPUTY, "Order of 2 Feb 2026"),
            "court_of_protection_deputy: Order of 2 Feb 2026",
        ),
        (
            AlternativePerson(ActingAuthority.PARENT, "No deputy: parent acts"),
            "parent: No deputy: parent acts",
        ),
        (
            AlternativePerson(None, "Free text: written before authorities"),
            "Free text: written before authorities",
        ),
    ],
)
def test_acting_basis_round_trips_through_its_one_column(
    record: AlternativePerson, stored: str
) -> None:
    assert record.stored() == stored
    assert AlternativePerson.from_stored(stored) == record


def test_acting_basis_problems_name_the_people() -> None:
    assert (
        AlternativePerson(ActingAuthority.ATTORNEY, "Lasting power of attorney").problems(
            "Robin", "Ellis"
        )
        == []
    )
    (problem,) = AlternativePerson(None, "reason").problems("Robin", "Ellis")
    assert problem.startswith("Record on what authority Robin acts for Ellis")
    assert AlternativePerson.from_stored(None) == AlternativePerson(None, "")


def test_labels_read_well() -> None:
    assert ActingAuthority.DEPUTY.label == "Court of Protection deputy"
    assert Severity.PROBLEM.label == "Problem"
    assert Severity.WARNING.symbol == "⚠"
