"""Signatures: what each method needs, how strokes are stored, and who has still to sign.

A signature binds the SHA-256 of the exact content signed (``domain.agreement``), so a
change to the content afterwards shows, and the service starts a new version rather than
let an edit slip under signatures already given.
"""

from __future__ import annotations

import json
import math
import re

from sendmed_desktop.domain.agreement import SignatureRecord, Stroke
from sendmed_desktop.domain.parties import FAMILY_PARTY_ROLES
from sendmed_desktop.domain.vocabulary import Role, SignatureMethod
from sendmed_desktop.services.agreement_views import SignatureEntry, SignatureView
from sendmed_desktop.storage.models import Case, CaseParticipant, Signature

_I_AGREE = re.compile(r"\bI\s+agree\b", re.IGNORECASE)
_NAME_LIMIT = 200
_MINIMUM_POINTS = 2


def _valid_point(point: object) -> bool:
    if not isinstance(point, tuple | list) or len(point) != 3:
        return False
    x, y, elapsed = point
    coordinates_ok = all(
        isinstance(c, int | float) and math.isfinite(c) and 0.0 <= c <= 1.0 for c in (x, y)
    )
    return coordinates_ok and isinstance(elapsed, int) and elapsed >= 0


def signature_problems(entry: SignatureEntry) -> list[str]:
    """Return what is missing from a signature for its method, in the mediator's words."""
    problems = []
    name = entry.signer_name.strip()
    if not name:
        problems.append("Enter the signatory's full name.")
    if not entry.signer_role.strip():
        problems.append("Enter the signatory's role, for example “Parent” or “SEN officer”.")
    if len(name) > _NAME_LIMIT or len(entry.signer_role.strip()) > _NAME_LIMIT:
        problems.append(f"Keep the name and the role to {_NAME_LIMIT} characters each.")
    if entry.method is SignatureMethod.DRAWN:
        if not any(len(stroke) >= _MINIMUM_POINTS for stroke in entry.strokes):
            problems.append("The signature pad is empty: ask the signatory to sign on it.")
        elif not all(_valid_point(point) for stroke in entry.strokes for point in stroke):
            problems.append("The drawn signature could not be read: clear the pad and sign again.")
    elif entry.method is SignatureMethod.TYPED:
        if not _I_AGREE.search(entry.typed_statement or ""):
            problems.append(
                "For a typed signature, the signatory types their name and a statement that "
                "says “I agree”."
            )
    elif not (entry.attested_by or "").strip():
        problems.append(
            "For a verbal agreement on a call, say who heard it: the mediator attests it."
        )
    return problems


def strokes_to_json(strokes: tuple[Stroke, ...]) -> str:
    """Return strokes as compact JSON: a list of strokes, each a list of [x, y, ms]."""
    plain = [[[float(x), float(y), int(ms)] for x, y, ms in stroke] for stroke in strokes]
    return json.dumps(plain, separators=(",", ":"))


def strokes_from_json(stored: str | None) -> tuple[Stroke, ...]:
    """Return the strokes stored with a signature (none if there are none, or unreadable)."""
    if not stored:
        return ()
    try:
        plain = json.loads(stored)
        return tuple(
            tuple((float(x), float(y), int(ms)) for x, y, ms in stroke) for stroke in plain
        )
    except (ValueError, TypeError):
        # A damaged row must not stop the agreement being read; the tamper check on the
        # content hash is what vouches for the signature, not the drawing.
        return ()


def signature_record(row: Signature) -> SignatureRecord:
    """Return a stored signature as the PDF and the review page read it."""
    return SignatureRecord(
        signer_name=row.signer_name,
        signer_role=row.signer_role,
        method=row.method.value,
        signed_at=row.signed_at,
        content_sha256=row.content_sha256,
        strokes=strokes_from_json(row.strokes_json),
        typed_statement=row.typed_statement,
        attested_by=row.attested_by,
    )


def signature_view(row: Signature) -> SignatureView:
    """Return a stored signature as the editor lists it."""
    return SignatureView(
        id=row.id,
        participant_id=row.participant_id,
        signer_name=row.signer_name,
        signer_role=row.signer_role,
        method=row.method,
        signed_at=row.signed_at,
        content_sha256=row.content_sha256,
    )


def missing_signatories(
    case: Case, participants: list[CaseParticipant], signatures: list[Signature]
) -> list[str]:
    """Return warnings naming the parties who have not signed.

    The family's party and a local authority officer should sign (an ICB officer too,
    when an ICB is a party). Only signatures linked to a participant count, because only
    they say whom the signatory speaks for.
    """
    signed = {s.participant_id for s in signatures if s.participant_id is not None}
    signed_roles = {p.role for p in participants if p.id in signed}
    warnings = []
    family = [p for p in participants if p.is_party and p.role in FAMILY_PARTY_ROLES]
    if not any(p.id in signed for p in family):
        names = ", ".join(p.person.full_name for p in family)
        whom = f" ({names})" if names else ""
        warnings.append(f"No one has signed for the family{whom}.")
    if not case.health_only and Role.LA_OFFICER not in signed_roles:
        warnings.append("No local authority officer has signed.")
    icb_is_party = any(p.is_party and p.role is Role.ICB_OFFICER for p in participants)
    if icb_is_party and Role.ICB_OFFICER not in signed_roles:
        warnings.append("No ICB (formerly CCG) officer has signed.")
    return warnings
