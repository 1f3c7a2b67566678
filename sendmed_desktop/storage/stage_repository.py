"""Read and write where a case is in its meeting: stage progress, the facts, the meeting clock."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sendmed_desktop.domain.stages import StageFacts
from sendmed_desktop.domain.vocabulary import (
    AgreementStatus,
    CaseStatus,
    CertificateKind,
    FamilyDecision,
    IssueOutcome,
    Role,
    Stage,
)
from sendmed_desktop.storage.clock_repository import ENGLAND
from sendmed_desktop.storage.models import (
    Agreement,
    Attendee,
    Case,
    CaseParticipant,
    Certificate,
    ChildViewsRecord,
    ContactLogEntry,
    MediationIssue,
    Meeting,
    MeetingBreak,
    Proposal,
    StageProgress,
    StatutoryDates,
)

_NEVER = datetime.max.replace(tzinfo=UTC)
_STAGE_ORDER = {stage: index for index, stage in enumerate(Stage)}
_OFFICER_ROLES = (Role.LA_OFFICER, Role.ICB_OFFICER)
# The sides that each need a pre-meeting call; the child is reached through the family.
_SIDES = {
    Role.PARENT_CARER: "family",
    Role.YOUNG_PERSON: "family",
    Role.ALTERNATIVE_PERSON: "family",
    Role.LA_OFFICER: "la",
    Role.ICB_OFFICER: "icb",
}


@dataclass(frozen=True)
class StoredStages:
    """Where a case stands in its meeting, and what was ticked and acknowledged per stage."""

    case_id: int
    status: CaseStatus
    current: Stage
    furthest: Stage
    agreement_to_mediate_signed: bool
    ticked: dict[Stage, frozenset[str]]
    acknowledged: dict[Stage, frozenset[str]]


@dataclass(frozen=True)
class MeetingClock:
    """The times of the meeting the timer runs on."""

    meeting_id: int
    started_at: datetime | None
    ended_at: datetime | None
    breaks: tuple[tuple[datetime, datetime | None], ...]

    @property
    def on_break(self) -> bool:
        """Return whether a break is running."""
        return any(end is None for _start, end in self.breaks)


@dataclass(frozen=True)
class _Counts:
    """The case's facts that one query can count, in the order it selects them."""

    child_views: bool
    issues: int
    not_agreed: int
    proposals: int
    agreement_signed: bool
    meeting_scheduled: bool
    certificate_issued: bool


def _keys_from_json(text: str) -> frozenset[str]:
    """Return the keys stored in a checklist (dict of key to true) or warnings (list) column."""
    try:
        value = json.loads(text or "null")
    except json.JSONDecodeError:
        return frozenset()
    if isinstance(value, dict):
        return frozenset(str(key) for key, done in value.items() if done)
    if isinstance(value, list):
        return frozenset(str(key) for key in value)
    return frozenset()


