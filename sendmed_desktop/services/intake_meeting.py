"""Scheduling the meeting: format, place, times, the checks on them, and the Agreement to Mediate.

The key dates (the meeting day on the timeline, notice given, the family's decision) belong
to the key-dates service; this one reads the notice dates only, to check the meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sendmed_desktop.domain.parties import Finding, Severity
from sendmed_desktop.domain.scheduling import (
    MeetingPlan,
    StatutoryContext,
    arrangement_findings,
    timing_findings,
)
from sendmed_desktop.domain.timeline import TimelineSettings
from sendmed_desktop.domain.vocabulary import MeetingFormat
from sendmed_desktop.services.intake_base import (
    IntakeBase,
    case_of,
    cleaned,
    found,
    is_aware,
    now,
    refuse,
    refuse_if,
    today,
)
from sendmed_desktop.services.timeline import timeline_settings
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.clock_repository import ENGLAND
from sendmed_desktop.storage.intake_repository import IntakeRepository
from sendmed_desktop.storage.models import Meeting, StatutoryDates

# A mediation is a day's work at most; a longer span is almost certainly a typing slip.
LONGEST_MEETING = timedelta(hours=12)
_LINK_SCHEMES = ("https://", "http://")


@dataclass(frozen=True, kw_only=True)
class MeetingEntry:
    """When and how a meeting is held, as the mediator enters it."""

    format: MeetingFormat
    venue: str | None = None
    video_link: str | None = None
    start: datetime
    end: datetime | None = None

    def problems(self) -> list[str]:
        """Return what is wrong with the entry, in the mediator's words."""
        if not is_aware(self.start) or (self.end is not None and not is_aware(self.end)):
            # A programming slip, not the mediator's: a naive time cannot be placed in UTC.
            return ["The meeting's times have no time zone."]
        problems = []
        if self.end is not None and self.end <= self.start:
            problems.append("The meeting must end after it starts.")
        elif self.end is not None and self.end - self.start > LONGEST_MEETING:
            problems.append("The meeting is longer than 12 hours: check the start and end times.")
        link = cleaned(self.video_link)
        if link is not None and not link.lower().startswith(_LINK_SCHEMES):
            problems.append(
                "The video link should start with https:// — copy it from the invitation."
            )
        return problems


@dataclass(frozen=True)
class MeetingView:
    """One meeting as scheduled (and, once held, when it started and ended)."""

    id: int
    format: MeetingFormat
    venue: str | None
    video_link: str | None
    start: datetime | None
    end: datetime | None
    cancelled: bool
    started_at: datetime | None
    ended_at: datetime | None

    @property
    def day(self) -> date | None:
        """Return the meeting's day in England, the day the statutory clock counts."""
        return None if self.start is None else self.start.astimezone(ENGLAND).date()


