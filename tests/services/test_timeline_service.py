"""Timelines read from the stored dates of real cases, with the workspace's settings."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sendmed_desktop import settings as prefs
from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.domain.vocabulary import CertificateKind, MeetingFormat
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.demo import seed_demo
from sendmed_desktop.services.timeline import TimelineService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.models import Certificate, Meeting, StatutoryDates


def _case(workspace: Workspace) -> int:
    return (
        CaseService(workspace).create(NewCase("TL-0001", "Ava Stone", "Testshire", "Kim Stone")).id
    )


def test_stored_dates_drive_the_timeline(workspace: Workspace) -> None:
    case_id = _case(workspace)
    with workspace.transaction() as session:
        session.add(StatutoryDates(case_id=case_id, meeting_concluded_on=date(2026, 4, 1)))
        session.add(
            Meeting(
                case_id=case_id,
                format=MeetingFormat.IN_PERSON,
                # 23:30 UTC on 31 March is 00:30 on 1 April in England (BST).
                scheduled_start=datetime(2026, 3, 31, 23, 30, tzinfo=UTC),
            )
        )
    entries = TimelineService(workspace).case_timeline(case_id, today=date(2026, 4, 2))
    by_rule = {e.deadline.rule: e for e in entries}
    assert by_rule["R7"].deadline.due == date(2026, 4, 8)
    assert by_rule["R5"].deadline.start == date(2026, 4, 1)


def test_issued_certificate_marks_it_done(workspace: Workspace) -> None:
    case_id = _case(workspace)
    with workspace.transaction() as session:
        session.add(StatutoryDates(case_id=case_id, meeting_concluded_on=date(2026, 4, 1)))
        session.add(
            Certificate(
                case_id=case_id,
                kind=CertificateKind.AFTER_MEDIATION,
                reference="EMS-C-0001",
                issued_on=date(2026, 4, 7),
                issuer_name="M",
                issuer_role="Mediator",
            )
        )
    entries = TimelineService(workspace).case_timeline(case_id, today=date(2026, 4, 9))
    assert [e.status.value for e in entries if e.deadline.rule == "R7"] == ["done"]


def test_christmas_eve_setting_changes_the_due_date(workspace: Workspace) -> None:
    case_id = _case(workspace)
    with workspace.transaction() as session:
        session.add(StatutoryDates(case_id=case_id, meeting_concluded_on=date(2026, 12, 21)))
    service = TimelineService(workspace)
    due = lambda: next(  # noqa: E731
        e.deadline.due
        for e in service.case_timeline(case_id, today=date(2026, 12, 21))
        if e.deadline.rule == "R7"
    )
    assert due() == date(2026, 12, 24)
    workspace.settings.set(prefs.CHRISTMAS_EVE_CLOSED, True)
    assert due() == date(2026, 12, 29)  # 25, 26 (Sat), 27, 28 (substitute) skipped


def test_demo_has_something_due_soon(workspace: Workspace) -> None:
    seed_demo(workspace)
    urgent = TimelineService(workspace).due_soon()
    assert urgent
    assert all(not e.reference.startswith("DEMO-0001") for e in urgent)  # closed case
    keys = [e.urgency() for e in urgent]
    assert keys == sorted(keys)
