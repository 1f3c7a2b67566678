"""First run: choose a passphrase, keep the recovery key, arrive at the case list."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.security.keys import load_key_header
from sendmed_desktop.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from sendmed_desktop.ui.main_window import MainWindow
from sendmed_desktop.ui.pages.case_list_page import NO_CASES
from tests.conftest import TEST_PASSPHRASE
from tests.ui.conftest import wait_for_tasks

pytestmark = pytest.mark.gui


def test_first_run_creates_the_workspace_and_shows_the_key_once(
    make_window: Callable[..., MainWindow], qtbot: QtBot, workspace_paths: WorkspacePaths
) -> None:
    window = make_window()
    page = window.create_page
    assert page is not None
    assert window.stack.currentWidget() is page
    assert not window.new_case_action.isEnabled()

    qtbot.keyClicks(page.passphrase_edit, TEST_PASSPHRASE)
    qtbot.keyClicks(page.confirm_edit, TEST_PASSPHRASE + "x")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert page.problems.isVisible()
    assert page.problems.problems() == ["The two passphrases are not the same."]
    assert page.problems.text().startswith("⚠")
    assert not workspace_paths.key_header.exists()

    page.confirm_edit.clear()
    qtbot.keyClicks(page.confirm_edit, TEST_PASSPHRASE)
    qtbot.keyClick(page.confirm_edit, Qt.Key.Key_Return)
    wait_for_tasks(window)

    dialog = window.recovery_dialog
    assert isinstance(dialog, RecoveryKeyDialog)
    assert dialog.isVisible()
    key = dialog.key_label.text()
    assert len(key.split("-")) == 8
    assert not dialog.continue_button.isEnabled()
    dialog.reject()  # Escape must not lose the key unseen
    assert dialog.isVisible()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert "Copied" in dialog.copied_label.text()
    dialog.kept_check.setChecked(True)
    assert dialog.continue_button.isEnabled()
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.recovery_dialog is None

    assert window.case_list_page is not None
    assert window.stack.currentWidget() is window.case_list_page
    assert window.case_list_page.empty_label.text() == NO_CASES
    assert window.new_case_action.isEnabled()
    assert window.count_label.text() == "0 cases"
    assert workspace_paths.key_header.exists()
    assert workspace_paths.database.exists()
    # The in-memory keyring is usable and the box was ticked by default.
    assert load_key_header(workspace_paths.key_header).keyring_enabled


def test_short_passphrase_is_refused_inline(
    make_window: Callable[..., MainWindow], qtbot: QtBot, workspace_paths: WorkspacePaths
) -> None:
    page = make_window().create_page
    assert page is not None
    qtbot.keyClicks(page.passphrase_edit, "short")
    qtbot.keyClicks(page.confirm_edit, "short")
    page.submit()
    assert page.problems.problems() == ["Use at least 8 characters for the passphrase."]
    assert not workspace_paths.root.exists() or not any(workspace_paths.root.iterdir())


def test_keyring_choice_is_offered_only_when_a_keyring_exists(
    make_window: Callable[..., MainWindow], qtbot: QtBot, workspace_paths: WorkspacePaths
) -> None:
    window = make_window()
    page = window.create_page
    assert page is not None
    assert page.keyring_check.isEnabled()
    assert "kept in" in page.keyring_note.text()
    page.keyring_check.setChecked(False)
    qtbot.keyClicks(page.passphrase_edit, TEST_PASSPHRASE)
    qtbot.keyClicks(page.confirm_edit, TEST_PASSPHRASE)
    page.submit()
    wait_for_tasks(window)
    assert not load_key_header(workspace_paths.key_header).keyring_enabled


@pytest.mark.usefixtures("no_keyring")
def test_without_a_keyring_the_choice_is_disabled_and_explained(
    make_window: Callable[..., MainWindow],
) -> None:
    page = make_window().create_page
    assert page is not None
    assert not page.keyring_check.isEnabled()
    assert not page.keyring_check.isChecked()
    assert "No system keyring is available" in page.keyring_note.text()
