"""The self-test: open, unlock, check integrity and schema, count cases."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from sendmed_desktop.services.workspace import Workspace, damaged_message
from sendmed_desktop.storage.db import integrity_problems
from sendmed_desktop.storage.migrate import current_revision, head_revision
from sendmed_desktop.storage.repositories import CaseRepository


@dataclass(frozen=True)
class HealthReport:
    """What the self-test found."""

    case_count: int
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_workspace(workspace: Workspace) -> HealthReport:
    """Check the database's integrity and schema version, and count its cases."""
    try:
        problems = integrity_problems(workspace.engine)
        stored, expected = current_revision(workspace.engine), head_revision()
        if stored != expected:
            problems.append(f"schema version is {stored}, expected {expected}")
        with workspace.transaction() as session:
            count = CaseRepository(session).count()
    except sa.exc.DatabaseError as error:
        return HealthReport(case_count=0, problems=[damaged_message(workspace.paths, error)])
    return HealthReport(case_count=count, problems=problems)
