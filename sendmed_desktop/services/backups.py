"""Backups: one checksummed file that only the workspace key or the recovery key opens.

A backup is a small container: the line ``SENDMED-BACKUP-1``, a 4-byte header length, a
JSON header (workspace id, dates, schema revision, SHA-256 of the payload and the key
header's recovery slot) and the payload, which is the SQLCipher database file itself,
still encrypted with the workspace key. No plaintext is written anywhere: temporary copies
are of the encrypted bytes, in private folders, and are deleted afterwards.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import stat
import struct
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import sqlalchemy as sa

from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.security.errors import WrongSecretError
from sendmed_desktop.security.files import (
    STALE_AFTER_SECONDS,
    copy_private_file,
    ensure_private_dir,
    remove_stale_temporaries,
)
from sendmed_desktop.security.keys import (
    FORMAT_VERSION as KEY_HEADER_VERSION,
)
from sendmed_desktop.security.keys import (
    PASSPHRASE_SLOT,
    KdfParameters,
    KeyHeader,
    WrappedKey,
    load_key_header,
    save_key_header,
    unlock_with_recovery_key,
    wrap_key,
)
from sendmed_desktop.services.backup_files import (
    CarriedFile,
    files_to_carry,
    place_carried_files,
)
from sendmed_desktop.services.errors import WorkspaceError
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.db import create_encrypted_engine, make_session_factory
from sendmed_desktop.storage.migrate import current_revision
from sendmed_desktop.storage.repositories import CaseRepository

log = logging.getLogger(__name__)

MAGIC = b"SENDMED-BACKUP-1\n"
# 2: the seal identity, known signers and preferences follow the database (backup_files).
FORMAT_VERSION = 2
SUFFIX = ".smbak"
_LENGTH = struct.Struct(">I")
_MAX_HEADER_BYTES = 64 * 1024
_CHUNK = 1024 * 1024
_TEMP_PREFIX = "sendmed-backup-"
_SNAPSHOT_ATTEMPTS = 5
_DAMAGED = "That backup is damaged: its checksum does not match."
_INCOMPLETE = "That backup is damaged: the file is incomplete."
_NOT_A_BACKUP = "That file is not a SendMed backup."
_WRONG_KEY = "That key does not open this backup."


class BackupError(WorkspaceError):
    """A backup cannot be written, read or restored; the message says why."""


@dataclass(frozen=True)
class BackupInfo:
    """What a checked backup holds."""

    path: Path
    workspace_id: str
    created_at: str
    schema_revision: str | None
    case_count: int


@dataclass(frozen=True)
class BackupSummary:
    """What a backup's header says (whose it is, when it was made), read without a key."""

    path: Path
    workspace_id: str
    created_at: str
    size: int


@dataclass(frozen=True)
class _Header:
    workspace_id: str
    workspace_created_at: str
    created_at: str
    schema_revision: str | None
    payload_sha256: str
    payload_size: int
    recovery_slot: WrappedKey
    files: tuple[CarriedFile, ...] = ()

    def to_bytes(self) -> bytes:
        document = {
            "format_version": FORMAT_VERSION,
            "workspace_id": self.workspace_id,
            "workspace_created_at": self.workspace_created_at,
            "created_at": self.created_at,
            "schema_revision": self.schema_revision,
            "payload_sha256": self.payload_sha256,
            "payload_size": self.payload_size,
            "recovery_slot": self.recovery_slot.to_json(),
            "files": [carried.to_json() for carried in self.files],
        }
        return json.dumps(document, sort_keys=True).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> _Header:
        try:
            document: Any = json.loads(data.decode("utf-8"))
            if not isinstance(document, dict):
                raise TypeError("not an object")
            version = document["format_version"]
            if not isinstance(version, int) or isinstance(version, bool):
                raise TypeError("bad version")
            if version > FORMAT_VERSION:
                raise BackupError(
                    "That backup was made by a newer version of SendMed Desktop. "
                    "Update the app to restore it."
                )
            revision = document["schema_revision"]
            header = cls(
                workspace_id=_text(document, "workspace_id"),
                workspace_created_at=_text(document, "workspace_created_at"),
                created_at=_text(document, "created_at"),
                schema_revision=None if revision is None else str(revision),
                payload_sha256=_text(document, "payload_sha256"),
                payload_size=int(document["payload_size"]),
                recovery_slot=WrappedKey.from_json(document["recovery_slot"]),
                files=tuple(CarriedFile.from_json(e) for e in document.get("files", [])),
            )
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            raise BackupError(_NOT_A_BACKUP) from exc
        if header.payload_size < 0 or len(header.payload_sha256) != 64:
            raise BackupError(_NOT_A_BACKUP)
        return header


