"""Seal a PDF with the mediator's key, and check a seal (PAdES, offline).

A seal is a PAdES baseline signature (ETSI.CAdES.detached) over the whole file, with the
signer's certificate embedded. Everything happens offline: no timestamp server, no
revocation fetching. The seal proves the file is byte for byte what the mediator's copy
of SendMed Desktop wrote; whether that key is one *this* workspace knows is decided here
against the certificates the caller passes in, never against the certificate the file
itself carries (anyone can make a certificate with the mediator's name on it).

pyHanko takes half a second to import, so it is imported inside the functions.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from sendmed_desktop.documents.formatting import format_datetime
from sendmed_desktop.security.signing import (
    SigningIdentity,
    certificate_fingerprint,
    common_name,
)

log = logging.getLogger(__name__)

FIELD_NAME = "SendMedSeal"


class SealStatus(StrEnum):
    """What checking a file's seal found."""

    INTACT = "intact"
    ALTERED = "altered"
    UNKNOWN_SIGNER = "unknown_signer"
    UNSIGNED = "unsigned"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class SealCheck:
    """The result of checking one file, with one sentence to show the user."""

    status: SealStatus
    message: str
    signer_name: str | None = None
    signed_at: datetime | None = None
    fingerprint: str | None = None

    @property
    def ok(self) -> bool:
        """Return whether the file is intact and sealed by a key this workspace knows."""
        return self.status is SealStatus.INTACT


def seal_pdf(pdf: bytes, identity: SigningIdentity, *, reason: str, location: str) -> bytes:
    """Return ``pdf`` with an invisible PAdES seal by ``identity`` over the whole file."""
    # asn1crypto (pyHanko's ASN.1 library) ships no type information.
    from asn1crypto import keys as asn1_keys  # type: ignore[import-untyped]
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    certificate = asn1_x509.Certificate.load(
        identity.certificate.public_bytes(serialization.Encoding.DER)
    )
    # The key is handed to pyHanko as DER in memory; it is never written anywhere.
    key = asn1_keys.PrivateKeyInfo.load(
        identity.private_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    registry = SimpleCertificateStore()  # type: ignore[no-untyped-call]
    registry.register(certificate)
    signer = signers.SimpleSigner(signing_cert=certificate, signing_key=key, cert_registry=registry)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        name=identity.signer_name,
        reason=reason,
        location=location,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=False,  # offline: nothing to fetch, nothing to embed
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    output = signers.sign_pdf(
        writer, metadata, signer=signer, new_field_spec=fields.SigFieldSpec(FIELD_NAME)
    )
    return bytes(output.getvalue())


def verify_pdf(pdf: bytes, known: Sequence[x509.Certificate]) -> SealCheck:
    """Check the seal of ``pdf``; INTACT only if whole, unchanged and by a ``known`` key."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    if b"%PDF-" not in pdf[:1024]:  # where the PDF standard allows the header to be
        return _unreadable()
    # Untrusted bytes: any failure to parse them means the same to the user, so the
    # handlers below are deliberately broad (and log what happened).
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        reader.root  # noqa: B018 - reads the trailer, xref and catalogue now
    except Exception:
        log.info("a file could not be parsed as a PDF", exc_info=True)
        return _unreadable()
    try:
        embedded = list(reader.embedded_signatures)
    except Exception:  # the PDF reads, but its signature data does not
        log.info("a file's signatures could not be read", exc_info=True)
        return _damaged()
    if not embedded:
        return SealCheck(
            SealStatus.UNSIGNED,
            "This PDF has no seal, so there is no way to tell whether it has been changed.",
        )
    seal = next((sig for sig in embedded if sig.field_name == FIELD_NAME), embedded[-1])
    return _check(seal, known)


def _check(seal: Any, known: Sequence[x509.Certificate]) -> SealCheck:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        embedded_cert = seal.signer_cert
        certificate = x509.load_der_x509_certificate(embedded_cert.dump())
        # The file's own certificate is the trust root here on purpose: this call checks
        # only the cryptography. Whose key it is gets decided below, against ``known``.
        context = ValidationContext(trust_roots=[embedded_cert], allow_fetching=False)
        status = validate_pdf_signature(seal, context)
    except Exception:  # a seal that cannot be evaluated cannot vouch for anything
        log.info("a seal could not be evaluated", exc_info=True)
        return _damaged()
    name = common_name(certificate) or "an unnamed signer"
    signed_at = status.signer_reported_dt
    fingerprint = certificate_fingerprint(certificate)

    def result(outcome: SealStatus, message: str) -> SealCheck:
        return SealCheck(outcome, message, name, signed_at, fingerprint)

    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    if not (status.intact and status.valid and whole):
        return result(
            SealStatus.ALTERED,
            f"This file has been changed since {name} sealed it, so it cannot be relied "
            "on. Ask the mediator for a new copy.",
        )
    when = f" on {format_datetime(signed_at)}" if signed_at else ""
    if fingerprint not in {certificate_fingerprint(cert) for cert in known}:
        return result(
            SealStatus.UNKNOWN_SIGNER,
            f"The file is unchanged since it was sealed{when}, but by a key named "
            f"“{name}” that this workspace does not know, so it may not come from this "
            "mediator.",
        )
    return result(SealStatus.INTACT, f"This file is exactly as {name} sealed it{when}.")


def _damaged() -> SealCheck:
    return SealCheck(
        SealStatus.ALTERED,
        "The seal on this file is damaged, so it cannot show the file is unchanged. "
        "Ask the mediator for a new copy.",
    )


def _unreadable() -> SealCheck:
    return SealCheck(
        SealStatus.UNREADABLE,
        "This file could not be read as a PDF; it may be damaged or not a PDF at all.",
    )
