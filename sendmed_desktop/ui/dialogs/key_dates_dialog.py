"""Enter the dates a case's statutory clock runs from; the caller saves them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.vocabulary import FamilyDecision
from sendmed_desktop.services.key_dates import KeyDates
from sendmed_desktop.ui.formatting import format_date, format_short_date, parse_date
from sendmed_desktop.ui.widgets.problems import ProblemLabel

NOT_SET = "Not set"
NOT_A_DATE = "⚠ Not a date"
_DATE_HELP = "Day, month and year, like 08/04/2026, or empty. Up and Down arrows change the day."


def _today() -> date:
    return date.today()  # noqa: DTZ011 - the user's calendar day


class DateEdit(QLineEdit):
    """A dd/mm/yyyy line edit; empty means "not set"; Up and Down step a day."""

    date_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("dd/mm/yyyy")
        self.setMaxLength(12)
        self.setFixedWidth(110)
        self.setAccessibleDescription(_DATE_HELP)
        self.textChanged.connect(self.date_changed)

    def value(self) -> date | None:
        """Return the date typed, None if empty; raise ValueError if it is not a date."""
        text = self.text().strip()
        if not text:
            return None
        if text.lower() == "today":
            return _today()
        return parse_date(text)

    def set_value(self, value: date | None) -> None:
        """Show ``value`` as dd/mm/yyyy, or empty it."""
        self.setText(format_short_date(value) if value else "")

    def is_valid(self) -> bool:
        """Return whether the text is empty or a date."""
        try:
            self.value()
        except ValueError:
            return False
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1}
        step = steps.get(Qt.Key(event.key()))
        if step is None:
            super().keyPressEvent(event)
            return
        try:
            current = self.value()
        except ValueError:
            return
        self.set_value((current + timedelta(days=step)) if current else _today())


class DateField(QWidget):
    """A date edit with the parsed date read back beside it (``Wed 8 Apr 2026``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = DateEdit()
        self.echo = QLabel(NOT_SET)
        self.echo.setMinimumWidth(120)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.echo, 1)
        self.setFocusProxy(self.edit)
        self.edit.date_changed.connect(self._read_back)

    def _read_back(self) -> None:
        try:
            value = self.edit.value()
        except ValueError:
            self.echo.setText(NOT_A_DATE)
            return
        self.echo.setText(format_date(value) if value else NOT_SET)


@dataclass(frozen=True)
class _Field:
    name: str
    label: str
    hint: str


_GROUPS: tuple[tuple[str, tuple[_Field, ...]], ...] = (
    (
        "1. The decision",
        (
            _Field(
                "decision_notice_date",
                "Date on the decision &notice:",
                "For your records: the clock runs from the day it was sent.",
            ),
            _Field(
                "decision_sent_on",
                "Decision notice &sent:",
                "Starts the 2-month adviser contact deadline (R1) and the appeal window (R8).",
            ),
        ),
    ),
    (
        "2. Mediation adviser",
        (
            _Field(
                "adviser_contacted_on",
                "Family contacted the &adviser:",
                "Meets the adviser contact deadline (R1).",
            ),
        ),
    ),
    (
        "3. The family's decision",
        (
            _Field("family_decision_on", "Date of &their decision:", "For your records."),
            _Field(
                "adviser_told_of_decision_on",
                "Adviser t&old of it:",
                "If they declined: starts the 3-working-day certificate deadline (R2).",
            ),
        ),
    ),
    (
        "4. Local authority and ICB",
        (
            _Field(
                "la_informed_on",
                "LA told they wish to &mediate:",
                "Starts the 30 days for mediation (R4) and, with health issues, R3.",
            ),
            _Field(
                "icb_notified_on",
                "&ICB told of health issues:",
                "Meets the ICB deadline (R3); if health-only, starts the 30 days (R4).",
            ),
            _Field(
                "la_told_adviser_not_possible_on",
                "LA said 30 days not &possible:",
                "Starts the 3-working-day certificate deadline (R6).",
            ),
        ),
    ),
    (
        "5. The meeting",
        (
            _Field(
                "meeting_date",
                "Meeting dat&e:",
                "Sets the last day for notice, 5 working days before (R5).",
            ),
            _Field(
                "notice_given_on",
                "Notice of the meeting &given:",
                "Meets the notice deadline (R5).",
            ),
        ),
    ),
    (
        "6. After the meeting",
        (
            _Field(
                "meeting_held_on", "Meeting &held:", "Meets the 30-day mediation deadline (R4)."
            ),
            _Field(
                "meeting_concluded_on",
                "Mediation conc&luded:",
                "Starts the 3-working-day certificate deadline (R7).",
            ),
        ),
    ),
)
_DECISIONS: tuple[tuple[str, FamilyDecision | None], ...] = (
    ("Not known yet", None),
    ("Wants to mediate", FamilyDecision.MEDIATE),
    ("Does not wish to mediate (declined)", FamilyDecision.DECLINE),
)
_INTRO = (
    "Enter each date once it has happened (or, for the meeting, once it is fixed); leave "
    "the rest empty. Type dates as dd/mm/yyyy, or “today”."
)


