"""The Calls tab: the pre-meeting calls with each party, and who has not been contacted yet."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.services.intake import (
    ContactEntry,
    ContactView,
    IntakeService,
    ParticipantView,
)
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.contact_dialog import ContactDialog
from sendmed_desktop.ui.formatting import format_datetime
from sendmed_desktop.ui.tasks import TaskGateway
from sendmed_desktop.ui.widgets.preparation_common import (
    attempt,
    button_row,
    confirm,
    fetch,
    fill_table,
    save_through_dialog,
    select_id,
    selected_id,
)
from sendmed_desktop.ui.widgets.preparation_fields import (
    fill_people_combo,
    named_combo,
    person_label,
)
from sendmed_desktop.ui.widgets.record_table import (
    add_through_dialog,
    enable_for_selection,
    record_controls,
)

HEADERS = ("When", "Who", "How", "Summary")
EVERYONE = "Everyone"
NOT_LINKED = "Someone not in the list"
PICK_A_CALL = "Select a call above to read all of its summary here."
ALL_CONTACTED = "✓ Every party has been contacted before the meeting."


def uncontacted_text(parties: Sequence[ParticipantView]) -> str:
    """Return the "Not yet contacted" line for ``parties``."""
    if not parties:
        return ALL_CONTACTED
    return "⚠ Not yet contacted: " + "; ".join(person_label(p) for p in parties) + "."


class CallsTab(QWidget):
    """Log, change and remove pre-meeting calls; filter them by person."""

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
        self._contacts: list[ContactView] = []

        self.filter_combo = named_combo("Show calls with")
        self.filter_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        filter_label = QLabel("Sho&w calls with:")
        filter_label.setBuddy(self.filter_combo)
        controls = record_controls(
            "Calls and contacts",
            HEADERS,
            3,
            "Calls and contacts &so far:",
            add=("L&og a call…", self.log_call),
            edit=self.edit_call,
            remove=self.remove_call,
            on_selection=self._selection_changed,
        )
        self.table = controls.table
        self.add_button = controls.add_button
        self.edit_button = controls.edit_button
        self.remove_button = controls.remove_button
        self.uncontacted_label = QLabel()
        self.uncontacted_label.setObjectName("uncontacted")
        self.uncontacted_label.setWordWrap(True)
        self.uncontacted_label.setAccessibleName("Parties not yet contacted")
        self.summary_view = QPlainTextEdit()
        self.summary_view.setReadOnly(True)
        self.summary_view.setAccessibleName("Summary of the selected call")
        self.summary_view.setPlaceholderText(PICK_A_CALL)
        self.summary_view.setTabChangesFocus(True)
        self.summary_view.setMaximumHeight(90)

        filter_row = QHBoxLayout()
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.filter_combo, 1)
        filter_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.uncontacted_label)
        layout.addLayout(filter_row)
        layout.addWidget(controls.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_view)
        layout.addLayout(button_row(self.add_button, self.edit_button, self.remove_button))
        self.filter_combo.currentIndexChanged.connect(self._show_contacts)
        self.refresh()

    def refresh(self) -> None:
        """Reload the people, the calls and who has not been contacted."""
        loaded = fetch(
            self,
            lambda: (
                self._intake.participants(self._case_id),
                self._intake.contacts(self._case_id),
                self._intake.uncontacted_parties(self._case_id),
            ),
        )
        if loaded is None:
            return
        self._people, self._contacts, uncontacted = loaded
        shown = self.filter_combo.currentData()
        self.filter_combo.blockSignals(True)
        fill_people_combo(self.filter_combo, self._people, shown, EVERYONE)
        self.filter_combo.blockSignals(False)
        self.uncontacted_label.setText(uncontacted_text(uncontacted))
        self._show_contacts()

    def contacts_shown(self) -> list[ContactView]:
        """Return the calls the filter lets through, oldest first."""
        who = self.filter_combo.currentData()
        return [c for c in self._contacts if who is None or c.participant_id == who]

    def show_calls_with(self, participant_id: int | None) -> None:
        """Show only the calls with one person (None: everyone's)."""
        self.filter_combo.setCurrentIndex(max(self.filter_combo.findData(participant_id), 0))

    def selected_contact(self) -> ContactView | None:
        """Return the call selected in the table."""
        chosen = selected_id(self.table)
        return next((c for c in self._contacts if c.id == chosen), None)

    def log_call(self) -> bool:
        """Ask for a call and log it; return whether it was logged."""
        added = add_through_dialog(
            self, self._ask, lambda entry: self._intake.log_contact(self._case_id, entry)
        )
        if added is None:
            return False
        self._saved(added)
        return True

    def edit_call(self) -> bool:
        """Ask for changes to the selected call and store them."""
        contact = self.selected_contact()
        if contact is None:
            return False
        entry = ContactEntry(
            participant_id=contact.participant_id,
            occurred_at=contact.occurred_at,
            channel=contact.channel,
            summary=contact.summary,
        )

        def save(changed: ContactEntry) -> None:
            self._intake.update_contact(contact.id, changed)

        if not save_through_dialog(self, self._ask, save, entry):
            return False
        self._saved(contact.id)
        return True

    def remove_call(self) -> bool:
        """Ask first, then remove the selected call."""
        contact = self.selected_contact()
        if contact is None:
            return False
        who = contact.participant_name or NOT_LINKED.lower()
        question = f"Remove the call with {who} on {format_datetime(contact.occurred_at)}?"
        if not confirm(self, "Remove a call", question, "Remove the call"):
            return False
        if not attempt(self, lambda: self._intake.remove_contact(contact.id)):
            return False
        self.refresh()
        self.changed.emit()
        return True

    def _ask(
        self, entry: ContactEntry | None, problems: Sequence[str]
    ) -> tuple[ContactEntry | None, bool]:
        # Filtered to one person, a new call is most likely with them.
        return ContactDialog.ask(
            self,
            entry,
            participants=self._people,
            problems=problems,
            who=self.filter_combo.currentData(),
        )

    def _saved(self, contact_id: int) -> None:
        self.refresh()
        if not select_id(self.table, contact_id):
            # Logged with someone the filter hides: show everyone's, so it can be seen.
            self.show_calls_with(None)
            select_id(self.table, contact_id)
        self.changed.emit()

    def _show_contacts(self) -> None:
        fill_table(
            self.table,
            (
                (
                    c.id,
                    (
                        format_datetime(c.occurred_at),
                        c.participant_name or NOT_LINKED,
                        c.channel.label,
                        " ".join(c.summary.split()),
                    ),
                )
                for c in self.contacts_shown()
            ),
        )
        self._selection_changed()

    def _selection_changed(self) -> None:
        contact = self.selected_contact()
        enable_for_selection(contact is not None, self.edit_button, self.remove_button)
        # The table shows a line of each summary; the whole of the chosen one is read here.
        self.summary_view.setPlainText(contact.summary if contact is not None else "")
