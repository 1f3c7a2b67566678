"""Backups as the app runs them: to the folder the user chose, on a schedule, last N kept.

The folder is often a USB stick or a network share that comes and goes, and may be shared
with other workspaces or other files: rotation only ever deletes backups whose header names
this workspace. Restoring over the open workspace, and opening it again afterwards, is here
too, so the window only has to close the workspace and show the result.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.services.backups import (
    SUFFIX,
    BackupError,
    BackupInfo,
    create_backup,
    read_backup_summary,
    restore_backup,
    verify_backup,
)
from sendmed_desktop.services.workspace import Workspace, open_with_key
from sendmed_desktop.settings import BACKUP_FOLDER, BACKUP_KEEP, BACKUP_LAST_AT

log = logging.getLogger(__name__)

SCHEDULE_INTERVALS: dict[str, timedelta] = {
    "hourly": timedelta(hours=1),
    "daily": timedelta(days=1),
    "weekly": timedelta(weeks=1),
}
# Room left over beyond the database's own size: the backup's header and the filesystem.
_SPACE_MARGIN = 1024 * 1024
NO_FOLDER = "Choose a backup folder first (File → Backups and restore…)."
OTHER_WORKSPACE = (
    "That backup is of a different workspace, so it cannot replace this one. To open it, "
    "restore it into a new workspace (in a new data folder, choose Restore from a backup…)."
)
_FULL_ERRNOS = frozenset(
    code for code in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if code is not None
)
_REFUSED_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
_GONE_ERRNOS = frozenset({errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO, errno.ENOTDIR})


@dataclass(frozen=True)
class FolderBackup:
    """A backup of this workspace found in the backup folder."""

    path: Path
    created_at: datetime
    size: int


@dataclass(frozen=True)
class BackupResult:
    """A backup just written: where, when, and how many of this workspace's are kept."""

    path: Path
    made_at: datetime
    kept: int
    removed: tuple[Path, ...]


@dataclass(frozen=True)
class RestoreOutcome:
    """The workspace reopened after a restore, with what was restored or why it was not."""

    workspace: Workspace
    info: BackupInfo | None
    error: Exception | None
    kept_in: Path

    def close(self) -> None:
        """Close the reopened workspace (when nobody is left to show it)."""
        self.workspace.close()


# --- when ----------------------------------------------------------------------------------


def parse_timestamp(text: str) -> datetime | None:
    """Return the ISO timestamp ``text`` as an aware datetime, or None if it is not one."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def last_backup_at(workspace: Workspace) -> datetime | None:
    """Return when the last backup of ``workspace`` succeeded, if one ever did."""
    return parse_timestamp(workspace.settings.get(BACKUP_LAST_AT))


def next_backup_due(last: datetime | None, schedule: str, now: datetime) -> datetime | None:
    """Return when the next scheduled backup is due, or None if the schedule is off."""
    interval = SCHEDULE_INTERVALS.get(schedule)
    if interval is None:
        return None
    # A last backup "in the future" means the clock was wrong then or is wrong now; waiting
    # for that moment could mean no backup for years, so take one now.
    if last is None or last > now:
        return now
    return last + interval


def backup_is_due(last: datetime | None, schedule: str, now: datetime) -> bool:
    """Return whether a scheduled backup should run at ``now``."""
    due = next_backup_due(last, schedule, now)
    return due is not None and due <= now


# --- where ---------------------------------------------------------------------------------


def folder_unavailable(folder: Path) -> str:
    """Return what to say when the backup folder (a drive, a share) cannot be reached."""
    return (
        f"The backup folder {folder} is not available. Plug in the drive or choose another folder."
    )


def backup_folder(workspace: Workspace) -> Path:
    """Return the chosen backup folder, checked to be there and writable."""
    text = workspace.settings.get(BACKUP_FOLDER)
    if not text:
        raise BackupError(NO_FOLDER)
    folder = Path(text)
    if not folder.is_dir():
        raise BackupError(folder_unavailable(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BackupError(_not_writable(folder))
    return folder


def _not_writable(folder: Path) -> str:
    return (
        f"SendMed Desktop may not write to the backup folder {folder}. "
        "Choose a folder you can save files in (a drive may be set to read-only)."
    )


def _drive_full(folder: Path) -> str:
    return (
        f"The drive holding the backup folder {folder} is full, so no backup was written. "
        "Free some space on it (older backups, other files) or choose another folder."
    )


def explain_write_error(error: OSError, folder: Path) -> str:
    """Return what to tell the user when writing a backup into ``folder`` failed."""
    if error.errno in _FULL_ERRNOS:
        return _drive_full(folder)
    if error.errno == errno.EFBIG:
        return (
            f"The backup is too large for the drive holding {folder} (a drive formatted as "
            "FAT32 holds files of up to 4 GB). Choose another folder, or a drive formatted "
            "as exFAT or NTFS."
        )
    if error.errno in _REFUSED_ERRNOS:
        return _not_writable(folder)
    if error.errno in _GONE_ERRNOS:
        return folder_unavailable(folder)
    reason = error.strerror or type(error).__name__
    return (
        f"The backup could not be written to {folder} ({reason}). "
        "Try again or choose another folder."
    )


def _check_space(workspace: Workspace, folder: Path) -> None:
    """Refuse before writing a byte if the folder's drive cannot hold the backup."""
    needed = _SPACE_MARGIN
    for part in workspace.paths.database_companions():
        try:
            needed += part.stat().st_size
        except FileNotFoundError:
            continue
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return  # some network shares cannot say; the write itself will tell
    if free < needed:
        raise BackupError(_drive_full(folder))


