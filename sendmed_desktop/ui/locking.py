"""Lock the workspace after a spell without input, or when the system suspends the app.

Idle time is measured by the wall clock (``time.time``), not a monotonic timer: a laptop
that slept with the lid shut has been idle all that time, and must be locked on waking.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

# How often the idle time is checked. A lock may come up to this much late.
CHECK_MS = 15_000

# Only what a person does counts as activity: not paints, timers or focus changes.
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
        QEvent.Type.TabletRelease,
    }
)


class IdleLock(QObject):
    """Watch the application's input and ask for a lock once it has been idle too long."""

    lock_requested = Signal()

    def __init__(self, idle_minutes: Callable[[], int], parent: QObject | None = None) -> None:
        """Read the allowed idle time from ``idle_minutes`` (0 or less: never lock)."""
        super().__init__(parent)
        self._idle_minutes = idle_minutes
        self._last_input = time.time()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.installEventFilter(self)
            app.applicationStateChanged.connect(self._state_changed)

    @property
    def active(self) -> bool:
        """Return whether the idle time is being watched (the workspace is unlocked)."""
        return self._timer.isActive()

    def start(self) -> None:
        """Start watching, counting idle time from now."""
        self.touch()
        self._timer.start()

    def stop(self) -> None:
        """Stop watching (the workspace is locked or closing)."""
        self._timer.stop()

    def touch(self) -> None:
        """Record user input now."""
        self._last_input = time.time()

    def idle_seconds(self) -> float:
        """Return the seconds since the last input, by the wall clock."""
        return max(0.0, time.time() - self._last_input)

    def check(self) -> bool:
        """Ask for a lock if idle for the set time; return whether it was asked for."""
        if not self.active:
            return False
        minutes = self._idle_minutes()
        if minutes <= 0 or self.idle_seconds() < minutes * 60:
            return False
        self.lock_requested.emit()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note the time of every input event; never stop one."""
        if event.type() in INPUT_EVENTS:
            self._last_input = time.time()
        return False

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        # Where the platform reports it (mobile, some desktops), suspension locks at once.
        if state == Qt.ApplicationState.ApplicationSuspended and self.active:
            self.lock_requested.emit()
