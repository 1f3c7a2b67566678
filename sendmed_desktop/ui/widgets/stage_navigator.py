"""Finding your way on the case page: the case header, the ten stages, the meeting time.

The header says whose case it is and where it stands, with the way back to the list. The
stages are listed in order, each visited, current or not yet reached, in words and a
symbol; under them the meeting time, leaving out breaks, refreshed every 20 seconds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.cases import CaseSummary
from sendmed_desktop.domain.retention import RecordKind
from sendmed_desktop.domain.stages import STAGES, format_elapsed
from sendmed_desktop.domain.vocabulary import CaseStatus, Stage
from sendmed_desktop.ui.formatting import format_date

log = logging.getLogger(__name__)

VISITED = "✓"
CURRENT = "►"
NOT_STARTED = "Meeting time: not started"
START_BREAK = "Start break"
END_BREAK = "End break"
CLOCK_REFRESH_MS = 20_000
STARTS_LATER = "It starts when the meeting moves on from Preparation."
# Moved on with no meeting scheduled (the stage rules warned), or recorded elsewhere.
NO_START = "No start time is recorded for this meeting."
_STAGE = Qt.ItemDataRole.UserRole


def stage_row_text(stage: Stage, current: Stage, visited: Sequence[Stage]) -> str:
    """Return a stage's row: "✓ 1 Preparation (visited)", "► 4 … (current)" or "5 …"."""
    number = STAGES.index(stage) + 1
    if stage is current:
        return f"{CURRENT} {number} {stage.label} (current)"
    if stage in visited:
        return f"{VISITED} {number} {stage.label} (visited)"
    return f"    {number} {stage.label}"


def progress_text(current: Stage) -> str:
    """Return "Stage 4 of 10"."""
    return f"Stage {STAGES.index(current) + 1} of {len(STAGES)}"


class StageNavigator(QWidget):
    """List the stages; clicking one, or Enter on it, asks to go there."""

    # The stage the mediator asked to go to (a Stage).
    stage_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._current = Stage.PREPARATION
        self.list = QListWidget()
        self.list.setObjectName("stageNavigator")
        self.list.setAccessibleName("Stages of the meeting")
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setToolTip(
            "Click a stage, or press Enter on it, to go there. Earlier stages can always be "
            "revisited; a later one only if nothing on the way stops the meeting."
        )
        for stage in STAGES:
            item = QListWidgetItem()
            item.setData(_STAGE, stage.value)
            self.list.addItem(item)
        heading = QLabel("Stages of the meeting:")
        heading.setBuddy(self.list)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("stageProgress")
        self.progress_label.setAccessibleName("Progress through the meeting")
        font = self.progress_label.font()
        font.setBold(True)
        self.progress_label.setFont(font)
        legend = QLabel(f"{VISITED} visited   {CURRENT} current")
        legend.setAccessibleName("Key to the symbols")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(legend)
        layout.addWidget(self.progress_label)
        self.list.itemClicked.connect(self._chosen)
        self.list.itemActivated.connect(self._chosen)
        self.show_stages(Stage.PREPARATION, (Stage.PREPARATION,))

    def show_stages(self, current: Stage, visited: Sequence[Stage]) -> None:
        """Mark each stage visited, current or not yet reached, and select the current one."""
        self._current = current
        for row, stage in enumerate(STAGES):
            item = self.list.item(row)
            item.setText(stage_row_text(stage, current, visited))
            font = item.font()
            font.setBold(stage is current)
            item.setFont(font)
            state = "current" if stage is current else "visited" if stage in visited else "not yet"
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{stage.label}, {state}")
        self.list.blockSignals(True)
        self.list.setCurrentRow(STAGES.index(current))
        self.list.blockSignals(False)
        self.progress_label.setText(progress_text(current))

    def row_texts(self) -> list[str]:
        """Return the text of every row, first stage first."""
        return [self.list.item(row).text() for row in range(self.list.count())]

    def _chosen(self, item: QListWidgetItem) -> None:
        # Stored as its string value: a StrEnum comes back from Qt as a plain str.
        stage = Stage(item.data(_STAGE))
        if stage is not self._current:
            self.stage_chosen.emit(stage)


