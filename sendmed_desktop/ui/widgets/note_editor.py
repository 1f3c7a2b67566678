"""The editor for one note: its text, its confidentiality, and saving as it is typed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.vocabulary import Confidentiality
from sendmed_desktop.services.notes import NotesService, NoteView
from sendmed_desktop.ui.formatting import format_datetime
from sendmed_desktop.ui.widgets.autosave import Autosaver, report_save_error, saved_text

# Each level is shown as a symbol AND words, never by colour alone. The symbols are in
# DejaVu Sans (and so on every Linux desktop and in the bundled fonts): ⊘ "not shared",
# ◐ "only part (the summary) may be shared", ✓ "may be shared".
LEVEL_SYMBOL = {
    Confidentiality.PRIVATE: "⊘",
    Confidentiality.PRIVATE_SESSION: "◐",
    Confidentiality.SHAREABLE: "✓",
}
LEVEL_SHORT = {
    Confidentiality.PRIVATE: "Private",
    Confidentiality.PRIVATE_SESSION: "Private session",
    Confidentiality.SHAREABLE: "Shareable",
}
_LEVEL_CHOICE = {
    Confidentiality.PRIVATE: "P&rivate (mediator only)",
    Confidentiality.PRIVATE_SESSION: "Private &session (kept back at the party's request)",
    Confidentiality.SHAREABLE: "Sharea&ble",
}
_LEVEL_HEADING = {
    Confidentiality.PRIVATE: "Private note — for the mediator only",
    Confidentiality.PRIVATE_SESSION: (
        "Private-session note — kept back at the party's request; "
        "only the summary they allow may be shared"
    ),
    Confidentiality.SHAREABLE: "Shareable note — may be used in the written agreement",
}
NO_NOTE = "No note chosen. Press Ctrl+Shift+N (New note) to start one."
SAVING = "Saving…"
NOT_SAVED = (
    "⚠ Not saved — your text is still here and nothing has been lost. "
    "Saving is tried again as you type or when you move on."
)


def level_text(level: Confidentiality) -> str:
    """Return a confidentiality level as shown on every note: ``⊘ Private``."""
    return f"{LEVEL_SYMBOL[level]} {LEVEL_SHORT[level]}"


def level_heading(level: Confidentiality) -> str:
    """Return the editor's heading for a note of ``level``."""
    return f"{LEVEL_SYMBOL[level]} {_LEVEL_HEADING[level]}"


