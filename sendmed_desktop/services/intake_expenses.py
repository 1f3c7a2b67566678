"""Expenses of the parent or young person, which the local authority pays (domain.md §5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sendmed_desktop.domain.money import MAXIMUM_PENCE, format_money
from sendmed_desktop.domain.parties import FAMILY_PARTY_ROLES
from sendmed_desktop.domain.vocabulary import ExpenseKind
from sendmed_desktop.services.intake_base import (
    IntakeBase,
    check_person,
    found,
    participant_names,
    refuse,
    refuse_if,
    today,
)
from sendmed_desktop.storage.intake_repository import IntakeRepository
from sendmed_desktop.storage.models import Expense


@dataclass(frozen=True)
class ExpenseEntry:
    """An expense of the parent or young person that the local authority pays.

    Turn what the mediator typed into pence with `domain.money.parse_money`.
    """

    kind: ExpenseKind
    amount_pence: int
    participant_id: int | None = None
    description: str = ""
    claimed_on: date | None = None
    paid_on: date | None = None

    def problems(self, on: date) -> list[str]:
        """Return what is wrong with the entry, in the mediator's words."""
        problems = []
        if self.amount_pence < 0:
            problems.append("An amount cannot be negative.")
        if self.amount_pence > MAXIMUM_PENCE:
            problems.append(f"An amount cannot be more than {format_money(MAXIMUM_PENCE)}.")
        if self.kind is ExpenseKind.OTHER and not self.description.strip():
            problems.append("Describe what the expense is for.")
        if self.claimed_on is not None and self.claimed_on > on:
            problems.append("The date claimed is in the future.")
        if self.paid_on is not None and self.paid_on > on:
            problems.append("The date paid is in the future.")
        if self.claimed_on and self.paid_on and self.paid_on < self.claimed_on:
            problems.append("The expense is recorded as paid before it was claimed.")
        return problems


@dataclass(frozen=True)
class ExpenseView:
    """One expense, with the name of the person who had it."""

    id: int
    participant_id: int | None
    participant_name: str | None
    kind: ExpenseKind
    amount_pence: int
    description: str
    claimed_on: date | None
    paid_on: date | None

    @property
    def amount(self) -> str:
        """Return the amount as the mediator reads it, e.g. "£12.50"."""
        return format_money(self.amount_pence)


class ExpenseIntake(IntakeBase):
    """Keep the expenses of a case and their total."""

    def add_expense(self, case_id: int, entry: ExpenseEntry) -> int:
        """Check and store an expense; return its id."""
        refuse_if(entry.problems(today()))
        row = Expense(case_id=case_id, kind=entry.kind)
        return self._add_record(
            case_id,
            entry.participant_id,
            row=row,
            store=lambda r: _store_expense(entry, r),
            entity="expense",
            check=_check_family_party,
        )

    def update_expense(self, expense_id: int, entry: ExpenseEntry) -> None:
        """Check and store changes to an expense."""
        refuse_if(entry.problems(today()))
        self._update_record(
            lambda repository: repository.expense(expense_id),
            "This expense",
            participant_id=entry.participant_id,
            store=lambda row: _store_expense(entry, row),
            entity="expense",
            check=_check_family_party,
        )

    def remove_expense(self, expense_id: int) -> None:
        """Remove an expense."""
        self._remove_record(
            lambda repository: repository.expense(expense_id), "This expense", "expense"
        )

    def expenses(self, case_id: int) -> list[ExpenseView]:
        """Return the case's expenses in the order they were added."""
        with self._workspace.transaction() as session:
            repository = IntakeRepository(session)
            names = participant_names(repository.participants(case_id))
            return [
                ExpenseView(
                    id=row.id,
                    participant_id=row.participant_id,
                    participant_name=names.get(row.participant_id),
                    kind=row.kind,
                    amount_pence=row.amount_pence,
                    description=row.description,
                    claimed_on=row.claimed_on,
                    paid_on=row.paid_on,
                )
                for row in repository.expenses(case_id)
            ]

    def expenses_total(self, case_id: int) -> int:
        """Return the total of the case's expenses, in pence."""
        with self._workspace.transaction() as session:
            return IntakeRepository(session).expenses_total(case_id)


def _check_family_party(
    repository: IntakeRepository, case_id: int, participant_id: int | None
) -> None:
    """Refuse an expense of anyone but the family's party: those are what the LA pays."""
    check_person(repository, case_id, participant_id)
    if participant_id is None:
        return
    participant = found(repository.participant(participant_id), "This person")
    if not (participant.is_party and participant.role in FAMILY_PARTY_ROLES):
        message = (
            "The local authority pays the expenses of the parent or young person (or the "
            f"person acting for them), and {participant.person.full_name} is not the "
            "family's party."
        )
        refuse(message)


def _store_expense(entry: ExpenseEntry, row: Expense) -> None:
    row.participant_id = entry.participant_id
    row.kind = entry.kind
    row.amount_pence = entry.amount_pence
    row.description = entry.description.strip()
    row.claimed_on = entry.claimed_on
    row.paid_on = entry.paid_on
