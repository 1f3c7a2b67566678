"""The subject-access PDF: who it is about, when, each case and record, and what is withheld."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from sendmed_desktop.documents.pdf_base import RenderedDocument
from sendmed_desktop.documents.subject_access_pdf import (
    NOT_RECORDED,
    CaseSection,
    Controller,
    Item,
    Record,
    RecordGroup,
    SubjectAccessExport,
    Withheld,
    render_subject_access,
    shown_value,
)
from sendmed_desktop.domain.vocabulary import CaseStatus, MeetingFormat, Role

NAME = "Sarah Okafor"
EMAIL = "sarah.okafor@example.org"
# Someone else's: in the case, but never in this person's export.
OTHER_NAME = "Priya Natarajan"


def flat(text: str) -> str:
    """Return text folded as pypdf gives it back: NFKC, every run of whitespace one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def _case(reference: str, withheld: Withheld) -> CaseSection:
    return CaseSection(
        reference=reference,
        case=Record(
            (
                Item("reference", "Case reference", reference),
                Item("status", "Status", CaseStatus.CLOSED),
                Item("opened_at", "Opened", datetime(2026, 1, 14, 9, 30, tzinfo=UTC)),
                Item("closed_at", "Closed", None),
            )
        ),
        details=(
            Record(
                (
                    Item("full_name", "Name", NAME),
                    Item("email", "Email", EMAIL),
                    Item("role", "Part in the case", Role.PARENT_CARER),
                    Item("is_party", "A party to the mediation", True),
                    Item("phone", "Phone", None),
                )
            ),
        ),
        groups=(
            RecordGroup(
                "meetings",
                "Meetings",
                (
                    Record(
                        (
                            Item("format", "Format", MeetingFormat.VIDEO),
                            Item("held_on", "Held", date(2026, 4, 8)),
                        )
                    ),
                ),
            ),
            RecordGroup(
                "expenses",
                "Expenses",
                (Record((Item("amount_pence", "Amount", 1250, "£12.50"),)),),
            ),
            RecordGroup(
                "agreements",
                "The written agreement",
                (Record((Item("distribution", "Sent to", (NAME, "Northshire SENDIASS")),)),),
            ),
            RecordGroup("feedback", "Feedback given", ()),
        ),
        withheld=withheld,
    )


EXPORT = SubjectAccessExport(
    exported_at=datetime(2026, 4, 8, 13, 5, tzinfo=UTC),
    names=(NAME,),
    controller=Controller(
        "Helen Marsh", "SEND mediator", "Eastwick Mediation Services", "CMC, number 42"
    ),
    cases=(
        _case("DEMO-0001", Withheld(private_notes=2, private_session_notes=1, child_views=1)),
        _case("DEMO-0009", Withheld()),
    ),
)


@pytest.fixture(scope="module")
def rendered() -> tuple[RenderedDocument, PdfReader, str]:
    document = render_subject_access(EXPORT)
    reader = PdfReader(io.BytesIO(document.pdf))
    return document, reader, flat(" ".join(page.extract_text() for page in reader.pages))


def test_front_page_says_who_when_who_holds_it_and_what_is_withheld(
    rendered: tuple[RenderedDocument, PdfReader, str],
) -> None:
    _document, reader, _text = rendered
    front = flat(reader.pages[0].extract_text())
    assert "Subject access export" in front
    assert NAME in front
    # 13:05 UTC is 14:05 in England in April (BST), written the British way.
    assert "Wed 8 Apr 2026, 14:05 BST" in front
    assert "Helen Marsh, SEND mediator" in front
    assert "Accreditation: CMC, number 42" in front
    assert "2 cases: DEMO-0001, DEMO-0009" in front
    assert "format version 1" in front
    assert (
        "3 confidential notes about this person are held but not included: 2 private notes "
        "and 1 private-session note" in front
    )
    assert "withheld as confidential to the mediation" in front
    assert "The child's views as recorded (1 record) are withheld" in front


