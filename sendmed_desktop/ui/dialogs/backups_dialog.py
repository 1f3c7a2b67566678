"""File → Backups and restore: where and how often to back up, and the backups kept there.

Choices are saved as they are made. Checking a backup and listing the folder run in the
background, since the folder may be a slow USB stick or network share.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from sendmed_desktop import APP_NAME
from sendmed_desktop.services.backup_schedule import (
    FolderBackup,
    folder_unavailable,
    last_backup_at,
    next_backup_due,
    workspace_backups,
)
from sendmed_desktop.services.backups import BackupError, BackupInfo
from sendmed_desktop.settings import BACKUP_FOLDER, BACKUP_KEEP, BACKUP_SCHEDULE
from sendmed_desktop.ui.backup_controller import scheduler_for
from sendmed_desktop.ui.dialogs.restore_flow import made_on, start_restore
from sendmed_desktop.ui.formatting import format_datetime
from sendmed_desktop.ui.tasks import show_error, user_message
from sendmed_desktop.ui.widgets.layout import busy_bar
from sendmed_desktop.ui.widgets.problems import ProblemLabel

if TYPE_CHECKING:
    from sendmed_desktop.services.workspace import Workspace
    from sendmed_desktop.ui.main_window import MainWindow

TITLE = "Backups and restore"
SCHEDULES: tuple[tuple[str, str], ...] = (
    ("off", "Off: only when I ask"),
    ("hourly", "Every hour"),
    ("daily", "Every day"),
    ("weekly", "Every week"),
)
NO_BACKUP_YET = "Last successful backup: none yet."
NO_FOLDER_YET = "Choose a folder to keep backups in: a USB stick or a network share."
NONE_IN_FOLDER = "There are no backups of this workspace in this folder yet."
_INTRO = (
    "A backup is one encrypted file that only this workspace's key or its recovery key "
    "opens. Keep backups away from this computer: on a USB stick or a network share."
)
_PATH_ROLE = Qt.ItemDataRole.UserRole


def size_words(size: int) -> str:
    """Return a file size as people read it: ``840 kB``, ``12.5 MB``."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} kB"


def check_words(info: BackupInfo) -> str:
    """Return what a checked backup holds, one fact a line."""
    noun = "case" if info.case_count == 1 else "cases"
    return (
        f"Made on: {made_on(info)}\n"
        f"Holds: {info.case_count} {noun}\n"
        f"Database version: {info.schema_revision or 'unknown'}\n"
        f"File: {info.path}"
    )


