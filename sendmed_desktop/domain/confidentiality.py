"""The one gate between the mediator's notes and anything that leaves the mediator.

Mediation discussions are confidential (domain.md §1): private notes stay with the
mediator, a private-session note may release only the summary its party allowed, and only
shareable notes may reach the written agreement. Every document is built from
``shareable_content`` and checked with ``assert_no_confidential_text`` before it is written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sendmed_desktop.domain.vocabulary import Confidentiality, Stage

# Shorter fragments ("Yes.", "No agreement") occur in any document by chance; a tripwire
# that fired on them would be switched off, which is worse than one that ignores them.
MEANINGFUL_LENGTH = 12

# PDF text extraction and word processors swap these freely; compare them as one.
_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00ad": None,  # soft hyphen: invisible, often left behind by extraction
        "\u200b": None,  # zero-width space
    }
)
_WHITESPACE = re.compile(r"\s+")
# Sentence ends and line breaks: a leak of one private sentence is still a leak.
_FRAGMENT_BREAK = re.compile(r"(?<=[.!?;])\s+|\n+")
# List bullets, numbering and closing punctuation change when a sentence is reused.
_EDGE_MARKS = re.compile(r"^[\W_\d]*\s|^[\W_]+|[\W_]+$")


class NoteLike(Protocol):
    """What the gate needs to know about a note; ``NoteView`` is one."""

    @property
    def id(self) -> int | None: ...

    @property
    def participant_id(self) -> int | None: ...

    @property
    def stage(self) -> Stage | None: ...

    @property
    def confidentiality(self) -> Confidentiality: ...

    @property
    def text(self) -> str: ...

    @property
    def shareable_summary(self) -> str | None: ...

    @property
    def deleted_at(self) -> datetime | None: ...


@dataclass(frozen=True)
class SharedNote:
    """Content that may leave the mediator, with where it came from.

    It deliberately carries no reference to the note itself, so a document cannot reach
    a private-session note's text through it.
    """

    text: str
    note_id: int | None
    participant_id: int | None
    stage: Stage | None
    # True when ``text`` is the summary a party allowed from a private session.
    from_private_session: bool


class ConfidentialityBreach(Exception):  # noqa: N818 - the name says what happened
    """A document would reveal confidential note text; nothing should be written.

    The message names note ids only, never the text, because exceptions are logged.
    """

    def __init__(self, note_ids: list[int | None]) -> None:
        self.note_ids = note_ids
        named = ", ".join(str(i) for i in note_ids if i is not None) or "unsaved"
        super().__init__(
            "This document contains words from a confidential note "
            f"(note {named}), so it was not written. Remove that text, or mark the note "
            "as shareable if everyone agreed it can be shared."
        )


def _summary(note: NoteLike) -> str:
    return (note.shareable_summary or "").strip()


def shareable_content(notes: Iterable[NoteLike]) -> list[SharedNote]:
    """Return only what may leave the mediator, in the order given.

    Shareable notes give their text; private-session notes give their non-empty summary
    and never their text; private notes and deleted notes give nothing.
    """
    shared = []
    for note in notes:
        if note.deleted_at is not None:
            continue
        if note.confidentiality is Confidentiality.SHAREABLE:
            content, from_session = note.text.strip(), False
        elif note.confidentiality is Confidentiality.PRIVATE_SESSION:
            content, from_session = _summary(note), True
        else:
            continue
        if content:
            shared.append(
                SharedNote(
                    text=content,
                    note_id=note.id,
                    participant_id=note.participant_id,
                    stage=note.stage,
                    from_private_session=from_session,
                )
            )
    return shared


def normalise(text: str) -> str:
    """Return ``text`` folded for comparison: NFKC, case, quotes, dashes and spaces."""
    folded = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHIC).casefold()
    return _WHITESPACE.sub(" ", folded).strip()


def _fragments(text: str) -> set[str]:
    """Return the normalised whole of ``text`` and each of its sentences and lines.

    Bullets, numbering and punctuation at either end are dropped; only pieces of at least
    ``MEANINGFUL_LENGTH`` characters are returned.
    """
    pieces = [text, *_FRAGMENT_BREAK.split(text)]
    cleaned = (_EDGE_MARKS.sub("", normalise(piece)) for piece in pieces)
    return {fragment for fragment in cleaned if len(fragment) >= MEANINGFUL_LENGTH}


def assert_no_confidential_text(
    document_text: str, notes: Iterable[NoteLike], *, released: Iterable[str] = ()
) -> None:
    """Raise ConfidentialityBreach if the document holds a confidential note's words.

    Confidential words are a private note's text, and a private-session note's text
    beyond its allowed summary (the summary itself is shareable content): the whole text
    and each sentence or line of it, of at least ``MEANINGFUL_LENGTH`` characters after
    ``normalise``. A piece that lies within shareable content, or within ``released``
    (text the parties released by another route, such as a proposal or an agreed
    action), is allowed. Deleted notes are checked too: deleting a note does not make it
    shareable. This is a tripwire, not a proof: a paraphrase, or a word split by a hyphen
    at a line end, will not trip it.
    """
    every_note = list(notes)
    document = normalise(document_text)
    allowed = [normalise(shared.text) for shared in shareable_content(every_note)]
    allowed.extend(normalise(text) for text in released)
    breached: list[int | None] = []
    for note in every_note:
        if note.confidentiality is Confidentiality.SHAREABLE:
            continue
        leaked = [
            fragment
            for fragment in _fragments(note.text)
            if fragment in document and not any(fragment in passage for passage in allowed)
        ]
        if leaked:
            breached.append(note.id)
    if breached:
        raise ConfidentialityBreach(breached)
