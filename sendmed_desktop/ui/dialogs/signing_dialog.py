"""Sign the agreement at the table: one laptop passed round, one signatory at a time.

Each signatory signs by drawing on the pad, by typing their name and ticking "I agree",
or, on a video call, by agreeing out loud with the mediator attesting it. The service
records the time and binds each signature to the exact text; this dialog only collects.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop import APP_NAME
from sendmed_desktop.domain.vocabulary import AgreementStatus, Role, SignatureMethod
from sendmed_desktop.services.agreements import AgreementService, SignatureEntry
from sendmed_desktop.services.documents import MEDIATOR_FALLBACK
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.intake import IntakeService, ParticipantView
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.tasks import show_message
from sendmed_desktop.ui.widgets.problems import ProblemLabel
from sendmed_desktop.ui.widgets.signature_pad import SignaturePad

I_AGREE = "I agree"
WAITING, SIGNED, SKIPPED = "waiting", "signed", "skipped"
_MARKS = {WAITING: "○ Waiting", SIGNED: "✓ Signed", SKIPPED: "– Skipped"}


@dataclass
class Signatory:
    """Someone asked to sign, and how far they have got."""

    name: str
    role: str
    participant_id: int | None
    state: str = WAITING


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def _role_text(person: ParticipantView) -> str:
    if person.role in (Role.LA_OFFICER, Role.ICB_OFFICER):
        parts = [p for p in (person.job_title, person.organisation) if p and p.strip()]
        if parts:
            return ", ".join(p.strip() for p in parts)
    return person.role.label


def signatories(workspace: Workspace, case_id: int, mediator: str) -> list[Signatory]:
    """Return who is asked to sign: the family's party, LA and ICB officers, the mediator."""
    people = IntakeService(workspace).participants(case_id)
    order = (
        [p for p in people if p.is_family_party]
        + [p for p in people if p.role is Role.LA_OFFICER]
        + [p for p in people if p.role is Role.ICB_OFFICER]
    )
    found = [Signatory(p.full_name, _role_text(p), p.id) for p in order]
    found.append(Signatory(mediator, "Mediator", None))
    return found


