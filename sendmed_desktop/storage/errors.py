"""Storage errors, kept free of SQLAlchemy so the window can start before it loads."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path


class DatabaseError(Exception):
    """The workspace database cannot be used; the message says why in plain words."""


class WrongKeyError(DatabaseError):
    """The key does not open this database."""


class SchemaTooNewError(DatabaseError):
    """The database was written by a newer SendMed; this app must not touch it."""


class DiskFaultError(DatabaseError):
    """The disk refused a write (full or read-only); the message says what to do."""


class DiskFullError(DiskFaultError):
    """There is no room left on the disk."""


class ReadOnlyError(DiskFaultError):
    """The folder or disk cannot be written to."""


DISK_FULL = (
    "The disk is full, so SendMed could not save. Free some space on the disk (empty the "
    "bin, move large files elsewhere), then try again: everything saved before is kept."
)
WORKSPACE_READ_ONLY = (
    "The workspace is read-only: SendMed cannot save changes in {root}. Make the folder "
    "writable again (or copy it to a disk that is), then try again. Nothing has been changed."
)
_DISK_FULL_AT = (
    "The disk is full: there is no room left on the disk that holds {folder}. Free some "
    "space there, or choose another place, and try again. No half-written file was left."
)
_FOLDER_READ_ONLY = (
    "The folder {folder} is read-only, so nothing could be written there. Choose another "
    "folder (a USB stick may have a write-protect switch) and try again."
)
_FOLDER_FORBIDDEN = (
    "You are not allowed to write in the folder {folder}. Choose another folder and try again."
)

_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
# What SQLite (and SQLCipher) say when a write meets a full or read-only disk.
_SQLITE_FULL = "database or disk is full"
_SQLITE_READ_ONLY = "attempt to write a readonly database"
_SQLITE_IO = "disk i/o error"
# Below this much free space, SQLite's vaguer "disk I/O error" means the disk is full.
_NEARLY_FULL_BYTES = 64 * 1024


def _causes(error: BaseException) -> Iterator[BaseException]:
    """Yield ``error`` and what lies behind it: the driver's error, causes and contexts."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        # SQLAlchemy keeps the driver's own error in ``orig``; imported here it is not.
        behind = [getattr(current, "orig", None), current.__cause__, current.__context__]
        pending.extend(b for b in behind if isinstance(b, BaseException))


def _inside(path: Path, root: Path | None) -> bool:
    if root is None:
        return False
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def _nearly_full(root: Path | None) -> bool:
    if root is None or not hasattr(os, "statvfs"):
        return False
    try:
        found = os.statvfs(root)
    except OSError:
        return False
    return found.f_bavail * found.f_frsize < _NEARLY_FULL_BYTES


def _from_os_error(error: OSError, root: Path | None, place: Path | None) -> DiskFaultError | None:
    where = Path(error.filename) if isinstance(error.filename, str) else place
    in_workspace = where is None or _inside(where, root)
    folder = root
    if where is not None:
        folder = where if where.is_dir() else where.parent
    if error.errno in _FULL_ERRNOS:
        if in_workspace or folder is None:
            return DiskFullError(DISK_FULL)
        return DiskFullError(_DISK_FULL_AT.format(folder=folder))
    if error.errno in _READ_ONLY_ERRNOS:
        if in_workspace and root is not None:
            return ReadOnlyError(WORKSPACE_READ_ONLY.format(root=root))
        if folder is None:
            return None
        template = _FOLDER_READ_ONLY if error.errno == errno.EROFS else _FOLDER_FORBIDDEN
        return ReadOnlyError(template.format(folder=folder))
    return None


def disk_fault(
    error: BaseException, workspace_root: Path | None = None, *, place: Path | None = None
) -> DiskFaultError | None:
    """Return the plain-words error for a full or read-only disk behind ``error``, or None.

    ``workspace_root`` tells the workspace's own files from others (a backup's folder),
    so each is named as the user knows it; ``place`` is where the write was going, for
    the errors that name no file (a failed ``write`` on an open file).
    """
    for cause in _causes(error):
        if isinstance(cause, DiskFaultError):
            return cause
        if isinstance(cause, OSError):
            found = _from_os_error(cause, workspace_root, place)
            if found is not None:
                return found
            continue
        if not type(cause).__module__.startswith(("sqlcipher3", "sqlite3")):
            continue
        said = str(cause).lower()
        if _SQLITE_FULL in said or (_SQLITE_IO in said and _nearly_full(workspace_root)):
            return DiskFullError(DISK_FULL)
        if _SQLITE_READ_ONLY in said:
            where = "its folder" if workspace_root is None else str(workspace_root)
            return ReadOnlyError(WORKSPACE_READ_ONLY.format(root=where))
    return None
