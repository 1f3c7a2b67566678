"""Unlocking: keyring without asking, passphrase, recovery key, and wrong secrets."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.workspace import Workspace, create_workspace
from sendmed_desktop.ui.main_window import MainWindow
from sendmed_desktop.ui.pages.unlock_page import UnlockPage
from tests.conftest import FAST_KDF, TEST_PASSPHRASE
from tests.ui.conftest import SEED, wait_for_tasks

pytestmark = pytest.mark.gui


def _files(paths: WorkspacePaths) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in (paths.database, paths.key_header)}


def _unlock_page(window: MainWindow) -> UnlockPage:
    wait_for_tasks(window)
    page = window.unlock_page
    assert page is not None
    assert window.stack.currentWidget() is page
    return page


def _type_and_unlock(qtbot: QtBot, page: UnlockPage, secret: str) -> None:
    field = page.current_field()
    qtbot.keyClicks(field, secret)
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)


@pytest.fixture
def locked(workspace: Workspace, seeded: list[object]) -> WorkspacePaths:
    """Return the paths of a workspace with three cases, closed and locked."""
    workspace.close()
    return workspace.paths


def test_wrong_passphrase_is_explained_inline_and_changes_nothing(
    make_window: Callable[..., MainWindow], qtbot: QtBot, locked: WorkspacePaths
) -> None:
    before = _files(locked)
    window = make_window()
    page = _unlock_page(window)
    assert page.secret_label.buddy() is page.passphrase_edit
    assert page.problems.isHidden()

    _type_and_unlock(qtbot, page, "not the passphrase")
    assert page.busy
    assert not page.unlock_button.isEnabled()
    wait_for_tasks(window)

    assert window.stack.currentWidget() is page
    assert page.problems.isVisible()
    assert page.problems.text() == "⚠ That passphrase is not right for this workspace."
    assert page.passphrase_edit.text() == ""
    assert page.passphrase_edit.hasFocus()
    assert page.unlock_button.isEnabled()
    assert _files(locked) == before

    _type_and_unlock(qtbot, page, TEST_PASSPHRASE)
    wait_for_tasks(window)
    assert window.case_list_page is not None
    assert window.stack.currentWidget() is window.case_list_page
    assert window.case_list_page.model.rowCount() == len(SEED)
    assert window.count_label.text() == "3 cases"
    assert window.unlock_page is None


def test_empty_passphrase_asks_for_one(
    make_window: Callable[..., MainWindow], locked: WorkspacePaths
) -> None:
    window = make_window()
    page = _unlock_page(window)
    page.submit()
    assert not window.tasks.busy
    assert page.problems.problems() == ["Enter your passphrase."]


def test_recovery_key_unlocks(
    make_window: Callable[..., MainWindow], qtbot: QtBot, workspace_paths: WorkspacePaths
) -> None:
    workspace, recovery_key = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=False, kdf=FAST_KDF
    )
    CaseService(workspace).create(SEED[0])
    workspace.close()
    window = make_window()
    page = _unlock_page(window)

    qtbot.mouseClick(page.toggle_button, Qt.MouseButton.LeftButton)
    assert page.current_field() is page.recovery_edit
    assert page.secret_label.text() == "&Recovery key:"
    assert page.secret_label.buddy() is page.recovery_edit

    _type_and_unlock(qtbot, page, "ABCD-EFGH")
    wait_for_tasks(window)
    assert page.problems.problems()[0].startswith("That is not a recovery key")

    # Lower case and spaces are forgiven, as people copy keys from paper.
    _type_and_unlock(qtbot, page, recovery_key.lower().replace("-", " "))
    wait_for_tasks(window)
    assert window.case_list_page is not None
    assert window.case_list_page.model.summary(0).reference == SEED[0].reference


def test_key_in_the_keyring_opens_without_asking(
    make_window: Callable[..., MainWindow], workspace_paths: WorkspacePaths
) -> None:
    workspace, _key = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=True, kdf=FAST_KDF
    )
    workspace.close()
    window = make_window()
    wait_for_tasks(window)
    assert window.case_list_page is not None
    assert window.stack.currentWidget() is window.case_list_page
    assert window.is_ready


def test_key_missing_from_the_keyring_falls_back_to_the_passphrase(
    make_window: Callable[..., MainWindow],
    workspace_paths: WorkspacePaths,
    memory_keyring: object,
) -> None:
    workspace, _key = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=True, kdf=FAST_KDF
    )
    workspace.close()
    type(memory_keyring).store.clear()  # type: ignore[attr-defined]
    window = make_window()
    page = _unlock_page(window)
    assert "not found in the system keyring" in page.status_label.text()
    assert page.passphrase_edit.isEnabled()
    assert window.is_ready
