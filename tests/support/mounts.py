"""Small file systems and read-only folders for the fault tests, undone afterwards.

Root mounts directly: a tmpfs of a given size (a small disk, a full USB stick) and
read-only bind mounts (root ignores file modes, so ``chmod`` cannot make a folder
read-only for it). Other users get read-only folders from ``chmod``; for a tmpfs they
need user namespaces, so the fault tests re-run themselves under ``unshare -rm`` (see
``tests/soak/conftest.py``), where they are root again. ``mount_problem`` says why
neither works, for a skip.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

NAMESPACE_ENV = "SENDMED_SOAK_IN_NAMESPACE"


def is_root() -> bool:
    """Tell whether this process runs as root (perhaps of a user namespace)."""
    return os.geteuid() == 0


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=30)


@functools.cache
def unshare_works() -> bool:
    """Tell whether ``unshare -rm`` can give this user a namespace to mount a tmpfs in."""
    if shutil.which("unshare") is None:
        return False
    probe = ["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt || exit 1"]
    try:
        done = subprocess.run(probe, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


@functools.cache
def mount_problem() -> str | None:
    """Return why this process cannot mount a tmpfs here, or None when it can."""
    if not hasattr(os, "geteuid"):
        return "mounting needs Linux"
    if is_root():
        probe = Path(tempfile.mkdtemp(prefix="sendmed-mount-probe-"))
        try:
            _run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe))
        except (OSError, subprocess.CalledProcessError) as error:
            return (
                f"this root cannot mount a tmpfs (in a container without CAP_SYS_ADMIN?): {error}"
            )
        finally:
            with contextlib.suppress(OSError, subprocess.CalledProcessError):
                _run("umount", str(probe))
            probe.rmdir()
        return None
    return "mounting a tmpfs needs root, or user namespaces for `unshare -rm`"


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """Mount a tmpfs of ``size`` (``"1m"``, ``"256k"``) on ``folder``; unmount afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        unmount(folder)


@contextlib.contextmanager
def read_only(folder: Path, *, writable_file: Path | None = None) -> Iterator[Path]:
    """Make ``folder`` read-only while in the block; ``writable_file`` in it stays writable.

    The file case is SQLite's trap: the database can be written but the folder cannot
    take the ``-wal``, ``-shm`` and ``-journal`` files SQLite makes beside it.
    """
    if not is_root():
        with _chmod_read_only(folder):
            yield folder
        return
    mounted: list[Path] = []
    # A second name for the file's inode, outside the folder: bound over the file once the
    # folder is read-only, it makes that one file writable again.
    link = folder.parent / f".{folder.name}-writable-{os.getpid()}"
    try:
        if writable_file is not None:
            os.link(writable_file, link)
        _run("mount", "--bind", str(folder), str(folder))
        mounted.append(folder)
        _run("mount", "-o", "remount,ro,bind", str(folder))
        if writable_file is not None:
            _run("mount", "--bind", str(link), str(writable_file))
            mounted.append(writable_file)
        yield folder
    finally:
        for target in reversed(mounted):
            unmount(target)
        link.unlink(missing_ok=True)


def unmount(target: Path) -> None:
    """Unmount ``target``; lazily if a killed process still holds it."""
    try:
        _run("umount", str(target))
    except subprocess.CalledProcessError:
        _run("umount", "-l", str(target))


@contextlib.contextmanager
def _chmod_read_only(folder: Path) -> Iterator[None]:
    before = stat.S_IMODE(folder.stat().st_mode)
    folder.chmod(before & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        yield
    finally:
        folder.chmod(before)
