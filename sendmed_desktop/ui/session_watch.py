"""Notice when the desktop session locks, or the machine is about to sleep, and say so.

Qt reports neither, so on Linux (and the BSDs) this listens on D-Bus: the screen savers'
``ActiveChanged(true)`` on the session bus (freedesktop, GNOME, KDE's older path) and
logind's ``PrepareForSleep(true)`` on the system bus. Where no bus is running (a server
with no desktop, Windows, macOS) nothing is connected, and the idle lock and Qt's own
suspend state still apply.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import SLOT, QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection

log = logging.getLogger(__name__)

# (object path, interface) of the screen-saver services that announce a locked session.
SCREEN_SAVERS = (
    ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)
LOGIN_MANAGER = ("/org/freedesktop/login1", "org.freedesktop.login1.Manager")


def dbus_expected() -> bool:
    """Return whether this platform's desktops speak D-Bus."""
    return not sys.platform.startswith(("win", "darwin"))


class SessionWatch(QObject):
    """Emit ``session_locked`` when the screen locks or the machine prepares to sleep."""

    session_locked = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        session_bus: QDBusConnection | None = None,
        system_bus: QDBusConnection | None = None,
    ) -> None:
        """Listen on the given buses (tests pass private ones), else the user's own."""
        super().__init__(parent)
        self.listening: list[str] = []
        if session_bus is None and system_bus is None and not dbus_expected():
            return
        session = session_bus if session_bus is not None else QDBusConnection.sessionBus()
        system = system_bus if system_bus is not None else QDBusConnection.systemBus()
        if session.isConnected():
            for path, interface in SCREEN_SAVERS:
                self._listen(session, path, interface, "ActiveChanged", "_screen_saver(bool)")
        if system.isConnected():
            path, interface = LOGIN_MANAGER
            self._listen(system, path, interface, "PrepareForSleep", "_prepare_for_sleep(bool)")
        log.info("watching for session lock and sleep (%d signals)", len(self.listening))

    def _listen(
        self, bus: QDBusConnection, path: str, interface: str, name: str, slot: str
    ) -> None:
        if bus.connect("", path, interface, name, self, SLOT(slot)):
            self.listening.append(f"{interface}.{name}")

    @Slot(bool)
    def _screen_saver(self, active: bool) -> None:
        if active:
            log.info("session locked")
            self.session_locked.emit()

    @Slot(bool)
    def _prepare_for_sleep(self, sleeping: bool) -> None:
        if sleeping:
            log.info("system going to sleep")
            self.session_locked.emit()
