"""An inline message for problems, marked in words and a symbol, not colour alone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

WARNING_MARK = "⚠"


class ProblemLabel(QLabel):
    """A hidden-when-empty label listing problems, each line starting with a warning mark."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problems")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName("Problems")
        self.hide()

    def show_problems(self, problems: list[str]) -> None:
        """Show ``problems`` one per line, or hide the label if there are none."""
        lines = [f"{WARNING_MARK} {problem}" for problem in problems if problem]
        self.setText("\n".join(lines))
        self.setAccessibleDescription(" ".join(problems))
        self.setVisible(bool(lines))

    def clear_problems(self) -> None:
        """Hide the label."""
        self.show_problems([])

    def problems(self) -> list[str]:
        """Return the problems shown, without their marks."""
        if not self.text():
            return []
        return [line.removeprefix(f"{WARNING_MARK} ") for line in self.text().split("\n")]
