"""Stage 2, Opening: introductions, the authority check, and the Agreement to Mediate signed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.vocabulary import Role, Stage
from sendmed_desktop.services.intake import AttendeeView, IntakeService
from sendmed_desktop.ui.formatting import format_datetime
from sendmed_desktop.ui.pages.stage_page import StagePage
from sendmed_desktop.ui.tasks import show_error

SETTLING_ROLES = frozenset({Role.LA_OFFICER, Role.ICB_OFFICER})
NO_MEETING = (
    "No meeting is scheduled, so no one is listed as attending. Schedule it at "
    "Preparation, on the Meeting tab, and invite the people who are coming."
)
NOBODY_INVITED = "No one is invited to the meeting yet: invite people at Preparation → Meeting."
CONFIRM_AUTHORITY = "Confirm authority"
NOT_SIGNED = "The Agreement to Mediate is not recorded as signed."
_HEADERS = ("Attending", "Consent to attend", "Authority to settle", "")
# Enough room for a handful of attendees before the list scrolls.
_ROWS_SHOWN = 5


def consent_text(view: AttendeeView) -> str:
    """Return whether someone may attend, in words with a symbol."""
    if view.is_party or view.role in SETTLING_ROLES:
        return "Attends as a party"
    if view.consent_to_attend is True:
        return "✓ Consent recorded"
    if view.consent_to_attend is False:
        return "✗ No consent: should not attend"
    return "⚠ Consent not recorded"


def authority_text(view: AttendeeView) -> str:
    """Return an LA or ICB officer's authority to settle, in words with a symbol."""
    if view.authority_to_settle is True:
        return "✓ Confirmed"
    if view.authority_to_settle is False:
        return "✗ Recorded as not having authority"
    return "⚠ Not confirmed"


def attendee_text(view: AttendeeView) -> str:
    """Return "Priya Natarajan, Local authority officer (Northshire County Council)"."""
    where = f" ({view.organisation})" if view.organisation else ""
    return f"{view.full_name}, {view.role.label}{where}"


