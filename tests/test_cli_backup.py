"""``sendmed backup`` and ``sendmed restore``, run as a script would."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import sendmed

pytestmark = pytest.mark.slow


def _seeded(tmp_path: Path) -> tuple[str, str]:
    data = str(tmp_path / "ws")
    seeded = sendmed("--data-dir", data, "seed-demo")
    assert seeded.returncode == 0, seeded.stderr
    recovery_key = seeded.stderr.strip().splitlines()[-1].strip()
    return data, recovery_key


def test_backup_then_restore_into_a_fresh_folder(tmp_path: Path) -> None:
    data, recovery_key = _seeded(tmp_path)
    out = tmp_path / "backups"
    out.mkdir()
    made = sendmed("--data-dir", data, "backup", str(out))
    assert made.returncode == 0, made.stderr
    written = Path(made.stdout.strip().removeprefix("wrote "))
    assert written.parent == out
    assert written.suffix == ".smbak"

    fresh = str(tmp_path / "fresh")
    env = {"SENDMED_RECOVERY_KEY": recovery_key}
    restored = sendmed("--data-dir", fresh, "restore", str(written), passphrase="new pass", env=env)
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.strip() == "restored 8 cases"
    checked = sendmed("--data-dir", fresh, "self-test", passphrase="new pass")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.strip() == "ok: 8 cases"

    # Over the existing workspace, unlocked with its own passphrase.
    again = sendmed("--data-dir", fresh, "restore", str(written), passphrase="new pass")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "restored 8 cases"
    assert len(list((tmp_path / "fresh" / "backups").glob("before-restore-*.db"))) == 1


def test_a_corrupted_backup_is_one_line(tmp_path: Path) -> None:
    data, recovery_key = _seeded(tmp_path)
    backup = tmp_path / "b.smbak"
    assert sendmed("--data-dir", data, "backup", str(backup)).returncode == 0
    raw = bytearray(backup.read_bytes())
    raw[-5000] ^= 0x01
    backup.write_bytes(bytes(raw))
    fresh = tmp_path / "fresh"
    env = {"SENDMED_RECOVERY_KEY": recovery_key}
    result = sendmed("--data-dir", str(fresh), "restore", str(backup), env=env)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "sendmed: That backup is damaged: its checksum does not match."
    )
    # Only the log folder is made (by every command); no database, no key file.
    assert not (fresh / "sendmed.db").exists()
    assert not (fresh / "sendmed.key.json").exists()


def test_restore_into_an_empty_folder_needs_the_recovery_key(tmp_path: Path) -> None:
    result = sendmed("--data-dir", str(tmp_path / "fresh"), "restore", str(tmp_path / "x.smbak"))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "SENDMED_RECOVERY_KEY" in result.stderr
