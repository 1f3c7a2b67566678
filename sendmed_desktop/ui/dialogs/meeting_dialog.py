"""Schedule or change a meeting; the dialog returns a MeetingEntry, the caller saves.

Times are typed as they are in England, where the statutory clock counts the meeting's day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from itertools import pairwise
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.vocabulary import MeetingFormat
from sendmed_desktop.services.intake import MeetingEntry
from sendmed_desktop.ui.widgets.preparation_fields import (
    DateField,
    choose,
    chosen,
    enum_combo,
    labelled_row,
    read_date,
    set_time,
    time_edit,
    time_of,
)
from sendmed_desktop.ui.widgets.problems import ProblemLabel

ENGLAND = ZoneInfo("Europe/London")
NO_DATE = "Enter the date of the meeting as dd/mm/yyyy (for example 08/04/2026)."
_DEFAULT_START = time(10, 0)
_DEFAULT_END = time(13, 0)
_PLACE_LABELS = {
    MeetingFormat.IN_PERSON: "&Venue:",
    MeetingFormat.PHONE: "P&hone details:",
}


class MeetingDialog(QDialog):
    """Collect how, where and when a meeting is held."""

    def __init__(self, *, adding: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Schedule a meeting" if adding else "Change the meeting")
        self.setModal(True)
        self._result: MeetingEntry | None = None

        self.format_combo = enum_combo("Format", MeetingFormat)
        self.venue_edit = QLineEdit()
        self.venue_edit.setAccessibleName("Venue")
        self.venue_edit.setPlaceholderText("Room, building and address")
        self.link_edit = QLineEdit()
        self.link_edit.setPlaceholderText("https://… — copy it from the invitation")
        self.date_field = DateField()
        self.date_field.edit.setAccessibleName("Date of the meeting")
        self.start_edit = time_edit("Starts at")
        self.end_edit = time_edit("Ends at")

        form = QFormLayout()
        labelled_row(form, "&Format:", self.format_combo)
        self.venue_label = labelled_row(
            form, _PLACE_LABELS[MeetingFormat.IN_PERSON], self.venue_edit
        )
        self.link_label = labelled_row(form, "Video &link:", self.link_edit)
        labelled_row(form, "&Date:", self.date_field, self.date_field.edit)
        labelled_row(form, "&Starts at:", self.start_edit)
        labelled_row(form, "&Ends at:", self.end_edit)
        self._form = form
        self.problems = ProblemLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Schedule" if adding else "Save changes")
        ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        order: list[QWidget] = [
            self.format_combo,
            self.venue_edit,
            self.link_edit,
            self.date_field.edit,
            self.start_edit,
            self.end_edit,
            self.buttons,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self.format_combo.currentIndexChanged.connect(self._format_chosen)
        self.setMinimumWidth(560)
        set_time(self.start_edit, _DEFAULT_START)
        set_time(self.end_edit, _DEFAULT_END)
        self._format_chosen()
        self.format_combo.setFocus()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        entry: MeetingEntry | None,
        *,
        problems: Sequence[str] = (),
    ) -> tuple[MeetingEntry | None, bool]:
        """Run the dialog; return the entry and whether the user accepted (None schedules)."""
        dialog = cls(adding=entry is None, parent=parent)
        if entry is not None:
            dialog.fill(entry)
        if problems:
            dialog.problems.show_problems(list(problems))
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        result = dialog.meeting() if accepted else None
        dialog.deleteLater()
        return result, accepted

    def fill(self, entry: MeetingEntry) -> None:
        """Put ``entry`` in the fields, in England's time."""
        choose(self.format_combo, entry.format)
        self.venue_edit.setText(entry.venue or "")
        self.link_edit.setText(entry.video_link or "")
        start = entry.start.astimezone(ENGLAND)
        self.date_field.set_value(start.date())
        set_time(self.start_edit, start.time())
        if entry.end is not None:
            set_time(self.end_edit, entry.end.astimezone(ENGLAND).time())
        self._format_chosen()

    def meeting(self) -> MeetingEntry | None:
        """Return the accepted entry, or None if the dialog was not accepted."""
        return self._result

    def entry(self) -> tuple[MeetingEntry | None, list[str]]:
        """Return what the fields hold now (None without a date), and what is wrong."""
        problems: list[str] = []
        day = read_date(self.date_field, "the meeting", problems)
        if day is None:
            return None, problems or [NO_DATE]
        kind = chosen(self.format_combo, MeetingFormat) or MeetingFormat.IN_PERSON
        entry = MeetingEntry(
            format=kind,
            venue=self.venue_edit.text() if kind is not MeetingFormat.VIDEO else None,
            video_link=self.link_edit.text() if kind is MeetingFormat.VIDEO else None,
            start=datetime.combine(day, time_of(self.start_edit), ENGLAND),
            end=datetime.combine(day, time_of(self.end_edit), ENGLAND),
        )
        return entry, entry.problems()

    def accept(self) -> None:
        """Close only if the entry has no problems; otherwise list them."""
        entry, problems = self.entry()
        if problems or entry is None:
            self.problems.show_problems(problems)
            return
        self._result = entry
        super().accept()

    def _format_chosen(self) -> None:
        kind = chosen(self.format_combo, MeetingFormat) or MeetingFormat.IN_PERSON
        video = kind is MeetingFormat.VIDEO
        self._form.setRowVisible(self.link_edit, video)
        self._form.setRowVisible(self.venue_edit, not video)
        if not video:
            self.venue_label.setText(_PLACE_LABELS[kind])
            self.venue_edit.setAccessibleName(_PLACE_LABELS[kind].replace("&", "").rstrip(":"))
