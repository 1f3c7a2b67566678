"""Add or change one person in a case; the dialog returns a ParticipantEntry, the caller saves."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.parties import FAMILY_PARTY_ROLES, ActingAuthority
from sendmed_desktop.domain.vocabulary import Role
from sendmed_desktop.services.intake import ParticipantEntry, ParticipantView
from sendmed_desktop.ui.dialogs.form_common import (
    dialog_layout,
    ok_cancel_buttons,
    set_tab_order,
)
from sendmed_desktop.ui.widgets.preparation_fields import (
    DateField,
    choose,
    chosen,
    enum_combo,
    fill_people_combo,
    labelled_row,
    named_combo,
    read_date,
    text_box,
    today,
)
from sendmed_desktop.ui.widgets.problems import ProblemLabel

# Who may be a party (the family, the local authority and the ICB), and who usually is.
_MAY_BE_PARTY = FAMILY_PARTY_ROLES | {Role.LA_OFFICER, Role.ICB_OFFICER}
_PARTY_BY_DEFAULT = _MAY_BE_PARTY
# Whom someone in these roles may be recorded as supporting.
_MAY_SUPPORT = frozenset({Role.SUPPORTER, Role.SCHOOL, Role.OTHER})
_CHOOSE_YOUNG_PERSON = "Choose the young person"
_CHOOSE_AUTHORITY = "Choose on what authority"


class ParticipantDialog(QDialog):
    """Collect one person's role and details; refuse to close while they have problems."""

    def __init__(
        self,
        participants: Sequence[ParticipantView],
        *,
        adding: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a person to the case" if adding else "Change a person's details")
        self.setModal(True)
        self._result: ParticipantEntry | None = None
        self._others = list(participants)

        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(200)
        self.role_combo = enum_combo("Role in the case", Role)
        # Narrow enough for two columns at 150 % scaling; the open list shows labels in full.
        self.role_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.role_combo.setMinimumContentsLength(42)
        view = self.role_combo.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 24)
        self.party_check = QCheckBox("A &party to the mediation")
        self.party_check.setToolTip(
            "The parties are the parent or young person (or the alternative person acting for "
            "them), the local authority and the ICB."
        )
        self.organisation_edit = QLineEdit()
        self.job_title_edit = QLineEdit()
        self.email_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.relationship_edit = QLineEdit()
        self.relationship_edit.setPlaceholderText("To the child: mother, foster carer…")
        self.relationship_edit.setAccessibleName("Relationship to the child")
        self.dob_field = DateField()
        self.dob_field.edit.setAccessibleName("Date of birth")
        self.needs_edit = text_box("Communication needs", 60)
        self.needs_edit.setPlaceholderText(
            "For example: needs an interpreter (Polish); British Sign Language; short breaks"
        )

        self.acts_for_combo = named_combo("Acts for")
        self.authority_combo = named_combo("On what authority")
        self.authority_combo.addItem(_CHOOSE_AUTHORITY, None)
        for authority in ActingAuthority:
            self.authority_combo.addItem(authority.label, authority.value)
        self.basis_edit = text_box("Why they act for the young person", 64)
        self.basis_edit.setPlaceholderText(
            "For example: found to lack capacity to take part in mediation by Dr Rees on "
            "12/01/2026; deputyship order of 3 March 2025"
        )
        self.supports_combo = named_combo("Supports")

        form = QFormLayout()
        labelled_row(form, "&Full name:", self.name_edit)
        labelled_row(form, "&Role:", self.role_combo)
        form.addRow("", self.party_check)
        labelled_row(form, "&Organisation:", self.organisation_edit)
        labelled_row(form, "&Job title:", self.job_title_edit)
        labelled_row(form, "&Email:", self.email_edit)
        labelled_row(form, "P&hone:", self.phone_edit)
        labelled_row(form, "&Date of birth:", self.dob_field, buddy=self.dob_field.edit)
        labelled_row(form, "Re&lationship:", self.relationship_edit)
        needs_label = QLabel("&Communication needs:")
        needs_label.setBuddy(self.needs_edit)

        self.acting_box = QGroupBox("Acting for a young person who lacks capacity (regs 63–65)")
        acting = QFormLayout(self.acting_box)
        labelled_row(acting, "Acts for (&young person):", self.acts_for_combo)
        labelled_row(acting, "On wh&at authority:", self.authority_combo)
        labelled_row(acting, "&Why they act:", self.basis_edit)
        self.supports_box = QGroupBox("Supporting someone in the case")
        supports = QFormLayout(self.supports_box)
        labelled_row(supports, "&Supports:", self.supports_combo)

        self.problems = ProblemLabel()
        self.buttons = ok_cancel_buttons(self, "Add person" if adding else "Save changes")

        # Two columns, so the dialog fits a 768-pixel-high screen at 150 % scaling.
        right = QVBoxLayout()
        right.addWidget(needs_label)
        right.addWidget(self.needs_edit)
        right.addWidget(self.acting_box)
        right.addWidget(self.supports_box)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(form, 11)
        columns.addSpacing(12)
        columns.addLayout(right, 9)
        dialog_layout(self, columns, problems=self.problems, buttons=self.buttons)
        set_tab_order(
            self.name_edit,
            self.role_combo,
            self.party_check,
            self.organisation_edit,
            self.job_title_edit,
            self.email_edit,
            self.phone_edit,
            self.dob_field.edit,
            self.relationship_edit,
            self.needs_edit,
            self.acts_for_combo,
            self.authority_combo,
            self.basis_edit,
            self.supports_combo,
            self.buttons,
        )
        self.setMinimumWidth(880)
        self.role_combo.currentIndexChanged.connect(self._role_chosen)
        self.fill(ParticipantEntry(full_name="", role=Role.PARENT_CARER, is_party=True))
        self.name_edit.setFocus()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        entry: ParticipantEntry | None,
        *,
        participants: Sequence[ParticipantView],
        problems: Sequence[str] = (),
    ) -> tuple[ParticipantEntry | None, bool]:
        """Run the dialog; return the entry and whether the user accepted.

        ``entry`` is None to add someone new; ``participants`` are the others in the case.
        """
        dialog = cls(participants, adding=entry is None, parent=parent)
        if entry is not None:
            dialog.fill(entry)
        if problems:
            dialog.problems.show_problems(list(problems))
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        result = dialog.participant() if accepted else None
        dialog.deleteLater()
        return result, accepted

    def fill(self, entry: ParticipantEntry) -> None:
        """Put ``entry`` in the fields, so nothing typed before is lost."""
        self.role_combo.blockSignals(True)
        choose(self.role_combo, entry.role)
        self.role_combo.blockSignals(False)
        self.name_edit.setText(entry.full_name)
        self.party_check.setChecked(entry.is_party)
        self.organisation_edit.setText(entry.organisation or "")
        self.job_title_edit.setText(entry.job_title or "")
        self.email_edit.setText(entry.email or "")
        self.phone_edit.setText(entry.phone or "")
        self.relationship_edit.setText(entry.relationship_to_child or "")
        self.dob_field.set_value(entry.date_of_birth)
        self.needs_edit.setPlainText(entry.communication_needs or "")
        young = [p for p in self._others if p.role is Role.YOUNG_PERSON]
        fill_people_combo(
            self.acts_for_combo, young, entry.acts_for_participant_id, _CHOOSE_YOUNG_PERSON
        )
        authority = entry.acting_authority
        self.authority_combo.setCurrentIndex(
            0 if authority is None else self.authority_combo.findData(authority.value)
        )
        self.basis_edit.setPlainText(entry.acting_basis or "")
        fill_people_combo(
            self.supports_combo, self._others, entry.supports_participant_id, "Choose whom"
        )
        self._show_role_parts(entry.role)

    def participant(self) -> ParticipantEntry | None:
        """Return the accepted entry, or None if the dialog was not accepted."""
        return self._result

    def role(self) -> Role:
        """Return the role chosen."""
        return chosen(self.role_combo, Role) or Role.OTHER

    def entry(self) -> tuple[ParticipantEntry, list[str]]:
        """Return what the fields hold now, and what is wrong with it."""
        problems: list[str] = []
        born = read_date(self.dob_field, "the date of birth", problems)
        role = self.role()
        acting = role is Role.ALTERNATIVE_PERSON
        supporting = role in _MAY_SUPPORT
        entry = ParticipantEntry(
            full_name=self.name_edit.text().strip(),
            role=role,
            is_party=self.party_check.isChecked() and role in _MAY_BE_PARTY,
            organisation=self.organisation_edit.text(),
            job_title=self.job_title_edit.text(),
            email=self.email_edit.text(),
            phone=self.phone_edit.text(),
            date_of_birth=born,
            communication_needs=self.needs_edit.toPlainText(),
            acts_for_participant_id=self.acts_for_combo.currentData() if acting else None,
            acting_authority=chosen(self.authority_combo, ActingAuthority) if acting else None,
            acting_basis=self.basis_edit.toPlainText() if acting else None,
            supports_participant_id=self.supports_combo.currentData() if supporting else None,
            relationship_to_child=self.relationship_edit.text(),
        )
        return entry, problems + entry.problems(today())

    def accept(self) -> None:
        """Close only if the entry has no problems; otherwise list them."""
        entry, problems = self.entry()
        if problems:
            self.problems.show_problems(problems)
            if not entry.full_name:
                self.name_edit.setFocus()
            return
        self._result = entry
        super().accept()

    def _role_chosen(self) -> None:
        role = self.role()
        # A new role brings its usual answer; the mediator can still change it.
        self.party_check.setChecked(role in _PARTY_BY_DEFAULT)
        self._show_role_parts(role)

    def _show_role_parts(self, role: Role) -> None:
        may_be_party = role in _MAY_BE_PARTY
        self.party_check.setEnabled(may_be_party)
        if not may_be_party:
            self.party_check.setChecked(False)
        self.acting_box.setVisible(role is Role.ALTERNATIVE_PERSON)
        self.supports_box.setVisible(role in _MAY_SUPPORT)
        self.adjustSize()
