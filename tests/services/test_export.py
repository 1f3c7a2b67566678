"""Exporting the sealed agreement, and checking a file, through the services."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from sendmed_desktop.documents.seal import SealStatus
from sendmed_desktop.domain.vocabulary import Confidentiality
from sendmed_desktop.security.signing import identity_path
from sendmed_desktop.services import saving
from sendmed_desktop.services.agreements import AgreementService
from sendmed_desktop.services.demo import DEMO_MEDIATOR, SIGNED_DEMO_REFERENCE, seed_demo
from sendmed_desktop.services.documents import EXPORTERS, export_agreement, verify_file
from sendmed_desktop.services.errors import ValidationError, WorkspaceError
from sendmed_desktop.services.notes import NotesService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.models import AuditEntry
from sendmed_desktop.storage.repositories import CaseRepository

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


@pytest.fixture
def demo(workspace: Workspace) -> Workspace:
    seed_demo(workspace)
    return workspace


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Return an empty folder for the exports, apart from the workspace's."""
    made = tmp_path / "out"
    made.mkdir()
    return made


def case_id(workspace: Workspace, reference: str) -> int:
    with workspace.transaction() as session:
        found = CaseRepository(session).id_for_reference(reference)
    assert found is not None
    return found


def test_export_writes_a_sealed_private_file(demo: Workspace, folder: Path) -> None:
    out = folder / "agreement.pdf"
    assert export_agreement(demo, SIGNED_DEMO_REFERENCE, out) == out
    assert out.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in folder.iterdir()] == ["agreement.pdf"]  # no temp copy left
    check = verify_file(demo, out)
    assert check.status is SealStatus.INTACT, check.message
    assert check.signer_name == DEMO_MEDIATOR
    assert identity_path(demo).exists()
    with demo.transaction() as session:
        entry = session.query(AuditEntry).order_by(AuditEntry.id.desc()).first()
        assert entry is not None
        assert (entry.action, entry.entity_type) == ("export", "case")
        assert entry.detail.startswith("agreement v1 sealed ")


@posix_only
def test_the_exported_file_is_owner_only(demo: Workspace, folder: Path) -> None:
    out = export_agreement(demo, SIGNED_DEMO_REFERENCE, folder / "a.pdf")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_folder_gets_a_file_name(demo: Workspace, folder: Path) -> None:
    out = export_agreement(demo, SIGNED_DEMO_REFERENCE, folder)
    assert out == folder / "Mediation agreement DEMO-0001 v1.pdf"
    assert out.is_file()


def test_every_export_uses_the_same_identity(demo: Workspace, folder: Path) -> None:
    first = verify_file(demo, export_agreement(demo, SIGNED_DEMO_REFERENCE, folder / "1.pdf"))
    second = verify_file(demo, export_agreement(demo, SIGNED_DEMO_REFERENCE, folder / "2.pdf"))
    assert first.fingerprint == second.fingerprint


def test_the_kinds_of_export_match_the_command_line() -> None:
    from sendmed_desktop.cli import DOCUMENT_KINDS

    assert set(DOCUMENT_KINDS) == set(EXPORTERS)


def test_an_unknown_case_is_a_plain_message(demo: Workspace, folder: Path) -> None:
    with pytest.raises(ValidationError, match="no case with reference NOPE-1"):
        export_agreement(demo, "NOPE-1", folder / "a.pdf")
    assert list(folder.iterdir()) == []


def test_a_case_without_an_agreement_is_a_plain_message(demo: Workspace, folder: Path) -> None:
    with pytest.raises(ValidationError, match="DEMO-0002 has no written agreement yet"):
        export_agreement(demo, "DEMO-0002", folder / "a.pdf")


