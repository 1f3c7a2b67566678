"""The confidentiality gate: only shareable content leaves, and the tripwire catches leaks."""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from sendmed_desktop.domain.confidentiality import (
    MEANINGFUL_LENGTH,
    ConfidentialityBreach,
    SharedNote,
    assert_no_confidential_text,
    normalise,
    shareable_content,
)
from sendmed_desktop.domain.vocabulary import Confidentiality, Stage

PRIVATE = Confidentiality.PRIVATE
SESSION = Confidentiality.PRIVATE_SESSION
SHAREABLE = Confidentiality.SHAREABLE
DELETED_AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Note:
    confidentiality: Confidentiality
    text: str
    shareable_summary: str | None = None
    id: int | None = 1
    participant_id: int | None = 7
    stage: Stage | None = Stage.EXPLORATION
    deleted_at: datetime | None = None


KEPT_BACK = "Mum is frightened the school will exclude him again."
SESSION_SUMMARY = "She will accept a phased return if the LA funds a full-time assistant."
SESSION_TEXT = f"{KEPT_BACK} {SESSION_SUMMARY}"


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        pytest.param(Note(SHAREABLE, "  The LA will assess.  "), "The LA will assess.", id="share"),
        pytest.param(Note(PRIVATE, "Dad distrusts the caseworker."), None, id="private"),
        pytest.param(
            Note(PRIVATE, "Dad distrusts the caseworker.", "left-over summary"),
            None,
            id="private-with-summary",
        ),
        pytest.param(Note(SESSION, SESSION_TEXT, SESSION_SUMMARY), SESSION_SUMMARY, id="summary"),
        pytest.param(Note(SESSION, SESSION_TEXT, "   "), None, id="blank-summary"),
        pytest.param(Note(SESSION, SESSION_TEXT, None), None, id="no-summary"),
        pytest.param(Note(SHAREABLE, "   "), None, id="empty-shareable"),
        pytest.param(
            Note(SHAREABLE, "Deleted words.", deleted_at=DELETED_AT), None, id="deleted-shareable"
        ),
        pytest.param(
            Note(SESSION, SESSION_TEXT, SESSION_SUMMARY, deleted_at=DELETED_AT),
            None,
            id="deleted-session",
        ),
    ],
)
def test_shareable_content_releases_only_what_may_leave(note: Note, expected: str | None) -> None:
    shared = shareable_content([note])
    assert [item.text for item in shared] == ([] if expected is None else [expected])
    for item in shared:
        # The session's own words never travel, not even in a field nobody prints.
        assert "frightened" not in repr(dataclasses.astuple(item))


def test_shared_content_keeps_order_and_attribution_but_no_note() -> None:
    notes = [
        Note(SHAREABLE, "First shareable point.", id=1, participant_id=10),
        Note(PRIVATE, "Nobody sees this.", id=2),
        Note(SESSION, SESSION_TEXT, SESSION_SUMMARY, id=3, participant_id=11, stage=None),
    ]
    assert shareable_content(notes) == [
        SharedNote("First shareable point.", 1, 10, Stage.EXPLORATION, from_private_session=False),
        SharedNote(SESSION_SUMMARY, 3, 11, None, from_private_session=True),
    ]
    assert {field.name for field in dataclasses.fields(SharedNote)}.isdisjoint({"note", "source"})


PRIVATE_TEXT = "Dad said the caseworker has never once returned his calls"
BULLETS = "- wants a full-time assistant\n- worried about the taxi to school"
NFC_TEXT = unicodedata.normalize("NFC", "Zoë's mother fears the école transfer")
EXACT_SHORT = "x" * (MEANINGFUL_LENGTH - 1)
EXACT_LONG = "y" * MEANINGFUL_LENGTH


