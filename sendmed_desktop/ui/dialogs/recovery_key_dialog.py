"""Show a new workspace's recovery key once, and make sure it has been kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

_EXPLANATION = (
    "This recovery key opens your workspace if you ever forget your passphrase. "
    "Write it down or keep it in a password manager, somewhere safe and away from this "
    "computer.\n\n"
    "SendMed Desktop will not show it again, and nobody — including SendMed's makers — "
    "can open your workspace without your passphrase or this key."
)


class RecoveryKeyDialog(QDialog):
    """Show the recovery key; Continue stays disabled until the user says it is kept."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your recovery key")
        self.setModal(True)
        self._recovery_key = recovery_key

        heading = QLabel("<b>Keep this recovery key safe</b>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        explanation = QLabel(_EXPLANATION)
        explanation.setWordWrap(True)

        self.key_label = QLabel(recovery_key)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.5)
        font.setWeight(QFont.Weight.Bold)
        self.key_label.setFont(font)
        self.key_label.setObjectName("recoveryKey")
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.key_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.key_label.setAccessibleName("Recovery key")
        self.key_label.setAccessibleDescription(" ".join(recovery_key.split("-")))

        self.copy_button = QPushButton("&Copy")
        self.copy_button.setToolTip("Copy the recovery key to the clipboard")
        self.copy_button.clicked.connect(self._copy)
        self.copied_label = QLabel("")
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy_button)
        copy_row.addWidget(self.copied_label, 1)

        self.kept_check = QCheckBox("I have &written it down or stored it safely")
        self.buttons = QDialogButtonBox()
        self.continue_button = self.buttons.addButton(
            "C&ontinue", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.continue_button.setEnabled(False)
        self.continue_button.setDefault(True)
        self.kept_check.toggled.connect(self.continue_button.setEnabled)
        self.buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addSpacing(8)
        layout.addWidget(self.key_label)
        layout.addLayout(copy_row)
        layout.addSpacing(8)
        layout.addWidget(self.kept_check)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        # Focus on Copy, not the key: a text caret inside the key looks like a character.
        self.copy_button.setFocus()

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self._recovery_key)
        self.copied_label.setText("Copied. Paste it somewhere safe, then clear your clipboard.")

    def accept(self) -> None:
        """Close only once the user has confirmed the key is kept."""
        if self.kept_check.isChecked():
            super().accept()

    def reject(self) -> None:
        """Refuse to close unconfirmed: the key is never shown again."""
        if self.kept_check.isChecked():
            super().accept()
        else:
            self.kept_check.setFocus()
