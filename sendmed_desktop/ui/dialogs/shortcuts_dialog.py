"""Help → Keyboard shortcuts: every key the app answers to, grouped by where it works."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

# (where, command, keys): what no menu lists, because it belongs to a list or a panel.
KEYS_WITHOUT_MENUS: tuple[tuple[str, str, str], ...] = (
    ("Case list", "Open the selected case", "Enter, or double-click"),
    ("Case page", "Back to all cases", "Esc (when you are not typing)"),
    ("Case page", "Go to a stage", "Enter on it in the list of stages"),
    ("Case page", "Move between controls", "Tab and Shift+Tab"),
    ("Notes", "Show person 1 to 9's notes", "Alt+1 to Alt+9"),
    ("Notes", "Delete the chosen note", "Delete, in the list of notes"),
    ("Notes", "Undo deleting a note", "Ctrl+Z, in the list of notes"),
)
# The notes panel's own commands, listed in the Meeting menu only while a case is open.
NOTES_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Meeting", "New note", "Ctrl+Shift+N"),
    ("Meeting", "Next person's notes", "Ctrl+]"),
    ("Meeting", "Previous person's notes", "Ctrl+["),
)


class ShortcutsDialog(QDialog):
    """List shortcuts in a table a screen reader can read row by row."""

    def __init__(self, rows: Sequence[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setHeaderLabels(["Command", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        groups: dict[str, QTreeWidgetItem] = {}
        for where, command, keys in rows:
            group = groups.get(where)
            if group is None:
                group = QTreeWidgetItem([where, ""])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[where] = group
                self.tree.addTopLevelItem(group)
            group.addChild(QTreeWidgetItem([command, keys]))
        self.tree.expandAll()
        self.tree.setItemsExpandable(False)
        heading = QLabel("&Shortcuts, by where they work:")
        heading.setBuddy(self.tree)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(560, 520)

    def rows(self) -> list[tuple[str, str, str]]:
        """Return (where, command, keys) as listed."""
        listed = []
        for group_row in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(group_row)
            for row in range(group.childCount()):
                item = group.child(row)
                listed.append((group.text(0), item.text(0), item.text(1)))
        return listed

    @classmethod
    def show_for(
        cls, parent: QWidget | None, menu_rows: Sequence[tuple[str, str, str]]
    ) -> ShortcutsDialog:
        """Open the dialog over ``parent`` with the menus' shortcuts and the others."""
        listed = {(where, keys) for where, _command, keys in menu_rows}
        rows = list(menu_rows)
        rows += [row for row in NOTES_COMMANDS if (row[0], row[2]) not in listed]
        rows += KEYS_WITHOUT_MENUS
        dialog = cls(rows, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # open(), not exec(): no nested event loop under the rest of the app.
        dialog.open()
        return dialog
