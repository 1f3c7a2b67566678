"""The agreement PDF: every field of domain.md §4, readable, embedded fonts, metadata."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from sendmed_desktop.documents.agreement_pdf import build_agreement, label
from sendmed_desktop.documents.formatting import format_date
from sendmed_desktop.documents.pdf_base import DocumentInfo, DrawnSignature, build_pdf
from sendmed_desktop.domain.agreement import (
    APPEAL_STATEMENT,
    CONFIDENTIALITY_STATEMENT,
    SignedAgreement,
    content_hash,
    easy_read_lines,
)
from sendmed_desktop.domain.vocabulary import IssueOutcome, StatutoryBasis
from tests.documents.samples import (
    ACTIONS,
    ARABIC_PARENT,
    CHILD,
    CHILD_VIEWS,
    CONTENT,
    FATHER,
    sample_signed,
    scribble,
)


def flat(text: str) -> str:
    """Return extracted text with every run of whitespace as one space.

    NFKC turns Arabic presentation forms back into letters; pypdf already puts
    right-to-left runs back into reading order.
    """
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def extract(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, flat(" ".join(page.extract_text() for page in reader.pages))


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    recorded: str  # what the builder recorded as printed
    reader: PdfReader
    text: str  # what pypdf reads back, flattened


@pytest.fixture(scope="module")
def rendered() -> Rendered:
    """Return the sample agreement rendered once for the module."""
    document = build_agreement(sample_signed())
    reader, text = extract(document.pdf)
    return Rendered(document.pdf, document.text, reader, text)


def test_every_action_owner_and_date_is_printed(rendered: Rendered) -> None:
    text = rendered.text
    assert len(ACTIONS) == 3
    for action in ACTIONS:
        for field in (
            action.owner_name,
            action.owner_role,
            action.owner_organisation,
            action.action,
            action.measure,
        ):
            assert flat(field) in text, field
        assert action.due_on is not None
        assert format_date(action.due_on) in text
        assert action.statutory_basis in text
    assert "Issue 1 · Section F" in text
    assert flat(ACTIONS[0].basis_explanation) in text
    assert flat(ACTIONS[2].alternative_timescale_note or "") in text


def test_the_front_page_facts_are_in_order(rendered: Rendered) -> None:
    text = rendered.text
    facts = [
        "Mediation agreement",
        "Case reference SM-2026-0042",
        "Version 1",
        "Date of this agreement Wed 14 Jan 2026",
        f"Child or young person {CHILD}",
        FATHER,
        "Northshire County Council",
        "Decision in dispute s.51(2)(c) Content of the EHC plan",
        "Meeting Wed 14 Jan 2026, 10:00 to 13:15",
        "In person at Northshire County Hall, Committee Room 2",
        "Mediator Helen Ashworth",
        "SEND-0420",
        "Eastwick Mediation Services",
        "1. Who took part",
        "2. The issues and what was decided",
        "3. Agreed actions",
        "4. The child's or young person's views",
        "5. Confidentiality",
        "6. If something is not resolved",
        "7. Signatures",
        "8. Who receives a copy",
        "Annex: Easy-read summary",
    ]
    position = 0
    for fact in facts:
        found = text.find(fact, position)
        assert found >= 0, f"{fact!r} missing or out of order"
        position = found + len(fact)


def test_attendees_issues_and_outcomes(rendered: Rendered) -> None:
    text = rendered.text
    for person in CONTENT.attendees:
        assert person.name in text
        assert flat(person.role) in text
    assert "Authority to settle" in text
    for issue in CONTENT.issues:
        assert flat(issue.heading) in text
        assert f"{issue.outcome}" in text
    assert "C, G" in text
    # The issues still open are named under the appeal statement; the agreed one is not.
    assert "Issue 2: The school named in Section I (not agreed)" in text
    assert "Issue 3: Occupational therapy needs and provision (partly agreed)" in text
    assert "Issue 1: Speech" not in text


def test_statements_child_views_and_distribution(rendered: Rendered) -> None:
    text = rendered.text
    assert flat(CONFIDENTIALITY_STATEMENT) in text
    assert flat(APPEAL_STATEMENT) in text
    assert flat(CHILD_VIEWS) in text
    assert "Priya Raman, Northshire County Council" in text
    assert "Helen Ashworth, mediator (file copy)" in text


def test_child_views_appear_only_when_the_content_has_them() -> None:
    content = replace(CONTENT, child_views_summary=None)
    _reader, text = extract(build_agreement(SignedAgreement(content)).pdf)
    assert "child's or young person's views" not in text
    assert "speech sessions" not in text
    assert "4. Confidentiality" in text


def test_unicode_names_are_printed(rendered: Rendered) -> None:
    text = rendered.text
    assert CHILD in text  # Zoë
    assert FATHER in text  # Łukasz
    assert "Joanna Wiśniewska" in text
    # Printed shaped and right to left; extraction reads it back in reading order.
    assert ARABIC_PARENT in text


def test_signatures_show_name_role_time_and_fingerprint(rendered: Rendered) -> None:
    text = rendered.text
    fingerprint = content_hash(CONTENT)[:16]
    for signature in sample_signed().signatures:
        assert signature.signer_name in text
        assert signature.signer_role in text
    assert text.count("Signed Wed 14 Jan 2026, 13:05 GMT") == 5
    assert text.count(f"Text fingerprint {fingerprint}") == 1 + 5  # front page, each signature
    assert "Agreed verbally — attested by Helen Ashworth" in text
    assert "“I agree to this agreement.”" in text
    assert "Signed by hand on screen" in text
    assert "different version" not in text


def test_a_verbal_signature_on_a_video_call_says_so() -> None:
    content = replace(CONTENT, meeting_format="Video call", venue="")
    _reader, text = extract(build_agreement(SignedAgreement(content, ())).pdf)
    assert "This version has not been signed yet." in text
    signed = sample_signed(content)
    _reader, text = extract(build_agreement(signed).pdf)
    assert "Agreed verbally on a video call — attested by Helen Ashworth" in text


def test_a_signature_of_other_text_is_flagged() -> None:
    signed = sample_signed()
    forged = replace(signed.signatures[0], content_sha256="0" * 64)
    _reader, text = extract(
        build_agreement(SignedAgreement(signed.content, (forged, *signed.signatures[1:]))).pdf
    )
    assert "This signature was given to a different version of the text" in text


def test_easy_read_annex_defaults_to_the_domain_lines(rendered: Rendered) -> None:
    reader, text = rendered.reader, rendered.text
    last_page = flat(reader.pages[-1].extract_text())
    assert last_page.startswith("Annex: Easy-read summary")
    for line in easy_read_lines(CONTENT):
        assert flat(line) in text, line


def test_easy_read_lines_can_be_given() -> None:
    lines = ["Priya will send the new plan.", "Owen will arrange the OT visit."]
    _reader, text = extract(build_agreement(sample_signed(), easy_read=lines).pdf)
    assert "Priya will send the new plan. • Owen will arrange the OT visit." in text


def test_text_that_looks_like_markup_prints_as_typed() -> None:
    action = replace(ACTIONS[0], owner_name="A & B <Consulting>", measure="<b>Done</b> & dusted")
    content = replace(CONTENT, actions=(action,))
    _reader, text = extract(build_agreement(SignedAgreement(content)).pdf)
    assert "A & B <Consulting>" in text
    assert "<b>Done</b> & dusted" in text


def test_metadata_language_and_page_numbers(rendered: Rendered) -> None:
    reader, text = rendered.reader, rendered.text
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title == "Mediation agreement SM-2026-0042 (version 1)"
    assert metadata.author == "Helen Ashworth"
    assert metadata.creator == "SendMed Desktop"
    assert "regulation 42" in (metadata.subject or "")
    assert CHILD not in str(dict(metadata))  # the child's name stays out of the metadata
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    pages = len(reader.pages)
    assert pages >= 3
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text
    assert text.count("Mediation agreement · Case SM-2026-0042 · version 1") == pages
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)  # A4


def test_only_dejavu_fonts_are_used(rendered: Rendered) -> None:
    reader = rendered.reader
    fonts = set()
    for page in reader.pages:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            fonts.add(str(font["/BaseFont"]))
            assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
    assert fonts
    assert all("DejaVuSans" in name for name in fonts), fonts


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils' pdffonts is missing")
def test_pdffonts_reports_every_font_embedded(rendered: Rendered, tmp_path: Path) -> None:
    pdf = rendered.pdf
    path = tmp_path / "agreement.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = result.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        # name, type (may be two words), encoding, emb, sub, uni, object, id
        assert row.split()[-5] == "yes", row


def test_recorded_text_holds_everything_printed(rendered: Rendered) -> None:
    recorded = rendered.recorded
    for action in ACTIONS:
        assert action.action in recorded
        assert action.measure in recorded
    assert CHILD_VIEWS in recorded
    assert CONFIDENTIALITY_STATEMENT in recorded
    assert "Mediation agreement · Case SM-2026-0042" in recorded  # the footer too


def test_a_drawn_signature_is_vector_lines() -> None:
    strokes = scribble(2)
    pdf = build_pdf(
        [DrawnSignature(strokes, width=180, height=60)], DocumentInfo("t", "a", "s", "f")
    )
    stream = PdfReader(io.BytesIO(pdf)).pages[0].get_contents()
    assert stream is not None
    operators = stream.get_data().split()
    long_strokes = [stroke for stroke in strokes if len(stroke) > 1]
    assert operators.count(b"m") >= len(long_strokes)
    assert operators.count(b"l") >= sum(len(stroke) - 1 for stroke in long_strokes)


def test_stored_values_print_as_labels() -> None:
    assert label(IssueOutcome, "partly_agreed") == "Partly agreed"
    assert label(IssueOutcome, "Partly agreed") == "Partly agreed"
    assert label(StatutoryBasis, "not_appealable") == "Not appealable (2 weeks)"
    assert label(IssueOutcome, None) == ""


def test_a_drawing_that_cannot_be_read_still_shows_the_signature() -> None:
    signed = sample_signed()
    lost = replace(signed.signatures[0], strokes=())
    _reader, text = extract(build_agreement(replace(signed, signatures=(lost,))).pdf)
    assert "Signed by hand on screen (the drawing cannot be shown)" in text
    assert FATHER in text