def _text(document: dict[str, Any], name: str) -> str:
    value = document[name]
    if not isinstance(value, str):
        raise TypeError(f"{name} has the wrong type")
    return value


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def _remove_stale_temp_dirs() -> None:
    """Delete this user's backup work folders left in the temp folder by a crash."""
    cutoff = time.time() - STALE_AFTER_SECONDS
    for folder in Path(tempfile.gettempdir()).glob(f"{_TEMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            info = folder.lstat()
            mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
            if stat.S_ISDIR(info.st_mode) and mine and info.st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _private_temp_dir() -> Iterator[Path]:
    """Yield a private (0700) temporary folder, removed with everything in it afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX))
    try:
        yield ensure_private_dir(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _private_file(path: Path) -> BinaryIO:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600)
    return os.fdopen(fd, "wb")


# --- creating ---------------------------------------------------------------------------


def create_backup(workspace: Workspace, out_path: Path) -> Path:
    """Write a backup of ``workspace`` to ``out_path`` (a file, or a folder to put it in)."""
    target = _backup_target(out_path)
    # An earlier backup cut off by a crash or an unplugged stick left its pieces behind.
    remove_stale_temporaries(target.parent)
    _remove_stale_temp_dirs()
    with _private_temp_dir() as temp:
        snapshot = temp / "snapshot.db"
        digest, size = _snapshot(workspace, snapshot)
        carried = files_to_carry(workspace.paths)
        header = _Header(
            workspace_id=workspace.header.workspace_id,
            workspace_created_at=workspace.header.created_at,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            schema_revision=current_revision(workspace.engine),
            payload_sha256=digest,
            payload_size=size,
            recovery_slot=workspace.header.recovery_slot,
            files=tuple(entry for entry, _data in carried),
        ).to_bytes()
        container = temp / "backup.smbak"
        with _private_file(container) as out, snapshot.open("rb") as payload:
            out.write(MAGIC + _LENGTH.pack(len(header)) + header)
            shutil.copyfileobj(payload, out, _CHUNK)
            for _entry, data in carried:
                out.write(data)
        # Streams into a private temp file beside the target, then renames it into place.
        copy_private_file(container, target)
    log.info("backup written (%d bytes of database)", size)
    return target


def _backup_target(out_path: Path) -> Path:
    if not out_path.is_dir():
        if not out_path.parent.is_dir():
            raise BackupError(f"The folder {out_path.parent} does not exist.")
        return out_path
    name = f"sendmed-backup-{_stamp()}"
    target = out_path / f"{name}{SUFFIX}"
    counter = 2
    while target.exists():
        target = out_path / f"{name}-{counter}{SUFFIX}"
        counter += 1
    return target


def _snapshot(workspace: Workspace, destination: Path) -> tuple[str, int]:
    """Copy a consistent image of the (encrypted) database file; return its SHA-256, size.

    The WAL is folded into the main file, then a write lock is held while the file is
    copied, so no other connection can change it mid-copy.
    """
    database = workspace.paths.database
    wal = database.with_name(database.name + "-wal")
    raw = workspace.engine.raw_connection()
    try:
        cursor = raw.cursor()
        for _attempt in range(_SNAPSHOT_ATTEMPTS):
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                if wal.exists() and wal.stat().st_size:
                    continue  # a writer slipped in between; fold its pages in and retry
                return _copy_hashed(database, destination)
            finally:
                cursor.execute("ROLLBACK")
        raise BackupError("The workspace is busy; close other SendMed windows and try again.")
    finally:
        raw.close()


def _copy_hashed(source: Path, destination: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with source.open("rb") as src, _private_file(destination) as dst:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            dst.write(chunk)
    return digest.hexdigest(), size


# --- reading and checking ---------------------------------------------------------------


def _read_header(handle: BinaryIO) -> _Header:
    magic = handle.read(len(MAGIC))
    if magic != MAGIC:
        if magic.startswith(b"SENDMED-BACKUP-"):
            raise BackupError(
                "That backup was made by a newer version of SendMed Desktop. "
                "Update the app to restore it."
            )
        raise BackupError(_NOT_A_BACKUP)
    raw_length = handle.read(_LENGTH.size)
    if len(raw_length) != _LENGTH.size:
        raise BackupError(_INCOMPLETE)
    (length,) = _LENGTH.unpack(raw_length)
    if length > _MAX_HEADER_BYTES:
        raise BackupError(_NOT_A_BACKUP)
    data = handle.read(length)
    if len(data) != length:
        raise BackupError(_INCOMPLETE)
    return _Header.from_bytes(data)


def read_backup_summary(path: Path) -> BackupSummary:
    """Return what the header of the backup at ``path`` says, without checking the payload."""
    with _open_backup(path) as handle:
        header = _read_header(handle)
    return BackupSummary(path, header.workspace_id, header.created_at, path.stat().st_size)


def _open_backup(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise BackupError(f"There is no backup at {path}.") from None
    except IsADirectoryError:
        raise BackupError(f"{path} is a folder, not a backup file.") from None


def _extract(path: Path, destination: Path) -> _Header:
    """Copy the payload to ``destination`` and the carried files beside it, checking each.

    The carried files land in ``carried_folder(destination)``, under their checked names.
    """
    with _open_backup(path) as handle:
        header = _read_header(handle)
        digest, remaining = hashlib.sha256(), header.payload_size
        with _private_file(destination) as out:
            while remaining:
                chunk = handle.read(min(_CHUNK, remaining))
                if not chunk:
                    raise BackupError(_INCOMPLETE)
                digest.update(chunk)
                out.write(chunk)
                remaining -= len(chunk)
        if digest.hexdigest() != header.payload_sha256:
            raise BackupError(_DAMAGED)
        for carried in header.files:
            data = handle.read(carried.size)
            if len(data) != carried.size:
                raise BackupError(_INCOMPLETE)
            if hashlib.sha256(data).hexdigest() != carried.sha256:
                raise BackupError(_DAMAGED)
            target = carried_folder(destination) / carried.name
            ensure_private_dir(target.parent)
            with _private_file(target) as out:
                out.write(data)
        if handle.read(1):
            raise BackupError(_DAMAGED)
    return header


def carried_folder(extracted_database: Path) -> Path:
    """Return where ``_extract`` puts the files carried beside ``extracted_database``."""
    return extracted_database.parent / "carried"


def _check_database(database: Path, key: bytes) -> tuple[str | None, int]:
    """Open an extracted payload with ``key``; return its schema revision and case count."""
    engine = create_encrypted_engine(database, key)
    try:
        with engine.connect() as connection:
            try:
                connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()
            except sa.exc.DatabaseError:
                raise BackupError(_WRONG_KEY) from None
            rows = [str(r[0]) for r in connection.exec_driver_sql("PRAGMA integrity_check")]
        if rows != ["ok"]:
            raise BackupError("That backup is damaged: its database fails the integrity check.")
        revision = current_revision(engine)
        with make_session_factory(engine)() as session:
            count = CaseRepository(session).count()
    except sa.exc.DatabaseError as error:
        raise BackupError(f"That backup's database cannot be read ({error.orig}).") from None
    finally:
        engine.dispose()
    return revision, count


def _verified_copy(path: Path, key: bytes, destination: Path) -> tuple[_Header, BackupInfo]:
    header = _extract(path, destination)
    revision, count = _check_database(destination, key)
    info = BackupInfo(path, header.workspace_id, header.created_at, revision, count)
    return header, info


def verify_backup(path: Path, *, key: bytes) -> BackupInfo:
    """Check a backup's format, checksum, key and integrity; raise BackupError if any fail."""
    with _private_temp_dir() as temp:
        _header, info = _verified_copy(path, key, temp / "check.db")
    return info


def key_from_recovery(path: Path, recovery_key: str) -> bytes:
    """Return the database key of the backup at ``path``, unlocked with the recovery key."""
    with _open_backup(path) as handle:
        header = _read_header(handle)
    slot_owner = KeyHeader(
        KEY_HEADER_VERSION,
        header.workspace_id,
        header.workspace_created_at,
        False,
        None,
        header.recovery_slot,
    )
    try:
        return unlock_with_recovery_key(slot_owner, recovery_key)
    except WrongSecretError:
        raise BackupError("That recovery key does not open this backup.") from None


# --- restoring --------------------------------------------------------------------------


def restore_backup(
    path: Path,
    target_paths: WorkspacePaths,
    *,
    key: bytes | None = None,
    recovery_key: str | None = None,
    passphrase_for_new: str | None = None,
    kdf: KdfParameters | None = None,
) -> BackupInfo:
    """Restore the backup at ``path`` into ``target_paths``, new or existing.

    The backup is checked in full before anything is replaced; a failure changes nothing.
    An existing workspace must be closed, and must be the one the backup was made from;
    its current database is kept as ``backups/before-restore-<stamp>.db``.
    """
    if key is None:
        if recovery_key is None:
            raise BackupError("Give the workspace key or the recovery key to restore a backup.")
        key = key_from_recovery(path, recovery_key)
    existing = target_paths.holds_workspace()
    current = load_key_header(target_paths.key_header) if existing else None
    if not existing and target_paths.database.exists():
        raise BackupError(
            f"{target_paths.root} holds a database but no key file; restore into another folder."
        )
    with _private_temp_dir() as temp:
        restored = temp / "restore.db"
        header, info = _verified_copy(path, key, restored)
        if current is not None:
            if current.workspace_id != header.workspace_id:
                raise BackupError(
                    "That backup is of a different workspace; restore it into a new folder."
                )
            _replace_existing(target_paths, restored, key)
        else:
            _restore_new(
                target_paths, restored, header, key, passphrase=passphrase_for_new, kdf=kdf
            )
    log.info("backup restored (%s workspace)", "existing" if existing else "new")
    return info


def _replace_existing(paths: WorkspacePaths, restored: Path, key: bytes) -> None:
    database = paths.database
    if database.exists():
        # Fold any WAL left behind into the file so the copy kept aside is complete.
        engine = create_encrypted_engine(database, key)
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except sa.exc.DatabaseError as error:
            raise BackupError(
                f"The current database could not be prepared for the restore ({error.orig}). "
                "Nothing has been changed."
            ) from None
        finally:
            engine.dispose()
        ensure_private_dir(paths.backups)
        copy_private_file(database, paths.backups / f"before-restore-{_stamp()}.db")
    for companion in paths.database_companions()[1:]:
        # Stale WAL or shared-memory files must never be applied to the restored file.
        companion.unlink(missing_ok=True)
    copy_private_file(restored, database)
    # The workspace keeps its own seal identity and preferences; earlier signers are added.
    place_carried_files(carried_folder(restored), paths.root, replace=False)


def _restore_new(
    paths: WorkspacePaths,
    restored: Path,
    header: _Header,
    key: bytes,
    *,
    passphrase: str | None,
    kdf: KdfParameters | None,
) -> None:
    created_root = not paths.root.exists()
    ensure_private_dir(paths.root)
    passphrase_slot = None
    if passphrase:
        passphrase_slot = wrap_key(
            key,
            passphrase,
            workspace_id=header.workspace_id,
            slot=PASSPHRASE_SLOT,
            params=kdf or KdfParameters(),
        )
    key_header = KeyHeader(
        KEY_HEADER_VERSION,
        header.workspace_id,
        header.workspace_created_at,
        False,
        passphrase_slot,
        header.recovery_slot,
    )
    placed: list[str] = []
    try:
        copy_private_file(restored, paths.database)
        placed = place_carried_files(carried_folder(restored), paths.root, replace=True)
        # The key header goes last: until it exists, the folder is not a workspace.
        save_key_header(paths.key_header, key_header)
    except BaseException:
        for leftover in (paths.key_header, paths.database, *(paths.root / n for n in placed)):
            leftover.unlink(missing_ok=True)
        if created_root:
            shutil.rmtree(paths.root, ignore_errors=True)
        raise


def restore_over_workspace(path: Path, workspace: Workspace) -> BackupInfo:
    """Close the unlocked ``workspace`` and restore the backup over it, with its key."""
    # The database key never changes for a workspace (passphrase changes re-wrap it), so
    # the open workspace's key is the one that must open a backup of the same workspace.
    key = workspace.database_key()
    paths = workspace.paths
    workspace.close()
    return restore_backup(path, paths, key=key)


# --- rotation ---------------------------------------------------------------------------


def rotate_backups(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups in ``folder``; return those deleted."""
    if keep < 0:
        raise ValueError("keep must not be negative")
    found = sorted(
        (p for p in folder.glob(f"*{SUFFIX}") if p.is_file()),
        key=lambda p: (p.stat().st_mtime_ns, p.name),
        reverse=True,
    )
    removed = found[keep:]
    for old in removed:
        old.unlink(missing_ok=True)
    return removed
