"""Form fields the preparation dialogs and tabs share: dates, times, choices and people."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from enum import StrEnum
from typing import TypeVar

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QWidget,
)

from sendmed_desktop.services.intake import ParticipantView
from sendmed_desktop.ui.formatting import format_date, format_short_date, parse_date

E = TypeVar("E", bound=StrEnum)

NOT_SET = "Not set"
NOT_A_DATE = "⚠ Not a date: type dd/mm/yyyy"
NOBODY = "No one in particular"


def today() -> date:
    """Return the mediator's calendar day."""
    return date.today()  # noqa: DTZ011 - the user's calendar day


def labelled_row(
    form: QFormLayout, text: str, field: QWidget, buddy: QWidget | None = None
) -> QLabel:
    """Add ``field`` to ``form`` after a label whose mnemonic moves to it; return the label."""
    label = QLabel(text)
    label.setBuddy(buddy or field)
    form.addRow(label, field)
    return label


# -- choices ---------------------------------------------------------------------------


def named_combo(name: str) -> QComboBox:
    """Return a combo box whose box and list of choices both carry ``name``."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.view().setAccessibleName(f"{name}: choices")
    return combo


def enum_combo(name: str, kind: type[E], members: Iterable[E] | None = None) -> QComboBox:
    """Return a combo box listing the labels of ``members`` (all of ``kind`` by default)."""
    combo = named_combo(name)
    for member in members if members is not None else kind:
        combo.addItem(getattr(member, "label", str(member)), member.value)
    return combo


def chosen(combo: QComboBox, kind: type[E]) -> E | None:
    """Return the enum member chosen in ``combo`` (Qt hands back its plain value)."""
    value = combo.currentData()
    return None if value is None else kind(value)


def choose(combo: QComboBox, member: StrEnum | None) -> None:
    """Select ``member`` in ``combo``, or nothing (the placeholder) if it is None."""
    combo.setCurrentIndex(-1 if member is None else combo.findData(member.value))


# -- people ------------------------------------------------------------------------------


def person_label(view: ParticipantView) -> str:
    """Return "Name (Role)" to pick someone from a list."""
    return f"{view.full_name} ({view.role.label})"


def fill_people_combo(
    combo: QComboBox, people: Sequence[ParticipantView], chosen: int | None, none_text: str
) -> None:
    """List ``people`` in ``combo`` after a "no one" choice, and select ``chosen``."""
    combo.clear()
    combo.addItem(none_text, None)
    for view in people:
        combo.addItem(person_label(view), view.id)
    index = combo.findData(chosen) if chosen is not None else 0
    combo.setCurrentIndex(max(index, 0))


# -- dates and times ---------------------------------------------------------------------


class DateField(QWidget):
    """A dd/mm/yyyy box with the date read back beside it (``Wed 8 Apr 2026``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("dd/mm/yyyy")
        self.edit.setMaxLength(12)
        self.edit.setMaximumWidth(130)
        self.edit.setAccessibleDescription("Day, month and year, like 08/04/2026, or empty.")
        self.echo = QLabel(NOT_SET)
        self.echo.setMinimumWidth(140)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.echo, 1)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._read_back)

    def value(self) -> date | None:
        """Return the date typed, None if empty; raise ValueError if it is not a date."""
        text = self.edit.text().strip()
        if not text:
            return None
        if text.lower() == "today":
            return today()
        return parse_date(text)

    def set_value(self, value: date | None) -> None:
        """Show ``value`` as dd/mm/yyyy, or empty the box."""
        self.edit.setText(format_short_date(value) if value else "")

    def _read_back(self) -> None:
        try:
            value = self.value()
        except ValueError:
            self.echo.setText(NOT_A_DATE)
            return
        self.echo.setText(format_date(value) if value else NOT_SET)


def read_date(field: DateField, what: str, problems: list[str]) -> date | None:
    """Return the field's date; add a plain problem naming ``what`` if it is not one."""
    try:
        return field.value()
    except ValueError:
        problems.append(
            f"“{field.edit.text().strip()}” is not a date for {what}: type it as dd/mm/yyyy "
            "(for example 08/04/2026), or leave it empty."
        )
        return None


def time_edit(name: str) -> QTimeEdit:
    """Return a 24-hour hh:mm box."""
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    edit.setMaximumWidth(110)
    edit.setAccessibleName(name)
    # Screen readers land on the box's inner line edit: name it too.
    inner = edit.findChild(QLineEdit)
    if inner is not None:
        inner.setAccessibleName(name)
    return edit


def time_of(edit: QTimeEdit) -> time:
    """Return the time shown in ``edit``."""
    value = edit.time()
    return time(value.hour(), value.minute())


def set_time(edit: QTimeEdit, value: time) -> None:
    """Show ``value`` in ``edit``."""
    edit.setTime(QTime(value.hour, value.minute))


def format_time(moment: datetime) -> str:
    """Return the local time of day as ``14:05``."""
    return f"{moment:%H:%M}"


def text_box(name: str, height: int = 70) -> QPlainTextEdit:
    """Return a short multi-line box that Tab leaves rather than types into."""
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(height)
    box.setMaximumHeight(height * 3 // 2)
    return box
