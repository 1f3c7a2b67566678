"""The case list at 10,000 cases: the first page, a search and a sort all still load.

Timings are printed (run with ``-s``), never asserted: speed is measured as ratios in
``tests/benchmarks/test_case_list_benchmark.py``, where a noisy machine slows both sides.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from sendmed_desktop.domain.vocabulary import CaseStatus, Role, Stage
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.models import Case, CaseParticipant, Person
from sendmed_desktop.ui.main_window import MainWindow
from sendmed_desktop.ui.models.case_list_model import PAGE_SIZE, Column

pytestmark = [pytest.mark.gui, pytest.mark.slow]

CASES = 10_000
_STATUSES = tuple(CaseStatus)
_AUTHORITIES = ("Leeds City Council", "Kirklees Council", "Wakefield Council", "York Council")


def seed_cases(workspace: Workspace, count: int) -> None:
    """Add ``count`` fictional cases, each with a parent who is the party, in three inserts.

    Straight through SQLAlchemy Core, not the case service: the service's checks and
    audit rows are not what is under test, and 10,000 of them would take minutes.
    """
    start = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
    cases = [
        {
            "id": number,
            "reference": f"SC-{number:05d}",
            "status": _STATUSES[number % len(_STATUSES)],
            "current_stage": Stage.PREPARATION,
            "local_authority": _AUTHORITIES[number % len(_AUTHORITIES)],
            "health_only": False,
            "subject_name": f"Child {number} Surname{number % 97}",
            "created_at": start + timedelta(minutes=number),
            "updated_at": start + timedelta(minutes=number),
        }
        for number in range(1, count + 1)
    ]
    people = [
        {"id": number, "full_name": f"Parent {number}", "created_at": start}
        for number in range(1, count + 1)
    ]
    parties = [
        {
            "id": number,
            "case_id": number,
            "person_id": number,
            "role": Role.PARENT_CARER,
            "is_party": True,
        }
        for number in range(1, count + 1)
    ]
    with workspace.transaction() as session:
        session.execute(sa.insert(Case.__table__), cases)
        session.execute(sa.insert(Person.__table__), people)
        session.execute(sa.insert(CaseParticipant.__table__), parties)


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def test_ten_thousand_cases_load_search_and_sort(
    make_window: Callable[..., MainWindow], workspace: Workspace
) -> None:
    seeded = _timed(lambda: seed_cases(workspace, CASES))
    window: list[MainWindow] = []
    opened = _timed(lambda: window.append(make_window(workspace=workspace)))
    page = window[0].case_list_page
    assert page is not None
    model = page.model
    assert model.total == CASES
    assert model.rowCount() == PAGE_SIZE
    assert model.summary(0).reference == f"SC-{CASES:05d}"  # newest first
    assert model.summary(0).family_names == f"Parent {CASES}"

    def search() -> None:
        page.search_edit.setText("Parent 4242")
        page.apply_search()

    searched = _timed(search)
    assert model.total == 1
    assert model.summary(0).reference == "SC-04242"

    page.search_edit.clear()
    page.apply_search()
    sorted_ = _timed(lambda: model.sort(Column.REFERENCE, Qt.SortOrder.AscendingOrder))
    assert model.total == CASES
    assert model.rowCount() == PAGE_SIZE
    assert model.summary(0).reference == "SC-00001"
    fetched = _timed(lambda: model.fetchMore(model.index(0, 0).parent()))
    assert model.rowCount() == 2 * PAGE_SIZE

    print(
        f"\n{CASES:,} cases: seeded in {seeded * 1000:.0f} ms; window with first page "
        f"{opened * 1000:.0f} ms; search {searched * 1000:.0f} ms; sort by reference "
        f"{sorted_ * 1000:.0f} ms; next page {fetched * 1000:.0f} ms"
    )
