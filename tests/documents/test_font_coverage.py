"""Every character typed prints: fallback fonts, stand-ins, embedded fonts, text read back.

The helpers at the top are shared with the hostile-input properties
(tests/test_hostile_input.py). What "present in the PDF" means there and here:

- The PDF's text is what pypdf extracts from every page.
- Both sides are decomposed with NFKD. Arabic prints as its joined presentation forms
  (U+FExx), which decompose back to the letters typed; ``e`` + U+0301 may come back as
  ``é`` or the other way round. Decomposition is per character, so the order letters come
  back in (right-to-left runs are drawn reversed) does not matter: characters are counted.
- A bracket inside a right-to-left run is drawn mirrored, so ``(`` and ``)`` count alike.
- Layout characters (spaces, tab, line feed, soft hyphen) are not counted: they become
  line breaks and gaps, not marks on the page.
- The input is first put through ``fonts.printable``: a character that prints as a
  stand-in (``␀``, ``[U+E000]``) is expected as that stand-in.
"""

from __future__ import annotations

import io
import subprocess
import sys
import unicodedata
from collections import Counter
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader

from sendmed_desktop.documents import fonts
from sendmed_desktop.documents.agreement_pdf import build_agreement
from sendmed_desktop.documents.fonts import (
    FALLBACK_FONTS,
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    code_point,
    font_for,
    is_layout,
    printable,
    stand_in,
    string_width,
)
from sendmed_desktop.documents.pdf_base import DocumentBuilder, RenderedDocument, footer_line
from sendmed_desktop.resources import resource_path
from tests.documents.samples import CONTENT, sample_signed

_MIRRORED = str.maketrans(")]}>»", "([{<«")
_FONT_FILES = ("fonts/DroidSansFallbackFull.ttf", "fonts/UnifontFallback.ttf")


def extracted_text(pdf: bytes) -> str:
    """Return the text pypdf reads from every page of ``pdf``."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def visible(text: str) -> Counter[str]:
    """Count the characters a reader finds on the page for ``text`` (see the docstring)."""
    decomposed = unicodedata.normalize("NFKD", text).translate(_MIRRORED)
    return Counter(char for char in decomposed if not is_layout(char))


def missing_from(found: Counter[str], *printed: str) -> dict[str, int]:
    """Return each character of ``printed`` (as printed) that ``found`` lacks, and how many."""
    expected = sum((visible(printable(text)) for text in printed), Counter[str]())
    lacking = expected - found
    return {f"U+{ord(char):04X} {unicodedata.name(char, '?')}": n for char, n in lacking.items()}


def printed_text(document: RenderedDocument) -> str:
    """Return the text the builder recorded, less the label it notes for a drawn signature."""
    return document.text.replace("Drawn signature", "")


def font_report(pdf: bytes) -> dict[str, bool]:
    """Return every font the PDF's pages use, by name, and whether its file is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[str(font["/BaseFont"]).split("+")[-1]] = embedded
    return found


def assert_prints_everything(document: RenderedDocument, *inputs: str) -> None:
    """Assert every character printed (the inputs among it) is in the PDF, fonts embedded."""
    printed = printed_text(document)
    assert missing_from(visible(printable(printed)), *inputs) == {}, "an input was not printed"
    in_pdf = visible(extracted_text(document.pdf))
    assert missing_from(in_pdf, printed) == {}, "a printed character is not in the PDF"
    used = font_report(document.pdf)
    assert all(used.values()), f"fonts not embedded: {used}"


# Every script, drawn by the font that has it ------------------------------------------------

EVERY_SCRIPT = (
    "Zoë Łukasz Ğül Nguyễn Ελένη Дмитрий Անի ნინო "  # DejaVu: Latin, Greek, Cyrillic, …
    "مريم (يوسف) שָׁלוֹם "  # Arabic, joined; Hebrew with points
    "李小龍 山田花子 ひらがな カタカナ "  # Droid Sans Fallback
    "김민준 हिन्दी ਪੰਜਾਬੀ বাংলা தமிழ் ગુજરાતી සිංහල አማርኛ ภาษาไทย "  # Unifont
    "👩‍👩‍👧 ❤️ 🙂 𝄞 𐍈"  # Unifont Upper (the heart is DejaVu's)
)


def test_each_script_is_drawn_by_a_font_that_has_it() -> None:
    assert font_for("Ł") == FONT
    assert font_for("李") == "DroidSansFallback"
    assert font_for("ひ") == "DroidSansFallback"
    assert font_for("김") == "Unifont"  # Droid Sans Fallback has almost no Hangul
    assert font_for("ह") == "Unifont"
    assert font_for("ሀ") == "Unifont"
    assert font_for("🙂") == "UnifontUpper"
    assert font_for("𝄞") == "UnifontUpper"
    assert font_for("ي", FONT_ITALIC) == FONT  # the oblique face has no Arabic
    assert font_for("𝖠", FONT_BOLD) == FONT  # nor the bold face this mathematical A


def test_bold_and_italic_give_way_only_to_letters_the_regular_face_has() -> None:
    builder = DocumentBuilder()

    def faces(text: str, markup: str) -> set[str]:
        return {frag.fontName for frag in builder.para(text, markup=markup).frags}

    # Bold around what only a fallback font has; the ␀ stand-in comes from Unifont.
    assert faces("Zoë 李 \x00", "b") == {FONT_BOLD, "DroidSansFallback", "Unifont"}
    assert faces("Zoë يوسف", "i") == {FONT}  # the oblique face has no Arabic: all upright
    assert faces("Zoë 𝖠", "b") == {FONT}


