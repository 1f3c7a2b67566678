"""SMART checks on agreed actions, and the statutory dates an action answers to."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from sendmed_desktop.domain.smart import (
    ActionDraft,
    SmartFinding,
    action_timing,
    check_action,
)
from sendmed_desktop.domain.timescales import ActionOutcome
from sendmed_desktop.domain.vocabulary import StatutoryBasis

TODAY = date(2026, 1, 14)
CLEAN = ActionDraft(
    owner_name="Graham Whitfield",
    owner_role="SEN casework manager",
    owner_organisation="Northshire County Council",
    action="Send the draft EHC plan to Sarah",
    measure="Sarah receives the draft plan by email",
    due_on=date(2026, 2, 18),
    statutory_basis=StatutoryBasis.APPEALABLE,
    statutory_limit=date(2026, 4, 1),
)
ALTERNATIVE = StatutoryBasis.ALTERNATIVE_AGREED
V = "action.vague."

# (what the row shows, the fields changed from CLEAN, the finding keys expected)
ROWS: list[tuple[str, dict[str, Any], list[str]]] = [
    ("clean action", {}, []),
    # Owner: a named person with a role, not a body.
    ("the LA as owner", {"owner_name": "the LA"}, ["owner.not_a_person"]),
    ("LA as owner", {"owner_name": "LA"}, ["owner.not_a_person"]),
    ("organisation only", {"owner_name": ""}, ["owner.not_a_person"]),
    ("council as owner", {"owner_name": "Northshire County Council"}, ["owner.not_a_person"]),
    ("the school as owner", {"owner_name": "The school"}, ["owner.not_a_person"]),
    ("a team as owner", {"owner_name": "SEN Team"}, ["owner.not_a_person"]),
    ("ICB as owner", {"owner_name": "ICB"}, ["owner.not_a_person"]),
    ("an unusual name is still a name", {"owner_name": "Eastwick Wellbeing"}, []),
    (
        "name repeats the organisation",
        {"owner_name": "Eastwick Wellbeing", "owner_organisation": "Eastwick Wellbeing"},
        ["owner.not_a_person"],
    ),
    (
        "no owner at all",
        {"owner_name": "", "owner_role": "", "owner_organisation": ""},
        ["owner.missing"],
    ),
    ("person without a role", {"owner_role": ""}, ["owner.no_role"]),
    ("doctor as owner", {"owner_name": "Dr Owen Blake"}, []),
    (
        "parent with no organisation",
        {"owner_name": "Sarah Okafor", "owner_role": "Parent", "owner_organisation": ""},
        [],
    ),
    # Action: a concrete verb and what it is done to.
    ("consider", {"action": "Consider funding extra therapy sessions"}, [V + "consider"]),
    ("CONSIDER in capitals", {"action": "CONSIDER extra sessions for Tobi"}, [V + "consider"]),
    ("considering", {"action": "Keep considering a new timetable"}, [V + "consider"]),
    ("look into", {"action": "Look into transport options for Tobi"}, [V + "look_into"]),
    ("explore", {"action": "Explore a part-time timetable with school"}, [V + "explore"]),
    ("try", {"action": "Try to arrange a visit to Oak Hill"}, [V + "try"]),
    ("discuss", {"action": "Discuss the draft plan with Sarah"}, [V + "discuss"]),
    ("aim to", {"action": "Aim to send the draft plan"}, [V + "aim_to"]),
    ("endeavour", {"action": "Endeavour to send the plan to Sarah"}, [V + "endeavour"]),
    ("hope to", {"action": "Hope to name a school for September"}, [V + "hope_to"]),
    ("where possible", {"action": "Send the report where possible"}, [V + "where_possible"]),
    ("if appropriate", {"action": "Arrange an OT review if appropriate"}, [V + "if_appropriate"]),
    ("as appropriate", {"action": "Provide support as appropriate"}, [V + "if_appropriate"]),
    ("may", {"action": "The school may provide a laptop"}, [V + "may"]),
    ("might", {"action": "Fund a laptop, which might help"}, [V + "may"]),
    ("review whether", {"action": "Review whether the placement works"}, [V + "review_whether"]),
    ("think about", {"action": "Think about a new timetable"}, [V + "think_about"]),
    ("in due course", {"action": "Send the plan in due course"}, [V + "in_due_course"]),
    ("as soon as possible", {"action": "Send it as soon as possible"}, [V + "as_soon_as_possible"]),
    ("ASAP", {"action": "Send the report ASAP"}, [V + "as_soon_as_possible"]),
    (
        "two vague phrases",
        {"action": "Consider a laptop where possible"},
        [V + "consider", V + "where_possible"],
    ),
    ("May the month, with a day", {"action": "Send the draft plan by 5 May 2026"}, []),
    ("May the month, mid-sentence", {"action": "Hold the annual review meeting in May"}, []),
    ("review without whether", {"action": "Review the placement at the annual review"}, []),
    ("words that contain a vague one", {"action": "Send the tryout report and mayoral letter"}, []),
    ("too short", {"action": "Send"}, ["action.too_short"]),
    ("two words", {"action": "Fund therapy"}, ["action.too_short"]),
    ("no action", {"action": "  "}, ["action.missing"]),
    # Measure: the evidence that it is done.
    ("no measure", {"measure": ""}, ["measure.missing"]),
    ("measure just done", {"measure": "Done"}, ["measure.not_evidence"]),
    ("measure just completed", {"measure": "Completed."}, ["measure.not_evidence"]),
    # Deadline: a real date, not past, within the statutory limit unless agreed otherwise.
    ("no date", {"due_on": None}, ["due.missing"]),
    ("date in the past", {"due_on": date(2026, 1, 13)}, ["due.past"]),
    ("date is today", {"due_on": TODAY}, []),
    ("date on the limit", {"due_on": date(2026, 4, 1)}, []),
    ("date after the limit", {"due_on": date(2026, 4, 2)}, ["due.after_limit"]),
    (
        "non-appealable after 2 weeks",
        {
            "statutory_basis": StatutoryBasis.NOT_APPEALABLE,
            "statutory_limit": date(2026, 1, 28),
            "due_on": date(2026, 1, 29),
        },
        ["due.after_limit"],
    ),
    (
        "alternative timescale agreed in writing",
        {
            "statutory_basis": ALTERNATIVE,
            "statutory_limit": None,
            "due_on": date(2026, 6, 1),
            "alternative_note": "Both parties agreed 1 June in writing at the meeting.",
        },
        [],
    ),
    (
        "alternative timescale, past the statutory limit, still fine",
        {
            "statutory_basis": ALTERNATIVE,
            "due_on": date(2026, 6, 1),
            "alternative_note": "Agreed in writing: the specialist report is due in May.",
        },
        [],
    ),
    (
        "alternative timescale with nothing written",
        {"statutory_basis": ALTERNATIVE, "due_on": date(2026, 6, 1), "alternative_note": " "},
        ["due.no_written_agreement"],
    ),
    (
        "everything missing",
        {"owner_name": "", "owner_role": "", "owner_organisation": "", "action": "",
         "measure": "", "due_on": None},
        ["owner.missing", "action.missing", "measure.missing", "due.missing"],
    ),
]  # fmt: skip

# Without these there is no action, or the date breaks the law: they cannot be set aside.
MUST_FIX = {
    "owner.missing",
    "action.missing",
    "measure.missing",
    "due.missing",
    "due.after_limit",
    "due.no_written_agreement",
}
DRAFT_FIELDS = {f.name for f in dataclasses.fields(ActionDraft)}


def test_the_table_is_large_enough() -> None:
    assert len(ROWS) >= 30


@pytest.mark.parametrize(("changes", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_check_action(changes: dict[str, Any], expected: list[str]) -> None:
    findings = check_action(replace(CLEAN, **changes), today=TODAY)
    assert [f.key for f in findings] == expected
    for finding in findings:
        assert finding.can_acknowledge is (finding.key not in MUST_FIX)
        assert finding.field in DRAFT_FIELDS
        _assert_one_sentence(finding)


def _assert_one_sentence(finding: SmartFinding) -> None:
    message = finding.message
    assert message[0].isupper() or message[0] == "“", message
    assert message.endswith("."), message
    assert ". " not in message.rstrip("."), message


def test_the_vague_word_is_quoted_as_written() -> None:
    (finding,) = check_action(replace(CLEAN, action="Look Into transport for Tobi"), today=TODAY)
    assert finding.message.startswith("“Look Into”")


def test_a_past_date_names_the_date() -> None:
    (finding,) = check_action(replace(CLEAN, due_on=date(2026, 1, 2)), today=TODAY)
    assert "Fri 2 Jan 2026" in finding.message


def test_statutory_dates_of_a_plan_to_be_issued() -> None:
    timing = action_timing(
        date(2026, 1, 14), StatutoryBasis.APPEALABLE, ActionOutcome.MAKE_PLAN, None
    )
    assert [d.due for d in timing.deadlines] == [date(2026, 2, 18), date(2026, 4, 1)]
    assert timing.suggested_due == date(2026, 2, 18)
    assert timing.statutory_limit == date(2026, 4, 1)
    assert "Wednesday 18 February 2026" in timing.explanation
    assert "Wednesday 1 April 2026" in timing.explanation
    assert timing.problem is None


def test_a_non_appealable_action_is_due_in_two_weeks() -> None:
    timing = action_timing(date(2026, 1, 14), StatutoryBasis.NOT_APPEALABLE, None, None)
    assert timing.suggested_due == timing.statutory_limit == date(2026, 1, 28)
    assert "reg 42(3)" in timing.explanation


def test_an_alternative_timescale_replaces_the_statutory_dates() -> None:
    timing = action_timing(
        date(2026, 1, 14), ALTERNATIVE, ActionOutcome.AMEND_PLAN, date(2026, 3, 31)
    )
    (deadline,) = timing.deadlines
    assert (deadline.rule, deadline.due) == ("R12", date(2026, 3, 31))
    assert timing.suggested_due == date(2026, 3, 31)
    assert timing.statutory_limit is None
    assert "instead of the statutory date of Wednesday 18 February 2026" in timing.explanation


def test_an_alternative_timescale_needs_a_typed_date() -> None:
    assert action_timing(date(2026, 1, 14), ALTERNATIVE, None, None).deadlines == ()


def test_an_appealable_action_needs_what_is_asked() -> None:
    timing = action_timing(date(2026, 1, 14), StatutoryBasis.APPEALABLE, None, None)
    assert timing.deadlines == ()
    assert timing.problem is not None
    assert (timing.problem.key, timing.problem.can_acknowledge) == ("basis.no_outcome", False)
    not_a_reg_44_outcome = action_timing(
        date(2026, 1, 14), StatutoryBasis.APPEALABLE, ActionOutcome.NOT_APPEALABLE, None
    )
    assert not_a_reg_44_outcome.problem is not None


def test_no_dates_without_an_agreement_date() -> None:
    timing = action_timing(None, StatutoryBasis.APPEALABLE, ActionOutcome.AMEND_PLAN, None)
    assert (timing.deadlines, timing.suggested_due, timing.problem) == ((), None, None)
