"""The Decision tab: the s.51(2) decision under dispute, saved as the mediator types."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from sendmed_desktop.domain.vocabulary import Ground, PlanContentPart
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.intake import DecisionEntry, IntakeService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.tasks import TaskGateway, show_error
from sendmed_desktop.ui.widgets.preparation_common import (
    fetch,
)
from sendmed_desktop.ui.widgets.preparation_fields import (
    DateField,
    choose,
    chosen,
    enum_combo,
    format_time,
    labelled_row,
    read_date,
    text_box,
)
from sendmed_desktop.ui.widgets.problems import ProblemLabel

FORM_WIDTH = 900
SAVED = "✓ All changes saved."
# Long enough to finish a word or a date, short enough that nothing typed waits long.
SAVE_DELAY_MS = 600
NOT_RECORDED = "Not recorded yet: choose the decision under dispute and it is saved as you go."
UNSAVED = "Saving shortly…"
NOT_SAVED = "⚠ Not saved yet: see the problem below."
NEEDS_GROUND = (
    "Choose the decision under dispute (the ground) first: the dates and summary are saved with it."
)
INTRO = (
    "The local authority's decision that the mediation is about (Children and Families "
    "Act 2014, s.51(2)). Changes are saved as you make them."
)


def saved_text(moment: datetime) -> str:
    """Return the status line after a save, e.g. "✓ Saved at 14:05"."""
    return f"✓ Saved at {format_time(moment)}"


class DecisionTab(QWidget):
    """Edit the decision under dispute; each change is saved shortly after it is made."""

    changed = Signal()

    def __init__(
        self,
        workspace: Workspace,
        case_id: int,
        tasks: TaskGateway,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._intake = IntakeService(workspace)
        self._case_id = case_id
        self._tasks = tasks
        self._loading = False

        self.ground_combo = enum_combo("Ground under s.51(2)", Ground)
        self.ground_combo.setPlaceholderText("Choose the decision under dispute")
        self.part_combo = enum_combo("Part of the plan disputed", PlanContentPart)
        self.part_combo.setPlaceholderText("Choose the part of the plan")
        self.notice_field = DateField()
        self.notice_field.edit.setAccessibleName("Date on the decision notice")
        self.sent_field = DateField()
        self.sent_field.edit.setAccessibleName("Date the decision notice was sent")
        self.summary_edit = text_box("Summary of the decision", 80)
        self.summary_edit.setPlaceholderText(
            "In a sentence or two, what the local authority decided and what the family wants."
        )
        self.status_label = QLabel(NOT_RECORDED)
        self.status_label.setObjectName("saveStatus")
        self.status_label.setAccessibleName("Save status")
        self.status_label.setWordWrap(True)
        self.problems = ProblemLabel()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        form = QFormLayout()
        labelled_row(form, "G&round under s.51(2):", self.ground_combo)
        self.part_label = labelled_row(form, "Part of the pla&n (s.51(2)(c)):", self.part_combo)
        labelled_row(
            form, "Da&te on the decision notice:", self.notice_field, self.notice_field.edit
        )
        labelled_row(form, "Decision notice &sent:", self.sent_field, self.sent_field.edit)
        labelled_row(form, "S&ummary:", self.summary_edit)
        # A readable width: a full-screen combo box is hard to take in.
        fields = QWidget()
        fields.setMaximumWidth(FORM_WIDTH)
        fields.setLayout(form)
        form.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(fields)
        layout.addWidget(self.problems)
        layout.addWidget(self.status_label)
        layout.addStretch(1)

        self.ground_combo.currentIndexChanged.connect(self._ground_chosen)
        self.part_combo.currentIndexChanged.connect(self._edited)
        self.notice_field.edit.textChanged.connect(self._edited)
        self.sent_field.edit.textChanged.connect(self._edited)
        self.summary_edit.textChanged.connect(self._edited)
        self.refresh()

    def refresh(self) -> None:
        """Save anything pending, then show the decision as stored."""
        if self._timer.isActive():
            self.save_now()
        decision = fetch(self, lambda: self._intake.decision(self._case_id))
        self._loading = True
        try:
            entry = decision or DecisionEntry(ground=Ground.PLAN_CONTENT)
            choose(self.ground_combo, decision.ground if decision else None)
            choose(self.part_combo, entry.plan_content_part)
            self.notice_field.set_value(entry.notice_date)
            self.sent_field.set_value(entry.sent_on)
            self.summary_edit.setPlainText(entry.summary)
        finally:
            self._loading = False
        self._enable_part()
        self.problems.clear_problems()
        if decision is None:
            self.status_label.setText(NOT_RECORDED)
        elif not self.status_label.text().startswith("✓"):
            self.status_label.setText(SAVED)

    def flush(self) -> bool:
        """Save a pending change now; return whether nothing is left unsaved."""
        return self.save_now() if self._timer.isActive() else True

    def pending(self) -> bool:
        """Return whether a change is waiting to be saved."""
        return self._timer.isActive()

    def save_now(self) -> bool:
        """Save what the fields hold now; show what stops it in place; return success."""
        self._timer.stop()
        problems: list[str] = []
        notice = read_date(self.notice_field, "the date on the decision notice", problems)
        sent = read_date(self.sent_field, "the date the notice was sent", problems)
        ground = chosen(self.ground_combo, Ground)
        if ground is None:
            problems.append(NEEDS_GROUND)
        if problems or ground is None:
            return self._not_saved(problems)
        entry = DecisionEntry(
            ground=ground,
            plan_content_part=chosen(self.part_combo, PlanContentPart)
            if ground is Ground.PLAN_CONTENT
            else None,
            notice_date=notice,
            sent_on=sent,
            summary=self.summary_edit.toPlainText(),
        )
        try:
            self._intake.set_decision(self._case_id, entry)
        except ValidationError as error:
            return self._not_saved(str(error).splitlines())
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return self._not_saved([])
        self.problems.clear_problems()
        self.status_label.setText(saved_text(datetime.now().astimezone()))
        self.changed.emit()
        return True

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the tab (or the case) must not leave a change unsaved.
        if self._timer.isActive():
            self.save_now()
        super().hideEvent(event)

    def _not_saved(self, problems: list[str]) -> bool:
        self.problems.show_problems(problems)
        self.status_label.setText(NOT_SAVED if problems else "⚠ Not saved.")
        return False

    def _ground_chosen(self) -> None:
        self._enable_part()
        self._edited()

    def _enable_part(self) -> None:
        is_content = chosen(self.ground_combo, Ground) is Ground.PLAN_CONTENT
        self.part_combo.setEnabled(is_content)
        self.part_label.setEnabled(is_content)
        if not is_content and not self._loading:
            # A part of the plan belongs only to s.51(2)(c): the service refuses it otherwise.
            self.part_combo.blockSignals(True)
            self.part_combo.setCurrentIndex(-1)
            self.part_combo.blockSignals(False)

    def _edited(self) -> None:
        if self._loading:
            return
        self.status_label.setText(UNSAVED)
        self._timer.start()
