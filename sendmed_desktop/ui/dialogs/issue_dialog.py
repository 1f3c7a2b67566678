"""Add or change one mediation issue; the dialog returns an IssueEntry, the caller saves."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.vocabulary import APPEALABLE_SECTIONS, IssueArea, PlanSection
from sendmed_desktop.services.intake import IssueEntry
from sendmed_desktop.ui.widgets.preparation_fields import (
    choose,
    chosen,
    enum_combo,
    labelled_row,
    text_box,
)
from sendmed_desktop.ui.widgets.problems import ProblemLabel

APPEALABLE = "appealable"
_COLUMNS = 2


def section_text(section: PlanSection) -> str:
    """Return a section's label, marked when it can be appealed under s.51(2)(c)."""
    label = section.label
    return f"{label} — {APPEALABLE}" if section in APPEALABLE_SECTIONS else label


class IssueDialog(QDialog):
    """Collect one issue's heading, area, EHC plan sections and detail."""

    def __init__(self, *, adding: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add an issue" if adding else "Change an issue")
        self.setModal(True)
        self._result: IssueEntry | None = None

        self.heading_edit = QLineEdit()
        self.heading_edit.setMaxLength(300)
        self.heading_edit.setPlaceholderText("For example: Speech and language therapy hours")
        self.area_combo = enum_combo("Area", IssueArea)
        self.section_checks: dict[PlanSection, QCheckBox] = {}
        sections_box = QGroupBox("EHC plan sections the issue is about (reg 12)")
        grid = QGridLayout(sections_box)
        per_column = -(-len(PlanSection) // _COLUMNS)
        for number, section in enumerate(PlanSection):
            check = QCheckBox(section_text(section))
            check.setObjectName(f"section{section.value}")
            self.section_checks[section] = check
            grid.addWidget(check, number % per_column, number // per_column)
        self.health_edit = text_box("Health provision sought", 44)
        self.health_edit.setPlaceholderText(
            "What health provision the family is asking for (for the ICB)."
        )
        self.detail_edit = text_box("Detail", 60)

        form = QFormLayout()
        labels = [
            labelled_row(form, "&Heading:", self.heading_edit),
            labelled_row(form, "&Area:", self.area_combo),
        ]
        more = QFormLayout()
        self.health_label = labelled_row(more, "Health &provision sought:", self.health_edit)
        labels += [self.health_label, labelled_row(more, "&Detail:", self.detail_edit)]
        # The two forms sit above and below the sections: line their fields up.
        widest = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(widest)

        self.problems = ProblemLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Add issue" if adding else "Save changes")
        ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(sections_box)
        layout.addLayout(more)
        layout.addWidget(self.problems)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        order: list[QWidget] = [
            self.heading_edit,
            self.area_combo,
            *self.section_checks.values(),
            self.health_edit,
            self.detail_edit,
            self.buttons,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self.area_combo.currentIndexChanged.connect(self._area_chosen)
        self.setMinimumWidth(640)
        self.fill(IssueEntry(heading=""))
        self.heading_edit.setFocus()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        entry: IssueEntry | None,
        *,
        problems: Sequence[str] = (),
    ) -> tuple[IssueEntry | None, bool]:
        """Run the dialog; return the entry and whether the user accepted (None adds)."""
        dialog = cls(adding=entry is None, parent=parent)
        if entry is not None:
            dialog.fill(entry)
        if problems:
            dialog.problems.show_problems(list(problems))
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        result = dialog.issue() if accepted else None
        dialog.deleteLater()
        return result, accepted

    def fill(self, entry: IssueEntry) -> None:
        """Put ``entry`` in the fields."""
        self.heading_edit.setText(entry.heading)
        choose(self.area_combo, entry.area)
        for section, check in self.section_checks.items():
            check.setChecked(section in entry.sections)
        self.health_edit.setPlainText(entry.health_provision_sought or "")
        self.detail_edit.setPlainText(entry.detail)
        self._area_chosen()

    def issue(self) -> IssueEntry | None:
        """Return the accepted entry, or None if the dialog was not accepted."""
        return self._result

    def entry(self) -> tuple[IssueEntry, list[str]]:
        """Return what the fields hold now, and what is wrong with it."""
        area = chosen(self.area_combo, IssueArea) or IssueArea.EDUCATION
        entry = IssueEntry(
            heading=self.heading_edit.text().strip(),
            detail=self.detail_edit.toPlainText(),
            area=area,
            sections=frozenset(s for s, check in self.section_checks.items() if check.isChecked()),
            health_provision_sought=(
                self.health_edit.toPlainText() if area is IssueArea.HEALTH else None
            ),
        )
        return entry, entry.problems()

    def accept(self) -> None:
        """Close only if the entry has no problems; otherwise list them."""
        entry, problems = self.entry()
        if problems:
            self.problems.show_problems(problems)
            self.heading_edit.setFocus()
            return
        self._result = entry
        super().accept()

    def _area_chosen(self) -> None:
        health = chosen(self.area_combo, IssueArea) is IssueArea.HEALTH
        self.health_edit.setEnabled(health)
        self.health_label.setEnabled(health)
