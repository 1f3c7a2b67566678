"""The people in a case and their roles: who is a party, who acts for whom, who supports whom."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sendmed_desktop.domain import parties
from sendmed_desktop.domain.parties import (
    FAMILY_PARTY_ROLES,
    SUBJECT_ROLES,
    ActingAuthority,
    AlternativePerson,
    Finding,
    PartyFacts,
)
from sendmed_desktop.domain.vocabulary import Role
from sendmed_desktop.services.intake_base import (
    IntakeBase,
    case_of,
    cleaned,
    found,
    refuse_if,
    today,
    too_long,
)
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.intake_repository import IntakeRepository
from sendmed_desktop.storage.models import Case, CaseParticipant, Person

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# The parties are the family (parent, young person or alternative person), the LA and the ICB.
_MAY_BE_PARTY = FAMILY_PARTY_ROLES | {Role.LA_OFFICER, Role.ICB_OFFICER}


@dataclass(frozen=True)
class ParticipantEntry:
    """What the mediator enters about one person in the case (to add or to change them)."""

    full_name: str
    role: Role
    is_party: bool = False
    organisation: str | None = None
    job_title: str | None = None
    email: str | None = None
    phone: str | None = None
    date_of_birth: date | None = None
    communication_needs: str | None = None
    acts_for_participant_id: int | None = None
    acting_authority: ActingAuthority | None = None
    acting_basis: str | None = None
    supports_participant_id: int | None = None
    relationship_to_child: str | None = None

    def problems(self, on: date) -> list[str]:
        """Return what is wrong with the entry on its own, in the mediator's words."""
        # Problems name the person; without a name, "This person" opens a sentence.
        name = self.full_name.strip() or "this person"
        who = self.full_name.strip() or "This person"
        problems = []
        if not self.full_name.strip():
            problems.append("Enter the person's full name.")
        problems += too_long(self.full_name, 200, "The name")
        problems += too_long(self.organisation, 200, "The organisation")
        problems += too_long(self.job_title, 200, "The job title")
        problems += too_long(self.email, 200, "The email address")
        problems += too_long(self.phone, 60, "The phone number")
        problems += too_long(self.relationship_to_child, 100, "The relationship to the child")
        email = cleaned(self.email)
        if email is not None and not _EMAIL.fullmatch(email):
            problems.append(
                f"“{email}” is not an email address: it should look like name@example.org."
            )
        phone = cleaned(self.phone)
        if phone is not None and not any(ch.isdigit() for ch in phone):
            problems.append(f"“{phone}” is not a phone number: it has no digits.")
        if self.date_of_birth is not None and self.date_of_birth > on:
            problems.append(f"{who}'s date of birth is in the future.")
        if self.is_party and self.role not in _MAY_BE_PARTY:
            problems.append(
                f"{who} cannot be a party as {_with_article(self.role)}: the parties are the "
                "parent or young person (or the alternative person acting for them), the local "
                "authority and the ICB."
            )
        problems += self._acting_problems(name)
        if self.role is Role.SUPPORTER and self.supports_participant_id is None:
            problems.append(f"Choose whom {name} supports.")
        if self.supports_participant_id is not None and self.is_party:
            problems.append(f"{who} is a party, so cannot also be recorded as someone's supporter.")
        return problems

    def _acting_problems(self, name: str) -> list[str]:
        if self.role is not Role.ALTERNATIVE_PERSON:
            acting = (
                self.acts_for_participant_id,
                self.acting_authority,
                cleaned(self.acting_basis),
            )
            if any(part is not None for part in acting):
                message = (
                    f"Only an alternative person acts for a young person: make {name} an "
                    "alternative person, or clear whom they act for and why."
                )
                return [message]
            return []
        problems = []
        if self.acts_for_participant_id is None:
            problems.append(f"Choose the young person {name} acts for.")
        record = AlternativePerson(self.acting_authority, self.acting_basis or "")
        problems += record.problems(name, "the young person")
        return problems


# Adding and changing take the same entry; the brief's name for it reads well when adding.
NewParticipant = ParticipantEntry


