"""Subject-access export: everything held about one person, as JSON and a readable PDF.

Each case stores its own copy of the people in it, so one human may have several entries
(an officer in ten cases, a parent in two). The user finds entries by name, email or case
reference and chooses every entry that is the person; choosing one entry also takes in
any other part the same stored person has.

Private and private-session notes never reach either file: they are counted and the
reader is told they are withheld as confidential to the mediation, so the data controller
can decide. Both files are checked against every note of the cases before anything is
written, then written owner-only and atomically; if the second cannot be written, the
first is removed, so the folder never holds half an export.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sendmed_desktop.documents.formatting import ENGLAND
from sendmed_desktop.documents.subject_access_pdf import (
    CaseSection,
    Controller,
    Record,
    SubjectAccessExport,
    Value,
    Withheld,
    render_subject_access,
    withheld_sentences,
)
from sendmed_desktop.domain.confidentiality import (
    ConfidentialityBreach,
    assert_no_confidential_text,
    normalise,
)
from sendmed_desktop.domain.vocabulary import LabelledEnum, Role
from sendmed_desktop.services.errors import ValidationError, WorkspaceError
from sendmed_desktop.services.saving import write_document
from sendmed_desktop.services.subject_access_records import case_export
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.models import CaseParticipant, MediatorProfile, Provider, ViewNote
from sendmed_desktop.storage.models.base import utc_now
from sendmed_desktop.storage.subject_access_repository import SubjectAccessRepository

log = logging.getLogger(__name__)

FORMAT_NAME = "SendMed Desktop subject access export"
FILE_STEM = "Subject access export"
ENTITY = "subject_access"


@dataclass(frozen=True)
class PersonMatch:
    """One entry for a person in one case, as the picker lists it."""

    participant_id: int
    full_name: str
    role: Role
    is_party: bool
    case_reference: str
    organisation: str | None
    email: str | None
    date_of_birth: date | None

    @property
    def name_key(self) -> str:
        """Return the name folded for comparison, to find the same name in other cases."""
        return normalise(self.full_name)


@dataclass(frozen=True)
class ExportedFiles:
    """Where an export went and what it holds, for the user to be told."""

    json_path: Path
    pdf_path: Path
    case_count: int
    withheld: Withheld


@dataclass(frozen=True)
class _Gathered:
    export: SubjectAccessExport
    notes: list[ViewNote]
    released: list[str]


class SubjectAccessService:
    """Find a person's entries and export everything held about them."""

    def __init__(self, workspace: Workspace, *, now: Callable[[], datetime] = utc_now) -> None:
        self._workspace = workspace
        self._now = now

    def find_people(self, search: str, *, limit: int = 200) -> list[PersonMatch]:
        """Return entries whose name, email or case reference holds every word of ``search``."""
        with self._workspace.transaction() as session:
            found = SubjectAccessRepository(session).find_people(search, limit)
            return [_match(entry) for entry in found]

    def build(self, participant_ids: Collection[int]) -> SubjectAccessExport:
        """Return everything held about the person with these entries (no files written)."""
        return self._gather(participant_ids).export

    def export(self, participant_ids: Collection[int], folder: Path) -> ExportedFiles:
        """Write the export as a JSON file and a PDF in ``folder``; return where they went."""
        folder = _writable_folder(folder)
        gathered = self._gather(participant_ids)
        export = gathered.export
        data = export_json(export)
        rendered = render_subject_access(export)
        # The tripwire reads exactly what each file says, against every note of the cases.
        for text in ("\n".join(export_strings(export)), rendered.text):
            try:
                assert_no_confidential_text(text, gathered.notes, released=gathered.released)
            except ConfidentialityBreach as breach:
                raise ValidationError(str(breach)) from None
        json_path, pdf_path = _free_names(folder, export.exported_at)
        write_document(json_path, data)
        try:
            write_document(pdf_path, rendered.pdf)
        except BaseException:
            json_path.unlink(missing_ok=True)
            raise
        with self._workspace.transaction() as session:
            detail = f"{len(set(participant_ids))} entries, {len(export.cases)} cases"
            audit.record(session, "export", ENTITY, detail=detail)
        log.info("subject access export written: %d cases", len(export.cases))
        return ExportedFiles(json_path, pdf_path, len(export.cases), export.withheld)

    def _gather(self, participant_ids: Collection[int]) -> _Gathered:
        if not participant_ids:
            raise ValidationError("Choose the person's entries to export first.")
        with self._workspace.transaction() as session:
            repository = SubjectAccessRepository(session)
            entries = repository.entries_of(participant_ids)
            if not entries:
                raise ValidationError(
                    "That person is no longer in this workspace. Search for them again."
                )
            history = repository.history([entry.id for entry in entries])
            by_case: dict[int, list[CaseParticipant]] = {}
            for entry in entries:
                by_case.setdefault(entry.case_id, []).append(entry)
            sections: list[CaseSection] = []
            notes: list[ViewNote] = []
            released: list[str] = []
            for case_id, mine in by_case.items():
                rows = repository.case_rows(case_id)
                if rows is None:
                    continue
                part = case_export(rows, mine, history)
                sections.append(part.section)
                notes += part.notes
                released += part.released
            controller = _controller(*repository.controller())
        names = tuple(dict.fromkeys(entry.person.full_name for entry in entries))
        export = SubjectAccessExport(
            exported_at=self._now(),
            names=names,
            controller=controller,
            cases=tuple(sorted(sections, key=lambda section: section.reference)),
        )
        return _Gathered(export, notes, released)