class BackupsDialog(QDialog):
    """Show and change the backup folder and schedule; list, check and restore backups."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        if window.workspace is None:
            raise ValueError("the backups dialog needs an unlocked workspace")
        self.setObjectName("backupsDialog")
        self.setWindowTitle(TITLE)
        self.window_ = window
        self.workspace: Workspace = window.workspace
        self.scheduler = scheduler_for(window)
        self.closed = False
        self.result_box: QMessageBox | None = None
        self.confirm_box: QMessageBox | None = None
        self.finished.connect(self._mark_closed)

        intro = QLabel(_INTRO)
        intro.setWordWrap(True)
        self.folder_edit = QLineEdit()
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setPlaceholderText("No folder chosen yet")
        self.choose_button = QPushButton("Ch&oose…")
        self.choose_button.setToolTip("Choose the folder to keep backups in")
        self.choose_button.clicked.connect(self.choose_folder)
        folder_label = QLabel("Backup &folder:")
        folder_label.setBuddy(self.folder_edit)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.choose_button)

        self.schedule_combo = QComboBox()
        for value, words in SCHEDULES:
            self.schedule_combo.addItem(words, value)
        self.schedule_combo.view().setAccessibleName("Automatic backups: choices")
        schedule_label = QLabel("Auto&matic backups:")
        schedule_label.setBuddy(self.schedule_combo)
        self.keep_spin = QSpinBox()
        self.keep_spin.setRange(*(BACKUP_KEEP.bounds or (1, 365)))
        self.keep_spin.setSuffix(" backups")
        keep_label = QLabel("&Keep the last:")
        keep_label.setBuddy(self.keep_spin)
        form = QFormLayout()
        form.addRow(folder_label, folder_row)
        form.addRow(schedule_label, self.schedule_combo)
        form.addRow(keep_label, self.keep_spin)

        self.last_label = QLabel(NO_BACKUP_YET)
        self.last_label.setWordWrap(True)
        self.failure_label = ProblemLabel()
        self.failure_label.setAccessibleName("Last scheduled backup failed")
        self.back_up_button = QPushButton("Back &up now")
        self.back_up_button.clicked.connect(self.back_up_now)
        self.busy = busy_bar("Working on the backups")
        now_row = QHBoxLayout()
        now_row.addWidget(self.back_up_button)
        now_row.addStretch(1)
        now_row.addWidget(self.busy)

        self.table = QTreeWidget()
        self.table.setObjectName("backupsList")
        self.table.setAccessibleName("Backups of this workspace in the folder")
        self.table.setHeaderLabels(["Made on", "Size"])
        self.table.setRootIsDecorated(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        list_label = QLabel("&Backups of this workspace in the folder, newest first:")
        list_label.setBuddy(self.table)
        self.list_note = QLabel("")
        self.list_note.setWordWrap(True)
        self.check_button = QPushButton("C&heck…")
        self.check_button.setToolTip("Check the backup opens and is intact; say what it holds")
        self.check_button.clicked.connect(self.check_selected)
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.setToolTip("Replace this workspace with the chosen backup")
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_other_button = QPushButton("Restore from &another file…")
        self.restore_other_button.clicked.connect(self.restore_other_file)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.check_button)
        row_buttons.addWidget(self.restore_button)
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.restore_other_button)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.last_label)
        layout.addWidget(self.failure_label)
        layout.addLayout(now_row)
        layout.addSpacing(8)
        layout.addWidget(list_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.list_note)
        layout.addLayout(row_buttons)
        layout.addWidget(close)
        self.resize(640, 520)

        self._load_choices()
        self.schedule_combo.currentIndexChanged.connect(self._schedule_changed)
        self.keep_spin.valueChanged.connect(self._keep_changed)
        self.scheduler.finished.connect(self.refresh)
        self._selection_changed()
        self.refresh()

    # -- choices ---------------------------------------------------------------------------

    def _load_choices(self) -> None:
        settings = self.workspace.settings
        self.folder_edit.setText(settings.get(BACKUP_FOLDER))
        index = self.schedule_combo.findData(settings.get(BACKUP_SCHEDULE))
        self.schedule_combo.setCurrentIndex(max(0, index))
        self.keep_spin.setValue(settings.get(BACKUP_KEEP))

    def choose_folder(self) -> bool:
        """Ask for the backup folder and save it; return whether it changed."""
        start = self.folder_edit.text() or QDir.homePath()
        chosen = QFileDialog.getExistingDirectory(self, "Choose where to keep backups", start)
        if not chosen or chosen == self.folder_edit.text():
            return False
        self.workspace.settings.set(BACKUP_FOLDER, chosen)
        self.folder_edit.setText(chosen)
        self.refresh()
        return True

    def _schedule_changed(self) -> None:
        self.workspace.settings.set(BACKUP_SCHEDULE, str(self.schedule_combo.currentData()))
        self._show_when()

    def _keep_changed(self, value: int) -> None:
        self.workspace.settings.set(BACKUP_KEEP, value)

    # -- what is there -----------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the last and next backup, any failure, and list the folder's backups."""
        if self.closed:
            return
        self._show_when()
        failure = self.scheduler.last_failure
        self.failure_label.show_problems(
            [f"Last scheduled backup failed: {failure}"] if failure else []
        )
        self.back_up_button.setEnabled(not self.scheduler.running)
        folder_text = self.workspace.settings.get(BACKUP_FOLDER)
        self.table.clear()
        if not folder_text:
            self.list_note.setText(NO_FOLDER_YET)
            return
        folder, workspace_id = Path(folder_text), self.workspace.header.workspace_id
        self.list_note.setText("Reading the folder…")
        self.window_.tasks.run_in_background(
            lambda: _list_backups(folder, workspace_id), self._show_backups, self._list_failed
        )

    def _show_when(self) -> None:
        last = last_backup_at(self.workspace)
        text = f"Last successful backup: {format_datetime(last)}." if last else NO_BACKUP_YET
        schedule = str(self.schedule_combo.currentData())
        due = next_backup_due(last, schedule, datetime.now(UTC))
        if due is not None and self.workspace.settings.get(BACKUP_FOLDER):
            when = "as soon as possible" if last is None or due <= datetime.now(UTC) else ""
            text += f" Next automatic backup: {when or format_datetime(due)}."
        self.last_label.setText(text)

    def _show_backups(self, backups: list[FolderBackup]) -> None:
        if self.closed:
            return
        self.table.clear()
        for backup in backups:
            item = QTreeWidgetItem([format_datetime(backup.created_at), size_words(backup.size)])
            item.setData(0, _PATH_ROLE, str(backup.path))
            self.table.addTopLevelItem(item)
        if backups:
            self.table.setCurrentItem(self.table.topLevelItem(0))
        self.list_note.setText("" if backups else NONE_IN_FOLDER)
        self._selection_changed()

    def _list_failed(self, error: BaseException) -> None:
        if not self.closed:
            self.list_note.setText(f"⚠ {user_message(error)}")

    def selected_backup(self) -> Path | None:
        """Return the backup chosen in the list, if any."""
        item = self.table.currentItem()
        if item is None or not item.isSelected():
            return None
        return Path(str(item.data(0, _PATH_ROLE)))

    def _selection_changed(self) -> None:
        chosen = self.selected_backup() is not None
        self.check_button.setEnabled(chosen)
        self.restore_button.setEnabled(chosen)

    # -- actions -------------------------------------------------------------------------------

    def back_up_now(self) -> bool:
        """Write a backup now, to the chosen folder (asking for one first if needed)."""
        if not self.workspace.settings.get(BACKUP_FOLDER) and not self.choose_folder():
            return False
        started = self.scheduler.back_up_now()
        if started:
            self.back_up_button.setEnabled(False)
            self.list_note.setText("Writing a backup…")
        return started

    def check_selected(self) -> None:
        """Check the chosen backup in the background and say what it holds."""
        path = self.selected_backup()
        if path is None:
            return
        from sendmed_desktop.services.backup_schedule import check_backup

        workspace = self.workspace
        self.set_busy(True)
        self.window_.tasks.run_in_background(
            lambda: check_backup(workspace, path), self._show_check, self._task_failed
        )

    def _show_check(self, info: BackupInfo) -> None:
        if self.closed:
            return
        self.set_busy(False)
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(f"{TITLE} — {APP_NAME}")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText("✓ This backup is intact and opens with this workspace's key.")
        box.setInformativeText(check_words(info))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setAccessibleName("Backup check result")
        self.result_box = box
        box.open()

    def _task_failed(self, error: BaseException) -> None:
        if self.closed:
            return
        self.set_busy(False)
        self.result_box = show_error(self, error)

    def restore_selected(self) -> None:
        """Check the chosen backup, then ask before it replaces this workspace."""
        path = self.selected_backup()
        if path is not None:
            start_restore(self, path)

    def restore_other_file(self) -> None:
        """Choose any backup file, check it, then ask before it replaces this workspace."""
        start = self.workspace.settings.get(BACKUP_FOLDER) or QDir.homePath()
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            "Choose the backup to restore",
            start,
            "SendMed backups (*.smbak);;All files (*)",
        )
        if chosen:
            start_restore(self, Path(chosen))

    def set_busy(self, busy: bool) -> None:
        """Show work in progress and hold back the buttons that would start more."""
        self.busy.setVisible(busy)
        for button in (self.restore_other_button, self.choose_button):
            button.setEnabled(not busy)
        self.back_up_button.setEnabled(not busy and not self.scheduler.running)
        chosen = not busy and self.selected_backup() is not None
        self.check_button.setEnabled(chosen)
        self.restore_button.setEnabled(chosen)

    def _mark_closed(self) -> None:
        # Background work may report back after the dialog is gone: it is then ignored.
        self.closed = True


def _list_backups(folder: Path, workspace_id: str) -> list[FolderBackup]:
    if not folder.is_dir():
        raise BackupError(folder_unavailable(folder))
    return workspace_backups(folder, workspace_id)


def open_backups(window: MainWindow) -> BackupsDialog | None:
    """Show the backups dialog over the window; it does not block the caller."""
    if window.workspace is None:
        return None
    dialog = BackupsDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
