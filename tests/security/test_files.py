"""Private, atomic file writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sendmed_desktop.security.files import copy_private_file, ensure_private_dir, write_private_file

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_creates_file_with_content(tmp_path: Path) -> None:
    target = tmp_path / "secret.json"
    write_private_file(target, b"hello")
    assert target.read_bytes() == b"hello"
    assert [p.name for p in tmp_path.iterdir()] == ["secret.json"]


@posix_only
def test_written_file_is_owner_only_even_with_a_loose_umask(tmp_path: Path) -> None:
    target = tmp_path / "secret.json"
    old = os.umask(0)
    try:
        write_private_file(target, b"x")
    finally:
        os.umask(old)
    assert mode(target) == 0o600


@posix_only
def test_replacing_a_world_readable_file_makes_it_private(tmp_path: Path) -> None:
    target = tmp_path / "secret.json"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_private_file(target, b"new")
    assert target.read_bytes() == b"new"
    assert mode(target) == 0o600


@posix_only
def test_temp_file_is_private_before_any_data_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    real_fdopen = os.fdopen

    def spy(fd: int, *args: object, **kwargs: object) -> object:
        seen.append(stat.S_IMODE(os.fstat(fd).st_mode))
        assert os.fstat(fd).st_size == 0
        return real_fdopen(fd, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "fdopen", spy)
    write_private_file(tmp_path / "secret.json", b"data")
    assert seen == [0o600]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_failure_mid_write_keeps_old_content_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "secret.json"
    target.write_bytes(b"old content")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(os, failing, boom)
    with pytest.raises(OSError, match="disk on fire"):
        write_private_file(target, b"new content")
    monkeypatch.undo()
    assert target.read_bytes() == b"old content"
    assert [p.name for p in tmp_path.iterdir()] == ["secret.json"]


def test_failure_with_no_previous_file_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("no space left")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError, match="no space left"):
        write_private_file(tmp_path / "secret.json", b"data")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_write_into_missing_folder_raises_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_private_file(tmp_path / "missing" / "secret.json", b"data")
    assert list(tmp_path.iterdir()) == []


def test_copy_streams_large_file_and_is_private(tmp_path: Path) -> None:
    src = tmp_path / "db.sqlite"
    data = os.urandom(3 * 1024 * 1024 + 17)  # more than one copy chunk
    src.write_bytes(data)
    dst_dir = ensure_private_dir(tmp_path / "backups")
    dst = dst_dir / "db-backup.sqlite"
    copy_private_file(src, dst)
    assert dst.read_bytes() == data
    assert src.read_bytes() == data
    if os.name == "posix":
        assert mode(dst) == 0o600
    assert [p.name for p in dst_dir.iterdir()] == ["db-backup.sqlite"]


def test_copy_failure_keeps_old_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "db.sqlite"
    src.write_bytes(b"new database")
    dst = tmp_path / "backup.sqlite"
    dst.write_bytes(b"old backup")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("replace failed")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="replace failed"):
        copy_private_file(src, dst)
    monkeypatch.undo()
    assert dst.read_bytes() == b"old backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.sqlite", "db.sqlite"]


def test_copy_of_missing_source_raises_and_keeps_destination(tmp_path: Path) -> None:
    dst = tmp_path / "backup.sqlite"
    dst.write_bytes(b"old backup")
    with pytest.raises(FileNotFoundError):
        copy_private_file(tmp_path / "missing.sqlite", dst)
    assert dst.read_bytes() == b"old backup"
    assert [p.name for p in tmp_path.iterdir()] == ["backup.sqlite"]


@posix_only
def test_ensure_private_dir_creates_nested_owner_only_folder(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b"
    old = os.umask(0o022)
    try:
        assert ensure_private_dir(target) == target
    finally:
        os.umask(old)
    assert target.is_dir()
    assert mode(target) == 0o700


@posix_only
def test_ensure_private_dir_tightens_an_existing_folder(tmp_path: Path) -> None:
    target = tmp_path / "workspace"
    target.mkdir()
    target.chmod(0o755)
    ensure_private_dir(target)
    assert mode(target) == 0o700


def test_ensure_private_dir_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "workspace"
    target.write_bytes(b"")
    with pytest.raises(FileExistsError):
        ensure_private_dir(target)
