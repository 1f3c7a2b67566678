"""The case timeline: a checked Qt model, status in words, and "Why this date?"."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.timeline import ClockFacts, DeadlineStatus, build_timeline
from sendmed_desktop.domain.vocabulary import FamilyDecision
from sendmed_desktop.ui.models.timeline_model import TimelineColumn, TimelineModel
from sendmed_desktop.ui.widgets.timeline_view import NO_CASE, NO_DEADLINES, TimelineView

pytestmark = pytest.mark.gui

TODAY = date(2026, 4, 20)
FACTS = ClockFacts(
    case_id=7,
    reference="TL-0007",
    decision_sent=date(2026, 2, 2),
    adviser_contacted_on=date(2026, 2, 10),
    family_decision=FamilyDecision.MEDIATE,
    la_informed_on=date(2026, 3, 2),
    meeting_date=date(2026, 4, 24),
)
# Far enough ahead that bank holidays are not yet known.
FAR = ClockFacts(case_id=8, reference="TL-0008", meeting_concluded_on=date(2031, 6, 2))


@pytest.fixture
def view(qtbot: QtBot) -> TimelineView:
    widget = TimelineView()
    qtbot.addWidget(widget)
    widget.resize(800, 400)
    widget.show()
    return widget


def test_model_passes_qt_model_checks(qtmodeltester: ModelTester) -> None:
    model = TimelineModel()
    qtmodeltester.check(model)
    model.set_entries(build_timeline(FACTS, TODAY))
    qtmodeltester.check(model)
    assert model.rowCount() == 4
    assert model.headerData(TimelineColumn.TIME_LEFT, Qt.Orientation.Horizontal) == "Time left"
    first = model.index(0, TimelineColumn.RULE)
    # In date order: the 30 days ran out on 1 Apr, a day before the adviser deadline.
    assert model.data(first, Qt.ItemDataRole.AccessibleTextRole) == "Rule: R4"


def test_status_is_text_and_symbol_not_colour_alone() -> None:
    model = TimelineModel()
    entries = build_timeline(FACTS, TODAY)
    model.set_entries(entries)
    shown = {
        model.entry(row).deadline.rule: model.data(model.index(row, TimelineColumn.STATUS))
        for row in range(model.rowCount())
    }
    # R1 done; R4 (30 days from 2 Mar = 1 Apr) overdue; R5 notice due by Fri 17 Apr: overdue;
    # the family's appeal date (Thu 2 Apr) has passed.
    assert shown == {
        "R1": "✓ Done",
        "R4": "⚠ Overdue",
        "R5": "⚠ Overdue",
        "R8": "⚠ Date passed",
    }
    for text in shown.values():
        assert re.search(r"[A-Za-z]{3,}", text)
    by_rule = {e.deadline.rule: e for e in entries}
    assert by_rule["R4"].status is DeadlineStatus.OVERDUE
    row = [e.deadline.rule for e in entries].index("R4")
    assert model.data(model.index(row, TimelineColumn.TIME_LEFT)) == "19 days overdue"
    assert model.data(model.index(row, TimelineColumn.DUE)) == "Wed 1 Apr 2026"
    r1_row = [e.deadline.rule for e in entries].index("R1")
    assert model.data(model.index(r1_row, TimelineColumn.TIME_LEFT)) == "Done Tue 10 Feb 2026"


def test_the_family_deadline_is_marked_as_theirs() -> None:
    model = TimelineModel()
    model.set_entries(build_timeline(FACTS, date(2026, 3, 1)))
    row = [e.deadline.rule for e in model.entries()].index("R8")
    assert model.data(model.index(row, TimelineColumn.TITLE)) == (
        "Family's appeal deadline (Tribunal)"
    )
    assert model.data(model.index(row, TimelineColumn.STATUS)) == "○ Due"
    # Passed, it is the family's date, not an overdue duty: the Tribunal can extend time.
    model.set_entries(build_timeline(FACTS, date(2026, 6, 1)))
    assert model.data(model.index(row, TimelineColumn.STATUS)) == "⚠ Date passed"


def test_selecting_an_entry_explains_it(view: TimelineView, qtbot: QtBot) -> None:
    entries = build_timeline(FACTS, TODAY)
    view.show_entries(entries)
    assert view.stack.currentWidget() is view.table
    assert view.explanation.isVisible()
    assert view.explanation_shown() == ""
    assert view.explanation.isReadOnly()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    chosen = view.selected_entry()
    assert chosen is not None
    assert chosen.deadline.explanation in view.explanation_shown()
    assert view.explanation_shown().startswith(chosen.deadline.title)
    tip = view.model.data(view.model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Why this date?")
    assert entries[0].deadline.explanation in tip
    # A refresh keeps the same deadline selected and explained.
    view.show_entries(build_timeline(FACTS, date(2026, 4, 21)))
    assert view.selected_entry() is not None
    assert chosen.deadline.explanation in view.explanation_shown()


def test_warnings_appear_with_the_explanation(view: TimelineView) -> None:
    view.show_entries(build_timeline(FAR, TODAY))
    view.table.selectRow(0)
    text = view.explanation_shown()
    assert "⚠ Bank holidays after" in text
    assert "are not yet known" in text


def test_empty_states(view: TimelineView) -> None:
    assert view.stack.currentWidget() is view.empty_label
    assert view.empty_label.text() == NO_CASE
    view.show_entries([])
    assert view.empty_label.text() == NO_DEADLINES
    assert view.empty_label.isVisible()
    assert not view.explanation.isVisible()
    assert view.table.accessibleName() == "Statutory deadlines"
