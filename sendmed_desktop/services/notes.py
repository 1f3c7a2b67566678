"""Notes of what each participant said, saved as the mediator types.

Notes are confidential working notes (domain.md §1): what may leave the mediator is
decided only by ``domain.confidentiality``. The audit trail names note ids, never text.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Final

from sendmed_desktop.domain.vocabulary import Confidentiality, Stage
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.models import ViewNote, utc_now
from sendmed_desktop.storage.notes_repository import NotesRepository

ENTITY = "view_note"
_GONE = "This note has been removed for good and cannot be changed or brought back."
_DELETED = "This note has been deleted. Restore it to keep editing it."

# Autosave runs about once a second while the mediator types. Auditing every save would
# add thousands of entries an hour, and each entry reads the end of the hash chain, so
# the save would slow as the trail grew. Auditing only the first edit per service would
# hide that a note was changed again hours later (after the meeting, say). So an edit is
# audited at most once per note per minute: the trail shows when each note was worked on,
# to the minute, at about one entry a minute of typing.
AUDIT_EDIT_INTERVAL_SECONDS: Final = 60.0


class Keep(Enum):
    """The type of ``KEEP``."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP
"""Leave this field as it is (None is a value: it clears the field)."""


@dataclass(frozen=True)
class NoteView:
    """One note as the GUI shows it."""

    id: int
    case_id: int
    participant_id: int | None
    stage: Stage | None
    confidentiality: Confidentiality
    text: str
    # Private-session notes only: what the party allows to be shared (may be empty).
    shareable_summary: str | None
    recorded_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


def _view(note: ViewNote) -> NoteView:
    return NoteView(
        id=note.id,
        case_id=note.case_id,
        participant_id=note.participant_id,
        stage=note.stage,
        confidentiality=note.confidentiality,
        text=note.text,
        shareable_summary=note.shareable_summary,
        recorded_at=note.recorded_at,
        updated_at=note.updated_at,
        deleted_at=note.deleted_at,
    )


