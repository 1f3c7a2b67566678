"""The append-only, hash-chained audit trail: who did what to which record.

Entries name record types and ids, never people or case content, so the trail can be
shown or exported without leaking personal data.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sendmed_desktop.storage.models import AuditEntry, utc_now

GENESIS_HASH = "0" * 64


def entry_hash(
    previous_hash: str,
    *,
    occurred_at: datetime,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: int | None,
    detail: str,
) -> str:
    """Return the SHA-256 that chains one entry to the one before it."""
    fields = [
        previous_hash,
        occurred_at.isoformat(),
        actor,
        action,
        entity_type,
        "" if entity_id is None else str(entity_id),
        detail,
    ]
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


def record(
    session: Session,
    action: str,
    entity_type: str,
    entity_id: int | None = None,
    *,
    actor: str = "mediator",
    detail: str = "",
) -> AuditEntry:
    """Append one entry to the trail inside the caller's transaction."""
    last = session.execute(
        sa.select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
    ).scalar_one_or_none()
    previous = last or GENESIS_HASH
    occurred_at = utc_now()
    entry = AuditEntry(
        occurred_at=occurred_at,
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        detail=detail,
        previous_hash=previous,
        entry_hash=entry_hash(
            previous,
            occurred_at=occurred_at,
            actor=actor,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            detail=detail,
        ),
    )
    session.add(entry)
    session.flush()
    return entry


def first_broken_entry(session: Session) -> int | None:
    """Return the id of the first entry whose chain does not hold, or None if intact."""
    previous = GENESIS_HASH
    for entry in session.execute(sa.select(AuditEntry).order_by(AuditEntry.id)).scalars():
        expected = entry_hash(
            previous,
            occurred_at=entry.occurred_at,
            actor=entry.actor,
            action=entry.action,
            entity_type=entry.entity_type,
            entity_id=entry.entity_id,
            detail=entry.detail,
        )
        if entry.previous_hash != previous or entry.entry_hash != expected:
            return entry.id
        previous = entry.entry_hash
    return None
