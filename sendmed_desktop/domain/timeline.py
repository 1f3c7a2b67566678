"""A case's statutory timeline: the deadlines that apply to its dates, and where each stands.

Pure: it takes the case's dates as plain data and the statutory clock's rules, and
returns entries the GUI draws and the "due soon" list sorts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sendmed_desktop.domain import timescales
from sendmed_desktop.domain.timescales import Counting, Deadline, MediationReading, WorkingCalendar
from sendmed_desktop.domain.vocabulary import CertificateKind, FamilyDecision

# "This week": what the due-soon list shows ahead of time.
SOON_WORKING_DAYS = 5
SOON_CALENDAR_DAYS = 7


class DeadlineStatus(StrEnum):
    """Where one deadline stands; the GUI shows the label and a symbol, not colour alone."""

    DONE = "done"
    DUE = "due"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    LATE = "late"  # done, but after the due date

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def symbol(self) -> str:
        return _STATUS_SYMBOLS[self]


_STATUS_LABELS = {
    DeadlineStatus.DONE: "Done",
    DeadlineStatus.DUE: "Due",
    DeadlineStatus.DUE_SOON: "Due soon",
    DeadlineStatus.OVERDUE: "Overdue",
    DeadlineStatus.LATE: "Done late",
}
_STATUS_SYMBOLS = {
    DeadlineStatus.DONE: "✓",
    DeadlineStatus.DUE: "○",
    DeadlineStatus.DUE_SOON: "◔",
    DeadlineStatus.OVERDUE: "⚠",
    DeadlineStatus.LATE: "✓!",
}
_URGENCY = {
    DeadlineStatus.OVERDUE: 0,
    DeadlineStatus.DUE_SOON: 1,
    DeadlineStatus.DUE: 2,
    DeadlineStatus.LATE: 3,
    DeadlineStatus.DONE: 4,
}


@dataclass(frozen=True)
class ActionDate:
    """An agreed action's due date, as the timeline needs it."""

    title: str
    due: date
    rule: str
    explanation: str
    completed_on: date | None = None


@dataclass(frozen=True)
class ClockFacts:
    """The dates of one case that the statutory clock runs from."""

    case_id: int
    reference: str
    decision_sent: date | None = None
    adviser_contacted_on: date | None = None
    family_decision: FamilyDecision | None = None
    adviser_told_of_decision_on: date | None = None
    la_informed_on: date | None = None
    health_in_scope: bool = False
    health_only: bool = False
    icb_notified_on: date | None = None
    la_told_adviser_not_possible_on: date | None = None
    meeting_date: date | None = None
    notice_given_on: date | None = None
    shorter_notice_agreed: bool = False
    meeting_held_on: date | None = None
    meeting_concluded_on: date | None = None
    certificates_issued: dict[CertificateKind, date] = field(default_factory=dict)
    actions: tuple[ActionDate, ...] = ()


@dataclass(frozen=True)
class TimelineEntry:
    """One deadline on a case's timeline, with its status today."""

    case_id: int
    reference: str
    deadline: Deadline
    status: DeadlineStatus
    days_left: int
    done_on: date | None = None
    for_family: bool = False

    @property
    def time_left(self) -> str:
        """Return the time left in the rule's own kind of days, in words."""
        if self.status in {DeadlineStatus.DONE, DeadlineStatus.LATE}:
            return "Done"
        unit = "working day" if self.deadline.counting is Counting.WORKING_DAYS else "day"
        count = abs(self.days_left)
        plural = "" if count == 1 else "s"
        if self.days_left == 0:
            return "Due today"
        if self.days_left < 0:
            return f"{count} {unit}{plural} overdue"
        return f"{count} {unit}{plural} left"

    def urgency(self) -> tuple[int, date]:
        """Return a sort key: overdue first, then the soonest date."""
        return (_URGENCY[self.status], self.deadline.due)


@dataclass(frozen=True)
class TimelineSettings:
    """The provider's choices that change how the clock reads."""

    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)
    mediation_reading: MediationReading = MediationReading.HELD


