"""The statutory timeline of a case, and what is due soon across every case."""

from __future__ import annotations

from datetime import date

from sendmed_desktop import settings as prefs
from sendmed_desktop.domain.timeline import (
    TimelineEntry,
    TimelineSettings,
    build_timeline,
    due_soon,
)
from sendmed_desktop.domain.timescales import MediationReading, WorkingCalendar
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.clock_repository import ClockRepository


def timeline_settings(workspace: Workspace) -> TimelineSettings:
    """Return the clock settings chosen in this workspace's preferences."""
    chosen = workspace.settings
    closures: tuple[date, ...] = chosen.get(prefs.EXTRA_CLOSURES)
    return TimelineSettings(
        calendar=WorkingCalendar(
            extra_closures=closures,
            christmas_eve_closed=chosen.get(prefs.CHRISTMAS_EVE_CLOSED),
        ),
        mediation_reading=MediationReading(chosen.get(prefs.MEDIATION_DUE_READING)),
    )


def _today() -> date:
    return date.today()  # noqa: DTZ011 - statutory days are local calendar days


class TimelineService:
    """Compute deadlines from the dates stored in a workspace."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def case_timeline(self, case_id: int, today: date | None = None) -> list[TimelineEntry]:
        """Return every deadline that applies to one case, in date order."""
        with self._workspace.transaction() as session:
            facts = ClockRepository(session).facts_for_case(case_id)
        if facts is None:
            return []
        return build_timeline(facts, today or _today(), timeline_settings(self._workspace))

    def due_soon(self, today: date | None = None) -> list[TimelineEntry]:
        """Return what is overdue or due this week across open cases, most urgent first."""
        with self._workspace.transaction() as session:
            all_facts = ClockRepository(session).facts_for_open_cases()
        chosen = timeline_settings(self._workspace)
        day = today or _today()
        return due_soon(build_timeline(facts, day, chosen) for facts in all_facts)
