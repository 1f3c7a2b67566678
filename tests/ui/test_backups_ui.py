"""Backups from the window: the dialog, Back up now, the schedule, and restoring over."""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from sendmed_desktop import paths
from sendmed_desktop.domain.cases import CaseSummary, NewCase
from sendmed_desktop.services.backup_schedule import OTHER_WORKSPACE, back_up_to_folder
from sendmed_desktop.services.backups import MAGIC, create_backup
from sendmed_desktop.services.workspace import Workspace, create_workspace
from sendmed_desktop.settings import BACKUP_FOLDER, BACKUP_KEEP, BACKUP_LAST_AT, BACKUP_SCHEDULE
from sendmed_desktop.ui.backup_controller import MARKER_TEXT, back_up_now
from sendmed_desktop.ui.dialogs.backups_dialog import BackupsDialog, open_backups
from sendmed_desktop.ui.dialogs.restore_flow import REPLACE
from sendmed_desktop.ui.main_window import MainWindow
from tests.conftest import FAST_KDF
from tests.ui.conftest import SEED, wait_for_tasks
from tests.ui.test_accessibility import clashing_access_keys, unlabelled

pytestmark = pytest.mark.gui


@pytest.fixture
def window(
    make_window: Callable[..., MainWindow], workspace: Workspace, seeded: list[CaseSummary]
) -> MainWindow:
    shown = make_window(workspace=workspace)
    wait_for_tasks(shown)
    return shown


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    """A folder standing in for a USB stick."""
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def _choose(workspace: Workspace, folder: Path, schedule: str = "off") -> None:
    workspace.settings.set(BACKUP_FOLDER, str(folder))
    workspace.settings.set(BACKUP_SCHEDULE, schedule)


def _shown_box(parent: BackupsDialog) -> QMessageBox:
    box = parent.result_box
    assert box is not None
    assert box.isVisible()
    return box


def _with_workspace_id(source: Path, target: Path, workspace_id: str) -> None:
    """Copy a backup, claiming in its header to be of ``workspace_id``."""
    data = source.read_bytes()
    start = len(MAGIC) + 4
    (length,) = struct.unpack(">I", data[len(MAGIC) : start])
    header = json.loads(data[start : start + length])
    header["workspace_id"] = workspace_id
    raw = json.dumps(header, sort_keys=True).encode()
    target.write_bytes(MAGIC + struct.pack(">I", len(raw)) + raw + data[start + length :])


