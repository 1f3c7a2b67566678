"""The People tab: everyone in the case, their roles, and who is the family's party."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from sendmed_desktop.domain.vocabulary import Role
from sendmed_desktop.services.intake import IntakeService, ParticipantEntry, ParticipantView
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.participant_dialog import ParticipantDialog
from sendmed_desktop.ui.tasks import TaskGateway
from sendmed_desktop.ui.widgets.preparation_common import (
    Asker,
    FindingsLabel,
    attempt,
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

HEADERS = ("Name", "Role", "Party", "Job and organisation", "Acting for / supporting")
PARTY_YES = "✓ Party"
PARTY_NO = "No"
ALL_CLEAR = "The family's party and the child or young person are recorded."


def organisation_text(view: ParticipantView) -> str:
    """Return someone's job title and organisation, e.g. "SEN officer, Westbridge Council"."""
    return ", ".join(part for part in (view.job_title, view.organisation) if part)


def link_text(view: ParticipantView, names: dict[int, str]) -> str:
    """Return whom ``view`` acts for or supports, in words."""
    if view.acts_for_participant_id is not None:
        who = names.get(view.acts_for_participant_id, "someone no longer in the case")
        authority = f" ({view.acting_authority.label})" if view.acting_authority else ""
        return f"Acts for {who}{authority}"
    if view.supports_participant_id is not None:
        return f"Supports {names.get(view.supports_participant_id, 'someone')}"
    return ""


class PeopleTab(QWidget):
    """List, add, change and remove the people in a case; show who is the party."""

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
        self._people: list[ParticipantView] = []

        controls = record_controls(
            "People in the case",
            HEADERS,
            4,
            "Pe&ople in this case:",
            add=("Add per&son…", self.add_person),
            edit=self.edit_person,
            remove=self.remove_person,
            on_selection=self._selection_changed,
        )
        self.table = controls.table
        self.add_button = controls.add_button
        self.edit_button = controls.edit_button
        self.remove_button = controls.remove_button
        self.findings = FindingsLabel("Who is the party", ALL_CLEAR)
        findings_heading = QLabel("Who is the party (regs 63–65 and the end of school age):")

        layout = QVBoxLayout(self)
        layout.addWidget(controls.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row(self.add_button, self.edit_button, self.remove_button))
        layout.addWidget(findings_heading)
        layout.addWidget(self.findings)
        self.refresh()

    def refresh(self) -> None:
        """Reload the people and the party findings."""
        loaded = fetch(
            self,
            lambda: (
                self._intake.participants(self._case_id),
                self._intake.party_findings(self._case_id),
            ),
        )
        if loaded is None:
            return
        self._people, findings = loaded
        names = {p.id: p.full_name for p in self._people}
        fill_table(
            self.table,
            (
                (
                    p.id,
                    (
                        p.full_name,
                        p.role.label,
                        PARTY_YES if p.is_party else PARTY_NO,
                        organisation_text(p),
                        link_text(p, names),
                    ),
                )
                for p in self._people
            ),
        )
        self.findings.show_findings(findings)
        self._selection_changed()

    def people(self) -> list[ParticipantView]:
        """Return the people shown."""
        return list(self._people)

    def selected_person(self) -> ParticipantView | None:
        """Return the person selected in the table."""
        chosen = selected_id(self.table)
        return next((p for p in self._people if p.id == chosen), None)

    def add_person(self) -> bool:
        """Ask for a new person and add them; return whether they were added."""
        added = add_through_dialog(
            self,
            self._asker(self._people),
            lambda entry: self._intake.add_participant(self._case_id, entry),
        )
        if added is None:
            return False
        self._saved(added)
        return True

    def edit_person(self) -> bool:
        """Ask for changes to the selected person and store them."""
        person = self.selected_person()
        if person is None:
            return False
        others = [p for p in self._people if p.id != person.id]

        def save(entry: ParticipantEntry) -> None:
            self._intake.update_participant(person.id, entry)

        if not save_through_dialog(self, self._asker(others), save, person.as_entry()):
            return False
        self._saved(person.id)
        return True

    def remove_person(self) -> bool:
        """Ask first, then remove the selected person; the service may refuse, in words."""
        person = self.selected_person()
        if person is None:
            return False
        question = (
            f"Remove {person.full_name} ({person.role.label.lower()}) from this case?\n\n"
            "Their invitations to meetings go with them. Calls, adjustments and expenses "
            "stay with the case, no longer linked to anyone."
        )
        if not confirm(self, "Remove a person", question, f"Remove {person.full_name}"):
            return False
        if not attempt(self, lambda: self._intake.remove_participant(person.id)):
            return False
        self.refresh()
        self.changed.emit()
        return True

    def _asker(self, others: Sequence[ParticipantView]) -> Asker[ParticipantEntry]:
        def ask(
            entry: ParticipantEntry | None, problems: Sequence[str]
        ) -> tuple[ParticipantEntry | None, bool]:
            return ParticipantDialog.ask(self, entry, participants=others, problems=problems)

        return ask

    def _saved(self, participant_id: int) -> None:
        reselect_after_save(self.refresh, self.table, participant_id, self.changed)

    def _selection_changed(self) -> None:
        person = self.selected_person()
        enable_for_selection(person is not None, self.edit_button, self.remove_button)
        if person is not None and person.role in (Role.CHILD, Role.YOUNG_PERSON):
            self.remove_button.setToolTip(
                "The child or young person the case is about cannot be removed: change "
                "their details instead."
            )
        else:
            self.remove_button.setToolTip("")
