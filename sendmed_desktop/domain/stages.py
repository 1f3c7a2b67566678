"""The meeting's stages as a state machine: what is next, what is left, what blocks moving on.

Pure, in the manner of Electrum's wizard: the GUI renders an assessment and collects
ticks and acknowledgements; every decision about moving between stages is made here,
from plain facts, and tested without any UI. Stages follow domain.md §5.

Going back is never blocked. Going forward leaves the current stage, so the current
stage's rules are checked: a BLOCKER stops the move, a WARNING stops it only until the
mediator acknowledges it. Checklist items never block (see ``assess``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sendmed_desktop.domain.stage_checklists import (
    CHECKLISTS,
    RULES,
    AutoFact,
    ChecklistItem,
    Finding,
    Rule,
    Severity,
    StageFacts,
    checklist_keys,
    fact_holds,
    warning_keys,
)
from sendmed_desktop.domain.vocabulary import CaseStatus, Stage

__all__ = [
    "CHECKLISTS",
    "RULES",
    "STAGES",
    "AutoFact",
    "ChecklistItem",
    "Finding",
    "ItemStatus",
    "MeetingState",
    "Rule",
    "Severity",
    "StageAssessment",
    "StageFacts",
    "TransitionResult",
    "advance",
    "assess",
    "checklist_keys",
    "elapsed_excluding_breaks",
    "fact_holds",
    "format_elapsed",
    "next_stage",
    "previous_stage",
    "progress",
    "revisit",
    "status_after_entering",
    "warning_keys",
]

STAGES: tuple[Stage, ...] = tuple(Stage)
_POSITION = {stage: index for index, stage in enumerate(STAGES)}


def next_stage(stage: Stage) -> Stage | None:
    """Return the stage after ``stage``, or None after the last one."""
    position = _POSITION[stage] + 1
    return STAGES[position] if position < len(STAGES) else None


def previous_stage(stage: Stage) -> Stage | None:
    """Return the stage before ``stage``, or None before the first one."""
    position = _POSITION[stage] - 1
    return STAGES[position] if position >= 0 else None


def progress(stage: Stage) -> tuple[int, int]:
    """Return ``(number, total)`` for "Stage 4 of 10", counting from 1."""
    return _POSITION[stage] + 1, len(STAGES)


@dataclass(frozen=True)
class ItemStatus:
    """A checklist item and whether it is done; ``by_fact`` when the app ticked it."""

    item: ChecklistItem
    done: bool
    by_fact: bool


@dataclass(frozen=True)
class StageAssessment:
    """Everything the GUI shows about one stage: checklist, what is left, what blocks."""

    stage: Stage
    items: tuple[ItemStatus, ...]
    blockers: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    unacknowledged: tuple[Finding, ...]
    # Required items not yet done: shown as "left to do", never as a reason to stop.
    remaining: tuple[ChecklistItem, ...]

    @property
    def is_clear(self) -> bool:
        """Return whether nothing blocks and every warning is acknowledged."""
        return not self.blockers and not self.unacknowledged

    @property
    def can_advance(self) -> bool:
        """Return whether the meeting may move on to the next stage."""
        return self.is_clear and next_stage(self.stage) is not None


def assess(stage: Stage, facts: StageFacts) -> StageAssessment:
    """Return the checklist and the findings for leaving ``stage``, given ``facts``.

    Unticked required items are left out of the blockers on purpose: the checklist is
    the mediator's aide-memoire for a live meeting with a family in the room, and the
    order of practice is not law. What the law does require is checked from the facts
    by the rules, which is where a hard stop belongs.
    """
    items = []
    for item in CHECKLISTS[stage]:
        by_fact = item.auto is not None and fact_holds(item.auto, facts)
        items.append(ItemStatus(item, done=by_fact or item.key in facts.ticked, by_fact=by_fact))
    done = frozenset(status.item.key for status in items if status.done)
    findings = []
    for rule in RULES:
        if stage in rule.stages and (message := rule.check(stage, facts, done)) is not None:
            findings.append(Finding(rule.key, message, rule.severity, stage))
    warnings = tuple(f for f in findings if f.severity is Severity.WARNING)
    return StageAssessment(
        stage=stage,
        items=tuple(items),
        blockers=tuple(f for f in findings if f.severity is Severity.BLOCKER),
        warnings=warnings,
        unacknowledged=tuple(f for f in warnings if f.key not in facts.acknowledged),
        remaining=tuple(s.item for s in items if s.item.required and not s.done),
    )


@dataclass(frozen=True)
class MeetingState:
    """Where a case is, and the furthest stage it has reached (all before it were visited)."""

    current: Stage = Stage.PREPARATION
    furthest: Stage = Stage.PREPARATION

    def __post_init__(self) -> None:
        if _POSITION[self.furthest] < _POSITION[self.current]:
            object.__setattr__(self, "furthest", self.current)

    @property
    def visited(self) -> tuple[Stage, ...]:
        """Return the stages reached so far, in order."""
        return STAGES[: _POSITION[self.furthest] + 1]

    def moved_to(self, stage: Stage) -> MeetingState:
        """Return the state after moving to ``stage``."""
        return MeetingState(stage, max(self.furthest, stage, key=_POSITION.__getitem__))


@dataclass(frozen=True)
class TransitionResult:
    """The outcome of a move: the new state, or why it was refused."""

    state: MeetingState
    allowed: bool
    # Stages left on the way forward, in order (each had to be clear); empty going back.
    passed: tuple[Stage, ...] = ()
    refused_at: Stage | None = None
    blockers: tuple[Finding, ...] = ()
    unacknowledged: tuple[Finding, ...] = ()

    @property
    def stage(self) -> Stage:
        """Return the stage the case is at after the move (unchanged if refused)."""
        return self.state.current

    @property
    def reasons(self) -> tuple[str, ...]:
        """Return why the move was refused, blockers first, one sentence each."""
        return tuple(f.message for f in (*self.blockers, *self.unacknowledged))

    def explanation(self) -> str:
        """Return the reasons as text for an error message, one per line."""
        lines = [f.message for f in self.blockers]
        lines += [f"Acknowledge first: {f.message}" for f in self.unacknowledged]
        return "\n".join(lines)


def _last_stage_finding(stage: Stage) -> Finding:
    return Finding(
        "last_stage",
        f"{stage.label} is the last stage: there is no stage after it.",
        Severity.BLOCKER,
        stage,
    )


def _forward(state: MeetingState, target: Stage, facts: StageFacts) -> TransitionResult:
    """Move forward to ``target``, leaving each stage on the way only if it is clear."""
    passed = STAGES[_POSITION[state.current] : _POSITION[target]]
    for stage in passed:
        found = assess(stage, facts)
        if not found.is_clear:
            return TransitionResult(
                state,
                allowed=False,
                refused_at=stage,
                blockers=found.blockers,
                unacknowledged=found.unacknowledged,
            )
    return TransitionResult(state.moved_to(target), allowed=True, passed=passed)


def advance(state: MeetingState, facts: StageFacts) -> TransitionResult:
    """Move to the next stage if the current one is clear; else say what stops it."""
    target = next_stage(state.current)
    if target is None:
        return TransitionResult(
            state,
            allowed=False,
            refused_at=state.current,
            blockers=(_last_stage_finding(state.current),),
        )
    return _forward(state, target, facts)


def revisit(state: MeetingState, target: Stage, facts: StageFacts) -> TransitionResult:
    """Move to ``target``: back always; forward only if every stage left on the way is clear."""
    if _POSITION[target] <= _POSITION[state.current]:
        return TransitionResult(state.moved_to(target), allowed=True)
    return _forward(state, target, facts)


def status_after_entering(stage: Stage, status: CaseStatus) -> CaseStatus:
    """Return the case status once ``stage`` is entered; it never moves backwards.

    Revisiting an earlier stage is looking back, not undoing the meeting, so a case in
    or after the meeting keeps its status. Declined and closed cases keep theirs.
    """
    if stage is Stage.PREPARATION:
        # Implies nothing: a case prepares all the way from referral to scheduling.
        return status
    implied = CaseStatus.AFTER_MEETING if stage is Stage.AFTER_MEETING else CaseStatus.IN_MEETING
    if status not in _HOW_FAR or _HOW_FAR[implied] <= _HOW_FAR[status]:
        return status
    return implied


# How far along its way a case has got; declined and closed cases are off this path.
_HOW_FAR = {
    CaseStatus.REFERRED: 0,
    CaseStatus.PREPARING: 1,
    CaseStatus.SCHEDULED: 2,
    CaseStatus.IN_MEETING: 3,
    CaseStatus.AFTER_MEETING: 4,
}


def elapsed_excluding_breaks(
    started_at: datetime,
    now: datetime,
    breaks: Sequence[tuple[datetime, datetime | None]],
) -> timedelta:
    """Return the meeting time from ``started_at`` to ``now``, leaving out the breaks.

    A break still running counts until ``now``; parts of breaks outside the meeting are
    ignored, overlapping breaks are counted once, and the result is never negative.
    """
    if now <= started_at:
        return timedelta(0)
    clipped = []
    for break_start, break_end in breaks:
        start = max(break_start, started_at)
        end = min(now if break_end is None else break_end, now)
        if end > start:
            clipped.append((start, end))
    paused = timedelta(0)
    merged_end: datetime | None = None
    for start, end in sorted(clipped):
        if merged_end is None or start > merged_end:
            paused += end - start
            merged_end = end
        elif end > merged_end:
            paused += end - merged_end
            merged_end = end
    return max(now - started_at - paused, timedelta(0))


def format_elapsed(elapsed: timedelta) -> str:
    """Return ``elapsed`` as "1 h 05 min", or "45 min" under an hour (whole minutes)."""
    minutes = max(int(elapsed.total_seconds() // 60), 0)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