class NotesService:
    """Take, autosave, list, delete and restore notes in one workspace.

    Make one per open case page and keep it: it remembers when each note's edits were
    last audited. Its methods may be called from a worker thread, one call at a time.
    """

    def __init__(
        self, workspace: Workspace, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._workspace = workspace
        self._clock = clock
        self._edit_audited_at: dict[int, float] = {}

    def add_note(
        self,
        case_id: int,
        participant_id: int | None,
        stage: Stage | None,
        confidentiality: Confidentiality,
        text: str = "",
    ) -> NoteView:
        """Start a note, timestamped now; ``participant_id`` None is a general note."""
        with self._workspace.transaction() as session:
            repository = NotesRepository(session)
            if not repository.case_exists(case_id):
                raise ValidationError("This case no longer exists, so the note was not saved.")
            if participant_id is not None:
                _check_participant(repository, participant_id, case_id)
            note = repository.add(case_id, participant_id, stage, confidentiality, text)
            audit.record(session, "create", ENTITY, note.id)
            return _view(note)

    def update_text(self, note_id: int, text: str) -> datetime:
        """Save a note's text as typed (autosave); return when it was saved."""
        return self._update(note_id, {"text": text})

    def update_note(
        self,
        note_id: int,
        *,
        confidentiality: Confidentiality | Keep = KEEP,
        shareable_summary: str | Keep | None = KEEP,
        participant_id: int | Keep | None = KEEP,
    ) -> datetime:
        """Change a note's other fields (autosave); return when it was saved.

        A summary may be kept on a note of any confidentiality, so switching back to a
        private session restores it; only a private-session note's summary is ever shared.
        """
        values: dict[str, Any] = {}
        if confidentiality is not KEEP:
            values["confidentiality"] = confidentiality
        if shareable_summary is not KEEP:
            values["shareable_summary"] = shareable_summary
        if participant_id is not KEEP:
            values["participant_id"] = participant_id
        if not values:
            raise ValueError("update_note needs at least one field to change")
        return self._update(note_id, values)

    def _update(self, note_id: int, values: dict[str, Any]) -> datetime:
        now = self._clock()
        last_audited = self._edit_audited_at.get(note_id)
        audit_due = last_audited is None or now - last_audited >= AUDIT_EDIT_INTERVAL_SECONDS
        detail = ""
        with self._workspace.transaction() as session:
            repository = NotesRepository(session)
            # The plain text-and-summary autosave skips this read: it needs only the UPDATE.
            if "confidentiality" in values or values.get("participant_id") is not None:
                note = _editable_note(repository, note_id)
                if values.get("participant_id") is not None:
                    _check_participant(repository, values["participant_id"], note.case_id)
                if values.get("confidentiality", note.confidentiality) != note.confidentiality:
                    # Who may see the note has changed: always worth a line in the trail.
                    audit_due, detail = True, f"confidentiality={values['confidentiality']}"
            saved_at = repository.update_live_note(note_id, {**values, "updated_at": utc_now()})
            if saved_at is None:
                raise ValidationError(_GONE if repository.get(note_id) is None else _DELETED)
            if audit_due:
                audit.record(session, "update", ENTITY, note_id, detail=detail)
        if audit_due:  # only once the entry is committed
            self._edit_audited_at[note_id] = now
        return saved_at

    def note(self, note_id: int) -> NoteView | None:
        """Return one note, deleted or not, or None if it has been purged."""
        with self._workspace.transaction() as session:
            found = NotesRepository(session).get(note_id)
            return None if found is None else _view(found)

    def notes(
        self, case_id: int, participant_id: int | None = None, include_deleted: bool = False
    ) -> list[NoteView]:
        """Return a case's notes (or one participant's), newest last."""
        with self._workspace.transaction() as session:
            found = NotesRepository(session).for_case(
                case_id, participant_id, include_deleted=include_deleted
            )
            return [_view(note) for note in found]

    def delete_note(self, note_id: int) -> None:
        """Set a note aside; ``restore_note`` undoes it until the case's bin is purged."""
        with self._workspace.transaction() as session:
            repository = NotesRepository(session)
            if repository.set_deleted_at(note_id, utc_now()):
                audit.record(session, "delete", ENTITY, note_id)
            elif repository.get(note_id) is None:
                raise ValidationError(_GONE)
            # Otherwise it was already deleted: deleting twice changes nothing.

    def restore_note(self, note_id: int) -> NoteView:
        """Bring back a deleted note, as it was."""
        with self._workspace.transaction() as session:
            repository = NotesRepository(session)
            if repository.set_deleted_at(note_id, None):
                audit.record(session, "restore", ENTITY, note_id)
            note = repository.get(note_id)
            if note is None:
                raise ValidationError(_GONE)
            return _view(note)

    def purge_deleted(self, case_id: int) -> int:
        """Remove a case's deleted notes for good; return how many went."""
        with self._workspace.transaction() as session:
            repository = NotesRepository(session)
            note_ids = repository.deleted_ids(case_id)
            repository.remove(note_ids)
            for note_id in note_ids:
                audit.record(session, "purge", ENTITY, note_id)
        for note_id in note_ids:
            self._edit_audited_at.pop(note_id, None)
        return len(note_ids)


def _editable_note(repository: NotesRepository, note_id: int) -> ViewNote:
    """Return the note if it can be edited, else raise why not in the mediator's words."""
    note = repository.get(note_id)
    if note is None:
        raise ValidationError(_GONE)
    if note.deleted_at is not None:
        raise ValidationError(_DELETED)
    return note


def _check_participant(repository: NotesRepository, participant_id: int, case_id: int) -> None:
    if repository.participant_case_id(participant_id) != case_id:
        raise ValidationError("That person is not part of this case. Choose someone from the case.")
