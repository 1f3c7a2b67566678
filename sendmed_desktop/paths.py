"""Every folder the app uses, resolved in one place.

One override (``use_data_dir``) redirects the whole workspace, for ``--data-dir``,
the throwaway demo workspace and tests. Nothing else in the app builds user paths.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from sendmed_desktop import APP_NAME

_APP_DIR_NAME = "SendMedDesktop"
_override: Path | None = None


@dataclass(frozen=True)
class WorkspacePaths:
    """The files of one workspace folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "sendmed.db"

    @property
    def key_header(self) -> Path:
        return self.root / "sendmed.key.json"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def holds_workspace(self) -> bool:
        """Return whether this folder holds a workspace (its key header)."""
        return self.key_header.exists()

    def database_companions(self) -> list[Path]:
        """Return the database and the files SQLite keeps beside it."""
        db = self.database
        return [db, *(db.with_name(db.name + suffix) for suffix in ("-wal", "-shm", "-journal"))]


def use_data_dir(path: Path | str | None) -> None:
    """Redirect the workspace to ``path`` (None restores the platform default)."""
    global _override  # noqa: PLW0603 - the one switch this module exists to hold
    _override = None if path is None else Path(path).expanduser().resolve()


def default_data_dir() -> Path:
    """Return the platform's per-user data folder for the app."""
    env = os.environ.get("SENDMED_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(_APP_DIR_NAME, appauthor=False, roaming=False))


def workspace() -> WorkspacePaths:
    """Return the current workspace's paths."""
    return WorkspacePaths(_override if _override is not None else default_data_dir())


def app_title() -> str:
    """Return the window and document title prefix."""
    return APP_NAME
