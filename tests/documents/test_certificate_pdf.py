"""The certificate PDF: every field of domain.md §4, nothing else, fonts, metadata, A4."""

from __future__ import annotations

import dataclasses
import inspect
import io
import math
import re
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from sendmed_desktop.documents.certificate_pdf import DRAFT_BANNER, render_certificate
from sendmed_desktop.documents.formatting import format_date
from sendmed_desktop.documents.pdf_base import RenderedDocument
from sendmed_desktop.domain.agreement import Stroke
from sendmed_desktop.domain.certificates import (
    CertificateFields,
    FamilyParty,
    fields_problems,
)
from sendmed_desktop.domain.vocabulary import CertificateKind, ResolutionExtent, Role

ORGANISATION = "Eastwick Mediation Services"
LA = "Northshire County Council"
ICB = "Northshire and Coast ICB (formerly CCG)"
GROUND = "s.51(2)(c) Content of the EHC plan, (ii) Section F: special educational provision"
HEADINGS = (
    "Speech and language therapy: hours and who delivers it",
    "Description of communication needs in Section B",
)


def _scribble() -> tuple[Stroke, ...]:
    points = tuple((0.05 + 0.9 * i / 24, 0.5 + 0.3 * math.sin(i / 3), i * 20) for i in range(25))
    return (points,)


def sample_fields(kind: CertificateKind) -> CertificateFields:
    """Return fixed, fictional fields for a certificate of ``kind`` (golden files too)."""
    common = {
        "kind": kind,
        "issued_on": date(2026, 4, 8),
        "issuing_organisation": ORGANISATION,
        "local_authority": LA,
        "decision_notice_date": date(2026, 2, 2),
        "decision_sent_on": date(2026, 2, 3),
        "decision_ground": GROUND,
        "issue_headings": HEADINGS,
        "adviser_contacted_on": date(2026, 2, 10),
    }
    if kind is CertificateKind.DECLINED:
        return CertificateFields(
            **common,
            reference="EMS-C-2026-0041",
            issuer_name="Nadia Perrin",
            issuer_role="Mediation adviser",
            typed_signature="Nadia Perrin",
            family_parties=(FamilyParty("Sarah Okafor", Role.PARENT_CARER),),
            child_name="Tobi Okafor",
            child_date_of_birth=date(2016, 5, 12),
        )
    if kind is CertificateKind.AFTER_MEDIATION:
        return CertificateFields(
            **common,
            reference="EMS-C-2026-0042",
            issuer_name="Helen Marsh",
            issuer_role="Mediator",
            signature_strokes=_scribble(),
            family_parties=(
                FamilyParty("Łukasz Kowalczyk", Role.PARENT_CARER),
                FamilyParty("Anna Kowalczyk", Role.PARENT_CARER),
            ),
            child_name="Zoë Kowalczyk",
            child_date_of_birth=date(2015, 9, 14),
            health_bodies=(ICB,),
            mediation_date=date(2026, 4, 6),
            mediation_concluded_on=date(2026, 4, 6),
            resolution=ResolutionExtent.IN_PART,
        )
    return CertificateFields(
        **common,
        reference="EMS-C-2026-0043",
        issuer_name="Nadia Perrin",
        issuer_role="Mediation adviser",
        typed_signature="Nadia Perrin",
        family_parties=(FamilyParty("Ellis Carter", Role.YOUNG_PERSON),),
        alternative_person="Joanne Carter",
        child_name="Ellis Carter",
        child_date_of_birth=date(2006, 8, 9),
        la_could_not_arrange_on=date(2026, 4, 3),
    )