def _hint(text: str) -> QLabel:
    hint = QLabel(text)
    hint.setObjectName("hint")
    hint.setWordWrap(True)
    font = hint.font()
    font.setPointSizeF(font.pointSizeF() * 0.9)
    hint.setFont(font)
    return hint


class KeyDatesDialog(QDialog):
    """Collect a case's key dates; refuse to close while any is impossible."""

    def __init__(self, dates: KeyDates, case_reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Key dates — {case_reference}")
        self.setModal(True)
        self._result: KeyDates | None = None
        self.fields: dict[str, DateField] = {}
        self.decision_combo = QComboBox()
        for text, _value in _DECISIONS:
            self.decision_combo.addItem(text)
        self.decision_combo.setAccessibleName("Family decided")
        self.decision_combo.view().setAccessibleName("Family decided: choices")
        self.shorter_notice_check = QCheckBox("Family agreed to shorte&r notice")
        self.shorter_notice_check.setToolTip(
            "Shorter notice is then on time (R5). Keep a record of their agreement."
        )

        boxes = {title: self._group(title, specs) for title, specs in _GROUPS}
        self.problems = ProblemLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Save key dates")
        ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        intro = QLabel(_INTRO)
        intro.setWordWrap(True)
        columns = QHBoxLayout()
        for titles in ((0, 1, 2), (3, 4, 5)):
            column = QVBoxLayout()
            for number in titles:
                column.addWidget(boxes[_GROUPS[number][0]])
            column.addStretch(1)
            columns.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(columns)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)

        order: list[QWidget] = []
        for _title, specs in _GROUPS:
            for spec in specs:
                if spec.name == "family_decision_on":
                    order.append(self.decision_combo)
                order.append(self.fields[spec.name].edit)
                if spec.name == "notice_given_on":
                    order.append(self.shorter_notice_check)
        order.append(self.buttons)
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self.setMinimumWidth(1000)
        self.fill(dates)
        self.fields["decision_notice_date"].edit.setFocus()

    def _group(self, title: str, specs: tuple[_Field, ...]) -> QGroupBox:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, 215)
        grid.setVerticalSpacing(2)
        row = 0
        for spec in specs:
            if spec.name == "family_decision_on":
                label = QLabel("Family &decided:")
                label.setBuddy(self.decision_combo)
                grid.addWidget(label, row, 0)
                grid.addWidget(self.decision_combo, row, 1)
                grid.addWidget(
                    _hint("Declining starts a certificate deadline (R2)."), row + 1, 0, 1, 2
                )
                row += 2
            field = DateField()
            label = QLabel(spec.label)
            label.setBuddy(field.edit)
            field.edit.setAccessibleName(spec.label.replace("&", "").rstrip(":"))
            grid.addWidget(label, row, 0)
            grid.addWidget(field, row, 1)
            grid.addWidget(_hint(spec.hint), row + 1, 0, 1, 2)
            row += 2
            self.fields[spec.name] = field
            if spec.name == "notice_given_on":
                grid.addWidget(self.shorter_notice_check, row, 1)
                row += 1
        return box

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        dates: KeyDates,
        case_reference: str,
        *,
        problems: list[str] | None = None,
    ) -> tuple[KeyDates | None, bool]:
        """Run the dialog; return the entered dates and whether the user accepted."""
        dialog = cls(dates, case_reference, parent)
        if problems:
            dialog.problems.show_problems(problems)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        result = dialog.key_dates() if accepted else None
        dialog.deleteLater()
        return result, accepted

    def fill(self, dates: KeyDates) -> None:
        """Put ``dates`` in the fields."""
        for name, field in self.fields.items():
            field.edit.set_value(getattr(dates, name))
        self.decision_combo.setCurrentIndex(
            next(i for i, (_t, value) in enumerate(_DECISIONS) if value is dates.family_decision)
        )
        self.shorter_notice_check.setChecked(dates.shorter_notice_agreed)

    def key_dates(self) -> KeyDates | None:
        """Return the accepted dates, or None if the dialog was not accepted."""
        return self._result

    def entry(self) -> tuple[KeyDates, list[str]]:
        """Return what the fields hold now (bad dates left out), and what is wrong."""
        values: dict[str, date | None] = {}
        problems: list[str] = []
        for name, field in self.fields.items():
            try:
                values[name] = field.edit.value()
            except ValueError:
                values[name] = None
                label = self._label_text(name)
                problems.append(
                    f"“{field.edit.text().strip()}” in “{label}” is not a date: type it as "
                    "dd/mm/yyyy (for example 08/04/2026), or leave it empty."
                )
        dates = KeyDates(
            family_decision=_DECISIONS[self.decision_combo.currentIndex()][1],
            shorter_notice_agreed=self.shorter_notice_check.isChecked(),
            **values,
        )
        return dates, problems + dates.problems()

    def accept(self) -> None:
        """Close only if every date can be saved; otherwise list what is wrong."""
        dates, problems = self.entry()
        if problems:
            self.problems.show_problems(problems)
            bad = [f.edit for f in self.fields.values() if not f.edit.is_valid()]
            if bad:
                bad[0].setFocus()
            return
        self._result = dates
        super().accept()

    @staticmethod
    def _label_text(name: str) -> str:
        for _title, specs in _GROUPS:
            for spec in specs:
                if spec.name == name:
                    return spec.label.replace("&", "").rstrip(":")
        return name
