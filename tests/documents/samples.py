"""A realistic signed agreement for the document tests (fictional people throughout)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

from sendmed_desktop.domain.agreement import (
    ActionLine,
    AgreementContent,
    AttendeeLine,
    IssueLine,
    SignatureRecord,
    SignedAgreement,
    Stroke,
    content_hash,
)

ARABIC_PARENT = "مريم الهاشمي"
CHILD = "Zoë Kowalczyk"
FATHER = "Łukasz Kowalczyk"
CHILD_VIEWS = (
    "Zoë told her advocate that she likes her speech sessions and wants to keep the same "
    "therapist. She would like to visit any new school before anyone decides."
)

ACTIONS = (
    ActionLine(
        number=1,
        owner_name="Priya Raman",
        owner_role="SEN casework manager",
        owner_organisation="Northshire County Council",
        action=(
            "Amend Section F to specify weekly speech and language therapy (45 minutes with "
            "a qualified therapist) and issue the amended plan"
        ),
        measure="Amended final plan sent to both parents and to the school",
        due_on=date(2026, 2, 18),
        issue_number=1,
        plan_section="F",
        statutory_basis="Appealable matter (reg 44 timescales)",
        basis_explanation="Amending Section F after mediation: within 5 weeks (reg 44).",
    ),
    ActionLine(
        number=2,
        owner_name="Dr Owen Price",
        owner_role="Designated Clinical Officer",
        owner_organisation="NHS Northshire Integrated Care Board",
        action="Arrange an occupational therapy assessment at home",
        measure="OT report received by both parents and the local authority",
        due_on=date(2026, 1, 28),
        issue_number=3,
        plan_section="G",
        statutory_basis="Not appealable (2 weeks)",
        basis_explanation="Not an appealable matter: within 2 weeks (reg 42(3)).",
    ),
    ActionLine(
        number=3,
        owner_name="Joanna Wiśniewska",
        owner_role="SENCo",
        owner_organisation="Brookfield Primary School",
        action="Hold a transition review meeting with both parents",
        measure="Meeting held and its notes sent to both parents",
        due_on=date(2026, 3, 27),
        issue_number=2,
        plan_section="I",
        statutory_basis="Alternative timescale agreed in writing",
        basis_explanation="",
        alternative_timescale_note=(
            "Parents and the local authority agreed in writing to 10 weeks, so the review "
            "can follow the school's spring assessments (reg 42(5))."
        ),
    ),
)

CONTENT = AgreementContent(
    case_reference="SM-2026-0042",
    version=1,
    agreement_date=date(2026, 1, 14),
    child_name=CHILD,
    local_authority="Northshire County Council",
    meeting_date=date(2026, 1, 14),
    start_time="10:00",
    end_time="13:15",
    meeting_format="In person",
    venue="Northshire County Hall, Committee Room 2",
    mediator_name="Helen Ashworth",
    mediator_accreditation="College of Mediators / CMC SEND register, no. SEND-0420",
    provider_name="Eastwick Mediation Services",
    family_parties=(f"{FATHER} (father)", f"{ARABIC_PARENT} (mother)"),
    health_bodies=("NHS Northshire Integrated Care Board",),
    decision_ground=(
        "s.51(2)(c) Content of the EHC plan: (ii) Section F: special educational provision"
    ),
    attendees=(
        AttendeeLine(FATHER, "Parent or carer"),
        AttendeeLine(ARABIC_PARENT, "Parent or carer"),
        AttendeeLine("Sam Taylor", "Supporter or advocate", "Northshire SENDIASS"),
        AttendeeLine(
            "Priya Raman",
            "Local authority officer, SEN casework manager",
            "Northshire County Council",
            True,
        ),
        AttendeeLine(
            "Dr Owen Price",
            "ICB (formerly CCG) officer, Designated Clinical Officer",
            "NHS Northshire ICB",
            True,
        ),
    ),
    issues=(
        IssueLine(
            1,
            "Speech and language therapy in Section F is not specified or quantified",
            ("F",),
            "Education",
            "Agreed",
        ),
        IssueLine(2, "The school named in Section I", ("I",), "Education", "Not agreed"),
        IssueLine(
            3, "Occupational therapy needs and provision", ("C", "G"), "Health", "Partly agreed"
        ),
    ),
    actions=ACTIONS,
    child_views_summary=CHILD_VIEWS,
    distribution=(
        f"{FATHER} and {ARABIC_PARENT} (parents)",
        "Priya Raman, Northshire County Council",
        "Dr Owen Price, NHS Northshire ICB",
        "Helen Ashworth, mediator (file copy)",
    ),
)


def scribble(seed: int) -> tuple[Stroke, ...]:
    """Return a plausible hand-drawn signature: a looping stroke and an underline."""
    loop = tuple(
        (
            0.08 + 0.8 * i / 60,
            0.45 + 0.25 * math.sin(i / (3.0 + seed)) * math.cos(i / 11),
            i * 12,
        )
        for i in range(61)
    )
    underline = tuple((0.1 + 0.7 * i / 10, 0.8 - 0.02 * i, 800 + i * 10) for i in range(11))
    return (loop, underline, ((0.92, 0.3, 1000),))


def signatures(content: AgreementContent) -> tuple[SignatureRecord, ...]:
    """Return the signatures of everyone at the table, one of each method."""
    digest = content_hash(content)
    at = datetime(2026, 1, 14, 13, 5, tzinfo=UTC)
    return (
        SignatureRecord(FATHER, "Parent", "drawn", at, digest, strokes=scribble(1)),
        SignatureRecord(
            ARABIC_PARENT,
            "Parent",
            "typed",
            at,
            digest,
            typed_statement="I agree to this agreement.",
        ),
        SignatureRecord(
            "Priya Raman", "Local authority officer", "drawn", at, digest, strokes=scribble(3)
        ),
        SignatureRecord(
            "Dr Owen Price", "ICB officer", "verbal", at, digest, attested_by="Helen Ashworth"
        ),
        SignatureRecord(
            "Helen Ashworth", "Mediator", "typed", at, digest, typed_statement="I agree"
        ),
    )


def sample_signed(content: AgreementContent = CONTENT) -> SignedAgreement:
    """Return the sample agreement, signed by everyone."""
    return SignedAgreement(content, signatures(content))
