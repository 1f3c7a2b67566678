"""Every control is labelled and reachable by keyboard, with no clashing access keys."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.cases import CaseSummary
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.new_case_dialog import NewCaseDialog
from sendmed_desktop.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from sendmed_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

_INPUTS = (QLineEdit, QAbstractButton, QAbstractItemView, QComboBox, QAbstractSpinBox)
_MNEMONIC = re.compile(r"&([^&\s])")


def unlabelled(root: QWidget) -> list[str]:
    """Return the focusable controls under ``root`` that nothing names."""
    buddies = {label.buddy() for label in root.findChildren(QLabel) if label.buddy()}
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, _INPUTS):
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        # A spin box's own text field is named through the spin box, which is checked.
        if isinstance(widget.parent(), QAbstractSpinBox):
            continue
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            continue
        if widget.accessibleName() or widget in buddies:
            continue
        missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def clashing_access_keys(root: QWidget) -> list[str]:
    """Return access keys used twice among the visible labels and buttons under ``root``."""
    texts = [
        widget.text() if not isinstance(widget, QGroupBox) else widget.title()
        for widget in root.findChildren(QWidget)
        if isinstance(widget, QLabel | QAbstractButton | QGroupBox) and widget.isVisibleTo(root)
    ]
    keys = Counter(m.group(1).lower() for text in texts for m in _MNEMONIC.finditer(text))
    return sorted(key for key, count in keys.items() if count > 1)


def test_case_list_page_is_labelled(
    make_window: Callable[..., MainWindow], workspace: Workspace, seeded: list[CaseSummary]
) -> None:
    window = make_window(workspace=workspace)
    page = window.case_list_page
    assert page is not None
    assert unlabelled(page) == []
    assert clashing_access_keys(page) == []
    assert page.table.accessibleName() == "Cases"


def test_unlock_page_is_labelled(
    make_window: Callable[..., MainWindow], workspace: Workspace, qtbot: QtBot
) -> None:
    workspace.close()
    window = make_window()
    assert window.tasks.wait_idle()
    unlock = window.unlock_page
    assert unlock is not None
    assert unlabelled(unlock) == []
    assert clashing_access_keys(unlock) == []
    unlock.use_recovery_key(True)
    assert clashing_access_keys(unlock) == []


def test_create_page_is_labelled(make_window: Callable[..., MainWindow]) -> None:
    page = make_window().create_page
    assert page is not None
    assert unlabelled(page) == []
    assert clashing_access_keys(page) == []


def test_dialogs_are_labelled(qtbot: QtBot) -> None:
    new_case = NewCaseDialog("SM-2026-0001")
    keys = RecoveryKeyDialog("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    for dialog in (new_case, keys):
        qtbot.addWidget(dialog)
        dialog.show()
        assert unlabelled(dialog) == []
        assert clashing_access_keys(dialog) == []
    keys.kept_check.setChecked(True)
    keys.accept()


def test_ctrl_f_in_the_main_window_focuses_the_search(
    make_window: Callable[..., MainWindow],
    workspace: Workspace,
    seeded: list[CaseSummary],
    qtbot: QtBot,
) -> None:
    window = make_window(workspace=workspace)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page = window.case_list_page
    assert page is not None
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_edit.hasFocus()
    assert page.find_action in window.view_menu.actions()