class AddSignatoryDialog(QDialog):
    """Ask for the name and role of someone else who will sign."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add someone to sign")
        self.name_edit = QLineEdit()
        self.role_edit = QLineEdit()
        self.role_edit.setPlaceholderText("For example: Head teacher")
        form = QFormLayout()
        for text, edit in (("Full &name:", self.name_edit), ("&Role:", self.role_edit)):
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)


class SigningDialog(QDialog):
    """Collect each signatory's signature in turn and record it through the service."""

    def __init__(
        self,
        service: AgreementService,
        case_id: int,
        people: list[Signatory],
        *,
        mediator: str,
        heading: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign the agreement")
        self.setModal(True)
        self._service = service
        self._case_id = case_id
        self.people = people
        self.recorded = 0
        self.warnings: list[str] = []

        title = QLabel(heading)
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("signingProgress")

        self.people_list = QListWidget()
        self.people_list.setAccessibleName("Signatories")
        self.people_list.setMinimumWidth(230)
        self.people_list.currentRowChanged.connect(self._show_person)
        people_label = QLabel("&Who signs:")
        people_label.setBuddy(self.people_list)
        self.add_button = QPushButton("&Add someone…")
        self.add_button.clicked.connect(self.add_someone)
        left = QVBoxLayout()
        left.addWidget(people_label)
        left.addWidget(self.people_list, 1)
        left.addWidget(self.add_button)

        self.turn_label = QLabel()
        self.turn_label.setObjectName("signingTurn")
        self.turn_label.setWordWrap(True)
        self.turn_label.setFont(font)
        self.name_edit = QLineEdit()
        self.role_edit = QLineEdit()
        form = QFormLayout()
        for text, edit in (("Full &name:", self.name_edit), ("R&ole:", self.role_edit)):
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)

        self.draw_radio = QRadioButton("&Draw a signature")
        self.type_radio = QRadioButton("&Type their name")
        self.verbal_radio = QRadioButton("Agreed &verbally on a video call")
        self.methods = QButtonGroup(self)
        method_box = QGroupBox("How they sign")
        method_row = QHBoxLayout(method_box)
        for number, radio in enumerate((self.draw_radio, self.type_radio, self.verbal_radio)):
            self.methods.addButton(radio, number)
            method_row.addWidget(radio)
        self.draw_radio.setChecked(True)

        self.pad = SignaturePad()
        self.clear_button = QPushButton("C&lear")
        self.clear_button.setToolTip("Rub out the drawing and start again")
        self.clear_button.clicked.connect(self.pad.clear)
        draw_page = QWidget()
        draw_layout = QHBoxLayout(draw_page)
        draw_layout.setContentsMargins(0, 0, 0, 0)
        draw_layout.addWidget(self.pad, 1)
        draw_layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.typed_edit = QLineEdit()
        self.typed_edit.setPlaceholderText("The signatory types their own full name")
        self.agree_check = QCheckBox("I a&gree to this mediation agreement")
        type_page = QWidget()
        type_form = QFormLayout(type_page)
        typed_label = QLabel("Typed f&ull name:")
        typed_label.setBuddy(self.typed_edit)
        type_form.addRow(typed_label, self.typed_edit)
        type_form.addRow("", self.agree_check)

        self.attested_edit = QLineEdit(mediator)
        self.attest_check = QCheckBox()
        verbal_page = QWidget()
        verbal_form = QFormLayout(verbal_page)
        attested_label = QLabel("&Mediator attesting:")
        attested_label.setBuddy(self.attested_edit)
        verbal_form.addRow(attested_label, self.attested_edit)
        verbal_form.addRow("", self.attest_check)

        self.method_pages = QStackedWidget()
        for page in (draw_page, type_page, verbal_page):
            self.method_pages.addWidget(page)
        self.methods.idToggled.connect(self._method_toggled)
        self.name_edit.textChanged.connect(self._update_attest_text)

        self.problems = ProblemLabel()
        self.sign_button = QPushButton("&Sign")
        self.sign_button.setDefault(True)
        self.sign_button.clicked.connect(self.sign_current)
        self.skip_button = QPushButton("S&kip this person")
        self.skip_button.clicked.connect(self.skip_current)
        self.finish_button = QPushButton("&Finish")
        self.finish_button.clicked.connect(self.finish)
        actions = QHBoxLayout()
        actions.addWidget(self.sign_button)
        actions.addWidget(self.skip_button)
        actions.addStretch(1)
        actions.addWidget(self.finish_button)

        right = QVBoxLayout()
        right.addWidget(self.turn_label)
        right.addLayout(form)
        right.addWidget(method_box)
        right.addWidget(self.method_pages)
        right.addWidget(self.problems)
        right.addStretch(1)
        right.addLayout(actions)

        body = QHBoxLayout()
        body.addLayout(left)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.progress_label)
        layout.addLayout(body, 1)
        self.resize(900, 560)

        self._refresh_list()
        self._go_to_next()

    # State ---------------------------------------------------------------------------------

    def current(self) -> Signatory | None:
        """Return whoever the form is showing, if anyone."""
        row = self.people_list.currentRow()
        return self.people[row] if 0 <= row < len(self.people) else None

    def _refresh_list(self) -> None:
        row = self.people_list.currentRow()
        self.people_list.blockSignals(True)
        self.people_list.clear()
        for person in self.people:
            self.people_list.addItem(f"{_MARKS[person.state]} — {person.name or '(no name)'}")
            item = self.people_list.item(self.people_list.count() - 1)
            item.setToolTip(person.role)
        self.people_list.setCurrentRow(row)
        self.people_list.blockSignals(False)
        signed = sum(p.state == SIGNED for p in self.people)
        self.progress_label.setText(f"{signed} of {len(self.people)} signed")
        self.progress_label.setAccessibleName(self.progress_label.text())

    def _go_to_next(self) -> None:
        waiting = [i for i, p in enumerate(self.people) if p.state == WAITING]
        if waiting:
            self.people_list.setCurrentRow(waiting[0])
            self._show_person(waiting[0])
        else:
            self.people_list.setCurrentRow(-1)
            self._show_person(-1)
            self.finish_button.setDefault(True)
            self.finish_button.setFocus()

    def _show_person(self, row: int) -> None:
        person = self.people[row] if 0 <= row < len(self.people) else None
        self.problems.clear_problems()
        self.pad.clear()
        self.typed_edit.clear()
        self.agree_check.setChecked(False)
        self.attest_check.setChecked(False)
        can_sign = person is not None and person.state != SIGNED
        for widget in (
            self.name_edit,
            self.role_edit,
            self.draw_radio,
            self.type_radio,
            self.verbal_radio,
            self.method_pages,
            self.sign_button,
            self.skip_button,
        ):
            widget.setEnabled(can_sign)
        if person is None:
            self.name_edit.clear()
            self.role_edit.clear()
            self.turn_label.setText(
                "Everyone has signed or been skipped. Choose Finish to close the signing."
            )
            return
        self.name_edit.setText(person.name)
        self.role_edit.setText(person.role)
        if person.state == SIGNED:
            self.turn_label.setText(f"✓ {person.name} has signed.")
        else:
            self.turn_label.setText(f"Now signing: {person.name or 'someone new'}")
            self.sign_button.setDefault(True)
        self._update_attest_text()

    def _method_toggled(self, number: int, checked: bool) -> None:
        if checked:
            self.method_pages.setCurrentIndex(number)
            self.problems.clear_problems()

    def _update_attest_text(self) -> None:
        name = self.name_edit.text().strip() or "the signatory"
        self.attest_check.setText(f"I attest that {name} agreed verbally to this agreement")

    def method(self) -> SignatureMethod:
        """Return the method chosen for the person signing now."""
        if self.type_radio.isChecked():
            return SignatureMethod.TYPED
        if self.verbal_radio.isChecked():
            return SignatureMethod.VERBAL
        return SignatureMethod.DRAWN

    # Actions -------------------------------------------------------------------------------

    def entry(self) -> SignatureEntry | list[str]:
        """Return the signature as entered, or what is missing in the signatory's words."""
        person = self.current()
        name, role = self.name_edit.text().strip(), self.role_edit.text().strip()
        method = self.method()
        problems = []
        if method is SignatureMethod.TYPED:
            typed = self.typed_edit.text()
            if not typed.strip():
                problems.append("Type your full name in the box.")
            elif _normalised(typed) != _normalised(name):
                problems.append(f"The typed name must match the name above ({name}).")
            if not self.agree_check.isChecked():
                problems.append("Tick “I agree to this mediation agreement” to sign.")
        elif method is SignatureMethod.VERBAL and not self.attest_check.isChecked():
            problems.append("The mediator ticks the box to attest the verbal agreement.")
        if problems:
            return problems
        return SignatureEntry(
            participant_id=person.participant_id if person else None,
            signer_name=name,
            signer_role=role,
            method=method,
            strokes=self.pad.strokes() if method is SignatureMethod.DRAWN else (),
            typed_statement=I_AGREE if method is SignatureMethod.TYPED else None,
            attested_by=self.attested_edit.text() if method is SignatureMethod.VERBAL else None,
        )

    def sign_current(self) -> bool:
        """Record the current signatory's signature; return whether it was recorded."""
        person = self.current()
        if person is None or person.state == SIGNED:
            return False
        entry = self.entry()
        if isinstance(entry, list):
            self.problems.show_problems(entry)
            return False
        try:
            self._service.sign(self._case_id, entry)
        except ValidationError as error:
            self.problems.show_problems(str(error).splitlines())
            return False
        person.name, person.role, person.state = entry.signer_name, entry.signer_role, SIGNED
        self.recorded += 1
        self._refresh_list()
        self._go_to_next()
        return True

    def _confirm(self, text: str, yes: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, APP_NAME, text, parent=self)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.YesRole)
        box.addButton("&Go back", QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(yes_button)
        box.exec()
        return box.clickedButton() is yes_button

    def skip_current(self) -> bool:
        """Skip the current signatory after asking; return whether they were skipped."""
        person = self.current()
        if person is None or person.state != WAITING:
            return False
        name = person.name or "this person"
        question = (
            f"Skip {name}? They will not sign this version now. "
            "You can choose them in the list to sign before you finish."
        )
        if not self._confirm(question, f"&Skip {name}"):
            return False
        person.state = SKIPPED
        self._refresh_list()
        self._go_to_next()
        return True

    def add_someone(self) -> None:
        """Ask for someone else's name and role and make them the next to sign."""
        dialog = AddSignatoryDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, role = dialog.name_edit.text().strip(), dialog.role_edit.text().strip()
        if not name:
            return
        self.people.append(Signatory(name, role, None))
        self._refresh_list()
        self.people_list.setCurrentRow(len(self.people) - 1)

    def finish(self) -> None:
        """Close the signing, asking first if anyone is still waiting, and mark it signed."""
        waiting = [p.name for p in self.people if p.state == WAITING]
        if waiting and self.recorded:
            names = ", ".join(waiting)
            if not self._confirm(f"{names} have not signed yet. Finish anyway?", "&Finish"):
                return
        if self.recorded:
            try:
                self.warnings = self._service.mark_signed(self._case_id)
            except ValidationError as error:
                self.problems.show_problems(str(error).splitlines())
                return
        self.accept()


def sign_at_the_table(parent: QWidget | None, workspace: Workspace, case_id: int) -> bool:
    """Pass the laptop round to sign the newest version; return True if anyone signed."""
    service = AgreementService(workspace)
    view = service.editable(case_id)
    if view.status in (AgreementStatus.SIGNED, AgreementStatus.SUPERSEDED):
        show_message(
            parent,
            f"Version {view.version} of the agreement is already signed. "
            "Start a new version to sign it again.",
        )
        return False
    if view.status is AgreementStatus.DRAFT:
        try:
            service.start_review(case_id)
        except ValidationError as error:
            show_message(parent, f"The agreement is not ready to sign yet.\n\n{error}")
            return False
    mediator = service.content(case_id).mediator_name
    if mediator == MEDIATOR_FALLBACK:
        mediator = ""
    people = signatories(workspace, case_id, mediator)
    signed = {s.participant_id for s in view.signatures if s.participant_id is not None}
    signed_names = {_normalised(s.signer_name) for s in view.signatures}
    for person in people:
        if person.participant_id in signed or (
            person.participant_id is None and _normalised(person.name) in signed_names
        ):
            person.state = SIGNED
    heading = f"Mediation agreement for case {view.case_reference}, version {view.version}"
    dialog = SigningDialog(
        service, case_id, people, mediator=mediator, heading=heading, parent=parent
    )
    try:
        dialog.exec()
        recorded, warnings = dialog.recorded, dialog.warnings
    finally:
        dialog.deleteLater()
    if recorded:
        lines = [f"{recorded} signature{'s' if recorded != 1 else ''} recorded."]
        if warnings:
            lines += ["", "Still to sign:", *(f"⚠ {w}" for w in warnings)]
        else:
            lines.append("✓ Everyone who needs to sign has signed.")
        _tell(parent, "\n".join(lines), warning=bool(warnings))
    return recorded > 0


def _tell(parent: QWidget | None, text: str, *, warning: bool) -> QMessageBox:
    """Say how the signing ended, in a box that does not block the caller."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information)
    box.setWindowTitle(APP_NAME)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("signingSummary")
    box.open()
    return box
