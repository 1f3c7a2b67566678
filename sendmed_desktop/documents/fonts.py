"""Which embedded font draws each character, and what prints where no font can.

reportlab has no font fallback of its own: a letter the font lacks prints as an empty
box, so a name in Chinese or an emoji would reach the page as a row of boxes. Every
character therefore goes through one rule before it reaches a page:

1. Tab, line feed, carriage return and the other spaces are layout: lines break there.
   So is a soft hyphen: it prints as nothing (it only marks where a word may break,
   and reportlab, which would honour it, takes minutes over a long text full of them).
2. Every other control character prints as a visible sign instead of being lost: a C0
   control as its Control Pictures sign (U+0000 as ␀ … U+001F as ␟), DEL as ␡, and a C1
   control as ``[U+0085]``. Lone surrogates and private-use characters, which have no
   agreed shape, print as ``[U+E000]`` too.
3. Any other character is drawn by the first font here that has a glyph for it: the
   paragraph's own DejaVu face, then DejaVu Sans, Droid Sans Fallback (Chinese and
   Japanese), Unifont (every other character of Unicode's first plane, Korean included)
   and Unifont Upper (emoji and other supplementary-plane characters). A combining mark
   stays in its letter's font when that font has it, so the accent sits on the letter.
   The common invisible format characters (zero-width joiner, direction marks) have
   zero-width glyphs in DejaVu, so they stay in the PDF's text without showing; the
   rarer ones show as Unifont's dashed box naming them.
4. A character no font has (unassigned, or rarer supplementary ideographs) prints as
   ``[U+2B740]``, so a reader can still tell what was typed. Two such stand-ins in a row
   are spaced apart: ``[U+E000] [U+E001]``.

Every font is embedded (subset) in the PDF. The fallback fonts are loaded only when a
document needs them: a document in Latin, Greek, Cyrillic or Arabic never loads them.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from sendmed_desktop.documents.formatting import visual_order
from sendmed_desktop.resources import resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
_FACE_FILES = {
    FONT: "fonts/DejaVuSans.ttf",
    FONT_BOLD: "fonts/DejaVuSans-Bold.ttf",
    FONT_ITALIC: "fonts/DejaVuSans-Oblique.ttf",
}
# In order of preference, after the DejaVu faces (resources/fonts/README.txt says how
# each file was made and under which licence).
FALLBACK_FONTS = {
    "DroidSansFallback": "fonts/DroidSansFallbackFull.ttf",
    "Unifont": "fonts/UnifontFallback.ttf",
    "UnifontUpper": "fonts/UnifontUpper.ttf",
}

_LAYOUT_CONTROLS = frozenset("\t\n\r")
_NO_BREAK_SPACE = "\u00a0"  # a space to Python, but a glyph to reportlab: it never breaks
SOFT_HYPHEN = "\u00ad"
_CONTROL_PICTURES = 0x2400  # U+2400 SYMBOL FOR NULL; C0 control n prints as U+2400 + n
_DELETE_PICTURE = "\u2421"
_NO_AGREED_SHAPE = frozenset(("Cs", "Co"))  # lone surrogate, private use
_MARKS = frozenset(("Mn", "Me"))


@cache
def register_fonts() -> None:
    """Register the DejaVu family with reportlab, once per process."""
    _fix_to_unicode_maps()
    for name, file in _FACE_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path(file))))
    # <b> and <i> in a Paragraph pick these faces; there is no bold oblique, so bold wins.
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD
    )


@cache
def register_fallback_fonts() -> None:
    """Register the fallback fonts with reportlab, once per process, when first needed."""
    register_fonts()
    for name, file in FALLBACK_FONTS.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path(file))))
        # Each has one face: a run inside <b> or <i> keeps it rather than failing.
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)


@cache
def _glyphs(font_name: str) -> dict[int, int]:
    """Return the registered TrueType font's map from code point to glyph."""
    glyphs: dict[int, int] = pdfmetrics.getFont(font_name).face.charToGlyph
    return glyphs


def _faces(face: str) -> tuple[str, ...]:
    return (face,) if face == FONT else (face, FONT)


def covers(font_name: str, text: str) -> bool:
    """Return whether the registered font has a glyph for every letter of ``text``."""
    register_fonts()
    glyphs = _glyphs(font_name)
    return all(ord(char) in glyphs for char in visual_order(text) if not char.isspace())


def has_regular_letters(face: str, text: str) -> bool:
    """Return whether ``face`` has every letter of ``text`` that DejaVu Sans has."""
    if face == FONT:
        return True
    shown = visual_order(printable(text, face))
    return all(font_for(char, face) != FONT for char in shown if not is_layout(char))


@lru_cache(maxsize=65_536)
def font_for(char: str, face: str = FONT) -> str | None:
    """Return the first font, from ``face`` on, with a glyph for ``char``; None if none has."""
    register_fonts()
    code = ord(char)
    for name in _faces(face):
        if code in _glyphs(name):
            return name
    register_fallback_fonts()
    for name in FALLBACK_FONTS:
        if code in _glyphs(name):
            return name
    return None


def is_layout(char: str) -> bool:
    """Return whether ``char`` only shapes the layout: a space, a line break, a soft hyphen."""
    return char == SOFT_HYPHEN or (char.isspace() and char != _NO_BREAK_SPACE)


def code_point(char: str) -> str:
    """Return ``char``'s stand-in text, such as ``[U+E000]``."""
    return f"[U+{ord(char):04X}]"


