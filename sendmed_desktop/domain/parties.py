"""Who is the family's party: the parent, the young person, or someone acting for them.

From the end of compulsory school age (the last Friday in June of the school year in which
the child turns 16) the young person, not the parent, is the party. A young person who lacks
capacity is represented by an "alternative person": their Court of Protection deputy or
attorney, or, if there is neither, their parent (SEND Regulations 2014, Part 6, regs 63–65;
domain.md §1).

This module also holds `Finding`, the one shape every intake check reports in, so the GUI
draws party, attendance and scheduling findings the same way.

Pure: standard library only; no Qt, no database, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sendmed_desktop.domain.vocabulary import LabelledEnum, Role
from sendmed_desktop.domain.working_days import format_date

__all__ = [
    "FAMILY_PARTY_ROLES",
    "SUBJECT_ROLES",
    "ActingAuthority",
    "AlternativePerson",
    "Finding",
    "PartyFacts",
    "Severity",
    "age_on",
    "end_of_compulsory_school_age",
    "family_party_role",
    "is_young_person",
    "last_friday_in_june",
    "party_findings",
]

COMPULSORY_SCHOOL_AGE = 16
SCHOOL_YEAR_FIRST_MONTH = 9  # England's school year runs 1 September to 31 August
_FRIDAY = 4

# The roles in which the family takes part as a party, and the roles of the person the case
# is about.
FAMILY_PARTY_ROLES = frozenset({Role.PARENT_CARER, Role.YOUNG_PERSON, Role.ALTERNATIVE_PERSON})
SUBJECT_ROLES = frozenset({Role.CHILD, Role.YOUNG_PERSON})

_PART_6 = "SEND Regulations 2014, regs 63–65"


class Severity(StrEnum):
    """How much a finding matters; shown in words and a symbol, never colour alone."""

    INFORMATION = "information"
    WARNING = "warning"
    PROBLEM = "problem"

    @property
    def label(self) -> str:
        return {"information": "Note", "warning": "Check", "problem": "Problem"}[self.value]

    @property
    def symbol(self) -> str:
        return {"information": "ℹ", "warning": "⚠", "problem": "✖"}[self.value]


@dataclass(frozen=True)
class Finding:
    """Something the mediator should know or check, in plain words.

    ``key`` is stable for the same situation (it names the rule and the record), so a
    finding the mediator has acknowledged can be recognised next time.
    """

    key: str
    message: str
    severity: Severity


def last_friday_in_june(year: int) -> date:
    """Return the last Friday in June of ``year``."""
    end_of_june = date(year, 6, 30)
    return end_of_june - timedelta(days=(end_of_june.weekday() - _FRIDAY) % 7)


def end_of_compulsory_school_age(date_of_birth: date) -> date:
    """Return the last Friday in June of the school year in which the child turns 16.

    A child born from 1 September to 31 December turns 16 in the autumn term, so their school
    year ends in the following June; one born from 1 January to 31 August turns 16 in the
    school year ending that same summer. Leap-day birthdays need no special case: only the
    month of birth decides the school year.
    """
    sixteenth_year = date_of_birth.year + COMPULSORY_SCHOOL_AGE
    if date_of_birth.month >= SCHOOL_YEAR_FIRST_MONTH:
        return last_friday_in_june(sixteenth_year + 1)
    return last_friday_in_june(sixteenth_year)


def age_on(date_of_birth: date, on: date) -> int:
    """Return the age in whole years on ``on``.

    Someone born on 29 February is a year older on 1 March in a common year, as English law
    counts it, because their anniversary has not yet arrived on 28 February.
    """
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - int(before_birthday)


def is_young_person(date_of_birth: date, on: date) -> bool:
    """Tell whether someone is past compulsory school age (a young person) on ``on``."""
    return on >= end_of_compulsory_school_age(date_of_birth)


def family_party_role(date_of_birth: date, on: date) -> Role:
    """Return who takes part for the family as the party: the young person or the parent."""
    return Role.YOUNG_PERSON if is_young_person(date_of_birth, on) else Role.PARENT_CARER


class ActingAuthority(LabelledEnum):
    """Why someone may act for a young person who lacks capacity (regs 63–65)."""

    DEPUTY = "court_of_protection_deputy"
    ATTORNEY = "attorney"
    PARENT = "parent"

    @property
    def label(self) -> str:
        return _AUTHORITY_LABELS[self]


_AUTHORITY_LABELS = {
    ActingAuthority.DEPUTY: "Court of Protection deputy",
    ActingAuthority.ATTORNEY: "Attorney under a lasting power of attorney",
    ActingAuthority.PARENT: "Parent (no deputy or attorney)",
}
# The same, as a noun mid-sentence ("Sam is Ellis's attorney").
_REPRESENTATIVE_NOUNS = {
    ActingAuthority.DEPUTY: "Court of Protection deputy",
    ActingAuthority.ATTORNEY: "attorney",
}


@dataclass(frozen=True)
class AlternativePerson:
    """On what authority, and why, someone acts for a young person who lacks capacity.

    The schema keeps this in one text column, ``acting_basis``, as ``"<authority>: <reason>"``;
    text written any other way reads back as a reason with no authority.
    """

    authority: ActingAuthority | None
    reason: str

    def problems(self, acting_name: str, young_person_name: str) -> list[str]:
        """Return what must be recorded before this person can act, in plain words."""
        return [message for _key, message in self.missing(acting_name, young_person_name)]

    def missing(self, acting_name: str, young_person_name: str) -> list[tuple[str, str]]:
        """Return each missing part of the record as (a short key, a plain sentence)."""
        found = []
        if self.authority is None:
            message = (
                f"Record on what authority {acting_name} acts for {young_person_name}: as their "
                "Court of Protection deputy, their attorney, or, if there is neither, as their "
                f"parent ({_PART_6})."
            )
            found.append(("authority", message))
        if not self.reason.strip():
            message = (
                f"Record why {acting_name} acts for {young_person_name}: for example, when and "
                "by whom the young person was found to lack capacity to take part in mediation."
            )
            found.append(("reason", message))
        return found

    def stored(self) -> str:
        """Return the text kept in ``acting_basis``."""
        reason = self.reason.strip()
        return reason if self.authority is None else f"{self.authority.value}: {reason}"

    @classmethod
    def from_stored(cls, text: str | None) -> AlternativePerson:
        """Read back what `stored` wrote."""
        text = text or ""
        prefix, separator, rest = text.partition(": ")
        if separator and prefix in {authority.value for authority in ActingAuthority}:
            return cls(ActingAuthority(prefix), rest)
        return cls(None, text)


@dataclass(frozen=True)
class PartyFacts:
    """One participant, as the party rules need them."""

    participant_id: int
    name: str
    role: Role
    is_party: bool
    date_of_birth: date | None = None
    acts_for_id: int | None = None
    acting_basis: str | None = None


def party_findings(people: Sequence[PartyFacts], on: date) -> list[Finding]:
    """Check who is the family's party on ``on``, and who acts for a young person."""
    found: list[Finding] = []
    family_parties = [p for p in people if p.is_party and p.role in FAMILY_PARTY_ROLES]
    if not family_parties:
        found.append(
            Finding(
                "party.no_family_party",
                "No parent, carer or young person is recorded as a party to this case.",
                Severity.PROBLEM,
            )
        )
    subject = next((p for p in people if p.role in SUBJECT_ROLES), None)
    if subject is None:
        found.append(
            Finding(
                "party.no_subject",
                "Add the child or young person this case is about.",
                Severity.WARNING,
            )
        )
    else:
        found.extend(_subject_findings(subject, people, on))
    found.extend(_alternative_person_findings(people, on))
    return found


