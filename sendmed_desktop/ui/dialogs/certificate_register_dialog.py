"""The certificate register: every certificate issued, filtered, previewed, exported."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.certificates import certificate_title
from sendmed_desktop.domain.vocabulary import CertificateKind
from sendmed_desktop.services.certificate_register import RegisterFilter, RegisterRow
from sendmed_desktop.services.certificates import CertificateService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.dialogs.key_dates_dialog import DateField
from sendmed_desktop.ui.models.certificate_register_model import CertificateRegisterModel
from sendmed_desktop.ui.tasks import show_error, show_message
from sendmed_desktop.ui.widgets.problems import ProblemLabel
from sendmed_desktop.ui.widgets.tables import set_up_read_only_table

ALL_KINDS = "All kinds"
EMPTY = "No certificate matches these filters."


def _count_words(rows: list[RegisterRow]) -> str:
    if not rows:
        return EMPTY
    late = sum(row.late for row in rows)
    noun = "certificate" if len(rows) == 1 else "certificates"
    return f"{len(rows)} {noun}: {len(rows) - late} ✓ on time, {late} ⚠ late."


class CertificateRegisterDialog(QDialog):
    """Every certificate the workspace issued, with filters, a preview and a CSV export."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("certificateRegisterDialog")
        self.setWindowTitle("Certificate register")
        self.workspace = workspace
        self.service = CertificateService(workspace)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Every certificate issued in this workspace, with whether it went out on time. "
            "A correction is listed beside the certificate it replaced."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self._filters())
        self.problems = ProblemLabel()
        layout.addWidget(self.problems)

        self.model = CertificateRegisterModel(self)
        self.table = QTableView()
        self.table.setObjectName("certificateRegisterTable")
        self.table.setModel(self.model)
        set_up_read_only_table(self.table, "Certificates issued")
        self.table.setWordWrap(True)
        table_label = QLabel("C&ertificates:")
        table_label.setBuddy(self.table)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("registerCount")
        layout.addWidget(self.count_label)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.preview_button = QPushButton("&Preview")
        self.preview_button.setAccessibleName("Preview the selected certificate")
        self.export_button = QPushButton("E&xport CSV…")
        self.export_button.setAccessibleName("Export the certificates shown as a CSV file")
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.preview_button.clicked.connect(self.preview_selected)
        self.export_button.clicked.connect(self.export_csv)
        self.table.doubleClicked.connect(self.preview_selected)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self.resize(1100, 520)
        self.refresh()

    def _filters(self) -> QGridLayout:
        grid = QGridLayout()
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of certificate")
        self.kind.addItem(ALL_KINDS, None)
        for kind in CertificateKind:
            self.kind.addItem(kind.label, kind)
        self.late_only = QCheckBox("&Late only")
        self.from_date = DateField()
        self.from_date.edit.setAccessibleName("Issued from")
        self.to_date = DateField()
        self.to_date.edit.setAccessibleName("Issued to")
        self.search = QLineEdit()
        self.search.setAccessibleName("Search")
        self.search.setPlaceholderText("Certificate or case reference, or the child's name")
        self.search.setClearButtonEnabled(True)
        for column, (text, widget) in enumerate(
            (("&Kind:", self.kind), ("Issued &from:", self.from_date), ("&to:", self.to_date))
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, 0, column * 2)
            grid.addWidget(widget, 0, column * 2 + 1)
        grid.addWidget(self.late_only, 0, 6)
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search)
        grid.addWidget(search_label, 1, 0)
        grid.addWidget(self.search, 1, 1, 1, 6)
        grid.setColumnStretch(7, 1)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.late_only.toggled.connect(self.refresh)
        self.from_date.edit.date_changed.connect(self.refresh)
        self.to_date.edit.date_changed.connect(self.refresh)
        self.search.textChanged.connect(self.refresh)
        return grid

    # -- the filters and the rows ------------------------------------------------------------

    def filters(self) -> RegisterFilter | None:
        """Return the filters chosen, or None (with a problem shown) if a date is wrong."""
        try:
            from_date = self.from_date.edit.value()
            to_date = self.to_date.edit.value()
        except ValueError:
            self.problems.show_problems(["A date is not a date: type it like 08/04/2026."])
            return None
        if from_date and to_date and from_date > to_date:
            self.problems.show_problems(["“Issued from” is after “to”: swap the dates."])
            return None
        self.problems.clear_problems()
        return RegisterFilter(
            kind=self.kind.currentData(),
            late=True if self.late_only.isChecked() else None,
            from_date=from_date,
            to_date=to_date,
            search=self.search.text(),
        )

    def refresh(self) -> None:
        """Read the register again with the filters chosen."""
        filters = self.filters()
        if filters is None:
            return
        try:
            everything = self.service.register()
            rows = self.service.register(filters)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return
        corrected_by = {
            row.reissue_of_reference: row.reference
            for row in everything
            if row.reissue_of_reference
        }
        self.model.set_rows(rows, corrected_by)
        self.table.resizeRowsToContents()
        if rows:
            self.table.selectRow(0)
        self.count_label.setText(_count_words(rows))
        self._enable()

    def selected(self) -> RegisterRow | None:
        """Return the row selected, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _enable(self) -> None:
        self.preview_button.setEnabled(self.selected() is not None)
        self.export_button.setEnabled(self.model.rowCount() > 0)

    # -- actions -----------------------------------------------------------------------------

    def preview_selected(self) -> None:
        """Show the selected certificate exactly as it was sealed."""
        from sendmed_desktop.ui.dialogs.issue_certificate_dialog import preview_document

        chosen = self.selected()
        if chosen is None:
            return
        try:
            pdf = self.service.sealed_pdf(chosen.certificate_id)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return
        title = f"Certificate {chosen.reference} — {certificate_title(chosen.kind)}"
        if preview_document(self, pdf, title, "Save a cop&y…"):
            self._save_copy(chosen)

    def _save_copy(self, chosen: RegisterRow) -> None:
        from sendmed_desktop.services.documents import save_certificate

        suggested = str(Path.home() / f"Mediation certificate {chosen.reference}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, f"Save a copy of {chosen.reference}", suggested, "PDF documents (*.pdf)"
        )
        if not path:
            return
        try:
            written = save_certificate(
                self.workspace, chosen.certificate_id, Path(path), reference=chosen.reference
            )
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return
        self.status.setText(f"Saved a copy of {chosen.reference} to {written}.")

    def export_csv(self) -> Path | None:
        """Ask where, then write the rows shown as CSV, owner-only; return the path."""
        from sendmed_desktop.security.files import write_private_file

        filters = self.filters()
        if filters is None:
            return None
        suggested = str(Path.home() / "Certificate register.csv")
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export the certificate register", suggested, "CSV files (*.csv)"
        )
        if not path:
            return None
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".csv")
        try:
            text = self.service.register_csv(filters)
            write_private_file(target, text.encode("utf-8"))
        except OSError as error:
            show_message(
                self,
                f"The register could not be written to {target} ({error.strerror or error}). "
                "Nothing was changed: choose another folder and try again.",
            )
            return None
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return None
        self.status.setText(
            f"Exported {self.model.rowCount()} rows to {target} (readable only by you)."
        )
        return target


def open_register(parent: QWidget | None, workspace: Workspace) -> None:
    """Show the certificate register over ``parent`` until it is closed."""
    dialog = CertificateRegisterDialog(workspace, parent)
    dialog.exec()
    dialog.deleteLater()