@dataclass(frozen=True)
class ParticipantView:
    """One person in the case, as the GUI shows them."""

    id: int
    full_name: str
    role: Role
    is_party: bool
    organisation: str | None
    job_title: str | None
    email: str | None
    phone: str | None
    date_of_birth: date | None
    communication_needs: str | None
    acts_for_participant_id: int | None
    acting_authority: ActingAuthority | None
    acting_basis: str | None
    supports_participant_id: int | None
    relationship_to_child: str | None

    @property
    def is_subject(self) -> bool:
        """Tell whether this is the child or young person the case is about."""
        return self.role in SUBJECT_ROLES

    @property
    def is_family_party(self) -> bool:
        """Tell whether this person takes part for the family as a party."""
        return self.is_party and self.role in FAMILY_PARTY_ROLES

    def as_entry(self) -> ParticipantEntry:
        """Return the entry that would store this person as they are (to edit a field)."""
        return ParticipantEntry(
            full_name=self.full_name,
            role=self.role,
            is_party=self.is_party,
            organisation=self.organisation,
            job_title=self.job_title,
            email=self.email,
            phone=self.phone,
            date_of_birth=self.date_of_birth,
            communication_needs=self.communication_needs,
            acts_for_participant_id=self.acts_for_participant_id,
            acting_authority=self.acting_authority,
            acting_basis=self.acting_basis,
            supports_participant_id=self.supports_participant_id,
            relationship_to_child=self.relationship_to_child,
        )


class ParticipantIntake(IntakeBase):
    """Add, change, remove and list the people in a case."""

    def participants(self, case_id: int) -> list[ParticipantView]:
        """Return everyone in the case, in the order they were added."""
        with self._workspace.transaction() as session:
            return [participant_view(p) for p in IntakeRepository(session).participants(case_id)]

    def add_participant(self, case_id: int, entry: ParticipantEntry) -> int:
        """Check and store a new person in the case; return their participant id."""
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            case = case_of(repository, case_id)
            others = repository.participants(case_id)
            refuse_if(entry.problems(today()) + _problems_in_case(entry, others))
            participant = CaseParticipant(case_id=case_id, person=Person(full_name=""))
            _store(entry, participant)
            repository.add(participant)
            _keep_subject_name(case, participant)
            repository.touch(case)
            audit.record(
                session, "add", "case_participant", participant.id, detail=f"case {case_id}"
            )
            return participant.id

    def update_participant(self, participant_id: int, entry: ParticipantEntry) -> None:
        """Check and store changes to one person in the case."""
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            participant = found(repository.participant(participant_id), "This person")
            others = [
                p for p in repository.participants(participant.case_id) if p.id != participant_id
            ]
            problems = entry.problems(today()) + _problems_in_case(entry, others)
            refuse_if(problems + _keeps_the_case_whole(participant, others, entry))
            _store(entry, participant)
            case = case_of(repository, participant.case_id)
            _keep_subject_name(case, participant)
            repository.touch(case)
            audit.record(
                session, "update", "case_participant", participant_id, detail=f"case {case.id}"
            )

    def remove_participant(self, participant_id: int) -> None:
        """Remove one person from the case; refuse if the case would lose its family party.

        Their invitations to meetings go with them; contacts, adjustments and expenses stay
        with the case, no longer linked to anyone.
        """
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            participant = found(repository.participant(participant_id), "This person")
            case_id = participant.case_id
            others = [p for p in repository.participants(case_id) if p.id != participant_id]
            refuse_if(_keeps_the_case_whole(participant, others, None))
            person = participant.person
            repository.delete(participant)
            # People are not shared between cases today, but never orphan one who is.
            if repository.other_roles_of_person(person.id, participant_id) == 0:
                repository.delete(person)
            repository.touch(case_of(repository, case_id))
            audit.record(
                session, "remove", "case_participant", participant_id, detail=f"case {case_id}"
            )

    def party_findings(self, case_id: int, on: date | None = None) -> list[Finding]:
        """Check who is the family's party on ``on`` (today by default) and who acts for whom."""
        with self._workspace.transaction() as session:
            people = IntakeRepository(session).participants(case_id)
            facts = [
                PartyFacts(
                    participant_id=p.id,
                    name=p.person.full_name,
                    role=p.role,
                    is_party=p.is_party,
                    date_of_birth=p.person.date_of_birth,
                    acts_for_id=p.acts_for_id,
                    acting_basis=p.acting_basis,
                )
                for p in people
            ]
        return parties.party_findings(facts, on or today())

    def uncontacted_parties(self, case_id: int) -> list[ParticipantView]:
        """Return the parties with no pre-meeting contact logged yet."""
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            contacted = repository.contacted_participant_ids(case_id)
            return [
                participant_view(p)
                for p in repository.participants(case_id)
                if p.is_party and p.id not in contacted
            ]


