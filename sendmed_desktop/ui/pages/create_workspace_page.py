"""First run: choose a passphrase and create the encrypted workspace, or restore a backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
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
from sendmed_desktop.security.keyring_store import describe_keyring, keyring_is_usable
from sendmed_desktop.security.keys import KdfParameters
from sendmed_desktop.services.unlocking import check_new_passphrase
from sendmed_desktop.services.workspace import Workspace, create_workspace, open_with_key
from sendmed_desktop.ui.tasks import TaskGateway, is_user_facing, show_error
from sendmed_desktop.ui.widgets.layout import busy_bar, centre_panel
from sendmed_desktop.ui.widgets.problems import ProblemLabel

_INTRO = (
    "SendMed Desktop keeps your cases in an encrypted workspace on this computer. "
    "Choose a passphrase to protect it: you will need it to open the app, unless you let "
    "the system keyring keep the key for you."
)
_RESTORE_INTRO = (
    "Restore your cases from a backup file, on a new computer or after starting again. "
    "Type the recovery key that was shown when the workspace was first made, and choose a "
    "passphrase for this computer."
)
CREATE_TITLE = "<h2>Create your workspace</h2>"
RESTORE_TITLE = "<h2>Restore your workspace from a backup</h2>"


def restore_into_new(
    backup: Path,
    paths: WorkspacePaths,
    recovery_key: str,
    passphrase: str,
    kdf: KdfParameters | None,
) -> Workspace:
    """Restore ``backup`` into the empty folder ``paths`` and open it (in the background)."""
    from sendmed_desktop.services.backups import key_from_recovery, restore_backup

    # The recovery key is checked before anything is written: a wrong one creates nothing.
    key = key_from_recovery(backup, recovery_key)
    restore_backup(backup, paths, key=key, passphrase_for_new=passphrase, kdf=kdf)
    return open_with_key(paths, key)


class CreateWorkspacePage(QWidget):
    """Ask for a new passphrase, then create the workspace in the background."""

    # (workspace, recovery key): the key must be shown to the user once.
    created = Signal(object, str)
    # (workspace): restored from a backup; its recovery key is the one the user already has.
    restored = Signal(object)

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

        self.title = QLabel(CREATE_TITLE)
        self.intro = QLabel(_INTRO)
        self.intro.setWordWrap(True)
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
        self.restore_mode_button = QPushButton("&Restore from a backup…")
        self.restore_mode_button.setToolTip("Bring back a workspace from a SendMed backup file")
        self.restore_mode_button.clicked.connect(lambda: self.show_restore(True))
        self.passphrase_edit.returnPressed.connect(self.confirm_edit.setFocus)
        self.confirm_edit.returnPressed.connect(self.submit)
        self.busy_bar = busy_bar("Creating the workspace")

        form = QFormLayout()
        form.addRow(passphrase_label, self.passphrase_edit)
        form.addRow(confirm_label, self.confirm_edit)
        form.addRow("", hint)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_mode_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)

        self.create_box = QWidget()
        create_column = QVBoxLayout(self.create_box)
        create_column.setContentsMargins(0, 0, 0, 0)
        create_column.addLayout(form)
        create_column.addWidget(self.keyring_check)
        create_column.addWidget(self.keyring_note)
        create_column.addLayout(buttons)
        self.restore_box = self._restore_box()
        self.modes = QStackedWidget()
        self.modes.addWidget(self.create_box)
        self.modes.addWidget(self.restore_box)
        busy_row = QHBoxLayout()
        busy_row.addStretch(1)
        busy_row.addWidget(self.busy_bar)

        panel = QWidget()
        column = QVBoxLayout(panel)
        column.addWidget(self.title)
        column.addWidget(self.intro)
        column.addWidget(where)
        column.addSpacing(12)
        column.addWidget(self.modes)
        column.addWidget(self.problems)
        column.addLayout(busy_row)

        centre_panel(self, panel, 600)

    def _restore_box(self) -> QWidget:
        self.backup_edit = QLineEdit()
        self.backup_edit.setPlaceholderText("A .smbak file, for example on a USB stick")
        self.browse_button = QPushButton("C&hoose…")
        self.browse_button.setToolTip("Choose the backup file")
        self.browse_button.clicked.connect(self.choose_backup)
        backup_label = QLabel("&Backup file:")
        backup_label.setBuddy(self.backup_edit)
        backup_row = QHBoxLayout()
        backup_row.addWidget(self.backup_edit, 1)
        backup_row.addWidget(self.browse_button)
        self.recovery_edit = QLineEdit()
        self.recovery_edit.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.recovery_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        recovery_label = QLabel("Recovery &key:")
        recovery_label.setBuddy(self.recovery_edit)
        self.new_passphrase_edit = QLineEdit()
        self.new_passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_confirm_edit = QLineEdit()
        self.new_confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        new_label = QLabel("&New passphrase:")
        new_label.setBuddy(self.new_passphrase_edit)
        again_label = QLabel("Type it &again:")
        again_label.setBuddy(self.new_confirm_edit)
        self.new_passphrase_edit.returnPressed.connect(self.new_confirm_edit.setFocus)
        self.new_confirm_edit.returnPressed.connect(self.submit_restore)
        self.restore_button = QPushButton("&Restore")
        self.restore_button.setAutoDefault(True)
        self.restore_button.clicked.connect(self.submit_restore)
        self.create_mode_button = QPushButton("Create a new &empty workspace instead")
        self.create_mode_button.clicked.connect(lambda: self.show_restore(False))

        form = QFormLayout()
        form.addRow(backup_label, backup_row)
        form.addRow(recovery_label, self.recovery_edit)
        form.addRow(new_label, self.new_passphrase_edit)
        form.addRow(again_label, self.new_confirm_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_mode_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addLayout(buttons)
        return box

    def focus_first_field(self) -> None:
        """Put the cursor in the passphrase field."""
        self.passphrase_edit.setFocus()

    def show_restore(self, on: bool) -> None:
        """Switch between creating an empty workspace and restoring one from a backup."""
        self.modes.setCurrentWidget(self.restore_box if on else self.create_box)
        self.title.setText(RESTORE_TITLE if on else CREATE_TITLE)
        self.intro.setText(_RESTORE_INTRO if on else _INTRO)
        self.problems.clear_problems()
        (self.backup_edit if on else self.passphrase_edit).setFocus()

    def choose_backup(self) -> None:
        """Ask for the backup file to restore."""
        current = self.backup_edit.text().strip()
        start = str(Path(current).parent) if current else QDir.homePath()
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose the backup to restore", start, "SendMed backups (*.smbak);;All files (*)"
        )
        if chosen:
            self.backup_edit.setText(chosen)
            self.recovery_edit.setFocus()

    def submit_restore(self) -> None:
        """Check what was typed and, if it will do, restore the backup into this folder."""
        backup = self.backup_edit.text().strip()
        recovery_key = self.recovery_edit.text()
        passphrase = self.new_passphrase_edit.text()
        problems = []
        if not backup:
            problems.append("Choose the backup file to restore.")
        if not recovery_key.strip():
            problems.append(
                "Enter the backup's recovery key: it was shown once, when its workspace was made."
            )
        problems += check_new_passphrase(passphrase, self.new_confirm_edit.text())
        self.problems.show_problems(problems)
        if problems:
            if not backup:
                self.backup_edit.setFocus()
            elif not recovery_key.strip():
                self.recovery_edit.setFocus()
            else:
                self.new_passphrase_edit.setFocus()
            return
        paths, kdf = self._paths, self._kdf
        self._set_busy(True)
        self._tasks.run_in_background(
            lambda: restore_into_new(Path(backup), paths, recovery_key, passphrase, kdf),
            self._on_restored,
            self._on_restore_failed,
        )

    def _on_restored(self, workspace: Workspace) -> None:
        self._set_busy(False)
        for field in (self.recovery_edit, self.new_passphrase_edit, self.new_confirm_edit):
            field.clear()
        self.restored.emit(workspace)

    def _on_restore_failed(self, error: BaseException) -> None:
        self._on_failed(error)
        self.recovery_edit.setFocus()

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
        for widget in (
            self.passphrase_edit,
            self.confirm_edit,
            self.create_button,
            self.restore_mode_button,
            self.backup_edit,
            self.browse_button,
            self.recovery_edit,
            self.new_passphrase_edit,
            self.new_confirm_edit,
            self.restore_button,
            self.create_mode_button,
        ):
            widget.setEnabled(not busy)
        self.keyring_check.setEnabled(not busy and self._keyring_usable)
        self.busy_bar.setVisible(busy)
