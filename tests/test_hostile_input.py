"""Hostile input: arbitrary Unicode, huge fields, odd dates and empty values thrown at the core.

Property tests (hypothesis) over the domain rules, the services on a real encrypted
workspace, and the agreement PDF. The text strategies mix right-to-left scripts (Arabic,
Hebrew), combining marks, emoji, control characters and 10,000-character fields.

What the storage may legitimately refuse: lone surrogates (Unicode category Cs) are not
characters at all and cannot be encoded as UTF-8, so no text column can hold them; the
strategies leave them out. Every other code point, NUL and other control characters
included, must either be stored exactly or refused with a ValidationError.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import replace
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from sendmed_desktop.documents.agreement_pdf import render_agreement
from sendmed_desktop.domain import timescales
from sendmed_desktop.domain.agreement import (
    ActionLine,
    AgreementContent,
    AttendeeLine,
    IssueLine,
    SignedAgreement,
    canonical_bytes,
    content_from_canonical,
    content_hash,
)
from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.domain.deadlines import Deadline
from sendmed_desktop.domain.parties import end_of_compulsory_school_age
from sendmed_desktop.domain.smart import ActionDraft, check_action
from sendmed_desktop.domain.vocabulary import Confidentiality, StatutoryBasis
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.intake import IntakeService
from sendmed_desktop.services.intake_issues import IssueEntry
from sendmed_desktop.services.notes import NotesService
from sendmed_desktop.services.workspace import Workspace
from tests.documents.samples import CONTENT, sample_signed, signatures

HOSTILE = settings(
    deadline=None,
    max_examples=25,
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


# (c) The agreement PDF ---------------------------------------------------------------------


@HOSTILE
@given(
    child=name_text,
    parent=name_text,
    owner=name_text,
    # _huge_text included: a 10,000-character action once stopped the whole document with
    # reportlab's LayoutError (a table row taller than a page); rows now split.
    action=st.one_of(name_text, _short_text, _huge_text),
)
def test_agreement_pdf_prints_any_names(child: str, parent: str, owner: str, action: str) -> None:
    first_action = replace(CONTENT.actions[0], owner_name=owner, action=action)
    content = replace(
        CONTENT,
        child_name=child,
        family_parties=(parent,),
        attendees=(AttendeeLine(parent, "Parent or carer"), *CONTENT.attendees[2:]),
        actions=(first_action, *CONTENT.actions[1:]),
    )
    signed = SignedAgreement(
        content, tuple(replace(s, signer_name=parent) for s in signatures(content)[:1])
    )
    pdf = render_agreement(signed)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.pages
    assert CONTENT.case_reference in " ".join(page.extract_text() for page in reader.pages)


def test_the_sample_agreement_still_renders() -> None:
    """A plain control for the property above: the untouched sample prints."""
    assert render_agreement(sample_signed()).startswith(b"%PDF")
