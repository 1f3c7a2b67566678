"""The background gateway: work off the GUI thread, outcomes back on it."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from sendmed_desktop.security.errors import WrongSecretError
from sendmed_desktop.ui.tasks import GENERIC_ERROR, TaskGateway, user_message

pytestmark = pytest.mark.gui


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    """Return a shown widget to own the gateway and its message boxes."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_result_comes_back_on_the_gui_thread(host: QWidget, qtbot: QtBot) -> None:
    gateway = TaskGateway(host)
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.current_thread()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback"] = threading.current_thread()

    with qtbot.waitSignal(gateway.idle, timeout=5000):
        gateway.run_in_background(work, done)
        assert gateway.busy
    assert seen["value"] == 42
    assert seen["callback"] is threading.main_thread()
    assert seen["worker"] is not threading.main_thread()
    assert not gateway.busy


def test_tasks_run_one_after_another_in_order(host: QWidget) -> None:
    gateway = TaskGateway(host)
    results: list[int] = []
    for number in range(5):
        gateway.run_in_background(lambda n=number: n, results.append)
    assert gateway.wait_idle(5000)
    assert results == [0, 1, 2, 3, 4]


def test_error_goes_to_on_error(host: QWidget) -> None:
    gateway = TaskGateway(host)
    errors: list[BaseException] = []

    def fail() -> None:
        raise WrongSecretError

    gateway.run_in_background(fail, on_error=errors.append)
    assert gateway.wait_idle(5000)
    assert [type(e) for e in errors] == [WrongSecretError]
    assert host.findChildren(QMessageBox) == []


def test_user_facing_error_without_handler_is_shown_as_written(host: QWidget) -> None:
    gateway = TaskGateway(host)

    def fail() -> None:
        raise WrongSecretError("That passphrase is not right for this workspace.")

    gateway.run_in_background(fail)
    assert gateway.wait_idle(5000)
    [box] = host.findChildren(QMessageBox)
    assert box.text() == "That passphrase is not right for this workspace."


def test_unexpected_error_is_calm_and_logged(
    host: QWidget, caplog: pytest.LogCaptureFixture
) -> None:
    gateway = TaskGateway(host)

    def fail() -> None:
        raise ZeroDivisionError("internal detail")

    with caplog.at_level(logging.ERROR):
        gateway.run_in_background(fail)
        assert gateway.wait_idle(5000)
    [box] = host.findChildren(QMessageBox)
    assert box.text() == GENERIC_ERROR
    assert "internal detail" not in box.text()
    assert "ZeroDivisionError" in caplog.text
    assert "internal detail" in caplog.text


def test_user_message_keeps_written_messages_only() -> None:
    assert user_message(WrongSecretError("Plain words.")) == "Plain words."
    assert user_message(RuntimeError("x")) == GENERIC_ERROR
