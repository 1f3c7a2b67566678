"""Dates, times and text as documents print them: British, English, in England's time.

Documents are read away from the computer that made them, so nothing here follows the
system locale or time zone: ``Wed 8 Apr 2026``, ``14:05 GMT``, always Europe/London.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from sendmed_desktop.domain.agreement import format_short_date

ENGLAND = ZoneInfo("Europe/London")


def format_date(value: date) -> str:
    """Return ``value`` as ``Wed 8 Apr 2026``, whatever the computer's language."""
    # One definition, shared with the agreement's easy-read and review text.
    return format_short_date(value)


def format_datetime(value: datetime) -> str:
    """Return ``value`` in England's time as ``Wed 14 Jan 2026, 12:05 GMT``.

    A naive value is taken as UTC, the way the workspace stores every moment.
    """
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    try:
        local = aware.astimezone(ENGLAND)
    except OverflowError:  # the first minutes of year 1: England's time is in year 0
        local = aware.astimezone(UTC)
    return f"{format_date(local.date())}, {local:%H:%M} {local.tzname()}"


def pdf_text(text: str, face: str | None = None) -> str:
    """Return ``text`` ready for a reportlab Paragraph in ``face`` (default DejaVu Sans).

    Shaped, in visual order, escaped, with a stand-in for what cannot print and each run
    the face lacks in a font that has it (the rule is in ``documents.fonts``).
    """
    # Imported here: fonts builds on visual_order below.
    from sendmed_desktop.documents.fonts import FONT, paragraph_markup

    return paragraph_markup(text, face or FONT)


# --- Right-to-left text -------------------------------------------------------------------
# reportlab draws characters one by one, left to right, with no shaping. An Arabic name
# would come out as separate letters in reverse order. Names are what this app prints in
# other scripts, so the two steps they need are done here: choose each letter's joined
# form (Arabic Presentation Forms, which DejaVu Sans carries) and reverse each
# right-to-left run. Enough for names and short phrases; not a full Unicode bidi engine
# (a run split across two lines, or digits inside a run, stay in logical order).

_TATWEEL = "\u0640"
_LAM = "\u0644"
_ALEFS = frozenset("\u0622\u0623\u0625\u0627")
_FORMS = ("isolated", "final", "initial", "medial")
_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")


@cache
def _arabic_tables() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Return each letter's presentation forms and the lam-alef ligatures, from Unicode."""
    letters: dict[str, dict[str, str]] = {}
    lam_alef: dict[str, dict[str, str]] = {}
    # Forms-B first: where both blocks have a form, Forms-B is the one fonts carry.
    for code in (*range(0xFE70, 0xFF00), *range(0xFB50, 0xFE00)):
        tag, _, rest = unicodedata.decomposition(chr(code)).partition(" ")
        form = tag.strip("<>")
        if form not in _FORMS:
            continue
        base = "".join(chr(int(part, 16)) for part in rest.split())
        if len(base) == 1:
            letters.setdefault(base, {}).setdefault(form, chr(code))
        elif len(base) == 2 and base[0] == _LAM and base[1] in _ALEFS:
            lam_alef.setdefault(base[1], {}).setdefault(form, chr(code))
    return letters, lam_alef


def _joins_forward(char: str | None) -> bool:
    if char is None:
        return False
    forms = _arabic_tables()[0].get(char, {})
    return char == _TATWEEL or "initial" in forms or "medial" in forms


def _joins_back(char: str | None) -> bool:
    if char is None:
        return False
    return char == _TATWEEL or "final" in _arabic_tables()[0].get(char, {})


def _shape_arabic(text: str) -> str:
    """Return ``text`` with each Arabic letter in the form its neighbours call for."""
    letters, lam_alef = _arabic_tables()
    marks = [unicodedata.category(char) == "Mn" for char in text]

    def neighbour(index: int, step: int) -> int | None:
        index += step
        while 0 <= index < len(text) and marks[index]:
            index += step
        return index if 0 <= index < len(text) else None

    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char not in letters:
            out.append(char)
            index += 1
            continue
        before, after = neighbour(index, -1), neighbour(index, 1)
        joined_before = _joins_forward(None if before is None else text[before])
        next_char = None if after is None else text[after]
        if char == _LAM and after is not None and next_char in lam_alef:
            # Lam followed by alef is always written as one ligature.
            ligature = lam_alef[text[after]]
            out.append(ligature.get("final" if joined_before else "isolated", char))
            out.extend(text[index + 1 : after])  # any vowel marks between them
            index = after + 1
            continue
        joined_before = joined_before and _joins_back(char)
        joined_after = _joins_forward(char) and _joins_back(next_char)
        form = _FORMS[int(joined_before) + 2 * int(joined_after)]
        forms = letters[char]
        out.append(forms.get(form) or forms.get("isolated") or char)
        index += 1
    return "".join(out)


def _is_rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


def visual_order(text: str) -> str:
    """Return ``text`` shaped and in the left-to-right order reportlab draws it."""
    if not any(_is_rtl(char) for char in text):
        return text
    shaped = _shape_arabic(text)
    out: list[str] = []
    index = 0
    while index < len(shaped):
        if not _is_rtl(shaped[index]):
            out.append(shaped[index])
            index += 1
            continue
        # A run: from this strong right-to-left character to the last one before any
        # left-to-right letter or digit, with the spaces and marks between them.
        end = index
        scan = index
        while scan < len(shaped) and unicodedata.bidirectional(shaped[scan]) not in (
            "L",
            "EN",
            "AN",
        ):
            if _is_rtl(shaped[scan]) or unicodedata.category(shaped[scan]) == "Mn":
                end = scan
            scan += 1
        out.append(_reverse_run(shaped[index : end + 1]))
        index = end + 1
    return "".join(out)


def _reverse_run(run: str) -> str:
    """Reverse a run by clusters, so each vowel mark still follows its letter."""
    clusters: list[str] = []
    for char in run:
        if clusters and unicodedata.category(char) == "Mn":
            clusters[-1] += char
        else:
            clusters.append(char)
    return "".join(reversed(clusters)).translate(_MIRRORED)
