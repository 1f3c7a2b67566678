"""Dates, times and right-to-left names as documents print them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sendmed_desktop.documents.formatting import (
    format_date,
    format_datetime,
    pdf_text,
    visual_order,
)


def test_dates_are_british_and_short() -> None:
    assert format_date(date(2026, 4, 8)) == "Wed 8 Apr 2026"
    assert format_date(date(2025, 12, 23)) == "Tue 23 Dec 2025"


def test_times_are_in_england_with_the_zone_named() -> None:
    assert format_datetime(datetime(2026, 1, 14, 12, 5, tzinfo=UTC)) == "Wed 14 Jan 2026, 12:05 GMT"
    assert format_datetime(datetime(2026, 6, 14, 12, 5, tzinfo=UTC)) == "Sun 14 Jun 2026, 13:05 BST"
    # Late evening UTC in summer is already the next day in England.
    assert format_datetime(datetime(2026, 6, 14, 23, 30, tzinfo=UTC)).startswith("Mon 15 Jun")
    # Naive values are stored UTC.
    assert format_datetime(datetime(2026, 1, 14, 12, 5)) == "Wed 14 Jan 2026, 12:05 GMT"


def test_left_to_right_text_is_unchanged() -> None:
    for text in ("Zoë Łukasz Wiśniewska", "Tobi (age 9)", ""):
        assert visual_order(text) == text


def test_arabic_is_shaped_and_reversed() -> None:
    # Salam: seen (initial) lam-alef (final ligature) meem (isolated), drawn right to left.
    assert visual_order("سلام") == "\ufee1\ufefc\ufeb3"
    # Yusuf: yeh initial, waw final, seen initial, feh final.
    assert visual_order("يوسف") == "\ufed2\ufeb3\ufeee\ufef3"


def test_a_name_inside_english_keeps_the_english_in_place() -> None:
    shaped = visual_order("Signed by يوسف (parent)")
    assert shaped.startswith("Signed by ")
    assert shaped.endswith(" (parent)")
    assert visual_order("يوسف") in shaped


def test_pdf_text_escapes_markup() -> None:
    assert pdf_text("A & B <b>") == "A &amp; B &lt;b&gt;"