@pytest.mark.parametrize(
    ("document", "notes", "breach"),
    [
        pytest.param(f"Agreement. {PRIVATE_TEXT}. End.", [Note(PRIVATE, PRIVATE_TEXT)], True,
                     id="private-verbatim"),
        pytest.param("DAD SAID THE CASEWORKER has never\n once   returned his calls",
                     [Note(PRIVATE, PRIVATE_TEXT)], True, id="case-and-line-wrap"),
        pytest.param("Agreement text only.", [Note(PRIVATE, PRIVATE_TEXT)], False,
                     id="private-absent"),
        pytest.param("", [Note(PRIVATE, PRIVATE_TEXT)], False, id="empty-document"),
        pytest.param("He said \u201cnot in my school\u201d \u2013 twice.",
                     [Note(PRIVATE, 'He said "not in my school" - twice.')], True,
                     id="typographic-quotes-and-dashes"),
        pytest.param(unicodedata.normalize("NFD", NFC_TEXT), [Note(PRIVATE, NFC_TEXT)], True,
                     id="unicode-decomposed"),
        pytest.param("The \ufb01nal o\ufb00er was refused",
                     [Note(PRIVATE, "The final offer was refused")], True, id="unicode-ligatures"),
        pytest.param("I said no. No.", [Note(PRIVATE, "No.")], False, id="short-note-ignored"),
        pytest.param("Agreed: two hours each week, reviewed in July",
                     [Note(PRIVATE, "1. Two hours.\n2. In July.")], False,
                     id="short-sentences-of-a-longer-note-ignored"),
        pytest.param("Agreed: 1) The school will apply for top-up funding, 2) ...",
                     [Note(PRIVATE, "3. The school will apply for top-up funding.")], True,
                     id="numbering-and-full-stop-ignored"),
        pytest.param(f"a {EXACT_SHORT} b", [Note(PRIVATE, EXACT_SHORT)], False,
                     id="just-under-meaningful"),
        pytest.param(f"a {EXACT_LONG} b", [Note(PRIVATE, EXACT_LONG)], True, id="meaningful"),
        pytest.param("Actions: worried about the taxi to school",
                     [Note(PRIVATE, BULLETS)], True, id="one-line-of-a-list"),
        pytest.param(SESSION_SUMMARY, [Note(SESSION, SESSION_TEXT, SESSION_SUMMARY)], False,
                     id="text-contains-summary-only-summary-shown"),
        pytest.param(f"Agreed: {SESSION_SUMMARY} {KEPT_BACK}",
                     [Note(SESSION, SESSION_TEXT, SESSION_SUMMARY)], True,
                     id="summary-plus-a-kept-back-sentence"),
        pytest.param(SESSION_TEXT, [Note(SESSION, SESSION_TEXT, SESSION_SUMMARY)], True,
                     id="whole-session-text"),
        pytest.param(SESSION_SUMMARY, [Note(SESSION, SESSION_TEXT, "")], True,
                     id="no-summary-allowed"),
        pytest.param(SESSION_SUMMARY,
                     [Note(SESSION, SESSION_TEXT, SESSION_SUMMARY, deleted_at=DELETED_AT)], True,
                     id="deleted-session-releases-nothing"),
        pytest.param(PRIVATE_TEXT, [Note(PRIVATE, PRIVATE_TEXT, deleted_at=DELETED_AT)], True,
                     id="deleted-private-still-private"),
        pytest.param(PRIVATE_TEXT, [Note(SHAREABLE, PRIVATE_TEXT)], False, id="shareable"),
        pytest.param(PRIVATE_TEXT, [Note(PRIVATE, PRIVATE_TEXT, id=1),
                                    Note(SHAREABLE, f"Minutes: {PRIVATE_TEXT}.", id=2)], False,
                     id="same-words-released-by-a-shareable-note"),
    ],
)  # fmt: skip
def test_tripwire(document: str, notes: list[Note], breach: bool) -> None:
    if breach:
        with pytest.raises(ConfidentialityBreach):
            assert_no_confidential_text(document, notes)
    else:
        assert_no_confidential_text(document, notes)


def test_released_text_is_allowed_but_only_that() -> None:
    note = Note(PRIVATE, "The LA will fund twelve sessions of speech therapy.")
    assert_no_confidential_text(
        "Action 1: The LA will fund twelve sessions of speech therapy.",
        [note],
        released=["The LA will fund twelve sessions of speech therapy."],
    )
    with pytest.raises(ConfidentialityBreach):
        assert_no_confidential_text(
            "Action 1: The LA will fund twelve sessions of speech therapy.",
            [note],
            released=["Something else entirely was agreed."],
        )


def test_breach_names_the_notes_but_never_their_words() -> None:
    notes = [Note(PRIVATE, PRIVATE_TEXT, id=41), Note(PRIVATE, "Unrelated private note.", id=42)]
    with pytest.raises(ConfidentialityBreach) as caught:
        assert_no_confidential_text(f"... {PRIVATE_TEXT} ...", notes)
    assert caught.value.note_ids == [41]
    assert "41" in str(caught.value)
    assert "caseworker" not in str(caught.value).casefold()


def test_normalise_folds_what_extraction_changes() -> None:
    assert normalise("  Zoë’s\u00a0\n\tPLAN\u00ad — ﬁne ") == "zoë's plan - fine"