def _subject_findings(subject: PartyFacts, people: Sequence[PartyFacts], on: date) -> list[Finding]:
    name = subject.name
    if subject.date_of_birth is None:
        return [
            Finding(
                f"party.no_date_of_birth:{subject.participant_id}",
                f"Enter {name}'s date of birth, so the app can tell who is the party: the parent "
                "until the end of compulsory school age, then the young person.",
                Severity.INFORMATION,
            )
        ]
    ends = end_of_compulsory_school_age(subject.date_of_birth)
    age = age_on(subject.date_of_birth, on)
    acting = [p for p in people if p.role is Role.ALTERNATIVE_PERSON]
    key = subject.participant_id
    found = []
    if on >= ends:
        if subject.role is Role.CHILD:
            found.append(
                Finding(
                    f"party.child_is_young_person:{key}",
                    f"{name} is {age}: from {format_date(ends)} they are a young person, not a "
                    "child; record them as the young person.",
                    Severity.WARNING,
                )
            )
        parent_parties = [p for p in people if p.is_party and p.role is Role.PARENT_CARER]
        if parent_parties and not acting:
            found.append(
                Finding(
                    f"party.young_person_is_party:{key}",
                    f"{name} is {age}: from {format_date(ends)} the young person, not the "
                    f"parent, is the party ({_PART_6} allow an alternative person if they lack "
                    "capacity).",
                    Severity.WARNING,
                )
            )
        elif not subject.is_party and not acting:
            found.append(
                Finding(
                    f"party.young_person_not_party:{key}",
                    f"{name} is {age} and a young person: record them as a party, or record the "
                    "alternative person who acts for them if they lack capacity.",
                    Severity.WARNING,
                )
            )
    elif subject.role is Role.YOUNG_PERSON or subject.is_party:
        found.append(
            Finding(
                f"party.still_a_child:{key}",
                f"{name} is {age}: until {format_date(ends)} they are a child, so the parent, not "
                f"{name}, is the party.",
                Severity.WARNING,
            )
        )
    return found


