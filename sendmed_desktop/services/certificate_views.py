"""What the certificate service takes and returns: plain data for the GUI."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sendmed_desktop.domain.agreement import Stroke
from sendmed_desktop.domain.certificates import CertificateFields
from sendmed_desktop.domain.vocabulary import CertificateKind, ResolutionExtent
from sendmed_desktop.services.certificate_register import is_late
from sendmed_desktop.storage.certificate_repository import CertificateRecord

_MINIMUM_POINTS = 2


@dataclass(frozen=True)
class Issuer:
    """Who a certificate names as its issuer."""

    name: str
    role: str


@dataclass(frozen=True)
class IssueRequest:
    """What the issuer supplies: who they are, their signature, and the outcome.

    Sign with ``typed_signature`` (the issuer's full name, exactly as entered) or
    ``signature_strokes`` (drawn on the pad). ``resolution`` is for a certificate after
    mediation; by default it follows the issues' outcomes. ``issued_on`` defaults to today.
    """

    issuer_name: str
    issuer_role: str
    signature_strokes: tuple[Stroke, ...] = ()
    typed_signature: str | None = None
    resolution: ResolutionExtent | None = None
    issued_on: date | None = None


@dataclass(frozen=True)
class CertificateSummary:
    """An issued certificate as the case page and a correction chain show it.

    ``reissue_of_*`` points back to the certificate this one corrects; ``corrected_by_*``
    points forward to the certificate that corrects this one.
    """

    id: int
    case_id: int
    case_reference: str
    reference: str
    kind: CertificateKind
    issued_on: date
    due_on: date | None
    late: bool
    issuer_name: str
    issuer_role: str
    resolution: ResolutionExtent | None
    reissue_of_id: int | None
    reissue_of_reference: str | None
    reissue_reason: str | None
    corrected_by_id: int | None
    corrected_by_reference: str | None

    @property
    def kind_label(self) -> str:
        """Return the kind as the mediator reads it."""
        return self.kind.label


@dataclass(frozen=True)
class IssuedCertificate:
    """A certificate just issued: what it says, and the sealed PDF kept with it."""

    id: int
    case_id: int
    reference: str
    kind: CertificateKind
    issued_on: date
    due_on: date | None
    late: bool
    fields: CertificateFields
    sealed_pdf: bytes


def summary_of(record: CertificateRecord) -> CertificateSummary:
    """Return a stored certificate as a summary, with whether it was late."""
    return CertificateSummary(
        id=record.id,
        case_id=record.case_id,
        case_reference=record.case_reference,
        reference=record.reference,
        kind=record.kind,
        issued_on=record.issued_on,
        due_on=record.due_on,
        late=is_late(record.issued_on, record.due_on),
        issuer_name=record.issuer_name,
        issuer_role=record.issuer_role,
        resolution=record.resolution,
        reissue_of_id=record.reissue_of_id,
        reissue_of_reference=record.reissue_of_reference,
        reissue_reason=record.reissue_reason,
        corrected_by_id=record.corrected_by_id,
        corrected_by_reference=record.corrected_by_reference,
    )


def _valid_point(point: object) -> bool:
    if not isinstance(point, tuple | list) or len(point) != 3:
        return False
    x, y, elapsed = point
    inside = all(
        isinstance(c, int | float) and math.isfinite(c) and 0.0 <= c <= 1.0 for c in (x, y)
    )
    return inside and isinstance(elapsed, int) and elapsed >= 0


def strokes_problems(strokes: Sequence[Stroke]) -> list[str]:
    """Return what is wrong with a drawn signature, if anything."""
    if not all(_valid_point(point) for stroke in strokes for point in stroke):
        return ["The drawn signature could not be read: clear the pad and sign again."]
    if strokes and not any(len(stroke) >= _MINIMUM_POINTS for stroke in strokes):
        return ["The signature pad is empty: draw your signature on it."]
    return []
