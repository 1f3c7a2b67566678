"""The workspace files a backup carries beside the database: seal identity and preferences.

Without them a workspace restored on a new laptop could not seal with the identity its
earlier documents were sealed with, nor verify them. None is plaintext case data: the
signing identity is PKCS#12 locked with a key derived from the database key, the known
signers are public certificates, and the preferences hold no names or notes.

A backup is untrusted input, so each name is checked against this short list before
anything is written: a crafted backup cannot write outside the workspace folder.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.security.files import copy_private_file, ensure_private_dir
from sendmed_desktop.security.signing import IDENTITY_FILE, KNOWN_SIGNERS_DIR

SETTINGS_FILE = "settings.json"
_KNOWN_SIGNER = re.compile(rf"{KNOWN_SIGNERS_DIR}/[0-9a-f]{{16}}\.pem")
# Far more than any of these files needs; a larger entry means a damaged or crafted file.
MAX_FILE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class CarriedFile:
    """One file carried in a backup: its name in the workspace, size and checksum."""

    name: str
    size: int
    sha256: str

    def to_json(self) -> dict[str, Any]:
        """Return the header entry for this file."""
        return {"name": self.name, "size": self.size, "sha256": self.sha256}

    @classmethod
    def from_json(cls, entry: Any) -> CarriedFile:
        """Read a header entry, refusing any name not on the list (raises ValueError)."""
        if not isinstance(entry, dict):
            raise ValueError("not an object")
        name, size, digest = entry.get("name"), entry.get("size"), entry.get("sha256")
        if not isinstance(name, str) or not is_carried_name(name):
            raise ValueError("unexpected file name")
        if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= MAX_FILE_BYTES:
            raise ValueError("bad size")
        if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise ValueError("bad checksum")
        return cls(name, size, digest)


def is_carried_name(name: str) -> bool:
    """Return whether ``name`` is one of the files a backup may carry."""
    return name in (IDENTITY_FILE, SETTINGS_FILE) or _KNOWN_SIGNER.fullmatch(name) is not None


def files_to_carry(paths: WorkspacePaths) -> list[tuple[CarriedFile, bytes]]:
    """Return the workspace's carried files that exist, with their contents."""
    root = paths.root
    candidates = [root / IDENTITY_FILE, root / SETTINGS_FILE]
    signers = root / KNOWN_SIGNERS_DIR
    if signers.is_dir():
        candidates += sorted(signers.glob("*.pem"))
    carried = []
    for path in candidates:
        name = path.relative_to(root).as_posix()
        if not path.is_file() or not is_carried_name(name):
            continue
        data = path.read_bytes()
        if len(data) <= MAX_FILE_BYTES:
            carried.append((CarriedFile(name, len(data), hashlib.sha256(data).hexdigest()), data))
    return carried


def place_carried_files(folder: Path, root: Path, *, replace: bool) -> list[str]:
    """Copy the checked files extracted in ``folder`` into the workspace at ``root``.

    With ``replace`` false (restoring over a workspace that has its own) a file that is
    already there is kept: the workspace's current seal identity may be newer than the
    backup's. Known signers are only ever added, so every earlier seal still verifies.
    Returns the names written.
    """
    written = []
    for source in sorted(folder.rglob("*")):
        name = source.relative_to(folder).as_posix()
        if not source.is_file() or not is_carried_name(name):
            continue
        target = root / name
        if target.exists() and not replace:
            continue
        ensure_private_dir(target.parent)
        copy_private_file(source, target)
        written.append(name)
    return written
