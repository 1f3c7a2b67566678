"""File → Subject access export…: find a person, choose their entries and a folder, export.

Each case keeps its own record of the people in it, so one person may be listed once per
case: the user chooses every entry that is them ("Choose all with the same name" helps).
The export runs in the background; the dialog then says where the two files went.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.services.subject_access import (
    ExportedFiles,
    PersonMatch,
    SubjectAccessService,
)
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.formatting import format_date
from sendmed_desktop.ui.tasks import TaskGateway, user_message
from sendmed_desktop.ui.widgets.problems import ProblemLabel
from sendmed_desktop.ui.widgets.tables import set_up_read_only_table

if TYPE_CHECKING:
    from sendmed_desktop.ui.main_window import MainWindow

TITLE = "Subject access export"
COLUMNS = ("Name", "Part in the case", "Case", "Organisation", "Date of birth", "Email")
PROMPT = "Type a name, an email address or a case reference to find the person."
INTRO = (
    "Everything held about one person, as a JSON file and a readable PDF. Each case keeps "
    "its own record of the people in it, so choose every entry that is this person. "
    "Private and private-session notes are not included: the PDF says how many are held."
)


def documents_folder() -> Path:
    """Return the user's Documents folder (their home folder if there is none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


class SubjectAccessDialog(QDialog):
    """Choose one person's entries and a folder, then export everything held about them."""

    def __init__(
        self, workspace: Workspace, tasks: TaskGateway, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("subjectAccessDialog")
        self.setWindowTitle(TITLE)
        self.service = SubjectAccessService(workspace)
        self.tasks = tasks
        self.matches: list[PersonMatch] = []
        self.exported: ExportedFiles | None = None
        self.busy = False
        layout = QVBoxLayout(self)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.search = QLineEdit()
        self.search.setObjectName("subjectAccessSearch")
        self.search.setPlaceholderText("Name, email or case reference")
        self.search.setClearButtonEnabled(True)
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search)
        row = QHBoxLayout()
        row.addWidget(search_label)
        row.addWidget(self.search, 1)
        layout.addLayout(row)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("subjectAccessPeople")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        set_up_read_only_table(self.table, "People found", several=True)
        table_label = QLabel("&People found (Ctrl or Shift to choose several):")
        table_label.setBuddy(self.table)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel(PROMPT)
        self.count_label.setObjectName("subjectAccessCount")
        self.same_name_button = QPushButton("Choose all with the same &name")
        self.same_name_button.setAccessibleName(
            "Choose every entry with the same name as the one selected"
        )
        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        row.addWidget(self.same_name_button)
        layout.addLayout(row)

        layout.addLayout(self._folder_row())
        self.problems = ProblemLabel()
        layout.addWidget(self.problems)
        self.status = QLabel()
        self.status.setObjectName("subjectAccessStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton("&Export")
        self.export_button.setAccessibleName("Export everything held about the chosen person")
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # Enter in the search box goes to the list; it must not press a button (Browse…,
        # Close or Export) just because that button would otherwise be the default.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.search.returnPressed.connect(self.table.setFocus)

        self.search.textChanged.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._enable)
        self.same_name_button.clicked.connect(self.choose_same_name)
        self.browse_button.clicked.connect(self.browse)
        self.export_button.clicked.connect(self.export)
        self.resize(900, 560)
        self._enable()

    def _folder_row(self) -> QGridLayout:
        self.folder = QLineEdit(str(documents_folder()))
        self.folder.setObjectName("subjectAccessFolder")
        folder_label = QLabel("Save in &folder:")
        folder_label.setBuddy(self.folder)
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.setAccessibleName("Choose the folder to save in")
        grid = QGridLayout()
        grid.addWidget(folder_label, 0, 0)
        grid.addWidget(self.folder, 0, 1)
        grid.addWidget(self.browse_button, 0, 2)
        grid.setColumnStretch(1, 1)
        return grid

    # -- finding and choosing ----------------------------------------------------------------

    def refresh(self) -> None:
        """List the entries matching the search (nothing until something is typed)."""
        text = self.search.text().strip()
        try:
            self.matches = self.service.find_people(text) if text else []
        except Exception as error:  # noqa: BLE001 - shown to the user, details logged
            self.problems.show_problems([user_message(error)])
            return
        self.table.setRowCount(0)
        self.table.setRowCount(len(self.matches))
        for row, match in enumerate(self.matches):
            role = match.role.label + (" (a party)" if match.is_party else "")
            born = format_date(match.date_of_birth) if match.date_of_birth else ""
            texts = (
                match.full_name,
                role,
                match.case_reference,
                match.organisation or "",
                born,
                match.email or "",
            )
            for column, text in enumerate(texts):
                self.table.setItem(row, column, _cell(text))
        if not text:
            self.count_label.setText(PROMPT)
        elif not self.matches:
            self.count_label.setText("Nobody found: check the spelling, or try part of the name.")
        self._enable()

    def chosen(self) -> list[PersonMatch]:
        """Return the entries chosen in the list, in list order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.matches[row] for row in rows]

    def choose_same_name(self) -> None:
        """Add every entry with the same name as the current one to the choice."""
        current = self.table.currentRow()
        if not 0 <= current < len(self.matches):
            return
        key = self.matches[current].name_key
        model = self.table.selectionModel()
        for row, match in enumerate(self.matches):
            if match.name_key == key:
                model.select(
                    self.table.model().index(row, 0),
                    model.SelectionFlag.Select | model.SelectionFlag.Rows,
                )

    def _enable(self) -> None:
        chosen = self.chosen()
        if self.matches:
            noun = "entry" if len(self.matches) == 1 else "entries"
            self.count_label.setText(
                f"{len(self.matches)} {noun} found, {len(chosen)} chosen."
                + (" Choose every entry that is this person." if not chosen else "")
            )
        self.same_name_button.setEnabled(bool(self.matches) and not self.busy)
        self.export_button.setEnabled(bool(chosen) and not self.busy)

    # -- exporting ---------------------------------------------------------------------------

    def browse(self) -> None:
        """Ask for the folder to save in."""
        start = self.folder.text().strip() or str(documents_folder())
        chosen = QFileDialog.getExistingDirectory(self, "Choose where to save the export", start)
        if chosen:
            self.folder.setText(chosen)

    def folder_problem(self, folder: Path) -> str | None:
        """Return why the export cannot be saved in ``folder``, or None."""
        if not str(folder).strip() or not folder.is_dir():
            return f"The folder {folder} does not exist. Choose a folder that exists."
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"SendMed Desktop may not save files in {folder}. Choose another folder."
        return None

    def export(self) -> None:
        """Export the chosen person's data into the folder, in the background."""
        chosen = self.chosen()
        folder = Path(self.folder.text().strip()).expanduser()
        problems = [] if chosen else ["Choose the person's entries in the list first."]
        if not self.folder.text().strip():
            problems.append("Choose the folder to save in.")
        else:
            problems += [p for p in (self.folder_problem(folder),) if p]
        self.problems.show_problems(problems)
        if problems:
            return
        ids = [match.participant_id for match in chosen]
        self._set_busy(True)
        self.status.setText("Exporting…")
        service = self.service
        self.tasks.run_in_background(
            lambda: service.export(ids, folder), self._exported, self._failed
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.search, self.table, self.folder, self.browse_button):
            widget.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setEnabled(not busy)
        self._enable()

    def _exported(self, result: ExportedFiles) -> None:
        self._set_busy(False)
        self.exported = result
        withheld = result.withheld.notes
        cases = f"{result.case_count} case{'' if result.case_count == 1 else 's'}"
        held_back = (
            f" {withheld} confidential note{' was' if withheld == 1 else 's were'} withheld."
            if withheld
            else ""
        )
        self.status.setText(
            f"Saved, readable only by you:\n{result.pdf_path}\n{result.json_path}\n"
            f"The export covers {cases}.{held_back} Send it to the person securely."
        )

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.status.clear()
        self.problems.show_problems([user_message(error)])

    def reject(self) -> None:
        """Close, unless an export is still being written."""
        if self.busy:
            self.status.setText("Exporting… the dialog closes once the files are written.")
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Refuse to close while the export is being written."""
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)


def open_subject_access(window: MainWindow) -> None:
    """Show the subject access export over the main window until it is closed."""
    if window.workspace is None:
        return
    dialog = SubjectAccessDialog(window.workspace, window.tasks, window)
    dialog.search.setFocus()
    dialog.exec()
    dialog.deleteLater()
