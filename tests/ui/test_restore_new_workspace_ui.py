"""First run on a new computer: restore the workspace from a backup and its recovery key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from sendmed_desktop import paths
from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.security.keys import load_key_header
from sendmed_desktop.security.recovery import new_recovery_key
from sendmed_desktop.services.backups import create_backup
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.workspace import create_workspace, open_workspace
from sendmed_desktop.ui.main_window import MainWindow
from tests.conftest import FAST_KDF
from tests.ui.conftest import activate, wait_for_tasks
from tests.ui.test_accessibility import clashing_access_keys, unlabelled

pytestmark = pytest.mark.gui

NEW_PASSPHRASE = "a passphrase for this laptop"


@pytest.fixture
def backup_and_key(tmp_path: Path) -> tuple[Path, str]:
    """A backup of another computer's workspace holding two cases, and its recovery key."""
    old, recovery_key = create_workspace(
        paths.WorkspacePaths(tmp_path / "old-laptop"),
        "the old passphrase",
        remember_in_keyring=False,
        kdf=FAST_KDF,
    )
    for number, child in ((1, "Imogen Hartley"), (2, "Kwame Asante")):
        CaseService(old).create(
            NewCase(
                reference=f"SM-2025-000{number}",
                subject_name=child,
                local_authority="Testshire",
                party_name="A Parent",
            )
        )
    stick = tmp_path / "usb"
    stick.mkdir()
    written = create_backup(old, stick)
    old.close()
    return written, recovery_key


def test_restore_from_a_backup_on_the_first_run_screen(
    make_window: Callable[..., MainWindow],
    qtbot: QtBot,
    workspace_paths: paths.WorkspacePaths,
    backup_and_key: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backup, recovery_key = backup_and_key
    window = make_window()
    activate(window, qtbot)
    page = window.create_page
    assert page is not None
    qtbot.mouseClick(page.restore_mode_button, Qt.MouseButton.LeftButton)
    assert page.modes.currentWidget() is page.restore_box
    assert page.title.text() == "<h2>Restore your workspace from a backup</h2>"
    assert unlabelled(page) == []
    assert clashing_access_keys(page) == []

    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert page.problems.problems()[0] == "Choose the backup file to restore."
    qtbot.waitUntil(page.backup_edit.hasFocus)

    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), "SendMed backups (*.smbak)")
    )
    qtbot.mouseClick(page.browse_button, Qt.MouseButton.LeftButton)
    assert page.backup_edit.text() == str(backup)
    qtbot.keyClicks(page.recovery_edit, new_recovery_key())
    qtbot.keyClicks(page.new_passphrase_edit, NEW_PASSPHRASE)
    qtbot.keyClicks(page.new_confirm_edit, NEW_PASSPHRASE)
    qtbot.keyClick(page.new_confirm_edit, Qt.Key.Key_Return)
    wait_for_tasks(window)

    assert page.problems.problems() == ["That recovery key does not open this backup."]
    assert window.workspace is None
    assert not workspace_paths.key_header.exists()
    assert not workspace_paths.database.exists()

    page.recovery_edit.clear()
    # Typed in lower case with spaces, as people copy keys from paper.
    qtbot.keyClicks(page.recovery_edit, recovery_key.lower().replace("-", " "))
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(window)

    assert window.workspace is not None
    assert window.create_page is None
    assert window.case_list_page is not None
    assert window.stack.currentWidget() is window.case_list_page
    assert window.count_label.text() == "2 cases"
    assert window.recovery_dialog is None  # the user already holds this recovery key
    assert window.backups_action.isEnabled()
    header = load_key_header(workspace_paths.key_header)
    assert header.passphrase_slot is not None
    window.close()
    reopened = open_workspace(workspace_paths, passphrase=NEW_PASSPHRASE)
    try:
        assert CaseService(reopened).count() == 2
    finally:
        reopened.close()
