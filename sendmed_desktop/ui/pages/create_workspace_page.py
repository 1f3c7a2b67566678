"""First run: choose a passphrase and create the encrypted workspace."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.security.keyring_store import describe_keyring, keyring_is_usable
from sendmed_desktop.security.keys import KdfParameters
from sendmed_desktop.services.unlocking import check_new_passphrase
from sendmed_desktop.services.workspace import Workspace, create_workspace
from sendmed_desktop.ui.tasks import TaskGateway, is_user_facing, show_error
from sendmed_desktop.ui.widgets.layout import busy_bar, centre_panel
from sendmed_desktop.ui.widgets.problems import ProblemLabel

_INTRO = (
    "SendMed Desktop keeps your cases in an encrypted workspace on this computer. "
    "Choose a passphrase to protect it: you will need it to open the app, unless you let "
    "the system keyring keep the key for you."
)


class CreateWorkspacePage(QWidget):
    """Ask for a new passphrase, then create the workspace in the background."""

    # (workspace, recovery key): the key must be shown to the user once.
    created = Signal(object, str)

    def __init__(
        self,
        paths: WorkspacePaths,
        tasks: TaskGateway,
        *,
        kdf: KdfParameters | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._paths = paths
        self._tasks = tasks
        self._kdf = kdf

        title = QLabel("<h2>Create your workspace</h2>")
        intro = QLabel(_INTRO)
        intro.setWordWrap(True)
        where = QLabel(f"Folder: {paths.root}")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        passphrase_label = QLabel("&Passphrase:")
        passphrase_label.setBuddy(self.passphrase_edit)
        confirm_label = QLabel("Type it &again:")
        confirm_label.setBuddy(self.confirm_edit)
        hint = QLabel("At least 8 characters. A few unrelated words are easy to remember.")
        hint.setWordWrap(True)

        usable = self._keyring_usable = keyring_is_usable()
        self.keyring_check = QCheckBox(
            "&Keep the key in the system keyring so the app opens without asking"
        )
        self.keyring_check.setEnabled(usable)
        self.keyring_check.setChecked(usable)
        if usable:
            where_key = f"The key would be kept in: {describe_keyring()}."
        else:
            where_key = (
                f"{describe_keyring()} You will type your passphrase each time you open "
                "SendMed Desktop."
            )
        self.keyring_note = QLabel(where_key)
        self.keyring_note.setWordWrap(True)

        self.problems = ProblemLabel()
        self.create_button = QPushButton("&Create workspace")
        self.create_button.setDefault(True)
        self.create_button.setAutoDefault(True)
        self.create_button.clicked.connect(self.submit)
        self.passphrase_edit.returnPressed.connect(self.confirm_edit.setFocus)
        self.confirm_edit.returnPressed.connect(self.submit)
        self.busy_bar = busy_bar("Creating the workspace")

        form = QFormLayout()
        form.addRow(passphrase_label, self.passphrase_edit)
        form.addRow(confirm_label, self.confirm_edit)
        form.addRow("", hint)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.busy_bar)
        buttons.addWidget(self.create_button)

        panel = QWidget()
        column = QVBoxLayout(panel)
        column.addWidget(title)
        column.addWidget(intro)
        column.addWidget(where)
        column.addSpacing(12)
        column.addLayout(form)
        column.addWidget(self.keyring_check)
        column.addWidget(self.keyring_note)
        column.addWidget(self.problems)
        column.addLayout(buttons)

        centre_panel(self, panel, 600)

    def focus_first_field(self) -> None:
        """Put the cursor in the passphrase field."""
        self.passphrase_edit.setFocus()

    def submit(self) -> None:
        """Check the passphrase and, if it will do, create the workspace."""
        passphrase = self.passphrase_edit.text()
        problems = check_new_passphrase(passphrase, self.confirm_edit.text())
        self.problems.show_problems(problems)
        if problems:
            self.passphrase_edit.setFocus()
            return
        remember = self.keyring_check.isEnabled() and self.keyring_check.isChecked()
        paths, kdf = self._paths, self._kdf
        self._set_busy(True)
        self._tasks.run_in_background(
            lambda: create_workspace(paths, passphrase, remember_in_keyring=remember, kdf=kdf),
            self._on_created,
            self._on_failed,
        )

    def _on_created(self, result: tuple[Workspace, str]) -> None:
        self._set_busy(False)
        self.passphrase_edit.clear()
        self.confirm_edit.clear()
        workspace, recovery_key = result
        self.created.emit(workspace, recovery_key)

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if is_user_facing(error):
            self.problems.show_problems([str(error)])
        else:
            show_error(self, error)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.passphrase_edit, self.confirm_edit, self.create_button):
            widget.setEnabled(not busy)
        self.keyring_check.setEnabled(not busy and self._keyring_usable)
        self.busy_bar.setVisible(busy)
