"""Backups to the chosen folder: when they are due, what is kept, and what the user is told."""

from __future__ import annotations

import errno
import os
import stat
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sendmed_desktop import paths
from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.services.backup_schedule import (
    NO_FOLDER,
    OTHER_WORKSPACE,
    back_up_to_folder,
    backup_is_due,
    check_backup,
    explain_write_error,
    last_backup_at,
    next_backup_due,
    restore_and_reopen,
    workspace_backups,
)
from sendmed_desktop.services.backups import BackupError, create_backup, verify_backup
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.workspace import Workspace, create_workspace
from sendmed_desktop.settings import BACKUP_FOLDER, BACKUP_KEEP, BACKUP_LAST_AT
from tests.conftest import FAST_KDF

NOON = datetime(2026, 4, 8, 12, 0, tzinfo=UTC)


def _add_case(workspace: Workspace, reference: str) -> None:
    CaseService(workspace).create(
        NewCase(
            reference=reference,
            subject_name="Tobias Wren",
            local_authority="Testshire",
            party_name="Ada Wren",
        )
    )


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def stick(tmp_path: Path, workspace: Workspace) -> Path:
    """A folder standing in for the USB stick, chosen as the backup folder."""
    folder = tmp_path / "usb"
    folder.mkdir()
    workspace.settings.set(BACKUP_FOLDER, str(folder))
    return folder


@pytest.fixture
def other_workspace(tmp_path: Path) -> Workspace:
    opened, _recovery = create_workspace(
        paths.WorkspacePaths(tmp_path / "other"),
        "another passphrase",
        remember_in_keyring=False,
        kdf=FAST_KDF,
    )
    return opened


def test_the_schedule_counts_from_the_last_backup_by_the_wall_clock() -> None:
    assert next_backup_due(None, "off", NOON) is None
    assert not backup_is_due(NOON - timedelta(days=30), "off", NOON)
    # Never backed up: due at once.
    assert next_backup_due(None, "daily", NOON) == NOON
    assert backup_is_due(None, "weekly", NOON)
    last = NOON - timedelta(hours=23)
    assert next_backup_due(last, "daily", NOON) == last + timedelta(days=1)
    assert not backup_is_due(last, "daily", NOON)
    # A laptop asleep over a day wakes with its backup due.
    assert backup_is_due(last, "daily", NOON + timedelta(hours=1))
    assert backup_is_due(NOON - timedelta(minutes=61), "hourly", NOON)
    assert not backup_is_due(NOON - timedelta(days=6), "weekly", NOON)
    # A last backup dated in the future (clock was wrong): take one now, not in years.
    assert backup_is_due(NOON + timedelta(days=400), "daily", NOON)


def test_a_backup_goes_to_the_chosen_folder_owner_only_and_is_recorded(
    workspace: Workspace, stick: Path
) -> None:
    assert last_backup_at(workspace) is None
    before = datetime.now(UTC).replace(microsecond=0)

    result = back_up_to_folder(workspace)

    assert result.path.parent == stick
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    assert result.kept == 1
    assert result.removed == ()
    recorded = last_backup_at(workspace)
    assert recorded is not None
    assert before <= recorded <= datetime.now(UTC)
    info = verify_backup(result.path, key=workspace.database_key())
    assert info.workspace_id == workspace.header.workspace_id
    # Nothing else was left in the folder: no temp files beside the backup.
    assert [p.name for p in stick.iterdir()] == [result.path.name]


def test_rotation_keeps_the_newest_n_and_touches_nothing_else(
    workspace: Workspace, other_workspace: Workspace, stick: Path
) -> None:
    theirs = create_backup(other_workspace, stick)
    other_workspace.close()
    (stick / "minutes.smbak").write_text("a file that only looks like a backup")
    (stick / "holiday.jpg").write_bytes(b"\xff\xd8 not ours")
    untouched = _files(stick)
    workspace.settings.set(BACKUP_KEEP, 2)

    written = [back_up_to_folder(workspace) for _ in range(3)]

    assert written[-1].kept == 2
    assert written[-1].removed == (written[0].path,)
    ours = workspace_backups(stick, workspace.header.workspace_id)
    assert [b.path for b in ours] == [written[2].path, written[1].path]
    assert all(b.size == b.path.stat().st_size for b in ours)
    for name, data in untouched.items():
        assert (stick / name).read_bytes() == data
    assert theirs.exists()


