"""The written agreement: its date, each issue's outcome, its SMART actions, its versions.

Everything saves as it is edited. An edit to a version someone has signed starts a new
version (the service says so by handing back new ids), so after every write the editor
reads the agreement again and follows the action it was editing by its place in the list.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.vocabulary import IssueOutcome
from sendmed_desktop.services.agreements import (
    ActionEntry,
    ActionView,
    AgreementService,
    AgreementView,
    VersionSummary,
)
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.agreement_review_dialog import (
    AgreementReviewDialog,
    ask_new_version,
    banner_text,
    export_sealed_pdf,
    version_text,
)
from sendmed_desktop.ui.dialogs.key_dates_dialog import DateField
from sendmed_desktop.ui.tasks import show_error
from sendmed_desktop.ui.widgets.action_form import ActionForm, enum_data, name_choices
from sendmed_desktop.ui.widgets.autosave import Autosaver, report_save_error
from sendmed_desktop.ui.widgets.preparation_common import confirm
from sendmed_desktop.ui.widgets.problems import ProblemLabel
from sendmed_desktop.ui.widgets.smart_findings import action_cells

ADD_ACTION_SHORTCUT = "Ctrl+Shift+A"
HEADERS = ("Who", "Action", "By when", "SMART")
NOT_RECORDED = "Not recorded yet"
NO_ACTIONS = "— none yet. Add one (Ctrl+Shift+A), or accept a proposal at Options and proposals."
NEW_VERSION_BUTTON = "Start a new version to change it…"


def _now() -> datetime:
    return datetime.now(UTC)


class AgreementEditor(QWidget):
    """Edit the newest version of a case's agreement; read older ones."""

    changed = Signal()

    def __init__(self, workspace: Workspace, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreementEditor")
        self._workspace = workspace
        self._case_id = case_id
        self._service = AgreementService(workspace)
        self._loading = False
        self.view: AgreementView | None = None
        self.newest: AgreementView | None = None
        self.versions: list[VersionSummary] = []
        self.review_dialog: AgreementReviewDialog | None = None
        self._action_saver = Autosaver(self._save_action, self)
        self._date_saver = Autosaver(self._save_date, self)
        for saver in (self._action_saver, self._date_saver):
            saver.failed.connect(lambda error: report_save_error(self, error))
        self._build()
        self.reload()

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = QLabel()
        self.banner.setObjectName("readOnlyBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setFrameShape(QLabel.Shape.StyledPanel)
        self.new_version_button = QPushButton(NEW_VERSION_BUTTON)
        self.new_version_button.clicked.connect(self.start_new_version)
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.new_version_button)

        self.date = DateField()
        self.date.setObjectName("agreementDate")
        self.date.edit.setAccessibleName("Agreement date")
        self.date.edit.date_changed.connect(self._date_typed)
        date_label = QLabel("Agreement &date:")
        date_label.setBuddy(self.date.edit)
        self.version_combo = QComboBox()
        self.version_combo.setObjectName("agreementVersions")
        name_choices(self.version_combo, "Version")
        self.version_combo.currentIndexChanged.connect(self._version_chosen)
        version_label = QLabel("Ver&sion:")
        version_label.setBuddy(self.version_combo)
        top = QHBoxLayout()
        top.addWidget(date_label)
        top.addWidget(self.date)
        top.addSpacing(24)
        top.addWidget(version_label)
        top.addWidget(self.version_combo, 1)

        self.issues_box = QGroupBox("How each issue ended")
        self.issues_grid = QGridLayout(self.issues_box)
        self.outcome_combos: dict[int, QComboBox] = {}

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("agreementActions")
        self.table.setAccessibleName("Actions")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        # The action's number is the row header, as the agreement numbers them.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 220), (2, 120), (3, 110)):
            header.resizeSection(column, width)
        self.table.currentCellChanged.connect(self._row_chosen)
        list_label = QLabel("&List of actions:")
        list_label.setBuddy(self.table)
        self.empty_label = QLabel(NO_ACTIONS)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)

        self.add_button = QPushButton("Add action")
        self.add_button.setToolTip(f"Add an action ({ADD_ACTION_SHORTCUT})")
        self.add_button.clicked.connect(self.add_action)
        self.add_shortcut = QShortcut(QKeySequence(ADD_ACTION_SHORTCUT), self)
        self.add_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.add_shortcut.activated.connect(self.add_action)
        self.remove_button = QPushButton("&Remove…")
        self.remove_button.clicked.connect(self.remove_action)
        self.up_button = QPushButton("Move &up")
        self.up_button.clicked.connect(lambda: self.move_action(-1))
        self.down_button = QPushButton("Move do&wn")
        self.down_button.clicked.connect(lambda: self.move_action(1))
        buttons = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        actions_row = QHBoxLayout()
        actions_row.addWidget(self.table, 1)
        actions_row.addLayout(buttons)

        self.form = ActionForm()
        self.form.edited.connect(self._action_saver.touched)
        self.form.findings.acknowledgements_changed.connect(self._acknowledge)
        self.form_box = QGroupBox("The chosen action")
        form_layout = QVBoxLayout(self.form_box)
        form_layout.addWidget(self.form)

        self.review_button = QPushButton("Review the agreemen&t…")
        self.review_button.setObjectName("reviewAgreement")
        self.review_button.clicked.connect(self.review)
        self.export_button = QPushButton("E&xport sealed PDF…")
        self.export_button.setObjectName("exportAgreement")
        self.export_button.clicked.connect(self.export_pdf)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedStatus")
        self._action_saver.saved.connect(self._show_saved)
        self._date_saver.saved.connect(self._show_saved)
        bottom = QHBoxLayout()
        bottom.addWidget(self.review_button)
        bottom.addWidget(self.export_button)
        bottom.addStretch(1)
        bottom.addWidget(self.saved_label)
        self.problems = ProblemLabel()
        self.problems.setObjectName("reviewProblems")
        self.problems.setAccessibleName("What to fix before the review")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(banner_row)
        layout.addLayout(top)
        layout.addWidget(self.issues_box)
        list_row = QHBoxLayout()
        list_row.addWidget(list_label)
        list_row.addWidget(self.empty_label, 1)
        layout.addLayout(list_row)
        layout.addLayout(actions_row)
        layout.addWidget(self.form_box)
        layout.addLayout(bottom)
        layout.addWidget(self.problems)
        layout.addStretch(1)

    # -- reading -------------------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        """Tell whether the version shown cannot be edited."""
        return self.view is None or self.view.is_read_only or self.view is not self.newest

    def current_action(self) -> ActionView | None:
        """Return the action chosen in the list, as last read."""
        row = self.table.currentRow()
        if self.view is None or not 0 <= row < len(self.view.actions):
            return None
        return self.view.actions[row]

    def reload(self, row: int | None = None, version: int | None = None) -> None:
        """Read the agreement again and show it all, choosing action ``row``."""
        self.flush()
        try:
            self.newest = self._service.editable(self._case_id)
            self.versions = self._service.versions(self._case_id)
            shown = self.newest
            if version is not None and version != self.newest.version:
                shown = self._service.view(self._case_id, version)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return
        self.view = shown
        if row is None:
            row = max(self.table.currentRow(), 0)
        self._loading = True
        try:
            self.version_combo.clear()
            for summary in self.versions:
                self.version_combo.addItem(version_text(summary), summary.version)
            self.version_combo.setCurrentIndex(max(self.version_combo.findData(shown.version), 0))
            self.date.edit.set_value(shown.dated_on)
            self._show_issues(shown)
            self._fill_table()
            if shown.actions:
                self.table.setCurrentCell(min(row, len(shown.actions) - 1), 0)
        finally:
            self._loading = False
        self._load_form()
        self._update_state()

    def _reread(self) -> None:
        """Read the newest version after a save, leaving what is being typed alone."""
        self.newest = self._service.editable(self._case_id)
        self.versions = self._service.versions(self._case_id)
        self.view = self.newest
        self._loading = True
        try:
            self._fill_versions(self.view.version)
            row = self.table.currentRow()
            self._fill_table()
            if self.view.actions:
                self.table.setCurrentCell(min(max(row, 0), len(self.view.actions) - 1), 0)
        finally:
            self._loading = False
        action = self.current_action()
        self.form.set_acknowledged(action.acknowledged if action else frozenset())
        self._update_state()
        self.changed.emit()

    def _fill_versions(self, shown: int) -> None:
        self.version_combo.clear()
        for summary in self.versions:
            self.version_combo.addItem(version_text(summary), summary.version)
        self.version_combo.setCurrentIndex(max(self.version_combo.findData(shown), 0))

    def _show_issues(self, view: AgreementView) -> None:
        while self.issues_grid.count():
            item = self.issues_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.outcome_combos = {}
        if not view.issues:
            self.issues_grid.addWidget(QLabel("No issues are on the agenda."), 0, 0)
        for index, issue in enumerate(view.issues):
            sections = ", ".join(section.value for section in issue.sections)
            text = f"Issue {issue.number}: {issue.heading}" + (
                f" (Section {sections})" if sections else ""
            )
            label = QLabel(text)
            label.setWordWrap(True)
            combo = QComboBox()
            combo.setObjectName(f"issueOutcome:{issue.id}")
            name_choices(combo, f"Outcome of issue {issue.number}")
            combo.addItem(NOT_RECORDED, None)
            for outcome in IssueOutcome:
                combo.addItem(outcome.label, outcome)
            combo.setCurrentIndex(max(combo.findData(issue.outcome), 0))
            combo.currentIndexChanged.connect(
                lambda _index, i=issue.id, c=combo: self._outcome_chosen(i, c)
            )
            label.setBuddy(combo)
            self.issues_grid.addWidget(label, index, 0)
            self.issues_grid.addWidget(combo, index, 1)
            self.outcome_combos[issue.id] = combo
        self.issues_grid.setColumnStretch(0, 1)

    def _fill_table(self) -> None:
        assert self.view is not None
        self.table.setRowCount(len(self.view.actions))
        for row, action in enumerate(self.view.actions):
            self.table.setVerticalHeaderItem(row, QTableWidgetItem(str(action.number)))
            for column, text in enumerate(action_cells(action)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        # As tall as its rows (up to a few), so the chosen action's form stays in view.
        rows = sum(self.table.rowHeight(r) for r in range(min(self.table.rowCount(), 4)))
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(max(header + rows + 6, 90))
        self.empty_label.setVisible(not self.view.actions)

    def _load_form(self) -> None:
        view = self.view
        if view is None:
            return
        self.form.load(self.current_action(), view.issues, view.dated_on, read_only=self.read_only)

    def _update_state(self) -> None:
        view, newest = self.view, self.newest
        if view is None or newest is None:
            return
        editable = not self.read_only
        text = banner_text(view)
        self.banner.setText(text)
        self.banner.setAccessibleName(text)
        self.banner.setVisible(bool(text))
        self.new_version_button.setVisible(view is newest and newest.is_read_only)
        self.date.setEnabled(editable)
        for combo in self.outcome_combos.values():
            combo.setEnabled(editable)
        has_action = self.current_action() is not None
        row = self.table.currentRow()
        self.add_button.setEnabled(editable)
        self.add_shortcut.setEnabled(editable)
        self.remove_button.setEnabled(editable and has_action)
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < len(view.actions) - 1)
        self.review_button.setEnabled(editable)
        newest_summary = self.versions[0] if self.versions else None
        self.export_button.setEnabled(bool(newest_summary and newest_summary.signature_count))
        self.form_box.setTitle(
            f"Action {row + 1}" if has_action else "Choose an action, or add one"
        )

    # -- saving ----------------------------------------------------------------------------------

    def flush(self) -> bool:
        """Store anything typed and not yet saved; return whether all is stored."""
        return self._date_saver.flush() and self._action_saver.flush()

    def _save_action(self) -> datetime | None:
        # The statutory date is filled in from the agreement date: store that first.
        self._date_saver.flush()
        action = self.current_action()
        if action is None or self.read_only:
            return _now()
        try:
            entry = self.form.entry()
        except ValueError:
            return None  # the SMART check says the deadline is not a date
        self._service.update_action(action.id, entry)
        self._reread()
        return _now()

    def _date_typed(self) -> None:
        if self._loading:
            return
        try:
            day = self.date.edit.value()
        except ValueError:
            return
        self.form.set_agreement_date(day)
        self._date_saver.touched()

    def _save_date(self) -> datetime | None:
        if self.read_only:
            return _now()
        try:
            day = self.date.edit.value()
        except ValueError:
            return None
        self._service.set_agreement_date(self._case_id, day)
        self._reread()
        return _now()

    def _show_saved(self, when: datetime) -> None:
        self.saved_label.setText(f"✓ Saved {when.astimezone():%H:%M:%S}")

    def _write(self, write: object, row: int | None = None) -> bool:
        """Run one write (a callable), then show the agreement again; report a refusal."""
        if not self.flush():
            return False
        try:
            write()  # type: ignore[operator]
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            self.reload()
            return False
        self.reload(row)
        self.changed.emit()
        return True

    def _outcome_chosen(self, issue_id: int, combo: QComboBox) -> None:
        if self._loading:
            return
        outcome = enum_data(combo, IssueOutcome)
        self._write(lambda: self._service.set_issue_outcome(issue_id, outcome))
        if issue_id in self.outcome_combos:
            self.outcome_combos[issue_id].setFocus()

    def _acknowledge(self, keys: list[str]) -> None:
        action = self.current_action()
        if action is None or self.read_only or not self._action_saver.flush():
            return
        action = self.current_action()
        assert action is not None
        try:
            self._service.acknowledge_findings(action.id, keys)
            self._reread()
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)

    # -- the list of actions ---------------------------------------------------------------------

    def _row_chosen(self, row: int, _column: int, previous: int, _previous_column: int) -> None:
        if self._loading or row == previous:
            return
        if self._action_saver.pending:
            self._loading = True
            try:
                self.table.setCurrentCell(previous, 0)
                self._action_saver.flush()  # saves the action it was typed into
                self.table.setCurrentCell(row, 0)
            finally:
                self._loading = False
        self._load_form()
        self._update_state()

    def add_action(self) -> None:
        """Add an empty action at the end and put the cursor in its owner's name."""
        if self.read_only or self.view is None:
            return
        issue_id = self.view.issues[0].id if len(self.view.issues) == 1 else None
        entry = ActionEntry(issue_id=issue_id)
        if self._write(lambda: self._service.add_action(self._case_id, entry), row=10**6):
            self.form.owner_name.setFocus()

    def remove_action(self) -> None:
        """Take the chosen action out, once the mediator confirms."""
        action = self.current_action()
        if action is None or self.read_only:
            return
        what = f"“{action.action}”" if action.action else "(not written yet)"
        question = f"Remove action {action.number}, {what}, from the agreement?"
        if not confirm(self, "Remove the action", question, "Remove it"):
            return
        row = max(self.table.currentRow() - 1, 0)
        self._write(lambda: self._service.remove_action(self.current_action().id), row)

    def move_action(self, step: int) -> None:
        """Move the chosen action up (-1) or down (+1) the list."""
        action = self.current_action()
        if action is None or self.read_only:
            return
        target = self.table.currentRow() + step
        if not 0 <= target < len(self.view.actions):  # type: ignore[union-attr]
            return
        self._write(lambda: self._service.move_action(self.current_action().id, target), target)

    # -- versions --------------------------------------------------------------------------------

    def _version_chosen(self) -> None:
        if self._loading:
            return
        self.reload(row=0, version=self.version_combo.currentData())

    # -- review and export -----------------------------------------------------------------------

    def review(self) -> None:
        """Open the review, or list what must be fixed first."""
        if self.read_only or not self.flush():
            return
        dialog, problems = AgreementReviewDialog.start(self, self._workspace, self._case_id)
        if dialog is None:
            self.problems.show_problems(["Before the review, fix these:", *problems])
            return
        self.problems.clear_problems()
        self.review_dialog = dialog
        dialog.finished.connect(lambda _result: self.reload())
        dialog.open()

    def start_new_version(self) -> None:
        """Start a new draft from the signed version, once the mediator confirms."""
        newest = self.newest
        if newest is not None and newest.is_read_only and ask_new_version(self, newest.version):
            self._write(lambda: self._service.new_version(self._case_id), row=0)

    def export_pdf(self) -> None:
        """Preview and export the sealed PDF of the signed agreement."""
        if self.newest is not None:
            export_sealed_pdf(self, self._workspace, self.newest.case_reference)