def _alternative_person_findings(people: Sequence[PartyFacts], on: date) -> list[Finding]:
    by_id = {p.participant_id: p for p in people}
    acting = [p for p in people if p.role is Role.ALTERNATIVE_PERSON]
    found = []
    for person in acting:
        key = person.participant_id
        young = by_id.get(person.acts_for_id) if person.acts_for_id is not None else None
        if young is None or young.role not in SUBJECT_ROLES:
            found.append(
                Finding(
                    f"party.acts_for_nobody:{key}",
                    f"{person.name} is recorded as an alternative person but not as acting for "
                    "the young person.",
                    Severity.PROBLEM,
                )
            )
            continue
        if young.date_of_birth is not None and not is_young_person(young.date_of_birth, on):
            ends = format_date(end_of_compulsory_school_age(young.date_of_birth))
            found.append(
                Finding(
                    f"party.acts_for_child:{key}",
                    f"{person.name} is recorded as acting for {young.name}, but an alternative "
                    f"person acts only for a young person, and {young.name} is one only from "
                    f"{ends}.",
                    Severity.PROBLEM,
                )
            )
        record = AlternativePerson.from_stored(person.acting_basis)
        found.extend(
            Finding(f"party.acting_{part}_missing:{key}", message, Severity.PROBLEM)
            for part, message in record.missing(person.name, young.name)
        )
        if not person.is_party:
            found.append(
                Finding(
                    f"party.alternative_not_party:{key}",
                    f"{person.name} acts for {young.name}, so takes their place as the party: "
                    "record them as a party.",
                    Severity.WARNING,
                )
            )
        if young.is_party:
            found.append(
                Finding(
                    f"party.young_person_represented:{key}",
                    f"While {person.name} acts for {young.name}, {person.name} takes part in "
                    "the mediation in their place (reg 64 and Schedule 3).",
                    Severity.INFORMATION,
                )
            )
        if record.authority is ActingAuthority.PARENT:
            found.extend(_representative_comes_first(person, young, acting))
    return found


def _representative_comes_first(
    parent: PartyFacts, young: PartyFacts, acting: Sequence[PartyFacts]
) -> list[Finding]:
    """Warn when a parent acts although a deputy or attorney is recorded for the same person."""
    for other in acting:
        authority = AlternativePerson.from_stored(other.acting_basis).authority
        # A deputy or attorney comes first; the parent acts only when there is neither.
        noun = _REPRESENTATIVE_NOUNS.get(authority) if authority is not None else None
        if other.acts_for_id == young.participant_id and noun is not None:
            return [
                Finding(
                    f"party.representative_first:{parent.participant_id}",
                    f"{other.name} is {young.name}'s {noun}, so acts for them "
                    f"instead of {parent.name}: a parent is the alternative person only when "
                    f"there is no deputy or attorney ({_PART_6}).",
                    Severity.WARNING,
                )
            ]
    return []
