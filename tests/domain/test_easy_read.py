"""The agreement in easy read, and as plain text for a screen reader."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from sendmed_desktop.domain.agreement import (
    ActionLine,
    AgreementContent,
    AttendeeLine,
    IssueLine,
    easy_read_lines,
    format_short_date,
    review_text,
)

SEND_PLAN = ActionLine(
    number=1,
    owner_name="Graham Whitfield",
    owner_role="SEN casework manager",
    owner_organisation="Northshire County Council",
    action="Send the draft plan to Sarah.",
    measure="Sarah receives the draft plan",
    due_on=date(2026, 2, 18),
    issue_number=1,
    plan_section="F",
    statutory_basis="Appealable matter (reg 44 timescales)",
    basis_explanation="The local authority must issue the draft EHC plan by Wednesday 18 ...",
)
CONTENT = AgreementContent(
    case_reference="SM-2026-0007",
    version=2,
    agreement_date=date(2026, 1, 14),
    child_name="Tobi Okafor",
    local_authority="Northshire County Council",
    meeting_date=date(2026, 1, 14),
    start_time="10:00",
    end_time="13:00",
    meeting_format="In person",
    venue="Northshire Family Hub",
    mediator_name="Helen Marsh",
    mediator_accreditation="CMC SEND register, SEND-0420",
    provider_name="Eastwick Mediation Services",
    family_parties=("Sarah Okafor",),
    decision_ground="s.51(2)(c) Content of the EHC plan",
    attendees=(
        AttendeeLine("Sarah Okafor", "Parent or carer"),
        AttendeeLine("Graham Whitfield", "Local authority officer", "Northshire", True),
    ),
    issues=(
        IssueLine(1, "Speech and language therapy", ("F",), "Education", "Agreed"),
        IssueLine(2, "Transport to school", ("H2",), "Social care", "Not agreed"),
    ),
    actions=(SEND_PLAN,),
    child_views_summary="Tobi likes the quiet room.",
    distribution=("Sarah Okafor", "Graham Whitfield"),
)


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (date(2026, 2, 18), "Wed 18 Feb 2026"),
        (date(2026, 4, 1), "Wed 1 Apr 2026"),
        (date(2025, 12, 28), "Sun 28 Dec 2025"),
    ],
)
def test_short_dates(day: date, shown: str) -> None:
    assert format_short_date(day) == shown


def test_easy_read_is_who_what_by_when() -> None:
    lines = easy_read_lines(CONTENT)
    assert lines[0] == (
        "This is what was agreed at mediation about Tobi Okafor on Wed 14 Jan 2026. "
        "It says who will do what, and by when."
    )
    assert lines[1:3] == [
        "Speech and language therapy: agreed.",
        "Transport to school: not agreed.",
    ]
    assert lines[3] == (
        "Graham Whitfield (SEN casework manager, Northshire County Council) will send the "
        "draft plan to Sarah by Wed 18 Feb 2026."
    )
    assert lines[4] == "Anything not agreed can still be appealed to the Tribunal."


def test_easy_read_has_one_action_a_line() -> None:
    second = replace(SEND_PLAN, number=2, action="Book a visit to Oak Hill", due_on=None)
    lines = easy_read_lines(replace(CONTENT, actions=(SEND_PLAN, second)))
    action_lines = [line for line in lines if line.startswith("Graham Whitfield")]
    assert len(action_lines) == 2
    assert action_lines[1] == (
        "Graham Whitfield (SEN casework manager, Northshire County Council) will book a "
        "visit to Oak Hill (the date is still to be agreed)."
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"action": "To arrange a visit to Oak Hill"}, "will arrange a visit to Oak Hill by"),
        ({"action": "Ask the SaLT to assess Tobi"}, "will ask the SaLT to assess Tobi by"),
        ({"action": "EHC plan: send the final version"}, "will EHC plan: send the final"),
        (
            {"owner_name": "", "owner_role": "", "owner_organisation": "Northshire SENDIASS"},
            "Northshire SENDIASS will",
        ),
        ({"owner_name": "", "owner_role": "", "owner_organisation": ""}, "Someone still to be"),
        ({"owner_role": "", "owner_organisation": ""}, "Graham Whitfield will send"),
    ],
)
def test_easy_read_wording(changes: dict[str, str], expected: str) -> None:
    lines = easy_read_lines(replace(CONTENT, actions=(replace(SEND_PLAN, **changes),)))
    assert any(expected in line for line in lines), lines


def test_easy_read_without_a_date_or_outcomes() -> None:
    undated = replace(
        CONTENT,
        agreement_date=None,
        child_name="",
        issues=(IssueLine(1, "Occupational therapy: who provides it", ("F",)),),
        actions=(),
    )
    assert easy_read_lines(undated) == [
        (
            "This is what was agreed at mediation about the child or young person. "
            "It says who will do what, and by when."
        ),
        "Occupational therapy: who provides it. No outcome recorded yet.",
    ]


def test_every_easy_read_line_is_a_short_sentence() -> None:
    for line in easy_read_lines(CONTENT):
        assert line.endswith(".")
        assert "\n" not in line


def test_review_text_reads_in_order_with_headings_as_lines() -> None:
    text = review_text(CONTENT)
    lines = text.splitlines()
    headings = [
        "Mediation agreement",
        "Who the agreement is about",
        "The meeting",
        "Who attended",
        "Issues and outcomes",
        "Agreed actions",
        "The child's views",
        "Confidentiality",
        "If an issue is not resolved",
        "Copies of this agreement go to",
    ]
    positions = [lines.index(heading) for heading in headings]
    assert positions == sorted(positions)
    for heading in headings[1:]:
        assert lines[lines.index(heading) - 1] == ""  # a blank line before each heading
    assert "Date of agreement: Wed 14 Jan 2026" in lines
    assert "Version: 2" in lines
    assert "Time: 10:00 to 13:00" in lines
    assert "Mediator: Helen Marsh (CMC SEND register, SEND-0420)" in lines
    assert (
        "Graham Whitfield, Local authority officer, Northshire, has authority to settle the "
        "issues" in lines
    )
    assert (
        "Issue 2: Transport to school. EHC plan sections: H2. Area: Social care. "
        "Outcome: Not agreed." in lines
    )
    assert "Who: Graham Whitfield (SEN casework manager, Northshire County Council)" in lines
    assert "What: Send the draft plan to Sarah" in lines
    assert "How everyone will know it is done: Sarah receives the draft plan" in lines
    assert "By: Wed 18 Feb 2026" in lines
    assert "About: Issue 1, Speech and language therapy" in lines
    assert "Tobi likes the quiet room." in lines
    assert CONTENT.confidentiality_statement in lines
    assert CONTENT.appeal_statement in lines
    # Plain text: no table rules, tabs or bullets for a screen reader to spell out.
    assert not any(mark in text for mark in ("|", "\t", "•", "---"))


def test_review_text_leaves_out_what_is_not_there() -> None:
    bare = AgreementContent("SM-1", 1, None, "Tobi Okafor", "Northshire County Council")
    text = review_text(bare)
    assert "Date of agreement: Not yet set" in text
    assert "Agreed actions\nNone." in text
    for absent in ("Who attended", "The child's views", "Copies of this agreement", "Venue:"):
        assert absent not in text
