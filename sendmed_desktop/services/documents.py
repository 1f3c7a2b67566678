"""Export sealed documents and check them: the use cases behind "Save as PDF" and "Verify".

An export renders the document from plain data, checks the printed text against the
case's confidential notes, seals it with the workspace's signing identity and writes it
once, owner-only and atomically, into the folder the user chose. Nothing is written
anywhere else, and nothing at all if any step fails.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from sendmed_desktop.documents.agreement_pdf import build_agreement
from sendmed_desktop.documents.seal import SealCheck, seal_pdf, verify_pdf
from sendmed_desktop.domain.agreement import SignedAgreement, easy_read_lines
from sendmed_desktop.domain.confidentiality import (
    ConfidentialityBreach,
    assert_no_confidential_text,
)
from sendmed_desktop.domain.vocabulary import AgreementStatus
from sendmed_desktop.security.signing import (
    SigningIdentity,
    known_certificates,
    load_or_create_identity,
)
from sendmed_desktop.services.agreements import AgreementService
from sendmed_desktop.services.certificates import CertificateService
from sendmed_desktop.services.errors import ValidationError, WorkspaceError
from sendmed_desktop.services.notes import NotesService
from sendmed_desktop.services.saving import write_document
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.agreement_repository import AgreementRepository
from sendmed_desktop.storage.repositories import CaseRepository

log = logging.getLogger(__name__)

SEAL_LOCATION = "England"
MEDIATOR_FALLBACK = "The mediator"
_MAX_CHECKED_BYTES = 200 * 1024 * 1024  # no agreement is anywhere near this


def export_agreement(
    workspace: Workspace, case_reference: str, out_path: Path, *, version: int | None = None
) -> Path:
    """Write the case's signed agreement, sealed, to ``out_path``; return where it went.

    ``out_path`` may be a folder, in which case a file name is chosen. The newest version
    is exported unless ``version`` names another.
    """
    case_id = _case_id(workspace, case_reference)
    signed = _signed_agreement(workspace, case_id, case_reference, version)
    target = _target(out_path, case_reference, signed.content.version)
    rendered = build_agreement(signed, easy_read=easy_read_lines(signed.content))
    # The tripwire runs on exactly the text printed, against every note of the case,
    # deleted ones included (deleting a note does not make it shareable).
    notes = NotesService(workspace).notes(case_id, include_deleted=True)
    try:
        assert_no_confidential_text(rendered.text, notes)
    except ConfidentialityBreach as breach:
        raise ValidationError(str(breach)) from None
    identity = _identity(workspace)
    sealed = seal_pdf(
        rendered.pdf,
        identity,
        reason=f"Mediation agreement {case_reference}, version {signed.content.version}",
        location=SEAL_LOCATION,
    )
    write_document(target, sealed)
    with workspace.transaction() as session:
        detail = f"agreement v{signed.content.version} sealed {identity.fingerprint[:16]}"
        audit.record(session, "export", "case", case_id, detail=detail)
    log.info("agreement exported")
    return target


def export_certificate(workspace: Workspace, case_reference: str, out_path: Path) -> Path:
    """Write the case's newest mediation certificate to ``out_path``; return where it went.

    The certificate is written exactly as it was sealed when issued (its date of issue
    starts the appeal clock, so it is never re-rendered). ``out_path`` may be a folder.
    """
    case_id = _case_id(workspace, case_reference)
    service = CertificateService(workspace)
    newest = service.newest(case_id)
    if newest is None:
        raise ValidationError(
            f"Case {case_reference.strip()} has no mediation certificate yet. Issue one first."
        )
    return save_certificate(workspace, newest.id, out_path, reference=newest.reference)


def save_certificate(
    workspace: Workspace, certificate_id: int, out_path: Path, *, reference: str | None = None
) -> Path:
    """Write one issued certificate's sealed PDF, owner-only and atomically; return the path."""
    service = CertificateService(workspace)
    pdf = service.sealed_pdf(certificate_id)
    if reference is None:
        chain = service.chain(certificate_id)
        reference = next((c.reference for c in chain if c.id == certificate_id), "")
    target = _named_target(out_path, f"Mediation certificate {reference}")
    write_document(target, pdf)
    with workspace.transaction() as session:
        audit.record(session, "export", "certificate", certificate_id)
    log.info("certificate exported")
    return target


