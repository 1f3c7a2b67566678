"""Retention: what is past its period, and erasing it for good (domain.md §6).

Erasing runs in three steps: every chosen item goes in one transaction (with an audit
entry per item naming only the case id, the kind and row counts), then the database
is rebuilt with VACUUM and its write-ahead log truncated, so the erased text survives
neither in freed pages nor in old log frames. Backups made earlier still hold it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sendmed_desktop import settings as prefs
from sendmed_desktop.domain.retention import (
    ClosedCase,
    DueItem,
    RecordKind,
    RetentionPeriods,
    due_items,
    erasure_order,
    latest_closing_day_due,
)
from sendmed_desktop.services.errors import WorkspaceError
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.models import utc_now
from sendmed_desktop.storage.retention_repository import (
    RetentionRepository,
    truncate_wal,
    vacuum,
)

log = logging.getLogger(__name__)

_SETTINGS = {
    RecordKind.CONTACTS: prefs.RETENTION_CONTACTS_MONTHS,
    RecordKind.WORKING_NOTES: prefs.RETENTION_WORKING_NOTES_MONTHS,
    RecordKind.CHILD_VIEWS: prefs.RETENTION_CHILD_VIEWS_MONTHS,
    RecordKind.AGREEMENTS: prefs.RETENTION_AGREEMENTS_MONTHS,
    RecordKind.CERTIFICATES: prefs.RETENTION_CERTIFICATES_MONTHS,
}


def period_setting(kind: RecordKind) -> prefs.Setting[int]:
    """Return the preference that holds ``kind``'s period (not the case itself)."""
    return _SETTINGS[kind]


def load_periods(workspace: Workspace) -> RetentionPeriods:
    """Return the retention periods saved in ``workspace``'s preferences."""
    chosen = workspace.settings
    return RetentionPeriods(**{kind.value: chosen.get(s) for kind, s in _SETTINGS.items()})


def save_periods(workspace: Workspace, periods: RetentionPeriods) -> RetentionPeriods:
    """Save ``periods`` (each clamped to its setting's bounds); return what was saved."""
    for kind, setting in _SETTINGS.items():
        low, high = setting.bounds or (1, 120)
        workspace.settings.set(setting, min(max(periods.months(kind), low), high))
    return load_periods(workspace)


@dataclass(frozen=True)
class ErasureProgress:
    """How far an erasure has got: steps done of the total, and what is happening."""

    done: int
    total: int
    message: str


@dataclass(frozen=True)
class ErasureReport:
    """What an erasure removed, what it skipped and whether the file was compacted.

    ``skipped`` holds chosen items that were no longer due when the erasure ran (a
    period lengthened, say). ``compacted`` is False if VACUUM or the WAL checkpoint was
    blocked: the rows are gone and overwritten, but freed pages wait for the next one.
    """

    erased: tuple[DueItem, ...]
    skipped: tuple[tuple[int, RecordKind], ...]
    compacted: bool

    @property
    def removed_cases(self) -> tuple[str, ...]:
        """Return the references of the cases removed entirely."""
        return tuple(item.reference for item in self.erased if item.kind is RecordKind.CASE)


OnProgress = Callable[[ErasureProgress], None]


def _local_today() -> date:
    return date.today()  # noqa: DTZ011 - periods count the mediator's calendar days


def _local_day(moment: datetime) -> date:
    return moment.astimezone().date()


def _audit_detail(kind: RecordKind, counts: dict[str, int]) -> str:
    # Ids, kinds and numbers only: the audit trail never holds personal data.
    return f"retention {kind.value}: " + ", ".join(f"{k} {v}" for k, v in counts.items())


class RetentionService:
    """List what is past its retention period and erase it for good."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        today: Callable[[], date] = _local_today,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self._workspace = workspace
        self._today = today
        self._now = now

    def periods(self) -> RetentionPeriods:
        """Return the periods in force."""
        return load_periods(self._workspace)

    def set_periods(self, periods: RetentionPeriods) -> RetentionPeriods:
        """Save new periods (clamped to their limits); return what was saved."""
        return save_periods(self._workspace, periods)

    def due(self) -> list[DueItem]:
        """Return everything due for deletion today, the longest overdue first."""
        with self._workspace.transaction() as session:
            return self._due(session)

    def erasures(self, case_id: int) -> dict[RecordKind, date]:
        """Return each kind of the case already erased, with the day it was."""
        with self._workspace.transaction() as session:
            found = RetentionRepository(session).erasures([case_id]).get(case_id, {})
        return {kind: _local_day(moment) for kind, moment in found.items()}

    def _due(self, session: Session) -> list[DueItem]:
        periods, today = self.periods(), self._today()
        # Two more days cover a close time whose local day differs from its UTC day.
        last_day = latest_closing_day_due(periods, today) + timedelta(days=2)
        repository = RetentionRepository(session)
        closed = repository.closed_cases(datetime.combine(last_day, time(), tzinfo=UTC))
        ids = [case_id for case_id, _reference, _closed_at in closed]
        erased = repository.erasures(ids)
        holdings = repository.holdings(ids)
        cases = [
            ClosedCase(
                case_id,
                reference,
                _local_day(closed_at),
                holdings.get(case_id, {}),
                {kind: _local_day(at) for kind, at in erased.get(case_id, {}).items()},
            )
            for case_id, reference, closed_at in closed
        ]
        return due_items(cases, periods, today)

    def erase(
        self, keys: Iterable[tuple[int, RecordKind]], on_progress: OnProgress | None = None
    ) -> ErasureReport:
        """Erase the chosen items that are still due, then compact the database.

        ``on_progress`` is called once per step, on the calling thread.
        """
        chosen = set(keys)

        def report(done: int, total: int, message: str) -> None:
            if on_progress is not None:
                on_progress(ErasureProgress(done, total, message))

        try:
            with self._workspace.transaction() as session:
                # Read again rather than trust the list on screen: only what is due now goes.
                items = erasure_order(i for i in self._due(session) if i.key in chosen)
                total = len(items) + 2
                repository = RetentionRepository(session)
                now = self._now()
                for done, item in enumerate(items):
                    report(done, total, f"Erasing {item.kind.label.lower()} of {item.reference}…")
                    counts = repository.erase(item.case_id, item.kind, now)
                    detail = _audit_detail(item.kind, counts)
                    audit.record(session, "erase", "case", item.case_id, detail=detail)
        except sa.exc.DatabaseError as error:
            raise WorkspaceError(
                f"Nothing was erased: the database refused the change ({error.orig}). "
                "Close any open case and try again."
            ) from None
        skipped = tuple(sorted(chosen - {item.key for item in items}))
        log.info("retention erased %d items, skipped %d", len(items), len(skipped))
        if not items:
            return ErasureReport((), skipped, compacted=True)
        report(len(items), total, "Compacting the database so nothing erased can be read back…")
        vacuumed = vacuum(self._workspace.engine)
        report(len(items) + 1, total, "Clearing the write-ahead log…")
        cleared = truncate_wal(self._workspace.engine)
        report(total, total, "Done.")
        return ErasureReport(tuple(items), skipped, compacted=vacuumed and cleared)
