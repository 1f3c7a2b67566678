"""A read-only workspace or backup folder: the user is told in words, nothing is touched.

As root the folders are made read-only with read-only bind mounts (root ignores file
modes); as anyone else, with ``chmod``. The command line and the GUI are started as real
processes (the GUI offscreen) and must say what is wrong, exit non-zero, and print no
traceback.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
import sqlcipher3

from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.security.files import ensure_private_dir
from sendmed_desktop.services.errors import message_for
from sendmed_desktop.storage.errors import WORKSPACE_READ_ONLY
from tests.soak.conftest import assert_clean, make_workspace, sendmed
from tests.support.mounts import read_only

pytestmark = [
    pytest.mark.slow,
    pytest.mark.usefixtures("mounting"),
    pytest.mark.skipif(sys.platform != "linux", reason="bind mounts and modes: Linux only"),
]

READ_ONLY = "The workspace is read-only: SendMed cannot save changes in"


def used_workspace(tmp_path: Path) -> WorkspacePaths:
    """Return a workspace with a log folder, as once the app has run in it."""
    paths = make_workspace(tmp_path / "workspace")
    ensure_private_dir(paths.logs)
    return paths


def fingerprint(folder: Path) -> dict[str, str]:
    """Return each file's SHA-256 under ``folder``, to show nothing was changed."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def assert_refused_in_words(paths: WorkspacePaths) -> None:
    """Start the command line and the GUI on ``paths``: each says it is read-only."""
    where = str(paths.root)
    cli = sendmed("--data-dir", where, "self-test")
    assert cli.returncode == 1
    assert_clean(cli)
    assert cli.stderr.startswith(f"sendmed: {READ_ONLY} {where}."), cli.stderr
    assert cli.stdout == ""

    gui = sendmed("--data-dir", where, "--quit-when-shown")
    assert gui.returncode == 1
    assert_clean(gui)
    assert f"sendmed: {READ_ONLY} {where}." in gui.stderr
    # The same words in the window: a user who starts the app from a menu sees no stderr.
    assert gui.stdout.startswith(f"shown: {READ_ONLY} {where}."), gui.stdout


def test_a_read_only_workspace_folder_is_refused_in_words(tmp_path: Path) -> None:
    paths = used_workspace(tmp_path)
    before = fingerprint(paths.root)
    with read_only(paths.root):
        assert not os.access(paths.root, os.W_OK)
        assert_refused_in_words(paths)
    assert fingerprint(paths.root) == before
    assert sendmed("--data-dir", str(paths.root), "self-test").returncode == 0


def test_a_writable_database_in_a_read_only_folder_is_refused_in_words(
    tmp_path: Path,
) -> None:
    # SQLite must create -wal and -shm files beside the database: a writable file alone
    # is not enough, and without the check it fails deep in the unlock.
    paths = used_workspace(tmp_path)
    before = fingerprint(paths.root)
    with read_only(paths.root, writable_file=paths.database):
        assert not os.access(paths.root, os.W_OK)
        assert os.access(paths.database, os.W_OK)
        assert_refused_in_words(paths)
    assert fingerprint(paths.root) == before


def test_a_backup_to_a_read_only_folder_is_refused_in_words(tmp_path: Path) -> None:
    paths = make_workspace(tmp_path / "workspace")
    stick = tmp_path / "stick"
    stick.mkdir()
    with read_only(stick):
        result = sendmed("--data-dir", str(paths.root), "backup", str(stick))
        assert result.returncode == 1
        assert_clean(result)
        expected = (
            f"sendmed: The folder {stick} is read-only"
            if os.geteuid() == 0
            else f"sendmed: You are not allowed to write in the folder {stick}"
        )
        assert result.stderr.startswith(expected), result.stderr
        assert list(stick.iterdir()) == []


def test_a_save_sqlite_refuses_as_read_only_is_told_in_words(tmp_path: Path) -> None:
    # A disk can turn read-only under a running app (the kernel does so after disk
    # errors); SQLite then refuses the save in its own words, which must not reach a user.
    database = tmp_path / "notes.db"
    writable = sa.create_engine(f"sqlite:///{database}", module=sqlcipher3.dbapi2)
    with writable.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE note (text TEXT)")
    writable.dispose()
    read_only_engine = sa.create_engine(
        f"sqlite:///file:{database}?mode=ro&uri=true", module=sqlcipher3.dbapi2
    )
    with pytest.raises(sa.exc.OperationalError) as caught, read_only_engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO note VALUES ('said')")
    read_only_engine.dispose()
    assert message_for(caught.value, tmp_path) == WORKSPACE_READ_ONLY.format(root=tmp_path)
    assert message_for(caught.value) == WORKSPACE_READ_ONLY.format(root="its folder")
