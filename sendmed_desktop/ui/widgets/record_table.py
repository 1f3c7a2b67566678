"""A table of records with Add…, Edit… and Remove… buttons, as the preparation tabs use it.

Selecting a row enables Edit… and Remove…; double-clicking or Enter on a row edits it; after
a save the tab reloads and selects the saved record again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QLabel, QPushButton, QTableWidget, QWidget

from sendmed_desktop.ui.widgets.preparation_common import (
    Asker,
    button,
    record_table,
    save_through_dialog,
    select_id,
)

T = TypeVar("T")

EDIT_TEXT = "Edi&t…"
REMOVE_TEXT = "&Remove…"


@dataclass(frozen=True)
class RecordControls:
    """A record table, its buddy heading and its Add…, Edit… and Remove… buttons."""

    table: QTableWidget
    heading: QLabel
    add_button: QPushButton
    edit_button: QPushButton
    remove_button: QPushButton


def record_controls(
    name: str,
    headers: Sequence[str],
    stretch: int,
    heading: str,
    *,
    add: tuple[str, Callable[[], Any]],
    edit: Callable[[], Any],
    remove: Callable[[], Any],
    on_selection: Callable[[], Any],
    edit_text: str = EDIT_TEXT,
    remove_text: str = REMOVE_TEXT,
) -> RecordControls:
    """Build a record table with its heading and buttons, and wire them up.

    ``add`` is the Add… button's text and slot; selection changes call ``on_selection``
    and activating a row (double-click or Enter) calls ``edit``.
    """
    table = record_table(name, headers, stretch=stretch)
    label = QLabel(heading)
    label.setBuddy(table)
    add_text, add_slot = add
    controls = RecordControls(
        table=table,
        heading=label,
        add_button=button(add_text, add_slot),
        edit_button=button(edit_text, edit),
        remove_button=button(remove_text, remove),
    )
    table.itemSelectionChanged.connect(on_selection)
    table.activated.connect(lambda _index: edit())
    return controls


def add_through_dialog(parent: QWidget, ask: Asker[T], add: Callable[[T], int]) -> int | None:
    """Ask for a new record and add it with ``add``; return its id, or None if not added."""
    added: list[int] = []
    if not save_through_dialog(parent, ask, lambda entry: added.append(add(entry))):
        return None
    return added[0]


def enable_for_selection(selected: bool, *widgets: QWidget) -> None:
    """Enable ``widgets`` (Edit…, Remove…) only while a record is selected."""
    for widget in widgets:
        widget.setEnabled(selected)


def reselect_after_save(
    refresh: Callable[[], None], table: QTableWidget, record_id: int, changed: SignalInstance
) -> None:
    """Reload, select the saved record again and announce the change."""
    refresh()
    select_id(table, record_id)
    changed.emit()