class MeetingClock(QWidget):
    """The meeting's time without its breaks, and the button that starts or ends a break."""

    def __init__(
        self,
        elapsed: Callable[[], timedelta | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._elapsed = elapsed
        self._on_break = False
        self.time_label = QLabel(NOT_STARTED)
        self.time_label.setObjectName("meetingTime")
        self.time_label.setAccessibleName("Meeting time")
        self.time_label.setWordWrap(True)
        font = self.time_label.font()
        font.setBold(True)
        self.time_label.setFont(font)
        self.break_button = QPushButton(START_BREAK)
        self.break_button.setObjectName("breakButton")
        self.break_button.setToolTip(
            "Start or end a break; breaks are left out of the time (Ctrl+B)"
        )
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.time_label)
        layout.addWidget(self.break_button)
        layout.addWidget(self.note_label)
        self.timer = QTimer(self)
        self.timer.setInterval(CLOCK_REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

    def start(self) -> None:
        """Show the time now and keep it up to date."""
        self.refresh()
        self.timer.start()

    def stop(self) -> None:
        """Stop updating the time."""
        self.timer.stop()

    def show_state(
        self, *, started: bool, on_break: bool, can_break: bool, preparing: bool
    ) -> None:
        """Show whether the meeting runs and a break is on; read the time again."""
        self._on_break = on_break
        self.break_button.setText(END_BREAK if on_break else START_BREAK)
        self.break_button.setEnabled(can_break)
        if can_break or started:
            self.note_label.hide()
        elif preparing:
            self.show_note(STARTS_LATER)
        else:
            self.show_note(NO_START)
        self.refresh()

    def show_note(self, text: str) -> None:
        """Say something about the time or breaks under the button."""
        self.note_label.setText(text)
        self.note_label.show()

    def refresh(self) -> None:
        """Read the time from the workspace and show it."""
        try:
            elapsed = self._elapsed()
        except Exception:  # a clock that cannot read says so, quietly
            log.exception("could not read the meeting time")
            self.time_label.setText("Meeting time: not available just now")
            return
        self.time_label.setText(clock_text(elapsed, on_break=self._on_break))

    def text(self) -> str:
        """Return the time as shown."""
        return self.time_label.text()


def clock_text(elapsed: timedelta | None, *, on_break: bool) -> str:
    """Return "Meeting time 1 h 05 min", "… (on a break)", or that it has not started."""
    if elapsed is None:
        return NOT_STARTED
    shown = f"Meeting time {format_elapsed(elapsed)}"
    return f"{shown} (on a break)" if on_break else shown


def erased_words(erased: dict[RecordKind, date]) -> str:
    """Say which records were erased under the retention periods, and when."""
    if not erased:
        return ""
    parts = [f"{kind.label.lower()} {format_date(day)}" for kind, day in erased.items()]
    return "Erased (retention): " + ", ".join(parts)


class CaseHeader(QWidget):
    """Who the case is about and where it stands, with the way back to the list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._summary: CaseSummary | None = None
        self._erased = ""
        self.back_button = QPushButton("◀ Back to all cases")
        self.back_button.setObjectName("backToCases")
        self.back_button.setAccessibleName("Back to all cases")
        self.back_button.setToolTip("Save what is typed and go back to all cases (Alt+Left, Esc)")
        self.title_label = QLabel()
        self.title_label.setObjectName("caseTitle")
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.facts_label = QLabel()
        self.facts_label.setObjectName("caseFacts")
        self.facts_label.setWordWrap(True)
        for label in (self.title_label, self.facts_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.back_button)
        layout.addSpacing(12)
        layout.addWidget(self.title_label)
        layout.addSpacing(12)
        layout.addWidget(self.facts_label, 1)

    def show_case(
        self,
        summary: CaseSummary,
        status: CaseStatus,
        erased: dict[RecordKind, date] | None = None,
    ) -> None:
        """Show the case's reference, child or young person, family, authority and status.

        ``erased`` names the records retention has erased, so an empty stage is explained.
        """
        self._summary = summary
        self._erased = erased_words(erased or {})
        self.title_label.setText(f"{summary.reference} · {summary.subject_name}")
        self.title_label.setAccessibleName(
            f"Case {summary.reference}, child or young person {summary.subject_name}"
        )
        self.show_status(status)

    def show_status(self, status: CaseStatus) -> None:
        """Show the case's status (it changes as the meeting starts and ends)."""
        summary = self._summary
        if summary is None:
            return
        facts = (
            f"Family: {summary.family_names or 'not recorded'}",
            f"Local authority: {summary.local_authority}",
            f"Status: {status.label}",
            *([self._erased] if self._erased else []),
        )
        self.facts_label.setText("   ·   ".join(facts))
        self.facts_label.setAccessibleName("; ".join(facts))