# Each kind of document the command line can export: adding one is one line here.
EXPORTERS: dict[str, Callable[[Workspace, str, Path], Path]] = {
    "agreement": export_agreement,
    "certificate": export_certificate,
}


def verify_file(workspace: Workspace, path: Path) -> SealCheck:
    """Check the seal of the PDF at ``path`` against this workspace's signing keys."""
    try:
        if not path.is_file():
            raise WorkspaceError(f"There is no file at {path}.")
        if path.stat().st_size > _MAX_CHECKED_BYTES:
            raise WorkspaceError(f"{path} is too large to be a SendMed document.")
        data = path.read_bytes()
    except OSError as exc:
        raise WorkspaceError(f"{path} could not be read ({exc.strerror}).") from None
    return verify_pdf(data, known_certificates(workspace))


def _case_id(workspace: Workspace, case_reference: str) -> int:
    reference = case_reference.strip()
    with workspace.transaction() as session:
        case_id = CaseRepository(session).id_for_reference(reference)
    if case_id is None:
        raise ValidationError(f"There is no case with reference {reference} in this workspace.")
    return case_id


def _signed_agreement(
    workspace: Workspace, case_id: int, reference: str, version: int | None
) -> SignedAgreement:
    service = AgreementService(workspace)
    versions = service.versions(case_id)  # newest first
    if not versions:
        raise ValidationError(f"Case {reference} has no written agreement yet.")
    chosen = (
        versions[0]
        if version is None
        else next((v for v in versions if v.version == version), None)
    )
    if chosen is None:
        raise ValidationError(f"Case {reference} has no version {version} of its agreement.")
    if chosen.status is AgreementStatus.SUPERSEDED:
        raise ValidationError(
            f"Version {chosen.version} of the agreement for case {reference} was replaced by "
            f"version {chosen.superseded_by_version}, so it is not exported."
        )
    if not chosen.signature_count:
        raise ValidationError(
            f"Version {chosen.version} of the agreement for case {reference} has not been "
            "signed yet, so it cannot be exported. Collect the signatures first."
        )
    signed = service.signed_agreement(case_id, chosen.version)
    # Never seal a document that shows signatures for text they were not given to.
    if not signed.signatures_valid():
        raise ValidationError(
            f"The agreement for case {reference} has changed since it was signed, so the "
            "signatures no longer match it. Start a new version and sign that."
        )
    return signed


def _target(out_path: Path, reference: str, version: int) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in reference)
    return _named_target(out_path, f"Mediation agreement {safe} v{version}")


def _named_target(out_path: Path, stem: str) -> Path:
    """Return ``out_path``, or a file named ``stem`` in it if it is a folder (checked)."""
    path = out_path.expanduser()
    if path.is_dir():
        safe = "".join(c if c.isalnum() or c in "-_ " else "-" for c in stem)
        path = path / f"{safe}.pdf"
    folder = path.parent
    if not folder.is_dir():
        raise ValidationError(
            f"The folder {folder} does not exist. Choose a folder that exists, or create it first."
        )
    return path


def _identity(workspace: Workspace) -> SigningIdentity:
    """Return the signing identity, named after the mediator's profile."""
    with workspace.transaction() as session:
        repository = AgreementRepository(session)
        mediator = repository.mediator()
        provider = repository.provider(mediator.provider_id if mediator else None)
        name = (mediator.full_name.strip() if mediator else "") or MEDIATOR_FALLBACK
        organisation = provider.name.strip() if provider else None
    return load_or_create_identity(workspace, signer_name=name, organisation=organisation)
