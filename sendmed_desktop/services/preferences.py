"""The provider's choices that change how the statutory clock counts, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sendmed_desktop import settings as prefs
from sendmed_desktop.domain.timescales import MediationReading
from sendmed_desktop.services.workspace import Workspace


@dataclass(frozen=True)
class ClockPreferences:
    """Christmas Eve, the service's own closure days, and how to read the 30-day rule."""

    christmas_eve_closed: bool = False
    extra_closures: tuple[date, ...] = field(default=())
    mediation_reading: MediationReading = MediationReading.HELD

    def __post_init__(self) -> None:
        # Sorted and without repeats, however the caller built it.
        object.__setattr__(self, "extra_closures", tuple(sorted(set(self.extra_closures))))


def load_clock_preferences(workspace: Workspace) -> ClockPreferences:
    """Return the clock preferences saved in ``workspace``."""
    chosen = workspace.settings
    return ClockPreferences(
        christmas_eve_closed=chosen.get(prefs.CHRISTMAS_EVE_CLOSED),
        extra_closures=chosen.get(prefs.EXTRA_CLOSURES),
        mediation_reading=MediationReading(chosen.get(prefs.MEDIATION_DUE_READING)),
    )


def save_clock_preferences(workspace: Workspace, chosen: ClockPreferences) -> None:
    """Save ``chosen`` in ``workspace``'s preferences file."""
    settings = workspace.settings
    settings.set(prefs.CHRISTMAS_EVE_CLOSED, chosen.christmas_eve_closed)
    settings.set(prefs.EXTRA_CLOSURES, chosen.extra_closures)
    settings.set(prefs.MEDIATION_DUE_READING, chosen.mediation_reading.value)
