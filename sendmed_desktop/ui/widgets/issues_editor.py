"""The agenda of issues: add, change, remove and reorder them; whether a certificate is needed.

Used on the Preparation stage's Issues tab and again on the Agenda stage.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from sendmed_desktop.domain.vocabulary import PlanSection
from sendmed_desktop.services.intake import IntakeService, IssueEntry, IssueView
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.issue_dialog import IssueDialog
from sendmed_desktop.ui.tasks import TaskGateway
from sendmed_desktop.ui.widgets.preparation_common import (
    attempt,
    button,
    button_row,
    confirm,
    fetch,
    fill_table,
    save_through_dialog,
    selected_id,
)
from sendmed_desktop.ui.widgets.record_table import (
    add_through_dialog,
    enable_for_selection,
    record_controls,
    reselect_after_save,
)

HEADERS = ("No.", "Heading", "Area", "EHC plan sections", "Health provision sought")
CERTIFICATE_NEEDED = (
    "ℹ Certificate needed to appeal: yes. The family needs a mediation certificate before they "
    "can appeal to the Tribunal about these issues (s.55)."
)
CERTIFICATE_NOT_NEEDED = (
    "ℹ Certificate needed to appeal: no. Every issue is about Section I only (the school or "
    "type of school named, or that none is named), so the family can appeal without a "
    "mediation certificate (s.55)."
)
NO_ISSUES = "No issues yet: add the first with “Add issue…”."
MOVE_UP_KEYS = "Alt+Up"
MOVE_DOWN_KEYS = "Alt+Down"


def sections_text(sections: frozenset[PlanSection]) -> str:
    """Return the sections in plan order, e.g. "B, F"."""
    return ", ".join(s.value for s in PlanSection if s in sections) or "None recorded"


class IssuesEditor(QWidget):
    """Keep a case's agenda of issues in order; emit ``changed`` after every save."""

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
        self._issues: list[IssueView] = []

        controls = record_controls(
            "Issues on the agenda",
            HEADERS,
            1,
            "Issues in agenda &order:",
            add=("Add i&ssue…", self.add_issue),
            edit=self.edit_issue,
            remove=self.remove_issue,
            on_selection=self._selection_changed,
        )
        self.table = controls.table
        self.empty_label = QLabel(NO_ISSUES)
        self.add_button = controls.add_button
        self.edit_button = controls.edit_button
        self.remove_button = controls.remove_button
        self.move_up_action = self._move_action("Move up", MOVE_UP_KEYS, -1)
        self.move_down_action = self._move_action("Move down", MOVE_DOWN_KEYS, 1)
        self.up_button = button("Move up (Alt+↑)", self.move_up_action.trigger)
        self.down_button = button("Move down (Alt+↓)", self.move_down_action.trigger)
        self.certificate_label = QLabel()
        self.certificate_label.setObjectName("certificateNeeded")
        self.certificate_label.setWordWrap(True)
        self.certificate_label.setAccessibleName("Certificate needed to appeal")
        self.certificate_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addWidget(controls.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(
            button_row(
                self.add_button,
                self.edit_button,
                self.remove_button,
                self.up_button,
                self.down_button,
            )
        )
        layout.addWidget(self.certificate_label)
        self.refresh()

    def _move_action(self, text: str, keys: str, step: int) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        # Only while the agenda has the keyboard: Alt+arrows mean other things elsewhere.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: self.move_selected(step))
        self.addAction(action)
        return action

    def refresh(self) -> None:
        """Reload the issues and the certificate line."""
        loaded = fetch(
            self,
            lambda: (
                self._intake.issues(self._case_id),
                self._intake.certificate_needed_to_appeal(self._case_id),
            ),
        )
        if loaded is None:
            return
        self._issues, needed = loaded
        fill_table(
            self.table,
            (
                (
                    issue.id,
                    (
                        str(issue.position + 1),
                        issue.heading,
                        issue.area.label,
                        sections_text(issue.sections),
                        issue.health_provision_sought or "",
                    ),
                )
                for issue in self._issues
            ),
        )
        self.empty_label.setVisible(not self._issues)
        self.certificate_label.setText(CERTIFICATE_NEEDED if needed else CERTIFICATE_NOT_NEEDED)
        self._selection_changed()

    def issues(self) -> list[IssueView]:
        """Return the issues shown, in agenda order."""
        return list(self._issues)

    def selected_issue(self) -> IssueView | None:
        """Return the issue selected in the table."""
        chosen = selected_id(self.table)
        return next((i for i in self._issues if i.id == chosen), None)

    def add_issue(self) -> bool:
        """Ask for a new issue and add it at the end of the agenda."""
        added = add_through_dialog(
            self, self._ask, lambda entry: self._intake.add_issue(self._case_id, entry)
        )
        if added is None:
            return False
        self._saved(added)
        return True

    def edit_issue(self) -> bool:
        """Ask for changes to the selected issue and store them."""
        issue = self.selected_issue()
        if issue is None:
            return False

        def save(entry: IssueEntry) -> None:
            self._intake.update_issue(issue.id, entry)

        if not save_through_dialog(self, self._ask, save, issue.as_entry()):
            return False
        self._saved(issue.id)
        return True

    def remove_issue(self) -> bool:
        """Ask first, then remove the selected issue."""
        issue = self.selected_issue()
        if issue is None:
            return False
        question = f"Remove issue {issue.position + 1}, “{issue.heading}”, from the agenda?"
        if not confirm(self, "Remove an issue", question, "Remove the issue"):
            return False
        if not attempt(self, lambda: self._intake.remove_issue(issue.id)):
            return False
        self.refresh()
        self.changed.emit()
        return True

    def move_selected(self, step: int) -> bool:
        """Move the selected issue ``step`` places (-1 up, 1 down); keep it selected."""
        issue = self.selected_issue()
        if issue is None:
            return False
        position = issue.position + step
        if not 0 <= position < len(self._issues):
            return False
        if not attempt(self, lambda: self._intake.move_issue(issue.id, position)):
            return False
        self._saved(issue.id)
        return True

    def _ask(
        self, entry: IssueEntry | None, problems: Sequence[str]
    ) -> tuple[IssueEntry | None, bool]:
        return IssueDialog.ask(self, entry, problems=problems)

    def _saved(self, issue_id: int) -> None:
        reselect_after_save(self.refresh, self.table, issue_id, self.changed)

    def _selection_changed(self) -> None:
        issue = self.selected_issue()
        enable_for_selection(issue is not None, self.edit_button, self.remove_button)
        first = issue is not None and issue.position == 0
        last = issue is not None and issue.position == len(self._issues) - 1
        self.move_up_action.setEnabled(issue is not None and not first)
        self.move_down_action.setEnabled(issue is not None and not last)
        self.up_button.setEnabled(self.move_up_action.isEnabled())
        self.down_button.setEnabled(self.move_down_action.isEnabled())
