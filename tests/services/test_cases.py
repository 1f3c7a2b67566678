"""Creating, listing, searching and sorting cases."""

from __future__ import annotations

from datetime import date

import pytest

from sendmed_desktop.domain.cases import CaseSort, NewCase
from sendmed_desktop.domain.vocabulary import Role
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit


def _new(reference: str, child: str, parent: str, la: str = "Testshire") -> NewCase:
    return NewCase(reference=reference, subject_name=child, local_authority=la, party_name=parent)


@pytest.fixture
def service(workspace: Workspace) -> CaseService:
    cases = CaseService(workspace)
    cases.create(_new("SM-2026-0001", "Alfie Brook", "Jane Brook", "Aylesbury"))
    cases.create(_new("SM-2026-0002", "Zara Quinn", "Tom Quinn", "Carlisle"))
    cases.create(
        NewCase(
            reference="SM-2026-0003",
            subject_name="Maya Ortiz",
            local_authority="Bristol",
            party_name="Maya Ortiz",
            party_role=Role.YOUNG_PERSON,
        )
    )
    return cases


def test_search_matches_names_and_references(service: CaseService) -> None:
    assert [s.reference for s in service.page("quinn")] == ["SM-2026-0002"]
    assert [s.reference for s in service.page("jane")] == ["SM-2026-0001"]
    assert [s.reference for s in service.page("0003")] == ["SM-2026-0003"]
    assert service.count("brook jane") == 1
    assert service.count("brook tom") == 0
    assert service.count("%") == 0  # wildcards are searched for literally
    assert service.count("") == 3


def test_family_shows_the_party(service: CaseService) -> None:
    rows = {s.reference: s for s in service.page()}
    assert rows["SM-2026-0001"].family_names == "Jane Brook"
    assert rows["SM-2026-0003"].family_names == "Maya Ortiz"  # the young person is the party


@pytest.mark.parametrize(
    ("sort", "descending", "expected_first"),
    [
        (CaseSort.SUBJECT, False, "SM-2026-0001"),
        (CaseSort.SUBJECT, True, "SM-2026-0002"),
        (CaseSort.AUTHORITY, False, "SM-2026-0001"),
        (CaseSort.FAMILY, False, "SM-2026-0001"),
        (CaseSort.REFERENCE, True, "SM-2026-0003"),
    ],
)
def test_sorting_is_done_by_the_database(
    service: CaseService, sort: CaseSort, descending: bool, expected_first: str
) -> None:
    assert service.page(sort=sort, descending=descending)[0].reference == expected_first


def test_paging_covers_every_case_once(service: CaseService) -> None:
    seen = [s.reference for offset in range(3) for s in service.page(offset=offset, limit=1)]
    assert sorted(seen) == ["SM-2026-0001", "SM-2026-0002", "SM-2026-0003"]


def test_duplicate_reference_is_refused(service: CaseService) -> None:
    with pytest.raises(ValidationError, match="already a case"):
        service.create(_new("SM-2026-0001", "Other Child", "Other Parent"))
    assert service.count() == 3


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"reference": "bad ref"}, "case reference"),
        ({"subject_name": " "}, "child or young person"),
        ({"party_name": ""}, "parent, carer"),
        ({"local_authority": ""}, "local authority"),
        ({"party_role": Role.LA_OFFICER}, "must be a parent"),
        ({"subject_date_of_birth": date(2999, 1, 1)}, "future"),
    ],
)
def test_bad_input_is_explained(
    workspace: Workspace, change: dict[str, object], fragment: str
) -> None:
    fields: dict[str, object] = {
        "reference": "SM-2026-0009",
        "subject_name": "A Child",
        "local_authority": "Testshire",
        "party_name": "A Parent",
    }
    fields.update(change)
    with pytest.raises(ValidationError, match=fragment):
        CaseService(workspace).create(NewCase(**fields))  # type: ignore[arg-type]
    assert CaseService(workspace).count() == 0


def test_suggested_reference_follows_the_highest(service: CaseService) -> None:
    assert service.suggest_reference(date(2026, 3, 1)) == "SM-2026-0004"
    assert service.suggest_reference(date(2027, 1, 2)) == "SM-2027-0001"


def test_creating_a_case_is_audited_without_personal_data(
    service: CaseService, workspace: Workspace
) -> None:
    with workspace.transaction() as session:
        assert audit.first_broken_entry(session) is None
        rows = session.execute(
            audit.sa.select(audit.AuditEntry.action, audit.AuditEntry.detail)
        ).all()
    assert [action for action, _ in rows] == ["create", "create", "create"]
    assert all("Brook" not in detail for _, detail in rows)
