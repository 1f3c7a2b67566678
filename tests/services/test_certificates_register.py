"""The certificate register across cases: filters, order, and the CSV export."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from sendmed_desktop.domain.vocabulary import CertificateKind
from sendmed_desktop.services.certificate_register import CSV_HEADER, safe_cell
from sendmed_desktop.services.certificates import (
    CertificateService,
    IssueRequest,
    RegisterFilter,
)
from sendmed_desktop.services.demo import seed_demo
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.repositories import CaseRepository

TODAY = date(2026, 3, 2)
MARSH = IssueRequest("Helen Marsh", "Mediator", typed_signature="Helen Marsh")


def case_id(workspace: Workspace, reference: str) -> int:
    with workspace.transaction() as session:
        found = CaseRepository(session).id_for_reference(reference)
    assert found is not None
    return found


@pytest.fixture
def service(workspace: Workspace) -> CertificateService:
    """Return the service over the demo, with three certificates and one correction.

    EMS-C-2026-0001 DEMO-0001 after mediation, issued Tue 10 Feb (on time);
    EMS-C-2026-0002 DEMO-0007 after mediation, issued Fri 27 Feb (on time);
    EMS-C-2026-0003 DEMO-0005 declined, issued Mon 2 Mar (late: due Wed 25 Feb);
    EMS-C-2026-0004 corrects 0001, issued Mon 2 Mar, with a hostile reason.
    """
    seed_demo(workspace, today=TODAY)
    service = CertificateService(workspace, today=lambda: TODAY)
    service.issue(
        case_id(workspace, "DEMO-0007"),
        CertificateKind.AFTER_MEDIATION,
        IssueRequest(
            "Helen Marsh", "Mediator", typed_signature="Helen Marsh", issued_on=date(2026, 2, 27)
        ),
    )
    service.issue(case_id(workspace, "DEMO-0005"), CertificateKind.DECLINED, MARSH)
    (first,) = service.certificates(case_id(workspace, "DEMO-0001"))
    service.reissue(first.id, '=HYPERLINK("http://x.invalid","fix")', MARSH)
    return service


def test_every_certificate_in_issue_date_order(service: CertificateService) -> None:
    rows = service.register()
    assert [row.reference for row in rows] == [
        "EMS-C-2026-0001",
        "EMS-C-2026-0002",
        "EMS-C-2026-0003",
        "EMS-C-2026-0004",
    ]
    first, seventh, fifth, correction = rows
    assert (first.case_reference, first.child_name, first.kind_label) == (
        "DEMO-0001",
        "Tobi Okafor",
        "After mediation",
    )
    assert (first.due_on, first.issued_on, first.late, first.timeliness) == (
        date(2026, 2, 12),
        date(2026, 2, 10),
        False,
        "On time",
    )
    assert (fifth.due_on, fifth.late, fifth.timeliness) == (date(2026, 2, 25), True, "Late")
    assert seventh.late is False
    assert (correction.reissue_of_reference, correction.case_reference) == (
        "EMS-C-2026-0001",
        "DEMO-0001",
    )
    assert correction.reissue_reason == '=HYPERLINK("http://x.invalid","fix")'


def test_filters(service: CertificateService) -> None:
    def refs(**criteria: object) -> list[str]:
        return [row.reference[-4:] for row in service.register(RegisterFilter(**criteria))]  # type: ignore[arg-type]

    assert refs(kind=CertificateKind.DECLINED) == ["0003"]
    assert refs(kind=CertificateKind.NOT_HELD) == []
    assert refs(late=True) == ["0003", "0004"]  # a correction issued after the due date
    assert refs(late=False) == ["0001", "0002"]
    assert refs(from_date=date(2026, 2, 27)) == ["0002", "0003", "0004"]
    assert refs(to_date=date(2026, 2, 27)) == ["0001", "0002"]
    assert refs(from_date=date(2026, 2, 11), to_date=date(2026, 2, 28)) == ["0002"]
    assert refs(search="tobi") == ["0001", "0004"]
    assert refs(search="  DEMO-0007 ") == ["0002"]
    assert refs(search="c-2026-0003") == ["0003"]
    assert refs(search="arjun shah") == ["0003"]
    assert refs(search="nobody") == []
    assert refs(kind=CertificateKind.AFTER_MEDIATION, late=False, search="yusuf") == ["0002"]


def test_csv_is_rfc_4180_with_iso_dates_and_no_formulas(service: CertificateService) -> None:
    text = service.register_csv()
    assert text.startswith("Reference,Kind,Case reference,")
    assert text.endswith("\r\n")
    assert "\r\n" in text
    assert "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == CSV_HEADER
    assert rows[1] == [
        "EMS-C-2026-0001",
        "After mediation",
        "DEMO-0001",
        "Tobi Okafor",
        "2026-02-12",
        "2026-02-10",
        "On time",
        "",
        "",
    ]
    assert rows[3][4:7] == ["2026-02-25", "2026-03-02", "Late"]
    correction = rows[4]
    assert correction[7] == "EMS-C-2026-0001"
    assert correction[8] == '\'=HYPERLINK("http://x.invalid","fix")'
    assert len(rows) == 5
    filtered = list(csv.reader(io.StringIO(service.register_csv(RegisterFilter(late=True)))))
    assert [r[0] for r in filtered[1:]] == ["EMS-C-2026-0003", "EMS-C-2026-0004"]
    text.encode("utf-8")  # every name is representable


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("Zoë Kowalczyk", "Zoë Kowalczyk"),
        ("2026-03-02", "2026-03-02"),
        ("", ""),
    ],
)
def test_cells_that_would_run_as_formulas_are_made_text(cell: str, safe: str) -> None:
    assert safe_cell(cell) == safe
