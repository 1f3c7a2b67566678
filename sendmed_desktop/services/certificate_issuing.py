"""Issue one certificate inside the caller's transaction: number, render, check, seal, keep.

Every step runs in the one transaction the service opened, so a refusal or a failure at
any point keeps nothing: no row, no audit entry, and the provider's sequence does not
advance.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from sendmed_desktop.documents.certificate_pdf import render_certificate
from sendmed_desktop.documents.seal import seal_pdf
from sendmed_desktop.domain.agreement import format_short_date
from sendmed_desktop.domain.certificates import certificate_reference, fields_problems
from sendmed_desktop.domain.confidentiality import (
    ConfidentialityBreach,
    NoteLike,
    assert_no_confidential_text,
)
from sendmed_desktop.domain.deadlines import Deadline
from sendmed_desktop.domain.vocabulary import CertificateKind, ResolutionExtent
from sendmed_desktop.security.signing import SigningIdentity, load_or_create_identity
from sendmed_desktop.services.agreement_signing import strokes_to_json
from sendmed_desktop.services.certificate_fields import Correction, Signing, build_fields
from sendmed_desktop.services.certificate_register import is_late
from sendmed_desktop.services.certificate_views import (
    IssuedCertificate,
    IssueRequest,
    strokes_problems,
)
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.certificate_repository import (
    CaseCertificateFacts,
    CertificateRepository,
)
from sendmed_desktop.storage.models import Certificate

log = logging.getLogger(__name__)

ENTITY = "certificate"
SEAL_LOCATION = "England"
MEDIATOR_FALLBACK = "The mediator"
_UNALLOCATED = "(to be allocated)"


@dataclass(frozen=True)
class IssuePlan:
    """What to issue: the case's facts, the kind, the issuer's request and the rule."""

    facts: CaseCertificateFacts
    kind: CertificateKind
    request: IssueRequest
    deadline: Deadline | None
    resolution: ResolutionExtent | None
    correction: Correction | None = None
    reissue_of_id: int | None = None
    # A correction keeps the original's due date if the trigger's date has since gone.
    fallback_due: date | None = None


def issue_in_session(
    session: Session,
    workspace: Workspace,
    plan: IssuePlan,
    *,
    notes: Sequence[NoteLike],
    today: date,
) -> IssuedCertificate:
    """Issue the planned certificate in ``session``'s transaction; refuse if it cannot be."""
    repository = CertificateRepository(session)
    request = plan.request
    issued_on = request.issued_on or today
    problems = strokes_problems(request.signature_strokes)
    if issued_on > today:
        problems.append("The date of issue cannot be in the future.")
    start = plan.deadline.start if plan.deadline is not None else None
    if start is not None and issued_on < start:
        problems.append(
            "The date of issue is before the day that made the certificate due "
            f"({format_short_date(start)})."
        )
    provider = repository.ensure_provider()
    fields = build_fields(
        plan.facts,
        plan.kind,
        reference=_UNALLOCATED,
        issued_on=issued_on,
        organisation=provider.name,
        signing=Signing(
            request.issuer_name,
            request.issuer_role,
            request.typed_signature,
            tuple(request.signature_strokes),
        ),
        resolution=plan.resolution,
        correction=plan.correction,
    )
    problems += fields_problems(fields)
    if problems:
        raise ValidationError("\n".join(dict.fromkeys(problems)))
    fields = replace(fields, reference=_next_reference(repository, issued_on))
    rendered = render_certificate(fields)
    # The tripwire runs on exactly the text printed, against every note of the case,
    # deleted ones included: an issue heading typed from a private note is caught here.
    try:
        assert_no_confidential_text(rendered.text, notes)
    except ConfidentialityBreach as breach:
        raise ValidationError(str(breach)) from None
    identity = _identity(workspace, repository)
    sealed = seal_pdf(
        rendered.pdf,
        identity,
        reason=f"Mediation certificate {fields.reference}",
        location=SEAL_LOCATION,
    )
    due_on = plan.deadline.due if plan.deadline is not None else plan.fallback_due
    row = repository.add(
        Certificate(
            case_id=plan.facts.case_id,
            kind=plan.kind,
            reference=fields.reference,
            issued_on=issued_on,
            due_on=due_on,
            issuer_name=fields.issuer_name,
            issuer_role=fields.issuer_role,
            resolution=fields.resolution,
            signature_strokes_json=(
                strokes_to_json(fields.signature_strokes) if fields.signature_strokes else None
            ),
            reissue_of_id=plan.reissue_of_id,
            reissue_reason=fields.correction_reason,
            sealed_pdf=sealed,
        )
    )
    # Ids only: the trail never names people or says what a certificate says.
    detail = f"case {plan.facts.case_id}; {plan.kind.value}; sealed {identity.fingerprint[:16]}"
    if plan.reissue_of_id is not None:
        detail += f"; corrects certificate {plan.reissue_of_id}"
    action = "issue" if plan.reissue_of_id is None else "reissue"
    audit.record(session, action, ENTITY, row.id, detail=detail)
    log.info("certificate %s", action)
    return IssuedCertificate(
        id=row.id,
        case_id=plan.facts.case_id,
        reference=fields.reference,
        kind=plan.kind,
        issued_on=issued_on,
        due_on=due_on,
        late=is_late(issued_on, due_on),
        fields=fields,
        sealed_pdf=sealed,
    )


def _next_reference(repository: CertificateRepository, issued_on: date) -> str:
    """Take the provider's next number; skip any reference already used (never reuse one)."""
    provider = repository.ensure_provider()
    while True:
        number = repository.take_certificate_number(provider)
        reference = certificate_reference(provider.reference_prefix, issued_on.year, number)
        if not repository.reference_taken(reference):
            return reference


def _identity(workspace: Workspace, repository: CertificateRepository) -> SigningIdentity:
    """Return the signing identity, named after the mediator as agreements are sealed."""
    mediator = repository.mediator()
    provider = repository.provider()
    name = (mediator.full_name.strip() if mediator else "") or MEDIATOR_FALLBACK
    organisation = provider.name.strip() if provider else None
    return load_or_create_identity(workspace, signer_name=name, organisation=organisation)
