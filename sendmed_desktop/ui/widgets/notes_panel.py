"""Notes of what each participant said during the meeting, saved as they are typed.

The mediator switches between the people in the case (or "General"), reads that person's
notes oldest first, and types into the note chosen. Every edit is saved within a couple
of seconds without a Save button; deleting a note can be undone for a few seconds.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.vocabulary import Confidentiality, Stage
from sendmed_desktop.services.intake import IntakeService, ParticipantView
from sendmed_desktop.services.notes import NotesService, NoteView
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.formatting import format_datetime
from sendmed_desktop.ui.widgets.autosave import report_save_error
from sendmed_desktop.ui.widgets.note_editor import NoteEditor, level_text

NEW_NOTE_SHORTCUT = "Ctrl+Shift+N"  # Ctrl+N is "New case" in the main window
NEXT_PARTICIPANT_SHORTCUT = "Ctrl+]"
PREVIOUS_PARTICIPANT_SHORTCUT = "Ctrl+["
UNDO_SECONDS = 10
GENERAL = "General (not one person)"
_GENERAL_ID = -1  # item data for "General": participant ids start at 1
_ID = Qt.ItemDataRole.UserRole
_PREVIEW_LENGTH = 90


class NoteColumn:
    TAKEN = 0
    STAGE = 1
    LEVEL = 2
    TEXT = 3


def preview(text: str) -> str:
    """Return the first line of ``text``, shortened for the list."""
    first = text.strip().split("\n", 1)[0]
    if not first:
        return "(empty)"
    return first if len(first) <= _PREVIEW_LENGTH else first[: _PREVIEW_LENGTH - 1] + "…"


def participant_text(participant: ParticipantView) -> str:
    """Return a participant as shown in the switcher: ``Jane Brook (Parent or carer)``."""
    party = ", a party" if participant.is_party else ""
    return f"{participant.full_name} ({participant.role.label}{party})"


class NotesPanel(QWidget):
    """Take and autosave notes per participant for one case."""

    changed = Signal()

    def __init__(
        self,
        workspace: Workspace,
        case_id: int,
        stage: Stage | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._case_id = case_id
        self._stage = stage
        self._service = NotesService(workspace)
        self._intake = IntakeService(workspace)
        self._participants: list[ParticipantView] = []
        self._notes: list[NoteView] = []  # the case's live notes, oldest first
        self._deleted_id: int | None = None

        self.participant_list = QListWidget()
        self.participant_list.setObjectName("noteParticipants")
        # Names and roles are long ("Local authority officer"): wrap, never scroll sideways.
        self.participant_list.setWordWrap(True)
        self.participant_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.participant_list.setSpacing(2)
        people_label = QLabel("&People")
        people_label.setBuddy(self.participant_list)
        people_hint = QLabel("Alt+1…Alt+9 jump to a person; Ctrl+[ and Ctrl+] step through.")
        people_hint.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(people_label)
        left_layout.addWidget(self.participant_list, 1)
        left_layout.addWidget(people_hint)

        self.notes_tree = QTreeWidget()
        self.notes_tree.setObjectName("notesList")
        self.notes_tree.setHeaderLabels(["Taken", "Stage", "Confidentiality", "Note"])
        self.notes_tree.setRootIsDecorated(False)
        self.notes_tree.setUniformRowHeights(True)
        self.notes_tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.notes_tree.header()
        header.setStretchLastSection(True)
        header.resizeSection(NoteColumn.TAKEN, 170)
        header.resizeSection(NoteColumn.STAGE, 230)
        header.resizeSection(NoteColumn.LEVEL, 135)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.notes_label = QLabel("Notes (newest &last)")
        self.notes_label.setBuddy(self.notes_tree)
        self.new_button = QPushButton("&New note")
        self.new_button.setToolTip(f"Start a note for the person chosen ({NEW_NOTE_SHORTCUT})")
        self.delete_button = QPushButton("&Delete note")
        self.delete_button.setToolTip("Delete the chosen note (Delete); it can be undone")
        self.stage_label = QLabel()
        self.stage_label.setWordWrap(True)

        self.undo_strip = QFrame()
        self.undo_strip.setObjectName("undoStrip")
        self.undo_strip.setFrameShape(QFrame.Shape.StyledPanel)
        self.undo_label = QLabel()
        self.undo_button = QPushButton("&Undo")
        self.undo_button.setToolTip("Bring the deleted note back (Ctrl+Z in the notes list)")
        strip_layout = QHBoxLayout(self.undo_strip)
        strip_layout.setContentsMargins(6, 2, 6, 2)
        strip_layout.addWidget(self.undo_label, 1)
        strip_layout.addWidget(self.undo_button)
        self.undo_strip.hide()
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setInterval(UNDO_SECONDS * 1000)
        self._undo_timer.timeout.connect(self._forget_deleted)

        self.editor = NoteEditor(self._service)

        list_box = QWidget()
        list_layout = QVBoxLayout(list_box)
        list_layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.notes_label, 1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        list_layout.addLayout(buttons)
        list_layout.addWidget(self.notes_tree, 1)
        list_layout.addWidget(self.undo_strip)
        list_layout.addWidget(self.stage_label)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(list_box)
        right.addWidget(self.editor)
        right.setStretchFactor(0, 2)
        right.setStretchFactor(1, 3)
        right.setChildrenCollapsible(False)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 900])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self._make_actions()
        self.participant_list.currentItemChanged.connect(self._participant_changed)
        self.notes_tree.currentItemChanged.connect(self._note_changed)
        self.new_button.clicked.connect(self.new_note)
        self.delete_button.clicked.connect(self.delete_note)
        self.undo_button.clicked.connect(self.undo_delete)
        self.editor.note_saved.connect(self._note_saved)
        self.set_stage(stage)
        self._loaded = False
        self.refresh()

    # -- what the case page calls --------------------------------------------------------

    def set_stage(self, stage: Stage | None) -> None:
        """File new notes under ``stage``."""
        self._stage = stage
        where = stage.label if stage else "no stage"
        self.stage_label.setText(f"New notes are filed under: {where}.")

    def select_participant(self, participant_id: int | None) -> None:
        """Show the notes of one person (None: the general notes)."""
        wanted = _GENERAL_ID if participant_id is None else participant_id
        for row in range(self.participant_list.count()):
            if self.participant_list.item(row).data(_ID) == wanted:
                self.participant_list.setCurrentRow(row)
                return

    def selected_participant(self) -> int | None:
        """Return the person whose notes are shown (None: general notes)."""
        item = self.participant_list.currentItem()
        value = _GENERAL_ID if item is None else item.data(_ID)
        return None if value == _GENERAL_ID else int(value)

    def next_participant(self) -> None:
        """Show the next person's notes, wrapping round."""
        self._step_participant(1)

    def previous_participant(self) -> None:
        """Show the previous person's notes, wrapping round."""
        self._step_participant(-1)

    def new_note(self) -> NoteView | None:
        """Start a private note for the person shown, at the current stage; focus it."""
        if not self.flush():
            return None
        participant_id = self.selected_participant()
        try:
            note = self._service.add_note(
                self._case_id, participant_id, self._stage, Confidentiality.PRIVATE
            )
        except Exception as error:  # noqa: BLE001 - the user is told; nothing was typed yet
            report_save_error(self, error)
            return None
        self._notes.append(note)
        self._show_notes(select=note.id)
        self.editor.text_edit.setFocus()
        self.changed.emit()
        return note

    def delete_note(self) -> None:
        """Set the chosen note aside; Undo brings it back for a few seconds."""
        note = self.editor.note
        if note is None or not self.flush():
            return
        try:
            self._service.delete_note(note.id)
        except Exception as error:  # noqa: BLE001 - the user is told; the note stays
            report_save_error(self, error)
            return
        self.editor.load(None)
        self._notes = [n for n in self._notes if n.id != note.id]
        self._deleted_id = note.id
        self.undo_label.setText(
            f"Note taken {format_datetime(note.recorded_at)} deleted. "
            f"You can undo this for {UNDO_SECONDS} seconds."
        )
        self.undo_strip.show()
        self._undo_timer.start()
        self._show_notes()
        self.notes_tree.setFocus()
        self.changed.emit()

    def undo_delete(self) -> None:
        """Bring back the note deleted last, while the offer stands."""
        note_id = self._deleted_id
        if note_id is None or not self.flush():
            return
        try:
            note = self._service.restore_note(note_id)
        except Exception as error:  # noqa: BLE001 - the user is told
            report_save_error(self, error)
            return
        self._forget_deleted()
        self._notes = sorted([*self._notes, note], key=lambda n: (n.recorded_at, n.id))
        self.select_participant(note.participant_id)
        self._show_notes(select=note.id)
        self.notes_tree.setFocus()
        self.changed.emit()

    def flush(self) -> bool:
        """Save anything typed and not yet stored, now; return whether all is stored."""
        return self.editor.flush()

    def refresh(self) -> None:
        """Read the case's people and notes again, keeping what is chosen."""
        if not self.flush():
            return  # the unsaved text stays in the editor; reading again would replace it
        keep_participant = self.selected_participant()
        keep_note = self.editor.note.id if self.editor.note else None
        self._participants = self._intake.participants(self._case_id)
        self._notes = self._service.notes(self._case_id)
        self.participant_list.blockSignals(True)
        self.participant_list.clear()
        for number, person in enumerate([*self._participants, None], start=1):
            label = GENERAL if person is None else participant_text(person)
            item = QListWidgetItem(f"{number}. {label}" if number <= 9 else label)
            item.setData(_ID, _GENERAL_ID if person is None else person.id)
            if number <= 9:
                item.setToolTip(f"Alt+{number}")
            self.participant_list.addItem(item)
        self.participant_list.blockSignals(False)
        if not self._loaded:
            # Start with the family's party: they give the first opening statement.
            party = next((p for p in self._participants if p.is_family_party), None)
            party = party or next((p for p in self._participants if p.is_party), None)
            keep_participant = party.id if party else None
            self._loaded = True
        self.participant_list.blockSignals(True)
        self.select_participant(keep_participant)
        self.participant_list.blockSignals(False)
        self._show_notes(select=keep_note)

    # -- inside ---------------------------------------------------------------------------

    def _make_actions(self) -> None:
        def action(text: str, shortcut: str, slot: object, owner: QWidget) -> QAction:
            made = QAction(text, self)
            made.setShortcut(QKeySequence(shortcut))
            made.setShortcutContext(
                Qt.ShortcutContext.WidgetWithChildrenShortcut
                if owner is self
                else Qt.ShortcutContext.WidgetShortcut
            )
            made.triggered.connect(slot)
            owner.addAction(made)
            return made

        self.new_note_action = action("&New note", NEW_NOTE_SHORTCUT, self.new_note, self)
        self.next_participant_action = action(
            "Ne&xt person's notes", NEXT_PARTICIPANT_SHORTCUT, self.next_participant, self
        )
        self.previous_participant_action = action(
            "Pre&vious person's notes",
            PREVIOUS_PARTICIPANT_SHORTCUT,
            self.previous_participant,
            self,
        )
        self.jump_actions = [
            action(
                f"Person {n}'s notes",
                f"Alt+{n}",
                lambda _checked=False, row=n - 1: self._jump(row),
                self,
            )
            for n in range(1, 10)
        ]
        self.delete_note_action = action(
            "&Delete note", "Delete", self.delete_note, self.notes_tree
        )
        self.undo_delete_action = action(
            "&Undo delete", "Ctrl+Z", self.undo_delete, self.notes_tree
        )

    def _jump(self, row: int) -> None:
        if row < self.participant_list.count():
            self.participant_list.setCurrentRow(row)

    def _step_participant(self, step: int) -> None:
        count = self.participant_list.count()
        if count:
            row = self.participant_list.currentRow()
            self.participant_list.setCurrentRow((max(row, 0) + step) % count)

    def _participant_changed(
        self, current: QListWidgetItem | None, previous: QListWidgetItem | None
    ) -> None:
        if current is None:
            return
        if not self.flush():
            # The note could not be saved: stay on it, so the text stays in front of them.
            if previous is not None:
                self.participant_list.blockSignals(True)
                self.participant_list.setCurrentItem(previous)
                self.participant_list.blockSignals(False)
            return
        self._show_notes()

    def _show_notes(self, select: int | None = None) -> None:
        """List the chosen person's notes and open ``select`` (else the newest)."""
        participant_id = self.selected_participant()
        shown = [n for n in self._notes if n.participant_id == participant_id]
        self.notes_tree.blockSignals(True)
        self.notes_tree.clear()
        chosen: QTreeWidgetItem | None = None
        for note in shown:
            item = QTreeWidgetItem()
            self._fill(item, note)
            self.notes_tree.addTopLevelItem(item)
            if note.id == select or (select is None and note is shown[-1]):
                chosen = item
        if chosen is not None:
            self.notes_tree.setCurrentItem(chosen)
            self.notes_tree.scrollToItem(chosen)
        self.notes_tree.blockSignals(False)
        self.delete_button.setEnabled(chosen is not None)
        name = self._name(participant_id)
        self.notes_label.setText(f"Notes for {name} (newest &last)")
        self._open(self._note_of(chosen))

    def _fill(self, item: QTreeWidgetItem, note: NoteView) -> None:
        item.setData(NoteColumn.TAKEN, _ID, note.id)
        item.setText(NoteColumn.TAKEN, format_datetime(note.recorded_at))
        item.setText(NoteColumn.STAGE, note.stage.label if note.stage else "—")
        item.setText(NoteColumn.LEVEL, level_text(note.confidentiality))
        item.setText(NoteColumn.TEXT, preview(note.text))
        item.setToolTip(NoteColumn.LEVEL, note.confidentiality.label)

    def _note_of(self, item: QTreeWidgetItem | None) -> NoteView | None:
        if item is None:
            return None
        note_id = item.data(NoteColumn.TAKEN, _ID)
        return next((n for n in self._notes if n.id == note_id), None)

    def _note_changed(
        self, current: QTreeWidgetItem | None, previous: QTreeWidgetItem | None
    ) -> None:
        if not self.flush():
            if previous is not None:
                self.notes_tree.blockSignals(True)
                self.notes_tree.setCurrentItem(previous)
                self.notes_tree.blockSignals(False)
            return
        self.delete_button.setEnabled(current is not None)
        self._open(self._note_of(current))

    def _open(self, note: NoteView | None) -> None:
        focus = QApplication.focusWidget()
        typing = focus is not None and self.editor.isAncestorOf(focus)
        self.editor.load(note, participant_name=self._name(note.participant_id) if note else "")
        if typing and note is None:
            # The editor is now disabled: keep the keyboard in the panel, on the people,
            # so the shortcuts (and Ctrl+Shift+N for a first note) still work.
            self.participant_list.setFocus()

    def _note_saved(self, note: NoteView) -> None:
        self._notes = [note if n.id == note.id else n for n in self._notes]
        for row in range(self.notes_tree.topLevelItemCount()):
            item = self.notes_tree.topLevelItem(row)
            if item.data(NoteColumn.TAKEN, _ID) == note.id:
                self._fill(item, note)
        self.changed.emit()

    def _name(self, participant_id: int | None) -> str:
        if participant_id is None:
            return "General"
        person = next((p for p in self._participants if p.id == participant_id), None)
        return person.full_name if person else "someone no longer in the case"

    def _forget_deleted(self) -> None:
        self._undo_timer.stop()
        self._deleted_id = None
        self.undo_strip.hide()

    def hideEvent(self, event: QHideEvent) -> None:
        # Another page or tab is taking over: store what was typed before it goes.
        self.flush()
        super().hideEvent(event)
