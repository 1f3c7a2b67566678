"""The case list: lazy pages, database sorting, debounced search, the detail panel."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.cases import CaseSort, CaseSummary, NewCase
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.main_window import MainWindow
from sendmed_desktop.ui.models.case_list_model import PAGE_SIZE, CaseListModel, Column
from sendmed_desktop.ui.pages.case_list_page import NO_CASES, CaseListPage, no_match_message

pytestmark = pytest.mark.gui


@pytest.fixture
def page(qtbot: QtBot, case_service: CaseService, seeded: list[CaseSummary]) -> CaseListPage:
    """Return a shown case-list page over the three seeded cases."""
    widget = CaseListPage(case_service)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    return widget


def _references(model: CaseListModel) -> list[str]:
    return [model.summary(row).reference for row in range(model.rowCount())]


def test_model_passes_qt_model_checks(
    qtmodeltester: ModelTester, case_service: CaseService, seeded: list[CaseSummary]
) -> None:
    model = CaseListModel(case_service)
    qtmodeltester.check(model)
    assert model.columnCount() == len(Column)
    assert model.headerData(Column.FAMILY, Qt.Orientation.Horizontal) == "Family"
    # Newest first by default.
    assert _references(model) == [case.reference for case in reversed(seeded)]
    assert model.case_id(0) == seeded[-1].id
    first = model.index(0, Column.STATUS)
    assert model.data(first) == "Referred"
    assert model.data(model.index(0, Column.FAMILY)) == "Piotr Nowak"
    assert model.data(model.index(1, Column.FAMILY)) == "Callum Price"


def test_lazy_fetch_loads_pages_of_200(qtmodeltester: ModelTester, workspace: Workspace) -> None:
    service = CaseService(workspace)
    for number in range(450):
        service.create(
            NewCase(
                reference=f"LF-{number:04d}",
                subject_name=f"Child {number}",
                local_authority="Leeds City Council",
                party_name=f"Parent {number}",
            )
        )
    model = CaseListModel(service)
    assert model.total == 450
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE_SIZE
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert not model.canFetchMore(QModelIndex())
    assert len(set(_references(model))) == 450
    model.sort(Column.REFERENCE, Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == PAGE_SIZE
    assert model.summary(0).reference == "LF-0000"
    assert model.row_of(model.summary(0).id) == 0
    last = service.page(sort=CaseSort.REFERENCE, descending=True, limit=1)[0]
    assert model.row_of(last.id) is None
    assert model.row_of(last.id, fetch=True) == 449
    qtmodeltester.check(model)


def test_sorting_by_a_column_requeries(page: CaseListPage, qtbot: QtBot) -> None:
    model = page.model
    header = page.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(Column.REFERENCE) + 5, 5),
    )
    assert model.sort_key[0] is CaseSort.REFERENCE
    ascending = _references(model)
    assert ascending == sorted(ascending)
    page.table.sortByColumn(Column.REFERENCE, Qt.SortOrder.DescendingOrder)
    assert _references(model) == sorted(ascending, reverse=True)
    page.table.sortByColumn(Column.SUBJECT, Qt.SortOrder.AscendingOrder)
    subjects = [model.summary(row).subject_name for row in range(model.rowCount())]
    assert subjects == ["Amira Hussain", "Callum Price", "Zofia Nowak"]
    page.table.sortByColumn(Column.AUTHORITY, Qt.SortOrder.DescendingOrder)
    assert model.summary(0).local_authority == "Leeds City Council"


def test_search_filters_as_you_type(page: CaseListPage, qtbot: QtBot) -> None:
    model = page.model
    qtbot.keyClicks(page.search_edit, "nowak")
    assert model.rowCount() == 3  # debounced: nothing happens on every keystroke
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=2000)
    assert model.summary(0).subject_name == "Zofia Nowak"

    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "sm-2026-0002")
    qtbot.waitUntil(lambda: _references(model) == ["SM-2026-0002"], timeout=2000)

    # A parent's name finds the case too.
    page.search_edit.setText("Farah")
    qtbot.waitUntil(lambda: _references(model) == ["SM-2026-0001"], timeout=2000)


def test_search_that_finds_nothing_says_so(page: CaseListPage, qtbot: QtBot) -> None:
    counts: list[tuple[int, int]] = []
    page.counts_changed.connect(lambda matching, overall: counts.append((matching, overall)))
    page.search_edit.setText("nobody")
    page.apply_search()
    assert page.list_stack.currentWidget() is page.empty_label
    assert page.empty_label.text() == no_match_message("nobody")
    assert counts[-1] == (0, 3)
    page.search_edit.clear()
    page.apply_search()
    assert page.list_stack.currentWidget() is page.table
    assert counts[-1] == (3, 3)


def test_ctrl_f_focuses_the_search(page: CaseListPage, qtbot: QtBot) -> None:
    qtbot.waitExposed(page)
    page.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_edit.hasFocus()


def test_selection_fills_the_detail_panel(
    page: CaseListPage, qtbot: QtBot, seeded: list[CaseSummary]
) -> None:
    assert page.detail.hint.isVisible()
    assert page.select_case(seeded[1].id)
    assert page.selected_case_id() == seeded[1].id
    detail = page.detail
    assert detail.text("reference") == "SM-2026-0002"
    assert detail.text("subject") == "Callum Price"
    assert detail.text("family") == "Callum Price"
    assert detail.text("authority") == "Kirklees Council"
    assert detail.text("status") == "Referred"
    assert detail.text("stage") == "Preparation"
    assert detail.text("updated")
    assert not detail.hint.isVisible()
    for field in detail.fields.values():
        assert field.isReadOnly()
        assert field.accessibleName()
    # The selection survives a reload.
    page.refresh()
    assert page.selected_case_id() == seeded[1].id


def test_empty_workspace_explains_how_to_start(
    make_window: Callable[..., MainWindow], workspace: Workspace
) -> None:
    window = make_window(workspace=workspace)
    page = window.case_list_page
    assert page is not None
    assert page.list_stack.currentWidget() is page.empty_label
    assert page.empty_label.text() == NO_CASES


def test_sorting_asks_the_database_not_python(
    case_service: CaseService, seeded: list[CaseSummary], monkeypatch: pytest.MonkeyPatch
) -> None:
    model = CaseListModel(case_service)
    asked: list[tuple[CaseSort, bool]] = []
    real_page = case_service.page

    def spy(search: str = "", **kwargs: object) -> list[CaseSummary]:
        asked.append((kwargs["sort"], kwargs["descending"]))  # type: ignore[arg-type]
        return real_page(search, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(case_service, "page", spy)
    model.sort(Column.FAMILY, Qt.SortOrder.AscendingOrder)
    families = [model.summary(row).family_names for row in range(model.rowCount())]
    assert families == ["Callum Price", "Farah Hussain", "Piotr Nowak"]
    model.sort(Column.FAMILY, Qt.SortOrder.AscendingOrder)  # unchanged: no new query
    model.sort(Column.STATUS, Qt.SortOrder.DescendingOrder)
    assert asked == [(CaseSort.FAMILY, False), (CaseSort.STATUS, True)]
    assert model.sort_key == (CaseSort.STATUS, True)
