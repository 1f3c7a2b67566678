"""Backups: one encrypted, checksummed file; restore into a new or the same workspace."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from sendmed_desktop import paths
from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.security.recovery import new_recovery_key
from sendmed_desktop.services.backups import (
    MAGIC,
    BackupError,
    create_backup,
    restore_backup,
    restore_over_workspace,
    rotate_backups,
    verify_backup,
)
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.workspace import Workspace, create_workspace, open_workspace
from tests.conftest import FAST_KDF, TEST_PASSPHRASE

NAMES = ("Zebedee Quartermain", "Philippa Oyelaran-Whitcombe")


def _add_case(workspace: Workspace, reference: str, child: str, parent: str) -> None:
    CaseService(workspace).create(
        NewCase(
            reference=reference, subject_name=child, local_authority="Testshire", party_name=parent
        )
    )


def _references(workspace: Workspace) -> list[str]:
    return sorted(s.reference for s in CaseService(workspace).page(""))


def _key(workspace: Workspace) -> bytes:
    return bytes(workspace._key)


@pytest.fixture
def opened(workspace_paths: paths.WorkspacePaths) -> Iterator[tuple[Workspace, str]]:
    """A workspace with one case, and its recovery key."""
    workspace, recovery_key = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=False, kdf=FAST_KDF
    )
    _add_case(workspace, "SM-2026-0001", *NAMES)
    yield workspace, recovery_key
    workspace.close()


def _snapshot_files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_round_trip_into_a_new_folder_with_the_recovery_key(
    opened: tuple[Workspace, str], tmp_path: Path
) -> None:
    workspace, recovery_key = opened
    written = create_backup(workspace, tmp_path)
    assert written.parent == tmp_path
    assert written.name.startswith("sendmed-backup-")
    assert written.suffix == ".smbak"
    assert written.read_bytes().startswith(MAGIC)
    info = verify_backup(written, key=_key(workspace))
    assert info.case_count == 1
    assert info.workspace_id == workspace.header.workspace_id

    target = paths.WorkspacePaths(tmp_path / "restored")
    restored_info = restore_backup(
        written, target, recovery_key=recovery_key, passphrase_for_new="new pass", kdf=FAST_KDF
    )
    assert restored_info.case_count == 1
    reopened = open_workspace(target, passphrase="new pass")
    try:
        assert _references(reopened) == ["SM-2026-0001"]
    finally:
        reopened.close()
    by_recovery = open_workspace(target, recovery_key=recovery_key)
    by_recovery.close()


def test_restore_over_the_workspace_brings_back_the_old_state(
    opened: tuple[Workspace, str], tmp_path: Path
) -> None:
    workspace, _recovery = opened
    written = create_backup(workspace, tmp_path / "before.smbak")
    _add_case(workspace, "SM-2026-0002", "Later Child", "Later Parent")
    assert _references(workspace) == ["SM-2026-0001", "SM-2026-0002"]
    target = workspace.paths

    info = restore_over_workspace(written, workspace)
    assert info.case_count == 1
    reopened = open_workspace(target, passphrase=TEST_PASSPHRASE)
    try:
        assert _references(reopened) == ["SM-2026-0001"]
    finally:
        reopened.close()
    aside = list(target.backups.glob("before-restore-*.db"))
    assert len(aside) == 1
    assert stat.S_IMODE(aside[0].stat().st_mode) == 0o600
    assert verify_backup_of_db(aside[0], _key_for(target)) == 2


def _key_for(target: paths.WorkspacePaths) -> bytes:
    reopened = open_workspace(target, passphrase=TEST_PASSPHRASE)
    try:
        return _key(reopened)
    finally:
        reopened.close()


def verify_backup_of_db(database: Path, key: bytes) -> int:
    """Count the cases in a kept-aside (encrypted) database file."""
    from sendmed_desktop.services.backups import _check_database

    return _check_database(database, key)[1]


def test_a_corrupt_byte_is_a_checksum_error_and_changes_nothing(
    opened: tuple[Workspace, str], tmp_path: Path
) -> None:
    workspace, _recovery = opened
    written = create_backup(workspace, tmp_path / "b.smbak")
    raw = bytearray(written.read_bytes())
    raw[-100] ^= 0xFF
    written.write_bytes(bytes(raw))
    key, target = _key(workspace), workspace.paths
    workspace.close()
    before = _snapshot_files(target.root)

    with pytest.raises(BackupError, match="checksum does not match"):
        verify_backup(written, key=key)
    with pytest.raises(BackupError, match="checksum does not match"):
        restore_backup(written, target, key=key)
    assert _snapshot_files(target.root) == before


def test_a_truncated_or_foreign_file_is_refused(
    opened: tuple[Workspace, str], tmp_path: Path
) -> None:
    workspace, _recovery = opened
    written = create_backup(workspace, tmp_path / "b.smbak")
    data = written.read_bytes()
    written.write_bytes(data[: len(data) // 2])
    with pytest.raises(BackupError, match="incomplete"):
        verify_backup(written, key=_key(workspace))
    other = tmp_path / "other.smbak"
    other.write_bytes(b"hello")
    with pytest.raises(BackupError, match="not a SendMed backup"):
        verify_backup(other, key=_key(workspace))


def test_wrong_key_or_recovery_key_is_a_clear_error(
    opened: tuple[Workspace, str], tmp_path: Path
) -> None:
    workspace, _recovery = opened
    written = create_backup(workspace, tmp_path / "b.smbak")
    with pytest.raises(BackupError, match=r"^That key does not open this backup\.$"):
        verify_backup(written, key=bytes(32))
    target = paths.WorkspacePaths(tmp_path / "new")
    with pytest.raises(BackupError, match="recovery key does not open"):
        restore_backup(written, target, recovery_key=new_recovery_key())
    assert not target.root.exists()


def test_a_backup_of_another_workspace_is_not_restored_over_this_one(
    opened: tuple[Workspace, str], tmp_path: Path
) -> None:
    workspace, recovery_key = opened
    written = create_backup(workspace, tmp_path / "b.smbak")
    other_paths = paths.WorkspacePaths(tmp_path / "other")
    other, _ = create_workspace(other_paths, "another one", remember_in_keyring=False, kdf=FAST_KDF)
    other.close()
    before = _snapshot_files(other_paths.root)
    with pytest.raises(BackupError, match="different workspace"):
        restore_backup(written, other_paths, recovery_key=recovery_key)
    assert _snapshot_files(other_paths.root) == before


def test_files_are_owner_only_and_hold_no_plaintext(
    opened: tuple[Workspace, str], tmp_path: Path
) -> None:
    workspace, recovery_key = opened
    written = create_backup(workspace, tmp_path / "b.smbak")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    data = written.read_bytes()
    for name in NAMES:
        for part in (name, *name.split()):
            assert part.encode() not in data, part
            assert part.encode("utf-16-le") not in data, part
    assert b"SM-2026-0001" not in data
    assert recovery_key.encode() not in data
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".")] == []

    target = paths.WorkspacePaths(tmp_path / "restored")
    restore_backup(written, target, recovery_key=recovery_key)
    assert stat.S_IMODE(target.root.stat().st_mode) == 0o700
    for path in (target.database, target.key_header):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_rotation_keeps_the_newest(tmp_path: Path) -> None:
    for index in range(5):
        path = tmp_path / f"sendmed-backup-2026010{index}-000000.smbak"
        path.write_bytes(b"x")
        os.utime(path, (1_000_000 + index, 1_000_000 + index))
    keep_me = tmp_path / "notes.txt"
    keep_me.write_text("not a backup")
    removed = rotate_backups(tmp_path, keep=2)
    assert len(removed) == 3
    assert sorted(p.name for p in tmp_path.glob("*.smbak")) == [
        "sendmed-backup-20260103-000000.smbak",
        "sendmed-backup-20260104-000000.smbak",
    ]
    assert keep_me.exists()
    with pytest.raises(ValueError, match="negative"):
        rotate_backups(tmp_path, keep=-1)
