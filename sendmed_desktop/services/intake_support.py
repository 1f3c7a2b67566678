"""Preparing the people: pre-meeting contacts and reasonable adjustments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sendmed_desktop.domain.vocabulary import LabelledEnum
from sendmed_desktop.services.intake_base import (
    IntakeBase,
    is_aware,
    now,
    participant_names,
    refuse_if,
)
from sendmed_desktop.storage.intake_repository import IntakeRepository
from sendmed_desktop.storage.models import (
    ContactLogEntry,
    ReasonableAdjustment,
)

E = TypeVar("E", bound=LabelledEnum)


class ContactChannel(LabelledEnum):
    """How a pre-meeting contact happened."""

    PHONE = "phone"
    VIDEO = "video"
    EMAIL = "email"
    IN_PERSON = "in_person"
    LETTER = "letter"
    TEXT_MESSAGE = "text_message"
    OTHER = "other"


class AdjustmentKind(LabelledEnum):
    """The kinds of reasonable adjustment a mediator arranges (domain.md §5)."""

    VENUE_OR_ACCESS = "venue_or_access"
    ONLINE = "online"
    BREAKS = "breaks"
    INTERPRETER = "interpreter"
    COMMUNICATION = "communication"
    ADVOCACY = "advocacy"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _ADJUSTMENT_LABELS[self]


_ADJUSTMENT_LABELS = {
    AdjustmentKind.VENUE_OR_ACCESS: "Venue or access",
    AdjustmentKind.ONLINE: "Taking part online",
    AdjustmentKind.BREAKS: "Breaks",
    AdjustmentKind.INTERPRETER: "Interpreter",
    AdjustmentKind.COMMUNICATION: "Communication needs",
    AdjustmentKind.ADVOCACY: "Advocacy",
    AdjustmentKind.OTHER: "Other",
}


@dataclass(frozen=True)
class ContactEntry:
    """One pre-meeting call or contact, as the mediator logs it."""

    participant_id: int | None
    occurred_at: datetime
    channel: ContactChannel = ContactChannel.PHONE
    summary: str = ""

    def problems(self, moment: datetime) -> list[str]:
        """Return what is wrong with the entry, in the mediator's words."""
        if not is_aware(self.occurred_at):
            # A programming slip, not the mediator's: a naive time cannot be placed in UTC.
            return ["The time of the contact has no time zone."]
        if self.occurred_at > moment:
            return ["The contact is in the future: log it once it has happened."]
        return []


@dataclass(frozen=True)
class ContactView:
    """One logged contact, with the name of the person spoken to."""

    id: int
    participant_id: int | None
    participant_name: str | None
    occurred_at: datetime
    channel: ContactChannel
    summary: str


@dataclass(frozen=True)
class AdjustmentEntry:
    """A reasonable adjustment so that someone can take part."""

    kind: AdjustmentKind
    description: str = ""
    participant_id: int | None = None
    arranged: bool = False

    def problems(self) -> list[str]:
        """Return what is wrong with the entry, in the mediator's words."""
        if self.kind is AdjustmentKind.OTHER and not self.description.strip():
            return ["Describe the adjustment."]
        return []


@dataclass(frozen=True)
class AdjustmentView:
    """One reasonable adjustment, with the name of the person it is for."""

    id: int
    participant_id: int | None
    participant_name: str | None
    kind: AdjustmentKind
    description: str
    arranged: bool


class SupportIntake(IntakeBase):
    """Log pre-meeting contacts and keep reasonable adjustments."""

    def log_contact(self, case_id: int, entry: ContactEntry) -> int:
        """Check and log a pre-meeting contact; return its id."""
        refuse_if(entry.problems(now()))
        row = ContactLogEntry(case_id=case_id)
        return self._add_record(
            case_id,
            entry.participant_id,
            row=row,
            store=lambda r: _store_contact(entry, r),
            entity="contact_log_entry",
        )

    def update_contact(self, contact_id: int, entry: ContactEntry) -> None:
        """Check and store changes to a logged contact."""
        refuse_if(entry.problems(now()))
        self._update_record(
            lambda repository: repository.contact(contact_id),
            "This contact",
            participant_id=entry.participant_id,
            store=lambda row: _store_contact(entry, row),
            entity="contact_log_entry",
        )

    def remove_contact(self, contact_id: int) -> None:
        """Remove a logged contact."""
        self._remove_record(
            lambda repository: repository.contact(contact_id), "This contact", "contact_log_entry"
        )

    def contacts(self, case_id: int, participant_id: int | None = None) -> list[ContactView]:
        """Return the case's contacts, oldest first, or only those with one person."""
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            names = participant_names(repository.participants(case_id))
            return [
                ContactView(
                    id=row.id,
                    participant_id=row.participant_id,
                    participant_name=names.get(row.participant_id),
                    occurred_at=row.occurred_at,
                    channel=_known(ContactChannel, row.channel, ContactChannel.OTHER),
                    summary=row.summary,
                )
                for row in repository.contacts(case_id, participant_id)
            ]

    def add_adjustment(self, case_id: int, entry: AdjustmentEntry) -> int:
        """Check and store a reasonable adjustment; return its id."""
        refuse_if(entry.problems())
        row = ReasonableAdjustment(case_id=case_id)
        return self._add_record(
            case_id,
            entry.participant_id,
            row=row,
            store=lambda r: _store_adjustment(entry, r),
            entity="reasonable_adjustment",
        )

    def update_adjustment(self, adjustment_id: int, entry: AdjustmentEntry) -> None:
        """Check and store changes to a reasonable adjustment."""
        refuse_if(entry.problems())
        self._update_record(
            lambda repository: repository.adjustment(adjustment_id),
            "This adjustment",
            participant_id=entry.participant_id,
            store=lambda row: _store_adjustment(entry, row),
            entity="reasonable_adjustment",
        )

    def remove_adjustment(self, adjustment_id: int) -> None:
        """Remove a reasonable adjustment."""
        self._remove_record(
            lambda repository: repository.adjustment(adjustment_id),
            "This adjustment",
            "reasonable_adjustment",
        )

    def adjustments(self, case_id: int) -> list[AdjustmentView]:
        """Return the case's reasonable adjustments in the order they were added."""
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            names = participant_names(repository.participants(case_id))
            return [
                AdjustmentView(
                    id=row.id,
                    participant_id=row.participant_id,
                    participant_name=names.get(row.participant_id),
                    kind=_known(AdjustmentKind, row.kind, AdjustmentKind.OTHER),
                    description=row.description,
                    arranged=row.arranged,
                )
                for row in repository.adjustments(case_id)
            ]


def _known(kind: type[E], value: str, fallback: E) -> E:
    """Read a stored code, treating one this version does not know as ``fallback``."""
    try:
        return kind(value)
    except ValueError:
        return fallback


def _store_contact(entry: ContactEntry, row: ContactLogEntry) -> None:
    row.participant_id = entry.participant_id
    row.occurred_at = entry.occurred_at
    row.channel = entry.channel.value
    row.summary = entry.summary.strip()


def _store_adjustment(entry: AdjustmentEntry, row: ReasonableAdjustment) -> None:
    row.participant_id = entry.participant_id
    row.kind = entry.kind.value
    row.description = entry.description.strip()
    row.arranged = entry.arranged