class MeetingIntake(IntakeBase):
    """Schedule, change and cancel meetings, check them, and record the Agreement to Mediate."""

    def schedule_meeting(self, case_id: int, entry: MeetingEntry) -> int:
        """Check and store a new meeting; return its id."""
        refuse_if(entry.problems())
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            case = case_of(repository, case_id)
            row = Meeting(case_id=case_id, format=entry.format, cancelled=False)
            _store_meeting(entry, row)
            repository.add(row)
            repository.touch(case)
            audit.record(session, "schedule", "meeting", row.id, detail=f"case {case_id}")
            return row.id

    def update_meeting(self, meeting_id: int, entry: MeetingEntry) -> None:
        """Check and store changes to a meeting that is not cancelled."""
        refuse_if(entry.problems())
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            row = found(repository.meeting(meeting_id), "This meeting")
            if row.cancelled:
                refuse("This meeting is cancelled: reinstate it before changing it.")
            _store_meeting(entry, row)
            repository.touch(case_of(repository, row.case_id))
            audit.record(session, "update", "meeting", meeting_id, detail=f"case {row.case_id}")

    def cancel_meeting(self, meeting_id: int) -> None:
        """Mark a meeting as cancelled; it stays on record and can be reinstated."""
        self._set_cancelled(meeting_id, cancelled=True)

    def reinstate_meeting(self, meeting_id: int) -> None:
        """Undo cancelling a meeting."""
        self._set_cancelled(meeting_id, cancelled=False)

    def _set_cancelled(self, meeting_id: int, *, cancelled: bool) -> None:
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            row = found(repository.meeting(meeting_id), "This meeting")
            row.cancelled = cancelled
            repository.touch(case_of(repository, row.case_id))
            action = "cancel" if cancelled else "reinstate"
            audit.record(session, action, "meeting", meeting_id, detail=f"case {row.case_id}")

    def meetings(self, case_id: int) -> list[MeetingView]:
        """Return the case's meetings, the earliest first, cancelled ones included."""
        with self._workspace.transaction() as session:
            return [_meeting_view(row) for row in IntakeRepository(session).meetings(case_id)]

    def scheduling_findings(self, case_id: int, on: date | None = None) -> list[Finding]:
        """Check every meeting's day and place, and the first meeting's notice and timing.

        The statutory checks (R4, R5) apply to the first meeting that is not cancelled, the
        one the key dates track, and stop once the meeting is recorded as held.
        """
        settings = timeline_settings(self._workspace)
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            case = case_of(repository, case_id)
            clock = repository.clock(case_id)
            plans = [
                _plan(row)
                for row in repository.meetings(case_id)
                if not row.cancelled and row.scheduled_start is not None
            ]
            health_only = case.health_only
        if not plans:
            return [
                Finding(
                    "scheduling.no_meeting", "No meeting is scheduled yet.", Severity.INFORMATION
                )
            ]
        found_here = [f for plan in plans for f in arrangement_findings(plan, settings.calendar)]
        if clock is not None and clock.meeting_held_on is not None:
            return found_here
        context = _context(clock, health_only=health_only, settings=settings)
        return found_here + timing_findings(plans[0], context, on or today())

    def record_agreement_to_mediate(self, case_id: int, signed_at: datetime) -> None:
        """Record when the Agreement to Mediate was signed."""
        if not is_aware(signed_at):
            refuse("The time of signing has no time zone.")
        if signed_at > now():
            refuse("The Agreement to Mediate cannot be signed in the future.")
        self._set_agreement(case_id, signed_at)

    def clear_agreement_to_mediate(self, case_id: int) -> None:
        """Record that the Agreement to Mediate is not signed after all."""
        self._set_agreement(case_id, None)

    def agreement_to_mediate_signed_at(self, case_id: int) -> datetime | None:
        """Return when the Agreement to Mediate was signed, or None if it is not."""
        with self._workspace.transaction() as session:
            return case_of(IntakeRepository(session), case_id).agreement_to_mediate_signed_at

    def _set_agreement(self, case_id: int, signed_at: datetime | None) -> None:
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            case = case_of(repository, case_id)
            case.agreement_to_mediate_signed_at = signed_at
            repository.touch(case)
            action = "clear" if signed_at is None else "record"
            audit.record(session, action, "agreement_to_mediate", case_id, detail=f"case {case_id}")


def _context(
    clock: StatutoryDates | None, *, health_only: bool, settings: TimelineSettings
) -> StatutoryContext:
    """Gather what the meeting is checked against from the case's dates and the settings."""
    clock = clock or StatutoryDates()
    # For health-only mediation the 30 days run from the local authority telling the ICB.
    trigger = clock.icb_notified_on if health_only else clock.la_informed_on
    return StatutoryContext(
        notice_given_on=clock.notice_given_on,
        shorter_notice_agreed=bool(clock.shorter_notice_agreed),
        la_informed_on=trigger,
        health_only=health_only,
        reading=settings.mediation_reading,
        calendar=settings.calendar,
    )


def _store_meeting(entry: MeetingEntry, row: Meeting) -> None:
    row.format = entry.format
    row.venue = cleaned(entry.venue)
    row.video_link = cleaned(entry.video_link)
    row.scheduled_start = entry.start
    row.scheduled_end = entry.end


def _meeting_view(row: Meeting) -> MeetingView:
    return MeetingView(
        id=row.id,
        format=row.format,
        venue=row.venue,
        video_link=row.video_link,
        start=row.scheduled_start,
        end=row.scheduled_end,
        cancelled=row.cancelled,
        started_at=row.started_at,
        ended_at=row.ended_at,
    )


def _plan(row: Meeting) -> MeetingPlan:
    start = row.scheduled_start
    if start is None:  # pragma: no cover - callers pass dated meetings only
        raise ValueError("an undated meeting has no plan")
    return MeetingPlan(
        meeting_id=row.id,
        day=start.astimezone(ENGLAND).date(),
        format=row.format,
        venue=row.venue,
        video_link=row.video_link,
    )
