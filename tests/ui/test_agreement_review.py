"""Reviewing the agreement before signing: refused while it is not ready, then read through."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from sendmed_desktop.domain.vocabulary import IssueOutcome
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs import agreement_review_dialog
from sendmed_desktop.ui.widgets.agreement_editor import AgreementEditor
from tests.ui.test_agreement_editor import accept_a_proposal, make_smart, retype
from tests.ui.test_notes_panel import case_id

pytestmark = pytest.mark.gui

SMART_ACTION = "Send the amended plan to Daniel Hughes"


@pytest.fixture
def editor(qtbot: QtBot, demo: Workspace) -> AgreementEditor:
    accept_a_proposal(demo)
    made = AgreementEditor(demo, case_id(demo, "DEMO-0002"))
    qtbot.addWidget(made)
    made.resize(1150, 900)
    made.show()
    return made


def make_ready(qtbot: QtBot, editor: AgreementEditor) -> None:
    """Date the agreement, record every outcome and make the action SMART."""
    retype(qtbot, editor.date.edit, "today")
    make_smart(qtbot, editor.form)
    assert editor.flush()
    for combo in list(editor.outcome_combos.values()):
        combo.setCurrentIndex(combo.findData(IssueOutcome.AGREED))


def open_review(qtbot: QtBot, editor: AgreementEditor) -> None:
    qtbot.mouseClick(editor.review_button, Qt.MouseButton.LeftButton)


def test_review_lists_what_to_fix_and_does_not_open(editor: AgreementEditor, qtbot: QtBot) -> None:
    retype(qtbot, editor.form.action, "We will consider providing therapy")
    open_review(qtbot, editor)
    assert editor.review_dialog is None
    assert editor.problems.isVisible()
    problems = editor.problems.problems()
    assert problems[0] == "Before the review, fix these:"
    assert "Date the agreement: the action deadlines count from its date." in problems
    assert any(p.startswith("Issue 1: record whether") for p in problems)
    assert any(p.startswith("Action 1:") and "“consider”" in p for p in problems)


def test_review_opens_when_ready_in_full_and_easy_read(
    editor: AgreementEditor, qtbot: QtBot
) -> None:
    open_review(qtbot, editor)
    assert editor.problems.isVisible()
    make_ready(qtbot, editor)
    open_review(qtbot, editor)
    dialog = editor.review_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert not editor.problems.isVisible()
    assert dialog.full_text.isReadOnly()
    assert dialog.full_text.accessibleName() == "Full agreement"
    assert SMART_ACTION in dialog.full_text.toPlainText()
    assert dialog.tabs.tabText(1) == "&Easy read"
    easy = dialog.easy_read.toPlainText()
    assert "Priya Natarajan" in easy
    assert "will send the amended plan to Daniel Hughes by " in easy
    assert dialog.easy_read.font().pointSizeF() > dialog.full_text.font().pointSizeF()
    dialog.reject()


def test_signing_hands_over_and_says_when_it_is_missing(
    editor: AgreementEditor, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_ready(qtbot, editor)
    open_review(qtbot, editor)
    dialog = editor.review_dialog
    assert dialog is not None

    monkeypatch.setattr(
        agreement_review_dialog, "SIGNING_MODULE", "sendmed_desktop.ui.dialogs.no_such_dialog"
    )
    dialog.sign_button.click()
    (box,) = dialog.findChildren(QMessageBox)
    assert box.text() == agreement_review_dialog.SIGNING_UNAVAILABLE
    box.close()
    assert dialog.isVisible()

    from sendmed_desktop.ui.dialogs import signing_dialog

    calls: list[int] = []

    def fake_sign(parent: QWidget, _workspace: Workspace, found: int) -> bool:
        assert parent is dialog
        calls.append(found)
        return True

    monkeypatch.undo()
    monkeypatch.setattr(signing_dialog, "sign_at_the_table", fake_sign)
    dialog.sign_button.click()
    assert calls == [editor.newest.case_id]  # type: ignore[union-attr]
    assert dialog.signed
    assert not dialog.isVisible()
