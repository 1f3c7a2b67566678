"""The scaffolding the record dialogs share: OK/Cancel buttons, layout and tab order."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLayout, QVBoxLayout, QWidget

from sendmed_desktop.services.intake import ParticipantView
from sendmed_desktop.ui.widgets.preparation_fields import fill_people_combo, named_combo


def people_combo(name: str, participants: Sequence[ParticipantView], nobody: str) -> QComboBox:
    """Return a combo named ``name`` listing ``participants`` after a ``nobody`` choice."""
    combo = named_combo(name)
    fill_people_combo(combo, participants, None, nobody)
    return combo


def ok_cancel_buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """Return OK (labelled ``ok_text``, the default) and Cancel, wired to ``dialog``."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setDefault(True)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def dialog_layout(
    dialog: QDialog, *parts: QWidget | QLayout, problems: QWidget, buttons: QWidget
) -> QVBoxLayout:
    """Lay ``parts`` out down ``dialog``, then the problems and, at the bottom, the buttons."""
    layout = QVBoxLayout(dialog)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    layout.addWidget(problems)
    layout.addStretch(1)
    layout.addWidget(buttons)
    return layout


def set_tab_order(*widgets: QWidget) -> None:
    """Make Tab visit ``widgets`` in the order given."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)
