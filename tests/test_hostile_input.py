"""Hostile input: arbitrary Unicode, huge fields, odd dates and empty values thrown at the core.

Property tests (hypothesis) over the domain rules, the services on a real encrypted
workspace, and the documents: the signed agreement (sealed too) and the certificate. The
text strategies mix right-to-left scripts (Arabic, Hebrew), combining marks, emoji,
control characters and 10,000-character fields; dates run from year 1 to 9999 where
nothing is computed from them.

What the storage may legitimately refuse: lone surrogates (Unicode category Cs) are not
characters at all and cannot be encoded as UTF-8, so no text column can hold them; the
strategies leave them out. Every other code point, NUL and other control characters
included, must either be stored exactly or refused with a ValidationError.

Each property tries 20-25 examples by default. A long run asks for more:
``SENDMED_HOSTILE_EXAMPLES=2000 .venv/bin/python -m pytest tests/test_hostile_input.py``.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import os
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sendmed_desktop.documents.agreement_pdf import build_agreement
from sendmed_desktop.documents.certificate_pdf import render_certificate
from sendmed_desktop.documents.fonts import stand_in
from sendmed_desktop.documents.seal import SealStatus, seal_pdf, verify_pdf
from sendmed_desktop.domain import timescales
from sendmed_desktop.domain.agreement import (
    ActionLine,
    AgreementContent,
    AttendeeLine,
    IssueLine,
    SignatureRecord,
    SignedAgreement,
    canonical_bytes,
    content_from_canonical,
    content_hash,
)
from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.domain.certificates import CertificateFields, FamilyParty
from sendmed_desktop.domain.deadlines import Deadline
from sendmed_desktop.domain.parties import end_of_compulsory_school_age
from sendmed_desktop.domain.smart import ActionDraft, check_action
from sendmed_desktop.domain.vocabulary import (
    CertificateKind,
    Confidentiality,
    ResolutionExtent,
    Role,
    SignatureMethod,
    StatutoryBasis,
)
from sendmed_desktop.security.signing import SigningIdentity
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.intake import IntakeService
from sendmed_desktop.services.intake_issues import IssueEntry
from sendmed_desktop.services.notes import NotesService
from sendmed_desktop.services.workspace import Workspace
from tests.documents.samples import CONTENT, sample_signed, signatures
from tests.documents.test_certificate_pdf import sample_fields
from tests.documents.test_font_coverage import assert_prints_everything
from tests.documents.test_seal import make_identity


def _examples(default: int) -> int:
    """Return how many examples a property tries; SENDMED_HOSTILE_EXAMPLES asks for more."""
    return int(os.environ.get("SENDMED_HOSTILE_EXAMPLES", default))


HOSTILE = settings(
    deadline=None,
    max_examples=_examples(25),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Strategies -------------------------------------------------------------------------------

_NO_SURROGATES = st.characters(blacklist_categories=("Cs",))
_ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
_HEBREW = st.characters(min_codepoint=0x0590, max_codepoint=0x05FF)
_COMBINING = st.characters(min_codepoint=0x0300, max_codepoint=0x036F)
_EMOJI = st.one_of(
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),
    st.sampled_from(["\u200d", "\ufe0f", "\u200f", "\u200e", "\u202e", "\u2066", "\u2069"]),
)
_CONTROL = st.characters(whitelist_categories=("Cc",))
_LATIN = st.characters(min_codepoint=0x20, max_codepoint=0x024F)

_MIXED_CHAR = st.one_of(_LATIN, _ARABIC, _HEBREW, _COMBINING, _EMOJI, _CONTROL, _NO_SURROGATES)

_short_text = st.one_of(
    st.text(_MIXED_CHAR, max_size=40),
    st.text(_ARABIC | _HEBREW | st.just(" "), max_size=40),
    st.text(_NO_SURROGATES, max_size=40),
    st.sampled_from(["", " ", "\t\n", "\x00", "\u200f", "e\u0301", "👩‍👩‍👧"]),
)


def _ten_thousand(seed: str) -> str:
    return (seed * (10_000 // len(seed) + 1))[:10_000]


# A 10,000-character field, built by repetition: hypothesis cannot draw that many
# characters one by one within its buffer.
_huge_text = st.text(_MIXED_CHAR, min_size=1, max_size=20).map(_ten_thousand)

hostile_text = st.one_of(_short_text, _short_text, _huge_text)

# Names a person could be called: no control characters, since they print.
_NAME_CHAR = st.one_of(_LATIN, _ARABIC, _HEBREW, _COMBINING, _EMOJI)
name_text = st.text(_NAME_CHAR, min_size=1, max_size=40).filter(lambda s: s.strip())

odd_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
maybe_dates = st.none() | odd_dates


# (a) Domain -------------------------------------------------------------------------------


@HOSTILE
@given(
    owner_name=hostile_text,
    owner_role=hostile_text,
    owner_organisation=hostile_text,
    action=hostile_text,
    measure=hostile_text,
    due_on=maybe_dates,
    basis=st.sampled_from(StatutoryBasis),
    limit=maybe_dates,
    note=st.none() | hostile_text,
    today=odd_dates,
)
def test_smart_check_never_crashes_and_findings_are_text(
    owner_name: str,
    owner_role: str,
    owner_organisation: str,
    action: str,
    measure: str,
    due_on: date | None,
    basis: StatutoryBasis,
    limit: date | None,
    note: str | None,
    today: date,
) -> None:
    draft = ActionDraft(
        owner_name, owner_role, owner_organisation, action, measure, due_on, basis, limit, note
    )
    for finding in check_action(draft, today=today):
        assert isinstance(finding.key, str)
        assert finding.key
        assert isinstance(finding.message, str)
        assert finding.message


@HOSTILE
@given(
    first=odd_dates,
    second=maybe_dates,
    reading=st.sampled_from(timescales.MediationReading),
    health_only=st.booleans(),
)
def test_every_timescale_rule_returns_a_deadline_across_two_centuries(
    first: date, second: date | None, reading: timescales.MediationReading, health_only: bool
) -> None:
    deadlines = [
        timescales.adviser_contact_deadline(first),
        timescales.certificate_due_after_decline(first),
        timescales.icb_notification_due(first),
        timescales.mediation_due(first, reading=reading, health_only=health_only),
        timescales.latest_notice_date(first),
        timescales.certificate_due_not_held(first),
        timescales.certificate_due_after_mediation(first),
        timescales.appeal_deadline(first, second),
    ]
    for deadline in deadlines:
        assert isinstance(deadline, Deadline)
        assert isinstance(deadline.due, date)


@HOSTILE
@given(date_of_birth=odd_dates)
def test_end_of_compulsory_school_age_is_a_june_friday_at_sixteen(date_of_birth: date) -> None:
    end = end_of_compulsory_school_age(date_of_birth)
    assert (end.month, end.weekday()) == (6, 4)
    assert end.year - date_of_birth.year in (16, 17)


_attendees = st.builds(
    AttendeeLine, hostile_text, hostile_text, hostile_text, st.none() | st.booleans()
)
_issues = st.builds(
    IssueLine,
    st.integers(1, 99),
    hostile_text,
    st.lists(_short_text, max_size=3).map(tuple),
    hostile_text,
    st.none() | hostile_text,
)
_actions = st.builds(
    ActionLine,
    st.integers(1, 99),
    hostile_text,
    hostile_text,
    hostile_text,
    hostile_text,
    hostile_text,
    maybe_dates,
    st.none() | st.integers(1, 99),
    st.none() | _short_text,
    hostile_text,
    hostile_text,
    st.none() | hostile_text,
)
_texts = st.lists(hostile_text, max_size=3).map(tuple)
agreement_contents = st.builds(
    AgreementContent,
    case_reference=hostile_text,
    version=st.integers(1, 1000),
    agreement_date=maybe_dates,
    child_name=hostile_text,
    local_authority=hostile_text,
    meeting_date=maybe_dates,
    start_time=_short_text,
    end_time=_short_text,
    meeting_format=hostile_text,
    venue=hostile_text,
    mediator_name=hostile_text,
    mediator_accreditation=hostile_text,
    provider_name=hostile_text,
    family_parties=_texts,
    health_bodies=_texts,
    decision_ground=hostile_text,
    attendees=st.lists(_attendees, max_size=3).map(tuple),
    issues=st.lists(_issues, max_size=3).map(tuple),
    actions=st.lists(_actions, max_size=2).map(tuple),
    child_views_summary=st.none() | hostile_text,
    confidentiality_statement=hostile_text,
    appeal_statement=hostile_text,
    distribution=_texts,
)


@HOSTILE
@given(content=agreement_contents)
def test_agreement_content_survives_canonical_json_exactly(content: AgreementContent) -> None:
    digest = content_hash(content)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    restored = content_from_canonical(canonical_bytes(content))
    assert restored == content
    assert content_hash(restored) == digest


# (b) Storage through the services, on the real encrypted workspace ---------------------------

_references = (f"HX-{n:05d}" for n in itertools.count())


@HOSTILE
@given(
    subject=hostile_text,
    party=hostile_text,
    authority=hostile_text,
    date_of_birth=maybe_dates,
    reference=st.one_of(st.none(), hostile_text),
)
def test_case_names_are_stored_exactly_or_refused(
    workspace: Workspace,
    subject: str,
    party: str,
    authority: str,
    date_of_birth: date | None,
    reference: str | None,
) -> None:
    # reference None: a fresh valid reference; otherwise arbitrary text, usually refused.
    new = NewCase(
        reference=next(_references) if reference is None else reference,
        subject_name=subject,
        local_authority=authority,
        party_name=party,
        subject_date_of_birth=date_of_birth,
    )
    service = CaseService(workspace)
    problems = new.problems()
    try:
        summary = service.create(new)
    except ValidationError as error:
        message = str(error)
    else:
        message = None
    if message is not None:
        assert message
        assert problems or reference is not None  # only a duplicate reference may add one
        return
    assert not problems
    stored = service.summary(summary.id)
    assert stored is not None
    assert stored.reference == new.reference
    assert stored.subject_name == subject.strip()
    assert stored.local_authority == authority.strip()
    assert stored.family_names == party.strip()


def _case(workspace: Workspace) -> int:
    new = NewCase(next(_references), "Zoë Kowalczyk", "Northshire", "Łukasz Kowalczyk")
    return CaseService(workspace).create(new).id


@HOSTILE
@given(
    first=hostile_text,
    second=hostile_text,
    confidentiality=st.sampled_from(Confidentiality),
)
def test_note_text_round_trips_exactly(
    workspace: Workspace, first: str, second: str, confidentiality: Confidentiality
) -> None:
    notes = NotesService(workspace)
    case_id = _case_id(workspace)
    view = notes.add_note(case_id, None, None, confidentiality, first)
    assert view.text == first
    assert _stored_note_text(notes, view.id) == first
    notes.update_text(view.id, second)
    assert _stored_note_text(notes, view.id) == second


def _stored_note_text(notes: NotesService, note_id: int) -> str:
    view = notes.note(note_id)
    assert view is not None
    return view.text


_case_ids: dict[int, int] = {}


def _case_id(workspace: Workspace) -> int:
    """Return one case per workspace, made on first use (the workspace outlives examples)."""
    key = id(workspace)
    if key not in _case_ids:
        _case_ids[key] = _case(workspace)
    return _case_ids[key]


@HOSTILE
@given(heading=hostile_text, detail=hostile_text)
def test_issue_headings_are_stored_exactly_or_refused(
    workspace: Workspace, heading: str, detail: str
) -> None:
    intake = IntakeService(workspace)
    case_id = _case_id(workspace)
    entry = IssueEntry(heading=heading, detail=detail)
    problems = entry.problems()
    try:
        issue_id = intake.add_issue(case_id, entry)
    except ValidationError as error:
        message = str(error)
    else:
        message = None
    if message is not None:
        assert problems
        assert message
        return
    assert not problems
    (stored,) = [issue for issue in intake.issues(case_id) if issue.id == issue_id]
    assert stored.heading == heading.strip()
    assert stored.detail == detail.strip()


# (c) The documents: agreement (signed and sealed) and certificate ---------------------------
#
# Every field takes arbitrary text, and the PDF must build, embed every font it uses, and
# hold every character typed (as tests/documents/test_font_coverage.py defines "hold").
# One field at a time may be 10,000 characters long. Its text comes from one font's
# letters at a time, and holds no character that prints as a "[U+0085]" stand-in. Both
# for time: reportlab's layout slows with every change of font, and a cell taller than a
# page is laid out again for each page it runs over. Measured, 10,000 alternating
# scripts take 1-2 s, and 10,000 stand-ins (90,000 characters printed, 140 pages in the
# certificate's reference box) up to 30 s; such fields are pinned below, the stand-ins
# at 1,000. The short fields mix every script, mark and stand-in freely.

PDF_PROPERTY = settings(HOSTILE, max_examples=_examples(12))

_SCRIPT_CHARS = (
    st.characters(min_codepoint=0x20, max_codepoint=0x024F),  # Latin
    _ARABIC | _HEBREW,
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # Droid Sans Fallback
    st.characters(min_codepoint=0x0900, max_codepoint=0x0DFF),  # Indic: Unifont
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),  # Unifont Upper
    st.characters(max_codepoint=0x1F),  # C0 controls: Control Pictures, from Unifont
    # Marks with letters to sit on: words of marks alone are zero-width, and reportlab
    # takes many seconds to fill a line with thousands of them.
    _LATIN | _COMBINING,
    st.characters(blacklist_categories=("Cs",)),  # used alone: one character, 10,000 times
)


def _no_code_stand_in(char: str) -> bool:
    return not (stand_in(char) or "").startswith("[U+")


_huge_one_script = st.one_of(
    *(
        st.text(chars.filter(_no_code_stand_in) | st.just(" "), min_size=1, max_size=20)
        for chars in _SCRIPT_CHARS[:-1]
    ),
    _SCRIPT_CHARS[-1].filter(_no_code_stand_in),
).map(_ten_thousand)
# Every script in one 10,000-character field, each letter in another font than the last.
_HUGE_MIXED = _ten_thousand("Zoë 李ह🙂\x00ي\ue000")
# A thousand characters that print as "[U+0085]", "[U+E000]", "[U+2B740]".
_STAND_INS = ("\x85\ue000\U0002b740\uffff" * 250)[:1000]

_far_dates = st.one_of(
    odd_dates,
    st.sampled_from([date(2024, 2, 29), date(2025, 12, 31), date(2026, 1, 1), date(2100, 2, 28)]),
    st.dates(min_value=date(2101, 1, 1), max_value=date(2999, 12, 31)),
)
_any_dates = st.one_of(_far_dates, st.dates())  # years 1 to 9999, where nothing is computed
_moments = st.datetimes(timezones=st.none() | st.just(UTC))
_points = st.floats(allow_nan=True, allow_infinity=True) | st.floats(0, 1)
_strokes = st.lists(
    st.lists(st.tuples(_points, _points, st.integers(0, 10**6)), max_size=4).map(tuple),
    max_size=3,
).map(tuple)
_methods = st.sampled_from(SignatureMethod).map(str) | _short_text


@st.composite
def _with_one_huge(draw: st.DrawFn, fields: dict[str, str]) -> dict[str, str]:
    """Return ``fields`` with at most one of them replaced by a 10,000-character text."""
    field = draw(st.none() | st.sampled_from(sorted(fields)))
    if field is not None:
        fields = {**fields, field: draw(_huge_one_script)}
    return fields


def _short_texts(*names: str) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries(dict.fromkeys(names, _short_text))


_AGREEMENT_TEXTS = [
    "case_reference",
    "child_name",
    "local_authority",
    "start_time",
    "end_time",
    "meeting_format",
    "venue",
    "mediator_name",
    "mediator_accreditation",
    "provider_name",
    "decision_ground",
    "child_views_summary",
    "confidentiality_statement",
    "appeal_statement",
]
_short_lists = st.lists(_short_text, max_size=2).map(tuple)
_short_attendees = st.builds(
    AttendeeLine, _short_text, _short_text, _short_text, st.none() | st.booleans()
)
_short_issues = st.builds(
    IssueLine, st.integers(1, 99), _short_text, _short_lists, _short_text, _short_text
)
_short_actions = st.builds(
    ActionLine,
    st.integers(1, 99),
    *[_short_text] * 5,
    _any_dates | st.none(),
    st.none() | st.integers(1, 99),
    st.none() | _short_text,
    _short_text,
    _short_text,
    st.none() | _short_text,
)


@st.composite
def hostile_agreements(draw: st.DrawFn) -> tuple[SignedAgreement, list[str]]:
    """Return a signed agreement of arbitrary text, and the texts it must print."""
    texts = draw(_with_one_huge(draw(_short_texts(*_AGREEMENT_TEXTS))))
    content = AgreementContent(
        **texts,
        version=draw(st.integers(1, 10**6)),
        agreement_date=draw(st.none() | _any_dates),
        meeting_date=draw(st.none() | _any_dates),
        family_parties=draw(_short_lists),
        health_bodies=draw(_short_lists),
        attendees=draw(st.lists(_short_attendees, max_size=2).map(tuple)),
        issues=draw(st.lists(_short_issues, max_size=2).map(tuple)),
        actions=draw(st.lists(_short_actions, max_size=2).map(tuple)),
        distribution=draw(_short_lists),
    )
    digest = content_hash(content)
    signatures = draw(
        st.lists(
            st.builds(
                SignatureRecord,
                signer_name=_short_text,
                signer_role=_short_text,
                method=_methods,
                signed_at=_moments,
                content_sha256=st.just(digest) | st.text("0123456789abcdef", max_size=64),
                strokes=_strokes,
                typed_statement=st.none() | _short_text,
                attested_by=st.none() | _short_text,
            ),
            max_size=3,
        )
    )
    printed = [
        *texts.values(),
        *content.family_parties,
        *content.health_bodies,
        *content.distribution,
        *(text for person in content.attendees for text in dataclasses.astuple(person)[:3]),
        *(text for issue in content.issues for text in (issue.heading, *issue.sections)),
        *(text for issue in content.issues for text in (issue.area, issue.outcome)),
        *(text for action in content.actions for text in _action_texts(action)),
    ]
    for signature in signatures:
        printed += [signature.signer_name, signature.signer_role]
        if signature.method == SignatureMethod.TYPED:
            printed.append(signature.typed_statement or "")
        if signature.method == SignatureMethod.VERBAL:
            printed.append(signature.attested_by or "")
    return SignedAgreement(content, tuple(signatures)), printed


def _action_texts(action: ActionLine) -> tuple[str, ...]:
    return (
        action.owner_name,
        action.owner_role,
        action.owner_organisation,
        action.action,
        action.measure,
        action.plan_section or "",
        action.statutory_basis,
        action.basis_explanation,
        action.alternative_timescale_note or "",
    )


def _sample_case(**changes: str) -> tuple[SignedAgreement, list[str]]:
    return sample_signed(dataclasses.replace(CONTENT, **changes)), list(changes.values())


def _signed_at(moment: datetime) -> tuple[SignedAgreement, list[str]]:
    signature = dataclasses.replace(signatures(CONTENT)[1], signed_at=moment)
    return SignedAgreement(CONTENT, (signature,)), [signature.signer_name]


@pytest.fixture(scope="module")
def seal_identity(tmp_path_factory: pytest.TempPathFactory) -> SigningIdentity:
    return make_identity(tmp_path_factory.mktemp("hostile-seal") / "ws", "Helen Ashworth")


@PDF_PROPERTY
@given(case=hostile_agreements())
@example(case=_sample_case(venue=_HUGE_MIXED, provider_name=_STAND_INS))
# Found: an end time without a start time was left off the page.
@example(case=_sample_case(start_time="", end_time="\x00"))
# Seen: a signature in the first minutes of year 1 is in year 0 in England's time.
@example(case=_signed_at(datetime(1, 1, 1)))
def test_any_signed_agreement_prints_every_character_and_seals(
    case: tuple[SignedAgreement, list[str]], seal_identity: SigningIdentity
) -> None:
    signed, printed = case
    document = build_agreement(signed)
    assert_prints_everything(document, *printed)
    reason = f"Mediation agreement {signed.content.case_reference}, version 1"
    sealed = seal_pdf(document.pdf, seal_identity, reason=reason, location="SendMed Desktop")
    assert verify_pdf(sealed, [seal_identity.certificate]).status is SealStatus.INTACT


_CERTIFICATE_TEXTS = [
    "reference",
    "issuing_organisation",
    "issuer_name",
    "issuer_role",
    "child_name",
    "local_authority",
    "decision_ground",
]
_maybe_texts = st.none() | _short_text


@st.composite
def hostile_certificates(draw: st.DrawFn) -> tuple[CertificateFields, list[str]]:
    """Return certificate fields of arbitrary text and dates, and the texts it must print."""
    texts = draw(_with_one_huge(draw(_short_texts(*_CERTIFICATE_TEXTS))))
    parties = draw(st.lists(st.builds(FamilyParty, _short_text, st.sampled_from(Role)), max_size=2))
    corrects = draw(_maybe_texts)
    fields = CertificateFields(
        **texts,
        kind=draw(st.sampled_from(CertificateKind)),
        issued_on=draw(_far_dates),
        typed_signature=draw(_maybe_texts),
        signature_strokes=draw(_strokes),
        family_parties=tuple(parties),
        alternative_person=draw(_maybe_texts),
        child_date_of_birth=draw(st.none() | _any_dates),
        health_bodies=draw(_short_lists),
        decision_notice_date=draw(st.none() | _any_dates),
        decision_sent_on=draw(st.none() | _far_dates),
        issue_headings=draw(_short_lists),
        adviser_contacted_on=draw(st.none() | _any_dates),
        mediation_date=draw(st.none() | _any_dates),
        mediation_concluded_on=draw(st.none() | _any_dates),
        resolution=draw(st.none() | st.sampled_from(ResolutionExtent)),
        la_could_not_arrange_on=draw(st.none() | _any_dates),
        corrects_reference=corrects,
        first_issued_on=draw(st.none() | _far_dates),
        correction_reason=draw(_maybe_texts),
    )
    printed = [
        *texts.values(),
        *(party.name for party in parties),
        *fields.health_bodies,
        *fields.issue_headings,
        fields.alternative_person or "",
    ]
    if corrects:
        # The reason prints trimmed: Python's whitespace, controls among it, goes at the ends.
        printed += [corrects, (fields.correction_reason or "").strip()]
    if not any(fields.signature_strokes):
        # The typed name prints on one line: Python's whitespace, controls among it, goes.
        printed.append(" ".join((fields.typed_signature or "").split()))
    return fields, printed


def _sample_certificate(**changes: Any) -> tuple[CertificateFields, list[str]]:
    fields = dataclasses.replace(sample_fields(CertificateKind.AFTER_MEDIATION), **changes)
    return fields, [value for value in changes.values() if isinstance(value, str)]


@PDF_PROPERTY
@given(case=hostile_certificates())
@example(case=_sample_certificate(decision_ground=_HUGE_MIXED, reference=_STAND_INS))
# Found: a long name full of soft hyphens took reportlab a minute to lay out.
@example(case=_sample_certificate(issuer_name=_ten_thousand("ŗïq`!ſ'\u00adVf")))
# Found: a point of a drawn signature that is not a number stopped the whole document.
@example(case=_sample_certificate(signature_strokes=(((0.0, math.nan, 0),),)))
def test_any_certificate_prints_every_character(case: tuple[CertificateFields, list[str]]) -> None:
    fields, printed = case
    assert_prints_everything(render_certificate(fields), *printed)
