"""The canonical content and hash that signatures bind."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from sendmed_desktop.domain.agreement import (
    ActionLine,
    AgreementContent,
    SignatureRecord,
    SignedAgreement,
    canonical_bytes,
    content_hash,
)

CONTENT = AgreementContent(
    case_reference="DEMO-0001",
    version=1,
    agreement_date=date(2026, 1, 14),
    child_name="Tobi Okafor",
    local_authority="Northshire County Council",
    actions=(
        ActionLine(
            1,
            "Graham Whitfield",
            "SEN casework manager",
            "Northshire",
            "Issue the draft plan",
            "Draft plan received by the parent",
            date(2026, 2, 18),
        ),
    ),
)


def test_hash_is_stable_and_changes_with_any_field() -> None:
    assert content_hash(CONTENT) == content_hash(replace(CONTENT))
    assert len(content_hash(CONTENT)) == 64
    changed_action = replace(CONTENT.actions[0], due_on=date(2026, 2, 19))
    assert content_hash(replace(CONTENT, actions=(changed_action,))) != content_hash(CONTENT)
    assert content_hash(replace(CONTENT, version=2)) != content_hash(CONTENT)


def test_canonical_form_is_json_with_unicode_kept() -> None:
    text = canonical_bytes(replace(CONTENT, child_name="Zoë Ñúñez")).decode("utf-8")
    assert '"child_name":"Zoë Ñúñez"' in text
    assert '"agreement_date":"2026-01-14"' in text


def test_signatures_are_valid_only_for_the_content_they_bound() -> None:
    signature = SignatureRecord(
        "Sarah Okafor",
        "Parent",
        "typed",
        datetime(2026, 1, 14, 12, tzinfo=UTC),
        content_hash(CONTENT),
        typed_statement="I agree",
    )
    assert SignedAgreement(CONTENT, (signature,)).signatures_valid()
    edited = replace(CONTENT, child_views_summary="Likes the quiet room.")
    assert not SignedAgreement(edited, (signature,)).signatures_valid()


def test_canonical_form_round_trips_exactly() -> None:
    from sendmed_desktop.domain.agreement import AttendeeLine, IssueLine, content_from_canonical

    full = replace(
        CONTENT,
        meeting_date=date(2026, 1, 14),
        attendees=(AttendeeLine("Sarah Okafor", "Parent or carer", "", None),),
        issues=(IssueLine(1, "Speech and language therapy", ("F",), "Education", "Agreed"),),
        family_parties=("Sarah Okafor",),
        distribution=("Sarah Okafor", "Northshire SEN team"),
        child_views_summary="Likes the quiet room.",
    )
    rebuilt = content_from_canonical(canonical_bytes(full))
    assert rebuilt == full
    assert content_hash(rebuilt) == content_hash(full)
