"""Retention use cases: the due list from the saved periods, erasing, audit, secure erase."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from sendmed_desktop import settings as prefs
from sendmed_desktop.domain.retention import RecordKind, RetentionPeriods
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.demo import SIGNED_DEMO_REFERENCE, seed_demo
from sendmed_desktop.services.retention import (
    ErasureProgress,
    RetentionService,
    load_periods,
    save_periods,
)
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.models import AuditEntry, Case, ViewNote
from tests.storage.test_retention_repository import CLOSED, build_case
from tests.support.sqlcipher_pages import on_disk

CLOSED_ON = CLOSED.date()
MARKER = "Xylophone-Quokka-7731 said the placement broke down"


def _service(workspace: Workspace, today: date) -> RetentionService:
    return RetentionService(workspace, today=lambda: today)


def _keys(service: RetentionService) -> list[tuple[str, RecordKind]]:
    return [(item.reference, item.kind) for item in service.due()]


def test_the_due_list_follows_the_saved_periods(workspace: Workspace) -> None:
    with workspace.transaction() as session:
        build_case(session, "RET-0001")
        build_case(session, "RET-0002", closed_at=None)
    service = _service(workspace, date(2021, 2, 1))  # a year and a fortnight after closing
    assert _keys(service) == [
        ("RET-0001", RecordKind.WORKING_NOTES),
        ("RET-0001", RecordKind.CHILD_VIEWS),
    ]
    saved = save_periods(workspace, RetentionPeriods(working_notes=1, child_views=24))
    assert workspace.settings.get(prefs.RETENTION_CHILD_VIEWS_MONTHS) == 24
    assert saved == load_periods(workspace)
    assert _keys(service) == [("RET-0001", RecordKind.WORKING_NOTES)]
    # Out of bounds is clamped to the setting's limits, never stored as asked.
    clamped = save_periods(workspace, RetentionPeriods(agreements=1, contacts=500))
    assert (clamped.agreements, clamped.contacts) == (12, 120)


def test_erasing_records_an_audit_entry_per_item_without_personal_data(
    workspace: Workspace,
) -> None:
    with workspace.transaction() as session:
        case_id = build_case(session, "RET-0001").id
    today = date(2021, 2, 1)
    service = _service(workspace, today)
    steps: list[ErasureProgress] = []
    chosen = [(case_id, RecordKind.WORKING_NOTES), (case_id, RecordKind.CHILD_VIEWS)]
    report = service.erase([*chosen, (case_id, RecordKind.CASE)], on_progress=steps.append)

    assert [item.key for item in report.erased] == chosen
    # The case itself is not due for years: asked for, it is skipped, not erased.
    assert report.skipped == ((case_id, RecordKind.CASE),)
    assert report.compacted
    assert report.removed_cases == ()
    assert [step.done for step in steps] == [0, 1, 2, 3, 4]
    assert {step.total for step in steps} == {4}
    assert steps[0].message == "Erasing working notes of RET-0001…"
    assert service.due() == []
    assert set(service.erasures(case_id)) == {RecordKind.WORKING_NOTES, RecordKind.CHILD_VIEWS}
    with workspace.transaction() as session:
        entries = session.execute(sa.select(AuditEntry)).scalars().all()
        assert [(e.action, e.entity_type, e.entity_id) for e in entries] == [
            ("erase", "case", case_id)
        ] * 2
        assert entries[0].detail == (
            "retention working_notes: view_notes 2, proposals 2, feedback 1"
        )
        for entry in entries:
            assert "RET-0001" not in entry.detail
            assert "Parent" not in entry.detail
        assert audit.first_broken_entry(session) is None
    # The case is still listed and opens as before.
    summary = CaseService(workspace).summary(case_id)
    assert summary is not None
    assert summary.reference == "RET-0001"


def test_erased_text_is_gone_from_every_page_on_disk_and_from_the_wal(
    workspace: Workspace,
) -> None:
    with workspace.transaction() as session:
        case_id = build_case(session, "RET-0001", note_text=MARKER).id
        # A second copy, soft-deleted: retention must purge it too.
        session.add(ViewNote(case_id=case_id, text=MARKER, deleted_at=CLOSED))
    key = workspace.database_key()
    database = workspace.paths.database
    wal = database.with_name(database.name + "-wal")
    marker = MARKER.encode("utf-8")
    # The check can fail: before erasure the decrypted pages do hold the note.
    assert marker in on_disk(database, key)

    report = _service(workspace, date(2021, 2, 1)).erase([(case_id, RecordKind.WORKING_NOTES)])

    assert report.compacted
    plain = on_disk(database, key)
    assert marker not in plain
    assert MARKER[:20].encode() not in plain
    assert wal.stat().st_size == 0
    # And the pages still decrypt: what was kept is there to be found.
    assert b"RET-0001" in plain
    assert b"I like maths" in plain


def test_a_whole_demo_case_goes_when_its_longest_period_has_passed(workspace: Workspace) -> None:
    seed_demo(workspace)
    cases = CaseService(workspace)
    case_id = cases.page(SIGNED_DEMO_REFERENCE)[0].id
    before = cases.count()
    with workspace.transaction() as session:
        closed = session.get(Case, case_id).closed_at  # type: ignore[union-attr]
    assert closed is not None
    service = _service(workspace, closed.date() + timedelta(days=6 * 366))
    due = [item for item in service.due() if item.case_id == case_id]
    assert {item.kind for item in due} == set(RecordKind)
    words = {item.kind: item.holds for item in due}
    assert words[RecordKind.WORKING_NOTES] == "2 working notes, 1 proposal"
    assert words[RecordKind.AGREEMENTS] == "1 agreement version, 1 agreed action, 2 signatures"
    assert words[RecordKind.CERTIFICATES] == "1 certificate"
    # The case itself takes everything not yet erased with it, and says so.
    assert words[RecordKind.CASE] == (
        "1 case record (reference, dates, child's name), 4 people, 2 issues, 1 meeting, "
        "1 meeting venue or link, 2 working notes, 1 proposal, 1 child's views record, "
        "1 agreement version, 1 agreed action, 2 signatures, 1 certificate"
    )

    report = service.erase(item.key for item in due)

    assert report.removed_cases == (SIGNED_DEMO_REFERENCE,)
    assert [item.kind for item in report.erased][-1] is RecordKind.CASE
    assert cases.count() == before - 1
    assert cases.summary(case_id) is None
    assert service.erasures(case_id) == {}
    with workspace.transaction() as session:
        assert audit.first_broken_entry(session) is None
        erased = session.execute(
            sa.select(AuditEntry.detail).where(
                AuditEntry.action == "erase", AuditEntry.entity_id == case_id
            )
        ).scalars()
        assert len(list(erased)) == len(RecordKind)


@pytest.mark.parametrize("reopened", [True, False])
def test_nothing_is_erased_from_a_case_that_is_open_again(
    workspace: Workspace, reopened: bool
) -> None:
    with workspace.transaction() as session:
        case_id = build_case(session, "RET-0001").id
    service = _service(workspace, date(2021, 2, 1))
    (first, *_rest) = service.due()
    if reopened:
        with workspace.transaction() as session:
            session.get(Case, case_id).closed_at = None  # type: ignore[union-attr]
    report = service.erase([first.key])
    assert bool(report.erased) is not reopened
    assert bool(report.skipped) is reopened