def participant_view(participant: CaseParticipant) -> ParticipantView:
    """Return the plain view of a stored participant."""
    person = participant.person
    acting = AlternativePerson.from_stored(participant.acting_basis)
    return ParticipantView(
        id=participant.id,
        full_name=person.full_name,
        role=participant.role,
        is_party=participant.is_party,
        organisation=person.organisation,
        job_title=person.job_title,
        email=person.email,
        phone=person.phone,
        date_of_birth=person.date_of_birth,
        communication_needs=person.communication_needs,
        acts_for_participant_id=participant.acts_for_id,
        acting_authority=acting.authority,
        acting_basis=acting.reason or None,
        supports_participant_id=participant.supports_id,
        relationship_to_child=participant.relationship_to_child,
    )


def _with_article(role: Role) -> str:
    label = role.label.lower()
    return f"an {label}" if label[0] in "aeiou" else f"a {label}"


def _problems_in_case(entry: ParticipantEntry, others: list[CaseParticipant]) -> list[str]:
    """Check the entry against everyone else in the case: whom it points at, and the one subject.

    ``others`` leaves out the person being changed, so nobody can act for or support themself.
    """
    name = entry.full_name.strip() or "This person"
    by_id = {p.id: p for p in others}
    problems = []
    if entry.acts_for_participant_id is not None:
        young = by_id.get(entry.acts_for_participant_id)
        if young is None:
            problems.append(f"{name} can act only for the young person in this case.")
        elif young.role is not Role.YOUNG_PERSON:
            problems.append(
                f"{young.person.full_name} is recorded as {_with_article(young.role)}: an "
                "alternative person acts only for a young person, so record them as the young "
                "person first."
            )
    if entry.supports_participant_id is not None and entry.supports_participant_id not in by_id:
        problems.append(f"{name} can support only someone else in this case.")
    if entry.role in SUBJECT_ROLES:
        subject = next((p for p in others if p.role in SUBJECT_ROLES), None)
        if subject is not None:
            problems.append(
                f"This case is already about {subject.person.full_name}: a case is about one "
                "child or young person."
            )
    return problems


def _keeps_the_case_whole(
    participant: CaseParticipant, others: list[CaseParticipant], entry: ParticipantEntry | None
) -> list[str]:
    """Refuse a change or removal that would leave no family party or no subject."""
    name = participant.person.full_name
    still_family_party = entry is not None and entry.is_party and entry.role in FAMILY_PARTY_ROLES
    still_subject = entry is not None and entry.role in SUBJECT_ROLES
    problems = []
    was_family_party = participant.is_party and participant.role in FAMILY_PARTY_ROLES
    other_family_party = any(p.is_party and p.role in FAMILY_PARTY_ROLES for p in others)
    if was_family_party and not still_family_party and not other_family_party:
        problems.append(
            f"{name} is the family's only party: record another parent, carer or young person "
            "as a party first."
        )
    other_subject = any(p.role in SUBJECT_ROLES for p in others)
    if participant.role in SUBJECT_ROLES and not still_subject and not other_subject:
        problems.append(
            f"{name} is the child or young person this case is about: change their details "
            "instead of removing them."
        )
    return problems


def _store(entry: ParticipantEntry, participant: CaseParticipant) -> None:
    """Copy the entry onto the participant and their person record."""
    person: Person = participant.person
    person.full_name = entry.full_name.strip()
    person.date_of_birth = entry.date_of_birth
    person.email = cleaned(entry.email)
    person.phone = cleaned(entry.phone)
    person.organisation = cleaned(entry.organisation)
    person.job_title = cleaned(entry.job_title)
    person.communication_needs = cleaned(entry.communication_needs)
    participant.role = entry.role
    participant.is_party = entry.is_party
    participant.relationship_to_child = cleaned(entry.relationship_to_child)
    participant.supports_id = entry.supports_participant_id
    if entry.role is Role.ALTERNATIVE_PERSON:
        participant.acts_for_id = entry.acts_for_participant_id
        record = AlternativePerson(entry.acting_authority, entry.acting_basis or "")
        participant.acting_basis = record.stored() or None
    else:
        participant.acts_for_id = None
        participant.acting_basis = None


def _keep_subject_name(case: Case, participant: CaseParticipant) -> None:
    """Keep the case list's name for the child or young person in step with their record."""
    if participant.role in SUBJECT_ROLES:
        case.subject_name = participant.person.full_name
