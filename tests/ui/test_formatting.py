"""Dates as the mediator reads them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from sendmed_desktop.ui.formatting import (
    format_date,
    format_datetime,
    format_short_date,
    parse_date,
)


def test_format_date_is_short_weekday_day_month_year() -> None:
    assert format_date(date(2026, 4, 8)) == "Wed 8 Apr 2026"
    assert format_date(date(2025, 12, 25)) == "Thu 25 Dec 2025"


def test_format_datetime_uses_local_time() -> None:
    moment = datetime(2026, 4, 8, 13, 5, tzinfo=UTC)
    local = moment.astimezone()
    assert format_datetime(moment) == f"{format_date(local.date())}, {local:%H:%M}"


def test_format_datetime_converts_from_another_zone() -> None:
    moment = datetime(2026, 4, 8, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    local = moment.astimezone()
    assert format_datetime(moment).startswith(format_date(local.date()))


def test_short_date_and_parse_round_trip() -> None:
    assert format_short_date(date(2026, 4, 8)) == "08/04/2026"
    assert parse_date("08/04/2026") == date(2026, 4, 8)
    assert parse_date(" 8.4.2026 ") == date(2026, 4, 8)


@pytest.mark.parametrize("text", ["", "2026-04-08", "31/02/2026", "8/4/26", "soon"])
def test_parse_date_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - any unparseable input
        parse_date(text)
