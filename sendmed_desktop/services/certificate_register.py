"""The certificate register: every certificate issued, across cases, and its CSV export.

Providers report to the local authority how many certificates went out on time; the
register answers that, and shows each correction next to the certificate it replaced.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import date

from sendmed_desktop.domain.vocabulary import CertificateKind
from sendmed_desktop.storage.certificate_repository import CertificateRecord

ON_TIME = "On time"
LATE = "Late"
CSV_HEADER = (
    "Reference",
    "Kind",
    "Case reference",
    "Child or young person",
    "Due date",
    "Issue date",
    "On time or late",
    "Re-issue of",
    "Reason for re-issue",
)
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class RegisterFilter:
    """Which certificates the register shows; every criterion is optional."""

    kind: CertificateKind | None = None
    late: bool | None = None
    from_date: date | None = None  # issued on or after
    to_date: date | None = None  # issued on or before
    search: str = ""  # every word, in the certificate or case reference or the child's name


@dataclass(frozen=True)
class RegisterRow:
    """One certificate in the register."""

    certificate_id: int
    case_id: int
    reference: str
    kind: CertificateKind
    case_reference: str
    child_name: str
    due_on: date | None
    issued_on: date
    late: bool
    reissue_of_reference: str | None
    reissue_reason: str | None

    @property
    def kind_label(self) -> str:
        """Return the kind as the mediator reads it."""
        return self.kind.label

    @property
    def timeliness(self) -> str:
        """Return "On time" or "Late" (a word, so nothing relies on colour)."""
        return LATE if self.late else ON_TIME


def is_late(issued_on: date, due_on: date | None) -> bool:
    """Return whether a certificate was issued after it was due."""
    return due_on is not None and issued_on > due_on


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def register_rows(records: list[CertificateRecord], search: str = "") -> list[RegisterRow]:
    """Return the register's rows for ``records``, keeping those matching every word."""
    words = [_folded(word) for word in search.split()]
    rows = []
    for record in records:
        haystack = _folded(f"{record.reference} {record.case_reference} {record.child_name}")
        if all(word in haystack for word in words):
            rows.append(
                RegisterRow(
                    certificate_id=record.id,
                    case_id=record.case_id,
                    reference=record.reference,
                    kind=record.kind,
                    case_reference=record.case_reference,
                    child_name=record.child_name,
                    due_on=record.due_on,
                    issued_on=record.issued_on,
                    late=is_late(record.issued_on, record.due_on),
                    reissue_of_reference=record.reissue_of_reference,
                    reissue_reason=record.reissue_reason,
                )
            )
    return rows


def safe_cell(value: str) -> str:
    """Return ``value`` so a spreadsheet shows it as text, never runs it as a formula."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def register_csv(rows: list[RegisterRow]) -> str:
    """Return the rows as CSV (RFC 4180: CRLF, quoted where needed), with a header row."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(
            safe_cell(cell)
            for cell in (
                row.reference,
                row.kind_label,
                row.case_reference,
                row.child_name,
                row.due_on.isoformat() if row.due_on else "",
                row.issued_on.isoformat(),
                row.timeliness,
                row.reissue_of_reference or "",
                row.reissue_reason or "",
            )
        )
    return out.getvalue()
