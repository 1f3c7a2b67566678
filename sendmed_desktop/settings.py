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
    "security.idle_lock_minutes", int, 5, "Lock after this many idle minutes"
)
REMEMBER_KEY_IN_KEYRING: Setting[bool] = Setting(
    "security.remember_key_in_keyring", bool, True, "Keep the workspace key in the system keyring"
)

CATALOGUE: tuple[Setting[Any], ...] = (
    CHRISTMAS_EVE_CLOSED,
    EXTRA_CLOSURES,
    MEDIATION_DUE_READING,
    IDLE_LOCK_MINUTES,
    REMEMBER_KEY_IN_KEYRING,
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
