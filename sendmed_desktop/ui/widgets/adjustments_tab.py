"""The Adjustments and expenses tab: what helps people take part, and what the LA pays."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTableWidget, QVBoxLayout, QWidget

from sendmed_desktop.services.intake import (
    AdjustmentEntry,
    AdjustmentView,
    ExpenseEntry,
    ExpenseView,
    IntakeService,
    ParticipantView,
    format_money,
)
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.adjustment_dialog import AdjustmentDialog
from sendmed_desktop.ui.dialogs.expense_dialog import ExpenseDialog
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.tasks import TaskGateway
from sendmed_desktop.ui.widgets.preparation_common import (
    attempt,
    button_row,
    confirm,
    fetch,
    fill_table,
    save_through_dialog,
    selected_id,
)
from sendmed_desktop.ui.widgets.record_table import (
    add_through_dialog,
    enable_for_selection,
    record_controls,
    reselect_after_save,
)

V = TypeVar("V", AdjustmentView, ExpenseView)
ADJUSTMENT_HEADERS = ("Kind", "For", "Description", "Arranged")
EXPENSE_HEADERS = ("Kind", "Whose", "Amount", "Claimed", "Paid", "Description")
ARRANGED = "✓ Arranged"
NOT_ARRANGED = "Not yet"
NOT_YET = "Not yet"
AMOUNT = EXPENSE_HEADERS.index("Amount")
EVERYONE = "Everyone"
FAMILY = "The family"


def total_text(pence: int) -> str:
    """Return the total line, e.g. "Total: £12.50"."""
    return f"Total: {format_money(pence)}"


def _selected(table: QTableWidget, views: Sequence[V]) -> V | None:
    chosen = selected_id(table)
    return next((v for v in views if v.id == chosen), None)


def _day(value: date | None) -> str:
    return format_date(value) if value else NOT_YET


class AdjustmentsTab(QWidget):
    """Keep a case's reasonable adjustments and expenses."""

    changed = Signal()

    def __init__(
        self,
        workspace: Workspace,
        case_id: int,
        tasks: TaskGateway,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._intake = IntakeService(workspace)
        self._case_id = case_id
        self._tasks = tasks
        self._people: list[ParticipantView] = []
        self._adjustments: list[AdjustmentView] = []
        self._expenses: list[ExpenseView] = []

        adjustments = record_controls(
            "Reasonable adjustments",
            ADJUSTMENT_HEADERS,
            2,
            "Reasona&ble adjustments (venue, breaks, interpreter, communication, advocacy):",
            add=("Add &new adjustment…", self.add_adjustment),
            edit=self.edit_adjustment,
            remove=self.remove_adjustment,
            on_selection=self._enable,
            edit_text="Edit adj&ustment…",
            remove_text="&Remove adjustment…",
        )
        self.adjustments_table = adjustments.table
        self.add_adjustment_button = adjustments.add_button
        self.edit_adjustment_button = adjustments.edit_button
        self.remove_adjustment_button = adjustments.remove_button
        expenses = record_controls(
            "Expenses",
            EXPENSE_HEADERS,
            5,
            "E&xpenses the local authority pays:",
            add=("Add an expen&se…", self.add_expense),
            edit=self.edit_expense,
            remove=self.remove_expense,
            on_selection=self._enable,
            edit_text="Edi&t expense…",
            remove_text="Rem&ove expense…",
        )
        self.expenses_table = expenses.table
        self.add_expense_button = expenses.add_button
        self.edit_expense_button = expenses.edit_button
        self.remove_expense_button = expenses.remove_button
        self.total_label = QLabel(total_text(0))
        self.total_label.setObjectName("expensesTotal")
        self.total_label.setAccessibleName("Total of the expenses")

        layout = QVBoxLayout(self)
        layout.addWidget(adjustments.heading)
        layout.addWidget(self.adjustments_table, 1)
        layout.addLayout(
            button_row(
                self.add_adjustment_button,
                self.edit_adjustment_button,
                self.remove_adjustment_button,
            )
        )
        layout.addSpacing(12)
        layout.addWidget(expenses.heading)
        layout.addWidget(self.expenses_table, 1)
        layout.addWidget(self.total_label)
        layout.addLayout(
            button_row(
                self.add_expense_button, self.edit_expense_button, self.remove_expense_button
            )
        )
        self.refresh()

    def refresh(self) -> None:
        """Reload the adjustments, the expenses and their total."""
        loaded = fetch(
            self,
            lambda: (
                self._intake.participants(self._case_id),
                self._intake.adjustments(self._case_id),
                self._intake.expenses(self._case_id),
                self._intake.expenses_total(self._case_id),
            ),
        )
        if loaded is None:
            return
        self._people, self._adjustments, self._expenses, total = loaded
        fill_table(
            self.adjustments_table,
            (
                (
                    a.id,
                    (
                        a.kind.label,
                        a.participant_name or EVERYONE,
                        " ".join(a.description.split()),
                        ARRANGED if a.arranged else NOT_ARRANGED,
                    ),
                )
                for a in self._adjustments
            ),
        )
        fill_table(
            self.expenses_table,
            (
                (
                    e.id,
                    (
                        e.kind.label,
                        e.participant_name or FAMILY,
                        e.amount,
                        _day(e.claimed_on),
                        _day(e.paid_on),
                        e.description,
                    ),
                )
                for e in self._expenses
            ),
            numbers=(AMOUNT,),
        )
        self.total_label.setText(total_text(total))
        self._enable()

    def adjustments(self) -> list[AdjustmentView]:
        """Return the adjustments shown."""
        return list(self._adjustments)

    def expenses(self) -> list[ExpenseView]:
        """Return the expenses shown."""
        return list(self._expenses)

    # -- adjustments ------------------------------------------------------------------

    def add_adjustment(self) -> bool:
        """Ask for a new adjustment and add it."""
        return self._add(
            self.adjustments_table,
            self._ask_adjustment,
            lambda entry: self._intake.add_adjustment(self._case_id, entry),
        )

    def edit_adjustment(self) -> bool:
        """Ask for changes to the selected adjustment and store them."""
        view = _selected(self.adjustments_table, self._adjustments)
        if view is None:
            return False
        entry = AdjustmentEntry(view.kind, view.description, view.participant_id, view.arranged)
        return self._edit(
            self.adjustments_table,
            view.id,
            self._ask_adjustment,
            lambda changed: self._intake.update_adjustment(view.id, changed),
            entry,
        )

    def remove_adjustment(self) -> bool:
        """Ask first, then remove the selected adjustment."""
        view = _selected(self.adjustments_table, self._adjustments)
        if view is None:
            return False
        who = f" for {view.participant_name}" if view.participant_name else ""
        question = f"Remove the adjustment “{view.kind.label}”{who}?"
        return self._remove(question, lambda: self._intake.remove_adjustment(view.id))

    # -- expenses ---------------------------------------------------------------------

    def add_expense(self) -> bool:
        """Ask for a new expense and record it."""
        return self._add(
            self.expenses_table,
            self._ask_expense,
            lambda entry: self._intake.add_expense(self._case_id, entry),
        )

    def edit_expense(self) -> bool:
        """Ask for changes to the selected expense and store them."""
        view = _selected(self.expenses_table, self._expenses)
        if view is None:
            return False
        entry = ExpenseEntry(
            kind=view.kind,
            amount_pence=view.amount_pence,
            participant_id=view.participant_id,
            description=view.description,
            claimed_on=view.claimed_on,
            paid_on=view.paid_on,
        )
        return self._edit(
            self.expenses_table,
            view.id,
            self._ask_expense,
            lambda changed: self._intake.update_expense(view.id, changed),
            entry,
        )

    def remove_expense(self) -> bool:
        """Ask first, then remove the selected expense."""
        view = _selected(self.expenses_table, self._expenses)
        if view is None:
            return False
        question = f"Remove the {view.kind.label.lower()} expense of {view.amount}?"
        return self._remove(question, lambda: self._intake.remove_expense(view.id))

    # -- shared -----------------------------------------------------------------------

    def _ask_adjustment(
        self, entry: AdjustmentEntry | None, problems: Sequence[str]
    ) -> tuple[AdjustmentEntry | None, bool]:
        return AdjustmentDialog.ask(self, entry, participants=self._people, problems=problems)

    def _ask_expense(
        self, entry: ExpenseEntry | None, problems: Sequence[str]
    ) -> tuple[ExpenseEntry | None, bool]:
        family = [p for p in self._people if p.is_family_party]
        return ExpenseDialog.ask(self, entry, participants=family, problems=problems)

    def _add(self, table: QTableWidget, ask: Callable, store: Callable[..., int]) -> bool:
        added = add_through_dialog(self, ask, store)
        if added is None:
            return False
        self._saved(table, added)
        return True

    def _edit(
        self,
        table: QTableWidget,
        record_id: int,
        ask: Callable,
        store: Callable[..., None],
        entry: object,
    ) -> bool:
        if not save_through_dialog(self, ask, store, entry):
            return False
        self._saved(table, record_id)
        return True

    def _remove(self, question: str, remove: Callable[[], None]) -> bool:
        if not confirm(self, "Remove", question, "Remove it"):
            return False
        if not attempt(self, remove):
            return False
        self.refresh()
        self.changed.emit()
        return True

    def _saved(self, table: QTableWidget, record_id: int) -> None:
        reselect_after_save(self.refresh, table, record_id, self.changed)

    def _enable(self) -> None:
        adjustment = selected_id(self.adjustments_table) is not None
        expense = selected_id(self.expenses_table) is not None
        enable_for_selection(adjustment, self.edit_adjustment_button, self.remove_adjustment_button)
        enable_for_selection(expense, self.edit_expense_button, self.remove_expense_button)