def test_every_assigned_character_of_the_first_plane_has_a_glyph() -> None:
    # Python's Unicode database: every letter, mark, number, symbol and space assigned in
    # the Basic Multilingual Plane is drawn by some embedded font, none by a stand-in.
    lacking = [
        f"U+{code:04X}"
        for code in range(0x10000)
        if unicodedata.category(chr(code)) not in ("Cc", "Cs", "Co", "Cn")
        and stand_in(chr(code)) is not None
    ]
    assert lacking == []


def test_every_emoji_has_a_glyph() -> None:
    emoji = [
        chr(code)
        for code in (*range(0x1F300, 0x1F650), *range(0x1F680, 0x1F700), *range(0x1F900, 0x1FB00))
        if unicodedata.category(chr(code)) == "So"
    ]
    assert len(emoji) > 1000
    assert [char for char in emoji if stand_in(char) is not None] == []


def test_what_cannot_print_has_a_visible_stand_in() -> None:
    assert stand_in("\x00") == "␀"
    assert stand_in("\x1b") == "␛"
    assert stand_in("\x1f") == "␟"
    assert stand_in("\x0b") == "␋"  # a vertical tab is a control, not a line break here
    assert stand_in("\x7f") == "␡"
    assert stand_in("\x85") == "[U+0085]"
    assert stand_in("\ue000") == "[U+E000]"  # private use: no agreed shape
    assert stand_in("\U0010fffd") == "[U+10FFFD]"
    assert stand_in("\uffff") == "[U+FFFF]"  # a noncharacter
    assert stand_in("\U0002b740") == "[U+2B740]"  # an ideograph no bundled font has
    assert code_point("\ud800") == "[U+D800]"


def test_layout_characters_and_letters_print_as_themselves() -> None:
    for char in ("\t", "\n", "\r", " ", "\u00a0", "\u2003", "\u00ad", "é", "\u200d", "\u202e"):
        assert stand_in(char) is None, f"U+{ord(char):04X}"
    assert printable("Zoë\x00 Kowalczyk\t") == "Zoë␀ Kowalczyk\t"
    assert is_layout("\u00ad")
    assert not is_layout("\u00a0")  # a no-break space is drawn, not broken at


def test_a_document_in_every_script_prints_every_character_from_embedded_fonts() -> None:
    content = replace(CONTENT, child_name=EVERY_SCRIPT, venue="Room \x00\x07\ue000 \U0002b740")
    document = build_agreement(sample_signed(content))
    assert_prints_everything(document, content.child_name, content.venue)
    used = font_report(document.pdf)
    assert set(FALLBACK_FONTS) <= set(used)
    assert "␀␇" in extracted_text(document.pdf)
    assert "[U+E000]" in extracted_text(document.pdf)


def test_emoji_come_back_as_text() -> None:
    # reportlab wrote supplementary letters into the PDF's text map as plain hex, which no
    # reader can decode; fonts replaces that map with UTF-16 (documents.fonts).
    content = replace(CONTENT, child_name="Ava 🙂 𝄞")
    text = extracted_text(build_agreement(sample_signed(content)).pdf)
    assert "🙂" in text
    assert "𝄞" in text


def test_an_ordinary_document_uses_only_dejavu() -> None:
    document = build_agreement(sample_signed())
    assert set(font_report(document.pdf)) == {FONT, FONT_BOLD, FONT_ITALIC}
    assert missing_from(visible(extracted_text(document.pdf)), printed_text(document)) == {}


def test_a_long_footer_is_shortened_in_the_middle_and_a_short_one_kept() -> None:
    short = "Mediation agreement · Case SM-2026-0042 · version 1"
    assert footer_line(short) == short
    long = "Mediation agreement · Case " + "李" * 400 + " · version 1 · text fingerprint 0123"
    line = footer_line(long)
    assert "…" in line
    assert line.startswith("Mediation agreement · Case 李")
    assert line.endswith("text fingerprint 0123")
    assert string_width(line, FONT, 8) < string_width(long, FONT, 8) / 5


def test_the_fallback_fonts_and_their_licences_are_bundled() -> None:
    sizes = {
        path.name: path.stat().st_size
        for path in resource_path("fonts").iterdir()
        if path.is_file()
    }
    assert sum(sizes.values()) < 15_000_000  # the repository and installer stay modest
    for file in FALLBACK_FONTS.values():
        assert resource_path(file).stat().st_size > 1_000_000
    notes = resource_path("fonts/README.txt").read_text(encoding="utf-8")
    for file in _FONT_FILES:
        assert file.split("/")[-1] in notes
    assert "SIL OPEN FONT LICENSE" in resource_path("fonts/LICENSE-Unifont.txt").read_text(
        encoding="utf-8"
    )
    assert "Apache License" in resource_path("fonts/LICENSE-DroidSansFallback.txt").read_text(
        encoding="utf-8"
    )


def test_fallback_fonts_load_only_when_a_document_needs_them() -> None:
    # Checked in a fresh interpreter: this process may have loaded them already.
    code = (
        "from sendmed_desktop.documents import fonts\n"
        "from sendmed_desktop.documents.agreement_pdf import render_agreement\n"
        "from tests.documents.samples import sample_signed\n"
        "render_agreement(sample_signed())\n"
        "print(fonts.register_fallback_fonts.cache_info().currsize)\n"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert result.stdout.strip() == "0"
    font_for("李")
    assert fonts.register_fallback_fonts.cache_info().currsize == 1
