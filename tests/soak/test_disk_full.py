"""A full disk: the save that does not fit is refused in words, and nothing saved is lost.

The workspace lives on a small tmpfs and the writer saves until the disk is full; once
the tmpfs is made bigger (as freeing space would) the workspace opens whole with every
acknowledged change. A backup to a full "USB stick" is refused in words and leaves
nothing behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.services.backups import create_backup
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.errors import message_for
from sendmed_desktop.services.notes import NotesService
from tests.soak.checks import SEED, Model, check_workspace, settle
from tests.soak.conftest import (
    ROOT,
    Child,
    assert_clean,
    make_workspace,
    open_soak_workspace,
    script_env,
    sendmed,
)
from tests.support.mounts import small_disk

pytestmark = [
    pytest.mark.slow,
    pytest.mark.mounts,
    pytest.mark.usefixtures("mounting"),
    pytest.mark.skipif(sys.platform != "linux", reason="tmpfs is Linux only"),
]

DISK_FULL = "The disk is full"


def fill_up(disk: Path, leave: int = 0) -> Path:
    """Fill ``disk`` with a file, leaving about ``leave`` bytes; return it, to free space."""
    found = os.statvfs(disk)
    size = max(0, found.f_bavail * found.f_frsize - leave) if leave else None
    filler = disk / "filler"
    chunk = b"\0" * 4096
    with filler.open("wb", buffering=0) as out, contextlib.suppress(OSError):
        while size is None or out.tell() < size:
            out.write(chunk)
    return filler


@contextlib.contextmanager
def full_disk_workspace(tmp_path: Path, size: str) -> Iterator[Path]:
    """Yield a tmpfs of ``size`` with an empty workspace on it."""
    with small_disk(tmp_path / "disk", size) as disk:
        make_workspace(disk / "workspace")
        yield disk


def test_saving_until_the_disk_is_full_loses_nothing(tmp_path: Path) -> None:
    with full_disk_workspace(tmp_path, "4m") as disk:
        root = disk / "workspace"
        model = Model(check_workspace(WorkspacePaths(root)))
        filler = fill_up(disk, leave=1536 * 1024)
        command = ["changes", str(root), "--seed", str(SEED)]
        writer = subprocess.run(
            [sys.executable, "-m", "tests.support.soak_writer", *command],
            cwd=ROOT,
            env=script_env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert writer.returncode == 1, writer.stderr[-2000:]
        assert "Traceback" not in writer.stderr
        lines = writer.stdout.splitlines()
        assert lines[-1].startswith(f"error {DISK_FULL}"), lines[-3:]
        acknowledged = sum(line.startswith("ack ") for line in lines)
        assert acknowledged > 10

        # Still full: the command line says so, or works; never a traceback.
        while_full = sendmed("--data-dir", str(root), "self-test")
        assert_clean(while_full)
        if while_full.returncode:
            assert f"sendmed: {DISK_FULL}" in while_full.stderr

        filler.unlink()  # space freed
        child = Child(pid=0, lines=lines[1:-1])
        settle(WorkspacePaths(root), model, child)
        for args in (["self-test"], ["audit", "verify"]):
            after = sendmed("--data-dir", str(root), *args)
            assert after.returncode == 0, after.stderr
            assert_clean(after)
    sys.stdout.write(f"\ndisk full after {acknowledged} acknowledged changes, all kept\n")


def test_a_backup_to_a_full_stick_is_refused_in_words_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    workspace_root = make_workspace(tmp_path / "workspace").root
    with small_disk(tmp_path / "stick", "64k") as stick:
        result = sendmed("--data-dir", str(workspace_root), "backup", str(stick))
        assert result.returncode == 1
        assert_clean(result)
        assert result.stderr.startswith(f"sendmed: {DISK_FULL}: there is no room left")
        assert str(stick) in result.stderr
        assert list(stick.iterdir()) == []

        workspace = open_soak_workspace(WorkspacePaths(workspace_root))
        try:
            with pytest.raises(OSError, match="No space") as caught:
                create_backup(workspace, stick)
        finally:
            workspace.close()
        assert caught.value.errno == errno.ENOSPC
        assert (message_for(caught.value) or "").startswith(DISK_FULL)
        assert list(stick.iterdir()) == []


@pytest.mark.gui
@pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints")
def test_typing_a_note_on_a_full_disk_says_so_and_keeps_the_text(
    tmp_path: Path, qtbot: QtBot
) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from sendmed_desktop.ui.widgets.notes_panel import NotesPanel

    said = "Mum says the therapy stopped in September."
    with full_disk_workspace(tmp_path, "1m") as disk:
        paths = WorkspacePaths(disk / "workspace")
        workspace = open_soak_workspace(paths)
        try:
            new = NewCase("SM-2026-0001", "Amira Hussain", "Leeds City Council", "Farah Hussain")
            panel = NotesPanel(workspace, CaseService(workspace).create(new).id, None)
            qtbot.addWidget(panel)
            panel.show()
            note = panel.new_note()
            assert note is not None
            filler = fill_up(disk)
            qtbot.keyClicks(panel.editor.text_edit, said)
            assert not panel.flush()
            boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
            shown = [box.text() for box in boxes if box.isVisible()]
            assert len(shown) == 1
            assert shown[0].startswith(DISK_FULL), shown[0]
            assert panel.editor.text_edit.toPlainText() == said

            filler.unlink()  # space freed: the same text now saves
            assert panel.flush()
            for box in boxes:
                box.close()
            stored = NotesService(workspace).note(note.id)
            assert stored is not None
            assert stored.text == said
        finally:
            workspace.close()
        check_workspace(paths)
