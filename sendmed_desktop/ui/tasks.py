"""The one gateway for background work, after Anki's taskman.

Work runs on a worker thread; its result or error comes back on the GUI thread through a
queued signal, so callbacks may touch widgets. Errors the core wrote for the user are shown
as they are; anything else becomes a calm, generic message and a logged traceback.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDeadlineTimer,
    QEventLoop,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
    SignalInstance,
    Slot,
)
from PySide6.QtWidgets import QMessageBox, QWidget

from sendmed_desktop import APP_NAME
from sendmed_desktop.services.errors import USER_FACING_ERRORS, message_for

log = logging.getLogger(__name__)

GENERIC_ERROR = (
    "Something went wrong — nothing was lost.\n\n"
    "Please try again. If it keeps happening, close and reopen SendMed Desktop; "
    "the details have been written to the log file."
)

OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


def is_user_facing(error: BaseException) -> bool:
    """Return whether ``error`` carries a message written for the user."""
    return isinstance(error, USER_FACING_ERRORS)


def user_message(error: BaseException) -> str:
    """Return what to tell the user about ``error``, logging anything unexpected."""
    if is_user_facing(error):
        return str(error)
    # A full or read-only disk is the user's to fix, so it is told in their words; the log
    # gets the type only, as a database error's text can quote the statement.
    message = message_for(error)
    if message is not None:
        log.warning("write refused by the disk: %s", type(error).__name__)
        return message
    log.error(
        "unexpected error: %s",
        type(error).__name__,
        exc_info=(type(error), error, error.__traceback__),
    )
    return GENERIC_ERROR


def show_error(parent: QWidget | None, error: BaseException) -> QMessageBox:
    """Show ``error`` in a plain message box that does not block the caller."""
    return show_message(parent, user_message(error))


def show_message(parent: QWidget | None, text: str) -> QMessageBox:
    """Show ``text`` in a plain warning box that does not block the caller."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    # open() rather than exec(): a nested event loop would let other callbacks run
    # underneath the message, and would block tests.
    box.open()
    return box


def _release(payload: object) -> None:
    for item in payload if isinstance(payload, tuple) else (payload,):
        close = getattr(item, "close", None)
        if callable(close):
            close()


@dataclass
class _Callbacks:
    on_done: OnDone | None
    on_error: OnError | None


class _Job(QRunnable):
    """Run one callable and report back through the gateway's signal."""

    def __init__(self, task_id: int, fn: Callable[[], Any], report: SignalInstance) -> None:
        super().__init__()
        self._task_id = task_id
        self._fn = fn
        self._report = report

    def run(self) -> None:
        try:
            result: Any = self._fn()
            ok = True
        # Every failure must reach the GUI thread, where the caller decides what the user
        # sees; letting it escape would end the worker silently and leave the UI busy.
        except BaseException as error:  # noqa: BLE001
            result, ok = error, False
        try:
            self._report.emit(self._task_id, ok, result)
        except RuntimeError:
            # The gateway was deleted while the work ran (window closed): nobody to tell.
            log.debug("background result dropped: gateway gone")


class TaskGateway(QObject):
    """Run callables off the GUI thread and deliver their outcome back on it."""

    busy_changed = Signal(bool)
    idle = Signal()
    _finished = Signal(int, bool, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        # One worker: unlocking, migrating and loading then never race on the database.
        self._pool.setMaxThreadCount(1)
        self._pending: dict[int, _Callbacks] = {}
        self._ids = itertools.count(1)
        self._finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        """Return whether any task has not yet reported back."""
        return bool(self._pending)

    def run_in_background(
        self,
        fn: Callable[[], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
    ) -> int:
        """Run ``fn`` on the worker; call ``on_done(result)`` or ``on_error(exc)`` on the GUI.

        Without ``on_error`` the error is shown in a message box.
        """
        task_id = next(self._ids)
        was_busy = self.busy
        self._pending[task_id] = _Callbacks(on_done, on_error)
        if not was_busy:
            self.busy_changed.emit(True)
        self._pool.start(_Job(task_id, fn, self._finished))
        return task_id

    def wait_idle(self, timeout_ms: int = 10_000) -> bool:
        """Process events until every task has reported back; return False on timeout."""
        deadline = QDeadlineTimer(timeout_ms)
        while self._pending and not deadline.hasExpired():
            self._pool.waitForDone(5)
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        return not self._pending

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Wait for running work to end and drop callbacks that have not run yet."""
        self._pool.clear()
        self._pool.waitForDone(timeout_ms)
        if self._pending:
            self._pending.clear()
            self.busy_changed.emit(False)

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, ok: bool, payload: object) -> None:
        callbacks = self._pending.pop(task_id, None)
        try:
            if callbacks is None:
                # Dropped by shutdown(): close what the work opened (a workspace) so no
                # database connection outlives the window.
                if ok:
                    _release(payload)
                return
            if ok:
                if callbacks.on_done is not None:
                    callbacks.on_done(payload)
            elif not isinstance(payload, BaseException):  # pragma: no cover - defensive
                raise TypeError("a failed task must report an exception")
            elif callbacks.on_error is not None:
                callbacks.on_error(payload)
            else:
                parent = self.parent()
                show_error(parent if isinstance(parent, QWidget) else None, payload)
        finally:
            if not self._pending:
                self.busy_changed.emit(False)
                self.idle.emit()
