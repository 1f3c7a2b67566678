"""Notes of each participant's views: saved as typed, soft-deleted, audited without text."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.domain.confidentiality import (
    ConfidentialityBreach,
    assert_no_confidential_text,
    shareable_content,
)
from sendmed_desktop.domain.vocabulary import Confidentiality, Role, Stage
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.notes import AUDIT_EDIT_INTERVAL_SECONDS, NotesService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.models import AuditEntry, CaseParticipant, Person, ViewNote

SECRET = "Quillon Vantablack said the panel never read Ezmerelda's report"


@dataclass(frozen=True)
class Case:
    id: int
    parent_id: int
    officer_id: int


def _case(workspace: Workspace, reference: str = "SM-2026-0001") -> Case:
    summary = CaseService(workspace).create(
        NewCase(reference, "Alfie Brook", "Testshire", "Jane Brook")
    )
    with workspace.transaction() as session:
        parent_id = session.execute(
            sa.select(CaseParticipant.id).where(
                CaseParticipant.case_id == summary.id, CaseParticipant.role == Role.PARENT_CARER
            )
        ).scalar_one()
        officer = CaseParticipant(
            case_id=summary.id, person=Person(full_name="Sam Patel"), role=Role.LA_OFFICER
        )
        session.add(officer)
        session.flush()
        return Case(summary.id, parent_id, officer.id)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def notes(workspace: Workspace, clock: FakeClock) -> NotesService:
    return NotesService(workspace, clock=clock)


def _audit(workspace: Workspace) -> list[tuple[str, str, int | None, str]]:
    with workspace.transaction() as session:
        rows = session.execute(
            sa.select(
                AuditEntry.action, AuditEntry.entity_type, AuditEntry.entity_id, AuditEntry.detail
            ).order_by(AuditEntry.id)
        )
        return [(r.action, r.entity_type, r.entity_id, r.detail) for r in rows]


def _note_audit(workspace: Workspace) -> list[tuple[str, int | None]]:
    return [(a, i) for a, kind, i, _ in _audit(workspace) if kind == "view_note"]


def test_round_trip_in_order_per_participant(workspace: Workspace, notes: NotesService) -> None:
    case = _case(workspace)
    first = notes.add_note(
        case.id, case.parent_id, Stage.OPENING_STATEMENTS, Confidentiality.SHAREABLE, "Opening."
    )
    second = notes.add_note(case.id, case.officer_id, Stage.EXPLORATION, Confidentiality.PRIVATE)
    general = notes.add_note(case.id, None, Stage.EXPLORATION, Confidentiality.PRIVATE, "Room")

    assert second.text == ""
    assert first.recorded_at.tzinfo is not None
    assert [n.id for n in notes.notes(case.id)] == [first.id, second.id, general.id]
    assert notes.notes(case.id, case.parent_id) == [first]
    assert notes.notes(case.id, case.officer_id) == [second]
    assert notes.note(first.id) == first
    assert notes.notes(_case(workspace, "SM-2026-0002").id) == []


def test_autosave_saves_text_and_moves_updated_at(
    workspace: Workspace, notes: NotesService
) -> None:
    case = _case(workspace)
    note = notes.add_note(case.id, case.parent_id, Stage.EXPLORATION, Confidentiality.PRIVATE)
    saved_at = notes.update_text(note.id, "He was excluded twice")
    again = notes.update_text(note.id, "He was excluded twice this term")

    stored = notes.note(note.id)
    assert stored is not None
    assert stored.text == "He was excluded twice this term"
    assert note.updated_at <= saved_at <= again == stored.updated_at
    assert stored.recorded_at == note.recorded_at  # the note keeps when it was taken


def test_private_session_summary_and_reattribution(
    workspace: Workspace, notes: NotesService
) -> None:
    case = _case(workspace)
    note = notes.add_note(case.id, case.parent_id, Stage.EXPLORATION, Confidentiality.PRIVATE)
    notes.update_text(note.id, f"{SECRET}. They would accept a tribunal-style review.")
    notes.update_note(
        note.id,
        confidentiality=Confidentiality.PRIVATE_SESSION,
        shareable_summary="They would accept a tribunal-style review.",
        participant_id=case.officer_id,
    )
    stored = notes.note(note.id)
    assert stored is not None
    assert stored.confidentiality is Confidentiality.PRIVATE_SESSION
    assert stored.participant_id == case.officer_id
    assert [s.text for s in shareable_content(notes.notes(case.id))] == [
        "They would accept a tribunal-style review."
    ]
    with pytest.raises(ConfidentialityBreach):
        assert_no_confidential_text(f"Agreement: {SECRET}.", notes.notes(case.id))
    assert_no_confidential_text("They would accept a tribunal-style review.", notes.notes(case.id))
    notes.update_note(note.id, shareable_summary=None)
    assert shareable_content(notes.notes(case.id)) == []


def test_participant_must_belong_to_the_case(workspace: Workspace, notes: NotesService) -> None:
    case = _case(workspace)
    other = _case(workspace, "SM-2026-0002")
    with pytest.raises(ValidationError, match="not part of this case"):
        notes.add_note(case.id, other.parent_id, None, Confidentiality.PRIVATE)
    note = notes.add_note(case.id, case.parent_id, None, Confidentiality.PRIVATE, "kept")
    with pytest.raises(ValidationError, match="not part of this case"):
        notes.update_note(note.id, participant_id=other.parent_id)
    assert notes.note(note.id) == note
    with pytest.raises(ValidationError, match="no longer exists"):
        notes.add_note(9999, None, None, Confidentiality.PRIVATE)


def test_soft_delete_undo_and_purge(workspace: Workspace, notes: NotesService) -> None:
    case = _case(workspace)
    kept = notes.add_note(case.id, case.parent_id, None, Confidentiality.PRIVATE, "kept")
    binned = notes.add_note(case.id, case.parent_id, None, Confidentiality.PRIVATE, SECRET)

    notes.delete_note(binned.id)
    notes.delete_note(binned.id)  # twice is harmless
    assert [n.id for n in notes.notes(case.id)] == [kept.id]
    listed = notes.notes(case.id, include_deleted=True)
    assert [n.id for n in listed] == [kept.id, binned.id]
    assert listed[1].deleted_at is not None
    with pytest.raises(ValidationError, match="Restore it"):
        notes.update_text(binned.id, "typed after deleting")

    restored = notes.restore_note(binned.id)
    assert restored.deleted_at is None
    assert restored.text == SECRET
    assert [n.id for n in notes.notes(case.id)] == [kept.id, binned.id]

    notes.delete_note(binned.id)
    assert notes.purge_deleted(case.id) == 1
    assert notes.note(binned.id) is None
    assert [n.id for n in notes.notes(case.id, include_deleted=True)] == [kept.id]
    with pytest.raises(ValidationError, match="removed for good"):
        notes.restore_note(binned.id)
    with pytest.raises(ValidationError, match="removed for good"):
        notes.update_text(binned.id, "too late")
    assert notes.purge_deleted(case.id) == 0


def test_audit_names_ids_only_and_is_throttled(
    workspace: Workspace, notes: NotesService, clock: FakeClock
) -> None:
    case = _case(workspace)
    note = notes.add_note(case.id, case.parent_id, None, Confidentiality.PRIVATE)
    for length in range(1, len(SECRET) + 1):  # one autosave per keystroke
        notes.update_text(note.id, SECRET[:length])
    notes.update_note(note.id, shareable_summary=f"{SECRET} (summary)")
    clock.now += AUDIT_EDIT_INTERVAL_SECONDS
    notes.update_text(note.id, SECRET + ".")
    notes.update_note(note.id, confidentiality=Confidentiality.PRIVATE_SESSION)
    notes.update_note(note.id, confidentiality=Confidentiality.PRIVATE_SESSION)  # no change
    notes.delete_note(note.id)
    notes.restore_note(note.id)

    assert _note_audit(workspace) == [
        ("create", note.id),
        ("update", note.id),  # the first keystroke
        ("update", note.id),  # a minute later
        ("update", note.id),  # who may see it changed: always recorded
        ("delete", note.id),
        ("restore", note.id),
    ]
    for row in _audit(workspace):
        assert "Quillon" not in repr(row)
        assert "Vantablack" not in repr(row)
    with workspace.transaction() as session:
        assert audit.first_broken_entry(session) is None


def test_text_is_not_in_plain_bytes_in_the_database_or_wal(
    workspace: Workspace, notes: NotesService
) -> None:
    case = _case(workspace)
    note = notes.add_note(case.id, case.parent_id, None, Confidentiality.PRIVATE)
    notes.update_text(note.id, SECRET)
    with workspace.engine.connect() as connection:
        # Prove it really was stored, with the WAL still holding the newest pages.
        stored = connection.execute(sa.select(ViewNote.text)).scalar_one()
        files = {
            path.name: path.read_bytes()
            for path in workspace.paths.root.iterdir()
            if path.name.startswith(workspace.paths.database.name)
        }
    assert stored == SECRET
    assert any(name.endswith("-wal") and data for name, data in files.items())
    for name, data in files.items():
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert "Vantablack".encode(encoding) not in data, f"note text readable in {name}"
