"""Dates and times as the mediator reads them: ``Wed 8 Apr 2026``, in local time."""

from __future__ import annotations

import re
from datetime import date, datetime

# Fixed English names: strftime's %a and %b follow the system locale, and the app's
# wording is British English whatever the computer's language setting.
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


def format_date(value: date) -> str:
    """Return ``value`` as ``Wed 8 Apr 2026``."""
    return f"{_DAYS[value.weekday()]} {value.day} {_MONTHS[value.month - 1]} {value.year}"


def format_datetime(value: datetime) -> str:
    """Return ``value`` in local time as ``Wed 8 Apr 2026, 14:05``."""
    local = value.astimezone() if value.tzinfo is not None else value
    return f"{format_date(local.date())}, {local:%H:%M}"


def format_short_date(value: date) -> str:
    """Return ``value`` as ``08/04/2026``."""
    return f"{value:%d/%m/%Y}"


def parse_date(text: str) -> date:
    """Return the date written as dd/mm/yyyy in ``text``; raise ValueError if it is not one."""
    match = _DMY.match(text)
    if match is None:
        raise ValueError(text)
    day, month, year = (int(part) for part in match.groups())
    return date(year, month, day)
