"""A lock due while a dialog is open covers every window and keeps what was typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.cases import CaseSummary
from sendmed_desktop.services.key_dates import KeyDatesService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.key_dates_dialog import KeyDatesDialog
from sendmed_desktop.ui.lock_curtain import WRONG, LockCurtain
from sendmed_desktop.ui.main_window import MainWindow
from tests.conftest import TEST_PASSPHRASE
from tests.ui.conftest import wait_for_tasks, when_modal
from tests.ui.test_accessibility import unlabelled

pytestmark = pytest.mark.gui


@pytest.fixture
def window(
    make_window: Callable[..., MainWindow], workspace: Workspace, seeded: list[CaseSummary]
) -> MainWindow:
    shown = make_window(workspace=workspace)
    wait_for_tasks(shown)
    page = shown.case_list_page
    assert page is not None
    page.select_case(seeded[0].id)
    return shown


def _covers(window: MainWindow) -> list[LockCurtain]:
    assert window.curtains is not None
    return list(window.curtains.curtains)


def test_lock_over_a_dialog_hides_everything_and_keeps_the_typing(
    window: MainWindow, workspace: Workspace, seeded: list[CaseSummary], qtbot: QtBot
) -> None:
    checked: list[str] = []

    def idle_while_typing(dialog: KeyDatesDialog) -> None:
        field = dialog.fields["decision_notice_date"].edit
        qtbot.keyClicks(field, "02/11/2026")
        window.idle_lock.lock_requested.emit()  # what the idle timer does

        covers = _covers(window)
        hosts = {cover.parentWidget() for cover in covers}
        assert window in hosts
        assert dialog in hosts
        for cover in covers:
            host = cover.parentWidget()
            assert cover.isVisible()
            assert cover.geometry() == host.rect()
            # On top of everything else in its window.
            assert host.children()[-1] is cover
        asking = [cover for cover in covers if cover.secret_edit is not None]
        assert len(asking) == 1
        assert asking[0].parentWidget() is dialog
        assert unlabelled(asking[0]) == []
        assert not field.isEnabled()
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled()
        assert not window.idle_lock.active

        secret = asking[0].secret_edit
        assert secret is not None
        # Escape and Enter stop at the cover: the dialog neither cancels nor saves.
        qtbot.keyClick(secret, Qt.Key.Key_Escape)
        qtbot.keyClicks(secret, "not the passphrase")
        qtbot.keyClick(secret, Qt.Key.Key_Return)
        assert dialog.isVisible()
        assert asking[0].problems.problems() == [WRONG]
        assert secret.text() == ""

        qtbot.keyClicks(secret, TEST_PASSPHRASE)
        qtbot.keyClick(secret, Qt.Key.Key_Return)
        assert not window.curtains.active
        assert field.isEnabled()
        assert field.text() == "02/11/2026"
        assert window.idle_lock.active
        assert window.workspace is workspace
        checked.append("ok")
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )

    opened = when_modal(KeyDatesDialog, idle_while_typing)
    assert window.edit_key_dates()
    assert opened
    assert checked == ["ok"]
    saved = KeyDatesService(workspace).load(seeded[0].id)
    assert saved.decision_notice_date == date(2026, 11, 2)


def test_the_dialog_closing_under_the_cover_completes_the_lock(
    window: MainWindow, qtbot: QtBot
) -> None:
    def idle_then_closed(dialog: KeyDatesDialog) -> None:
        window.idle_lock.lock_requested.emit()
        assert window.curtains is not None
        assert window.curtains.active
        # The window manager's close button still works; the full lock follows.
        dialog.close()

    when_modal(KeyDatesDialog, idle_then_closed)
    assert not window.edit_key_dates()
    qtbot.waitUntil(lambda: window.workspace is None, timeout=5000)
    assert window.unlock_page is not None
    assert not window.curtains.active
    assert QApplication.activeModalWidget() is None