def flat(text: str) -> str:
    """Return text folded as pypdf gives it back: NFKC, every run of whitespace one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def extract(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, flat(" ".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module", params=list(CertificateKind), ids=lambda k: k.value)
def kind(request: pytest.FixtureRequest) -> CertificateKind:
    return CertificateKind(request.param)


@pytest.fixture(scope="module")
def rendered(kind: CertificateKind) -> tuple[CertificateFields, RenderedDocument, str]:
    fields = sample_fields(kind)
    document = render_certificate(fields)
    return fields, document, extract(document.pdf)[1]


def test_the_samples_are_complete(kind: CertificateKind) -> None:
    assert fields_problems(sample_fields(kind)) == []


def test_every_field_is_printed(rendered: tuple[CertificateFields, RenderedDocument, str]) -> None:
    fields, _document, text = rendered
    expected = [
        "Mediation certificate",
        fields.kind.label,
        fields.reference,
        "Date of issue",
        format_date(fields.issued_on),
        fields.issuing_organisation,
        fields.issuer_name,
        fields.issuer_role,
        *(party.name for party in fields.family_parties),
        fields.child_name,
        format_date(fields.child_date_of_birth or date.min),
        fields.local_authority,
        f"Dated {format_date(date(2026, 2, 2))}; sent {format_date(date(2026, 2, 3))}",
        fields.decision_ground,
        *fields.issue_headings,
        format_date(date(2026, 2, 10)),
        "Children and Families Act 2014, section 55",
        "Special Educational Needs and Disability Regulations 2014",
    ]
    expected += list(fields.health_bodies)
    if fields.alternative_person:
        expected.append(f"{fields.alternative_person}, acting for the young person")
    if fields.kind is CertificateKind.AFTER_MEDIATION:
        expected += ["Date of mediation", "The mediation issues were resolved in part."]
        expected.append(f"mediation took place on {format_date(date(2026, 4, 6))}")
    if fields.kind is CertificateKind.NOT_HELD:
        expected.append(f"on {format_date(date(2026, 4, 3))} the local authority told")
    if fields.kind is CertificateKind.DECLINED:
        expected.append("told the adviser that they do not wish to pursue mediation")
    for item in expected:
        assert flat(item) in text, item


def test_the_appeal_note_gives_the_date_and_leaves_lateness_to_the_tribunal(
    rendered: tuple[CertificateFields, RenderedDocument, str],
) -> None:
    fields, _document, text = rendered
    # Sent Tue 3 Feb 2026 + 2 months = 3 Apr; issued Wed 8 Apr + 1 month = Fri 8 May 2026.
    assert fields.appeal_by == date(2026, 5, 8)
    assert "This certificate was issued on Wed 8 Apr 2026." in text
    assert "your appeal should reach the Tribunal by Fri 8 May 2026" in text
    assert "the later of two months from the date the decision notice was sent" in text
    assert "the Tribunal decides whether to accept a late appeal" in text
    for never in ("barred", "too late", "cannot appeal", "no longer appeal", "lose the right"):
        assert never not in text.lower()


def test_fonts_are_embedded_and_no_standard_font_is_used(
    rendered: tuple[CertificateFields, RenderedDocument, str],
) -> None:
    reader = PdfReader(io.BytesIO(rendered[1].pdf))
    names = set()
    for page in reader.pages:
        resources = page["/Resources"]
        assert isinstance(resources, DictionaryObject)
        fonts = resources["/Font"].get_object()
        for ref in fonts.values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]))
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:  # a Type0 font: the descriptor is on its descendant
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
    assert names
    assert all("DejaVu" in name for name in names), names
    assert not any("Helvetica" in name or "Times" in name for name in names)


def test_metadata_page_size_and_one_page(
    rendered: tuple[CertificateFields, RenderedDocument, str],
) -> None:
    fields, document, _text = rendered
    reader = PdfReader(io.BytesIO(document.pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Mediation certificate"
    assert meta.author == fields.issuer_name
    assert meta.subject is not None
    assert meta.subject.startswith("Mediation certificate — ")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    # The metadata never names the child or the family.
    every = " ".join(str(v) for v in meta.values())
    assert fields.child_name not in every
    assert all(party.name not in every for party in fields.family_parties)


def test_the_renderer_takes_only_certificate_fields() -> None:
    """The content guard, by construction: nothing but CertificateFields can be passed."""
    signature = inspect.signature(render_certificate, eval_str=True)
    parameters = list(signature.parameters.values())
    assert len(parameters) == 1
    assert parameters[0].annotation is CertificateFields
    assert signature.return_annotation is RenderedDocument


def test_certificate_fields_has_no_free_text_of_the_mediation() -> None:
    """A new field must be a §4 field: adding one means reviewing this list."""
    names = {field.name for field in dataclasses.fields(CertificateFields)}
    assert names == {
        "reference",
        "kind",
        "issued_on",
        "issuing_organisation",
        "issuer_name",
        "issuer_role",
        "typed_signature",
        "signature_strokes",
        "family_parties",
        "alternative_person",
        "child_name",
        "child_date_of_birth",
        "local_authority",
        "health_bodies",
        "decision_notice_date",
        "decision_sent_on",
        "decision_ground",
        "issue_headings",
        "adviser_contacted_on",
        "mediation_date",
        "mediation_concluded_on",
        "resolution",
        "la_could_not_arrange_on",
        "corrects_reference",
        "first_issued_on",
        "correction_reason",
    }


def test_a_drawn_signature_is_drawn_and_a_typed_one_printed() -> None:
    drawn = render_certificate(sample_fields(CertificateKind.AFTER_MEDIATION))
    assert "Drawn signature" in drawn.text
    typed = render_certificate(sample_fields(CertificateKind.DECLINED))
    assert "Signed by typing their name" in typed.text
    assert "Signed on Wed 8 Apr 2026" in typed.text


def test_an_unsigned_preview_says_it_is_a_draft() -> None:
    fields = dataclasses.replace(sample_fields(CertificateKind.DECLINED), typed_signature=None)
    document = render_certificate(fields)
    _reader, text = extract(document.pdf)
    assert flat(DRAFT_BANNER) in text
    assert "Date of issue if issued today" in text
    assert "Draft mediation certificate · not issued" in text
    assert "Not signed yet" in text


def test_a_correction_names_the_certificate_it_replaces_and_keeps_the_first_date() -> None:
    fields = dataclasses.replace(
        sample_fields(CertificateKind.DECLINED),
        reference="EMS-C-2026-0050",
        issued_on=date(2026, 4, 15),
        corrects_reference="EMS-C-2026-0041",
        first_issued_on=date(2026, 4, 8),
        correction_reason="The child's date of birth was wrong.",
    )
    _reader, text = extract(render_certificate(fields).pdf)
    assert "replaces certificate EMS-C-2026-0041, first issued on Wed 8 Apr 2026" in text
    assert "Reason for the correction: The child's date of birth was wrong." in text
    assert "This certificate was issued on Wed 15 Apr 2026." in text
    # The 1-month limb still counts from the first certificate: 8 May, not 15 May.
    assert "reach the Tribunal by Fri 8 May 2026" in text
    assert "the date the first certificate was issued (Wed 8 Apr 2026" in text


def test_an_appeal_date_in_august_moves_to_september() -> None:
    # Sent Tue 30 Jun 2026: + 2 months is Sun 30 Aug (August) -> Tue 1 Sep 2026 (R8).
    fields = dataclasses.replace(
        sample_fields(CertificateKind.DECLINED),
        decision_notice_date=date(2026, 6, 29),
        decision_sent_on=date(2026, 6, 30),
        adviser_contacted_on=date(2026, 7, 1),
        issued_on=date(2026, 7, 6),
    )
    _reader, text = extract(render_certificate(fields).pdf)
    assert "reach the Tribunal by Tue 1 Sep 2026" in text
    assert "That later date, Sun 30 Aug 2026, falls in August" in text


def test_names_in_any_script_print() -> None:
    fields = dataclasses.replace(
        sample_fields(CertificateKind.DECLINED),
        family_parties=(FamilyParty("مريم الهاشمي", Role.PARENT_CARER),),
        child_name="Zoë <Kowalczyk> & co",
    )
    _reader, text = extract(render_certificate(fields).pdf)
    assert "مريم الهاشمي" in text
    assert "Zoë <Kowalczyk> & co" in text
