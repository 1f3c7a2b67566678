"""The demo cases and the self-test."""

from __future__ import annotations

from sendmed_desktop.domain.vocabulary import CaseStatus, Role
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.demo import DEMO_CASES, seed_demo
from sendmed_desktop.services.health import check_workspace
from sendmed_desktop.services.workspace import Workspace


def test_demo_covers_what_the_app_must_show(workspace: Workspace) -> None:
    assert seed_demo(workspace) == len(DEMO_CASES)
    rows = {s.reference: s for s in CaseService(workspace).page(limit=100)}
    assert rows["DEMO-0001"].status is CaseStatus.CLOSED
    assert len({s.stage for s in rows.values()}) >= 3
    roles = {p.role for case in DEMO_CASES for p in case.people}
    assert {Role.ICB_OFFICER, Role.YOUNG_PERSON, Role.ALTERNATIVE_PERSON} <= roles
    assert any(p.role is Role.YOUNG_PERSON and p.party for c in DEMO_CASES for p in c.people)


def test_seeding_twice_adds_nothing_more(workspace: Workspace) -> None:
    seed_demo(workspace)
    assert seed_demo(workspace) == 0
    assert CaseService(workspace).count() == len(DEMO_CASES)


def test_self_test_reports_ok_and_count(workspace: Workspace) -> None:
    seed_demo(workspace)
    report = check_workspace(workspace)
    assert report.ok, report.problems
    assert report.case_count == len(DEMO_CASES)


def test_self_test_notices_a_wrong_schema_version(workspace: Workspace) -> None:
    with workspace.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0000'")
    report = check_workspace(workspace)
    assert not report.ok
    assert "schema version" in report.problems[0]


def test_demo_meetings_are_on_weekdays(workspace: Workspace) -> None:
    from datetime import date, timedelta

    from sendmed_desktop.storage.models import Meeting

    for offset in range(7):  # whatever day of the week the demo is made
        seed_demo_on = date(2026, 11, 30) + timedelta(days=offset)
        workspace_cases = CaseService(workspace).count()
        if workspace_cases:
            with workspace.engine.begin() as connection:
                connection.exec_driver_sql("DELETE FROM cases")
        seed_demo(workspace, today=seed_demo_on)
        with workspace.transaction() as session:
            days = [m.scheduled_start for m in session.query(Meeting).all()]
        assert days
        assert all(d is not None and d.weekday() < 5 for d in days), seed_demo_on


def test_demo_0001_has_a_signed_agreement_whose_signatures_bind_it(
    workspace: Workspace,
) -> None:
    from datetime import date, timedelta

    from sendmed_desktop.domain.agreement import content_hash
    from sendmed_desktop.domain.vocabulary import AgreementStatus
    from sendmed_desktop.services.agreements import AgreementService
    from sendmed_desktop.storage.repositories import CaseRepository

    seed_demo(workspace, today=date(2026, 3, 4))
    with workspace.transaction() as session:
        case_id = CaseRepository(session).id_for_reference("DEMO-0001")
    assert case_id is not None
    service = AgreementService(workspace, today=lambda: date(2026, 3, 4))
    (version,) = service.versions(case_id)
    assert (version.version, version.status, version.signature_count) == (
        1,
        AgreementStatus.SIGNED,
        2,
    )
    signed = service.signed_agreement(case_id)
    assert signed.signatures_valid()
    assert service.signature_check(case_id)
    assert version.content_sha256 == content_hash(signed.content)
    assert [(s.signer_name, s.method) for s in signed.signatures] == [
        ("Sarah Okafor", "typed"),
        ("Graham Whitfield", "drawn"),
    ]
    assert signed.signatures[1].strokes
    content = signed.content
    assert content.agreement_date == content.meeting_date
    (action,) = content.actions
    assert (action.owner_name, action.owner_role, action.owner_organisation) == (
        "Graham Whitfield",
        "SEN casework manager",
        "Northshire County Council",
    )
    assert content.agreement_date is not None
    assert action.due_on == content.agreement_date + timedelta(weeks=5)  # amend B/F (reg 44)
    assert action.measure
    assert {issue.outcome for issue in content.issues} == {"Agreed"}
    assert service.editable(case_id).actions[0].findings == ()
    # Seeding again leaves the signed agreement as it was.
    seed_demo(workspace, today=date(2026, 3, 4))
    assert len(service.versions(case_id)) == 1
