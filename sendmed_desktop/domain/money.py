"""Sums of money in pounds and pence, as the mediator types them and as they are shown.

Amounts are kept as whole pence (an int) so that adding expenses never loses a penny to
floating point.

Pure: standard library only; no Qt, no database, no I/O.
"""

from __future__ import annotations

import re

__all__ = ["MAXIMUM_PENCE", "format_money", "parse_money"]

# Far above any travel or childcare claim; a larger figure is almost certainly a typing slip.
MAXIMUM_PENCE = 10_000_000  # £100,000

# [0-9], not \d: \d also matches other scripts' digits, which int() would quietly accept.
_POUNDS = re.compile(
    r"""
    £?\s*
    (?P<pounds>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?   # 1234 or 1,234; may be left out: ".50"
    (?:\.(?P<pence>[0-9]*))?                       # any number of decimals, checked below
    """,
    re.VERBOSE,
)
_PENCE_ONLY = re.compile(r"(?P<pence>[0-9]+)\s*p")


def parse_money(text: str) -> int:
    """Return the amount in ``text`` in pence: "£12.50", "12.5", "1,234", "50p".

    Raises ValueError whose message tells the mediator what to type instead.
    """
    cleaned = text.strip().lower()
    if not cleaned:
        raise ValueError("Enter an amount, such as £12.50.")
    # "-5", "£-5", "£ -5" and the bookkeeper's "(5.00)" all mean a negative amount.
    if cleaned.lstrip("£ ").startswith(("-", "(")):
        raise ValueError("An amount cannot be negative.")
    if pence_only := _PENCE_ONLY.fullmatch(cleaned):
        return _checked(int(pence_only["pence"]))
    match = _POUNDS.fullmatch(cleaned)
    if match is None or not (match["pounds"] or match["pence"]):
        raise ValueError(f"“{text.strip()}” is not an amount of money: type it like £12.50.")
    decimals = match["pence"] or ""
    if len(decimals) > 2:
        raise ValueError("An amount can have at most 2 figures after the point (pence).")
    pounds = int((match["pounds"] or "0").replace(",", ""))
    return _checked(pounds * 100 + int(decimals.ljust(2, "0")))


def _checked(pence: int) -> int:
    if pence > MAXIMUM_PENCE:
        raise ValueError(f"An amount cannot be more than {format_money(MAXIMUM_PENCE)}.")
    return pence


def format_money(pence: int) -> str:
    """Return ``pence`` as the mediator reads it: "£1,234.50", "-£3.00"."""
    sign = "-" if pence < 0 else ""
    pounds, remainder = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{remainder:02d}"