# --- writing and rotating ------------------------------------------------------------------


def back_up_to_folder(workspace: Workspace) -> BackupResult:
    """Write a backup into the chosen folder, keep the newest N of this workspace's."""
    folder = backup_folder(workspace)
    _check_space(workspace, folder)
    try:
        # create_backup renames a finished private temp file into place, so a failure
        # part-way (a full drive, a stick pulled out) leaves no partial backup behind.
        written = create_backup(workspace, folder)
    except OSError as error:
        log.warning("backup not written (errno %s)", error.errno)
        raise BackupError(explain_write_error(error, folder)) from None
    made_at = datetime.now(UTC)
    workspace.settings.set(BACKUP_LAST_AT, made_at.isoformat(timespec="seconds"))
    workspace_id = workspace.header.workspace_id
    removed = rotate_workspace_backups(folder, workspace_id, workspace.settings.get(BACKUP_KEEP))
    kept = len(workspace_backups(folder, workspace_id))
    log.info("backup written to the chosen folder (%d kept, %d removed)", kept, len(removed))
    return BackupResult(written, made_at, kept, tuple(removed))


def workspace_backups(folder: Path, workspace_id: str) -> list[FolderBackup]:
    """Return the backups of workspace ``workspace_id`` in ``folder``, newest first."""
    found: list[tuple[datetime, int, str, FolderBackup]] = []
    for path in folder.glob(f"*{SUFFIX}"):
        # A link could point anywhere: rotation must never delete through one.
        if path.is_symlink() or not path.is_file():
            continue
        try:
            summary = read_backup_summary(path)
            mtime = path.stat().st_mtime_ns
        except (BackupError, OSError):
            continue  # not a SendMed backup, or unreadable: never ours to touch
        created = parse_timestamp(summary.created_at)
        if summary.workspace_id != workspace_id or created is None:
            continue
        found.append((created, mtime, path.name, FolderBackup(path, created, summary.size)))
    # The header's time first (copying files resets their dates), then the file's own time
    # for backups made within the same second.
    found.sort(key=lambda item: item[:3], reverse=True)
    return [item[3] for item in found]


def rotate_workspace_backups(folder: Path, workspace_id: str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups of this workspace; return those deleted."""
    if keep < 1:
        raise ValueError("keep at least one backup")
    removed: list[Path] = []
    for old in workspace_backups(folder, workspace_id)[keep:]:
        try:
            old.path.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            # A backup that cannot be deleted is still a backup: keep going, say nothing.
            log.warning("old backup not deleted (errno %s)", error.errno)
            continue
        removed.append(old.path)
    return removed


# --- checking and restoring ----------------------------------------------------------------


def check_backup(workspace: Workspace, path: Path) -> BackupInfo:
    """Check a backup of this workspace in full; raise BackupError saying what is wrong."""
    summary = read_backup_summary(path)
    if summary.workspace_id != workspace.header.workspace_id:
        raise BackupError(OTHER_WORKSPACE)
    return verify_backup(path, key=workspace.database_key())


def restore_and_reopen(path: Path, paths: WorkspacePaths, key: bytes) -> RestoreOutcome:
    """Restore a backup over the closed workspace at ``paths``, then open it with ``key``.

    The workspace is reopened whether or not the restore worked: a failed restore changes
    nothing, so the user carries on with what they had. Only a failure to reopen raises.
    """
    info: BackupInfo | None = None
    failure: Exception | None = None
    try:
        info = restore_backup(path, paths, key=key)
    # Whatever went wrong is shown to the user once the workspace is open again.
    except Exception as error:  # noqa: BLE001
        failure = error
    return RestoreOutcome(open_with_key(paths, key), info, failure, paths.backups)
