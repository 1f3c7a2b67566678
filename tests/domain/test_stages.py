"""The meeting's stages as a pure state machine: order, checklists, rules, moves and time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from sendmed_desktop.domain.stages import (
    CHECKLISTS,
    RULES,
    STAGES,
    AutoFact,
    Finding,
    MeetingState,
    Severity,
    StageFacts,
    advance,
    assess,
    checklist_keys,
    elapsed_excluding_breaks,
    format_elapsed,
    next_stage,
    previous_stage,
    progress,
    revisit,
    status_after_entering,
    warning_keys,
)
from sendmed_desktop.domain.vocabulary import CaseStatus, Stage

# A case where nothing holds the meeting back: every rule is satisfied by the facts.
CLEAR = StageFacts(
    parent_is_party=True,
    child_views_recorded=True,
    la_or_icb_attendees=1,
    issues_count=2,
    agreement_signed=True,
    agreement_to_mediate_signed=True,
    family_decision_recorded=True,
    meeting_scheduled=True,
    notice_given=True,
)
NO_CHILDS_VIEWS = replace(CLEAR, child_views_recorded=False)
UNCONFIRMED = ("Local authority officer (authority not confirmed)",)


def keys(findings: tuple[Finding, ...]) -> list[str]:
    return [finding.key for finding in findings]


# --- order -----------------------------------------------------------------------------


def test_stages_run_in_the_order_of_practice() -> None:
    assert STAGES == (
        Stage.PREPARATION,
        Stage.OPENING,
        Stage.OPENING_STATEMENTS,
        Stage.CHILDS_VIEWS,
        Stage.AGENDA,
        Stage.EXPLORATION,
        Stage.OPTIONS,
        Stage.AGREEMENT,
        Stage.CLOSE,
        Stage.AFTER_MEETING,
    )


# Written out rather than derived from STAGES, so a reordered enum fails here.
ORDER = [
    (Stage.PREPARATION, Stage.OPENING),
    (Stage.OPENING, Stage.OPENING_STATEMENTS),
    (Stage.OPENING_STATEMENTS, Stage.CHILDS_VIEWS),
    (Stage.CHILDS_VIEWS, Stage.AGENDA),
    (Stage.AGENDA, Stage.EXPLORATION),
    (Stage.EXPLORATION, Stage.OPTIONS),
    (Stage.OPTIONS, Stage.AGREEMENT),
    (Stage.AGREEMENT, Stage.CLOSE),
    (Stage.CLOSE, Stage.AFTER_MEETING),
]


@pytest.mark.parametrize(("stage", "expected"), [*ORDER, (Stage.AFTER_MEETING, None)])
def test_next_stage(stage: Stage, expected: Stage | None) -> None:
    assert next_stage(stage) is expected


@pytest.mark.parametrize(
    ("stage", "expected"),
    [(Stage.PREPARATION, None), *((after, before) for before, after in ORDER)],
)
def test_previous_stage(stage: Stage, expected: Stage | None) -> None:
    assert previous_stage(stage) is expected


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        (Stage.PREPARATION, (1, 10)),
        (Stage.CHILDS_VIEWS, (4, 10)),
        (Stage.AGREEMENT, (8, 10)),
        (Stage.AFTER_MEETING, (10, 10)),
    ],
)
def test_progress_counts_from_one(stage: Stage, expected: tuple[int, int]) -> None:
    assert progress(stage) == expected


# --- checklists ------------------------------------------------------------------------


def test_every_stage_has_a_checklist_with_something_required() -> None:
    assert set(CHECKLISTS) == set(STAGES)
    for stage, items in CHECKLISTS.items():
        assert any(item.required for item in items), stage
        assert all(item.label and not item.label.endswith(".") for item in items), stage


def test_checklist_keys_are_unique_across_stages() -> None:
    # The service merges every stage's ticks into one set of facts.
    all_keys = [item.key for items in CHECKLISTS.values() for item in items]
    assert len(all_keys) == len(set(all_keys))
    assert checklist_keys(Stage.OPENING) == {
        "introductions",
        "authority_checked",
        "confidentiality_and_ground_rules",
        "agreement_to_mediate_signed",
    }


def test_every_auto_fact_ticks_some_item() -> None:
    used = {item.auto for items in CHECKLISTS.values() for item in items if item.auto}
    assert used == set(AutoFact)


def test_each_warning_belongs_to_one_stage() -> None:
    # Acknowledgements are merged across stages, so a warning key must name one stage.
    for rule in RULES:
        if rule.severity is Severity.WARNING:
            assert len(rule.stages) == 1, rule.key
    assert warning_keys(Stage.OPENING) == {
        "authority_not_confirmed",
        "agreement_to_mediate_unsigned",
    }
    assert warning_keys(Stage.EXPLORATION) == frozenset()


def _item(stage: Stage, key: str, facts: StageFacts) -> tuple[bool, bool]:
    status = next(s for s in assess(stage, facts).items if s.item.key == key)
    return status.done, status.by_fact


@pytest.mark.parametrize(
    ("stage", "key", "facts"),
    [
        (Stage.PREPARATION, "ma_call_and_decision", StageFacts(family_decision_recorded=True)),
        (Stage.PREPARATION, "issues_recorded", StageFacts(issues_count=1)),
        (Stage.PREPARATION, "pre_meeting_calls", StageFacts(every_party_contacted=True)),
        (
            Stage.PREPARATION,
            "childs_views_sought",
            StageFacts(parent_is_party=True, child_views_recorded=True),
        ),
        (Stage.PREPARATION, "meeting_scheduled", StageFacts(meeting_scheduled=True)),
        (Stage.PREPARATION, "notice_given", StageFacts(notice_given=True)),
        (Stage.OPENING, "authority_checked", StageFacts(la_or_icb_attendees=2)),
        (
            Stage.OPENING,
            "agreement_to_mediate_signed",
            StageFacts(agreement_to_mediate_signed=True),
        ),
        (
            Stage.CHILDS_VIEWS,
            "childs_views_record",
            StageFacts(parent_is_party=True, child_views_recorded=True),
        ),
        (Stage.OPTIONS, "proposals_recorded", StageFacts(proposals_count=1)),
        (Stage.AGREEMENT, "agreement_signed_or_none", StageFacts(agreement_signed=True)),
        (Stage.AGREEMENT, "agreement_signed_or_none", StageFacts(no_agreement_recorded=True)),
        (Stage.AFTER_MEETING, "certificate_issued", StageFacts(certificate_issued=True)),
    ],
)
def test_auto_items_are_ticked_by_facts(stage: Stage, key: str, facts: StageFacts) -> None:
    assert _item(stage, key, facts) == (True, True)
    nothing = StageFacts(parent_is_party=True)
    assert _item(stage, key, nothing) == (False, False)


def test_childs_views_item_is_done_when_the_young_person_is_the_party() -> None:
    assert _item(Stage.CHILDS_VIEWS, "childs_views_record", StageFacts(parent_is_party=False)) == (
        True,
        True,
    )


def test_authority_item_needs_someone_confirmed_and_nobody_unconfirmed() -> None:
    assert _item(Stage.OPENING, "authority_checked", StageFacts(la_or_icb_attendees=0)) == (
        False,
        False,
    )
    unconfirmed = StageFacts(
        la_or_icb_attendees=2, la_or_icb_attendees_without_authority=UNCONFIRMED
    )
    assert _item(Stage.OPENING, "authority_checked", unconfirmed) == (False, False)


def test_ticking_does_an_item_but_not_by_fact() -> None:
    facts = StageFacts(ticked=frozenset({"introductions"}))
    assert _item(Stage.OPENING, "introductions", facts) == (True, False)


def test_remaining_lists_undone_required_items_without_blocking() -> None:
    found = assess(Stage.OPENING_STATEMENTS, StageFacts(ticked=frozenset({"family_statement"})))
    # The ICB's statement is optional, so it is never "left to do".
    assert [item.key for item in found.remaining] == ["la_statement"]
    assert found.blockers == ()
    assert found.can_advance


# --- rules: blockers -------------------------------------------------------------------


@pytest.mark.parametrize("stage", [Stage.AGREEMENT, Stage.CLOSE, Stage.AFTER_MEETING])
def test_r14_blocks_at_and_after_close_without_childs_views(stage: Stage) -> None:
    found = assess(stage, NO_CHILDS_VIEWS)
    assert keys(found.blockers) == ["childs_views_required"]
    assert "R14" in found.blockers[0].message
    assert found.blockers[0].severity is Severity.BLOCKER
    assert not found.is_clear


@pytest.mark.parametrize(
    "stage",
    [
        Stage.PREPARATION,
        Stage.OPENING,
        Stage.OPENING_STATEMENTS,
        Stage.AGENDA,
        Stage.EXPLORATION,
        Stage.OPTIONS,
    ],
)
def test_r14_does_not_block_before_agreement(stage: Stage) -> None:
    assert "childs_views_required" not in keys(assess(stage, NO_CHILDS_VIEWS).blockers)


def test_r14_refuses_the_move_to_close() -> None:
    state = MeetingState(Stage.AGREEMENT, Stage.AGREEMENT)
    result = advance(state, NO_CHILDS_VIEWS)
    assert not result.allowed
    assert result.state == state
    assert result.refused_at is Stage.AGREEMENT
    assert keys(result.blockers) == ["childs_views_required"]
    assert "child's views" in result.explanation()


def test_r14_is_met_by_a_record_including_not_practicable() -> None:
    # A "not reasonably practicable" record is still a record (the service counts it).
    assert advance(MeetingState(Stage.AGREEMENT), CLEAR).stage is Stage.CLOSE


def test_r14_does_not_apply_when_the_young_person_is_the_party() -> None:
    young_person = replace(NO_CHILDS_VIEWS, parent_is_party=False)
    result = advance(MeetingState(Stage.AGREEMENT), young_person)
    assert result.allowed
    assert result.stage is Stage.CLOSE


def test_family_that_declined_cannot_enter_opening() -> None:
    declined = replace(
        CLEAR,
        family_decision_declined=True,
        acknowledged=frozenset(warning_keys(Stage.PREPARATION)),
    )
    result = advance(MeetingState(), declined)
    assert not result.allowed
    assert keys(result.blockers) == ["family_declined"]
    assert "certificate" in result.blockers[0].message


def test_family_that_declined_cannot_jump_past_opening_either() -> None:
    result = revisit(MeetingState(), Stage.AGENDA, replace(CLEAR, family_decision_declined=True))
    assert not result.allowed
    assert result.refused_at is Stage.PREPARATION


def test_agenda_without_issues_blocks_exploration() -> None:
    result = advance(MeetingState(Stage.AGENDA), replace(CLEAR, issues_count=0))
    assert not result.allowed
    assert keys(result.blockers) == ["no_issues"]
    assert advance(MeetingState(Stage.AGENDA), CLEAR).stage is Stage.EXPLORATION


# --- rules: warnings -------------------------------------------------------------------


def test_authority_not_confirmed_must_be_acknowledged_before_leaving_opening() -> None:
    facts = replace(
        CLEAR,
        la_or_icb_attendees=2,
        la_or_icb_attendees_without_authority=(
            *UNCONFIRMED,
            "ICB (formerly CCG) officer (no authority to settle)",
        ),
    )
    found = assess(Stage.OPENING, facts)
    assert keys(found.warnings) == ["authority_not_confirmed"]
    assert found.blockers == ()
    assert "Local authority officer (authority not confirmed)" in found.warnings[0].message
    assert "ICB (formerly CCG) officer (no authority to settle)" in found.warnings[0].message
    assert "reg 38" in found.warnings[0].message
    refused = advance(MeetingState(Stage.OPENING), facts)
    assert not refused.allowed
    assert keys(refused.unacknowledged) == ["authority_not_confirmed"]
    assert refused.explanation().startswith("Acknowledge first:")
    acknowledged = replace(facts, acknowledged=frozenset({"authority_not_confirmed"}))
    assert assess(Stage.OPENING, acknowledged).warnings  # still shown, but no longer stops the move
    assert advance(MeetingState(Stage.OPENING), acknowledged).stage is Stage.OPENING_STATEMENTS


def test_authority_warning_counts_officers_alike() -> None:
    facts = replace(CLEAR, la_or_icb_attendees_without_authority=UNCONFIRMED * 2)
    [warning] = assess(Stage.OPENING, facts).warnings
    assert "for 2 × Local authority officer (authority not confirmed):" in warning.message


def test_authority_warning_belongs_to_opening_only() -> None:
    facts = replace(CLEAR, la_or_icb_attendees_without_authority=UNCONFIRMED)
    assert advance(MeetingState(Stage.OPENING_STATEMENTS), facts).allowed


@pytest.mark.parametrize(
    ("stage", "facts", "expected"),
    [
        (Stage.PREPARATION, replace(CLEAR, meeting_scheduled=False), ["no_meeting_scheduled"]),
        (Stage.PREPARATION, replace(CLEAR, notice_given=False), ["notice_not_recorded"]),
        (
            Stage.OPENING,
            replace(CLEAR, agreement_to_mediate_signed=False),
            ["agreement_to_mediate_unsigned"],
        ),
        (Stage.CHILDS_VIEWS, NO_CHILDS_VIEWS, ["childs_views_missing"]),
        (Stage.AGREEMENT, replace(CLEAR, agreement_signed=False), ["no_agreement_outcome"]),
    ],
)
def test_warnings_stop_the_move_until_acknowledged(
    stage: Stage, facts: StageFacts, expected: list[str]
) -> None:
    found = assess(stage, facts)
    assert keys(found.warnings) == expected
    assert keys(found.unacknowledged) == expected
    assert not found.can_advance
    assert all(f.severity is Severity.WARNING and f.stage is stage for f in found.warnings)
    acknowledged = replace(facts, acknowledged=frozenset(expected))
    assert assess(stage, acknowledged).can_advance


def test_notice_warning_is_not_repeated_when_no_meeting_is_scheduled() -> None:
    facts = replace(CLEAR, meeting_scheduled=False, notice_given=False)
    assert keys(assess(Stage.PREPARATION, facts).warnings) == ["no_meeting_scheduled"]


@pytest.mark.parametrize(
    ("stage", "facts", "tick"),
    [
        (Stage.PREPARATION, replace(CLEAR, notice_given=False), "notice_given"),
        (
            Stage.OPENING,
            replace(CLEAR, agreement_to_mediate_signed=False),
            "agreement_to_mediate_signed",
        ),
        (Stage.AGREEMENT, replace(CLEAR, agreement_signed=False), "agreement_signed_or_none"),
    ],
)
def test_a_tick_clears_a_warning_about_a_paper_record(
    stage: Stage, facts: StageFacts, tick: str
) -> None:
    assert assess(stage, facts).warnings
    assert assess(stage, replace(facts, ticked=frozenset({tick}))).warnings == ()


def test_a_meeting_without_agreement_needs_no_acknowledgement() -> None:
    facts = replace(CLEAR, agreement_signed=False, no_agreement_recorded=True)
    assert assess(Stage.AGREEMENT, facts).warnings == ()


def test_blockers_come_before_warnings_in_the_explanation() -> None:
    facts = replace(NO_CHILDS_VIEWS, agreement_signed=False)
    result = advance(MeetingState(Stage.AGREEMENT), facts)
    assert keys(result.blockers) == ["childs_views_required"]
    assert keys(result.unacknowledged) == ["no_agreement_outcome"]
    lines = result.explanation().splitlines()
    assert lines[0].startswith("A parent is a party")
    assert lines[1].startswith("Acknowledge first:")
    assert result.reasons == (result.blockers[0].message, result.unacknowledged[0].message)


# --- moves -----------------------------------------------------------------------------


def test_a_clear_meeting_walks_from_preparation_to_after_the_meeting() -> None:
    state = MeetingState()
    for expected in STAGES[1:]:
        result = advance(state, CLEAR)
        assert result.allowed, result.explanation()
        assert result.passed == (state.current,)
        state = result.state
        assert state.current is expected
    assert state.visited == STAGES


def test_the_last_stage_has_no_next() -> None:
    result = advance(MeetingState(Stage.AFTER_MEETING), CLEAR)
    assert not result.allowed
    assert keys(result.blockers) == ["last_stage"]
    assert result.stage is Stage.AFTER_MEETING
    found = assess(Stage.AFTER_MEETING, CLEAR)
    assert found.is_clear
    assert not found.can_advance


def test_the_case_cannot_be_closed_without_childs_views() -> None:
    assert not assess(Stage.AFTER_MEETING, NO_CHILDS_VIEWS).is_clear


def test_going_back_is_never_blocked_and_coming_back_is_checked() -> None:
    state = MeetingState(Stage.EXPLORATION, Stage.EXPLORATION)
    blocked = replace(CLEAR, family_decision_declined=True, issues_count=0)
    back = revisit(state, Stage.OPENING, blocked)
    assert back.allowed
    assert back.passed == ()
    assert back.state == MeetingState(Stage.OPENING, Stage.EXPLORATION)
    assert back.state.visited == (
        Stage.PREPARATION,
        Stage.OPENING,
        Stage.OPENING_STATEMENTS,
        Stage.CHILDS_VIEWS,
        Stage.AGENDA,
        Stage.EXPLORATION,
    )
    # Coming back checks each stage left on the way: the agenda now has no issues.
    refused = revisit(back.state, Stage.EXPLORATION, blocked)
    assert not refused.allowed
    assert refused.refused_at is Stage.AGENDA
    assert refused.state == back.state
    again = revisit(back.state, Stage.EXPLORATION, CLEAR)
    assert again.allowed
    assert again.passed == (
        Stage.OPENING,
        Stage.OPENING_STATEMENTS,
        Stage.CHILDS_VIEWS,
        Stage.AGENDA,
    )
    assert again.state == MeetingState(Stage.EXPLORATION, Stage.EXPLORATION)


@pytest.mark.parametrize("target", STAGES[:6])
def test_any_earlier_stage_can_be_revisited(target: Stage) -> None:
    result = revisit(
        MeetingState(Stage.EXPLORATION), target, StageFacts(family_decision_declined=True)
    )
    assert result.allowed
    assert result.stage is target


def test_revisiting_the_current_stage_changes_nothing() -> None:
    state = MeetingState(Stage.OPTIONS, Stage.AGREEMENT)
    result = revisit(state, Stage.OPTIONS, StageFacts())
    assert result.allowed
    assert result.state == state
    assert result.passed == ()


def test_jumping_forward_needs_every_stage_on_the_way_clear() -> None:
    jump = revisit(MeetingState(), Stage.AGENDA, CLEAR)
    assert jump.allowed
    assert jump.passed == (
        Stage.PREPARATION,
        Stage.OPENING,
        Stage.OPENING_STATEMENTS,
        Stage.CHILDS_VIEWS,
    )
    assert jump.state.furthest is Stage.AGENDA
    unconfirmed = replace(CLEAR, la_or_icb_attendees_without_authority=UNCONFIRMED)
    refused = revisit(MeetingState(), Stage.AGENDA, unconfirmed)
    assert not refused.allowed
    assert refused.refused_at is Stage.OPENING
    assert keys(refused.unacknowledged) == ["authority_not_confirmed"]
    assert refused.state == MeetingState()


def test_jumping_beyond_close_without_childs_views_is_refused() -> None:
    refused = revisit(MeetingState(Stage.EXPLORATION), Stage.AFTER_MEETING, NO_CHILDS_VIEWS)
    assert refused.refused_at is Stage.AGREEMENT
    assert keys(refused.blockers) == ["childs_views_required"]


def test_state_keeps_furthest_at_least_current() -> None:
    assert MeetingState(Stage.AGENDA, Stage.PREPARATION).furthest is Stage.AGENDA
    assert MeetingState(Stage.OPENING, Stage.CLOSE).moved_to(Stage.AGENDA) == MeetingState(
        Stage.AGENDA, Stage.CLOSE
    )
    assert MeetingState().visited == (Stage.PREPARATION,)


@pytest.mark.parametrize(
    ("stage", "status", "expected"),
    [
        (Stage.PREPARATION, CaseStatus.REFERRED, CaseStatus.REFERRED),
        (Stage.PREPARATION, CaseStatus.IN_MEETING, CaseStatus.IN_MEETING),
        (Stage.OPENING, CaseStatus.REFERRED, CaseStatus.IN_MEETING),
        (Stage.OPENING, CaseStatus.SCHEDULED, CaseStatus.IN_MEETING),
        (Stage.CLOSE, CaseStatus.PREPARING, CaseStatus.IN_MEETING),
        (Stage.AFTER_MEETING, CaseStatus.IN_MEETING, CaseStatus.AFTER_MEETING),
        (Stage.AGREEMENT, CaseStatus.AFTER_MEETING, CaseStatus.AFTER_MEETING),
        (Stage.OPENING, CaseStatus.DECLINED, CaseStatus.DECLINED),
        (Stage.AFTER_MEETING, CaseStatus.CLOSED, CaseStatus.CLOSED),
    ],
)
def test_status_after_entering_never_moves_back(
    stage: Stage, status: CaseStatus, expected: CaseStatus
) -> None:
    assert status_after_entering(stage, status) is expected


# --- elapsed time ----------------------------------------------------------------------

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("now", "breaks", "expected_minutes"),
    [
        pytest.param(at(90), [], 90, id="no breaks"),
        pytest.param(at(90), [(at(30), at(45))], 75, id="closed break"),
        pytest.param(at(90), [(at(60), None)], 60, id="open break runs until now"),
        pytest.param(at(90), [(at(10), at(20)), (at(50), at(60))], 70, id="two breaks"),
        pytest.param(at(90), [(at(10), at(40)), (at(30), at(50))], 50, id="overlapping"),
        pytest.param(at(90), [(at(10), at(50)), (at(20), at(30))], 50, id="nested"),
        pytest.param(at(90), [(at(10), at(20)), (at(10), at(20))], 80, id="duplicate"),
        pytest.param(at(90), [(at(10), at(20)), (at(20), at(30))], 70, id="back to back"),
        pytest.param(at(90), [(at(-30), at(-10))], 90, id="before the start"),
        pytest.param(at(90), [(at(-30), at(15))], 75, id="straddling the start"),
        pytest.param(at(90), [(at(80), at(120))], 80, id="straddling now"),
        pytest.param(at(90), [(at(100), None)], 90, id="after now"),
        pytest.param(at(90), [(at(40), at(30))], 90, id="ends before it starts"),
        pytest.param(at(90), [(at(-10), None)], 0, id="whole meeting on a break"),
        pytest.param(at(90), [(at(5), None), (at(10), at(20))], 5, id="open over closed"),
        pytest.param(at(0), [], 0, id="not yet"),
        pytest.param(at(-5), [(at(-10), at(-1))], 0, id="clock before the start"),
    ],
)
def test_elapsed_leaves_out_breaks(
    now: datetime, breaks: list[tuple[datetime, datetime | None]], expected_minutes: int
) -> None:
    assert elapsed_excluding_breaks(T0, now, breaks) == timedelta(minutes=expected_minutes)


@pytest.mark.parametrize(
    ("elapsed", "text"),
    [
        (timedelta(0), "0 min"),
        (timedelta(seconds=59), "0 min"),
        (timedelta(minutes=45), "45 min"),
        (timedelta(minutes=59, seconds=59), "59 min"),
        (timedelta(hours=1), "1 h 00 min"),
        (timedelta(hours=1, minutes=5), "1 h 05 min"),
        (timedelta(hours=2, minutes=30, seconds=10), "2 h 30 min"),
        (timedelta(hours=25, minutes=1), "25 h 01 min"),
        (timedelta(minutes=-3), "0 min"),
    ],
)
def test_format_elapsed(elapsed: timedelta, text: str) -> None:
    assert format_elapsed(elapsed) == text


def test_the_stage_machine_is_pure() -> None:
    import ast
    import sys
    from pathlib import Path

    import sendmed_desktop.domain.stage_checklists as checklists
    import sendmed_desktop.domain.stages as machine

    for module in (machine, checklists):
        tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
        imported = {
            node.module.split(".")[0]
            if not node.module.startswith("sendmed_desktop")
            else node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        } | {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        outside = {
            name
            for name in imported
            if name not in sys.stdlib_module_names and not name.startswith("sendmed_desktop.domain")
        }
        assert outside == set(), module.__name__
