"""The Adviser tab: the key dates of the adviser's contact and the family's decision, read-only.

Changing them goes through the key-dates dialog and KeyDatesService, as from the Case menu.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sendmed_desktop.domain.vocabulary import FamilyDecision
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.key_dates import KeyDates, KeyDatesService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.key_dates_dialog import KeyDatesDialog
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.tasks import TaskGateway
from sendmed_desktop.ui.widgets.preparation_common import (
    button,
    button_row,
    fetch,
    save_through_dialog,
)

NOT_YET = "Not recorded"
_DECISIONS = {
    None: "Not known yet",
    FamilyDecision.MEDIATE: "Wants to mediate",
    FamilyDecision.DECLINE: "Does not wish to mediate (declined)",
}
# (group title, ((field name, caption), ...)); "family_decision" is shown in words.
_GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "The decision and the mediation adviser",
        (
            ("decision_notice_date", "Date on the decision notice"),
            ("decision_sent_on", "Decision notice sent"),
            ("adviser_contacted_on", "Family contacted the adviser"),
        ),
    ),
    (
        "The family's decision to mediate",
        (
            ("family_decision", "Family decided"),
            ("family_decision_on", "Date of their decision"),
            ("adviser_told_of_decision_on", "Adviser told of it"),
        ),
    ),
    (
        "Local authority and ICB",
        (
            ("la_informed_on", "LA told they wish to mediate"),
            ("icb_notified_on", "ICB told of health issues"),
            ("la_told_adviser_not_possible_on", "LA said 30 days not possible"),
        ),
    ),
    (
        "The meeting",
        (
            ("meeting_date", "Meeting date"),
            ("notice_given_on", "Notice of the meeting given"),
            ("shorter_notice_agreed", "Family agreed to shorter notice"),
        ),
    ),
)
INTRO = (
    "These dates start or meet the statutory deadlines (the adviser contact within 2 months, "
    "the certificate if the family declines, mediation within 30 days). Change them with "
    "“Edit key dates…”."
)


def value_text(dates: KeyDates, name: str) -> str:
    """Return one key date (or the family's decision) in words."""
    value = getattr(dates, name)
    if name == "family_decision":
        return _DECISIONS[value]
    if name == "shorter_notice_agreed":
        return "Yes" if value else "No"
    return format_date(value) if isinstance(value, date) else NOT_YET


class AdviserTab(QWidget):
    """Show the key dates in words, with a button to change them."""

    changed = Signal()

    def __init__(
        self,
        workspace: Workspace,
        case_id: int,
        tasks: TaskGateway,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = KeyDatesService(workspace)
        self._cases = CaseService(workspace)
        self._case_id = case_id
        self._tasks = tasks
        self._dates = KeyDates()
        self.values: dict[str, QLabel] = {}

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        columns = QHBoxLayout()
        for pair in (_GROUPS[:2], _GROUPS[2:]):
            column = QVBoxLayout()
            for title, fields in pair:
                column.addWidget(self._group(title, fields))
            column.addStretch(1)
            columns.addLayout(column, 1)
        self.edit_button = button("Edit &key dates…", self.edit_key_dates)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(columns)
        layout.addLayout(button_row(self.edit_button))
        layout.addStretch(1)
        self.refresh()

    def _group(self, title: str, fields: Sequence[tuple[str, str]]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        for name, caption in fields:
            value = QLabel(NOT_YET)
            value.setAccessibleName(caption)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(QLabel(f"{caption}:"), value)
            self.values[name] = value
        return box

    def refresh(self) -> None:
        """Reload the key dates."""
        dates = fetch(self, lambda: self._service.load(self._case_id))
        if dates is None:
            return
        self._dates = dates
        for name, label in self.values.items():
            label.setText(value_text(dates, name))

    def key_dates(self) -> KeyDates:
        """Return the dates shown."""
        return self._dates

    def edit_key_dates(self) -> bool:
        """Open the key-dates dialog and save what is entered; return whether it was saved."""
        summary = fetch(self, lambda: self._cases.summary(self._case_id))
        reference = summary.reference if summary is not None else ""

        def ask(entry: KeyDates | None, problems: Sequence[str]) -> tuple[KeyDates | None, bool]:
            return KeyDatesDialog.ask(
                self, entry or self._dates, reference, problems=list(problems)
            )

        def save(dates: KeyDates) -> None:
            self._service.save(self._case_id, dates)

        if not save_through_dialog(self, ask, save, self._dates):
            return False
        self.refresh()
        self.changed.emit()
        return True
