"""The audit trail: what was done to which record, and a check that nothing was altered."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.services.audit_check import AuditReport, audit_rows, check_audit_trail
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.models.audit_model import AuditTrailModel
from sendmed_desktop.ui.tasks import TaskGateway, show_error
from sendmed_desktop.ui.widgets.tables import set_up_read_only_table

SHOWN_AT_MOST = 2000
INTRO = (
    "Every change to a case is recorded here, with the record's type and number but no "
    "names or notes. Each entry carries a fingerprint of the one before, so an entry "
    "altered or removed outside SendMed breaks the chain."
)
CHECKING = "Checking every entry…"


def report_words(report: AuditReport) -> str:
    """Say what a check of the chain found, in the user's words."""
    noun = "entry" if report.entries == 1 else "entries"
    if report.first_broken is None:
        return f"✓ Intact: all {report.entries} {noun} chain together; nothing was altered."
    return (
        f"⚠ Broken at entry {report.first_broken}: that entry, or one before it, was altered "
        "outside SendMed. Keep this workspace as it is and restore a backup made before "
        "the change into a new folder to compare."
    )


class AuditTrailDialog(QDialog):
    """The newest audit entries, and a button that checks the whole chain."""

    def __init__(
        self, workspace: Workspace, tasks: TaskGateway, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Audit trail")
        self.workspace = workspace
        self.tasks = tasks
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.model = AuditTrailModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_read_only_table(self.table, "Audit entries, newest first")
        self.count_label = QLabel()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleName("Result of the check")
        self.check_button = QPushButton("&Check the chain")
        self.check_button.setAutoDefault(False)
        self.check_button.clicked.connect(self.check)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addWidget(self.result_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(900, 520)
        self.load()
        self.table.setFocus()

    def load(self) -> None:
        """Read the newest entries again."""
        try:
            rows = audit_rows(self.workspace, limit=SHOWN_AT_MOST)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return
        self.model.set_rows(rows)
        shown = "the newest " if len(rows) == SHOWN_AT_MOST else ""
        self.count_label.setText(f"Showing {shown}{len(rows)} entries, newest first.")

    def check(self) -> None:
        """Walk the whole chain in the background and say what it found."""
        self.check_button.setEnabled(False)
        self.result_label.setText(CHECKING)
        workspace = self.workspace
        self.tasks.run_in_background(
            lambda: check_audit_trail(workspace), self._checked, self._failed
        )

    def _checked(self, report: AuditReport) -> None:
        self.check_button.setEnabled(True)
        self.result_label.setText(report_words(report))

    def _failed(self, error: BaseException) -> None:
        self.check_button.setEnabled(True)
        self.result_label.setText("")
        show_error(self, error)


def open_audit_trail(parent: QWidget, workspace: Workspace, tasks: TaskGateway) -> None:
    """Show the audit trail over ``parent`` until it is closed."""
    dialog = AuditTrailDialog(workspace, tasks, parent)
    dialog.exec()
    dialog.deleteLater()
