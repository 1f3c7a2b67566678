"""Errors whose messages are written for the user, gathered for the GUI and command line."""

from __future__ import annotations

import os
from pathlib import Path

from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.security.errors import SecurityError
from sendmed_desktop.storage.errors import WORKSPACE_READ_ONLY, DatabaseError, disk_fault


class WorkspaceError(Exception):
    """The workspace cannot be used as asked; the message says what to do."""


class PassphraseNeededError(WorkspaceError):
    """The key is not in the keyring, so the user must type the passphrase."""


class ValidationError(WorkspaceError):
    """What the user entered cannot be saved; the message lists why."""


# Everything the app may show the user as a plain message instead of a traceback.
USER_FACING_ERRORS: tuple[type[Exception], ...] = (WorkspaceError, SecurityError, DatabaseError)


def message_for(error: BaseException, workspace_root: Path | None = None) -> str | None:
    """Return what to tell the user about ``error`` in plain words, or None if unforeseen.

    Besides the errors written for the user, a full or read-only disk is recognised
    wherever it surfaces (an OSError, or SQLite's own words inside a database error).
    """
    if isinstance(error, USER_FACING_ERRORS):
        return str(error)
    fault = disk_fault(error, workspace_root)
    return None if fault is None else str(fault)


def workspace_write_problem(paths: WorkspacePaths) -> str | None:
    """Return why the app cannot save in this workspace's folder, or None if it can.

    Checked at start-up: SQLite must create files beside the database (``-wal``,
    ``-shm``), so a read-only folder fails even when the database file itself is writable,
    and it fails deep inside an unlock with words no user would understand.
    """
    if not paths.root.is_dir():
        return None  # a new workspace: creating it will say if the place is read-only
    needed = [paths.root, paths.logs, *(p for p in paths.database_companions() if p.exists())]
    for path in needed:
        if path.exists() and not os.access(path, os.W_OK):
            return WORKSPACE_READ_ONLY.format(root=paths.root)
    return None
