"""Unlock the workspace: from the keyring without asking, else by passphrase or recovery key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.services.errors import PassphraseNeededError
from sendmed_desktop.ui.tasks import TaskGateway, is_user_facing, show_error
from sendmed_desktop.ui.widgets.layout import busy_bar, centre_panel
from sendmed_desktop.ui.widgets.problems import ProblemLabel

if TYPE_CHECKING:
    from sendmed_desktop.services.unlocking import UnlockOptions
    from sendmed_desktop.services.workspace import Workspace


def _unlock_options(paths: WorkspacePaths) -> tuple[UnlockOptions, str]:
    """Read the key header and ask the keyring where the key would be (in the background)."""
    from sendmed_desktop.security.keyring_store import describe_keyring
    from sendmed_desktop.services.unlocking import unlock_options

    return unlock_options(paths), describe_keyring()


def _load_database_libraries() -> None:
    """Import the storage stack while the user types, so unlocking is quick."""
    import sendmed_desktop.services.workspace  # noqa: F401


def _open_workspace(
    paths: WorkspacePaths, passphrase: str | None = None, recovery_key: str | None = None
) -> Workspace:
    from sendmed_desktop.services.workspace import open_workspace

    return open_workspace(paths, passphrase=passphrase, recovery_key=recovery_key)


class UnlockPage(QWidget):
    """Open an existing workspace and hand it over through ``unlocked``."""

    unlocked = Signal(object)
    # Emitted when the page waits for the user (for start-up timing and tests).
    waiting_for_input = Signal()

    def __init__(
        self,
        paths: WorkspacePaths,
        tasks: TaskGateway,
        parent: QWidget | None = None,
        *,
        open_from_keyring: bool = True,
        hint: str = "",
    ) -> None:
        super().__init__(parent)
        self._paths = paths
        self._tasks = tasks
        # After a lock the keyring must not open the workspace by itself, or locking would
        # keep no one out: the user asks for it with a button instead.
        self._open_from_keyring = open_from_keyring
        self._using_recovery_key = False
        self._busy = False
        self._keyring_name = "the system keyring"
        # Shown under every prompt (the demo says its passphrase here).
        self._hint = hint

        title = QLabel("<h2>Unlock your workspace</h2>")
        where = QLabel(f"Folder: {paths.root}")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)

        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName("Passphrase")
        self.recovery_edit = QLineEdit()
        self.recovery_edit.setAccessibleName("Recovery key")
        self.recovery_edit.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.recovery_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.secret_stack = QStackedWidget()
        self.secret_stack.addWidget(self.passphrase_edit)
        self.secret_stack.addWidget(self.recovery_edit)
        self.secret_stack.setSizePolicy(
            self.passphrase_edit.sizePolicy().horizontalPolicy(),
            self.passphrase_edit.sizePolicy().verticalPolicy(),
        )
        self.secret_label = QLabel()
        self.problems = ProblemLabel()

        self.toggle_button = QPushButton()
        self.toggle_button.clicked.connect(
            lambda: self.use_recovery_key(not self._using_recovery_key)
        )
        self.keyring_button = QPushButton("Unlock with the system &keyring")
        self.keyring_button.hide()
        self.keyring_button.clicked.connect(self.unlock_from_keyring)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        self.passphrase_edit.returnPressed.connect(self.submit)
        self.recovery_edit.returnPressed.connect(self.submit)
        self.busy_bar = busy_bar("Unlocking")

        form = QFormLayout()
        form.addRow(self.secret_label, self.secret_stack)
        buttons = QHBoxLayout()
        buttons.addWidget(self.toggle_button)
        buttons.addWidget(self.keyring_button)
        buttons.addStretch(1)
        buttons.addWidget(self.busy_bar)
        buttons.addWidget(self.unlock_button)

        panel = QWidget()
        column = QVBoxLayout(panel)
        column.addWidget(title)
        column.addWidget(where)
        column.addWidget(self.status_label)
        column.addSpacing(12)
        column.addLayout(form)
        column.addWidget(self.problems)
        column.addLayout(buttons)

        centre_panel(self, panel, 560)
        # Type, then Unlock; the way round a forgotten passphrase comes after.
        QWidget.setTabOrder(self.passphrase_edit, self.recovery_edit)
        QWidget.setTabOrder(self.recovery_edit, self.unlock_button)
        QWidget.setTabOrder(self.unlock_button, self.toggle_button)
        self.use_recovery_key(False)

    @property
    def busy(self) -> bool:
        """Return whether an unlock is running."""
        return self._busy

    def current_field(self) -> QLineEdit:
        """Return the field the user types the secret into."""
        return self.recovery_edit if self._using_recovery_key else self.passphrase_edit

    def use_recovery_key(self, on: bool) -> None:
        """Switch between the passphrase field and the recovery-key field."""
        self._using_recovery_key = on
        self.secret_stack.setCurrentWidget(self.current_field())
        self.secret_label.setText("&Recovery key:" if on else "&Passphrase:")
        self.secret_label.setBuddy(self.current_field())
        self.toggle_button.setText("Use &passphrase instead" if on else "Use &recovery key instead")
        self.problems.clear_problems()
        self.current_field().setFocus()

    def start(self) -> None:
        """Try the keyring without asking; otherwise wait for the passphrase."""
        self.problems.clear_problems()
        self.status_label.setText("Opening the workspace…")
        self._set_busy(True)
        # Reading the header loads the crypto and keyring libraries: off the GUI thread,
        # so the window is drawn first.
        paths = self._paths
        self._tasks.run_in_background(
            lambda: _unlock_options(paths), self._on_options, self._on_options_failed
        )

    def _on_options_failed(self, error: BaseException) -> None:
        # A damaged key file: say so where the passphrase would go.
        self._on_failed(error)

    def _on_options(self, found: tuple[UnlockOptions, str]) -> None:
        options, keyring_name = found
        self._set_busy(False)
        if not options.has_passphrase:
            # A keyring-only workspace: the recovery key is the only way in by hand.
            self.use_recovery_key(True)
            self.toggle_button.hide()
        self._keyring_name = keyring_name
        if options.keyring_enabled and options.keyring_usable:
            if self._open_from_keyring:
                self.unlock_from_keyring()
                return
            self.keyring_button.show()
        self._ask(
            note="Locked. Enter the passphrase to unlock." if not self._open_from_keyring else ""
        )
        # Nothing to report if this fails: the unlock itself will say what is wrong.
        self._tasks.run_in_background(_load_database_libraries, None, lambda _error: None)

    def unlock_from_keyring(self) -> None:
        """Open the workspace with the key kept in the system keyring."""
        self.status_label.setText(f"Opening with the key kept in {self._keyring_name}…")
        self._set_busy(True)
        paths = self._paths
        self._tasks.run_in_background(
            lambda: _open_workspace(paths), self._on_opened, self._on_keyring_failed
        )

    def submit(self) -> None:
        """Unlock with what the user typed."""
        if self._busy:
            return
        secret = self.current_field().text()
        if not secret.strip():
            what = "recovery key" if self._using_recovery_key else "passphrase"
            self.problems.show_problems([f"Enter your {what}."])
            self.current_field().setFocus()
            return
        paths = self._paths
        if self._using_recovery_key:
            fn = lambda: _open_workspace(paths, recovery_key=secret)  # noqa: E731
        else:
            fn = lambda: _open_workspace(paths, passphrase=secret)  # noqa: E731
        self.problems.clear_problems()
        self.status_label.setText("Unlocking…")
        self._set_busy(True)
        self._tasks.run_in_background(fn, self._on_opened, self._on_failed)

    def _ask(self, problem: str | None = None, note: str = "") -> None:
        self._set_busy(False)
        prompt = note or (
            "Enter the recovery key for this workspace."
            if self._using_recovery_key
            else "Enter the passphrase for this workspace."
        )
        self.status_label.setText(f"{prompt} {self._hint}".strip())
        if problem:
            self.problems.show_problems([problem])
        self.current_field().setFocus()
        self.waiting_for_input.emit()

    def _on_opened(self, workspace: Workspace) -> None:
        self._set_busy(False)
        self.passphrase_edit.clear()
        self.recovery_edit.clear()
        self.status_label.setText("Unlocked.")
        self.unlocked.emit(workspace)

    def _on_keyring_failed(self, error: BaseException) -> None:
        if isinstance(error, PassphraseNeededError) and not self._using_recovery_key:
            self._ask(
                note="The key was not found in the system keyring. "
                "Enter your passphrase to unlock this workspace."
            )
            return
        if isinstance(error, PassphraseNeededError):
            self._ask()
            return
        self._on_failed(error)

    def _on_failed(self, error: BaseException) -> None:
        if is_user_facing(error):
            # Wrong secrets change nothing on disk; clear the field so the next try is clean.
            self.current_field().clear()
            self._ask(problem=str(error))
            return
        self._ask()
        show_error(self, error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (
            self.passphrase_edit,
            self.recovery_edit,
            self.toggle_button,
            self.keyring_button,
        ):
            widget.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
        self.busy_bar.setVisible(busy)
