"""Write sensitive files atomically and readable by their owner only.

The pattern is Electrum's ``storage.py``: a temporary file in the same folder, created
owner-only before any byte is written, flushed and fsynced, then ``os.replace``-d onto the
target and the folder fsynced. A crash or error at any point leaves either the old file or
the new one, never a half-written one, and never a moment when the data is world-readable.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
_COPY_CHUNK = 1024 * 1024
_TEMP_ATTEMPTS = 10
# The names _create_private_temp gives; nothing else is ever swept.
_TEMP_NAME = re.compile(r"\..+\.[0-9a-f]{12}\.tmp")
# Old enough that no live write (a backup of a large workspace included) can own it.
STALE_AFTER_SECONDS = 6 * 3600


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) and make it owner-only; return it."""
    # mkdir's mode is filtered by the umask and ignored for a folder that already exists,
    # so the mode is checked and set afterwards rather than trusted.
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    info = path.stat()
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(errno.ENOTDIR, "Not a folder", str(path))
    # Only tighten a folder we own: chmod on someone else's folder would fail anyway, and a
    # shared parent such as /tmp must not be changed behind its owner's back.
    owned = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    if owned and stat.S_IMODE(info.st_mode) != PRIVATE_DIR_MODE:
        path.chmod(PRIVATE_DIR_MODE)
    return path


def write_private_file(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, as an owner-only file."""
    _replace_via_temp(path, lambda handle: handle.write(data))


def copy_private_file(src: Path, dst: Path) -> None:
    """Copy ``src`` onto ``dst`` atomically, as an owner-only file, streaming the bytes."""
    with src.open("rb") as source:
        _replace_via_temp(dst, lambda handle: shutil.copyfileobj(source, handle, _COPY_CHUNK))


def _replace_via_temp(path: Path, fill: Callable[[BinaryIO], object]) -> None:
    fd, temp = _create_private_temp(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
            handle.flush()
            # fsync before the rename: otherwise a power cut can leave the new name pointing
            # at an empty or partial file on some filesystems.
            os.fsync(handle.fileno())
        temp.replace(path)
    except BaseException:
        # BaseException too: a KeyboardInterrupt mid-write must not leave a stray copy of
        # sensitive data beside the target.
        _remove_quietly(temp)
        raise
    _fsync_dir(path.parent)


def _create_private_temp(path: Path) -> tuple[int, Path]:
    # O_EXCL refuses an existing file or symlink at the temp name, and the 0o600 mode is
    # applied at creation, so no byte is ever written to a file others could read.
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(_TEMP_ATTEMPTS):
        temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temp, flags, PRIVATE_FILE_MODE), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "Could not create a temporary file", str(path))


def _remove_quietly(temp: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable by syncing the folder, where the OS supports it."""
    if os.name == "nt":  # Windows cannot open a folder as a file; NTFS journals renames.
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError as exc:
        # Some filesystems (network mounts, FUSE) do not support fsync on a folder.
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def remove_stale_temporaries(
    folder: Path, *, older_than: float = STALE_AFTER_SECONDS, now: float | None = None
) -> int:
    """Delete temporary files that an interrupted write (a crash, a pulled plug) left.

    Only files named as this module names its temporaries, owned by this user and not
    touched for ``older_than`` seconds are removed. Returns how many went.
    """
    now = time.time() if now is None else now
    removed = 0
    try:
        candidates = [p for p in folder.iterdir() if _TEMP_NAME.fullmatch(p.name)]
    except OSError:
        return 0
    for path in candidates:
        try:
            info = path.lstat()
        except OSError:
            continue
        mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
        if stat.S_ISREG(info.st_mode) and mine and now - info.st_mtime > older_than:
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    return removed
