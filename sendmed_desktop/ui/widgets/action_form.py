"""One agreed action's fields, checked SMART as they are typed (no database, no saving).

The form says ``edited`` on every change; its owner saves (debounced). The SMART check
beside it runs on the values on screen, so a vague verb is flagged as it is typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import Enum
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.smart import (
    APPEALABLE_OUTCOMES,
    ActionDraft,
    ActionTiming,
    SmartFinding,
    action_timing,
    check_action,
)
from sendmed_desktop.domain.timescales import ActionOutcome
from sendmed_desktop.domain.vocabulary import PlanSection, StatutoryBasis
from sendmed_desktop.services.agreement_views import ActionEntry, ActionView, IssueOutcomeView
from sendmed_desktop.ui.dialogs.key_dates_dialog import DateField
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.widgets.smart_findings import SmartFindingsPanel

# What an appealable agreement asks the local authority to do, in the mediator's words.
OUTCOME_LABELS: dict[ActionOutcome, str] = {
    ActionOutcome.ASSESS_OR_REASSESS: "Carry out an assessment or re-assessment",
    ActionOutcome.MAKE_PLAN: "Make an EHC plan",
    ActionOutcome.AMEND_PLAN: "Amend the EHC plan (Section B and/or F)",
    ActionOutcome.NAME_SCHOOL: "Name a school in Section I",
    ActionOutcome.NAME_SCHOOL_AND_AMEND: "Amend the plan and name a school",
    ActionOutcome.CONTINUE_OR_CEASE: "Continue or cease the plan",
}
NO_DATE_YET = "Date the agreement above and the statutory date is worked out from it."
E = TypeVar("E", bound=Enum)
NOT_A_DATE_KEY = "due.not_a_date"
NOTHING_CHOSEN = "Choose an action in the list, or add one, and it is checked here as you type."


def _today() -> date:
    return date.today()  # noqa: DTZ011 - the mediator's calendar day


def _lower_first(title: str) -> str:
    return title if title[:2].isupper() else title[:1].lower() + title[1:]


def statutory_line(timing: ActionTiming, typed: bool) -> str:
    """Return "Statutory date: Wed 18 Feb 2026 (draft EHC plan), limit Wed 1 Apr 2026"."""
    if not timing.deadlines:
        return ""
    first = timing.deadlines[0]
    limit = timing.statutory_limit
    if typed:
        return f"Statutory limit: {format_date(limit)}" if limit else ""
    line = f"Statutory date: {format_date(first.due)} ({_lower_first(first.title)})"
    if limit is not None and limit != first.due:
        line += f", limit {format_date(limit)}"
    return line


def enum_data(combo: QComboBox, kind: type[E]) -> E | None:
    """Return the chosen item's enum (Qt hands a str enum back as a plain str)."""
    value = combo.currentData()
    return None if value is None else kind(value)


def name_choices(combo: QComboBox, name: str) -> None:
    """Name a combo box and its list of choices, which a screen reader reaches too."""
    combo.setAccessibleName(name)
    combo.view().setAccessibleName(f"{name}: choices")


def _text_box(name: str, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)  # Tab moves on; the text is a sentence, not a document
    height = box.fontMetrics().lineSpacing() * lines + 14
    box.setFixedHeight(height)
    return box