class NoteEditor(QWidget):
    """Edit one note; every change is saved as it is made, and failures keep the text."""

    # The note as now stored, after any save (text, summary or confidentiality).
    note_saved = Signal(object)

    def __init__(self, service: NotesService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._note: NoteView | None = None
        self._saved_text = ""
        self._saved_summary: str | None = None
        self._last_saved_at: datetime | None = None
        self._error_box: QMessageBox | None = None

        self.frame = QFrame()
        self.frame.setObjectName("noteFrame")
        self.frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel(NO_NOTE)
        self.heading.setObjectName("noteHeading")
        self.heading.setWordWrap(True)
        bold = self.heading.font()
        bold.setBold(True)
        self.heading.setFont(bold)
        self.details_label = QLabel()
        self.details_label.setWordWrap(True)

        self.level_buttons: dict[Confidentiality, QRadioButton] = {}
        self._level_group = QButtonGroup(self)
        levels = QHBoxLayout()
        levels.setContentsMargins(0, 0, 0, 0)
        for level in Confidentiality:
            button = QRadioButton(f"{LEVEL_SYMBOL[level]} {_LEVEL_CHOICE[level]}")
            self.level_buttons[level] = button
            self._level_group.addButton(button)
            levels.addWidget(button)
            button.toggled.connect(
                lambda checked, chosen=level: self._level_toggled(chosen, checked)
            )
        levels.addStretch(1)

        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("noteText")
        self.text_edit.setTabChangesFocus(True)
        text_label = QLabel("&What was said:")
        text_label.setBuddy(self.text_edit)
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setObjectName("noteSummary")
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setMaximumHeight(90)
        self.summary_edit.setPlaceholderText(
            "Leave empty if the party allows nothing from this session to be shared."
        )
        self.summary_label = QLabel("What this party &allows to be shared (optional):")
        self.summary_label.setBuddy(self.summary_edit)
        self.status_label = QLabel()
        self.status_label.setObjectName("saveStatus")
        self.status_label.setAccessibleName("Save status")
        self.status_label.setWordWrap(True)

        inner = QVBoxLayout(self.frame)
        inner.addWidget(self.heading)
        inner.addWidget(self.details_label)
        inner.addLayout(levels)
        inner.addWidget(text_label)
        inner.addWidget(self.text_edit, 3)
        inner.addWidget(self.summary_label)
        inner.addWidget(self.summary_edit, 1)
        inner.addWidget(self.status_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.frame)

        self.autosaver = Autosaver(self._save, self)
        self.autosaver.saved.connect(self._on_saved)
        self.autosaver.failed.connect(self._on_failed)
        self.autosaver.pending_changed.connect(self._on_pending)
        self.text_edit.textChanged.connect(self.autosaver.touched)
        self.summary_edit.textChanged.connect(self.autosaver.touched)
        for edit in (self.text_edit, self.summary_edit):
            edit.installEventFilter(self)
        self.setFocusProxy(self.text_edit)
        self.load(None)

    @property
    def note(self) -> NoteView | None:
        """Return the note being edited, as last stored (or None)."""
        return self._note

    @property
    def saved_text(self) -> str:
        """Return the note's text as last stored."""
        return self._saved_text

    def load(self, note: NoteView | None, *, participant_name: str = "") -> None:
        """Show ``note`` for editing; the caller has flushed the one before."""
        self.autosaver.discard()
        self._note = note
        self._saved_text = note.text if note else ""
        self._saved_summary = note.shareable_summary if note else None
        self._last_saved_at = None
        for edit, value in (
            (self.text_edit, self._saved_text),
            (self.summary_edit, self._saved_summary or ""),
        ):
            edit.blockSignals(True)
            edit.setPlainText(value)
            edit.blockSignals(False)
        # The inputs wait for a note; the heading stays readable and says what to do.
        for control in (*self.level_buttons.values(), self.text_edit, self.summary_edit):
            control.setEnabled(note is not None)
        self.status_label.clear()
        if note is None:
            self.heading.setText(NO_NOTE)
            self.details_label.clear()
            self._level_group.setExclusive(False)
            for button in self.level_buttons.values():
                button.setChecked(False)
            self._level_group.setExclusive(True)
            self._show_level(None)
            return
        who = participant_name or "General"
        stage = note.stage.label if note.stage else "No stage"
        self.details_label.setText(f"{who} · taken {format_datetime(note.recorded_at)} · {stage}")
        self._show_level(note.confidentiality)

    def flush(self) -> bool:
        """Save anything pending now; return whether everything is stored."""
        return self.autosaver.flush()

    def error_showing(self) -> bool:
        """Return whether a save error is on screen (its box still open)."""
        return self._error_box is not None and self._error_box.isVisible()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Leaving the text saves it at once; while the error box has the focus, a retry
        # would only fail again and stack another box on top.
        if event.type() == QEvent.Type.FocusOut and not self.error_showing():
            self.flush()
        return super().eventFilter(watched, event)

    def _show_level(self, level: Confidentiality | None) -> None:
        if level is not None:
            button = self.level_buttons[level]
            button.blockSignals(True)
            button.setChecked(True)
            button.blockSignals(False)
            self.heading.setText(level_heading(level))
            self.frame.setAccessibleName(level_heading(level))
        in_session = level is Confidentiality.PRIVATE_SESSION
        self.summary_label.setVisible(in_session)
        self.summary_edit.setVisible(in_session)

    def _save(self) -> datetime | None:
        note = self._note
        if note is None:
            return None
        text = self.text_edit.toPlainText()
        summary = self.summary_edit.toPlainText() or None
        if text != self._saved_text:
            self._last_saved_at = self._service.update_text(note.id, text)
            self._saved_text = text
        if summary != self._saved_summary:
            self._last_saved_at = self._service.update_note(note.id, shareable_summary=summary)
            self._saved_summary = summary
        saved_at = self._last_saved_at or datetime.now(UTC)
        self._note = replace(
            note, text=self._saved_text, shareable_summary=self._saved_summary, updated_at=saved_at
        )
        return saved_at

    def _level_toggled(self, level: Confidentiality, checked: bool) -> None:
        if checked:
            self._level_chosen(level)

    def _level_chosen(self, level: Confidentiality) -> None:
        note = self._note
        if note is None or level is note.confidentiality:
            return
        if not self.flush():
            self._show_level(note.confidentiality)
            return
        note = self._note or note
        try:
            saved_at = self._service.update_note(note.id, confidentiality=level)
        except Exception as error:  # noqa: BLE001 - the user is told; the choice is undone
            self._show_level(note.confidentiality)
            self._report(error)
            return
        self._note = replace(note, confidentiality=level, updated_at=saved_at)
        self._show_level(level)
        self._on_saved(saved_at)

    def _on_saved(self, saved_at: datetime) -> None:
        self.status_label.setText(saved_text(saved_at))
        if self._note is not None:
            self.note_saved.emit(self._note)

    def _on_pending(self, pending: bool) -> None:
        if pending:
            self.status_label.setText(SAVING)

    def _on_failed(self, error: BaseException) -> None:
        self.status_label.setText(NOT_SAVED)
        self._report(error)

    def _report(self, error: BaseException) -> None:
        if not self.error_showing():
            box = report_save_error(self, error)
            self._error_box = box
            # The box deletes itself when closed; forget it before it goes.
            box.finished.connect(self._forget_error_box)

    def _forget_error_box(self) -> None:
        self._error_box = None
