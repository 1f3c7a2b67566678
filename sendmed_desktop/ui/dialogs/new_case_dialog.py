"""Open a new case: the dialog collects a NewCase and leaves storing it to the caller."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import pairwise

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.cases import REFERENCE_PATTERN, NewCase
from sendmed_desktop.domain.vocabulary import Role
from sendmed_desktop.ui.formatting import format_short_date, parse_date
from sendmed_desktop.ui.widgets.problems import ProblemLabel

_BAD_DATE = "Enter the date of birth as dd/mm/yyyy (for example 08/04/2012), or leave it empty."


class NewCaseDialog(QDialog):
    """Collect what is needed to open a case; refuse to close while it has problems."""

    def __init__(self, suggested_reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New case")
        self.setModal(True)
        self._result: NewCase | None = None

        self.reference_edit = QLineEdit(suggested_reference)
        self.reference_edit.setMaxLength(40)
        reference_label = QLabel("Case &reference:")
        reference_label.setBuddy(self.reference_edit)

        self.parent_radio = QRadioButton("&Parent or carer")
        self.young_person_radio = QRadioButton("The &young person (over compulsory school age)")
        self.parent_radio.setChecked(True)
        self._party_group = QButtonGroup(self)
        self._party_group.addButton(self.parent_radio)
        self._party_group.addButton(self.young_person_radio)
        party_box = QGroupBox("Who is the family's party to the mediation?")
        party_layout = QVBoxLayout(party_box)
        party_layout.addWidget(self.parent_radio)
        party_layout.addWidget(self.young_person_radio)

        self.subject_edit = QLineEdit()
        subject_label = QLabel("&Name of the child or young person:")
        subject_label.setBuddy(self.subject_edit)
        self.dob_edit = QLineEdit()
        self.dob_edit.setPlaceholderText("dd/mm/yyyy — leave empty if not known")
        self.dob_edit.setAccessibleDescription("Optional. Day, month and year, like 08/04/2012.")
        dob_label = QLabel("&Date of birth (optional):")
        dob_label.setBuddy(self.dob_edit)
        self.party_edit = QLineEdit()
        self.party_label = QLabel("Parent's or &carer's name:")
        self.party_label.setBuddy(self.party_edit)
        self.authority_edit = QLineEdit()
        authority_label = QLabel("&Local authority:")
        authority_label.setBuddy(self.authority_edit)
        self.health_only_check = QCheckBox(
            "&Health or social care only (no education decision is disputed)"
        )

        self.problems = ProblemLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Create case")
        ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(reference_label, self.reference_edit)
        form.addRow(party_box)
        form.addRow(subject_label, self.subject_edit)
        form.addRow(dob_label, self.dob_edit)
        form.addRow(self.party_label, self.party_edit)
        form.addRow(authority_label, self.authority_edit)
        form.addRow(self.health_only_check)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._form = form

        order = [
            self.reference_edit,
            self.parent_radio,
            self.young_person_radio,
            self.subject_edit,
            self.dob_edit,
            self.party_edit,
            self.authority_edit,
            self.health_only_check,
            self.buttons,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self.young_person_radio.toggled.connect(self._party_changed)
        self.setMinimumWidth(560)
        self.subject_edit.setFocus()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        suggested_reference: str,
        *,
        previous: NewCase | None = None,
        problems: list[str] | None = None,
    ) -> tuple[NewCase | None, bool]:
        """Run the dialog; return the entered case and whether the user accepted."""
        dialog = cls(suggested_reference, parent)
        if previous is not None:
            dialog.fill(previous)
        if problems:
            dialog.problems.show_problems(problems)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        result = dialog.new_case() if accepted else None
        dialog.deleteLater()
        return result, accepted

    def fill(self, case: NewCase) -> None:
        """Put an earlier entry back in the fields, so nothing typed is lost."""
        self.reference_edit.setText(case.reference)
        young_person = case.party_role is Role.YOUNG_PERSON
        self.young_person_radio.setChecked(young_person)
        self.parent_radio.setChecked(not young_person)
        self.subject_edit.setText(case.subject_name)
        dob = case.subject_date_of_birth
        self.dob_edit.setText(format_short_date(dob) if dob else "")
        self.party_edit.setText("" if young_person else case.party_name)
        self.authority_edit.setText(case.local_authority)
        self.health_only_check.setChecked(case.health_only)

    def new_case(self) -> NewCase | None:
        """Return the accepted entry, or None if the dialog was not accepted."""
        return self._result

    def entry(self) -> tuple[NewCase, list[str]]:
        """Return what the fields hold now, and what is wrong with it."""
        problems: list[str] = []
        dob: date | None = None
        if self.dob_edit.text().strip():
            try:
                dob = parse_date(self.dob_edit.text())
            except ValueError:
                problems.append(_BAD_DATE)
        young_person = self.young_person_radio.isChecked()
        subject = self.subject_edit.text().strip()
        case = NewCase(
            reference=self.reference_edit.text().strip().upper(),
            subject_name=subject,
            local_authority=self.authority_edit.text().strip(),
            # When the young person is the party, they speak for themselves.
            party_name=subject if young_person else self.party_edit.text().strip(),
            party_role=Role.YOUNG_PERSON if young_person else Role.PARENT_CARER,
            subject_date_of_birth=dob,
            health_only=self.health_only_check.isChecked(),
        )
        # A young person is their own party: an empty name is one problem, not two.
        checked = replace(case, party_name=case.party_name or "-") if young_person else case
        return case, [*checked.problems(), *problems]

    def accept(self) -> None:
        """Close only if the entry has no problems; otherwise list them."""
        case, problems = self.entry()
        if problems:
            self.problems.show_problems(problems)
            self._focus_first_problem(case)
            return
        self._result = case
        super().accept()

    def _focus_first_problem(self, case: NewCase) -> None:
        fields = [
            (self.reference_edit, not REFERENCE_PATTERN.match(case.reference)),
            (self.subject_edit, not case.subject_name),
            (
                self.dob_edit,
                bool(self.dob_edit.text().strip()) and case.subject_date_of_birth is None,
            ),
            (self.party_edit, self.party_edit.isEnabled() and not case.party_name),
            (self.authority_edit, not case.local_authority),
        ]
        wrong = [widget for widget, bad in fields if bad]
        (wrong[0] if wrong else self.dob_edit).setFocus()

    def _party_changed(self, young_person: bool) -> None:
        # The party's own name is the young person's: no second name to type.
        self.party_edit.setEnabled(not young_person)
        self._form.setRowVisible(self.party_edit, not young_person)
