"""The Meeting tab: when and how it is held, who is invited, and the Agreement to Mediate."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.services.intake import IntakeService, MeetingEntry, MeetingView
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.meeting_dialog import ENGLAND, MeetingDialog
from sendmed_desktop.ui.formatting import format_date, format_datetime
from sendmed_desktop.ui.tasks import TaskGateway
from sendmed_desktop.ui.widgets.attendees_panel import AttendeesPanel
from sendmed_desktop.ui.widgets.preparation_common import (
    FindingsLabel,
    attempt,
    button,
    button_row,
    confirm,
    fetch,
    save_through_dialog,
)
from sendmed_desktop.ui.widgets.preparation_fields import (
    format_time,
    named_combo,
)

NO_MEETING = "No meeting is scheduled yet."
NOT_SIGNED = "Not signed yet."
SCHEDULING_CLEAR = "The day, the place and the notice all check out."


def meeting_title(view: MeetingView) -> str:
    """Return a meeting's day, start and format, e.g. "Wed 8 Apr 2026, 10:00 — Video call"."""
    if view.start is None:
        when = "Date not set"
    else:
        start = view.start.astimezone(ENGLAND)
        when = f"{format_date(start.date())}, {format_time(start)}"
    cancelled = " (cancelled)" if view.cancelled else ""
    return f"{when} — {view.format.label}{cancelled}"


def meeting_text(view: MeetingView) -> str:
    """Return a meeting in a sentence: how, when and where."""
    if view.start is None:
        when = "no date set"
    else:
        start = view.start.astimezone(ENGLAND)
        end = f"–{format_time(view.end.astimezone(ENGLAND))}" if view.end else ""
        when = f"{format_date(start.date())}, {format_time(start)}{end}"
    if view.video_link:
        place = f" Link: {view.video_link}"
    elif view.venue:
        place = f" Place: {view.venue}"
    else:
        place = ""
    prefix = "✖ Cancelled: " if view.cancelled else ""
    return f"{prefix}{view.format.label}, {when}.{place}"


def signed_text(signed_at: datetime | None) -> str:
    """Return the Agreement to Mediate's state in words."""
    return NOT_SIGNED if signed_at is None else f"✓ Signed on {format_datetime(signed_at)}."


