"""Read and write the key dates of one case: its clock row, its decision and its meeting day."""

from __future__ import annotations

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sendmed_desktop.domain.vocabulary import Ground, MeetingFormat
from sendmed_desktop.storage.clock_repository import ENGLAND
from sendmed_desktop.storage.models import Case, DisputedDecision, Meeting, StatutoryDates, utc_now

# A meeting first given only a day starts at 10:00 in England until its time is set.
DEFAULT_MEETING_TIME = time(10, 0)


def _on_day(moment: datetime, day: date) -> datetime:
    """Return ``moment`` moved to ``day``, keeping its wall-clock time in England."""
    local = moment.astimezone(ENGLAND)
    return datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=ENGLAND)


class KeyDatesRepository:
    """The rows behind a case's key dates, read and changed through one session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def case(self, case_id: int) -> Case | None:
        """Return the case, or None if it does not exist."""
        return self._session.get(Case, case_id)

    def clock(self, case_id: int) -> StatutoryDates | None:
        """Return the case's clock row, if it has one."""
        return self._session.get(StatutoryDates, case_id)

    def clock_for_update(self, case_id: int) -> StatutoryDates:
        """Return the case's clock row, adding an empty one if there is none."""
        row = self.clock(case_id)
        if row is None:
            row = StatutoryDates(case_id=case_id, shorter_notice_agreed=False)
            self._session.add(row)
        return row

    def decision(self, case_id: int) -> DisputedDecision | None:
        """Return the decision under dispute, if it has been recorded."""
        query = sa.select(DisputedDecision).where(DisputedDecision.case_id == case_id)
        return self._session.execute(query).scalar_one_or_none()

    def decision_for_update(self, case_id: int, ground: Ground) -> DisputedDecision:
        """Return the decision under dispute, recording one on ``ground`` if there is none."""
        row = self.decision(case_id)
        if row is None:
            row = DisputedDecision(case_id=case_id, ground=ground, summary="")
            self._session.add(row)
        return row

    def _first_meeting(self, case_id: int) -> Meeting | None:
        # The earliest dated meeting that is not cancelled; else one not yet given a date.
        query = (
            sa.select(Meeting)
            .where(Meeting.case_id == case_id, Meeting.cancelled.is_(False))
            .order_by(
                Meeting.scheduled_start.is_(None), Meeting.scheduled_start.asc(), Meeting.id.asc()
            )
            .limit(1)
        )
        return self._session.execute(query).scalar_one_or_none()

    def meeting_date(self, case_id: int) -> date | None:
        """Return the day in England of the case's first meeting that is not cancelled."""
        meeting = self._first_meeting(case_id)
        if meeting is None or meeting.scheduled_start is None:
            return None
        return meeting.scheduled_start.astimezone(ENGLAND).date()

    def set_meeting_date(self, case_id: int, day: date | None) -> None:
        """Move the first meeting to ``day`` keeping its time, or add one at 10:00.

        ``None`` clears the date of the first meeting (it stays, with no date fixed).
        """
        meeting = self._first_meeting(case_id)
        if day is None:
            if meeting is not None:
                meeting.scheduled_start = meeting.scheduled_end = None
            return
        if meeting is None:
            meeting = Meeting(case_id=case_id, format=MeetingFormat.IN_PERSON, cancelled=False)
            self._session.add(meeting)
        old_start = meeting.scheduled_start
        if old_start is None:
            meeting.scheduled_start = datetime.combine(day, DEFAULT_MEETING_TIME, tzinfo=ENGLAND)
            meeting.scheduled_end = None
            return
        meeting.scheduled_start = _on_day(old_start, day)
        if meeting.scheduled_end is not None:
            shift = day - old_start.astimezone(ENGLAND).date()
            end = meeting.scheduled_end.astimezone(ENGLAND)
            meeting.scheduled_end = _on_day(meeting.scheduled_end, end.date() + shift)

    def touch_case(self, case: Case) -> None:
        """Mark the case as changed now, so the case list shows it as recently changed."""
        case.updated_at = utc_now()
        self._session.flush()
