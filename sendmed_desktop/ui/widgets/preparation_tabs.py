"""The Preparation stage of a case: people, decision, issues, key dates, calls, meeting, costs.

Each tab saves as the mediator works and emits ``changed``; this widget passes that on (the
case page then refreshes its checklist and timeline) and reloads the other tabs, which may
show what was changed, when they are next shown.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.ui.tasks import TaskGateway
from sendmed_desktop.ui.widgets.adjustments_tab import AdjustmentsTab
from sendmed_desktop.ui.widgets.adviser_tab import AdviserTab
from sendmed_desktop.ui.widgets.calls_tab import CallsTab
from sendmed_desktop.ui.widgets.decision_tab import DecisionTab
from sendmed_desktop.ui.widgets.issues_editor import IssuesEditor
from sendmed_desktop.ui.widgets.meeting_tab import MeetingTab
from sendmed_desktop.ui.widgets.people_tab import PeopleTab
from sendmed_desktop.ui.widgets.preparation_common import scrolled

# Access keys avoid the menu bar's (File, Edit, View, Case, Meeting on G, Help), so Alt+letter
# is never ambiguous in the main window; so do the keys inside each tab.
TAB_TITLES = (
    "&People",
    "&Decision",
    "&Issues",
    "&Adviser and decision to mediate",
    "Ca&lls",
    "&Meeting",
    "Ad&justments and expenses",
)


class PreparationTabs(QTabWidget):
    """One case's preparation, a tab per part; ``changed`` follows every successful save."""

    changed = Signal()

    def __init__(
        self,
        workspace: Workspace,
        case_id: int,
        tasks: TaskGateway,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preparationTabs")
        self.setAccessibleName("Preparation")
        self.setDocumentMode(True)
        self.setUsesScrollButtons(True)
        self.case_id = case_id
        self.people_tab = PeopleTab(workspace, case_id, tasks)
        self.decision_tab = DecisionTab(workspace, case_id, tasks)
        self.issues_editor = IssuesEditor(workspace, case_id, tasks)
        self.adviser_tab = AdviserTab(workspace, case_id, tasks)
        self.calls_tab = CallsTab(workspace, case_id, tasks)
        self.meeting_tab = MeetingTab(workspace, case_id, tasks)
        self.adjustments_tab = AdjustmentsTab(workspace, case_id, tasks)
        self.pages: tuple[QWidget, ...] = (
            self.people_tab,
            self.decision_tab,
            self.issues_editor,
            self.adviser_tab,
            self.calls_tab,
            self.meeting_tab,
            self.adjustments_tab,
        )
        self._stale: set[int] = set()
        for index, (page, title) in enumerate(zip(self.pages, TAB_TITLES, strict=True)):
            self.addTab(scrolled(page), title)
            self.setTabToolTip(index, title.replace("&", ""))
            page.changed.connect(lambda index=index: self._page_changed(index))
        self.currentChanged.connect(self._shown)

    def refresh(self) -> None:
        """Reload every tab from the workspace."""
        self._stale.clear()
        for page in self.pages:
            page.refresh()

    def flush(self) -> bool:
        """Save anything typed and not yet saved; return whether everything is stored."""
        return self.decision_tab.flush()

    def show_page(self, page: QWidget) -> None:
        """Bring the tab holding ``page`` to the front."""
        self.setCurrentIndex(self.pages.index(page))

    def _page_changed(self, index: int) -> None:
        # What one tab saves may show on another (a new person is someone to call or invite).
        self._stale.update(i for i in range(len(self.pages)) if i != index)
        self.changed.emit()

    def _shown(self, index: int) -> None:
        if index in self._stale:
            self._stale.discard(index)
            self.pages[index].refresh()
