"""Queries for the one record per case of how the child's views were sought."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sendmed_desktop.domain.vocabulary import Role
from sendmed_desktop.storage.models import Case, CaseParticipant, ChildViewsRecord


class ChildViewsRepository:
    """Read and write child's-views records through one session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def case_exists(self, case_id: int) -> bool:
        """Return whether there is a case with ``case_id``."""
        query = sa.select(Case.id).where(Case.id == case_id)
        return self._session.execute(query).scalar_one_or_none() is not None

    def participant(self, participant_id: int) -> tuple[int, Role] | None:
        """Return a participant's case id and role, or None if there is no such participant."""
        query = sa.select(CaseParticipant.case_id, CaseParticipant.role).where(
            CaseParticipant.id == participant_id
        )
        row = self._session.execute(query).first()
        return None if row is None else (row[0], row[1])

    def get(self, case_id: int) -> ChildViewsRecord | None:
        """Return a case's record, if there is one."""
        query = sa.select(ChildViewsRecord).where(ChildViewsRecord.case_id == case_id)
        return self._session.execute(query).scalar_one_or_none()

    def save(self, case_id: int, values: dict[str, Any]) -> tuple[ChildViewsRecord, bool]:
        """Create or replace a case's record; return it and whether it is new."""
        record = self.get(case_id)
        created = record is None
        if record is None:
            record = ChildViewsRecord(case_id=case_id, **values)
            self._session.add(record)
        else:
            for name, value in values.items():
                setattr(record, name, value)
        self._session.flush()
        return record, created

    def delete(self, case_id: int) -> int | None:
        """Delete a case's record; return the id it had, or None if there was none."""
        query = (
            sa.delete(ChildViewsRecord)
            .where(ChildViewsRecord.case_id == case_id)
            .returning(ChildViewsRecord.id)
            .execution_options(synchronize_session=False)
        )
        return self._session.execute(query).scalar_one_or_none()
