"""Build a certificate's fields from a case's explicit columns, and nothing else.

This is the content guard's first half: ``CaseCertificateFacts`` holds names, dates,
labels and issue headings only (the repository does not even load issue details, the
decision's summary, notes, proposals, the child's views or agreed actions), and
``build_fields`` copies from it field by field. The second half is the renderer, which is
given only the ``CertificateFields`` this returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sendmed_desktop.domain.agreement import Stroke
from sendmed_desktop.domain.certificates import (
    CertificateFields,
    CertificateTrigger,
    FamilyParty,
    resolution_from_outcomes,
)
from sendmed_desktop.domain.parties import SUBJECT_ROLES
from sendmed_desktop.domain.vocabulary import (
    CertificateKind,
    FamilyDecision,
    Ground,
    ResolutionExtent,
    Role,
)
from sendmed_desktop.storage.certificate_repository import CaseCertificateFacts

ICB_FALLBACK = "ICB (formerly CCG)"
_FAMILY_PARTY_ROLES = (Role.PARENT_CARER, Role.YOUNG_PERSON)


@dataclass(frozen=True)
class Correction:
    """What a corrected certificate says about the one it replaces."""

    reference: str
    first_issued_on: date
    reason: str


@dataclass(frozen=True)
class Signing:
    """Who issues the certificate, and how they sign it."""

    issuer_name: str
    issuer_role: str
    typed_signature: str | None = None
    strokes: tuple[Stroke, ...] = ()


def trigger_from(
    facts: CaseCertificateFacts, issued: frozenset[CertificateKind]
) -> CertificateTrigger:
    """Return the dates that make each kind of certificate due for this case."""
    return CertificateTrigger(
        family_declined=facts.family_decision is FamilyDecision.DECLINE,
        adviser_told_of_decision_on=facts.adviser_told_of_decision_on,
        la_told_adviser_not_possible_on=facts.la_told_adviser_not_possible_on,
        meeting_concluded_on=facts.meeting_concluded_on,
        issued=issued,
    )


def default_resolution(facts: CaseCertificateFacts) -> ResolutionExtent:
    """Return how far the issues were resolved, from each issue's recorded outcome."""
    return resolution_from_outcomes(facts.issue_outcomes)


def decision_ground(facts: CaseCertificateFacts) -> str:
    """Return the s.51(2) ground's label (with the part of the plan, for content disputes)."""
    if facts.ground is None:
        return ""
    if facts.ground is Ground.PLAN_CONTENT and facts.plan_content_part is not None:
        return f"{facts.ground.label}, {facts.plan_content_part.label}"
    return facts.ground.label


def build_fields(
    facts: CaseCertificateFacts,
    kind: CertificateKind,
    *,
    reference: str,
    issued_on: date,
    organisation: str,
    signing: Signing,
    resolution: ResolutionExtent | None = None,
    correction: Correction | None = None,
) -> CertificateFields:
    """Return the certificate of ``kind`` for this case, from its explicit columns only."""
    subject = next((p for p in facts.people if p.role in SUBJECT_ROLES), None)
    parties = tuple(
        FamilyParty(name=p.name.strip(), role=p.role)
        for p in facts.people
        if p.is_party and p.role in _FAMILY_PARTY_ROLES and p.name.strip()
    )
    alternative = next(
        (p.name.strip() for p in facts.people if p.role is Role.ALTERNATIVE_PERSON), None
    )
    health_bodies = dict.fromkeys(
        (p.organisation or "").strip() or ICB_FALLBACK
        for p in facts.people
        if p.role is Role.ICB_OFFICER
    )
    after = kind is CertificateKind.AFTER_MEDIATION
    return CertificateFields(
        reference=reference,
        kind=kind,
        issued_on=issued_on,
        issuing_organisation=organisation.strip(),
        issuer_name=signing.issuer_name.strip(),
        issuer_role=signing.issuer_role.strip(),
        typed_signature=" ".join((signing.typed_signature or "").split()) or None,
        signature_strokes=signing.strokes,
        family_parties=parties,
        alternative_person=alternative or None,
        child_name=subject.name.strip() if subject else "",
        child_date_of_birth=subject.date_of_birth if subject else None,
        local_authority=facts.local_authority.strip(),
        health_bodies=tuple(health_bodies),
        decision_notice_date=facts.notice_date,
        decision_sent_on=facts.notice_sent_on,
        decision_ground=decision_ground(facts),
        issue_headings=tuple(h.strip() for h in facts.issue_headings if h.strip()),
        adviser_contacted_on=facts.adviser_contacted_on,
        mediation_date=(facts.meeting_held_on or facts.meeting_concluded_on) if after else None,
        mediation_concluded_on=facts.meeting_concluded_on if after else None,
        resolution=resolution,
        la_could_not_arrange_on=(
            facts.la_told_adviser_not_possible_on if kind is CertificateKind.NOT_HELD else None
        ),
        corrects_reference=correction.reference if correction else None,
        first_issued_on=correction.first_issued_on if correction else None,
        correction_reason=correction.reason.strip() if correction else None,
    )
