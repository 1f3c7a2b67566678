"""The child's views record: how they were sought, what was said, what may be shared.

Where a parent is a party the mediator must take reasonable steps to obtain the child's
views (CFA s.56(1)(e)). The form saves as it is filled in; a record with problems is not
saved until they are put right, and the form says so in plain words.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.vocabulary import ChildViewsMethod, Role
from sendmed_desktop.services.child_views import ChildViewsEntry, ChildViewsService
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.intake import IntakeService, ParticipantView
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.formatting import format_date, format_short_date, parse_date
from sendmed_desktop.ui.widgets.autosave import Autosaver, report_save_error, saved_text
from sendmed_desktop.ui.widgets.problems import ProblemLabel

RECORDED = "✓ Child's views recorded"
NOT_RECORDED_PARENT = (
    "⚠ Not yet recorded — the case cannot close without it where a parent is a party "
    "(CFA s.56(1)(e))"
)
NOT_RECORDED_YOUNG_PERSON = (
    "Not yet recorded. Optional here: no parent is a party, so CFA s.56(1)(e) does not require it."
)
SAVING = "Saving…"
NOT_SAVED = (
    "⚠ Not saved yet: put right the points listed above and it saves by itself. "
    "Everything you have entered stays here."
)
BAD_DATE = "Enter the date the views were sought as dd/mm/yyyy (for example 08/04/2026)."
_CHILD_ROLES = (Role.CHILD, Role.YOUNG_PERSON)
_VIEWS_HINT = {
    ChildViewsMethod.DRAWING: "Describe the child's drawing and what it shows.",
    ChildViewsMethod.RECORDING: "Describe the recording and what the child says in it.",
}


def _today() -> date:
    return date.today()  # noqa: DTZ011 - the mediator's calendar day


class ChildViewsForm(QWidget):
    """Record the child's views for one case, saving as it is filled in."""

    changed = Signal()

    def __init__(self, workspace: Workspace, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._case_id = case_id
        self._service = ChildViewsService(workspace)
        self._intake = IntakeService(workspace)
        self._recorded = False
        self._parent_is_party = False

        self.status_line = QLabel()
        self.status_line.setObjectName("childViewsStatus")
        self.status_line.setWordWrap(True)
        self.status_line.setContentsMargins(9, 0, 9, 0)
        bold = self.status_line.font()
        bold.setBold(True)
        self.status_line.setFont(bold)
        self.problems = ProblemLabel()
        self.save_status = QLabel()
        self.save_status.setObjectName("saveStatus")
        self.save_status.setAccessibleName("Save status")
        self.save_status.setWordWrap(True)
        self.save_status.setContentsMargins(9, 0, 9, 0)

        self.child_combo = QComboBox()
        self.method_combo = QComboBox()
        self.method_combo.addItem("Choose how…", None)
        for method in ChildViewsMethod:
            self.method_combo.addItem(method.label, method)
        self.sought_on_edit = QLineEdit()
        self.sought_on_edit.setPlaceholderText("dd/mm/yyyy")
        self.sought_on_edit.setMaximumWidth(140)
        self.sought_on_edit.setAccessibleDescription("Day, month and year, like 08/04/2026.")
        self.sought_on_shown = QLabel()
        self.sought_by_edit = QLineEdit()
        self.sought_by_edit.setPlaceholderText("For example: the mediator, or the class teacher")

        self.verbatim_radio = QRadioButton("The child's &own words (verbatim)")
        self.summary_radio = QRadioButton("A s&ummary of what the child said")
        self._verbatim_group = QButtonGroup(self)
        for button in (self.verbatim_radio, self.summary_radio):
            self._verbatim_group.addButton(button)
        self.views_edit = QPlainTextEdit()
        self.views_edit.setTabChangesFocus(True)
        self.views_label = QLabel("The child's views (te&xt):")
        self.views_label.setBuddy(self.views_edit)

        self.consent_yes = QRadioButton("&Yes")
        self.consent_no = QRadioButton("&No")
        self.consent_not_asked = QRadioButton("No&t asked")
        self._consent_group = QButtonGroup(self)
        consent_row = QHBoxLayout()
        for button in (self.consent_yes, self.consent_no, self.consent_not_asked):
            self._consent_group.addButton(button)
            consent_row.addWidget(button)
        consent_row.addStretch(1)
        self.share_views_check = QCheckBox("Share the views exactly as reco&rded")
        self.may_share_edit = QPlainTextEdit()
        self.may_share_edit.setTabChangesFocus(True)
        self.may_share_edit.setMaximumHeight(90)
        self.share_with_edit = QLineEdit()
        self.share_with_edit.setPlaceholderText("For example: everyone at the meeting")

        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setTabChangesFocus(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._add_row(form, "Chi&ld or young person:", self.child_combo)
        self._add_row(form, "How the v&iews were sought:", self.method_combo)
        date_row = QHBoxLayout()
        date_row.addWidget(self.sought_on_edit)
        date_row.addWidget(self.sought_on_shown, 1)
        date_label = QLabel("&When sought:")
        date_label.setBuddy(self.sought_on_edit)
        form.addRow(date_label, date_row)
        self._add_row(form, "Sought &by:", self.sought_by_edit)

        self.views_box = QWidget()
        views_layout = QVBoxLayout(self.views_box)
        views_layout.setContentsMargins(0, 0, 0, 0)
        recorded_as = QHBoxLayout()
        recorded_as.addWidget(QLabel("Recorded as:"))
        recorded_as.addWidget(self.verbatim_radio)
        recorded_as.addWidget(self.summary_radio)
        recorded_as.addStretch(1)
        views_layout.addLayout(recorded_as)
        views_layout.addWidget(self.views_label)
        views_layout.addWidget(self.views_edit, 1)
        self.sharing_box = QGroupBox("Sharing (only this part can reach the written agreement)")
        sharing = QFormLayout(self.sharing_box)
        sharing.addRow(QLabel("Consent to share:"), consent_row)
        sharing.addRow(self.share_views_check)
        self._add_row(sharing, "What &may be shared:", self.may_share_edit)
        self._add_row(sharing, "&Shared with:", self.share_with_edit)
        views_layout.addWidget(self.sharing_box)

        self.reason_box = QWidget()
        reason_layout = QVBoxLayout(self.reason_box)
        reason_layout.setContentsMargins(0, 0, 0, 0)
        reason_label = QLabel("Why it was not reasonably &practicable to obtain the views:")
        reason_label.setBuddy(self.reason_edit)
        reason_layout.addWidget(reason_label)
        reason_layout.addWidget(self.reason_edit, 1)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(form)
        body_layout.addWidget(self.views_box, 1)
        body_layout.addWidget(self.reason_box, 1)
        # Long lines are hard to read on a wide screen; the form keeps a readable width.
        body.setMaximumWidth(980)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.status_line)
        layout.addWidget(self.problems)
        layout.addWidget(self.save_status)
        layout.addWidget(scroll, 1)

        self.autosaver = Autosaver(self._save, self)
        self.autosaver.saved.connect(self._on_saved)
        self.autosaver.not_saved.connect(lambda: self.save_status.setText(NOT_SAVED))
        self.autosaver.failed.connect(self._on_failed)
        self.autosaver.pending_changed.connect(self._on_pending)
        self._connect_edits()
        self.refresh()

    @staticmethod
    def _add_row(form: QFormLayout, text: str, field: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        form.addRow(label, field)
        if isinstance(field, QComboBox):
            # The drop-down list is a widget of its own; name it for screen readers.
            field.view().setAccessibleName(text.replace("&", "").rstrip(":"))

    def _connect_edits(self) -> None:
        touched = self._touched
        self.child_combo.currentIndexChanged.connect(touched)
        self.method_combo.currentIndexChanged.connect(touched)
        for line in (self.sought_on_edit, self.sought_by_edit, self.share_with_edit):
            line.textChanged.connect(touched)
        for text in (self.views_edit, self.may_share_edit, self.reason_edit):
            text.textChanged.connect(touched)
        for button in (
            self.verbatim_radio,
            self.summary_radio,
            self.consent_yes,
            self.consent_no,
            self.consent_not_asked,
            self.share_views_check,
        ):
            button.toggled.connect(touched)
        for field in (
            self.sought_on_edit,
            self.sought_by_edit,
            self.share_with_edit,
            self.views_edit,
            self.may_share_edit,
            self.reason_edit,
        ):
            field.installEventFilter(self)

    # -- what the case page calls --------------------------------------------------------

    def refresh(self) -> None:
        """Read the record and the people again; unsaved entries are kept, not replaced."""
        participants = self._intake.participants(self._case_id)
        self._parent_is_party = any(
            p.is_party and p.role is Role.PARENT_CARER for p in participants
        )
        stored = self._service.get(self._case_id)
        self._recorded = stored is not None
        self._show_status_line()
        if self.autosaver.pending and not self.flush():
            return
        self._fill(participants, stored)

    def flush(self) -> bool:
        """Save what has been entered now; return whether nothing is left unsaved."""
        return self.autosaver.flush()

    def is_recorded(self) -> bool:
        """Return whether the case has a child's-views record."""
        return self._recorded

    def method(self) -> ChildViewsMethod | None:
        """Return the way of seeking the views that is chosen, if any."""
        # Qt hands enum members back as their plain string values.
        value = self.method_combo.currentData()
        return None if value is None else ChildViewsMethod(value)

    def entry(self) -> tuple[ChildViewsEntry, list[str]]:
        """Return what the form holds as an entry, and what is wrong with it."""
        problems: list[str] = []
        sought_on: date | None = None
        if self.sought_on_edit.text().strip():
            try:
                sought_on = parse_date(self.sought_on_edit.text())
            except ValueError:
                problems.append(BAD_DATE)
        method = self.method()
        practicable = method is not ChildViewsMethod.NOT_PRACTICABLE
        consent: bool | None = None
        if self.consent_yes.isChecked() or self.consent_no.isChecked():
            consent = self.consent_yes.isChecked()
        if method is None:
            problems.append("Choose how the child's views were sought.")
            method = ChildViewsMethod.MET_MEDIATOR  # checked below only for its own problems
        # Without consent the box is disabled: the views themselves are never shared then.
        share_views = practicable and consent is not False and self.share_views_check.isChecked()
        entry = ChildViewsEntry(
            child_participant_id=self.child_combo.currentData(),
            method=method,
            sought_on=sought_on,
            sought_by=self.sought_by_edit.text(),
            # Nothing is shared when no views could be obtained; the fields are hidden then.
            consent_given=consent if practicable else None,
            may_share=self.may_share_edit.toPlainText() if practicable else None,
            share_with=self.share_with_edit.text() if practicable else None,
            verbatim=self.verbatim_radio.isChecked(),
            views_text=self.views_edit.toPlainText(),
            not_practicable_reason=None if practicable else self.reason_edit.toPlainText(),
            share_views_text=share_views,
        )
        return entry, problems + entry.problems(_today())

    # -- inside ---------------------------------------------------------------------------

    def _fill(self, participants: list[ParticipantView], stored: ChildViewsEntry | None) -> None:
        widgets = self.findChildren(QWidget)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.child_combo.clear()
            for person in participants:
                if person.role in _CHILD_ROLES:
                    self.child_combo.addItem(f"{person.full_name} ({person.role.label})", person.id)
            self.child_combo.addItem("Not recorded", None)
            entry = stored or ChildViewsEntry(
                child_participant_id=self.child_combo.itemData(0),
                method=ChildViewsMethod.NOT_PRACTICABLE,  # not shown: the combo says "Choose"
            )
            self.child_combo.setCurrentIndex(
                max(self.child_combo.findData(entry.child_participant_id), 0)
            )
            self.method_combo.setCurrentIndex(
                self.method_combo.findData(entry.method) if stored else 0
            )
            self.sought_on_edit.setText(
                format_short_date(entry.sought_on) if entry.sought_on else ""
            )
            self.sought_by_edit.setText(entry.sought_by or "")
            self.verbatim_radio.setChecked(entry.verbatim)
            self.summary_radio.setChecked(not entry.verbatim)
            self.views_edit.setPlainText(entry.views_text)
            consent = {True: self.consent_yes, False: self.consent_no}
            consent.get(entry.consent_given, self.consent_not_asked).setChecked(True)
            self.share_views_check.setChecked(entry.share_views_text)
            self.may_share_edit.setPlainText(entry.may_share or "")
            self.share_with_edit.setText(entry.share_with or "")
            self.reason_edit.setPlainText(entry.not_practicable_reason or "")
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.problems.clear_problems()
        self.save_status.clear()
        self._update_fields()

    def _touched(self) -> None:
        self._update_fields()
        self.autosaver.touched()

    def _update_fields(self) -> None:
        method = self.method()
        practicable = method is not ChildViewsMethod.NOT_PRACTICABLE
        self.views_box.setVisible(practicable)
        self.reason_box.setVisible(not practicable)
        self.views_edit.setPlaceholderText(_VIEWS_HINT.get(method, "What the child said."))
        text = self.sought_on_edit.text().strip()
        try:
            self.sought_on_shown.setText(format_date(parse_date(text)) if text else "")
        except ValueError:
            self.sought_on_shown.setText("⚠ not a date like 08/04/2026")
        # With consent refused the views themselves can never be shared; what may be shared
        # stays editable so that anything in it can be cleared, as the problem asks.
        sharing_allowed = not self.consent_no.isChecked()
        self.share_views_check.setEnabled(sharing_allowed)
        whole = self.share_views_check.isChecked() and sharing_allowed
        self.may_share_edit.setEnabled(not whole)
        self.may_share_edit.setPlaceholderText(
            "The views as recorded above will be shared."
            if whole
            else "Only what the child (and parent) agreed may be shared."
        )

    def _save(self) -> datetime | None:
        entry, problems = self.entry()
        if problems:
            self.problems.show_problems(problems)
            return None
        try:
            self._service.record(self._case_id, entry)
        except ValidationError as error:
            # The service's own checks (the child chosen is not in the case, say).
            self.problems.show_problems(str(error).split("\n"))
            return None
        self.problems.clear_problems()
        return datetime.now().astimezone()

    def _on_pending(self, pending: bool) -> None:
        if pending:
            self.save_status.setText(SAVING)

    def _on_saved(self, saved_at: datetime) -> None:
        self.save_status.setText(saved_text(saved_at))
        if not self._recorded:
            self._recorded = True
            self._show_status_line()
        self.changed.emit()

    def _on_failed(self, error: BaseException) -> None:
        self.save_status.setText(
            "⚠ Not saved — everything you entered is still here. Saving is tried again "
            "as you go on."
        )
        report_save_error(self, error)

    def _show_status_line(self) -> None:
        if self._recorded:
            self.status_line.setText(RECORDED)
        elif self._parent_is_party:
            self.status_line.setText(NOT_RECORDED_PARENT)
        else:
            self.status_line.setText(NOT_RECORDED_YOUNG_PERSON)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QFocusEvent)
            and event.lostFocus()
            and event.reason()
            not in (
                Qt.FocusReason.PopupFocusReason,
                Qt.FocusReason.ActiveWindowFocusReason,
            )
        ):
            self.flush()
        return super().eventFilter(watched, event)
