"""Stage 6, Exploration and private sessions: each issue explored, some of it in private."""

from __future__ import annotations

from sendmed_desktop.domain.vocabulary import Stage
from sendmed_desktop.ui.pages.stage_page import NotesStagePage

PRIVATE_SESSION_HINT = (
    "Private-session notes are kept back: they stay with you and never go into the "
    "agreement or to the other parties. Only what a party allows to be shared does."
)


class ExplorationStagePage(NotesStagePage):
    """Notes of the discussion of each issue, including private sessions."""

    stage = Stage.EXPLORATION
    hint = PRIVATE_SESSION_HINT
