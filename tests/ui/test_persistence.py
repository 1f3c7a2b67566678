"""What is entered survives closing the app and unlocking again."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.ui.dialogs.new_case_dialog import NewCaseDialog
from sendmed_desktop.ui.main_window import MainWindow
from tests.conftest import TEST_PASSPHRASE
from tests.ui.conftest import SEED, wait_for_tasks

pytestmark = pytest.mark.gui


def test_a_new_case_is_there_after_closing_and_unlocking(
    make_window: Callable[..., MainWindow], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = make_window()
    page = first.create_page
    assert page is not None
    page.keyring_check.setChecked(False)
    qtbot.keyClicks(page.passphrase_edit, TEST_PASSPHRASE)
    qtbot.keyClicks(page.confirm_edit, TEST_PASSPHRASE)
    page.submit()
    wait_for_tasks(first)
    assert first.recovery_dialog is not None
    first.recovery_dialog.kept_check.setChecked(True)
    first.recovery_dialog.accept()

    def ask(*_args: object, **_kwargs: object) -> tuple[NewCase | None, bool]:
        return SEED[1], True

    monkeypatch.setattr(NewCaseDialog, "ask", ask)
    assert first.new_case() is not None
    first.close()

    second = make_window()
    wait_for_tasks(second)
    unlock = second.unlock_page
    assert unlock is not None
    qtbot.keyClicks(unlock.passphrase_edit, TEST_PASSPHRASE)
    unlock.submit()
    wait_for_tasks(second)
    assert second.case_list_page is not None
    model = second.case_list_page.model
    assert model.rowCount() == 1
    assert model.summary(0).reference == SEED[1].reference
    assert model.summary(0).family_names == "Callum Price"
