"""Log or change one pre-meeting call; the dialog returns a ContactEntry, the caller saves."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import pairwise

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.services.intake import ContactChannel, ContactEntry, ParticipantView
from sendmed_desktop.ui.widgets.preparation_fields import (
    DateField,
    choose,
    chosen,
    enum_combo,
    fill_people_combo,
    labelled_row,
    named_combo,
    read_date,
    set_time,
    text_box,
    time_edit,
    time_of,
)
from sendmed_desktop.ui.widgets.problems import ProblemLabel

NO_DATE = "Enter the date of the call as dd/mm/yyyy (for example 08/04/2026)."


def local_now() -> datetime:
    """Return the current moment in the computer's time zone, to the minute."""
    return datetime.now().astimezone().replace(second=0, microsecond=0)


class ContactDialog(QDialog):
    """Collect whom the mediator spoke to, when, how, and a short summary."""

    def __init__(
        self,
        participants: Sequence[ParticipantView],
        *,
        adding: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Log a call or contact" if adding else "Change a call or contact")
        self.setModal(True)
        self._result: ContactEntry | None = None

        self.who_combo = named_combo("Who")
        fill_people_combo(self.who_combo, participants, None, "Someone not in the list")
        self.date_field = DateField()
        self.date_field.edit.setAccessibleName("Date of the call")
        self.time_edit = time_edit("Time of the call")
        when = QWidget()
        when_row = QHBoxLayout(when)
        when_row.setContentsMargins(0, 0, 0, 0)
        when_row.addWidget(self.date_field, 1)
        when_row.addWidget(self.time_edit)
        self.channel_combo = enum_combo("How", ContactChannel)
        self.summary_edit = text_box("Summary", 90)
        self.summary_edit.setPlaceholderText(
            "What was discussed and agreed: the process explained, adjustments, who will attend."
        )

        form = QFormLayout()
        labelled_row(form, "&Who:", self.who_combo)
        labelled_row(form, "Whe&n (date and time):", when, self.date_field.edit)
        labelled_row(form, "&How:", self.channel_combo)
        labelled_row(form, "&Summary:", self.summary_edit)
        self.problems = ProblemLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Log the call" if adding else "Save changes")
        ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        order: list[QWidget] = [
            self.who_combo,
            self.date_field.edit,
            self.time_edit,
            self.channel_combo,
            self.summary_edit,
            self.buttons,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self.setMinimumWidth(560)
        self.fill(ContactEntry(participant_id=None, occurred_at=local_now()))
        self.who_combo.setFocus()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        entry: ContactEntry | None,
        *,
        participants: Sequence[ParticipantView],
        problems: Sequence[str] = (),
        who: int | None = None,
    ) -> tuple[ContactEntry | None, bool]:
        """Run the dialog; return the entry and whether the user accepted.

        ``entry`` None logs a new call, now, with ``who`` if given.
        """
        dialog = cls(participants, adding=entry is None, parent=parent)
        if entry is not None:
            dialog.fill(entry)
        elif who is not None:
            dialog.fill(ContactEntry(participant_id=who, occurred_at=local_now()))
        if problems:
            dialog.problems.show_problems(list(problems))
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        result = dialog.contact() if accepted else None
        dialog.deleteLater()
        return result, accepted

    def fill(self, entry: ContactEntry) -> None:
        """Put ``entry`` in the fields; its time is shown in local time."""
        index = self.who_combo.findData(entry.participant_id)
        self.who_combo.setCurrentIndex(max(index, 0))
        local = entry.occurred_at.astimezone()
        self.date_field.set_value(local.date())
        set_time(self.time_edit, local.time())
        choose(self.channel_combo, entry.channel)
        self.summary_edit.setPlainText(entry.summary)

    def contact(self) -> ContactEntry | None:
        """Return the accepted entry, or None if the dialog was not accepted."""
        return self._result

    def entry(self) -> tuple[ContactEntry | None, list[str]]:
        """Return what the fields hold now (None if the date is missing), and the problems."""
        problems: list[str] = []
        day = read_date(self.date_field, "the call", problems)
        if day is None:
            return None, problems or [NO_DATE]
        moment = datetime.combine(day, time_of(self.time_edit)).astimezone()
        entry = ContactEntry(
            participant_id=self.who_combo.currentData(),
            occurred_at=moment,
            channel=chosen(self.channel_combo, ContactChannel) or ContactChannel.OTHER,
            summary=self.summary_edit.toPlainText(),
        )
        return entry, entry.problems(datetime.now().astimezone())

    def accept(self) -> None:
        """Close only if the entry has no problems; otherwise list them."""
        entry, problems = self.entry()
        if problems or entry is None:
            self.problems.show_problems(problems)
            self.date_field.edit.setFocus()
            return
        self._result = entry
        super().accept()