class ActionForm(QWidget):
    """Edit one action; the SMART findings beside it follow every keystroke."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionForm")
        self._today = today
        self._loading = False
        self._agreement_date: date | None = None
        self._acknowledged: frozenset[str] = frozenset()
        self._read_only = False
        self._empty = True
        self._build()
        self.load(None, (), None, read_only=True)

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.owner_name = QLineEdit()
        self.owner_name.setObjectName("ownerName")
        self.owner_name.setPlaceholderText("A named person, for example Priya Natarajan")
        self.owner_role = QLineEdit()
        self.owner_role.setObjectName("ownerRole")
        self.owner_role.setPlaceholderText("For example SEN casework manager")
        self.owner_organisation = QLineEdit()
        self.owner_organisation.setObjectName("ownerOrganisation")
        self.action = _text_box("Action", 3)
        self.action.setObjectName("actionText")
        self.action.setPlaceholderText("Start with a verb: “Send the amended plan to Daniel”")
        self.measure = _text_box("Measure of done", 2)
        self.measure.setObjectName("measureText")
        self.measure.setPlaceholderText("The evidence: “Daniel receives the amended plan”")
        self.issue = QComboBox()
        self.issue.setObjectName("actionIssue")
        self.plan_section = QComboBox()
        self.plan_section.setObjectName("planSection")
        self.plan_section.addItem("Not given", None)
        for section in PlanSection:
            self.plan_section.addItem(section.label, section)
        self.basis = QComboBox()
        self.basis.setObjectName("statutoryBasis")
        for basis in StatutoryBasis:
            self.basis.addItem(basis.label, basis)
        self.outcome = QComboBox()
        self.outcome.setObjectName("reg44Outcome")
        self.outcome.addItem("Choose what the local authority is asked to do", None)
        for outcome in APPEALABLE_OUTCOMES:
            self.outcome.addItem(OUTCOME_LABELS[outcome], outcome)
        self.note = QLineEdit()
        self.note.setObjectName("alternativeNote")
        self.note.setPlaceholderText("What the parties agreed in writing about this date")
        self.due = DateField()
        self.due.setObjectName("dueOn")
        self.due.edit.setAccessibleName("By when")
        self.due.edit.setPlaceholderText("statutory")
        self.statutory = QLabel()
        self.statutory.setObjectName("statutoryDate")
        self.statutory.setWordWrap(True)
        self.explanation = QLabel()
        self.explanation.setObjectName("basisExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self._labels: dict[QWidget, QLabel] = {}
        for text, widget in (
            ("Owner's &name:", self.owner_name),
            ("R&ole:", self.owner_role),
            ("Organisation:", self.owner_organisation),
            ("&Action:", self.action),
            ("&Measure of done:", self.measure),
            ("&Issue it settles:", self.issue),
            ("&Plan section:", self.plan_section),
            ("Statutor&y basis:", self.basis),
            ("As&ked of the LA:", self.outcome),
            ("Agreed in writing:", self.note),
            ("&By when:", self.due),
        ):
            label = QLabel(text)
            label.setBuddy(widget.focusProxy() or widget)
            form.addRow(label, widget)
            self._labels[widget] = label
        form.addRow("", self.statutory)
        form.addRow("", self.explanation)
        for combo, name in (
            (self.issue, "Issue it settles"),
            (self.plan_section, "Plan section"),
            (self.basis, "Statutory basis"),
            (self.outcome, "Asked of the LA"),
        ):
            name_choices(combo, name)
        fields = QWidget()
        fields.setLayout(form)

        self.findings = SmartFindingsPanel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(fields, 3)
        column = QVBoxLayout()
        column.addWidget(self.findings)
        column.addStretch(1)
        layout.addLayout(column, 2)

        for line in (self.owner_name, self.owner_role, self.owner_organisation, self.note):
            line.textChanged.connect(self._changed)
        for box in (self.action, self.measure):
            box.textChanged.connect(self._changed)
        for combo in (self.issue, self.plan_section, self.basis, self.outcome):
            combo.currentIndexChanged.connect(self._changed)
        self.due.edit.textChanged.connect(self._changed)

    # -- showing an action -----------------------------------------------------------------------

    def load(
        self,
        action: ActionView | None,
        issues: Sequence[IssueOutcomeView],
        agreement_date: date | None,
        *,
        read_only: bool,
    ) -> None:
        """Show ``action`` (None: nothing chosen) with the agreement's issues and date."""
        self._loading = True
        try:
            self._agreement_date = agreement_date
            self._acknowledged = action.acknowledged if action else frozenset()
            self.issue.clear()
            self.issue.addItem("Not linked to an issue", None)
            for issue in issues:
                self.issue.addItem(f"Issue {issue.number}: {issue.heading}", issue.id)
            entry = action.as_entry() if action else ActionEntry()
            self.owner_name.setText(entry.owner_name)
            self.owner_role.setText(entry.owner_role)
            self.owner_organisation.setText(entry.owner_organisation)
            self.action.setPlainText(entry.action)
            self.measure.setPlainText(entry.measure)
            self._choose(self.issue, entry.issue_id)
            self._choose(self.plan_section, entry.plan_section)
            self._choose(self.basis, entry.statutory_basis)
            self._choose(self.outcome, entry.reg44_outcome)
            self.note.setText(entry.alternative_note or "")
            self.due.edit.set_value(entry.due_on)
        finally:
            self._loading = False
        self._read_only = read_only or action is None
        self._empty = action is None
        for widget in self._labels:
            widget.setEnabled(not self._read_only)
        self._update()

    def set_agreement_date(self, day: date | None) -> None:
        """Work the statutory dates out from ``day`` (the date typed above, saved or not)."""
        if day != self._agreement_date:
            self._agreement_date = day
            self._update()

    def set_acknowledged(self, keys: frozenset[str]) -> None:
        """Show which findings are set aside, as stored."""
        self._acknowledged = keys
        self._update()

    @staticmethod
    def _choose(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))

    # -- reading what is typed -------------------------------------------------------------------

    def entry(self) -> ActionEntry:
        """Return the action as typed; raise ValueError if the deadline is not a date."""
        return ActionEntry(
            owner_name=self.owner_name.text(),
            owner_role=self.owner_role.text(),
            owner_organisation=self.owner_organisation.text(),
            action=self.action.toPlainText(),
            measure=self.measure.toPlainText(),
            due_on=self.due.edit.value(),
            statutory_basis=self._basis(),
            reg44_outcome=self._outcome(),
            alternative_note=self.note.text() or None,
            issue_id=self.issue.currentData(),
            plan_section=enum_data(self.plan_section, PlanSection),
        )

    def _basis(self) -> StatutoryBasis:
        return enum_data(self.basis, StatutoryBasis) or StatutoryBasis.NOT_APPEALABLE

    def _outcome(self) -> ActionOutcome | None:
        if self._basis() is StatutoryBasis.NOT_APPEALABLE:
            return None
        return enum_data(self.outcome, ActionOutcome)

    def live_findings(self) -> tuple[list[SmartFinding], ActionTiming, bool]:
        """Return the findings for what is on screen, the timing, and whether a date is typed."""
        basis = self._basis()
        alternative = basis is StatutoryBasis.ALTERNATIVE_AGREED
        not_a_date = None
        try:
            typed = self.due.edit.value()
        except ValueError:
            typed = None
            not_a_date = SmartFinding(
                NOT_A_DATE_KEY,
                f"“{self.due.edit.text().strip()}” is not a date: type it as dd/mm/yyyy, or "
                "leave it empty for the statutory date.",
                "due_on",
                can_acknowledge=False,
            )
        timing = action_timing(
            self._agreement_date, basis, self._outcome(), typed if alternative else None
        )
        due = typed if typed is not None or alternative else timing.suggested_due
        draft = ActionDraft(
            owner_name=self.owner_name.text(),
            owner_role=self.owner_role.text(),
            owner_organisation=self.owner_organisation.text(),
            action=self.action.toPlainText(),
            measure=self.measure.toPlainText(),
            due_on=due,
            statutory_basis=basis,
            statutory_limit=timing.statutory_limit,
            alternative_note=self.note.text() or None,
        )
        found = check_action(draft, today=self._today or _today())
        if not_a_date is not None:
            found = [f for f in found if f.key != "due.missing"] + [not_a_date]
        if timing.problem is not None:
            found.insert(0, timing.problem)
        return found, timing, typed is not None

    # -- reacting to typing ----------------------------------------------------------------------

    def _changed(self) -> None:
        if self._loading:
            return
        self._update()
        self.edited.emit()

    def _update(self) -> None:
        basis = self._basis()
        self._show_row(self.outcome, basis is not StatutoryBasis.NOT_APPEALABLE)
        self._show_row(self.note, basis is StatutoryBasis.ALTERNATIVE_AGREED)
        found, timing, typed = self.live_findings()
        if self._agreement_date is None and basis is not StatutoryBasis.ALTERNATIVE_AGREED:
            self.statutory.setText(NO_DATE_YET)
        else:
            self.statutory.setText(statutory_line(timing, typed))
        self.explanation.setText(timing.explanation)
        self.explanation.setVisible(bool(timing.explanation))
        if self._empty:
            self.findings.show_nothing(NOTHING_CHOSEN)
        else:
            self.findings.show_findings(found, self._acknowledged, editable=not self._read_only)

    def _show_row(self, widget: QWidget, shown: bool) -> None:
        widget.setVisible(shown)
        self._labels[widget].setVisible(shown)
