"""What every stage page shares: a line of guidance, the stage's own widgets, the notes.

A stage page only shows and collects: it embeds the widgets that edit the case (each saves
as it goes and says ``changed``), and the case page around it asks the meeting-stages
service what is left and whether the meeting may move on. One notes panel serves the whole
case page; pages that take notes give it a place (``notes_holder``) while they are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from sendmed_desktop.domain.vocabulary import Stage

if TYPE_CHECKING:
    from sendmed_desktop.services.workspace import Workspace
    from sendmed_desktop.ui.tasks import TaskGateway
    from sendmed_desktop.ui.widgets.notes_panel import NotesPanel


@dataclass(frozen=True)
class StageContext:
    """What a stage page needs: the case, the workspace, the task gateway, the notes."""

    workspace: Workspace
    case_id: int
    tasks: TaskGateway
    notes: NotesPanel


def hint_label(text: str) -> QLabel:
    """Return a wrapped, selectable line of guidance."""
    label = QLabel(text)
    label.setObjectName("stageHint")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class StagePage(QWidget):
    """One stage of the meeting: subclasses set ``stage`` and ``hint`` and build the body."""

    stage: ClassVar[Stage]
    # One or two lines of guidance, shown over the page.
    hint: ClassVar[str] = ""
    # Whether the page shows the notes panel (and so New note makes sense here).
    uses_notes: ClassVar[bool] = False

    # Something in the case was saved: what blocks or is left may have changed.
    changed = Signal()

    def __init__(self, context: StageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"stagePage:{self.stage.value}")
        self.context = context
        self.notes_holder: QWidget | None = None
        self.notes_tabs: QTabWidget | None = None
        # The case page shows ``hint`` above the page, where it stays while the page scrolls.
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.build()

    def build(self) -> None:
        """Add the stage's widgets to ``self.body``."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Read what the page shows again (another stage may have changed it)."""

    def flush(self) -> bool:
        """Store anything typed and not yet saved; return whether all is stored."""
        return True

    # -- helpers for subclasses ----------------------------------------------------------------

    def watch(self, widget: QWidget) -> QWidget:
        """Pass on ``widget``'s ``changed`` signal as this page's."""
        widget.changed.connect(self.changed)
        return widget

    def make_notes_holder(self) -> QWidget:
        """Return the (empty) place where the shared notes panel goes on this page."""
        holder = QWidget()
        holder.setObjectName("notesHolder")
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        self.notes_holder = holder
        return holder

    def tabs_with_notes(self, first: QWidget, first_title: str) -> QTabWidget:
        """Return tabs holding ``first`` and then the notes, for pages short of room."""
        tabs = QTabWidget()
        tabs.setDocumentMode(True)
        tabs.addTab(first, first_title)
        tabs.addTab(self.make_notes_holder(), "Notes")
        self.notes_tabs = tabs
        return tabs

    # -- the shared notes panel -------------------------------------------------------------------

    def hold_notes(self, panel: NotesPanel) -> None:
        """Put the shared notes panel on this page."""
        if self.notes_holder is None:
            return
        layout = self.notes_holder.layout()
        if layout is not None and layout.indexOf(panel) < 0:
            layout.addWidget(panel)
        panel.show()

    def reveal_notes(self) -> None:
        """Bring the notes into view (a page may keep them in a tab)."""
        if self.notes_tabs is not None and self.notes_holder is not None:
            self.notes_tabs.setCurrentWidget(self.notes_holder)


class NotesStagePage(StagePage):
    """A stage whose work is taking notes of what each person says."""

    uses_notes = True

    def build(self) -> None:
        self.body.addWidget(self.make_notes_holder(), 1)


class StageArea(QWidget):
    """The middle of the case page: the stage's title and guidance over its page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("stageTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.hint = hint_label("")
        self.stack = QStackedWidget()
        # On a small screen (or at 150 %) a page that needs more room than there is
        # scrolls, rather than being squashed until its text overlaps.
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.stack)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.scroll, 1)

    def show_page(self, page: StagePage) -> None:
        """Show ``page`` (added the first time) with its guidance."""
        if self.stack.indexOf(page) < 0:
            self.stack.addWidget(page)
        for row in range(self.stack.count()):
            other = self.stack.widget(row)
            # A hidden page must not make the stack ask for its room: QStackedWidget
            # otherwise takes the largest minimum size of all its pages.
            policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
            other.setSizePolicy(policy, policy)
        self.stack.setCurrentWidget(page)
        self.hint.setText(page.hint)
        self.hint.setHidden(not page.hint)


# -- the keyboard on the case page ------------------------------------------------------------

_TYPING = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)


def is_typing(widget: QWidget | None) -> bool:
    """Tell whether ``widget`` is somewhere the user types, where Esc is not "go back"."""
    if not isinstance(widget, _TYPING):
        return False
    read_only = getattr(widget, "isReadOnly", None)
    return not (callable(read_only) and read_only())


def takes_tab(widget: QWidget, root: QWidget) -> bool:
    """Tell whether Tab can land on ``widget`` (shown under ``root``, enabled, no proxy)."""
    return (
        bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.isEnabled()
        and widget.isVisibleTo(root)
        and widget.focusProxy() is None
    )


def tab_chain(root: QWidget, sections: Sequence[QWidget]) -> list[QWidget]:
    """Return what Tab visits under ``root``: section by section, each top to bottom.

    Pages are built when first shown, so Qt's own focus chain puts them after everything
    built before them; ordering by section keeps Tab going down the screen. Within a
    section the order is the widget tree's, which follows the layouts.
    """
    # findChildren, not nextInFocusChain(): PySide makes the widget a getter returns the
    # Python "child" of the one asked, so walking the focus chain ties every widget's
    # wrapper to the one before it, and deleting any would invalidate the rest.
    found = [w for w in root.findChildren(QWidget) if takes_tab(w, root)]

    def section(candidate: QWidget) -> int:
        for index, part in enumerate(sections):
            if part is candidate or part.isAncestorOf(candidate):
                return index
        return len(sections)

    return sorted(found, key=section)
