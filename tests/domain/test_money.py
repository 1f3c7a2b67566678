"""Typing amounts of money in pounds and pence, and showing them."""

from __future__ import annotations

import re

import pytest

from sendmed_desktop.domain.money import MAXIMUM_PENCE, format_money, parse_money


@pytest.mark.parametrize(
    ("typed", "pence"),
    [
        ("12.50", 1250),
        ("£12.50", 1250),
        (" £ 12.5 ", 1250),
        ("12", 1200),
        ("12.", 1200),
        (".5", 50),
        ("0.05", 5),
        ("0", 0),
        ("1,234", 123400),
        ("£1,234.56", 123456),
        ("50p", 50),
        ("50 p", 50),
        ("£100,000", MAXIMUM_PENCE),
    ],
)
def test_amounts_the_mediator_may_type(typed: str, pence: int) -> None:
    assert parse_money(typed) == pence


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter an amount, such as £12.50."),
        ("   ", "Enter an amount, such as £12.50."),
        ("-5", "An amount cannot be negative."),
        ("£-5.00", "An amount cannot be negative."),
        ("£ -5", "An amount cannot be negative."),
        ("(5.00)", "An amount cannot be negative."),
        ("12.505", "An amount can have at most 2 figures after the point (pence)."),
        ("abc", "“abc” is not an amount of money: type it like £12.50."),
        ("£", "“£” is not an amount of money: type it like £12.50."),
        ("1,23", "“1,23” is not an amount of money: type it like £12.50."),
        ("1e3", "“1e3” is not an amount of money: type it like £12.50."),
        ("١٢", "“١٢” is not an amount of money: type it like £12.50."),  # Arabic-Indic digits
        ("£100,000.01", "An amount cannot be more than £100,000.00."),
    ],
)
def test_what_is_not_an_amount_is_explained(typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        parse_money(typed)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("pence", "shown"),
    [(0, "£0.00"), (5, "£0.05"), (1250, "£12.50"), (123456, "£1,234.56"), (-300, "-£3.00")],
)
def test_format_money(pence: int, shown: str) -> None:
    assert format_money(pence) == shown


@pytest.mark.parametrize("pence", [0, 1, 99, 100, 1250, 123456, MAXIMUM_PENCE])
def test_what_is_shown_reads_back(pence: int) -> None:
    assert parse_money(format_money(pence)) == pence
