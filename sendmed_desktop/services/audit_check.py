"""Check the audit trail: every entry must carry the hash of the one before it."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.models import AuditEntry


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
