"""Queries for the notes of what each participant said, including the autosave path."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sendmed_desktop.domain.vocabulary import Confidentiality, Stage
from sendmed_desktop.storage.models import Case, CaseParticipant, ViewNote

# The ORM-enabled UPDATE would otherwise look for copies of the row in the session to
# refresh; the autosave session never holds any, so skip the search.
_NO_SYNC = {"synchronize_session": False}


class NotesRepository:
    """Read and write view notes through one session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def case_exists(self, case_id: int) -> bool:
        """Return whether there is a case with ``case_id``."""
        query = sa.select(Case.id).where(Case.id == case_id)
        return self._session.execute(query).scalar_one_or_none() is not None

    def participant_case_id(self, participant_id: int) -> int | None:
        """Return the case a participant belongs to, or None if there is no such participant."""
        query = sa.select(CaseParticipant.case_id).where(CaseParticipant.id == participant_id)
        return self._session.execute(query).scalar_one_or_none()

    def add(
        self,
        case_id: int,
        participant_id: int | None,
        stage: Stage | None,
        confidentiality: Confidentiality,
        text: str,
    ) -> ViewNote:
        """Store a new note and return it with its id and timestamps."""
        note = ViewNote(
            case_id=case_id,
            participant_id=participant_id,
            stage=stage,
            confidentiality=confidentiality,
            text=text,
        )
        self._session.add(note)
        self._session.flush()
        return note

    def get(self, note_id: int) -> ViewNote | None:
        """Return one note, deleted or not."""
        return self._session.get(ViewNote, note_id)

    def for_case(
        self, case_id: int, participant_id: int | None = None, *, include_deleted: bool = False
    ) -> Sequence[ViewNote]:
        """Return a case's notes, oldest first (the order they were taken in)."""
        query = sa.select(ViewNote).where(ViewNote.case_id == case_id)
        if participant_id is not None:
            query = query.where(ViewNote.participant_id == participant_id)
        if not include_deleted:
            query = query.where(ViewNote.deleted_at.is_(None))
        query = query.order_by(ViewNote.recorded_at, ViewNote.id)
        return self._session.execute(query).scalars().all()

    def update_live_note(self, note_id: int, values: dict[str, Any]) -> datetime | None:
        """Change a note that is not deleted in one UPDATE; return its new ``updated_at``.

        Returns None when there is no such live note. This is the autosave path, so it
        loads nothing: the row is changed in place and only the timestamp comes back.
        """
        query = (
            sa.update(ViewNote)
            .where(ViewNote.id == note_id, ViewNote.deleted_at.is_(None))
            .values(**values)
            .returning(ViewNote.updated_at)
            .execution_options(**_NO_SYNC)
        )
        return self._session.execute(query).scalar_one_or_none()

    def set_deleted_at(self, note_id: int, deleted_at: datetime | None) -> bool:
        """Mark a note deleted (or not); return whether its state changed."""
        # Only a live note can be deleted and only a deleted one restored.
        if deleted_at is None:
            in_other_state = ViewNote.deleted_at.is_not(None)
        else:
            in_other_state = ViewNote.deleted_at.is_(None)
        query = (
            sa.update(ViewNote)
            .where(ViewNote.id == note_id, in_other_state)
            .values(deleted_at=deleted_at)
            .returning(ViewNote.id)
            .execution_options(**_NO_SYNC)
        )
        return self._session.execute(query).scalar_one_or_none() is not None

    def deleted_ids(self, case_id: int) -> list[int]:
        """Return the ids of a case's soft-deleted notes."""
        query = sa.select(ViewNote.id).where(
            ViewNote.case_id == case_id, ViewNote.deleted_at.is_not(None)
        )
        return list(self._session.execute(query).scalars())

    def remove(self, note_ids: Sequence[int]) -> None:
        """Delete notes for good (the database overwrites them: secure_delete is on)."""
        if note_ids:
            query = sa.delete(ViewNote).where(ViewNote.id.in_(note_ids))
            self._session.execute(query.execution_options(**_NO_SYNC))
