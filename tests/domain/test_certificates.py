"""Certificates in the domain: which are due and when, the outcome, what is missing."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from sendmed_desktop.domain.certificates import (
    CertificateFields,
    CertificateTrigger,
    FamilyParty,
    appeal_note,
    canonical_text,
    certificate_deadline,
    certificate_reference,
    certificate_title,
    default_issuer_role,
    fields_problems,
    offered_kinds,
    resolution_from_outcomes,
)
from sendmed_desktop.domain.timescales import WorkingCalendar
from sendmed_desktop.domain.vocabulary import (
    CertificateKind,
    IssueOutcome,
    ResolutionExtent,
    Role,
)

DECLINED = CertificateKind.DECLINED
AFTER = CertificateKind.AFTER_MEDIATION
NOT_HELD = CertificateKind.NOT_HELD
AGREED, PARTLY, NOT_AGREED = (
    IssueOutcome.AGREED,
    IssueOutcome.PARTLY_AGREED,
    IssueOutcome.NOT_AGREED,
)


def fields(kind: CertificateKind = AFTER, **changes: object) -> CertificateFields:
    """Return complete fields for ``kind``; ``changes`` replace any of them."""
    base = CertificateFields(
        reference="SM-C-2026-0001",
        kind=kind,
        issued_on=date(2026, 4, 8),
        issuing_organisation="Mediation provider",
        issuer_name="Helen Marsh",
        issuer_role="Mediator",
        typed_signature="Helen Marsh",
        family_parties=(FamilyParty("Sarah Okafor", Role.PARENT_CARER),),
        child_name="Tobi Okafor",
        child_date_of_birth=date(2016, 5, 12),
        local_authority="Northshire County Council",
        decision_notice_date=date(2026, 2, 2),
        decision_sent_on=date(2026, 2, 3),
        decision_ground="s.51(2)(a) Refusal to carry out an EHC needs assessment",
        issue_headings=("Refusal to assess",),
        adviser_contacted_on=date(2026, 2, 10),
        mediation_date=date(2026, 4, 6) if kind is AFTER else None,
        mediation_concluded_on=date(2026, 4, 6) if kind is AFTER else None,
        resolution=ResolutionExtent.NOT_AT_ALL if kind is AFTER else None,
        la_could_not_arrange_on=date(2026, 4, 3) if kind is NOT_HELD else None,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


# Offers and due dates ---------------------------------------------------------------------


def test_after_mediation_concluded_before_christmas_is_due_after_the_holidays() -> None:
    # domain.md §3: concluded Tue 23 Dec 2025 -> due Tue 30 Dec 2025 (25, 26 Dec skipped).
    trigger = CertificateTrigger(meeting_concluded_on=date(2025, 12, 23))
    (offer,) = offered_kinds(trigger, today=date(2025, 12, 29))
    assert offer.kind is AFTER
    assert offer.due.due == date(2025, 12, 30)
    assert offer.due.rule == "R7"
    assert offer.late is False
    assert offered_kinds(trigger, today=date(2025, 12, 30))[0].late is False  # due today
    assert offered_kinds(trigger, today=date(2025, 12, 31))[0].late is True


def test_declined_is_due_on_the_third_working_day_after_the_adviser_is_told() -> None:
    # domain.md §3: told Wed 1 Apr 2026 -> due Wed 8 Apr 2026 (Good Friday, Easter Monday).
    trigger = CertificateTrigger(family_declined=True, adviser_told_of_decision_on=date(2026, 4, 1))
    (offer,) = offered_kinds(trigger, today=date(2026, 4, 9))
    assert (offer.kind, offer.due.due, offer.due.rule, offer.late) == (
        DECLINED,
        date(2026, 4, 8),
        "R2",
        True,
    )
    assert offer.label == "Mediation declined after information"


def test_declining_without_telling_the_adviser_offers_nothing_yet() -> None:
    assert offered_kinds(CertificateTrigger(family_declined=True), today=date(2026, 4, 1)) == []
    told_but_mediating = CertificateTrigger(adviser_told_of_decision_on=date(2026, 4, 1))
    assert offered_kinds(told_but_mediating, today=date(2026, 4, 1)) == []


def test_not_held_is_due_three_working_days_after_the_la_says_so() -> None:
    trigger = CertificateTrigger(la_told_adviser_not_possible_on=date(2025, 12, 1))
    (offer,) = offered_kinds(trigger, today=date(2025, 12, 4))
    assert (offer.kind, offer.due.due, offer.due.rule, offer.late) == (
        NOT_HELD,
        date(2025, 12, 4),
        "R6",
        False,
    )


def test_issued_kinds_are_not_offered_and_the_rest_come_soonest_first() -> None:
    trigger = CertificateTrigger(
        la_told_adviser_not_possible_on=date(2026, 1, 5),
        meeting_concluded_on=date(2026, 1, 20),
    )
    offers = offered_kinds(trigger, today=date(2026, 1, 21))
    assert [o.kind for o in offers] == [NOT_HELD, AFTER]
    assert [o.late for o in offers] == [True, False]
    done = dataclasses.replace(trigger, issued=frozenset({NOT_HELD}))
    assert [o.kind for o in offered_kinds(done, today=date(2026, 1, 21))] == [AFTER]


def test_the_service_calendar_moves_the_due_date() -> None:
    trigger = CertificateTrigger(meeting_concluded_on=date(2025, 12, 22))
    assert certificate_deadline(AFTER, trigger) is not None
    plain = certificate_deadline(AFTER, trigger)
    closed = certificate_deadline(AFTER, trigger, WorkingCalendar(christmas_eve_closed=True))
    assert plain is not None
    assert closed is not None
    assert (plain.due, closed.due) == (date(2025, 12, 29), date(2025, 12, 30))
    assert certificate_deadline(DECLINED, trigger) is None


# The outcome ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcomes", "extent"),
    [
        ([AGREED, AGREED], ResolutionExtent.IN_FULL),
        ([AGREED], ResolutionExtent.IN_FULL),
        ([NOT_AGREED, NOT_AGREED], ResolutionExtent.NOT_AT_ALL),
        ([NOT_AGREED, None], ResolutionExtent.NOT_AT_ALL),
        ([], ResolutionExtent.NOT_AT_ALL),
        ([AGREED, NOT_AGREED], ResolutionExtent.IN_PART),
        ([PARTLY, PARTLY], ResolutionExtent.IN_PART),
        ([AGREED, PARTLY], ResolutionExtent.IN_PART),
        ([AGREED, None], ResolutionExtent.IN_PART),
        ([PARTLY, NOT_AGREED], ResolutionExtent.IN_PART),
    ],
)
def test_resolution_from_outcomes(
    outcomes: list[IssueOutcome | None], extent: ResolutionExtent
) -> None:
    assert resolution_from_outcomes(outcomes) is extent


# What is missing ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(CertificateKind), ids=lambda k: k.value)
def test_complete_fields_have_no_problems(kind: CertificateKind) -> None:
    assert fields_problems(fields(kind)) == []


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"reference": ""}, "no reference number"),
        ({"issuing_organisation": " "}, "mediation provider"),
        ({"issuer_name": ""}, "name of the person issuing"),
        ({"issuer_role": ""}, "issuer's role"),
        ({"typed_signature": None}, "Sign the certificate"),
        ({"typed_signature": "H. Marsh"}, "type “Helen Marsh” to sign"),
        ({"family_parties": ()}, "parent or young person"),
        ({"child_name": ""}, "child or young person the case is about"),
        ({"child_date_of_birth": None}, "date of birth"),
        ({"local_authority": ""}, "local authority"),
        ({"decision_ground": ""}, "s.51(2) ground"),
        ({"decision_notice_date": None}, "date on the decision notice"),
        ({"decision_sent_on": None}, "appeal deadline counts from it"),
        ({"adviser_contacted_on": None}, "mediation adviser was contacted"),
        ({"adviser_contacted_on": date(2026, 4, 9)}, "contacted after the date of issue"),
        ({"issue_headings": ()}, "Record the mediation issues"),
        ({"mediation_date": None, "mediation_concluded_on": None}, "day mediation took place"),
        ({"resolution": None}, "in full, in part or not at all"),
        ({"issued_on": date(2026, 4, 3)}, "before mediation concluded"),
        ({"corrects_reference": "SM-C-2026-0001"}, "why the certificate is being corrected"),
    ],
)
def test_each_missing_field_is_named(changes: dict[str, object], problem: str) -> None:
    found = fields_problems(fields(AFTER, **changes))
    assert any(problem in text for text in found), found


def test_kind_specific_problems() -> None:
    assert any(
        "could not be arranged" in p
        for p in fields_problems(fields(NOT_HELD, la_could_not_arrange_on=None))
    )
    early = fields(NOT_HELD, issued_on=date(2026, 4, 2), adviser_contacted_on=date(2026, 2, 1))
    assert any("before the local authority said" in p for p in fields_problems(early))
    wrong = fields(DECLINED, resolution=ResolutionExtent.IN_FULL)
    assert any("Only a certificate after mediation" in p for p in fields_problems(wrong))
    # A declined certificate may have no issues recorded: it prints "None recorded".
    assert fields_problems(fields(DECLINED, issue_headings=())) == []


def test_a_drawn_signature_signs_and_a_typed_one_is_matched_loosely() -> None:
    drawn = fields(typed_signature=None, signature_strokes=(((0.1, 0.2, 0), (0.5, 0.5, 40)),))
    assert drawn.signed
    assert fields_problems(drawn) == []
    assert fields_problems(fields(typed_signature="  helen   MARSH ")) == []


# What it says -------------------------------------------------------------------------------


def test_reference_format() -> None:
    assert certificate_reference("SM", 2026, 7) == "SM-C-2026-0007"
    assert certificate_reference("EMS", 2027, 12345) == "EMS-C-2027-12345"


def test_titles_and_issuers() -> None:
    assert certificate_title(DECLINED) == (
        "Mediation certificate — mediation declined after information"
    )
    assert certificate_title(AFTER) == "Mediation certificate — after mediation"
    assert certificate_title(NOT_HELD) == (
        "Mediation certificate — mediation not held within 30 days"
    )
    assert default_issuer_role(DECLINED) == "Mediation adviser"
    assert default_issuer_role(AFTER) == "Mediator"


def test_the_appeal_date_uses_the_later_limb_and_a_correction_keeps_the_first_date() -> None:
    # Sent 3 Feb + 2 months = 3 Apr; issued 8 Apr + 1 month = 8 May: the later wins.
    assert fields().appeal_by == date(2026, 5, 8)
    # Issued early: the decision's 2 months is later, Fri 3 Apr 2026, which is Good
    # Friday; Easter Monday follows, so time runs to Tue 7 Apr 2026 (HESC r.12(2)).
    early = fields(DECLINED, issued_on=date(2026, 2, 20))
    assert early.appeal_by == date(2026, 4, 7)
    assert "That later date, Fri 3 Apr 2026, is not a working day" in appeal_note(early)
    corrected = fields(
        issued_on=date(2026, 4, 20),
        corrects_reference="SM-C-2026-0001",
        first_issued_on=date(2026, 4, 8),
        correction_reason="Date of birth corrected",
    )
    assert corrected.appeal_clock_from == date(2026, 4, 8)
    assert corrected.appeal_by == date(2026, 5, 8)
    assert "first certificate was issued (Wed 8 Apr 2026" in appeal_note(corrected)
    assert fields(decision_sent_on=None).appeal_by is None


def test_the_appeal_note_never_says_an_appeal_is_barred() -> None:
    for kind in CertificateKind:
        for sent in (date(2026, 2, 3), None):
            note = appeal_note(fields(kind, decision_sent_on=sent)).lower()
            assert "the tribunal decides whether to accept a late appeal" in note
            assert "barred" not in note
            assert "too late" not in note


def test_the_canonical_text_holds_every_field_and_nothing_else() -> None:
    sample = fields()
    data = json.loads(canonical_text(sample))
    assert set(data) == {f.name for f in dataclasses.fields(CertificateFields)}
    assert data["issue_headings"] == ["Refusal to assess"]
    assert data["issued_on"] == "2026-04-08"
    assert canonical_text(sample) == canonical_text(fields())
