"""The statutory clock (domain reference §3): worked examples, holidays and edge cases."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import holidays
import pytest

from sendmed_desktop.domain.timescales import (
    DEFAULT_CALENDAR,
    ActionOutcome,
    Counting,
    Deadline,
    MediationReading,
    WorkingCalendar,
    action_deadlines,
    add_months,
    adviser_contact_deadline,
    appeal_deadline,
    certificate_due_after_decline,
    certificate_due_after_mediation,
    certificate_due_not_held,
    format_date,
    icb_notification_due,
    latest_notice_date,
    mediation_due,
)
from sendmed_desktop.domain.working_days import _good_friday

D = date
CHRISTMAS_EVE_CLOSED = WorkingCalendar(christmas_eve_closed=True)
ENGLAND = holidays.country_holidays("GB", subdiv="ENG", years=range(2020, 2029))


# --- Worked examples from domain.md §3 ---------------------------------------------------


@pytest.mark.parametrize(
    ("rule_function", "told", "due"),
    [
        (certificate_due_after_decline, D(2026, 4, 1), D(2026, 4, 8)),
        (icb_notification_due, D(2026, 4, 1), D(2026, 4, 8)),
        (certificate_due_not_held, D(2026, 4, 1), D(2026, 4, 8)),
        (certificate_due_after_mediation, D(2026, 4, 1), D(2026, 4, 8)),
        (certificate_due_after_mediation, D(2025, 12, 23), D(2025, 12, 30)),
    ],
)
def test_worked_examples_third_working_day(rule_function, told, due):
    deadline = rule_function(told)
    assert deadline.due == due
    assert deadline.counting is Counting.WORKING_DAYS
    assert deadline.warnings == ()


def test_worked_example_mediation_held_within_30_days():
    deadline = mediation_due(D(2025, 12, 1))
    assert (deadline.rule, deadline.due) == ("R4", D(2025, 12, 31))


def test_worked_example_appeal_deadline_in_august():
    deadline = appeal_deadline(D(2026, 6, 30))
    assert deadline.due == D(2026, 9, 1)
    assert "Sunday 30 August 2026" in deadline.explanation
    assert "r.12(3)(a)" in deadline.explanation


def test_worked_example_plan_agreed():
    deadlines = action_deadlines(D(2026, 1, 14), ActionOutcome.MAKE_PLAN)
    assert [(d.rule, d.title, d.due) for d in deadlines] == [
        ("R11", "Draft EHC plan", D(2026, 2, 18)),
        ("R11", "Final EHC plan", D(2026, 4, 1)),
    ]


def test_worked_example_non_appealable_action():
    [deadline] = action_deadlines(D(2026, 1, 14), ActionOutcome.NOT_APPEALABLE)
    assert (deadline.rule, deadline.due) == ("R9", D(2026, 1, 28))


# --- The working-day calendar -------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 4, 2), True),  # Thursday before Easter
        (D(2026, 4, 3), False),  # Good Friday
        (D(2026, 4, 6), False),  # Easter Monday
        (D(2026, 4, 4), False),  # Saturday
        (D(2026, 4, 5), False),  # Sunday
        (D(2022, 9, 19), False),  # State funeral of Queen Elizabeth II (one-off)
        (D(2023, 5, 8), False),  # Coronation of King Charles III (one-off)
        (D(2022, 6, 3), False),  # Platinum Jubilee (one-off)
        (D(2022, 1, 3), False),  # New Year's Day (Saturday) substitute
        (D(2027, 12, 27), False),  # Christmas Day (Saturday) substitute
        (D(2027, 12, 28), False),  # Boxing Day (Sunday) substitute
        (D(2027, 12, 29), True),
        (D(2025, 12, 24), True),  # Christmas Eve works by default
        (D(2025, 12, 31), True),
    ],
)
def test_is_working_day(day, working):
    assert DEFAULT_CALENDAR.is_working_day(day) is working


def test_2027_double_substitute_days_come_from_the_holidays_package():
    assert D(2027, 12, 25).weekday() == 5
    assert D(2027, 12, 26).weekday() == 6
    assert D(2027, 12, 27) in ENGLAND
    assert D(2027, 12, 28) in ENGLAND


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2027, 12, 24), 1, D(2027, 12, 29)),  # Fri → skips the weekend and both substitutes
        (D(2027, 12, 23), 2, D(2027, 12, 29)),
        (D(2027, 12, 29), -1, D(2027, 12, 24)),
        (D(2027, 12, 23), 3, D(2027, 12, 30)),
        (D(2022, 9, 16), 1, D(2022, 9, 20)),  # over the state funeral
        (D(2023, 5, 5), 1, D(2023, 5, 9)),  # over the coronation
        (D(2023, 5, 9), -1, D(2023, 5, 5)),
        (D(2021, 12, 31), 1, D(2022, 1, 4)),  # 1 Jan on Saturday, substitute Monday 3 Jan
        (D(2025, 12, 30), 3, D(2026, 1, 5)),
        (D(2026, 4, 8), -5, D(2026, 3, 30)),
    ],
)
def test_add_working_days_across_holidays(start, n, expected):
    assert DEFAULT_CALENDAR.add_working_days(start, n) == expected


@pytest.mark.parametrize("day", [D(2026, 4, 4), D(2026, 4, 3), D(2026, 4, 8)])
def test_add_zero_working_days_returns_the_same_day(day):
    assert DEFAULT_CALENDAR.add_working_days(day, 0) == day


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 4, 2), D(2026, 4, 2)),
        (D(2026, 4, 3), D(2026, 4, 7)),
        (D(2027, 12, 25), D(2027, 12, 29)),
    ],
)
def test_next_working_day_on_or_after(day, expected):
    assert DEFAULT_CALENDAR.next_working_day_on_or_after(day) == expected


def test_christmas_eve_closed_setting():
    assert not CHRISTMAS_EVE_CLOSED.is_working_day(D(2025, 12, 24))
    assert CHRISTMAS_EVE_CLOSED.is_working_day(D(2025, 12, 23))
    assert CHRISTMAS_EVE_CLOSED.add_working_days(D(2027, 12, 23), 1) == D(2027, 12, 29)
    assert DEFAULT_CALENDAR.add_working_days(D(2027, 12, 23), 1) == D(2027, 12, 24)


def test_extra_closures_are_not_working_days():
    calendar = WorkingCalendar(extra_closures=[D(2026, 4, 2)])
    assert not calendar.is_working_day(D(2026, 4, 2))
    assert calendar.add_working_days(D(2026, 4, 1), 3) == D(2026, 4, 9)
    assert certificate_due_after_mediation(D(2026, 4, 1), calendar=calendar).due == D(2026, 4, 9)


def test_christmas_day_and_good_friday_are_never_working_days_whatever_the_data():
    # Past the package's last year it lists nothing, but these two days stay closed.
    assert not DEFAULT_CALENDAR.is_working_day(D(2102, 12, 25))  # a Monday
    assert not DEFAULT_CALENDAR.is_working_day(D(2102, 4, 7))  # Good Friday (Easter 9 April)
    assert DEFAULT_CALENDAR.is_working_day(D(2102, 4, 6))


def test_own_good_friday_matches_the_holidays_package():
    for year in range(1900, 2101):
        listed = holidays.country_holidays("GB", subdiv="ENG", years=year)
        [package_good_friday] = [day for day, name in listed.items() if name == "Good Friday"]
        assert _good_friday(year) == package_good_friday


def test_calendar_is_hashable_and_compares_by_value():
    a = WorkingCalendar(extra_closures=(D(2026, 4, 2),), christmas_eve_closed=True)
    b = WorkingCalendar(extra_closures=[D(2026, 4, 2)], christmas_eve_closed=True)
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b, DEFAULT_CALENDAR}) == 2
    assert a != WorkingCalendar(extra_closures=(D(2026, 4, 2),))


def test_default_known_until_is_31_december_two_years_ahead():
    known = DEFAULT_CALENDAR.known_until
    this_year = datetime.now(tz=UTC).year
    assert (known.month, known.day) == (12, 31)
    assert known.year == min(this_year + 2, 2100)


def test_holidays_package_publishes_england_for_every_year_up_to_known_until():
    for year in range(2000, DEFAULT_CALENDAR.known_until.year + 1):
        listed = holidays.country_holidays("GB", subdiv="ENG", years=year)
        assert len(listed) >= 8, year


def test_working_days_between_counts_after_start_up_to_end():
    assert DEFAULT_CALENDAR.working_days_between(D(2026, 4, 1), D(2026, 4, 8)) == 3
    assert DEFAULT_CALENDAR.working_days_between(D(2026, 4, 8), D(2026, 4, 1)) == -3
    assert DEFAULT_CALENDAR.working_days_between(D(2026, 4, 8), D(2026, 4, 8)) == 0


# --- Calendar months ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2024, 1, 30), 1, D(2024, 2, 29)),
        (D(2023, 1, 30), 1, D(2023, 2, 28)),
        (D(2024, 1, 29), 1, D(2024, 2, 29)),
        (D(2023, 1, 29), 1, D(2023, 2, 28)),
        (D(2023, 12, 31), 2, D(2024, 2, 29)),
        (D(2024, 12, 31), 2, D(2025, 2, 28)),
        (D(2025, 12, 29), 2, D(2026, 2, 28)),
        (D(2027, 12, 30), 2, D(2028, 2, 29)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 8, 31), 1, D(2026, 9, 30)),
        (D(2026, 10, 31), 1, D(2026, 11, 30)),
        (D(2026, 6, 30), 2, D(2026, 8, 30)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2026, 1, 15), -1, D(2025, 12, 15)),
        (D(2026, 1, 15), 0, D(2026, 1, 15)),
    ],
)
def test_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_adviser_contact_deadline_is_two_calendar_months():
    deadline = adviser_contact_deadline(D(2025, 12, 31))
    assert (deadline.rule, deadline.due) == ("R1", D(2026, 2, 28))
    assert deadline.counting is Counting.CALENDAR_DAYS
    assert "reg 33" in deadline.explanation


# --- Christmas and New Year (R7) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("concluded", "due_eve_open", "due_eve_closed"),
    [
        (D(2022, 12, 23), D(2022, 12, 30), D(2022, 12, 30)),  # Eve on Saturday
        (D(2024, 12, 23), D(2024, 12, 30), D(2024, 12, 31)),
        (D(2024, 12, 24), D(2024, 12, 31), D(2024, 12, 31)),
        (D(2025, 12, 23), D(2025, 12, 30), D(2025, 12, 31)),
        (D(2025, 12, 24), D(2025, 12, 31), D(2025, 12, 31)),
        (D(2026, 12, 23), D(2026, 12, 30), D(2026, 12, 31)),
        (D(2026, 12, 24), D(2026, 12, 31), D(2026, 12, 31)),
        (D(2027, 12, 23), D(2027, 12, 30), D(2027, 12, 31)),
        (D(2027, 12, 24), D(2027, 12, 31), D(2027, 12, 31)),
        (D(2027, 12, 30), D(2028, 1, 5), D(2028, 1, 5)),
    ],
)
def test_certificate_after_mediation_over_christmas(concluded, due_eve_open, due_eve_closed):
    assert certificate_due_after_mediation(concluded).due == due_eve_open
    closed = certificate_due_after_mediation(concluded, calendar=CHRISTMAS_EVE_CLOSED)
    assert closed.due == due_eve_closed


# --- Appeal deadline (R8) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("decision_sent", "certificate_issued", "due"),
    [
        # Christmas window: time ends 25 Dec–1 Jan → first working day after 1 January.
        (D(2026, 9, 30), D(2026, 11, 27), D(2027, 1, 4)),  # 27 Dec; 2 Jan 2027 is Saturday
        (D(2025, 9, 1), D(2025, 11, 25), D(2026, 1, 2)),  # ends on Christmas Day itself
        (D(2025, 9, 1), D(2025, 12, 1), D(2026, 1, 2)),  # ends on 1 January itself
        (D(2025, 10, 25), None, D(2026, 1, 2)),  # from the decision
        (D(2026, 10, 31), None, D(2027, 1, 4)),  # 31 Dec
        # Either side of the window.
        (D(2025, 10, 24), None, D(2025, 12, 24)),  # Christmas Eve, a Wednesday: no change
        (D(2022, 10, 24), None, D(2022, 12, 28)),  # Christmas Eve, a Saturday: r.12(2)
        (D(2025, 11, 2), None, D(2026, 1, 2)),  # 2 January itself
        # August: time ends in August → first working day after 31 August.
        (D(2026, 6, 1), None, D(2026, 9, 1)),  # 1 Aug 2026; 31 Aug is a bank holiday
        (D(2027, 6, 15), None, D(2027, 9, 1)),
        (D(2024, 6, 20), None, D(2024, 9, 2)),  # 1 Sep 2024 is a Sunday
        (D(2026, 5, 1), D(2026, 7, 10), D(2026, 9, 1)),  # certificate + 1 month in August
        (D(2027, 5, 1), D(2027, 7, 31), D(2027, 9, 1)),  # certificate → 31 August
        (D(2026, 5, 31), None, D(2026, 7, 31)),  # 31 July: not August
        # Non-working day outside the windows → next working day.
        (D(2026, 1, 7), None, D(2026, 3, 9)),  # Saturday 7 March
        (D(2026, 3, 10), D(2026, 3, 1), D(2026, 5, 11)),  # Sunday 10 May; decision is later
        (D(2026, 2, 3), None, D(2026, 4, 7)),  # Good Friday, then Easter Monday
        (D(2025, 12, 31), None, D(2026, 3, 2)),  # clamped to Saturday 28 February
        # Working day → unchanged; the later limb wins.
        (D(2026, 1, 14), D(2026, 3, 20), D(2026, 4, 20)),
        (D(2026, 1, 14), D(2026, 1, 20), D(2026, 3, 16)),  # Sat 14 Mar → Mon 16 Mar
    ],
)
def test_appeal_deadline(decision_sent, certificate_issued, due):
    deadline = appeal_deadline(decision_sent, certificate_issued)
    assert deadline.due == due
    assert deadline.rule == "R8"
    assert "extend time" in deadline.explanation
    assert "barred" not in deadline.explanation.lower()


def test_appeal_deadline_explains_the_christmas_window():
    deadline = appeal_deadline(D(2026, 9, 30), D(2026, 11, 27))
    assert "Sunday 27 December 2026" in deadline.explanation
    assert "after 1 January" in deadline.explanation
    assert "certificate" in deadline.explanation


def test_appeal_deadline_ignores_service_closures_but_says_so():
    closure = D(2026, 4, 2)
    calendar = WorkingCalendar(extra_closures=[closure])
    deadline = appeal_deadline(D(2026, 2, 2), calendar=calendar)
    assert deadline.due == closure
    assert any("Tuesday 7 April 2026" in w for w in deadline.warnings)
    assert appeal_deadline(D(2026, 2, 2)).warnings == ()


# --- Other rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meeting", "latest"),
    [
        (D(2026, 4, 8), D(2026, 3, 30)),  # over Easter
        (D(2026, 1, 12), D(2026, 1, 5)),
        (D(2026, 1, 7), D(2025, 12, 30)),  # over New Year's Day
    ],
)
def test_latest_notice_date(meeting, latest):
    deadline = latest_notice_date(meeting)
    assert (deadline.rule, deadline.due) == ("R5", latest)
    assert "agrees to less notice" in deadline.explanation


def test_mediation_reading_changes_only_the_wording():
    held = mediation_due(D(2026, 4, 1))
    arranged = mediation_due(D(2026, 4, 1), reading=MediationReading.ARRANGED)
    assert held.due == arranged.due == D(2026, 5, 1)
    assert "take place" in held.explanation
    assert "arranged" in arranged.explanation
    assert held.explanation != arranged.explanation
    health_only = mediation_due(D(2026, 4, 1), health_only=True)
    assert "ICB" in health_only.explanation


@pytest.mark.parametrize(
    ("deadline", "rule", "counting", "cited"),
    [
        (adviser_contact_deadline(D(2026, 1, 5)), "R1", Counting.CALENDAR_DAYS, "reg 33"),
        (certificate_due_after_decline(D(2026, 1, 5)), "R2", Counting.WORKING_DAYS, "reg 34"),
        (icb_notification_due(D(2026, 1, 5)), "R3", Counting.WORKING_DAYS, "regs 35–36"),
        (mediation_due(D(2026, 1, 5)), "R4", Counting.CALENDAR_DAYS, "regs 35–37"),
        (latest_notice_date(D(2026, 1, 20)), "R5", Counting.WORKING_DAYS, "Code of Practice"),
        (certificate_due_not_held(D(2026, 1, 5)), "R6", Counting.WORKING_DAYS, "IPSEA"),
        (certificate_due_after_mediation(D(2026, 1, 5)), "R7", Counting.WORKING_DAYS, "s.55(5)"),
        (appeal_deadline(D(2026, 1, 5)), "R8", Counting.CALENDAR_DAYS, "HESC Rules 2008"),
    ],
)
def test_each_rule_labels_itself(deadline, rule, counting, cited):
    assert deadline.rule == rule
    assert deadline.counting is counting
    assert cited in deadline.explanation
    assert deadline.title
    assert deadline.explanation.endswith(".")


# --- Agreed actions (R9–R12) --------------------------------------------------------------

AGREED = D(2026, 1, 14)

EXPECTED_ACTIONS = {
    ActionOutcome.ASSESS_OR_REASSESS: [
        ("R11", D(2026, 1, 28)),
        ("R11", D(2026, 3, 25)),
        ("R11", D(2026, 4, 22)),
    ],
    ActionOutcome.MAKE_PLAN: [("R11", D(2026, 2, 18)), ("R11", D(2026, 4, 1))],
    ActionOutcome.AMEND_PLAN: [("R11", D(2026, 2, 18))],
    ActionOutcome.NAME_SCHOOL: [("R11", D(2026, 1, 28))],
    ActionOutcome.NAME_SCHOOL_AND_AMEND: [("R11", D(2026, 2, 18))],
    ActionOutcome.CONTINUE_OR_CEASE: [("R11", D(2026, 1, 14))],
    ActionOutcome.NOT_APPEALABLE: [("R9", D(2026, 1, 28))],
    ActionOutcome.HEALTH_ONLY_NOTIFY_LA: [("R10", D(2026, 1, 21))],
}


def test_every_action_outcome_has_an_expectation():
    assert set(EXPECTED_ACTIONS) == set(ActionOutcome)


@pytest.mark.parametrize(("outcome", "expected"), list(EXPECTED_ACTIONS.items()))
def test_action_deadlines_for_every_outcome(outcome, expected):
    deadlines = action_deadlines(AGREED, outcome)
    assert [(d.rule, d.due) for d in deadlines] == expected
    assert all(d.counting is Counting.CALENDAR_DAYS for d in deadlines)
    assert all("reg" in d.explanation for d in deadlines)
    assert len({d.title for d in deadlines}) == len(deadlines)


def test_continue_or_cease_is_immediate():
    [deadline] = action_deadlines(AGREED, ActionOutcome.CONTINUE_OR_CEASE)
    assert deadline.due == AGREED
    assert "immediately" in deadline.explanation


@pytest.mark.parametrize(
    "outcome", [o for o in ActionOutcome if o is not ActionOutcome.HEALTH_ONLY_NOTIFY_LA]
)
def test_agreed_timescale_replaces_statutory_dates(outcome):
    agreed_date = D(2026, 3, 2)
    [deadline] = action_deadlines(AGREED, outcome, agreed_timescale=agreed_date)
    assert (deadline.rule, deadline.due) == ("R12", agreed_date)
    assert "42(5)" in deadline.explanation
    assert "in writing" in deadline.explanation
    for _, statutory_due in EXPECTED_ACTIONS[outcome]:
        assert format_date(statutory_due) in deadline.explanation
    assert deadline.warnings == ()


def test_agreed_timescale_before_the_agreement_is_flagged():
    [deadline] = action_deadlines(AGREED, ActionOutcome.AMEND_PLAN, D(2026, 1, 10))
    assert deadline.rule == "R12"
    assert any("before the mediation agreement" in w for w in deadline.warnings)


def test_agreed_timescale_cannot_change_the_icb_notification():
    [deadline] = action_deadlines(AGREED, ActionOutcome.HEALTH_ONLY_NOTIFY_LA, D(2026, 3, 2))
    assert (deadline.rule, deadline.due) == ("R10", D(2026, 1, 21))
    assert any("42(5)" in w for w in deadline.warnings)


# --- Beyond the known bank holidays -------------------------------------------------------

SHORT_HORIZON = WorkingCalendar(known_until=D(2026, 12, 31))


def test_working_day_rule_past_known_until_still_answers_with_a_warning():
    deadline = certificate_due_after_mediation(D(2026, 12, 30), calendar=SHORT_HORIZON)
    assert deadline.due == D(2027, 1, 5)
    [warning] = deadline.warnings
    assert "not yet known" in warning
    assert "31 December 2026" in warning


def test_working_day_rule_inside_known_until_has_no_warning():
    assert certificate_due_after_mediation(D(2026, 12, 18), calendar=SHORT_HORIZON).warnings == ()


@pytest.mark.parametrize(
    "deadline",
    [
        adviser_contact_deadline(D(2026, 11, 20), calendar=SHORT_HORIZON),
        mediation_due(D(2026, 12, 10), calendar=SHORT_HORIZON),
        latest_notice_date(D(2027, 1, 4), calendar=SHORT_HORIZON),
        appeal_deadline(D(2026, 11, 20), calendar=SHORT_HORIZON),
        *action_deadlines(D(2026, 12, 20), ActionOutcome.NAME_SCHOOL, calendar=SHORT_HORIZON),
        *action_deadlines(
            D(2026, 12, 1), ActionOutcome.NOT_APPEALABLE, D(2027, 2, 1), calendar=SHORT_HORIZON
        ),
    ],
)
def test_every_kind_of_rule_warns_past_known_until(deadline):
    assert any("not yet known" in w for w in deadline.warnings)


def test_default_calendar_warns_past_its_horizon():
    beyond = DEFAULT_CALENDAR.known_until + timedelta(days=10)
    deadline = certificate_due_after_decline(beyond)
    assert deadline.due > beyond
    assert any("not yet known" in w for w in deadline.warnings)


# --- The Deadline value -------------------------------------------------------------------


def test_deadline_is_frozen():
    deadline = certificate_due_after_mediation(D(2026, 4, 1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        deadline.due = D(2026, 4, 9)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("deadline", "today", "left"),
    [
        (certificate_due_after_mediation(D(2026, 4, 1)), D(2026, 4, 1), 3),
        (certificate_due_after_mediation(D(2026, 4, 1)), D(2026, 4, 2), 2),
        (certificate_due_after_mediation(D(2026, 4, 1)), D(2026, 4, 8), 0),
        (certificate_due_after_mediation(D(2026, 4, 1)), D(2026, 4, 9), -1),
        (mediation_due(D(2025, 12, 1)), D(2025, 12, 19), 12),
        (mediation_due(D(2025, 12, 1)), D(2026, 1, 2), -2),
    ],
)
def test_remaining_counts_in_the_rules_own_days(deadline: Deadline, today, left):
    assert deadline.remaining(today) == left


def test_format_date_is_british():
    assert format_date(D(2026, 4, 8)) == "Wednesday 8 April 2026"
