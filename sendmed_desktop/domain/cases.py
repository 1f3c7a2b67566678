"""Plain value objects for cases, as the core hands them to the GUI and the command line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sendmed_desktop.domain.vocabulary import CaseStatus, Role, Stage

REFERENCE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9/_-]{1,39}$")


class CaseSort(StrEnum):
    """The columns the case list can be sorted by."""

    REFERENCE = "reference"
    SUBJECT = "subject"
    FAMILY = "family"
    AUTHORITY = "authority"
    STATUS = "status"
    UPDATED = "updated"


@dataclass(frozen=True)
class CaseSummary:
    """One row of the case list."""

    id: int
    reference: str
    subject_name: str
    family_names: str
    local_authority: str
    status: CaseStatus
    stage: Stage
    updated_at: datetime


@dataclass(frozen=True)
class NewCase:
    """What the mediator enters to open a case."""

    reference: str
    subject_name: str
    local_authority: str
    party_name: str
    party_role: Role = Role.PARENT_CARER
    subject_date_of_birth: date | None = None
    health_only: bool = False

    def problems(self) -> list[str]:
        """Return what is wrong with the entry, in the mediator's words."""
        found = []
        if not REFERENCE_PATTERN.match(self.reference):
            found.append(
                "The case reference must be 2 to 40 capital letters, digits, '-', '/' or '_'."
            )
        if not self.subject_name.strip():
            found.append("Enter the name of the child or young person.")
        if not self.party_name.strip():
            found.append("Enter the name of the parent, carer or young person who is a party.")
        if not self.local_authority.strip():
            found.append("Enter the local authority.")
        if self.party_role not in {Role.PARENT_CARER, Role.YOUNG_PERSON}:
            found.append("The family's party must be a parent or carer, or the young person.")
        if self.subject_date_of_birth and self.subject_date_of_birth > date.today():  # noqa: DTZ011 - a calendar date
            found.append("The date of birth is in the future.")
        return found