class MeetingTab(QWidget):
    """Schedule the meeting, invite people, and record the Agreement to Mediate."""

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
        self._meetings: list[MeetingView] = []

        self.meeting_combo = named_combo("Meeting")
        self.meeting_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.meeting_label = QLabel("Meeting &on:")
        self.meeting_label.setBuddy(self.meeting_combo)
        self.summary_label = QLabel(NO_MEETING)
        self.summary_label.setAccessibleName("The meeting")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.schedule_button = button("&Schedule a meeting…", self.schedule_meeting)
        self.change_button = button("Change the da&y, time or place…", self.change_meeting)
        self.cancel_button = button("Ca&ncel the meeting", self.toggle_cancelled)
        self.scheduling_findings = FindingsLabel("Date, place and notice", SCHEDULING_CLEAR)
        self.attendees = AttendeesPanel(self._intake, case_id)
        self.signed_label = QLabel(NOT_SIGNED)
        self.signed_label.setAccessibleName("Agreement to Mediate")
        self.sign_button = button("&Record as signed now", self.record_signed)
        self.unsign_button = button("Mar&k as not signed", self.clear_signed)

        meeting_box = QGroupBox("The meeting")
        chooser = QHBoxLayout()
        chooser.addWidget(self.meeting_label)
        chooser.addWidget(self.meeting_combo)
        chooser.addStretch(1)
        meeting = QVBoxLayout(meeting_box)
        meeting.addLayout(chooser)
        meeting.addWidget(self.summary_label)
        meeting.addLayout(button_row(self.schedule_button, self.change_button, self.cancel_button))
        meeting.addWidget(QLabel("Date, place and notice (R4, R5):"))
        meeting.addWidget(self.scheduling_findings)
        invited_box = QGroupBox("Who attends")
        QVBoxLayout(invited_box).addWidget(self.attendees)
        agreement_box = QGroupBox("Agreement to Mediate")
        agreement = QHBoxLayout(agreement_box)
        agreement.addWidget(self.signed_label, 1)
        agreement.addWidget(self.sign_button)
        agreement.addWidget(self.unsign_button)
        layout = QVBoxLayout(self)
        layout.addWidget(meeting_box)
        layout.addWidget(invited_box, 1)
        layout.addWidget(agreement_box)
        self.meeting_combo.currentIndexChanged.connect(self._meeting_chosen)
        self.attendees.changed.connect(self._saved)
        self.refresh()

    def refresh(self) -> None:
        """Reload the meetings, their checks, the invitations and the agreement."""
        loaded = fetch(
            self,
            lambda: (
                self._intake.meetings(self._case_id),
                self._intake.scheduling_findings(self._case_id),
                self._intake.agreement_to_mediate_signed_at(self._case_id),
            ),
        )
        if loaded is None:
            return
        self._meetings, findings, signed_at = loaded
        shown = self.meeting_combo.currentData()
        if shown not in {m.id for m in self._meetings}:
            shown = next((m.id for m in self._meetings if not m.cancelled), None)
        self.meeting_combo.blockSignals(True)
        self.meeting_combo.clear()
        for view in self._meetings:
            self.meeting_combo.addItem(meeting_title(view), view.id)
        if self._meetings:
            self.meeting_combo.setCurrentIndex(max(self.meeting_combo.findData(shown), 0))
        self.meeting_combo.blockSignals(False)
        self.scheduling_findings.show_findings(findings)
        self.signed_label.setText(signed_text(signed_at))
        self.unsign_button.setEnabled(signed_at is not None)
        self._meeting_chosen()

    def meetings(self) -> list[MeetingView]:
        """Return the case's meetings, the earliest first."""
        return list(self._meetings)

    def current_meeting(self) -> MeetingView | None:
        """Return the meeting chosen in the list."""
        chosen = self.meeting_combo.currentData()
        return next((m for m in self._meetings if m.id == chosen), None)

    def schedule_meeting(self) -> bool:
        """Ask for a new meeting and schedule it."""
        added: list[int] = []

        def save(entry: MeetingEntry) -> None:
            added.append(self._intake.schedule_meeting(self._case_id, entry))

        if not save_through_dialog(self, self._ask, save):
            return False
        self.refresh()
        self.meeting_combo.setCurrentIndex(self.meeting_combo.findData(added[0]))
        self.changed.emit()
        return True

    def change_meeting(self) -> bool:
        """Ask for changes to the chosen meeting and store them."""
        view = self.current_meeting()
        if view is None or view.start is None:
            return False
        entry = MeetingEntry(
            format=view.format,
            venue=view.venue,
            video_link=view.video_link,
            start=view.start,
            end=view.end,
        )

        def save(changed: MeetingEntry) -> None:
            self._intake.update_meeting(view.id, changed)

        if not save_through_dialog(self, self._ask, save, entry):
            return False
        self._saved()
        return True

    def toggle_cancelled(self) -> bool:
        """Cancel the chosen meeting, or reinstate it if it is cancelled (it can be undone)."""
        view = self.current_meeting()
        if view is None:
            return False
        action = self._intake.reinstate_meeting if view.cancelled else self._intake.cancel_meeting
        if not attempt(self, lambda: action(view.id)):
            return False
        self._saved()
        return True

    def record_signed(self) -> bool:
        """Record the Agreement to Mediate as signed at this moment."""
        moment = datetime.now(UTC)
        if not attempt(
            self, lambda: self._intake.record_agreement_to_mediate(self._case_id, moment)
        ):
            return False
        self._saved()
        return True

    def clear_signed(self) -> bool:
        """Ask first, then record that the Agreement to Mediate is not signed after all."""
        question = (
            "Record the Agreement to Mediate as not signed?\n\n"
            "The time it was recorded as signed will be forgotten."
        )
        if not confirm(self, "Agreement to Mediate", question, "Mark as not signed"):
            return False
        if not attempt(self, lambda: self._intake.clear_agreement_to_mediate(self._case_id)):
            return False
        self._saved()
        return True

    def _ask(
        self, entry: MeetingEntry | None, problems: Sequence[str]
    ) -> tuple[MeetingEntry | None, bool]:
        return MeetingDialog.ask(self, entry, problems=problems)

    def _saved(self) -> None:
        self.refresh()
        self.changed.emit()

    def _meeting_chosen(self) -> None:
        view = self.current_meeting()
        has_any = bool(self._meetings)
        self.meeting_label.setVisible(has_any)
        self.meeting_combo.setVisible(has_any)
        self.summary_label.setText(meeting_text(view) if view else NO_MEETING)
        self.schedule_button.setText(
            "&Schedule another meeting…" if has_any else "&Schedule a meeting…"
        )
        self.change_button.setEnabled(view is not None and not view.cancelled)
        self.cancel_button.setEnabled(view is not None)
        self.cancel_button.setText(
            "Rei&nstate the meeting" if view and view.cancelled else "Ca&ncel the meeting"
        )
        if view is None:
            self.attendees.show_meeting(None, False, [], [], [])
            return
        loaded = fetch(
            self,
            lambda: (
                self._intake.attendees(view.id),
                self._intake.participants(self._case_id),
                self._intake.attendance_findings(self._case_id, view.id),
            ),
        )
        if loaded is not None:
            self.attendees.show_meeting(view.id, view.cancelled, *loaded)
