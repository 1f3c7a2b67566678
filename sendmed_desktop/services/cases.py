"""Case use cases for the case list and the new-case form."""

from __future__ import annotations

import re
from datetime import date

from sendmed_desktop.domain.cases import CaseSort, CaseSummary, NewCase
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.repositories import CaseRepository


class CaseService:
    """List, search and create cases in one workspace."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def count(self, search: str = "") -> int:
        """Return how many cases match ``search``."""
        with self._workspace.transaction() as session:
            return CaseRepository(session).count(search)

    def page(
        self,
        search: str = "",
        *,
        sort: CaseSort = CaseSort.UPDATED,
        descending: bool = True,
        offset: int = 0,
        limit: int = 200,
    ) -> list[CaseSummary]:
        """Return one page of the case list."""
        with self._workspace.transaction() as session:
            return CaseRepository(session).summaries(
                search, sort=sort, descending=descending, offset=offset, limit=limit
            )

    def summary(self, case_id: int) -> CaseSummary | None:
        """Return one case's row."""
        with self._workspace.transaction() as session:
            return CaseRepository(session).summary(case_id)

    def suggest_reference(self, today: date | None = None) -> str:
        """Return the next free reference of the form ``SM-2026-0001``."""
        year = (today or date.today()).year  # noqa: DTZ011 - a calendar year
        prefix = f"SM-{year}-"
        with self._workspace.transaction() as session:
            taken = CaseRepository(session).references_with_prefix(prefix)
        numbers = [int(m.group(1)) for r in taken if (m := re.fullmatch(r"SM-\d{4}-(\d+)", r))]
        return f"{prefix}{max(numbers, default=0) + 1:04d}"

    def create(self, new: NewCase) -> CaseSummary:
        """Check and store a new case; raise ValidationError with the user's reasons."""
        problems = new.problems()
        with self._workspace.transaction() as session:
            repository = CaseRepository(session)
            if not problems and repository.id_for_reference(new.reference) is not None:
                problems.append(f"There is already a case with reference {new.reference}.")
            if problems:
                raise ValidationError("\n".join(problems))
            case_id = repository.add(new)
            audit.record(session, "create", "case", case_id)
            summary = repository.summary(case_id)
        if summary is None:  # pragma: no cover - written in the same transaction
            raise RuntimeError("the new case could not be read back")
        return summary
