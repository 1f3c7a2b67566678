"""Save as the mediator types: a debounced save with a maximum wait.

Edits are saved a moment after the last keystroke, and at least every couple of seconds
while typing goes on, so a crash or power cut loses at most that much. The owner calls
``flush()`` whenever the text is about to go (focus leaves, another item is chosen, the
case closes); the save itself runs on the GUI thread because it is one small UPDATE.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from sendmed_desktop.services.errors import message_for
from sendmed_desktop.ui.tasks import GENERIC_ERROR, is_user_facing, show_error, show_message

log = logging.getLogger(__name__)

# Quiet for this long after the last keystroke: a pause in typing, not a pause between keys.
DEBOUNCE_MS = 700
# Continuous typing still saves at least this often, which bounds what a crash can lose.
MAX_WAIT_MS = 2000

SaveFunction = Callable[[], datetime | None]


def saved_text(saved_at: datetime) -> str:
    """Return the quiet status for a save: ``Saved 10:42:13`` in local time."""
    local = saved_at.astimezone() if saved_at.tzinfo is not None else saved_at
    return f"Saved {local:%H:%M:%S}"


def report_save_error(parent: QWidget | None, error: BaseException) -> QMessageBox:
    """Tell the user a save failed, and log it without the words being saved.

    A database error's message carries the statement's bound values, which here are the
    mediator's confidential notes; the log gets the error's type and where it happened.
    """
    if is_user_facing(error) or message_for(error) is not None:  # a full disk, say
        return show_error(parent, error)
    frames = "".join(traceback.format_tb(error.__traceback__))
    log.error("autosave failed: %s\n%s", type(error).__name__, frames)
    return show_message(parent, GENERIC_ERROR)


class Autosaver(QObject):
    """Call ``save`` once edits settle, or when told to flush.

    ``save`` returns when it saved, or None when the entry cannot be saved as it stands
    (the owner shows why); an exception means the save failed. Either way the edits stay
    pending, so the next ``touched()`` or ``flush()`` tries again and nothing is dropped.
    """

    saved = Signal(object)  # datetime: when the save was stored
    failed = Signal(object)  # BaseException: why the save failed
    not_saved = Signal()  # the entry has problems; it stays pending
    pending_changed = Signal(bool)  # there are edits not yet stored

    def __init__(
        self,
        save: SaveFunction,
        parent: QObject | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
        max_wait_ms: int = MAX_WAIT_MS,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._pending = False
        self._saving = False
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.flush)
        self._max_wait = QTimer(self)
        self._max_wait.setSingleShot(True)
        self._max_wait.setInterval(max_wait_ms)
        self._max_wait.timeout.connect(self.flush)

    @property
    def pending(self) -> bool:
        """Return whether there are edits that have not been stored."""
        return self._pending

    def touched(self) -> None:
        """Note an edit: save after the debounce, or at the latest after the maximum wait."""
        self._set_pending(True)
        self._debounce.start()  # restarts: the pause is measured from the last edit
        if not self._max_wait.isActive():
            self._max_wait.start()

    def flush(self) -> bool:
        """Save pending edits now; return whether nothing is left unsaved."""
        self._debounce.stop()
        self._max_wait.stop()
        if not self._pending:
            return True
        if self._saving:  # a save is under way further up the stack (a message box, say)
            return False
        self._saving = True
        try:
            when = self._save()
        # Whatever went wrong, the text is still in the editor and must stay pending; the
        # owner tells the user. Letting it escape would end in the generic crash handler.
        except Exception as error:  # noqa: BLE001
            self.failed.emit(error)
            return False
        finally:
            self._saving = False
        if when is None:
            self.not_saved.emit()
            return False
        self._set_pending(False)
        self.saved.emit(when)
        return True

    def discard(self) -> None:
        """Forget pending edits (their item is gone) and stop the timers."""
        self._debounce.stop()
        self._max_wait.stop()
        self._set_pending(False)

    def _set_pending(self, pending: bool) -> None:
        if pending != self._pending:
            self._pending = pending
            self.pending_changed.emit(pending)
