"""The written agreement's content as plain data, and the hash a signature binds.

Reg 42: the agreement is written and dated, and its date starts the action deadlines.
Domain.md §4 lists what it must say. ``AgreementContent`` is exactly what the parties
read and sign: the PDF renders it, the review screens show it, and every signature binds
the SHA-256 of its canonical form, so any change after signing is detectable.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

CONFIDENTIALITY_STATEMENT = (
    "What was said in mediation is confidential and cannot be used at the Tribunal, "
    "except where someone's safety is at risk. This written agreement is not confidential: "
    "the parties may share it and rely on it."
)
APPEAL_STATEMENT = (
    "Any issue not resolved here can still be appealed to the First-tier Tribunal (SEND). "
    "The mediation certificate, which an appeal needs, will be issued within 3 working days "
    "of the day mediation concluded. The appeal deadline is the later of 2 months from the "
    "date the decision notice was sent and 1 month from the date the certificate is issued."
)

# A stroke is a sequence of points (x, y) in 0..1 of the signature pad, with a time in
# milliseconds from the first point; a drawn signature is a tuple of strokes.
Point = tuple[float, float, int]
Stroke = tuple[Point, ...]


@dataclass(frozen=True)
class AttendeeLine:
    """Someone who attended, as the agreement lists them."""

    name: str
    role: str
    organisation: str = ""
    authority_to_settle: bool | None = None


@dataclass(frozen=True)
class IssueLine:
    """One mediation issue and how it ended."""

    number: int
    heading: str
    sections: tuple[str, ...] = ()
    area: str = ""
    outcome: str | None = None


@dataclass(frozen=True)
class ActionLine:
    """One SMART action: who does what, how everyone will know, by when, and why then."""

    number: int
    owner_name: str
    owner_role: str
    owner_organisation: str
    action: str
    measure: str
    due_on: date | None
    issue_number: int | None = None
    plan_section: str | None = None
    statutory_basis: str = ""
    basis_explanation: str = ""
    alternative_timescale_note: str | None = None


@dataclass(frozen=True)
class AgreementContent:
    """Everything the parties sign, in the order the document presents it."""

    case_reference: str
    version: int
    agreement_date: date | None
    child_name: str
    local_authority: str
    meeting_date: date | None = None
    start_time: str = ""
    end_time: str = ""
    meeting_format: str = ""
    venue: str = ""
    mediator_name: str = ""
    mediator_accreditation: str = ""
    provider_name: str = ""
    family_parties: tuple[str, ...] = ()
    health_bodies: tuple[str, ...] = ()
    decision_ground: str = ""
    attendees: tuple[AttendeeLine, ...] = ()
    issues: tuple[IssueLine, ...] = ()
    actions: tuple[ActionLine, ...] = ()
    child_views_summary: str | None = None
    confidentiality_statement: str = CONFIDENTIALITY_STATEMENT
    appeal_statement: str = APPEAL_STATEMENT
    distribution: tuple[str, ...] = ()


@dataclass(frozen=True)
class SignatureRecord:
    """One signatory's agreement to one exact version of the content."""

    signer_name: str
    signer_role: str
    method: str  # "drawn", "typed" or "verbal" (vocabulary.SignatureMethod values)
    signed_at: datetime
    content_sha256: str
    strokes: tuple[Stroke, ...] = ()
    typed_statement: str | None = None
    attested_by: str | None = None


@dataclass(frozen=True)
class SignedAgreement:
    """An agreement's content with the signatures given to it so far."""

    content: AgreementContent
    signatures: tuple[SignatureRecord, ...] = ()

    @property
    def content_sha256(self) -> str:
        return content_hash(self.content)

    def signatures_valid(self) -> bool:
        """Return whether every signature binds the content as it is now."""
        digest = self.content_sha256
        return all(s.content_sha256 == digest for s in self.signatures)


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def canonical_bytes(content: AgreementContent) -> bytes:
    """Return the content as canonical JSON (sorted keys, no spaces, UTF-8)."""
    data = _plain(dataclasses.asdict(content))
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def content_hash(content: AgreementContent) -> str:
    """Return the SHA-256 (hex) that every signature of this content binds."""
    return hashlib.sha256(canonical_bytes(content)).hexdigest()
