"""Run a meeting's stages: show where a case is, tick, acknowledge, move on or back, time it.

The decisions are made by the pure state machine in ``domain/stages.py``; this service
gathers its facts from the workspace, stores what the mediator does, and audits each
write by record type and id only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from sendmed_desktop.domain import stages
from sendmed_desktop.domain.stages import MeetingState, StageAssessment, TransitionResult
from sendmed_desktop.domain.vocabulary import CaseStatus, Stage
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.stage_repository import StageRepository, StoredStages

# The stages held with everyone in the room: entering any of them starts the meeting.
_MEETING_STAGES = frozenset(stages.STAGES[1:-1])


@dataclass(frozen=True)
class StageView:
    """What a stage page shows: where the case is, its checklist and what stops it."""

    case_id: int
    status: CaseStatus
    stage: Stage
    progress: tuple[int, int]
    assessment: StageAssessment
    visited: tuple[Stage, ...]
    # What the mediator ticked and acknowledged at this stage (facts tick items too:
    # see ``assessment.items``).
    ticked: frozenset[str]
    acknowledged: frozenset[str]
    meeting_started: bool
    on_break: bool


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def _state(stored: StoredStages) -> MeetingState:
    return MeetingState(stored.current, stored.furthest)


def _stored(repository: StageRepository, case_id: int) -> StoredStages:
    stored = repository.stored(case_id)
    if stored is None:
        raise ValidationError("This case no longer exists in the workspace.")
    return stored


def _check_reached(stored: StoredStages, stage: Stage) -> None:
    if stage not in _state(stored).visited:
        raise ValidationError(f"The meeting has not reached {stage.label} yet.")


def _apply(
    session: Session,
    repository: StageRepository,
    stored: StoredStages,
    result: TransitionResult,
    now: datetime,
    *,
    action: str,
) -> None:
    """Store an allowed move (stage rows, case stage and status, meeting times)."""
    if not result.allowed:
        raise ValidationError(result.explanation())
    target = result.stage
    if target is stored.current:
        return
    forward = bool(result.passed)
    left = result.passed if forward else (stored.current,)
    status = stages.status_after_entering(target, stored.status)
    repository.move(stored.case_id, left=left, target=target, status=status, now=now)
    audit.record(session, action, "case", stored.case_id, detail=f"{stored.current}>{target}")
    if not forward:
        return
    entered = {*result.passed[1:], target}
    clock = repository.meeting_clock(stored.case_id)
    if clock is None:
        return  # the "no meeting scheduled" warning told the mediator so
    if entered & _MEETING_STAGES and repository.start_meeting(clock.meeting_id, now):
        audit.record(session, "start_meeting", "meeting", clock.meeting_id)
    if target is Stage.AFTER_MEETING and repository.end_meeting(clock.meeting_id, now):
        audit.record(session, "end_meeting", "meeting", clock.meeting_id)
    if target is Stage.AFTER_MEETING and repository.record_meeting_days(
        stored.case_id, clock.meeting_id
    ):
        audit.record(session, "update", "key_dates", stored.case_id, detail="meeting days")


class MeetingStagesService:
    """Move a case through its meeting's stages, in one workspace."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def state(self, case_id: int) -> StageView:
        """Return the case's current stage with its checklist, findings and progress."""
        with self._workspace.transaction() as session:
            repository = StageRepository(session)
            stored = _stored(repository, case_id)
            facts = repository.facts(stored)
            clock = repository.meeting_clock(case_id)
        state = _state(stored)
        return StageView(
            case_id=case_id,
            status=stored.status,
            stage=state.current,
            progress=stages.progress(state.current),
            assessment=stages.assess(state.current, facts),
            visited=state.visited,
            ticked=stored.ticked.get(state.current, frozenset()),
            acknowledged=stored.acknowledged.get(state.current, frozenset()),
            meeting_started=clock is not None and clock.started_at is not None,
            on_break=clock is not None and clock.on_break,
        )

    def tick(
        self, case_id: int, stage: Stage, item_key: str, done: bool, now: datetime | None = None
    ) -> StageView:
        """Tick or untick an item on a stage's checklist; return the refreshed view."""
        if item_key not in stages.checklist_keys(stage):
            raise ValidationError(f"'{item_key}' is not on the {stage.label} checklist.")
        with self._workspace.transaction() as session:
            repository = StageRepository(session)
            _check_reached(_stored(repository, case_id), stage)
            row_id = repository.set_ticked(case_id, stage, item_key, done, _now(now))
            action = "tick_checklist_item" if done else "untick_checklist_item"
            audit.record(session, action, "stage_progress", row_id, detail=f"{stage}:{item_key}")
        return self.state(case_id)

    def acknowledge(
        self, case_id: int, stage: Stage, warning_key: str, now: datetime | None = None
    ) -> StageView:
        """Record that the mediator read a warning and carries on; return the refreshed view."""
        if warning_key not in stages.warning_keys(stage):
            raise ValidationError(f"'{warning_key}' is not a warning at {stage.label}.")
        with self._workspace.transaction() as session:
            repository = StageRepository(session)
            _check_reached(_stored(repository, case_id), stage)
            row_id = repository.acknowledge(case_id, stage, warning_key, _now(now))
            audit.record(
                session,
                "acknowledge_warning",
                "stage_progress",
                row_id,
                detail=f"{stage}:{warning_key}",
            )
        return self.state(case_id)

    def advance(self, case_id: int, now: datetime | None = None) -> TransitionResult:
        """Move the case to its next stage, or raise ValidationError saying what stops it."""
        with self._workspace.transaction() as session:
            repository = StageRepository(session)
            stored = _stored(repository, case_id)
            result = stages.advance(_state(stored), repository.facts(stored))
            _apply(session, repository, stored, result, _now(now), action="advance_stage")
        return result

    def revisit(self, case_id: int, stage: Stage, now: datetime | None = None) -> TransitionResult:
        """Go back to an earlier stage, or forward if every stage on the way is clear."""
        with self._workspace.transaction() as session:
            repository = StageRepository(session)
            stored = _stored(repository, case_id)
            result = stages.revisit(_state(stored), stage, repository.facts(stored))
            _apply(session, repository, stored, result, _now(now), action="revisit_stage")
        return result

    def start_break(self, case_id: int, now: datetime | None = None) -> None:
        """Start a break in the running meeting, so the timer leaves it out."""
        with self._workspace.transaction() as session:
            repository = StageRepository(session)
            _stored(repository, case_id)
            clock = repository.meeting_clock(case_id)
            if clock is None or clock.started_at is None:
                raise ValidationError("The meeting has not started, so a break cannot begin.")
            if clock.ended_at is not None:
                raise ValidationError("The meeting has ended, so a break cannot begin.")
            if clock.on_break:
                raise ValidationError("A break is already running.")
            break_id = repository.start_break(clock.meeting_id, _now(now))
            audit.record(session, "start_break", "meeting_break", break_id)

    def end_break(self, case_id: int, now: datetime | None = None) -> None:
        """End the running break."""
        with self._workspace.transaction() as session:
            repository = StageRepository(session)
            _stored(repository, case_id)
            clock = repository.meeting_clock(case_id)
            break_id = None
            if clock is not None:
                break_id = repository.end_break(clock.meeting_id, _now(now))
            if break_id is None:
                raise ValidationError("There is no break running.")
            audit.record(session, "end_break", "meeting_break", break_id)

    def elapsed(self, case_id: int, now: datetime | None = None) -> timedelta | None:
        """Return the meeting's time so far without its breaks, or None if not started."""
        with self._workspace.transaction() as session:
            clock = StageRepository(session).meeting_clock(case_id)
        if clock is None or clock.started_at is None:
            return None
        until = clock.ended_at if clock.ended_at is not None else _now(now)
        return stages.elapsed_excluding_breaks(clock.started_at, until, clock.breaks)