def test_each_case_and_record_appears_in_plain_words(
    rendered: tuple[RenderedDocument, PdfReader, str],
) -> None:
    _document, reader, text = rendered
    # A case per page from page 2: its heading, the case, the details and each record.
    for page, reference in zip(reader.pages[1:], ("DEMO-0001", "DEMO-0009"), strict=True):
        page_text = flat(page.extract_text())
        assert f"Case {reference}" in page_text
        assert "Details held about this person in this case" in page_text
    assert "Opened Wed 14 Jan 2026, 09:30 GMT" in text
    assert "Status Closed" in text
    assert f"Email {EMAIL}" in text
    assert "Part in the case Parent or carer" in text
    assert "A party to the mediation Yes" in text
    assert "Meetings (1)" in text
    assert "Format Video" in text
    assert "Held Wed 8 Apr 2026" in text
    assert "Amount £12.50" in text
    assert f"Sent to {NAME} Northshire SENDIASS" in text
    # Blank facts and empty kinds of record are left out of the page, not printed empty.
    assert "Phone" not in text
    assert "Closed Not recorded" not in text
    assert "Feedback given" not in text
    assert OTHER_NAME not in text
    # The first case withholds notes and says so; the second has none to withhold.
    assert text.count("Withheld in this case") == 1


def test_metadata_and_footer_name_nobody_and_fonts_are_embedded(
    rendered: tuple[RenderedDocument, PdfReader, str],
) -> None:
    document, reader, _text = rendered
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title == "Subject access export"
    assert metadata.author == "Helen Marsh"
    for field in (metadata.title, metadata.subject):
        assert NAME not in (field or "")
    assert "Subject access export · made Wed 8 Apr 2026 · confidential" in document.text
    assert f"Page 1 of {len(reader.pages)}" in flat(reader.pages[0].extract_text())
    for page in reader.pages:
        resources = page["/Resources"]
        assert isinstance(resources, DictionaryObject)
        for ref in resources["/Font"].get_object().values():
            assert "DejaVu" in str(ref.get_object()["/BaseFont"])
    # The printed text the tripwire checks is what the page shows.
    assert EMAIL in document.text


def test_values_are_shown_the_british_way() -> None:
    assert shown_value(Item("d", "Day", date(2026, 4, 8))) == "Wed 8 Apr 2026"
    assert shown_value(Item("b", "Yes or no", False)) == "No"
    assert shown_value(Item("r", "Role", Role.LA_OFFICER)) == Role.LA_OFFICER.label
    assert shown_value(Item("n", "Nothing", None)) == NOT_RECORDED
    assert shown_value(Item("t", "Several", ("B", "F"))) == "B; F"
    assert shown_value(Item("m", "Money", 1250, "£12.50")) == "£12.50"


def test_without_a_mediator_profile_or_notes_it_says_so() -> None:
    export = SubjectAccessExport(
        exported_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
        names=(NAME,),
        controller=None,
        cases=(_case("DEMO-0009", Withheld()),),
    )
    text = flat(render_subject_access(export).text)
    assert "No mediator profile is set up in this workspace." in text
    assert "No private or private-session notes are held about this person." in text
    assert "withheld as confidential" not in text


def test_a_note_longer_than_a_page_runs_on_instead_of_failing() -> None:
    words = " ".join(f"word{number}" for number in range(6000))
    long_note = Record((Item("text", "Note", words), Item("stage", "Stage", None)))
    case = _case("DEMO-0001", Withheld())
    case = CaseSection(
        case.reference,
        case.case,
        case.details,
        (RecordGroup("shareable_notes", "Notes that may be shared", (long_note,)),),
        case.withheld,
    )
    export = SubjectAccessExport(EXPORT.exported_at, (NAME,), None, (case,))
    reader = PdfReader(io.BytesIO(render_subject_access(export).pdf))
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert len(reader.pages) > 3
    assert "word0 " in text
    assert "word5999" in text
