"""Private note text never reaches anything the app writes or shares.

This covers every output the app produces today: the log files; every other file in the
workspace folder (settings, the key header, backups, and the encrypted database with its
WAL and shared-memory files, which must hold no note text in plain bytes); the audit
trail, which can be shown or exported; ``shareable_content``, the one gate for what may be
shared; and the documents: the sealed agreement and certificate and fresh drafts of both.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from sendmed_desktop.domain.confidentiality import (
    assert_no_confidential_text,
    shareable_content,
)
from sendmed_desktop.domain.vocabulary import ChildViewsMethod, Confidentiality, Role, Stage
from sendmed_desktop.logging_setup import configure_logging
from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.services.child_views import ChildViewsEntry, ChildViewsService
from sendmed_desktop.services.demo import seed_demo
from sendmed_desktop.services.health import check_workspace
from sendmed_desktop.services.intake import IntakeService
from sendmed_desktop.services.notes import NotesService
from sendmed_desktop.services.workspace import Workspace, open_workspace
from sendmed_desktop.storage.models import AuditEntry
from sendmed_desktop.storage.repositories import CaseRepository
from tests.conftest import TEST_PASSPHRASE

# Distinctive words that occur nowhere else, so finding one means the text leaked.
PRIVATE = "Quokkafern: mum mentioned rent arrears and a tribunal she fears."
SESSION = "Pangolinwisp: dad would drop the placement appeal for extra therapy."
SUMMARY = "The family would consider a phased start in January."
ONCE_SHAREABLE = "Marmosetglow: the officer admitted the panel missed the report."
DELETED = "Axolotlbrim: grandmother's health is failing, said privately."
CHILD_VIEWS = "Narwhalquill: I hate the dinner hall and hide in the toilets."
CHILD_MAY_SHARE = "Prefers a quiet space at lunchtime."
SECRETS = ("Quokkafern", "Pangolinwisp", "Marmosetglow", "Axolotlbrim", "Narwhalquill")


def encodings(word: str) -> list[bytes]:
    """Return ``word`` as the bytes any writer might have used for it."""
    return [word.encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be")] + [
        word.lower().encode("utf-8"),
        word.upper().encode("utf-8"),
    ]


def leaks_in_files(root: Path) -> list[str]:
    """Return ``file: word`` for every secret word found in any file under ``root``."""
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found.extend(
            f"{path.relative_to(root)}: {word}"
            for word in SECRETS
            if any(encoded in data for encoded in encodings(word))
        )
    return found


@pytest.fixture
def logged(workspace_paths: WorkspacePaths) -> Iterator[Path]:
    """Log as the app does, at the most detailed level, into the workspace's log folder."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    path = configure_logging(workspace_paths.logs, verbose=True)
    yield path
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def _case_id(workspace: Workspace, reference: str) -> int:
    with workspace.transaction() as session:
        found = CaseRepository(session).id_for_reference(reference)
    assert found is not None
    return found


def _take_notes(workspace: Workspace, case_id: int) -> None:
    """Write notes the way the notes panel does: start, autosave as typed, reclassify."""
    service = NotesService(workspace)
    people = IntakeService(workspace).participants(case_id)
    parent = next(p for p in people if p.role is Role.PARENT_CARER)
    officer = next(p for p in people if p.role is Role.LA_OFFICER)

    private = service.add_note(case_id, parent.id, Stage.EXPLORATION, Confidentiality.PRIVATE)
    for end in range(10, len(PRIVATE) + 10, 10):  # autosave while typing
        service.update_text(private.id, PRIVATE[:end])

    session_note = service.add_note(
        case_id, parent.id, Stage.EXPLORATION, Confidentiality.PRIVATE_SESSION, SESSION
    )
    service.update_note(session_note.id, shareable_summary=SUMMARY)

    changed = service.add_note(
        case_id, officer.id, Stage.OPTIONS, Confidentiality.SHAREABLE, ONCE_SHAREABLE
    )
    service.update_note(changed.id, confidentiality=Confidentiality.PRIVATE)

    deleted = service.add_note(case_id, None, Stage.CLOSE, Confidentiality.PRIVATE, DELETED)
    service.delete_note(deleted.id)
    service.restore_note(deleted.id)
    service.delete_note(deleted.id)

    child = next(p for p in people if p.role is Role.CHILD)
    ChildViewsService(workspace).record(
        case_id,
        ChildViewsEntry(
            child_participant_id=child.id,
            method=ChildViewsMethod.MET_MEDIATOR,
            sought_by="Helen Marsh",
            consent_given=True,
            may_share=CHILD_MAY_SHARE,
            views_text=CHILD_VIEWS,
        ),
    )