class StageRepository:
    """The rows behind a case's stages, read and changed through one session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def stored(self, case_id: int) -> StoredStages | None:
        """Return where the case stands, or None if it does not exist."""
        case = self._session.get(Case, case_id)
        if case is None:
            return None
        rows = self._progress_rows(case_id)
        # Every stage before the current one was passed, even in cases made before
        # stage progress was recorded (their rows are missing).
        furthest = max((case.current_stage, *rows), key=_STAGE_ORDER.__getitem__)
        return StoredStages(
            case_id=case_id,
            status=case.status,
            current=case.current_stage,
            furthest=furthest,
            agreement_to_mediate_signed=case.agreement_to_mediate_signed_at is not None,
            ticked={stage: _keys_from_json(row.checklist_json) for stage, row in rows.items()},
            acknowledged={
                stage: _keys_from_json(row.acknowledged_warnings_json)
                for stage, row in rows.items()
            },
        )

    def facts(self, stored: StoredStages) -> StageFacts:
        """Gather the facts the stage rules need, in a fixed handful of queries."""
        case_id = stored.case_id
        counts = self._counts(case_id)
        clock = self._session.get(StatutoryDates, case_id)
        sides_present, sides_contacted, parent_is_party = self._parties(case_id)
        officers = self._officers_without_authority(case_id)
        return StageFacts(
            parent_is_party=parent_is_party,
            child_views_recorded=bool(counts.child_views),
            la_or_icb_attendees=len(officers),
            la_or_icb_attendees_without_authority=tuple(
                text for text in officers.values() if text is not None
            ),
            issues_count=counts.issues,
            proposals_count=counts.proposals,
            agreement_signed=bool(counts.agreement_signed),
            no_agreement_recorded=counts.issues > 0 and counts.not_agreed == counts.issues,
            agreement_to_mediate_signed=stored.agreement_to_mediate_signed,
            family_decision_recorded=clock is not None and clock.family_decision is not None,
            family_decision_declined=(
                clock is not None and clock.family_decision is FamilyDecision.DECLINE
            ),
            meeting_scheduled=bool(counts.meeting_scheduled),
            notice_given=clock is not None
            and (clock.notice_given_on is not None or clock.shorter_notice_agreed),
            every_party_contacted="family" in sides_present and sides_present <= sides_contacted,
            certificate_issued=bool(counts.certificate_issued),
            ticked=frozenset().union(*stored.ticked.values()),
            acknowledged=frozenset().union(*stored.acknowledged.values()),
        )

    def _counts(self, case_id: int) -> _Counts:
        def count(*where: sa.ColumnElement[bool]) -> sa.ScalarSelect[int]:
            return sa.select(sa.func.count()).where(*where).scalar_subquery()

        def exists(*where: sa.ColumnElement[bool]) -> sa.Exists:
            return sa.select(sa.literal(1)).where(*where).exists()

        query = sa.select(
            exists(ChildViewsRecord.case_id == case_id),
            count(MediationIssue.case_id == case_id),
            count(
                MediationIssue.case_id == case_id,
                MediationIssue.outcome == IssueOutcome.NOT_AGREED,
            ),
            count(Proposal.case_id == case_id),
            exists(Agreement.case_id == case_id, Agreement.status == AgreementStatus.SIGNED),
            exists(
                Meeting.case_id == case_id,
                Meeting.cancelled.is_(False),
                Meeting.scheduled_start.is_not(None),
            ),
            exists(
                Certificate.case_id == case_id,
                Certificate.kind == CertificateKind.AFTER_MEDIATION,
            ),
        )
        return _Counts(*self._session.execute(query).one())

    def _parties(self, case_id: int) -> tuple[set[str], set[str], bool]:
        """Return the sides present, the sides contacted, and whether a parent is a party."""
        contacted = (
            sa.select(ContactLogEntry.id)
            .where(ContactLogEntry.participant_id == CaseParticipant.id)
            .exists()
        )
        query = sa.select(CaseParticipant.role, CaseParticipant.is_party, contacted).where(
            CaseParticipant.case_id == case_id
        )
        present: set[str] = set()
        reached: set[str] = set()
        parent_is_party = False
        for role, is_party, was_contacted in self._session.execute(query):
            parent_is_party = parent_is_party or (role is Role.PARENT_CARER and is_party)
            side = _SIDES.get(role)
            if side is None or (side == "family" and not is_party):
                continue
            present.add(side)
            if was_contacted:
                reached.add(side)
        return present, reached, parent_is_party

    def _officers_without_authority(self, case_id: int) -> dict[int, str | None]:
        """Return each LA or ICB attendee's participant id, and a label if unconfirmed."""
        query = (
            sa.select(Attendee.participant_id, CaseParticipant.role, Attendee.authority_to_settle)
            .join(CaseParticipant, CaseParticipant.id == Attendee.participant_id)
            .join(Meeting, Meeting.id == Attendee.meeting_id)
            .where(
                Meeting.case_id == case_id,
                Meeting.cancelled.is_(False),
                CaseParticipant.role.in_(_OFFICER_ROLES),
            )
            .order_by(Attendee.participant_id, Attendee.id)
        )
        # One officer may be listed for several meetings (an adjourned one and its
        # resumption): they count once, and are confirmed if confirmed for any of them.
        answers: dict[int, tuple[Role, set[bool | None]]] = {}
        for participant_id, role, authority in self._session.execute(query):
            answers.setdefault(participant_id, (role, set()))[1].add(authority)
        labels: dict[int, str | None] = {}
        for participant_id, (role, given) in answers.items():
            if True in given:
                labels[participant_id] = None
            elif False in given:
                labels[participant_id] = f"{role.label} (no authority to settle)"
            else:
                labels[participant_id] = f"{role.label} (authority not confirmed)"
        return labels

    def _progress_rows(self, case_id: int) -> dict[Stage, StageProgress]:
        query = sa.select(StageProgress).where(StageProgress.case_id == case_id)
        return {row.stage: row for row in self._session.execute(query).scalars()}

    def _progress_row(self, case_id: int, stage: Stage, now: datetime) -> StageProgress:
        """Return the case's row for ``stage``, adding one entered ``now`` if there is none."""
        query = sa.select(StageProgress).where(
            StageProgress.case_id == case_id, StageProgress.stage == stage
        )
        row = self._session.execute(query.limit(1)).scalar_one_or_none()
        if row is None:
            entered_at = now
            if stage is Stage.PREPARATION:
                # A case is in preparation from the moment it is opened.
                case = self._session.get(Case, case_id)
                entered_at = case.created_at if case is not None else now
            row = StageProgress(
                case_id=case_id,
                stage=stage,
                entered_at=entered_at,
                checklist_json="{}",
                acknowledged_warnings_json="[]",
            )
            self._session.add(row)
            self._session.flush()
        return row

    def set_ticked(self, case_id: int, stage: Stage, key: str, done: bool, now: datetime) -> int:
        """Tick or untick one checklist item; return the stage progress row's id."""
        row = self._progress_row(case_id, stage, now)
        ticked = set(_keys_from_json(row.checklist_json))
        if done:
            ticked.add(key)
        else:
            ticked.discard(key)
        row.checklist_json = json.dumps(dict.fromkeys(sorted(ticked), True))
        self._session.flush()
        return row.id

    def acknowledge(self, case_id: int, stage: Stage, key: str, now: datetime) -> int:
        """Record that a warning was acknowledged; return the stage progress row's id."""
        row = self._progress_row(case_id, stage, now)
        acknowledged = set(_keys_from_json(row.acknowledged_warnings_json)) | {key}
        row.acknowledged_warnings_json = json.dumps(sorted(acknowledged))
        self._session.flush()
        return row.id

    def move(
        self,
        case_id: int,
        *,
        left: Sequence[Stage],
        target: Stage,
        status: CaseStatus,
        now: datetime,
    ) -> None:
        """Leave ``left`` now and enter ``target``, keeping the time each was first entered."""
        for stage in left:
            self._progress_row(case_id, stage, now).left_at = now
        self._progress_row(case_id, target, now).left_at = None
        case = self._session.get(Case, case_id)
        if case is not None:
            case.current_stage = target
            case.status = status
        self._session.flush()

    def meeting_clock(self, case_id: int) -> MeetingClock | None:
        """Return the times of the meeting the timer runs on, if the case has one."""
        meeting = self._timed_meeting(case_id)
        if meeting is None:
            return None
        query = (
            sa.select(MeetingBreak.started_at, MeetingBreak.ended_at)
            .where(MeetingBreak.meeting_id == meeting.id)
            .order_by(MeetingBreak.started_at, MeetingBreak.id)
        )
        breaks = tuple((start, end) for start, end in self._session.execute(query))
        return MeetingClock(meeting.id, meeting.started_at, meeting.ended_at, breaks)

    def _timed_meeting(self, case_id: int) -> Meeting | None:
        query = sa.select(Meeting).where(Meeting.case_id == case_id, Meeting.cancelled.is_(False))
        meetings = list(self._session.execute(query).scalars())
        started = [m for m in meetings if m.started_at is not None]
        running = [m for m in started if m.ended_at is None]
        if running:
            return max(running, key=lambda m: (m.started_at or _NEVER, m.id))
        # Next, the first meeting still to be held (dated before undated); else the last held.
        waiting = [m for m in meetings if m.started_at is None]
        if waiting:
            return min(waiting, key=lambda m: (m.scheduled_start or _NEVER, m.id))
        return max(started, key=lambda m: (m.started_at or _NEVER, m.id), default=None)

    def start_meeting(self, meeting_id: int, now: datetime) -> bool:
        """Record the meeting as started now unless it already was; return whether it was."""
        meeting = self._session.get(Meeting, meeting_id)
        if meeting is None or meeting.started_at is not None:
            return False
        meeting.started_at = now
        self._session.flush()
        return True

    def end_meeting(self, meeting_id: int, now: datetime) -> bool:
        """Record a started meeting as ended now (ending any break); return whether it was."""
        meeting = self._session.get(Meeting, meeting_id)
        if meeting is None or meeting.started_at is None or meeting.ended_at is not None:
            return False
        self.end_break(meeting_id, now)
        meeting.ended_at = now
        self._session.flush()
        return True

    def record_meeting_days(self, case_id: int, meeting_id: int) -> bool:
        """Fill in the statutory held and concluded days from the meeting, if not yet set.

        The day mediation concluded starts the certificate clock (R7); a date the mediator
        entered by hand is never overwritten.
        """
        meeting = self._session.get(Meeting, meeting_id)
        if meeting is None or meeting.started_at is None or meeting.ended_at is None:
            return False
        dates = self._session.get(StatutoryDates, case_id)
        if dates is None:
            dates = StatutoryDates(case_id=case_id)
            self._session.add(dates)
        changed = False
        if dates.meeting_held_on is None:
            dates.meeting_held_on = meeting.started_at.astimezone(ENGLAND).date()
            changed = True
        if dates.meeting_concluded_on is None:
            dates.meeting_concluded_on = meeting.ended_at.astimezone(ENGLAND).date()
            changed = True
        self._session.flush()
        return changed

    def start_break(self, meeting_id: int, now: datetime) -> int:
        """Add a break starting now; return its id."""
        row = MeetingBreak(meeting_id=meeting_id, started_at=now)
        self._session.add(row)
        self._session.flush()
        return row.id

    def end_break(self, meeting_id: int, now: datetime) -> int | None:
        """End the running break now; return its id, or None if none was running."""
        query = sa.select(MeetingBreak).where(
            MeetingBreak.meeting_id == meeting_id, MeetingBreak.ended_at.is_(None)
        )
        running = list(self._session.execute(query).scalars())
        for row in running:
            row.ended_at = max(now, row.started_at)
        self._session.flush()
        return running[0].id if running else None
