"""Who is invited to one meeting, with authority to settle and consent to attend (reg 38)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.parties import Finding
from sendmed_desktop.domain.vocabulary import Role
from sendmed_desktop.services.intake import AttendeeView, IntakeService, ParticipantView
from sendmed_desktop.ui.widgets.preparation_common import (
    FindingsLabel,
    attempt,
    button,
    button_row,
    confirm,
    fit_columns,
    record_table,
)
from sendmed_desktop.ui.widgets.preparation_fields import (
    person_label,
)

HEADERS = (
    "Name",
    "Role",
    "Organisation",
    "Authority to settle",
    "Consent to attend",
    "Joins remotely",
)
NAME, ROLE, ORGANISATION, AUTHORITY, CONSENT, REMOTE = range(len(HEADERS))
YES, NO, NOT_CONFIRMED, NOT_NEEDED = "Yes", "No", "Not confirmed", "Not needed"
EVERY_PARTY = "All the parties not yet invited"
HOW_TO_TICK = (
    "Move to a cell with the arrow keys and press Space: Not confirmed → Yes → No. "
    "Authority to settle applies to local authority and ICB officers; parties need no consent."
)
ALL_CLEAR = "Everyone who must attend is invited, and authority and consent are recorded."
_SETTLING = frozenset({Role.LA_OFFICER, Role.ICB_OFFICER})
_STATES = {True: Qt.CheckState.Checked, False: Qt.CheckState.Unchecked}


def _state_of(value: bool | None) -> Qt.CheckState:
    return Qt.CheckState.PartiallyChecked if value is None else _STATES[value]


def _value_of(state: Qt.CheckState) -> bool | None:
    if state == Qt.CheckState.PartiallyChecked:
        return None
    return state == Qt.CheckState.Checked


def _answer(value: bool | None) -> str:
    return NOT_CONFIRMED if value is None else (YES if value else NO)


def attends_as_party(view: AttendeeView) -> bool:
    """Tell whether someone attends as of right for a party, needing nobody's consent."""
    return view.is_party or view.role in _SETTLING


