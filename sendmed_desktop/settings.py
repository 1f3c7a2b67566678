"""A typed catalogue of the user's preferences, kept as JSON beside the workspace.

Preferences hold no secrets and no case data: keys live in ``security``, cases in the
encrypted database. Unknown or mistyped values fall back to the default rather than
stopping the app from starting.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from sendmed_desktop.security.files import write_private_file

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One preference: its stored key, type, default and the label shown to the user."""

    key: str
    kind: type
    default: T
    label: str
    choices: tuple[str, ...] = ()
    # Inclusive limits for whole-number settings; a value outside them falls back.
    bounds: tuple[int, int] | None = None

    def coerce(self, raw: object) -> T:
        """Return ``raw`` as this setting's type, or the default if it cannot be."""
        value: Any = raw
        if self.kind is tuple:
            if not isinstance(raw, list):
                return self.default
            try:
                value = tuple(sorted({date.fromisoformat(str(item)) for item in raw}))
            except ValueError:
                return self.default
        elif (self.kind is int and isinstance(raw, bool)) or not isinstance(raw, self.kind):
            return self.default
        if self.choices and value not in self.choices:
            return self.default
        if self.bounds is not None and not self.bounds[0] <= value <= self.bounds[1]:
            return self.default
        return value  # type: ignore[no-any-return]


CHRISTMAS_EVE_CLOSED: Setting[bool] = Setting(
    "calendar.christmas_eve_closed", bool, False, "Treat Christmas Eve as a closed day"
)
EXTRA_CLOSURES: Setting[tuple[date, ...]] = Setting(
    "calendar.extra_closures", tuple, (), "Extra closure dates (office closures)"
)
MEDIATION_DUE_READING: Setting[str] = Setting(
    "clock.mediation_due_reading",
    str,
    "held",
    "Within 30 days, mediation must be",
    choices=("held", "arranged"),
)
IDLE_LOCK_MINUTES: Setting[int] = Setting(
    "security.idle_lock_minutes", int, 5, "Lock after this many idle minutes", bounds=(0, 480)
)

# Backups: where, how often and how many. The folder is empty until the user picks one
# (a USB stick or a network share); no scheduled backup runs before then.
BACKUP_FOLDER: Setting[str] = Setting("backup.folder", str, "", "Back up to this folder")
BACKUP_SCHEDULE: Setting[str] = Setting(
    "backup.schedule",
    str,
    "daily",
    "Back up automatically",
    choices=("off", "hourly", "daily", "weekly"),
)
BACKUP_KEEP: Setting[int] = Setting(
    "backup.keep", int, 10, "Keep this many backups in the folder", bounds=(1, 365)
)
# State rather than a choice, but holds no case data: when the last backup succeeded (ISO).
BACKUP_LAST_AT: Setting[str] = Setting("backup.last_succeeded_at", str, "", "Last backup")

# Retention (domain.md section 6): months after a case is closed before each kind of record
# is due for deletion. Providers keep records for 1 to 7 years; working notes go early.
RETENTION_CONTACTS_MONTHS: Setting[int] = Setting(
    "retention.contacts_months", int, 24, "Contact details", bounds=(1, 120)
)
RETENTION_WORKING_NOTES_MONTHS: Setting[int] = Setting(
    "retention.working_notes_months", int, 3, "Working notes", bounds=(1, 120)
)
RETENTION_CHILD_VIEWS_MONTHS: Setting[int] = Setting(
    "retention.child_views_months", int, 12, "Child's views", bounds=(1, 120)
)
RETENTION_AGREEMENTS_MONTHS: Setting[int] = Setting(
    "retention.agreements_months", int, 72, "Written agreements", bounds=(12, 120)
)
RETENTION_CERTIFICATES_MONTHS: Setting[int] = Setting(
    "retention.certificates_months", int, 72, "Mediation certificates", bounds=(12, 120)
)

CATALOGUE: tuple[Setting[Any], ...] = (
    CHRISTMAS_EVE_CLOSED,
    EXTRA_CLOSURES,
    MEDIATION_DUE_READING,
    IDLE_LOCK_MINUTES,
    BACKUP_FOLDER,
    BACKUP_SCHEDULE,
    BACKUP_KEEP,
    BACKUP_LAST_AT,
    RETENTION_CONTACTS_MONTHS,
    RETENTION_WORKING_NOTES_MONTHS,
    RETENTION_CHILD_VIEWS_MONTHS,
    RETENTION_AGREEMENTS_MONTHS,
    RETENTION_CERTIFICATES_MONTHS,
)
_BY_KEY = {setting.key: setting for setting in CATALOGUE}


class Settings:
    """The preferences of one workspace, read from and written to a JSON file."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._values: dict[str, Any] = {}
        self._load()

    def _load(self) -> None:
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError):
            log.warning("settings file unreadable; using defaults")
            return
        if isinstance(raw, dict):
            for key, value in raw.items():
                if key in _BY_KEY:
                    self._values[key] = _BY_KEY[key].coerce(value)

    def get(self, setting: Setting[T]) -> T:
        """Return the value of ``setting``."""
        value: T = self._values.get(setting.key, setting.default)
        return value

    def set(self, setting: Setting[T], value: T) -> None:
        """Change ``setting`` and write the file atomically."""
        checked = setting.coerce(_to_json(value))
        self._values[setting.key] = checked
        data = {key: _to_json(val) for key, val in sorted(self._values.items())}
        write_private_file(self._path, json.dumps(data, indent=2).encode("utf-8"))


def _to_json(value: object) -> object:
    if isinstance(value, tuple):
        return [item.isoformat() if isinstance(item, date) else item for item in value]
    return value
