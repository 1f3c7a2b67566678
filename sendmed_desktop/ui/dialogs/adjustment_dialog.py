"""Record or change a reasonable adjustment; the dialog returns an AdjustmentEntry."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QWidget,
)

from sendmed_desktop.services.intake import AdjustmentEntry, AdjustmentKind, ParticipantView
from sendmed_desktop.ui.dialogs.form_common import (
    dialog_layout,
    ok_cancel_buttons,
    people_combo,
    set_tab_order,
)
from sendmed_desktop.ui.widgets.preparation_fields import (
    NOBODY,
    choose,
    chosen,
    enum_combo,
    labelled_row,
    text_box,
)
from sendmed_desktop.ui.widgets.problems import ProblemLabel


class AdjustmentDialog(QDialog):
    """Collect one reasonable adjustment: what, for whom, and whether it is arranged."""

    def __init__(
        self,
        participants: Sequence[ParticipantView],
        *,
        adding: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a reasonable adjustment" if adding else "Change an adjustment")
        self.setModal(True)
        self._result: AdjustmentEntry | None = None

        self.kind_combo = enum_combo("Kind of adjustment", AdjustmentKind)
        self.who_combo = people_combo("For whom", participants, NOBODY)
        self.description_edit = text_box("Description", 70)
        self.description_edit.setPlaceholderText(
            "For example: a ground-floor room with a quiet space for breaks"
        )
        self.arranged_check = QCheckBox("&Arranged (confirmed with the venue or provider)")

        form = QFormLayout()
        labelled_row(form, "&Kind:", self.kind_combo)
        labelled_row(form, "&For whom:", self.who_combo)
        labelled_row(form, "&Description:", self.description_edit)
        form.addRow("", self.arranged_check)
        self.problems = ProblemLabel()
        self.buttons = ok_cancel_buttons(self, "Add adjustment" if adding else "Save changes")
        dialog_layout(self, form, problems=self.problems, buttons=self.buttons)
        set_tab_order(
            self.kind_combo,
            self.who_combo,
            self.description_edit,
            self.arranged_check,
            self.buttons,
        )
        self.setMinimumWidth(520)
        self.kind_combo.setFocus()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        entry: AdjustmentEntry | None,
        *,
        participants: Sequence[ParticipantView],
        problems: Sequence[str] = (),
    ) -> tuple[AdjustmentEntry | None, bool]:
        """Run the dialog; return the entry and whether the user accepted (None adds)."""
        dialog = cls(participants, adding=entry is None, parent=parent)
        if entry is not None:
            dialog.fill(entry)
        if problems:
            dialog.problems.show_problems(list(problems))
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        result = dialog.adjustment() if accepted else None
        dialog.deleteLater()
        return result, accepted

    def fill(self, entry: AdjustmentEntry) -> None:
        """Put ``entry`` in the fields."""
        choose(self.kind_combo, entry.kind)
        self.who_combo.setCurrentIndex(max(self.who_combo.findData(entry.participant_id), 0))
        self.description_edit.setPlainText(entry.description)
        self.arranged_check.setChecked(entry.arranged)

    def adjustment(self) -> AdjustmentEntry | None:
        """Return the accepted entry, or None if the dialog was not accepted."""
        return self._result

    def entry(self) -> tuple[AdjustmentEntry, list[str]]:
        """Return what the fields hold now, and what is wrong with it."""
        entry = AdjustmentEntry(
            kind=chosen(self.kind_combo, AdjustmentKind) or AdjustmentKind.OTHER,
            description=self.description_edit.toPlainText(),
            participant_id=self.who_combo.currentData(),
            arranged=self.arranged_check.isChecked(),
        )
        return entry, entry.problems()

    def accept(self) -> None:
        """Close only if the entry has no problems; otherwise list them."""
        entry, problems = self.entry()
        if problems:
            self.problems.show_problems(problems)
            self.description_edit.setFocus()
            return
        self._result = entry
        super().accept()
