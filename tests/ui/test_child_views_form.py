"""The child's views form: saves as it is filled in, and says plainly what stops it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.vocabulary import ChildViewsMethod
from sendmed_desktop.services.child_views import ChildViewsService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.formatting import format_date, format_short_date
from sendmed_desktop.ui.widgets.child_views_form import (
    BAD_DATE,
    NOT_RECORDED_PARENT,
    NOT_RECORDED_YOUNG_PERSON,
    NOT_SAVED,
    RECORDED,
    ChildViewsForm,
)
from tests.ui.test_accessibility import clashing_access_keys, unlabelled
from tests.ui.test_notes_panel import case_id

pytestmark = pytest.mark.gui

VIEWS = "I like the quiet room. The dinner hall is too loud."


@pytest.fixture
def make_form(qtbot: QtBot, demo: Workspace) -> Callable[[str], ChildViewsForm]:
    def make(reference: str) -> ChildViewsForm:
        form = ChildViewsForm(demo, case_id(demo, reference))
        qtbot.addWidget(form)
        form.resize(1000, 700)
        form.show()
        return form

    return make


def choose(form: ChildViewsForm, method: ChildViewsMethod) -> None:
    form.method_combo.setCurrentIndex(form.method_combo.findData(method))


def test_not_reasonably_practicable_needs_a_reason(
    make_form: Callable[[str], ChildViewsForm], demo: Workspace, qtbot: QtBot
) -> None:
    form = make_form("DEMO-0002")  # a parent is a party; nothing recorded yet
    service = ChildViewsService(demo)
    assert form.status_line.text() == NOT_RECORDED_PARENT
    assert not form.is_recorded()
    choose(form, ChildViewsMethod.NOT_PRACTICABLE)
    # The views give way to the reason.
    assert form.reason_edit.isVisible()
    assert not form.views_edit.isVisible()
    assert not form.sharing_box.isVisible()
    assert not form.flush()
    assert form.problems.isVisible()
    assert form.problems.problems() == [
        "Say why it was not reasonably practicable to obtain the child's views."
    ]
    assert form.save_status.text() == NOT_SAVED
    assert service.get(form._case_id) is None

    with qtbot.waitSignal(form.changed, timeout=3000):
        qtbot.keyClicks(form.reason_edit, "Amelia was in hospital all month.")
    stored = service.get(form._case_id)
    assert stored is not None
    assert stored.method is ChildViewsMethod.NOT_PRACTICABLE
    assert stored.not_practicable_reason == "Amelia was in hospital all month."
    assert stored.may_share is None
    assert not form.problems.isVisible()
    assert form.status_line.text() == RECORDED
    assert form.save_status.text().startswith("Saved ")


def test_a_full_record_saves_and_the_status_line_changes(
    make_form: Callable[[str], ChildViewsForm], demo: Workspace, qtbot: QtBot
) -> None:
    form = make_form("DEMO-0006")
    assert form.status_line.text() == NOT_RECORDED_PARENT
    assert form.child_combo.currentText() == "Freya Bennett (Child)"
    sought = date.today() - timedelta(days=3)
    choose(form, ChildViewsMethod.MET_MEDIATOR)
    qtbot.keyClicks(form.sought_on_edit, format_short_date(sought))
    assert form.sought_on_shown.text() == format_date(sought)
    qtbot.keyClicks(form.sought_by_edit, "Helen Marsh")
    form.verbatim_radio.click()
    qtbot.keyClicks(form.views_edit, VIEWS)
    form.consent_yes.click()
    form.share_views_check.click()
    assert not form.may_share_edit.isEnabled()  # the views themselves are what is shared
    qtbot.keyClicks(form.share_with_edit, "Everyone at the meeting")
    with qtbot.waitSignal(form.changed, timeout=3000):
        pass
    assert form.status_line.text() == RECORDED
    assert form.save_status.text().startswith("Saved ")

    stored = ChildViewsService(demo).get(form._case_id)
    assert stored is not None
    assert stored.method is ChildViewsMethod.MET_MEDIATOR
    assert stored.sought_on == sought
    assert stored.sought_by == "Helen Marsh"
    assert stored.verbatim
    assert stored.views_text == VIEWS
    assert stored.consent_given is True
    assert stored.share_views_text
    assert stored.may_share == VIEWS
    assert stored.share_with == "Everyone at the meeting"

    # Read back into a new form, as after a restart.
    again = make_form("DEMO-0006")
    assert again.status_line.text() == RECORDED
    assert again.method() is ChildViewsMethod.MET_MEDIATOR
    assert again.views_edit.toPlainText() == VIEWS
    assert again.share_views_check.isChecked()
    assert again.sought_on_edit.text() == format_short_date(sought)
    assert unlabelled(again) == []
    assert clashing_access_keys(again) == []


def test_problems_are_listed_and_nothing_is_saved_until_fixed(
    make_form: Callable[[str], ChildViewsForm], demo: Workspace, qtbot: QtBot
) -> None:
    form = make_form("DEMO-0006")
    qtbot.keyClicks(form.views_edit, VIEWS)
    assert not form.flush()
    assert form.problems.problems() == [
        "Choose how the child's views were sought.",
        "Say who sought the child's views.",
    ]
    choose(form, ChildViewsMethod.VIA_PARENT)
    qtbot.keyClicks(form.sought_by_edit, "Lisa Bennett")
    qtbot.keyClicks(form.sought_on_edit, "31/02/2026")
    assert form.sought_on_shown.text().startswith("⚠")
    form.consent_no.click()
    assert not form.share_views_check.isEnabled()
    qtbot.keyClicks(form.may_share_edit, "Likes the quiet room.")
    assert not form.flush()
    assert BAD_DATE in form.problems.problems()
    assert any("Consent to share" in problem for problem in form.problems.problems())
    assert ChildViewsService(demo).get(form._case_id) is None
    assert form.views_edit.toPlainText() == VIEWS  # nothing entered is lost

    form.sought_on_edit.clear()
    form.may_share_edit.clear()
    assert form.flush()
    assert not form.problems.isVisible()
    stored = ChildViewsService(demo).get(form._case_id)
    assert stored is not None
    assert stored.consent_given is False
    assert stored.may_share is None


def test_a_young_persons_case_does_not_require_the_record(
    make_form: Callable[[str], ChildViewsForm],
) -> None:
    form = make_form("DEMO-0003")
    assert form.status_line.text() == NOT_RECORDED_YOUNG_PERSON
    assert form.child_combo.currentText() == "Jordan Price (Young person)"
