"""Temporaries left by an interrupted write are swept, and nothing else is."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sendmed_desktop import paths
from sendmed_desktop.security.files import STALE_AFTER_SECONDS, remove_stale_temporaries
from sendmed_desktop.services.backups import create_backup
from sendmed_desktop.services.workspace import create_workspace
from tests.conftest import FAST_KDF, TEST_PASSPHRASE


def _aged(path: Path, seconds: float) -> Path:
    path.write_bytes(b"encrypted leftovers")
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_only_old_temporaries_of_ours_are_removed(tmp_path: Path) -> None:
    old = _aged(tmp_path / ".sendmed.db.0123456789ab.tmp", STALE_AFTER_SECONDS + 60)
    fresh = _aged(tmp_path / ".sendmed.db.ba9876543210.tmp", 5)
    photo = _aged(tmp_path / ".holiday.jpg", STALE_AFTER_SECONDS * 10)
    lookalike = _aged(tmp_path / ".notes.txt.tmp", STALE_AFTER_SECONDS * 10)
    assert remove_stale_temporaries(tmp_path) == 1
    assert not old.exists()
    assert fresh.exists()
    assert photo.exists()
    assert lookalike.exists()


def test_the_next_backup_sweeps_what_a_pulled_stick_left(tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    left = _aged(stick / ".sendmed-backup-1.smbak.0123456789ab.tmp", STALE_AFTER_SECONDS + 60)
    workspace, _recovery = create_workspace(
        paths.WorkspacePaths(tmp_path / "workspace"),
        TEST_PASSPHRASE,
        remember_in_keyring=False,
        kdf=FAST_KDF,
    )
    try:
        written = create_backup(workspace, stick)
    finally:
        workspace.close()
    assert not left.exists()
    assert sorted(p.name for p in stick.iterdir()) == [written.name]