class AttendeesPanel(QWidget):
    """Invite people to one meeting and record what is confirmed about them."""

    changed = Signal()

    def __init__(self, intake: IntakeService, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._intake = intake
        self._case_id = case_id
        self._meeting_id: int | None = None
        self._attendees: list[AttendeeView] = []
        self._people: list[ParticipantView] = []
        self._filling = False

        self.table = record_table("Who is invited", HEADERS, stretch=ORGANISATION)
        # Cells, not rows: each answer is ticked on its own with Space.
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        heading = QLabel("&Who is invited:")
        heading.setBuddy(self.table)
        hint = QLabel(HOW_TO_TICK)
        hint.setWordWrap(True)
        self.invite_menu = QMenu(self)
        self.invite_menu.aboutToShow.connect(self._fill_invite_menu)
        self.invite_button = QPushButton("Invi&te")
        self.invite_button.setAutoDefault(False)
        self.invite_button.setMenu(self.invite_menu)
        self.uninvite_button = button("&Uninvite…", self.uninvite_current)
        self.findings = FindingsLabel("Who may attend", ALL_CLEAR)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addLayout(button_row(self.invite_button, self.uninvite_button))
        layout.addWidget(QLabel("Who may attend (reg 38):"))
        layout.addWidget(self.findings)
        self.table.itemChanged.connect(self._answer_changed)
        self.table.currentCellChanged.connect(lambda *_cells: self._enable())

    def show_meeting(
        self,
        meeting_id: int | None,
        cancelled: bool,
        attendees: Sequence[AttendeeView],
        people: Sequence[ParticipantView],
        findings: Sequence[Finding],
    ) -> None:
        """Show one meeting's invitations (``meeting_id`` None: no meeting yet)."""
        current = self.current_attendee()
        column = max(self.table.currentColumn(), 0)
        self._meeting_id = None if cancelled else meeting_id
        self._attendees = list(attendees)
        self._people = list(people)
        self._filling = True
        try:
            self.table.setRowCount(0)
            for row, view in enumerate(self._attendees):
                self.table.insertRow(row)
                self._fill_row(row, view)
        finally:
            self._filling = False
        fit_columns(self.table)
        self.findings.show_findings(findings)
        if current is not None:
            for row, view in enumerate(self._attendees):
                if view.id == current.id:
                    self.table.setCurrentCell(row, column)
        self._enable()

    def attendees(self) -> list[AttendeeView]:
        """Return the invitations shown."""
        return list(self._attendees)

    def current_attendee(self) -> AttendeeView | None:
        """Return the invitation in the table's current row."""
        row = self.table.currentRow()
        return self._attendees[row] if 0 <= row < len(self._attendees) else None

    def row_of(self, participant_id: int) -> int:
        """Return the table row of someone's invitation, or -1."""
        ids = [a.participant_id for a in self._attendees]
        return ids.index(participant_id) if participant_id in ids else -1

    def uninvited(self) -> list[ParticipantView]:
        """Return the people in the case not yet invited."""
        invited = {a.participant_id for a in self._attendees}
        return [p for p in self._people if p.id not in invited]

    def invite(self, participant_ids: Sequence[int]) -> bool:
        """Invite people to the meeting shown; return whether all were invited."""
        meeting_id = self._meeting_id
        if meeting_id is None or not participant_ids:
            return False
        done = all(
            attempt(self, lambda pid=pid: self._intake.invite(meeting_id, pid))
            for pid in participant_ids
        )
        self.changed.emit()
        return done

    def uninvite_current(self) -> bool:
        """Ask first, then withdraw the current row's invitation."""
        view = self.current_attendee()
        if view is None:
            return False
        question = (
            f"Withdraw {view.full_name}'s invitation to this meeting?\n\n"
            "What is recorded about their authority, consent and remote joining goes with it."
        )
        if not confirm(self, "Uninvite", question, f"Uninvite {view.full_name}"):
            return False
        if not attempt(self, lambda: self._intake.uninvite(view.id)):
            return False
        self.changed.emit()
        return True

    def _fill_row(self, row: int, view: AttendeeView) -> None:
        self._put(row, NAME, view.full_name)
        self._put(row, ROLE, view.role.label)
        self._put(row, ORGANISATION, view.organisation or "")
        if view.role in _SETTLING:
            self._put_check(row, AUTHORITY, view.authority_to_settle, tristate=True)
        else:
            self._put(row, AUTHORITY, NOT_NEEDED)
        if attends_as_party(view):
            self._put(row, CONSENT, f"{NOT_NEEDED} (party)")
        else:
            self._put_check(row, CONSENT, view.consent_to_attend, tristate=True)
        self._put_check(row, REMOTE, view.joins_remotely, tristate=False)

    def _put(self, row: int, column: int, text: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setToolTip(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        self.table.setItem(row, column, item)
        return item

    def _put_check(self, row: int, column: int, value: bool | None, *, tristate: bool) -> None:
        item = self._put(row, column, _answer(value))
        flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
        if tristate:
            flags |= Qt.ItemFlag.ItemIsUserTristate
        item.setFlags(flags)
        item.setCheckState(_state_of(value))

    def _answer_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() not in (AUTHORITY, CONSENT, REMOTE):
            return
        view = self._attendees[item.row()]

        def answer(column: int, current: bool | None) -> bool | None:
            cell = self.table.item(item.row(), column)
            if cell is None or not cell.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                return current
            return _value_of(cell.checkState())

        authority = answer(AUTHORITY, view.authority_to_settle)
        consent = answer(CONSENT, view.consent_to_attend)
        remote = bool(answer(REMOTE, view.joins_remotely))
        saved = attempt(
            self,
            lambda: self._intake.set_attendance(
                view.id,
                authority_to_settle=authority if view.role in _SETTLING else None,
                consent_to_attend=consent,
                joins_remotely=remote,
            ),
        )
        if saved:
            self.changed.emit()  # the owner reloads the table and the findings
        else:
            self._restore(item.row(), view)

    def _restore(self, row: int, view: AttendeeView) -> None:
        self._filling = True
        try:
            self._fill_row(row, view)
        finally:
            self._filling = False

    def _fill_invite_menu(self) -> None:
        self.invite_menu.clear()
        waiting = self.uninvited()
        parties = [p.id for p in waiting if p.is_party]
        for view in waiting:
            action = self.invite_menu.addAction(person_label(view))
            action.triggered.connect(lambda _checked=False, pid=view.id: self.invite([pid]))
        if len(parties) > 1:
            self.invite_menu.addSeparator()
            every = self.invite_menu.addAction(EVERY_PARTY)
            every.triggered.connect(lambda _checked=False: self.invite(parties))
        if not waiting:
            self.invite_menu.addAction("Everyone in the case is invited").setEnabled(False)

    def _enable(self) -> None:
        open_meeting = self._meeting_id is not None
        self.invite_button.setEnabled(open_meeting)
        self.uninvite_button.setEnabled(open_meeting and self.current_attendee() is not None)
        self.table.setEnabled(open_meeting or bool(self._attendees))