def test_an_unsigned_new_version_is_not_exported(demo: Workspace, folder: Path) -> None:
    AgreementService(demo).new_version(case_id(demo, SIGNED_DEMO_REFERENCE))
    with pytest.raises(ValidationError, match=r"Version 2 .* has not been signed yet"):
        export_agreement(demo, SIGNED_DEMO_REFERENCE, folder / "a.pdf")
    with pytest.raises(ValidationError, match="was replaced by version 2"):
        export_agreement(demo, SIGNED_DEMO_REFERENCE, folder / "a.pdf", version=1)
    with pytest.raises(ValidationError, match="no version 7"):
        export_agreement(demo, SIGNED_DEMO_REFERENCE, folder / "a.pdf", version=7)


def test_signatures_that_do_not_match_are_refused(
    demo: Workspace, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = AgreementService.signed_agreement

    def edited(self: AgreementService, case: int, version: int | None = None):  # type: ignore[no-untyped-def]
        signed = real(self, case, version)
        return replace(signed, content=replace(signed.content, venue="Somewhere else"))

    monkeypatch.setattr(AgreementService, "signed_agreement", edited)
    with pytest.raises(ValidationError, match="changed since it was signed"):
        export_agreement(demo, SIGNED_DEMO_REFERENCE, folder / "a.pdf")
    assert list(folder.iterdir()) == []


def test_a_missing_folder_is_refused(demo: Workspace, folder: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        export_agreement(demo, SIGNED_DEMO_REFERENCE, folder / "nowhere" / "a.pdf")
    assert list(folder.iterdir()) == []


@posix_only
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores modes")
def test_a_read_only_folder_is_refused(demo: Workspace, folder: Path) -> None:
    read_only = folder / "read-only"
    read_only.mkdir()
    read_only.chmod(0o500)
    try:
        with pytest.raises(WorkspaceError, match="may not save files"):
            export_agreement(demo, SIGNED_DEMO_REFERENCE, read_only / "a.pdf")
    finally:
        read_only.chmod(0o700)
    assert list(read_only.iterdir()) == []


def test_a_write_failure_is_a_plain_message(
    demo: Workspace, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(saving, "write_private_file", refuse)
    with pytest.raises(WorkspaceError, match="may not save files in"):
        export_agreement(demo, SIGNED_DEMO_REFERENCE, folder / "a.pdf")


def test_confidential_note_text_stops_the_export(demo: Workspace, folder: Path) -> None:
    case = case_id(demo, SIGNED_DEMO_REFERENCE)
    printed = AgreementService(demo).signed_agreement(case).content.actions[0].measure
    notes = NotesService(demo)
    text = f"Mum was upset about the delay. {printed}."
    note = notes.add_note(case, None, None, Confidentiality.PRIVATE, text)
    with pytest.raises(ValidationError, match=f"confidential note \\(note {note.id}\\)"):
        export_agreement(demo, SIGNED_DEMO_REFERENCE, folder / "a.pdf")
    assert list(folder.iterdir()) == []
    # A deleted note is still confidential.
    notes.delete_note(note.id)
    with pytest.raises(ValidationError, match="confidential note"):
        export_agreement(demo, SIGNED_DEMO_REFERENCE, folder / "a.pdf")
    # Marked shareable by agreement, the same words may go out.
    notes.restore_note(note.id)
    notes.update_note(note.id, confidentiality=Confidentiality.SHAREABLE)
    assert export_agreement(demo, SIGNED_DEMO_REFERENCE, folder / "a.pdf").is_file()


def test_verify_file_reports_changes_and_missing_files(demo: Workspace, folder: Path) -> None:
    out = export_agreement(demo, SIGNED_DEMO_REFERENCE, folder / "a.pdf")
    data = bytearray(out.read_bytes())
    title = data.find(b"(Mediation agreement DEMO-0001")
    data[title + 1] ^= 0x01
    tampered = folder / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    assert verify_file(demo, tampered).status is SealStatus.ALTERED
    with pytest.raises(WorkspaceError, match="There is no file at"):
        verify_file(demo, folder / "missing.pdf")
    with pytest.raises(WorkspaceError, match="There is no file at"):
        verify_file(demo, folder)  # a folder is not a file
