"""Stage 3, Opening statements: each party says where they stand, the family first."""

from __future__ import annotations

from sendmed_desktop.domain.vocabulary import Stage
from sendmed_desktop.ui.pages.stage_page import NotesStagePage


class OpeningStatementsStagePage(NotesStagePage):
    """Notes of each opening statement, under the name of whoever made it."""

    stage = Stage.OPENING_STATEMENTS
    hint = (
        "The parent or young person speaks first, then the local authority, and the ICB "
        "where health is in dispute. Choose the person on the left and note what they say."
    )
