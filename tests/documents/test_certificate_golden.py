"""Each kind of certificate against its reviewed reference text (tests/golden/).

The PDF's bytes change with every reportlab release; what the family and the Tribunal
read does not. So the text is extracted (pypdf), each line's whitespace normalised, and
compared line by line with the reviewed file, with the layout facts that matter: one A4
page, and the date of issue above the details, the signature and the note on appealing.

After a deliberate change to the certificate, regenerate and review the diff:

    SENDMED_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/documents/test_certificate_golden.py
"""

from __future__ import annotations

import difflib
import io
import os
import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from sendmed_desktop.documents.certificate_pdf import render_certificate
from sendmed_desktop.domain.vocabulary import CertificateKind
from tests.documents.test_certificate_pdf import sample_fields

GOLDEN = Path(__file__).parents[1] / "golden"
UPDATE = "SENDMED_UPDATE_GOLDEN"


def text_lines(pdf: bytes) -> list[str]:
    """Return the PDF's text, one normalised line per printed line, blank lines dropped."""
    reader = PdfReader(io.BytesIO(pdf))
    lines = []
    for page in reader.pages:
        for line in page.extract_text().splitlines():
            folded = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", line)).strip()
            if folded:
                lines.append(folded)
    return lines


@pytest.mark.parametrize("kind", list(CertificateKind), ids=lambda k: k.value)
def test_the_text_matches_the_reviewed_reference(kind: CertificateKind) -> None:
    pdf = render_certificate(sample_fields(kind)).pdf
    actual = text_lines(pdf)
    path = GOLDEN / f"certificate_{kind.value}.txt"
    if os.environ.get(UPDATE) == "1":
        path.write_text("\n".join(actual) + "\n", encoding="utf-8")
    expected = path.read_text(encoding="utf-8").splitlines()
    if actual != expected:
        diff = "\n".join(
            difflib.unified_diff(expected, actual, str(path), "rendered now", lineterm="")
        )
        pytest.fail(
            f"The {kind.label.lower()} certificate's text differs from {path.name}:\n{diff}\n"
            f"If the change is intended, regenerate with {UPDATE}=1 and review the diff.",
            pytrace=False,
        )


@pytest.mark.parametrize("kind", list(CertificateKind), ids=lambda k: k.value)
def test_layout_facts(kind: CertificateKind) -> None:
    pdf = render_certificate(sample_fields(kind)).pdf
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    lines = text_lines(pdf)
    # Read top to bottom: the issue date first, then the details, the signature, the note.
    order = [
        "Mediation certificate",
        "Date of issue",
        "Child or young person",
        "Signed on Wed 8 Apr 2026",
        "If you wish to appeal",
    ]
    positions = [next(i for i, line in enumerate(lines) if line.startswith(o)) for o in order]
    assert positions == sorted(positions), list(zip(order, positions, strict=True))