def test_back_up_now_asks_for_a_folder_first_then_writes_and_lists(
    window: MainWindow, qtbot: QtBot, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = window.workspace
    assert workspace is not None
    assert not back_up_now(window)
    (dialog,) = [d for d in window.findChildren(BackupsDialog) if d.isVisible()]
    assert unlabelled(dialog) == []
    assert clashing_access_keys(dialog) == []
    assert not dialog.check_button.isEnabled()

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(stick))
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert workspace.settings.get(BACKUP_FOLDER) == str(stick)
    assert dialog.folder_edit.text() == str(stick)
    dialog.schedule_combo.setCurrentIndex(dialog.schedule_combo.findData("weekly"))
    assert workspace.settings.get(BACKUP_SCHEDULE) == "weekly"
    dialog.keep_spin.setValue(3)
    assert workspace.settings.get(BACKUP_KEEP) == 3
    wait_for_tasks(window)
    assert dialog.list_note.text() == "There are no backups of this workspace in this folder yet."

    qtbot.mouseClick(dialog.back_up_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(window)

    written = list(stick.glob("*.smbak"))
    assert len(written) == 1
    assert dialog.table.topLevelItemCount() == 1
    assert dialog.selected_backup() == written[0]
    assert dialog.check_button.isEnabled()
    last = datetime.fromisoformat(workspace.settings.get(BACKUP_LAST_AT)).astimezone()
    assert dialog.last_label.text().startswith(
        f"Last successful backup: {last:%a} {last.day} {last:%b %Y, %H:%M}."
    )
    said = window.statusBar().currentMessage()
    assert said.startswith(f"Backed up to {stick} at ")
    assert said.endswith("1 backup of this workspace kept there.")
    dialog.close()


def test_check_then_restore_brings_back_the_backed_up_cases(
    window: MainWindow, qtbot: QtBot, stick: Path
) -> None:
    old = window.workspace
    assert old is not None
    assert window.cases is not None
    _choose(old, stick)
    back_up_to_folder(old)
    added = window.cases.create(
        NewCase(
            reference="SM-2026-0099",
            subject_name="Later Child",
            local_authority="Testshire",
            party_name="Later Parent",
        )
    )
    assert window.open_case(added.id)

    dialog = open_backups(window)
    assert dialog is not None
    wait_for_tasks(window)
    assert dialog.table.topLevelItemCount() == 1
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(window)
    box = _shown_box(dialog)
    assert box.text().startswith("✓ This backup is intact")
    assert f"Holds: {len(SEED)} cases" in box.informativeText()
    box.close()

    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(window)
    confirm = dialog.confirm_box
    assert confirm is not None
    assert confirm.isVisible()
    assert confirm.text().startswith("Replace this workspace with the backup made on ")
    assert str(old.paths.backups) in confirm.informativeText()
    assert confirm.defaultButton().text() != REPLACE  # Enter must not replace by accident
    (replace,) = [b for b in confirm.buttons() if b.text() == REPLACE]
    qtbot.mouseClick(replace, Qt.MouseButton.LeftButton)
    wait_for_tasks(window)
    qtbot.waitUntil(lambda: window.workspace is not None)

    assert window.workspace is not old
    assert window.case_page is None
    assert window.case_list_page is not None
    assert window.stack.currentWidget() is window.case_list_page
    assert window.count_label.text() == f"{len(SEED)} cases"
    assert window.statusBar().currentMessage().startswith("Restored the backup made on ")
    assert len(list(old.paths.backups.glob("before-restore-*.db"))) == 1
    assert window.backup_scheduler is not None
    assert window.backup_scheduler.active


@pytest.mark.parametrize("kind", ["damaged", "other workspace", "wrong key"])
def test_a_bad_backup_is_refused_with_a_clear_message_and_changes_nothing(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
) -> None:
    workspace = window.workspace
    assert workspace is not None
    assert window.cases is not None
    bad = tmp_path / "bad.smbak"
    if kind == "damaged":
        raw = bytearray(create_backup(workspace, tmp_path / "good.smbak").read_bytes())
        raw[-100] ^= 0xFF
        bad.write_bytes(bytes(raw))
        expected = "That backup is damaged: its checksum does not match."
    else:
        other, _recovery = create_workspace(
            paths.WorkspacePaths(tmp_path / "other"),
            "other passphrase",
            remember_in_keyring=False,
            kdf=FAST_KDF,
        )
        theirs = create_backup(other, tmp_path / "theirs.smbak")
        other.close()
        if kind == "other workspace":
            theirs.rename(bad)
            expected = OTHER_WORKSPACE
        else:
            # Claims to be ours, but holds a database under another key.
            _with_workspace_id(theirs, bad, workspace.header.workspace_id)
            expected = "That key does not open this backup."
    dialog = open_backups(window)
    assert dialog is not None
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), "SendMed backups (*.smbak)")
    )
    qtbot.mouseClick(dialog.restore_other_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(window)

    box = _shown_box(dialog)
    assert box.text() == expected
    assert dialog.confirm_box is None
    box.close()
    assert window.workspace is workspace
    assert window.cases.count() == len(SEED)
    assert not workspace.paths.backups.exists() or not list(workspace.paths.backups.iterdir())
    dialog.close()


def test_scheduled_backups_run_when_due_while_unlocked_and_fail_quietly(
    window: MainWindow, qtbot: QtBot, stick: Path, tmp_path: Path
) -> None:
    workspace = window.workspace
    scheduler = window.backup_scheduler
    assert workspace is not None
    assert scheduler is not None
    assert scheduler.active
    start = datetime.now(UTC)
    assert not scheduler.check(start)  # no folder chosen: nothing to do

    _choose(workspace, stick, "daily")
    assert scheduler.check(start)
    wait_for_tasks(window)
    assert len(list(stick.glob("*.smbak"))) == 1
    assert workspace.settings.get(BACKUP_LAST_AT)
    assert not scheduler.check(start + timedelta(hours=23))
    assert scheduler.check(start + timedelta(hours=25))
    wait_for_tasks(window)
    assert len(list(stick.glob("*.smbak"))) == 2

    unplugged = tmp_path / "stick-in-a-drawer"
    stick.rename(unplugged)
    later = start + timedelta(days=3)
    assert scheduler.check(later)
    wait_for_tasks(window)
    # Never a message box for a scheduled backup: nobody may be there to close it.
    assert not [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert scheduler.marker.isVisible()
    assert scheduler.marker.text() == MARKER_TEXT
    expected = f"The backup folder {stick} is not available."
    assert window.statusBar().currentMessage().startswith(f"⚠ Scheduled backup failed: {expected}")
    assert not scheduler.check(later + timedelta(minutes=1))  # not every minute
    dialog = open_backups(window)
    assert dialog is not None
    assert dialog.failure_label.isVisible()
    assert dialog.failure_label.problems()[0].startswith(
        f"Last scheduled backup failed: {expected}"
    )
    dialog.close()

    unplugged.rename(stick)
    assert scheduler.check(later + timedelta(minutes=16))
    wait_for_tasks(window)
    assert not scheduler.marker.isVisible()
    assert len(list(stick.glob("*.smbak"))) == 3

    assert window.lock()
    assert not scheduler.active
    assert not scheduler.check(later + timedelta(days=30))
    assert len(list(stick.glob("*.smbak"))) == 3