def test_no_folder_or_a_missing_folder_says_what_to_do(
    workspace: Workspace, tmp_path: Path
) -> None:
    with pytest.raises(BackupError) as no_folder:
        back_up_to_folder(workspace)
    assert str(no_folder.value) == NO_FOLDER

    unplugged = tmp_path / "usb-stick"
    workspace.settings.set(BACKUP_FOLDER, str(unplugged))
    with pytest.raises(BackupError) as missing:
        back_up_to_folder(workspace)
    assert str(missing.value) == (
        f"The backup folder {unplugged} is not available. "
        "Plug in the drive or choose another folder."
    )
    assert workspace.settings.get(BACKUP_LAST_AT) == ""
    assert not unplugged.exists()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
def test_a_read_only_folder_is_refused_before_writing(workspace: Workspace, stick: Path) -> None:
    stick.chmod(0o500)
    try:
        with pytest.raises(BackupError, match="may not write to the backup folder"):
            back_up_to_folder(workspace)
    finally:
        stick.chmod(0o700)
    assert list(stick.iterdir()) == []


def test_write_errors_are_told_in_words(tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    full = explain_write_error(OSError(errno.ENOSPC, "No space left on device"), folder)
    assert full.startswith(f"The drive holding the backup folder {folder} is full")
    too_big = explain_write_error(OSError(errno.EFBIG, "File too large"), folder)
    assert "FAT32" in too_big
    read_only = explain_write_error(OSError(errno.EROFS, "Read-only file system"), folder)
    assert "may not write" in read_only
    pulled_out = explain_write_error(OSError(errno.EIO, "Input/output error"), folder)
    assert "Plug in the drive" in pulled_out
    other = explain_write_error(OSError(errno.EINVAL, "Invalid argument"), folder)
    assert "Invalid argument" in other
    assert "Traceback" not in full + too_big + read_only + pulled_out + other


@pytest.mark.skipif(sys.platform != "linux", reason="uses Linux's per-process file size limit")
def test_a_write_that_fails_part_way_leaves_no_partial_backup(
    workspace: Workspace, stick: Path, tmp_path: Path
) -> None:
    import resource
    import signal

    # Fold the WAL in now, so the limit below only stops the (larger) backup file.
    with workspace.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    limit = workspace.paths.database.stat().st_size + 64
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, old_limit[1]))
    try:
        with pytest.raises(BackupError) as failed:
            back_up_to_folder(workspace)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)
    assert "FAT32" in str(failed.value)
    assert list(stick.iterdir()) == []
    assert workspace.settings.get(BACKUP_LAST_AT) == ""


def test_a_backup_of_another_workspace_is_refused_by_name(
    workspace: Workspace, other_workspace: Workspace, tmp_path: Path
) -> None:
    theirs = create_backup(other_workspace, tmp_path / "theirs.smbak")
    other_workspace.close()
    with pytest.raises(BackupError) as refused:
        check_backup(workspace, theirs)
    assert str(refused.value) == OTHER_WORKSPACE


def test_restore_and_reopen_brings_the_workspace_back_either_way(
    workspace: Workspace, tmp_path: Path
) -> None:
    _add_case(workspace, "SM-2026-0101")
    good = create_backup(workspace, tmp_path / "good.smbak")
    damaged = tmp_path / "damaged.smbak"
    raw = bytearray(good.read_bytes())
    raw[-50] ^= 0xFF
    damaged.write_bytes(bytes(raw))
    _add_case(workspace, "SM-2026-0102")
    key, target = workspace.database_key(), workspace.paths
    workspace.close()
    database_before = target.database.read_bytes()

    failed = restore_and_reopen(damaged, target, key)
    try:
        assert isinstance(failed.error, BackupError)
        assert "checksum" in str(failed.error)
        assert failed.info is None
        assert CaseService(failed.workspace).count() == 2
    finally:
        failed.close()
    assert target.database.read_bytes() == database_before

    restored = restore_and_reopen(good, target, key)
    try:
        assert restored.error is None
        assert restored.info is not None
        assert restored.info.case_count == 1
        assert CaseService(restored.workspace).count() == 1
        assert restored.kept_in == target.backups
        assert len(list(target.backups.glob("before-restore-*.db"))) == 1
    finally:
        restored.close()
