"""Record or change one expense; the dialog returns an ExpenseEntry, the caller saves."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from sendmed_desktop.domain.vocabulary import ExpenseKind
from sendmed_desktop.services.intake import (
    ExpenseEntry,
    ParticipantView,
    format_money,
    parse_money,
)
from sendmed_desktop.ui.dialogs.form_common import (
    dialog_layout,
    ok_cancel_buttons,
    people_combo,
    set_tab_order,
)
from sendmed_desktop.ui.widgets.preparation_fields import (
    DateField,
    choose,
    chosen,
    enum_combo,
    labelled_row,
    read_date,
    today,
)
from sendmed_desktop.ui.widgets.problems import ProblemLabel

NOT_LINKED = "The family (no one in particular)"
WHO_PAYS = (
    "The local authority pays the reasonable travel, childcare and other expenses of the "
    "parent or young person (or the person acting for them)."
)


class ExpenseDialog(QDialog):
    """Collect one expense: what for, whose, how much, and when claimed and paid."""

    def __init__(
        self,
        participants: Sequence[ParticipantView],
        *,
        adding: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record an expense" if adding else "Change an expense")
        self.setModal(True)
        self._result: ExpenseEntry | None = None

        self.kind_combo = enum_combo("Kind of expense", ExpenseKind)
        self.who_combo = people_combo("Whose expense", participants, NOT_LINKED)
        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText("£12.50")
        self.amount_edit.setMaximumWidth(160)
        self.amount_edit.setAccessibleDescription("In pounds and pence, like £12.50 or 12.5.")
        self.description_edit = QLineEdit()
        self.description_edit.setPlaceholderText("For example: return bus fare to the venue")
        self.claimed_field = DateField()
        self.claimed_field.edit.setAccessibleName("Date claimed")
        self.paid_field = DateField()
        self.paid_field.edit.setAccessibleName("Date paid")

        who_pays = QLabel(WHO_PAYS)
        who_pays.setWordWrap(True)
        form = QFormLayout()
        labelled_row(form, "&Kind:", self.kind_combo)
        labelled_row(form, "&Whose expense:", self.who_combo)
        labelled_row(form, "&Amount:", self.amount_edit)
        labelled_row(form, "&Description:", self.description_edit)
        labelled_row(form, "Date &claimed:", self.claimed_field, self.claimed_field.edit)
        labelled_row(form, "Date &paid:", self.paid_field, self.paid_field.edit)
        self.problems = ProblemLabel()
        self.buttons = ok_cancel_buttons(self, "Record expense" if adding else "Save changes")
        dialog_layout(self, who_pays, form, problems=self.problems, buttons=self.buttons)
        set_tab_order(
            self.kind_combo,
            self.who_combo,
            self.amount_edit,
            self.description_edit,
            self.claimed_field.edit,
            self.paid_field.edit,
            self.buttons,
        )
        self.setMinimumWidth(560)
        self.kind_combo.setFocus()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        entry: ExpenseEntry | None,
        *,
        participants: Sequence[ParticipantView],
        problems: Sequence[str] = (),
    ) -> tuple[ExpenseEntry | None, bool]:
        """Run the dialog; return the entry and whether the user accepted (None records anew).

        ``participants`` are those whose expenses the local authority pays.
        """
        dialog = cls(participants, adding=entry is None, parent=parent)
        if entry is not None:
            dialog.fill(entry)
        if problems:
            dialog.problems.show_problems(list(problems))
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        result = dialog.expense() if accepted else None
        dialog.deleteLater()
        return result, accepted

    def fill(self, entry: ExpenseEntry) -> None:
        """Put ``entry`` in the fields."""
        choose(self.kind_combo, entry.kind)
        self.who_combo.setCurrentIndex(max(self.who_combo.findData(entry.participant_id), 0))
        self.amount_edit.setText(format_money(entry.amount_pence))
        self.description_edit.setText(entry.description)
        self.claimed_field.set_value(entry.claimed_on)
        self.paid_field.set_value(entry.paid_on)

    def expense(self) -> ExpenseEntry | None:
        """Return the accepted entry, or None if the dialog was not accepted."""
        return self._result

    def entry(self) -> tuple[ExpenseEntry | None, list[str]]:
        """Return what the fields hold now (None if the amount is not one), and the problems."""
        problems: list[str] = []
        try:
            pence: int | None = parse_money(self.amount_edit.text())
        except ValueError as error:
            pence = None
            problems.append(str(error))
        claimed = read_date(self.claimed_field, "the date claimed", problems)
        paid = read_date(self.paid_field, "the date paid", problems)
        if pence is None:
            return None, problems
        entry = ExpenseEntry(
            kind=chosen(self.kind_combo, ExpenseKind) or ExpenseKind.OTHER,
            amount_pence=pence,
            participant_id=self.who_combo.currentData(),
            description=self.description_edit.text(),
            claimed_on=claimed,
            paid_on=paid,
        )
        return entry, problems + entry.problems(today())

    def accept(self) -> None:
        """Close only if the entry has no problems; otherwise list them."""
        entry, problems = self.entry()
        if problems or entry is None:
            self.problems.show_problems(problems)
            if entry is None:
                self.amount_edit.setFocus()
                self.amount_edit.selectAll()
            return
        self._result = entry
        super().accept()
