"""Files: everything written is owner-only, and no temporary file ever holds plaintext.

An audit hook (sys.addaudithook) sees every file the process opens for writing, renames
or deletes. Temporary files are read at the moment they are renamed or deleted, so a
plaintext copy that lived for a millisecond is still caught.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sendmed_desktop import paths
from sendmed_desktop.services.backups import create_backup, restore_backup, verify_backup
from sendmed_desktop.services.demo import DEMO_CASES, SIGNED_DEMO_REFERENCE, seed_demo
from sendmed_desktop.services.documents import export_agreement, export_certificate
from sendmed_desktop.services.workspace import create_workspace
from tests.conftest import FAST_KDF, TEST_PASSPHRASE

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")

# Plain SQLite files and PDFs start with these; an encrypted database does not.
PLAINTEXT_MARKERS = (b"SQLite format 3\x00", b"%PDF-")
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


class FileWatch:
    """Record what is written, and read temporary files before they go."""

    def __init__(self, temp_root: Path, secrets: set[bytes]) -> None:
        self.temp_root = temp_root
        self.secrets = secrets
        self.written: set[Path] = set()
        self.temp_files_seen = 0
        self.plaintext: list[str] = []
        self.on = False

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.on:
            return
        self.on = False  # the checks below open files too
        try:
            self._handle(event, args)
        finally:
            self.on = True

    def _handle(self, event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and isinstance(args[0], (str, Path)):
            mode, flags = args[1], args[2]
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & WRITE_FLAGS
            )
            if writing:
                self.written.add(Path(args[0]).resolve())
        elif event in ("os.remove", "os.rename") and isinstance(args[0], (str, Path)):
            self._inspect(Path(args[0]))
        elif event == "shutil.rmtree" and isinstance(args[0], (str, Path)):
            folder = Path(args[0])
            if folder.is_dir():
                for item in folder.rglob("*"):
                    self._inspect(item)

    def _inspect(self, path: Path) -> None:
        path = path.resolve()
        if not path.is_file() or not path.is_relative_to(self.temp_root):
            return
        self.temp_files_seen += 1
        data = path.read_bytes()
        for marker in (*PLAINTEXT_MARKERS, *self.secrets):
            if marker in data:
                self.plaintext.append(f"{path.name}: {marker[:20]!r}")


WATCH: FileWatch | None = None


def _dispatch(event: str, args: tuple[Any, ...]) -> None:
    if WATCH is not None:
        WATCH.hook(event, args)


sys.addaudithook(_dispatch)  # hooks cannot be removed; this one does nothing unless watching


@pytest.fixture
def watch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FileWatch]:
    global WATCH  # noqa: PLW0603 - the audit hook is process-wide
    temp_root = tmp_path / "system-temp"
    temp_root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp_root))
    names = {person.name for case in DEMO_CASES for person in case.people}
    secrets = {name.encode() for name in names} | {TEST_PASSPHRASE.encode()}
    WATCH = FileWatch(temp_root.resolve(), secrets)
    try:
        yield WATCH
    finally:
        WATCH = None


@posix_only
def test_workspace_documents_and_backups_are_private_and_temp_files_ciphertext(
    tmp_path: Path, watch: FileWatch
) -> None:
    workspace_paths = paths.WorkspacePaths(tmp_path / "workspace")
    documents, stick = tmp_path / "documents", tmp_path / "usb-stick"
    documents.mkdir()
    stick.mkdir()
    restored_paths = paths.WorkspacePaths(tmp_path / "restored")

    watch.on = True
    workspace, recovery = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=False, kdf=FAST_KDF
    )
    try:
        seed_demo(workspace)
        agreement = export_agreement(workspace, SIGNED_DEMO_REFERENCE, documents)
        certificate = export_certificate(workspace, SIGNED_DEMO_REFERENCE, documents)
        backup = create_backup(workspace, stick)
        verify_backup(backup, key=workspace.database_key())
    finally:
        workspace.close()
    restore_backup(
        backup,
        restored_paths,
        recovery_key=recovery,
        passphrase_for_new=TEST_PASSPHRASE,
        kdf=FAST_KDF,
    )
    watch.on = False

    # Temporary copies were made (backups go through them) and none was plaintext.
    assert watch.temp_files_seen > 0
    assert watch.plaintext == []
    assert list(Path(watch.temp_root).iterdir()) == []
    # Nothing was written outside the workspaces, the chosen folders and the temp folder.
    allowed = [
        p.resolve()
        for p in (workspace_paths.root, restored_paths.root, documents, stick, watch.temp_root)
    ]
    strays = [p for p in watch.written if not any(p.is_relative_to(a) for a in allowed)]
    assert strays == []
    # Every file that remains is owner-only; every folder the app made is too.
    for path in (agreement, certificate, backup):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    for root in (workspace_paths.root, restored_paths.root):
        for item in [root, *root.rglob("*")]:
            expected = 0o700 if item.is_dir() else 0o600
            assert stat.S_IMODE(item.stat().st_mode) == expected, item.relative_to(root)
    # And nothing in the workspaces is readable as plaintext.
    for root in (workspace_paths.root, restored_paths.root):
        for item in root.rglob("*"):
            if item.is_file():
                data = item.read_bytes()
                assert not any(m in data for m in (*PLAINTEXT_MARKERS, *watch.secrets)), item
