"""Mediation certificates: which are due, a preview, issuing, correcting, the register.

``CertificateService(workspace)`` is what the GUI calls. Issuing is one transaction
(``certificate_issuing``): the reference is taken from the provider's sequence, the
certificate is built from the case's explicit columns only (``certificate_fields``),
rendered, checked against every note of the case, sealed with the workspace's signing
identity and stored with its sealed PDF, with an audit entry naming ids only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sendmed_desktop.documents.certificate_pdf import render_certificate
from sendmed_desktop.domain.certificates import (
    CertificateFields,
    OfferedCertificate,
    certificate_deadline,
    certificate_reference,
    default_issuer_role,
    offered_kinds,
)
from sendmed_desktop.domain.vocabulary import CertificateKind, ResolutionExtent
from sendmed_desktop.services.certificate_fields import (
    Correction,
    Signing,
    build_fields,
    default_resolution,
    trigger_from,
)
from sendmed_desktop.services.certificate_issuing import IssuePlan, issue_in_session
from sendmed_desktop.services.certificate_register import (
    RegisterFilter,
    RegisterRow,
    register_csv,
    register_rows,
)
from sendmed_desktop.services.certificate_views import (
    CertificateSummary,
    IssuedCertificate,
    Issuer,
    IssueRequest,
    summary_of,
)
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.notes import NotesService
from sendmed_desktop.services.timeline import timeline_settings
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.certificate_repository import (
    DEFAULT_PROVIDER_NAME,
    DEFAULT_PROVIDER_PREFIX,
    CaseCertificateFacts,
    CertificateRepository,
)

__all__ = [
    "CertificateService",
    "CertificateSummary",
    "IssueRequest",
    "IssuedCertificate",
    "Issuer",
    "OfferedCertificate",
    "RegisterFilter",
    "RegisterRow",
]

_NOT_TRIGGERED = {
    CertificateKind.DECLINED: (
        "The certificate for declined mediation can be issued only once the parent or young "
        "person has declined and the mediation adviser has been told: record both in the "
        "case's key dates first."
    ),
    CertificateKind.AFTER_MEDIATION: (
        "A certificate after mediation can be issued only once mediation has concluded: "
        "record the day it concluded in the case's key dates first."
    ),
    CertificateKind.NOT_HELD: (
        "A certificate that mediation was not held within 30 days can be issued only once "
        "the local authority has said so: record the date it told the adviser first."
    ),
}
_GONE = "This certificate no longer exists. Refresh and try again."


def _local_today() -> date:
    return date.today()  # noqa: DTZ011 - statutory days are local calendar days


def _facts(repository: CertificateRepository, case_id: int) -> CaseCertificateFacts:
    facts = repository.case_facts(case_id)
    if facts is None:
        raise ValidationError("This case no longer exists. Refresh the case list and try again.")
    return facts


class CertificateService:
    """Offer, preview, issue, correct and list the certificates of one workspace."""

    def __init__(self, workspace: Workspace, *, today: Callable[[], date] = _local_today) -> None:
        self._workspace = workspace
        self._today = today

    # Which are due -------------------------------------------------------------------------

    def offers(self, case_id: int) -> list[OfferedCertificate]:
        """Return the certificates whose trigger has happened and that are not issued yet.

        Each comes with its due date and whether issuing it today would be late.
        """
        with self._workspace.transaction() as session:
            repository = CertificateRepository(session)
            facts = _facts(repository, case_id)
            issued = frozenset(repository.kinds_issued(case_id))
        calendar = timeline_settings(self._workspace).calendar
        return offered_kinds(trigger_from(facts, issued), today=self._today(), calendar=calendar)

    # Preview -------------------------------------------------------------------------------

    def preview_fields(
        self,
        case_id: int,
        kind: CertificateKind,
        *,
        resolution: ResolutionExtent | None = None,
        issuer: Issuer | None = None,
    ) -> CertificateFields:
        """Return what would be issued today, unsigned, with the reference it would take.

        The reference is the provider's next one (another certificate issued first takes
        it). ``resolution`` defaults to what the issues' outcomes say; ``issuer`` to the
        mediator's profile, in the role that issues this kind. Pass the result to
        ``domain.certificates.fields_problems`` to say what is still missing.
        """
        with self._workspace.transaction() as session:
            repository = CertificateRepository(session)
            facts = _facts(repository, case_id)
            provider = repository.provider()
            mediator = repository.mediator()
            chosen = issuer or Issuer(
                name=mediator.full_name.strip() if mediator else "",
                role=default_issuer_role(kind),
            )
            prefix = provider.reference_prefix if provider else DEFAULT_PROVIDER_PREFIX
            number = provider.next_certificate_number if provider else 1
            organisation = provider.name if provider else DEFAULT_PROVIDER_NAME
        today = self._today()
        if kind is CertificateKind.AFTER_MEDIATION and resolution is None:
            resolution = default_resolution(facts)
        return build_fields(
            facts,
            kind,
            reference=certificate_reference(prefix, today.year, number),
            issued_on=today,
            organisation=organisation,
            signing=Signing(chosen.name, chosen.role),
            resolution=resolution,
        )

    def preview_pdf(
        self,
        case_id: int,
        kind: CertificateKind,
        *,
        resolution: ResolutionExtent | None = None,
        issuer: Issuer | None = None,
    ) -> bytes:
        """Return the preview as a PDF marked as a draft: not signed, sealed or stored."""
        fields = self.preview_fields(case_id, kind, resolution=resolution, issuer=issuer)
        return render_certificate(fields).pdf

    # Issuing -------------------------------------------------------------------------------

    def issue(
        self, case_id: int, kind: CertificateKind, request: IssueRequest
    ) -> IssuedCertificate:
        """Issue a certificate of ``kind``; refuse in plain words if it cannot be.

        Refused if its trigger has not happened, if a certificate of this kind was already
        issued for the case (correct it with ``reissue``), or if anything it must carry is
        missing (``fields_problems``).
        """
        notes = NotesService(self._workspace).notes(case_id, include_deleted=True)
        calendar = timeline_settings(self._workspace).calendar
        with self._workspace.transaction() as session:
            repository = CertificateRepository(session)
            facts = _facts(repository, case_id)
            issued = repository.kinds_issued(case_id)
            if kind in issued:
                raise ValidationError(
                    f"A certificate of this kind ({kind.label.lower()}) was already issued for "
                    f"this case: {issued[kind]}. To correct it, re-issue that certificate."
                )
            deadline = certificate_deadline(kind, trigger_from(facts, frozenset()), calendar)
            if deadline is None:
                raise ValidationError(_NOT_TRIGGERED[kind])
            resolution = request.resolution
            if kind is CertificateKind.AFTER_MEDIATION and resolution is None:
                resolution = default_resolution(facts)
            plan = IssuePlan(facts, kind, request, deadline, resolution)
            return issue_in_session(
                session, self._workspace, plan, notes=notes, today=self._today()
            )

    def reissue(self, certificate_id: int, reason: str, changes: IssueRequest) -> IssuedCertificate:
        """Issue a corrected certificate with a new reference, linked to the one it corrects.

        The original is kept unchanged. ``changes`` is the whole request for the corrected
        certificate (issuer, signature, outcome); the case's details are read afresh, so a
        corrected date of birth or name appears on it.
        """
        if not reason.strip():
            raise ValidationError(
                "Say why the certificate is being corrected: the reason is kept in the "
                "register and printed on the corrected certificate."
            )
        with self._workspace.transaction() as session:
            found = CertificateRepository(session).get(certificate_id)
            case_id = found.case_id if found is not None else None
        if case_id is None:
            raise ValidationError(_GONE)
        notes = NotesService(self._workspace).notes(case_id, include_deleted=True)
        calendar = timeline_settings(self._workspace).calendar
        with self._workspace.transaction() as session:
            repository = CertificateRepository(session)
            original = repository.get(certificate_id)
            if original is None:
                raise ValidationError(_GONE)
            newer_id = repository.corrected_by(original.id)
            if newer_id is not None:
                newer = repository.get(newer_id)
                raise ValidationError(
                    f"Certificate {original.reference} was already corrected by "
                    f"{newer.reference if newer else 'another certificate'}: correct that one "
                    "instead."
                )
            if changes.issued_on is not None and changes.issued_on < original.issued_on:
                raise ValidationError(
                    "A corrected certificate cannot be dated before the certificate it "
                    f"corrects ({original.reference})."
                )
            first = repository.get(repository.chain_ids(original.id)[0]) or original
            facts = _facts(repository, original.case_id)
            trigger = trigger_from(facts, frozenset())
            resolution = changes.resolution or original.resolution
            if original.kind is CertificateKind.AFTER_MEDIATION and resolution is None:
                resolution = default_resolution(facts)
            plan = IssuePlan(
                facts,
                original.kind,
                changes,
                certificate_deadline(original.kind, trigger, calendar),
                resolution,
                correction=Correction(original.reference, first.issued_on, reason),
                reissue_of_id=original.id,
                fallback_due=original.due_on,
            )
            return issue_in_session(
                session, self._workspace, plan, notes=notes, today=self._today()
            )

    # Reading -------------------------------------------------------------------------------

    def certificates(self, case_id: int) -> list[CertificateSummary]:
        """Return a case's certificates, by date of issue."""
        with self._workspace.transaction() as session:
            records = CertificateRepository(session).records(case_id=case_id)
        return [summary_of(record) for record in records]

    def newest(self, case_id: int) -> CertificateSummary | None:
        """Return the case's most recently issued certificate, if any."""
        found = self.certificates(case_id)
        return found[-1] if found else None

    def chain(self, certificate_id: int) -> list[CertificateSummary]:
        """Return a certificate's chain of corrections, the original first, from any link."""
        with self._workspace.transaction() as session:
            repository = CertificateRepository(session)
            ids = repository.chain_ids(certificate_id)
            records = repository.records(ids=ids) if ids else []
        by_id = {record.id: record for record in records}
        return [summary_of(by_id[i]) for i in ids if i in by_id]

    def sealed_pdf(self, certificate_id: int) -> bytes:
        """Return the sealed PDF kept with an issued certificate, exactly as issued."""
        with self._workspace.transaction() as session:
            pdf = CertificateRepository(session).sealed_pdf(certificate_id)
        if not pdf:
            raise ValidationError("This certificate has no stored PDF. Re-issue it to make one.")
        return pdf

    def register(self, filters: RegisterFilter | None = None) -> list[RegisterRow]:
        """Return every certificate issued across cases that matches ``filters``, by date."""
        chosen = filters or RegisterFilter()
        with self._workspace.transaction() as session:
            records = CertificateRepository(session).records(
                kind=chosen.kind,
                late=chosen.late,
                from_date=chosen.from_date,
                to_date=chosen.to_date,
            )
        return register_rows(records, chosen.search)

    def register_csv(self, filters: RegisterFilter | None = None) -> str:
        """Return the register as CSV text (RFC 4180, ISO dates); write it as UTF-8."""
        return register_csv(self.register(filters))