class OpeningStagePage(StagePage):
    """Check who is here and their authority; record the Agreement to Mediate; take notes."""

    stage = Stage.OPENING
    uses_notes = True
    hint = (
        "Introduce everyone, check that each local authority and ICB officer can settle the "
        "issues (reg 38), explain confidentiality and its safeguarding exception, and have "
        "the Agreement to Mediate signed."
    )

    def build(self) -> None:
        self._intake = IntakeService(self.context.workspace)
        self.attendees: list[AttendeeView] = []
        self.authority_boxes: dict[int, QCheckBox] = {}

        self.attendance_label = QLabel()
        self.attendance_label.setWordWrap(True)
        self._grid_holder = QWidget()
        self._grid = QGridLayout(self._grid_holder)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(18)
        self._scroll = scroll = QScrollArea()
        scroll.setWidget(self._grid_holder)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.signed_label = QLabel(NOT_SIGNED)
        self.signed_label.setObjectName("agreementToMediate")
        self.signed_label.setWordWrap(True)
        self.sign_button = QPushButton("Agreement to &Mediate signed now")
        self.sign_button.setToolTip("Record that everyone signed the Agreement to Mediate just now")
        self.sign_button.clicked.connect(self.record_signed)
        self.clear_button = QPushButton("Mar&k as not signed")
        self.clear_button.setToolTip("Record that the Agreement to Mediate is not signed after all")
        self.clear_button.clicked.connect(self.clear_signed)
        signing = QHBoxLayout()
        signing.addWidget(self.signed_label, 1)
        signing.addWidget(self.sign_button)
        signing.addWidget(self.clear_button)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.attendance_label)
        top_layout.addWidget(scroll, 1)
        top_layout.addLayout(signing)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(self.make_notes_holder())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self.body.addWidget(splitter, 1)
        self.refresh()

    # -- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        case_id = self.context.case_id
        try:
            meetings = [m for m in self._intake.meetings(case_id) if not m.cancelled]
            attendees = self._intake.attendees(meetings[0].id) if meetings else []
            signed_at = self._intake.agreement_to_mediate_signed_at(case_id)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return
        self.attendees = attendees
        if not meetings:
            self.attendance_label.setText(NO_MEETING)
        elif not attendees:
            self.attendance_label.setText(NOBODY_INVITED)
        else:
            self.attendance_label.setText(
                "Who is attending, and whether each may attend and can settle (reg 38):"
            )
        self._fill_grid()
        self._show_signed(signed_at)

    def _fill_grid(self) -> None:
        focused = next((k for k, box in self.authority_boxes.items() if box.hasFocus()), None)
        while self._grid.count():
            taken = self._grid.takeAt(0)
            if taken is not None and taken.widget() is not None:
                taken.widget().hide()
                taken.widget().deleteLater()
        self.authority_boxes = {}
        if not self.attendees:
            return
        for column, text in enumerate(_HEADERS):
            heading = QLabel(f"<b>{text}</b>")
            self._grid.addWidget(heading, 0, column)
        for row, view in enumerate(self.attendees, start=1):
            self._grid.addWidget(_selectable(attendee_text(view)), row, 0)
            self._grid.addWidget(_selectable(consent_text(view)), row, 1)
            if view.role not in SETTLING_ROLES:
                self._grid.addWidget(_selectable("Not needed"), row, 2)
                continue
            self._grid.addWidget(_selectable(authority_text(view)), row, 2)
            box = QCheckBox(CONFIRM_AUTHORITY)
            box.setObjectName(f"authority:{view.id}")
            box.setAccessibleName(f"{CONFIRM_AUTHORITY} to settle for {view.full_name}")
            box.setChecked(view.authority_to_settle is True)
            box.toggled.connect(lambda ticked, v=view: self.set_authority(v, ticked))
            self._grid.addWidget(box, row, 3)
            self.authority_boxes[view.id] = box
        self._grid.setColumnStretch(0, 4)
        self._grid.setColumnStretch(1, 2)
        self._grid.setColumnStretch(2, 3)
        self._grid.setColumnStretch(3, 2)
        self._grid.setRowStretch(len(self.attendees) + 1, 1)
        rows = min(len(self.attendees), _ROWS_SHOWN) + 1
        line = self._grid_holder.fontMetrics().lineSpacing() + self._grid.verticalSpacing() + 4
        self._scroll.setMinimumHeight(rows * line)
        if focused in self.authority_boxes:
            self.authority_boxes[focused].setFocus()

    def _show_signed(self, signed_at: datetime | None) -> None:
        if signed_at is None:
            self.signed_label.setText(NOT_SIGNED)
        else:
            self.signed_label.setText(
                f"✓ The Agreement to Mediate was signed {format_datetime(signed_at)}."
            )
        self.sign_button.setEnabled(signed_at is None)
        self.clear_button.setVisible(signed_at is not None)

    # -- writing -------------------------------------------------------------------------------

    def set_authority(self, view: AttendeeView, confirmed: bool) -> bool:
        """Record that an LA or ICB officer can (or is not yet known to) settle."""
        return self._store(
            lambda: self._intake.set_attendance(
                view.id,
                # Unticking goes back to "not confirmed", not to "has no authority".
                authority_to_settle=True if confirmed else None,
                consent_to_attend=view.consent_to_attend,
                joins_remotely=view.joins_remotely,
            )
        )

    def record_signed(self) -> bool:
        """Record that the Agreement to Mediate was signed just now."""
        return self._store(
            lambda: self._intake.record_agreement_to_mediate(
                self.context.case_id, datetime.now(UTC)
            )
        )

    def clear_signed(self) -> bool:
        """Record that the Agreement to Mediate is not signed after all."""
        stored = self._store(lambda: self._intake.clear_agreement_to_mediate(self.context.case_id))
        if stored:
            self.sign_button.setFocus()
        return stored

    def _store(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            self.refresh()
            return False
        self.refresh()
        self.changed.emit()
        return True


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
