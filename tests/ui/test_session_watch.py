"""The desktop's lock and sleep signals (D-Bus) lock the workspace, on private test buses."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.cases import CaseSummary
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.main_window import MainWindow
from sendmed_desktop.ui.session_watch import LOGIN_MANAGER, SessionWatch
from tests.ui.conftest import wait_for_tasks

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="needs dbus-daemon"),
]


@pytest.fixture
def private_bus() -> Iterator[tuple[str, QDBusConnection]]:
    """Start a bus daemon of our own; never the developer's session or system bus."""
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    name = f"sendmed-test-{daemon.pid}"
    bus = QDBusConnection.connectToBus(address, name)
    assert bus.isConnected()
    try:
        yield address, bus
    finally:
        QDBusConnection.disconnectFromBus(name)
        daemon.terminate()
        daemon.wait(timeout=10)
        daemon.stdout.close()


def _signal(address: str, path: str, member: str, value: str) -> None:
    subprocess.run(
        ["dbus-send", f"--bus={address}", "--type=signal", path, member, f"boolean:{value}"],
        check=True,
        timeout=10,
    )


def test_screen_saver_and_sleep_signals_are_heard(
    qtbot: QtBot, private_bus: tuple[str, QDBusConnection]
) -> None:
    address, bus = private_bus
    watch = SessionWatch(session_bus=bus, system_bus=bus)
    assert "org.gnome.ScreenSaver.ActiveChanged" in watch.listening
    assert "org.freedesktop.login1.Manager.PrepareForSleep" in watch.listening
    # The screen saver going away (unlocking the desktop) is no reason to lock.
    with qtbot.assertNotEmitted(watch.session_locked, wait=300):
        _signal(address, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver.ActiveChanged", "false")
    with qtbot.waitSignal(watch.session_locked, timeout=5000):
        _signal(address, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver.ActiveChanged", "true")
    path, interface = LOGIN_MANAGER
    with qtbot.waitSignal(watch.session_locked, timeout=5000):
        _signal(address, path, f"{interface}.PrepareForSleep", "true")


def test_no_bus_means_nothing_to_hear(qtbot: QtBot) -> None:
    absent = QDBusConnection.connectToBus("unix:path=/nonexistent/bus", "sendmed-absent")
    try:
        watch = SessionWatch(session_bus=absent, system_bus=absent)
        assert watch.listening == []
    finally:
        QDBusConnection.disconnectFromBus("sendmed-absent")


def test_desktop_lock_locks_the_workspace(
    make_window: Callable[..., MainWindow],
    workspace: Workspace,
    seeded: list[CaseSummary],
    qtbot: QtBot,
    private_bus: tuple[str, QDBusConnection],
) -> None:
    address, bus = private_bus
    window = make_window(workspace=workspace)
    wait_for_tasks(window)
    window.watch_session(session_bus=bus, system_bus=bus)
    _signal(
        address, "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver.ActiveChanged", "true"
    )
    qtbot.waitUntil(lambda: window.workspace is None, timeout=5000)
    assert window.unlock_page is not None
    assert window.case_list_page is None
