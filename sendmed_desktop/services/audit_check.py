"""Check the audit trail: every entry must carry the hash of the one before it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.models import AuditEntry, Case


@dataclass(frozen=True)
class AuditReport:
    """How many entries there are, and the first whose chain does not hold (if any)."""

    entries: int
    first_broken: int | None


def check_audit_trail(workspace: Workspace) -> AuditReport:
    """Walk the whole hash chain of the workspace's audit trail."""
    with workspace.transaction() as session:
        count = session.execute(sa.select(sa.func.count()).select_from(AuditEntry)).scalar_one()
        return AuditReport(entries=count, first_broken=audit.first_broken_entry(session))


@dataclass(frozen=True)
class AuditRow:
    """One audit entry as the audit trail screen shows it."""

    id: int
    occurred_at: datetime
    actor: str
    action: str
    record: str
    detail: str


def audit_rows(workspace: Workspace, *, limit: int = 2000) -> list[AuditRow]:
    """Return the newest ``limit`` entries, newest first, naming cases by reference.

    Entries hold record types and ids only; a case's reference (never a name) is looked up
    so the mediator can tell which case an entry is about.
    """
    with workspace.transaction() as session:
        entries = session.execute(
            sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        ).scalars()
        rows = list(entries)
        case_ids = {e.entity_id for e in rows if e.entity_type == "case" and e.entity_id}
        named = sa.select(Case.id, Case.reference).where(Case.id.in_(case_ids))
        references: dict[int, str] = dict(session.execute(named).all())
        return [
            AuditRow(
                id=entry.id,
                occurred_at=entry.occurred_at,
                actor=entry.actor,
                action=entry.action.replace("_", " "),
                record=_record_words(entry.entity_type, entry.entity_id, references),
                detail=entry.detail,
            )
            for entry in rows
        ]


def _record_words(entity_type: str, entity_id: int | None, references: dict[int, str]) -> str:
    kind = entity_type.replace("_", " ")
    if entity_id is None:
        return kind
    if entity_type == "case" and entity_id in references:
        return f"case {references[entity_id]}"
    return f"{kind} #{entity_id}"
