"""Lock over an open dialog: hide every window's content until the passphrase is typed.

A full lock closes the workspace, but a dialog that is open (a person's details half
typed, say) has a caller waiting to save what it returns into that workspace. Closing the
dialog would lose the typing; closing the workspace under it would fail the save. So when
a lock is due while a dialog is open, every window is covered instead, the dialog's own
controls are disabled (their shortcuts too), and the passphrase, the recovery key or the
keyring lifts the cover. The database key stays in memory until that dialog closes; the
full lock follows as soon as it does.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from sendmed_desktop import APP_NAME
from sendmed_desktop.ui.widgets.problems import ProblemLabel

TITLE = f"{APP_NAME} is locked"
WAITING = "Unlock in the window in front to carry on where you left off."
ASKING = "Nothing you typed is lost. Unlock to carry on where you left off."
WRONG = "That passphrase or recovery key does not open this workspace."
KEYRING_EMPTY = "The system keyring does not hold this workspace's key. Type the passphrase."


class LockCurtain(QFrame):
    """An opaque cover over one window; over the dialog in front it asks to unlock."""

    unlock_requested = Signal(str)
    keyring_requested = Signal()

    def __init__(self, host: QWidget, *, ask: bool, offer_keyring: bool) -> None:
        super().__init__(host)
        self.setObjectName("lockCurtain")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        title = QLabel(TITLE)
        title.setObjectName("lockCurtainTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        title.setFont(font)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        self.secret_edit: QLineEdit | None = None
        self.unlock_button: QPushButton | None = None
        self.keyring_button: QPushButton | None = None
        self.problems = ProblemLabel()
        if ask:
            self._add_form(layout, offer_keyring=offer_keyring)
        else:
            waiting = QLabel(WAITING)
            waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
            waiting.setWordWrap(True)
            layout.addWidget(waiting)
        layout.addStretch(1)
        host.installEventFilter(self)
        self.setGeometry(host.rect())
        self.raise_()
        self.show()
        if self.secret_edit is not None:
            self.secret_edit.setFocus()

    def _add_form(self, layout: QVBoxLayout, *, offer_keyring: bool) -> None:
        note = QLabel(ASKING)
        note.setWordWrap(True)
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setAccessibleName("Passphrase or recovery key")
        label = QLabel("&Passphrase or recovery key:")
        label.setBuddy(edit)
        button = QPushButton("&Unlock")
        button.setAutoDefault(False)
        button.clicked.connect(self._submit)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(label)
        row.addWidget(edit, 2)
        row.addWidget(button)
        row.addStretch(1)
        layout.addWidget(note)
        layout.addLayout(row)
        if offer_keyring:
            keyring = QPushButton("Unlock with the system &keyring")
            keyring.setAutoDefault(False)
            keyring.clicked.connect(self.keyring_requested.emit)
            layout.addWidget(keyring, 0, Qt.AlignmentFlag.AlignCenter)
            self.keyring_button = keyring
        # A word-wrapped label given only its size hint shows a single word: give it room.
        self.problems.setMinimumWidth(480)
        problem_row = QHBoxLayout()
        problem_row.addStretch(1)
        problem_row.addWidget(self.problems)
        problem_row.addStretch(1)
        layout.addLayout(problem_row)
        self.secret_edit, self.unlock_button = edit, button

    def _submit(self) -> None:
        if self.secret_edit is not None:
            self.unlock_requested.emit(self.secret_edit.text())

    def refuse(self, problem: str) -> None:
        """Say why the cover stays, and clear what was typed."""
        self.problems.show_problems([problem])
        if self.secret_edit is not None:
            self.secret_edit.clear()
            self.secret_edit.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Every key stops here: Enter must not press the dialog's default button behind
        # the cover, nor Escape cancel it.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._submit()
        event.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
            self.raise_()
        return False


class LockCurtains(QObject):
    """Cover every window while a dialog is open, and lift the covers on unlocking."""

    lifted = Signal()
    # The dialog in front closed while covered: the full lock can go ahead now.
    dialog_closed = Signal()

    def __init__(
        self,
        secret_opens: Callable[[str], bool],
        keyring_opens: Callable[[], bool] | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._secret_opens = secret_opens
        self._keyring_opens = keyring_opens
        self.curtains: list[LockCurtain] = []
        self._disabled: list[QWidget] = []
        self._front: QWidget | None = None

    @property
    def active(self) -> bool:
        """Return whether the windows are covered."""
        return bool(self.curtains)

    def cover(self) -> LockCurtain | None:
        """Cover every visible window; return the cover that asks to unlock."""
        if self.active:
            return None
        front = QApplication.activeModalWidget()
        asking = None
        for window in QApplication.topLevelWidgets():
            if not window.isVisible() or window.windowType() in (
                Qt.WindowType.Popup,
                Qt.WindowType.ToolTip,
            ):
                continue
            is_front = window is front
            curtain = LockCurtain(
                window, ask=is_front, offer_keyring=is_front and self._keyring_opens is not None
            )
            self.curtains.append(curtain)
            if is_front:
                asking = curtain
                self._disable_controls(window, curtain)
        if asking is not None and front is not None:
            asking.unlock_requested.connect(self._try_secret)
            asking.keyring_requested.connect(self._try_keyring)
            self._front = front
            front.destroyed.connect(self._front_closed)
            if hasattr(front, "finished"):
                front.finished.connect(self._front_closed)
        return asking

    def _disable_controls(self, window: QWidget, curtain: LockCurtain) -> None:
        # Disabled controls take no clicks and answer no access keys behind the cover.
        for child in window.findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
        ):
            if child is not curtain and child.isEnabled():
                child.setEnabled(False)
                self._disabled.append(child)

    def _try_secret(self, secret: str) -> None:
        if secret and self._secret_opens(secret):
            self.lift()
        else:
            self._asking_refuses(WRONG)

    def _try_keyring(self) -> None:
        if self._keyring_opens is not None and self._keyring_opens():
            self.lift()
        else:
            self._asking_refuses(KEYRING_EMPTY)

    def _asking_refuses(self, problem: str) -> None:
        for curtain in self.curtains:
            if curtain.secret_edit is not None:
                curtain.refuse(problem)

    def _front_closed(self) -> None:
        self._take_down()
        self.dialog_closed.emit()

    def lift(self) -> None:
        """Take the covers away and give the dialog its controls back."""
        self._take_down()
        self.lifted.emit()

    def _take_down(self) -> None:
        # The dialog may be closing or already deleted, taking its controls and its cover
        # with it: only what still exists is touched.
        front, self._front = self._front, None
        if front is not None and isValid(front):
            with contextlib.suppress(RuntimeError, TypeError):
                front.destroyed.disconnect(self._front_closed)
                if hasattr(front, "finished"):
                    front.finished.disconnect(self._front_closed)
        for child in self._disabled:
            if isValid(child):
                child.setEnabled(True)
        self._disabled.clear()
        for curtain in self.curtains:
            if isValid(curtain):
                curtain.hide()
                curtain.deleteLater()
        self.curtains.clear()
