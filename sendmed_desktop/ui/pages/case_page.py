"""One case, stage by stage: the page that walks the mediator through the meeting.

Header (who the case is about, where it stands), the stages on the left with the meeting
time, the current stage's page in the middle, and under it the stage's checklist, what
stops the meeting moving on, and "Next stage". Every decision about moving between stages
is the meeting-stages service's; a refusal is shown here, in its words, under the page.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.stages import next_stage, previous_stage, progress
from sendmed_desktop.domain.vocabulary import Stage
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.meeting_stages import MeetingStagesService, StageView
from sendmed_desktop.services.retention import RetentionService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.pages.after_meeting_stage_page import AfterMeetingStagePage
from sendmed_desktop.ui.pages.agenda_stage_page import AgendaStagePage
from sendmed_desktop.ui.pages.agreement_stage_page import AgreementStagePage
from sendmed_desktop.ui.pages.childs_views_stage_page import ChildsViewsStagePage
from sendmed_desktop.ui.pages.close_stage_page import CloseStagePage
from sendmed_desktop.ui.pages.exploration_stage_page import ExplorationStagePage
from sendmed_desktop.ui.pages.opening_stage_page import OpeningStagePage
from sendmed_desktop.ui.pages.opening_statements_stage_page import OpeningStatementsStagePage
from sendmed_desktop.ui.pages.options_stage_page import OptionsStagePage
from sendmed_desktop.ui.pages.preparation_stage_page import PreparationStagePage
from sendmed_desktop.ui.pages.stage_page import (
    StageArea,
    StageContext,
    StagePage,
    is_typing,
    tab_chain,
)
from sendmed_desktop.ui.tasks import TaskGateway, show_error
from sendmed_desktop.ui.widgets.notes_panel import NotesPanel
from sendmed_desktop.ui.widgets.stage_checklist import StageChecklist
from sendmed_desktop.ui.widgets.stage_navigator import CaseHeader, MeetingClock, StageNavigator

STAGE_PAGES: dict[Stage, type[StagePage]] = {
    page.stage: page
    for page in (
        PreparationStagePage,
        OpeningStagePage,
        OpeningStatementsStagePage,
        ChildsViewsStagePage,
        AgendaStagePage,
        ExplorationStagePage,
        OptionsStagePage,
        AgreementStagePage,
        CloseStagePage,
        AfterMeetingStagePage,
    )
}
LAST_STAGE = "This is the last stage."
# After an edit, wait this long for more before asking what is left (notes save often).
ASSESS_DELAY_MS = 300
# Narrower than this (in logical pixels), the list of stages gives up some of its width.
NARROW = 1000


class CasePage(QWidget):
    """Run one case's meeting: stages, checklist, what blocks, the time, the notes."""

    back_requested = Signal()
    # The stage, status, or break changed: the window updates its menus.
    view_changed = Signal()

    def __init__(
        self,
        workspace: Workspace,
        case_id: int,
        tasks: TaskGateway,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("casePage")
        self.case_id = case_id
        self._stages = MeetingStagesService(workspace)
        self._cases = CaseService(workspace)
        self._retention = RetentionService(workspace)
        self.view: StageView = self._stages.state(case_id)
        self.notes = NotesPanel(workspace, case_id, self.view.stage)
        self._context = StageContext(workspace, case_id, tasks, self.notes)
        self.pages: dict[Stage, StagePage] = {}
        self._sized = False

        self.header = CaseHeader()
        self.header.back_button.clicked.connect(self.back_requested)
        self.navigator = StageNavigator()
        self.navigator.stage_chosen.connect(self.go_to)
        self.clock = MeetingClock(lambda: self._stages.elapsed(case_id))
        self.clock.break_button.clicked.connect(self.toggle_break)
        left = QWidget()
        left.setObjectName("stageColumn")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        left_layout.addWidget(self.navigator, 1)
        left_layout.addWidget(self.clock)
        left.setMinimumWidth(150)

        centre = self.stage_area = StageArea()
        # Keeps the notes panel while the stage shown has no place for it.
        self._notes_parking = QWidget(self)
        self._notes_parking.hide()

        self.checklist = StageChecklist()
        self.checklist.tick_requested.connect(self.tick)
        self.checklist.acknowledge_requested.connect(self.acknowledge)
        self.checklist.next_requested.connect(self.advance)
        self.next_button = self.checklist.next_button
        bottom = self.checklist

        self.work_splitter = QSplitter(Qt.Orientation.Vertical)
        self.work_splitter.setChildrenCollapsible(False)
        self.work_splitter.addWidget(centre)
        self.work_splitter.addWidget(bottom)
        self.work_splitter.setStretchFactor(0, 4)
        self.work_splitter.setStretchFactor(1, 1)
        self.work_splitter.setSizes([560, 140])
        self.columns = QSplitter(Qt.Orientation.Horizontal)
        self.columns.setChildrenCollapsible(False)
        self.columns.addWidget(left)
        self.columns.addWidget(self.work_splitter)
        self.columns.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.header)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        layout.addWidget(self.columns, 1)
        self._sections = (self.header, left, centre, bottom)

        self._assess_timer = QTimer(self)
        self._assess_timer.setSingleShot(True)
        self._assess_timer.setInterval(ASSESS_DELAY_MS)
        self._assess_timer.timeout.connect(self.refresh_assessment)
        self.notes.changed.connect(self._assess_timer.start)
        self.notes.new_note_action.triggered.connect(self._reveal_notes)
        for action in self.meeting_actions():
            # The notes shortcuts work anywhere on this page, not only inside the notes.
            self.addAction(action)
        self._show_header()
        self._show_view(self.view)
        self.clock.start()

    # -- what the main window asks -------------------------------------------------------------

    def meeting_actions(self) -> list[QAction]:
        """Return the notes panel's actions, for the Meeting menu."""
        return [
            self.notes.new_note_action,
            self.notes.next_participant_action,
            self.notes.previous_participant_action,
        ]

    def current_page(self) -> StagePage:
        """Return the page of the stage the meeting is at."""
        return self.pages[self.view.stage]

    def can_go_forward(self) -> bool:
        """Return whether there is a stage after this one."""
        return next_stage(self.view.stage) is not None

    def can_go_back(self) -> bool:
        """Return whether there is a stage before this one."""
        return previous_stage(self.view.stage) is not None

    def can_break(self) -> bool:
        """Return whether the meeting is running, so a break can start or end."""
        return self.view.meeting_started and Stage.AFTER_MEETING not in self.view.visited

    def on_break(self) -> bool:
        """Return whether a break is running."""
        return self.view.on_break

    def focus_start(self) -> None:
        """Put the keyboard on the stage's page, or on the stages if it has nothing to focus."""
        page = self.current_page()
        target = page if page.focusPolicy() != Qt.FocusPolicy.NoFocus else None
        target = target or self._first_focusable(page) or self.navigator.list
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def flush(self) -> bool:
        """Store what is typed in the notes and on every page; return whether all is stored."""
        stored = self.notes.flush()
        for page in self.pages.values():
            stored = page.flush() and stored
        return stored

    def stop(self) -> None:
        """Stop the timers (the page is going)."""
        self.clock.stop()
        self._assess_timer.stop()

    def refresh(self) -> None:
        """Read the case again: its stage, checklist, header, page, notes and time."""
        if not self._reload():
            return
        self.current_page().refresh()
        self.notes.refresh()

    # -- moving between stages ----------------------------------------------------------------

    def advance(self) -> bool:
        """Move on to the next stage; if the service refuses, say why under the page."""
        target = next_stage(self.view.stage)
        if target is None:
            self.checklist.show_refusal(LAST_STAGE, [])
            return False
        if not self.flush():
            return False
        try:
            self._stages.advance(self.case_id)
        except ValidationError as error:
            self.checklist.show_refusal(
                f"Cannot move on to {target.label} yet:", str(error).splitlines()
            )
            return False
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return False
        return self._moved()

    def previous_stage(self) -> bool:
        """Go back to the stage before this one."""
        target = previous_stage(self.view.stage)
        return target is not None and self.go_to(target)

    def go_to(self, stage: Stage) -> bool:
        """Go to ``stage``: back always; forward only if every stage on the way is clear."""
        if stage is self.view.stage:
            return True
        if not self.flush():
            self.navigator.show_stages(self.view.stage, self.view.visited)
            return False
        try:
            self._stages.revisit(self.case_id, stage)
        except ValidationError as error:
            self.navigator.show_stages(self.view.stage, self.view.visited)
            heading = (
                f"Cannot go to {stage.label} yet. Move on a stage at a time "
                "(Next stage ▶) to deal with:"
            )
            self.checklist.show_refusal(heading, str(error).splitlines())
            return False
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            self.navigator.show_stages(self.view.stage, self.view.visited)
            show_error(self, error)
            return False
        return self._moved()

    def _moved(self) -> bool:
        self.checklist.clear_refusal()
        if not self._reload():
            return False
        page = self.current_page()
        page.refresh()
        if page.uses_notes:
            # People may have been added at another stage: list them for notes too.
            self.notes.refresh()
        self.focus_start()
        return True

    # -- the checklist ------------------------------------------------------------------------

    def tick(self, key: str, done: bool) -> None:
        """Tick or untick a checklist item of the current stage."""
        self._update(lambda: self._stages.tick(self.case_id, self.view.stage, key, done))

    def acknowledge(self, key: str) -> None:
        """Record that the mediator read a warning and carries on."""
        self._update(lambda: self._stages.acknowledge(self.case_id, self.view.stage, key))

    def refresh_assessment(self) -> None:
        """Ask again what is left and what blocks (something in the case was saved)."""
        self._reload()

    def _update(self, call: Callable[[], StageView]) -> None:
        try:
            view: StageView | None = call()
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            view = None
        if view is None:
            self._reload()
        else:
            self._show_view(view)

    # -- breaks ---------------------------------------------------------------------------------

    def toggle_break(self) -> bool:
        """Start a break, or end the one running; the meeting time leaves breaks out."""
        if not self.can_break():
            self.clock.show_note("Breaks can be taken while the meeting is running.")
            return False
        change = self._stages.end_break if self.view.on_break else self._stages.start_break
        try:
            change(self.case_id)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return False
        return self._reload()

    # -- showing ---------------------------------------------------------------------------------

    def _reload(self) -> bool:
        try:
            view = self._stages.state(self.case_id)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return False
        self._show_view(view)
        self._show_header()
        return True

    def _show_header(self) -> None:
        try:
            summary = self._cases.summary(self.case_id)
            erased = self._retention.erasures(self.case_id)
        except Exception as error:  # noqa: BLE001 - shown to the user and logged
            show_error(self, error)
            return
        if summary is not None:
            self.header.show_case(summary, self.view.status, erased)

    def _show_view(self, view: StageView) -> None:
        moved = view.stage is not self.view.stage or not self.pages
        self.view = view
        if moved:
            self._show_page(view.stage)
        self.navigator.show_stages(view.stage, view.visited)
        number, total = progress(view.stage)
        self.stage_area.title.setText(f"Stage {number} of {total}: {view.stage.label}")
        self.checklist.show_assessment(view.assessment)
        following = next_stage(view.stage)
        self.checklist.show_next(following.label if following else None)
        self.header.show_status(view.status)
        self.clock.show_state(
            started=view.meeting_started,
            on_break=view.on_break,
            can_break=self.can_break(),
            preparing=view.stage is Stage.PREPARATION,
        )
        self.view_changed.emit()

    def _show_page(self, stage: Stage) -> None:
        page = self.pages.get(stage)
        if page is None:
            page = STAGE_PAGES[stage](self._context)
            page.changed.connect(self._assess_timer.start)
            self.pages[stage] = page
        self.notes.flush()
        if page.uses_notes:
            page.hold_notes(self.notes)
        else:
            self.notes.setParent(self._notes_parking)
        self.notes.set_stage(stage)
        for action in self.meeting_actions():
            action.setEnabled(page.uses_notes)
        self.stage_area.show_page(page)

    def _reveal_notes(self) -> None:
        # New note from the keyboard on a page that keeps the notes in a tab of their own:
        # bring them forward, with the cursor in the new note.
        page = self.current_page()
        if page.uses_notes and not self.notes.isVisible():
            page.reveal_notes()
            self.notes.editor.text_edit.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        """Give the stages less room on a narrow window (a laptop at 150 %)."""
        super().showEvent(event)
        if not self._sized:  # once: after that the splitter is where the mediator left it
            self._sized = True
            left = 160 if self.width() < NARROW else 200
            self.columns.setSizes([left, max(self.width() - left, 1)])

    # -- keyboard ---------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc goes back to the case list, unless the keyboard is in a text box."""
        plain = event.modifiers() == Qt.KeyboardModifier.NoModifier
        if event.key() == Qt.Key.Key_Escape and plain and not is_typing(QApplication.focusWidget()):
            event.accept()
            self.back_requested.emit()
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab through header, stages, page, checklist and Next, in that order."""
        chain = self._tab_chain()
        if not chain:
            return super().focusNextPrevChild(forward)
        focused = QApplication.focusWidget()
        current = None
        if focused is not None:
            current = next((w for w in chain if w is focused or w.isAncestorOf(focused)), None)
        if current is None:
            target = chain[0] if forward else chain[-1]
        else:
            target = chain[(chain.index(current) + (1 if forward else -1)) % len(chain)]
        reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
        target.setFocus(reason)
        if self.stage_area.scroll.isAncestorOf(target):
            self.stage_area.scroll.ensureWidgetVisible(target)
        return True

    def _tab_chain(self) -> list[QWidget]:
        """Return the widgets Tab visits: header, stages, page, checklist, Next."""
        return tab_chain(self, self._sections)

    def _first_focusable(self, root: QWidget) -> QWidget | None:
        return next((w for w in self._tab_chain() if root.isAncestorOf(w)), None)