def _match(entry: CaseParticipant) -> PersonMatch:
    person = entry.person
    return PersonMatch(
        participant_id=entry.id,
        full_name=person.full_name,
        role=entry.role,
        is_party=entry.is_party,
        case_reference=entry.case.reference,
        organisation=person.organisation,
        email=person.email,
        date_of_birth=person.date_of_birth,
    )


def _controller(mediator: MediatorProfile | None, provider: Provider | None) -> Controller | None:
    if mediator is None or not mediator.full_name.strip():
        return None
    accreditation = ", ".join(
        part
        for part in (
            mediator.accreditation_body,
            f"number {mediator.accreditation_number}" if mediator.accreditation_number else None,
        )
        if part
    )
    return Controller(
        name=mediator.full_name.strip(),
        role_title=mediator.role_title,
        organisation=provider.name.strip() if provider and provider.name.strip() else None,
        accreditation=accreditation or None,
    )


# --- JSON -----------------------------------------------------------------------------------


def _json_value(value: Value) -> object:
    if isinstance(value, date):  # a datetime is a date too; both have isoformat
        return value.isoformat()
    if isinstance(value, LabelledEnum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def _json_record(record: Record) -> dict[str, object]:
    return {item.key: _json_value(item.value) for item in record.items}


def _json_withheld(withheld: Withheld) -> dict[str, object]:
    return {
        "private_notes": withheld.private_notes,
        "private_session_notes": withheld.private_session_notes,
        "child_views": withheld.child_views,
        "explanation": " ".join(withheld_sentences(withheld)),
    }


def export_document(export: SubjectAccessExport) -> dict[str, object]:
    """Return the export as plain JSON values: codes, ISO dates, the same keys every time."""
    controller = export.controller
    return {
        "format": FORMAT_NAME,
        "format_version": export.format_version,
        "exported_at": export.exported_at.isoformat(),
        "exported_on": export.exported_at.astimezone(ENGLAND).date().isoformat(),
        "about": list(export.names),
        "controller": None
        if controller is None
        else {
            "name": controller.name,
            "role_title": controller.role_title,
            "organisation": controller.organisation,
            "accreditation": controller.accreditation,
        },
        "withheld": _json_withheld(export.withheld),
        "cases": [
            {
                "reference": case.reference,
                "case": _json_record(case.case),
                "details": [_json_record(record) for record in case.details],
                "records": {
                    group.kind: [_json_record(record) for record in group.records]
                    for group in case.groups
                },
                "withheld": _json_withheld(case.withheld),
            }
            for case in export.cases
        ],
    }


def export_json(export: SubjectAccessExport) -> bytes:
    """Return the export as UTF-8 JSON, keys sorted so two exports compare line by line."""
    text = json.dumps(export_document(export), ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def export_strings(export: SubjectAccessExport) -> list[str]:
    """Return every text value the JSON holds, unescaped, for the confidentiality check."""
    return list(_strings(export_document(export)))


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# --- Files ----------------------------------------------------------------------------------


def _writable_folder(folder: Path) -> Path:
    path = folder.expanduser()
    if not path.is_dir():
        raise ValidationError(
            f"The folder {path} does not exist. Choose a folder that exists, or create it first."
        )
    if not os.access(path, os.W_OK | os.X_OK):
        raise WorkspaceError(
            f"SendMed Desktop may not save files in {path}. Choose another folder."
        )
    return path


def _free_names(folder: Path, exported_at: datetime) -> tuple[Path, Path]:
    """Return a JSON and a PDF name, alike but for the suffix, that replace no file."""
    # No name in the file name: file managers and search indexes show it to anyone.
    stem = f"{FILE_STEM} {exported_at.astimezone(ENGLAND):%Y-%m-%d %H%M}"
    number = 1
    while True:
        name = stem if number == 1 else f"{stem} ({number})"
        json_path, pdf_path = folder / f"{name}.json", folder / f"{name}.pdf"
        if not (json_path.exists() or pdf_path.exists()):
            return json_path, pdf_path
        number += 1