def test_private_text_stays_inside_the_encrypted_database(
    logged: Path, workspace: Workspace, workspace_paths: WorkspacePaths
) -> None:
    seed_demo(workspace)
    case_id = _case_id(workspace, "DEMO-0002")
    _take_notes(workspace, case_id)
    assert check_workspace(workspace).ok

    # What may leave the mediator: shareable notes and the allowed summary only.
    notes = NotesService(workspace).notes(case_id, include_deleted=True)
    assert {n.text for n in notes} >= {PRIVATE, SESSION, ONCE_SHAREABLE, DELETED}
    shared = [item.text for item in shareable_content(notes)]
    assert shared == [SUMMARY]
    assert_no_confidential_text("\n".join(shared), notes)
    views = ChildViewsService(workspace).shareable_summary_for_agreement(case_id)
    assert views == CHILD_MAY_SHARE

    # The audit trail names records, never their words.
    with workspace.transaction() as session:
        trail = " ".join(
            f"{entry.actor} {entry.action} {entry.entity_type} {entry.detail}"
            for entry in session.execute(sa.select(AuditEntry)).scalars()
        )
    assert "view_note" in trail
    assert not [word for word in SECRETS if word.lower() in trail.lower()]

    # Files, while the database is open (the WAL holds the latest pages) ...
    assert workspace_paths.database.with_name("sendmed.db-wal").exists()
    assert leaks_in_files(workspace_paths.root) == []
    workspace.close()
    # ... after closing, and after opening again as the app does after a restart.
    assert leaks_in_files(workspace_paths.root) == []
    reopened = open_workspace(workspace_paths, passphrase=TEST_PASSPHRASE)
    try:
        assert NotesService(reopened).notes(case_id)[-1].text == ONCE_SHAREABLE
    finally:
        reopened.close()
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert logged.stat().st_size > 0, "nothing was logged, so the log check proved nothing"
    assert leaks_in_files(workspace_paths.root) == []


def test_a_failed_save_logs_no_note_text(
    logged: Path, workspace: Workspace, workspace_paths: WorkspacePaths
) -> None:
    service = NotesService(workspace)
    seed_demo(workspace)
    note = service.add_note(
        _case_id(workspace, "DEMO-0002"), None, Stage.EXPLORATION, Confidentiality.PRIVATE
    )
    # The database refuses the write, as it would on a full disk or a damaged file.
    with workspace.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE UPDATE ON view_notes "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
    with pytest.raises(sa.exc.DatabaseError) as failed:
        service.update_text(note.id, PRIVATE)
    # What the app's error paths do with an unexpected error: log it, traceback and all.
    logging.getLogger("sendmed_desktop.ui.tasks").error(
        "unexpected error: %s", type(failed.value).__name__, exc_info=failed.value
    )
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert leaks_in_files(workspace_paths.logs) == []


def test_documents_built_after_the_notes_hold_none_of_them(
    workspace: Workspace, tmp_path: Path
) -> None:
    """The sealed agreement and certificate, and fresh drafts of both, hold no note text."""
    import io

    from pypdf import PdfReader

    from sendmed_desktop.documents.agreement_pdf import render_agreement
    from sendmed_desktop.domain.vocabulary import CertificateKind
    from sendmed_desktop.services.agreements import AgreementService
    from sendmed_desktop.services.certificates import CertificateService
    from sendmed_desktop.services.documents import export_agreement, export_certificate

    seed_demo(workspace)
    case_id = _case_id(workspace, "DEMO-0001")
    _take_notes(workspace, case_id)
    documents = {
        "agreement": export_agreement(workspace, "DEMO-0001", tmp_path / "a.pdf").read_bytes(),
        "certificate": export_certificate(workspace, "DEMO-0001", tmp_path / "c.pdf").read_bytes(),
        # Built now, from the case as it is after the notes were taken.
        "draft certificate": CertificateService(workspace).preview_pdf(
            case_id, CertificateKind.AFTER_MEDIATION
        ),
        "agreement content": render_agreement(
            AgreementService(workspace).signed_agreement(case_id)
        ),
    }
    for name, pdf in documents.items():
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert "Tobi Okafor" in text, name  # the text really was read
        for word in (*SECRETS, SESSION, CHILD_VIEWS):
            assert word not in text, f"{word!r} in the {name}"