def build_timeline(
    facts: ClockFacts, today: date, settings: TimelineSettings | None = None
) -> list[TimelineEntry]:
    """Return every deadline that applies to the case, in date order."""
    settings = settings or TimelineSettings()
    cal = settings.calendar
    entries: list[TimelineEntry] = []

    def add(deadline: Deadline, done_on: date | None, *, for_family: bool = False) -> None:
        entries.append(_entry(facts, deadline, done_on, today, cal, for_family=for_family))

    issued = facts.certificates_issued
    if facts.decision_sent:
        add(
            timescales.adviser_contact_deadline(facts.decision_sent, calendar=cal),
            facts.adviser_contacted_on,
        )
    declined = facts.family_decision is FamilyDecision.DECLINE
    if declined and facts.adviser_told_of_decision_on:
        add(
            timescales.certificate_due_after_decline(
                facts.adviser_told_of_decision_on, calendar=cal
            ),
            issued.get(CertificateKind.DECLINED),
        )
    if facts.health_in_scope and facts.la_informed_on and not declined:
        add(
            timescales.icb_notification_due(facts.la_informed_on, calendar=cal),
            facts.icb_notified_on,
        )
    trigger = facts.icb_notified_on if facts.health_only else facts.la_informed_on
    if trigger and not declined:
        reached = facts.meeting_held_on
        if settings.mediation_reading is MediationReading.ARRANGED:
            reached = facts.notice_given_on or facts.meeting_held_on
        add(
            timescales.mediation_due(
                trigger,
                reading=settings.mediation_reading,
                health_only=facts.health_only,
                calendar=cal,
            ),
            reached,
        )
    if facts.meeting_date and not facts.meeting_held_on:
        deadline = timescales.latest_notice_date(facts.meeting_date, calendar=cal)
        notice_done = facts.notice_given_on
        if facts.shorter_notice_agreed:
            # With the family's consent, shorter notice is on time whenever it was given.
            deadline = _with_note(deadline, "The parent or young person agreed to shorter notice.")
            notice_done = min(notice_done or deadline.due, deadline.due)
        add(deadline, notice_done)
    if facts.la_told_adviser_not_possible_on:
        add(
            timescales.certificate_due_not_held(
                facts.la_told_adviser_not_possible_on, calendar=cal
            ),
            issued.get(CertificateKind.NOT_HELD),
        )
    if facts.meeting_concluded_on:
        add(
            timescales.certificate_due_after_mediation(facts.meeting_concluded_on, calendar=cal),
            issued.get(CertificateKind.AFTER_MEDIATION),
        )
    if facts.decision_sent:
        latest_certificate = max(issued.values(), default=None)
        add(
            timescales.appeal_deadline(facts.decision_sent, latest_certificate, calendar=cal),
            None,
            for_family=True,
        )
    for action in facts.actions:
        add(
            Deadline(
                rule=action.rule,
                title=action.title,
                due=action.due,
                explanation=action.explanation,
                counting=Counting.CALENDAR_DAYS,
            ),
            action.completed_on,
        )
    return sorted(entries, key=lambda entry: entry.deadline.due)


def due_soon(timelines: Iterable[list[TimelineEntry]]) -> list[TimelineEntry]:
    """Return what needs doing now across cases: overdue and due-soon, most urgent first."""
    wanted = {DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON}
    found = [
        entry
        for timeline in timelines
        for entry in timeline
        if entry.status in wanted and not entry.for_family
    ]
    return sorted(found, key=TimelineEntry.urgency)


def _entry(
    facts: ClockFacts,
    deadline: Deadline,
    done_on: date | None,
    today: date,
    cal: WorkingCalendar,
    *,
    for_family: bool,
) -> TimelineEntry:
    days_left = deadline.remaining(today, cal)
    if done_on is not None:
        status = DeadlineStatus.LATE if done_on > deadline.due else DeadlineStatus.DONE
    elif today > deadline.due:
        status = DeadlineStatus.OVERDUE
    else:
        soon = (
            SOON_WORKING_DAYS if deadline.counting is Counting.WORKING_DAYS else SOON_CALENDAR_DAYS
        )
        status = DeadlineStatus.DUE_SOON if days_left <= soon else DeadlineStatus.DUE
    return TimelineEntry(
        case_id=facts.case_id,
        reference=facts.reference,
        deadline=deadline,
        status=status,
        days_left=days_left,
        done_on=done_on,
        for_family=for_family,
    )


def _with_note(deadline: Deadline, note: str) -> Deadline:
    from dataclasses import replace

    return replace(deadline, explanation=f"{deadline.explanation} {note}")
