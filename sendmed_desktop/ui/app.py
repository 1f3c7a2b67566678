"""Start the GUI: check for a screen, make the QApplication, show the main window."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any

from sendmed_desktop import APP_NAME, __version__
from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.resources import resource_path

if TYPE_CHECKING:
    from sendmed_desktop.services.workspace import Workspace

log = logging.getLogger(__name__)

ORGANISATION_NAME = "SendMed"
NO_DISPLAY = (
    "sendmed: no display found — run SendMed Desktop from a desktop session, "
    "or use xvfb-run, or set QT_QPA_PLATFORM=offscreen"
)
_Hook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


def display_problem() -> str | None:
    """Return why Qt cannot open a window here, or None if it can."""
    # Without a display Qt's xcb plugin aborts the whole process with a message about
    # plugins; checking first lets the app say what is wrong in plain words.
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY


def run_gui(
    paths: WorkspacePaths,
    *,
    workspace: Workspace | None = None,
    recovery_key: str | None = None,
    demo: bool = False,
    quit_when_shown: bool = False,
    quit_when_ready: bool = False,
) -> int:
    """Show the main window until the user quits; return the exit code."""
    problem = display_problem()
    if problem is not None:
        sys.stderr.write(problem + "\n")
        if workspace is not None:
            workspace.close()
        return 2

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from sendmed_desktop.ui.main_window import MainWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION_NAME)
    app.setApplicationVersion(__version__)
    _load_stylesheet(app)

    window = MainWindow(paths, workspace=workspace, recovery_key=recovery_key, demo=demo)
    previous_hook = sys.excepthook
    sys.excepthook = _make_excepthook(window)
    restore_sigint = _quit_on_interrupt(window)
    try:
        # For the start-up benchmark and smoke tests: leave the event loop once the window
        # is on screen (shown), or once its first page is ready for the user (ready).
        # exit(), not quit(): quit() asks windows to close, and the recovery-key dialog
        # refuses until confirmed.
        def quit_if_ready() -> None:
            if window.is_ready and window.isVisible():
                sys.stdout.write("ready\n")
                sys.stdout.flush()
                QTimer.singleShot(0, lambda: app.exit(0))

        if quit_when_ready:
            window.ready.connect(quit_if_ready)
        window.show()
        if quit_when_ready:
            quit_if_ready()
        if quit_when_shown:
            # The benchmark reads this line to time start-up without the process's exit.
            sys.stdout.write("shown\n")
            sys.stdout.flush()
            QTimer.singleShot(0, lambda: app.exit(0))
        code = app.exec()
    finally:
        restore_sigint()
        sys.excepthook = previous_hook
        window.close()
        window.deleteLater()
    return int(code)


def show_startup_problem(text: str, *, quit_when_shown: bool = False) -> int:
    """Say why the app cannot start, on stderr and in a message box; return the exit code."""
    sys.stderr.write(f"sendmed: {text}\n")
    if display_problem() is not None:
        return 1
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, text, QMessageBox.StandardButton.Close)
    if quit_when_shown:
        # For smoke tests: report the box once it is on screen, then close it.
        def report_and_close() -> None:
            sys.stdout.write(f"shown: {box.text()}\n")
            sys.stdout.flush()
            box.done(0)

        QTimer.singleShot(0, report_and_close)
    box.exec()
    return 1


def _load_stylesheet(app: Any) -> None:
    path = resource_path("style.qss")
    try:
        app.setStyleSheet(path.read_text(encoding="utf-8"))
    except OSError:
        log.info("no stylesheet at %s; using the platform style", path)


def _make_excepthook(window: Any) -> _Hook:
    """Return a hook that logs an uncaught error and tells the user calmly."""
    from sendmed_desktop.services.errors import message_for
    from sendmed_desktop.ui.tasks import GENERIC_ERROR, show_message

    def hook(exc_type: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, error, tb)
            return
        log.error("uncaught error", exc_info=(exc_type, error, tb))
        text = message_for(error) or GENERIC_ERROR
        try:
            show_message(window if window.isVisible() else None, text)
        except Exception:
            # Showing the message failed too: the log has the detail, and crashing the
            # app from inside its error handler would lose the user's window.
            log.exception("could not show the error message")

    return hook


def _quit_on_interrupt(window: Any) -> Callable[[], None]:
    """Close the window cleanly on Ctrl+C in the terminal; return a function to undo it."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    from PySide6.QtCore import QTimer

    def on_interrupt(_signum: int, _frame: FrameType | None) -> None:
        QTimer.singleShot(0, window.close)

    previous = signal.signal(signal.SIGINT, on_interrupt)
    # Qt's event loop runs in C++; a short timer lets Python see the signal promptly.
    ticker = QTimer(window)
    ticker.start(250)
    ticker.timeout.connect(lambda: None)

    def restore() -> None:
        ticker.stop()
        signal.signal(signal.SIGINT, previous)

    return restore