@lru_cache(maxsize=65_536)
def stand_in(char: str, face: str = FONT) -> str | None:
    """Return what prints in place of ``char``, or None when ``char`` prints as itself."""
    if char in _LAYOUT_CONTROLS:
        return None
    category = unicodedata.category(char)
    if category == "Cc":
        code = ord(char)
        if code < 0x20:
            return chr(_CONTROL_PICTURES + code)
        return _DELETE_PICTURE if code == 0x7F else code_point(char)
    if is_layout(char):
        return None
    if category in _NO_AGREED_SHAPE or font_for(char, face) is None:
        return code_point(char)
    return None


def printable(text: str, face: str = FONT) -> str:
    """Return ``text`` with a visible stand-in for every character that cannot print."""
    if text.isascii() and text.isprintable():
        return text  # the common case: DejaVu has every printable ASCII letter
    pieces: list[str] = []
    after_code = False
    for char in text:
        shown = stand_in(char, face) or char
        is_code = shown.startswith("[U+")
        # "[U+0085] [U+0085]": readable, and a line can break between them (without the
        # space a long run of them is one word, which reportlab lays out very slowly).
        pieces.append(f" {shown}" if is_code and after_code else shown)
        after_code = is_code
    return "".join(pieces)


def runs(text: str, face: str = FONT) -> list[tuple[str, str]]:
    """Split printable, visually ordered text into (font, text) runs each font can draw."""
    found: list[tuple[str, list[str]]] = []
    current = face
    for char in text:
        if is_layout(char):
            # reportlab draws a space between words in the run's font: keep the run going
            # (fewer font changes lay out faster) if that font has a space.
            font = current if ord(" ") in _glyphs(current) else face
        elif unicodedata.category(char) in _MARKS and ord(char) in _glyphs(current):
            font = current
        else:
            font = font_for(char, face) or face
        if found and found[-1][0] == font:
            found[-1][1].append(char)
        else:
            found.append((font, [char]))
        current = font
    return [(font, "".join(chars)) for font, chars in found]


def paragraph_markup(text: str, face: str = FONT) -> str:
    """Return plain ``text`` as Paragraph markup in ``face``: every character drawable.

    Stand-ins replace what cannot print, right-to-left runs are put in visual order,
    markup characters are escaped, and each run ``face`` lacks names its font.
    """
    if text.isascii() and text.isprintable():
        return escape(text)
    shown = visual_order(printable(text, face).replace(SOFT_HYPHEN, ""))
    return "".join(
        escape(run) if font == face else f'<font face="{font}">{escape(run)}</font>'
        for font, run in runs(shown, face)
    )


def _canvas_runs(text: str, face: str) -> list[tuple[str, str]]:
    # One line on a canvas, which would draw a tab or line feed as a box: each break is a
    # space there, and a soft hyphen nothing, as in a paragraph.
    line = "".join(
        ("" if char == SOFT_HYPHEN else " ") if is_layout(char) else char
        for char in printable(text, face)
    )
    return runs(visual_order(line), face)


def string_width(text: str, face: str, size: float) -> float:
    """Return the width ``draw_string`` takes to draw ``text`` on one line."""
    widths: list[float] = [
        pdfmetrics.stringWidth(run, font, size) for font, run in _canvas_runs(text, face)
    ]
    return sum(widths)


def fit_line(text: str, face: str, size: float, width: float) -> str:
    """Return ``text``, or it shortened in the middle with "…" to fit ``width`` on one line."""
    if string_width(text, face, size) <= width:
        return text

    def shortened(keep: int) -> str:
        return f"{text[:keep]}…{text[len(text) - keep :]}"

    low, high = 0, len(text) // 2  # the most letters kept at each end that still fit
    while low < high:
        middle = (low + high + 1) // 2
        if string_width(shortened(middle), face, size) <= width:
            low = middle
        else:
            high = middle - 1
    return shortened(low)


def draw_string(canvas: Any, at: tuple[float, float], text: str, face: str, size: float) -> None:
    """Draw ``text`` on one line from ``at`` (x, y), each run in a font with its letters."""
    line = canvas.beginText(*at)
    parts = _canvas_runs(text, face) or [(face, "")]
    for index, (font, run) in enumerate(parts, start=1):
        line.setFont(font, size)
        # The last run ends the line, as drawString does: text extractors see a line end.
        (line.textLine if index == len(parts) else line.textOut)(run)
    canvas.drawText(line)


def _to_unicode_map(font_name: str, subset: list[int]) -> str:
    """Return a ToUnicode CMap for one embedded subset, in UTF-16 as PDF requires."""
    entries = [
        f"<{index:02X}> <{chr(code).encode('utf-16-be', 'surrogatepass').hex().upper()}>"
        for index, code in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({font_name})",
            f"/Ordering ({font_name})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{font_name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _fix_to_unicode_maps() -> None:
    """Make reportlab map emoji and other supplementary letters back to their text.

    reportlab writes each letter's code point as plain hex (``<1F469>``), which is not
    UTF-16: readers cannot turn an emoji back into text, so copying, searching and screen
    readers lose it. The map is replaced by one written as PDF requires (``<D83DDC69>``),
    the same byte for byte for every other letter; a reportlab that gets it right keeps
    its own.
    """
    emoji = 0x1F469
    if "<D83DDC69>" not in ttfonts.makeToUnicodeCMap("Probe", [emoji]):
        ttfonts.makeToUnicodeCMap = _to_unicode_map
