"""A backup carries the seal identity and preferences, so a restored laptop still verifies."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from sendmed_desktop import paths
from sendmed_desktop.security.signing import IDENTITY_FILE
from sendmed_desktop.services.backup_files import SETTINGS_FILE, is_carried_name
from sendmed_desktop.services.backups import (
    MAGIC,
    BackupError,
    create_backup,
    restore_backup,
    verify_backup,
)
from sendmed_desktop.services.demo import SIGNED_DEMO_REFERENCE, seed_demo
from sendmed_desktop.services.documents import export_certificate, verify_file
from sendmed_desktop.services.workspace import create_workspace, open_workspace
from sendmed_desktop.settings import IDLE_LOCK_MINUTES
from tests.conftest import FAST_KDF, TEST_PASSPHRASE


def test_a_new_laptop_restored_from_a_backup_verifies_earlier_seals(tmp_path: Path) -> None:
    old_paths = paths.WorkspacePaths(tmp_path / "old-laptop")
    workspace, recovery = create_workspace(
        old_paths, TEST_PASSPHRASE, remember_in_keyring=False, kdf=FAST_KDF
    )
    try:
        seed_demo(workspace)  # issues and seals DEMO-0001's certificate
        workspace.settings.set(IDLE_LOCK_MINUTES, 9)
        sealed = export_certificate(workspace, SIGNED_DEMO_REFERENCE, tmp_path)
        backup = create_backup(workspace, tmp_path)
    finally:
        workspace.close()

    new_paths = paths.WorkspacePaths(tmp_path / "new-laptop")
    restore_backup(
        backup, new_paths, recovery_key=recovery, passphrase_for_new="new passphrase", kdf=FAST_KDF
    )
    assert (new_paths.root / IDENTITY_FILE).read_bytes() == (
        old_paths.root / IDENTITY_FILE
    ).read_bytes()
    restored = open_workspace(new_paths, passphrase="new passphrase")
    try:
        assert restored.settings.get(IDLE_LOCK_MINUTES) == 9
        check = verify_file(restored, sealed)
        assert check.ok, check.message
    finally:
        restored.close()


def test_restoring_over_a_workspace_keeps_its_own_identity(tmp_path: Path) -> None:
    workspace_paths = paths.WorkspacePaths(tmp_path / "workspace")
    workspace, _recovery = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=False, kdf=FAST_KDF
    )
    try:
        seed_demo(workspace)
        backup = create_backup(workspace, tmp_path)
        key = workspace.database_key()
    finally:
        workspace.close()
    identity = workspace_paths.root / IDENTITY_FILE
    current = b"the workspace's newer identity"
    identity.write_bytes(current)
    restore_backup(backup, workspace_paths, key=key)
    assert identity.read_bytes() == current


def _rewrite_header(backup: Path, change: dict[str, object]) -> None:
    data = backup.read_bytes()
    start = len(MAGIC)
    (length,) = struct.unpack(">I", data[start : start + 4])
    header = json.loads(data[start + 4 : start + 4 + length])
    header.update(change)
    raw = json.dumps(header).encode()
    backup.write_bytes(
        data[:start] + struct.pack(">I", len(raw)) + raw + data[start + 4 + length :]
    )


@pytest.mark.parametrize("name", ["../outside.txt", "/etc/passwd", "known-signers/../x.pem"])
def test_a_crafted_file_name_is_refused_and_nothing_written(tmp_path: Path, name: str) -> None:
    assert not is_carried_name(name)
    workspace_paths = paths.WorkspacePaths(tmp_path / "workspace")
    workspace, _recovery = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=False, kdf=FAST_KDF
    )
    try:
        workspace.settings.set(IDLE_LOCK_MINUTES, 7)
        backup = create_backup(workspace, tmp_path)
        key = workspace.database_key()
    finally:
        workspace.close()
    header_files = [{"name": name, "size": 0, "sha256": "0" * 64}]
    _rewrite_header(backup, {"files": header_files})
    with pytest.raises(BackupError, match="not a SendMed backup"):
        verify_backup(backup, key=key)
    target = paths.WorkspacePaths(tmp_path / "target")
    with pytest.raises(BackupError):
        restore_backup(backup, target, key=key, passphrase_for_new="p", kdf=FAST_KDF)
    assert not target.root.exists()
    assert not (tmp_path / "outside.txt").exists()


def test_a_changed_carried_file_fails_the_checksum(tmp_path: Path) -> None:
    workspace_paths = paths.WorkspacePaths(tmp_path / "workspace")
    workspace, _recovery = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=False, kdf=FAST_KDF
    )
    try:
        workspace.settings.set(IDLE_LOCK_MINUTES, 7)
        backup = create_backup(workspace, tmp_path)
        key = workspace.database_key()
    finally:
        workspace.close()
    data = bytearray(backup.read_bytes())
    settings_bytes = (workspace_paths.root / SETTINGS_FILE).read_bytes()
    where = bytes(data).rindex(settings_bytes)
    data[where + 5] ^= 0x01
    backup.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="checksum"):
        verify_backup(backup, key=key)
