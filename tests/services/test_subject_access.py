"""Subject-access export: finding a person's entries, gathering their records, writing both files.

Private and private-session notes are counted, never exported: the tests give them
distinctive words and look for those words in the JSON bytes and in the PDF's text.
"""

from __future__ import annotations

import dataclasses
import io
import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from sendmed_desktop.documents.subject_access_pdf import Item
from sendmed_desktop.domain.vocabulary import Confidentiality, ExpenseKind, Role, Stage
from sendmed_desktop.services.demo import seed_demo
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.intake import (
    AdjustmentEntry,
    AdjustmentKind,
    ContactEntry,
    ExpenseEntry,
    IntakeService,
)
from sendmed_desktop.services.notes import NotesService
from sendmed_desktop.services.subject_access import ExportedFiles, SubjectAccessService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.models import AuditEntry
from sendmed_desktop.storage.repositories import CaseRepository

NOW = datetime(2026, 4, 8, 13, 5, tzinfo=UTC)
# Distinctive words that occur nowhere else, so finding one means the text leaked.
PRIVATE = "Quokkafern: mum mentioned rent arrears and a tribunal she fears."
SESSION = "Pangolinwisp: she would drop the appeal for extra therapy."
SUMMARY = "Marmosetglow: the family would consider a phased start."
ABOUT_OFFICER = "Axolotlbrim: Graham Whitfield seemed unsure of the panel's view."
# Already in the demo: a private note, and the child's views as recorded.
DEMO_PRIVATE = "Mum anxious about the annual review date."
DEMO_VIEWS = "Likes the quiet room at school"
WITHHELD = (PRIVATE, SESSION, SUMMARY, ABOUT_OFFICER, DEMO_PRIVATE, DEMO_VIEWS)
SHARED = "Sarah would like the review to be held in the spring term."
CONTACT = "Talked through the agenda, the venue and who will attend."


@pytest.fixture
def demo(workspace: Workspace) -> Workspace:
    seed_demo(workspace)
    return workspace


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "export"
    made.mkdir()
    return made


def case_id(workspace: Workspace, reference: str) -> int:
    with workspace.transaction() as session:
        found = CaseRepository(session).id_for_reference(reference)
    assert found is not None
    return found


def participant(workspace: Workspace, reference: str, name: str) -> int:
    people = IntakeService(workspace).participants(case_id(workspace, reference))
    return next(p.id for p in people if p.full_name == name)


def read(files: ExportedFiles) -> tuple[dict[str, Any], bytes, str]:
    """Return the JSON, its bytes and the PDF's text as pypdf reads it back."""
    data = files.json_path.read_bytes()
    reader = PdfReader(io.BytesIO(files.pdf_path.read_bytes()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return json.loads(data), data, text


def test_a_parent_gets_their_records_and_a_count_of_the_notes_withheld(
    demo: Workspace, folder: Path
) -> None:
    reference = "DEMO-0001"
    case = case_id(demo, reference)
    sarah = participant(demo, reference, "Sarah Okafor")
    notes = NotesService(demo)
    notes.add_note(case, sarah, Stage.EXPLORATION, Confidentiality.PRIVATE, PRIVATE)
    in_session = notes.add_note(
        case, sarah, Stage.EXPLORATION, Confidentiality.PRIVATE_SESSION, SESSION
    )
    notes.update_note(in_session.id, shareable_summary=SUMMARY)
    notes.add_note(case, sarah, Stage.OPTIONS, Confidentiality.SHAREABLE, SHARED)
    intake = IntakeService(demo)
    intake.log_contact(
        case, ContactEntry(sarah, datetime.now(UTC) - timedelta(days=3), summary=CONTACT)
    )
    intake.add_adjustment(case, AdjustmentEntry(AdjustmentKind.INTERPRETER, "Yoruba", sarah))
    intake.add_expense(case, ExpenseEntry(ExpenseKind.TRAVEL, 1250, sarah, "Bus fares"))
    service = SubjectAccessService(demo, now=lambda: NOW)

    files = service.export([sarah], folder)

    document, data, pdf_text = read(files)
    for path in (files.json_path, files.pdf_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == [
        "Subject access export 2026-04-08 1405.json",
        "Subject access export 2026-04-08 1405.pdf",
    ]
    assert document["format_version"] == 1
    assert (document["exported_at"], document["exported_on"]) == (NOW.isoformat(), "2026-04-08")
    assert document["about"] == ["Sarah Okafor"]
    assert document["controller"]["name"] == "Helen Marsh"
    counted = {"private_notes": 2, "private_session_notes": 1, "child_views": 1}
    assert {key: document["withheld"][key] for key in counted} == counted
    (only,) = document["cases"]
    assert only["reference"] == reference
    assert only["details"][0]["role"] == Role.PARENT_CARER.value
    records = only["records"]
    assert [r["summary"] for r in records["contacts"]] == [CONTACT]
    assert [(r["kind"], r["description"]) for r in records["adjustments"]] == [
        ("interpreter", "Yoruba")
    ]
    assert [r["amount_pence"] for r in records["expenses"]] == [1250]
    assert SHARED in [r["text"] for r in records["shareable_notes"]]
    assert [r["signer_name"] for r in records["signatures"]] == ["Sarah Okafor"]
    assert len(records["agreed_actions"]) == len(records["certificates"]) == 1
    assert records["child_views"][0]["may_share"] == "A summary of what the drawing shows"
    assert "views_text" not in records["child_views"][0]

    # The same data reaches the PDF, and no confidential words reach either file.
    for shown in ("Sarah Okafor", CONTACT, SHARED, "Amount £12.50", "Wed 8 Apr 2026"):
        assert shown in pdf_text
    assert "3 confidential notes about this person are held but not included" in pdf_text
    for secret in WITHHELD:
        assert secret.encode("utf-8") not in data
        assert secret not in pdf_text
    assert data.decode("utf-8").endswith("}\n")
    with demo.transaction() as session:
        entry = session.execute(
            sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)
        ).scalar_one()
    assert (entry.action, entry.entity_type) == ("export", "subject_access")
    assert "Okafor" not in entry.detail

    # Stable: the same export again is the same JSON, under a name that replaces nothing.
    again = service.export([sarah], folder)
    assert again.json_path.name == "Subject access export 2026-04-08 1405 (2).json"
    assert again.json_path.read_bytes() == data


def test_an_officer_in_several_cases_gets_what_names_them_and_nothing_of_the_family(
    demo: Workspace, folder: Path
) -> None:
    service = SubjectAccessService(demo, now=lambda: NOW)
    found = service.find_people("whitfield")
    # Each case keeps its own entry for him: the user chooses them all.
    assert [(m.full_name, m.case_reference) for m in found] == [
        ("Graham Whitfield", "DEMO-0001"),
        ("Graham Whitfield", "DEMO-0005"),
        ("Graham Whitfield", "DEMO-0008"),
    ]
    assert len({m.name_key for m in found}) == 1
    NotesService(demo).add_note(
        case_id(demo, "DEMO-0005"), None, Stage.PREPARATION, Confidentiality.PRIVATE, ABOUT_OFFICER
    )

    one_case = service.build([found[1].participant_id])
    files = service.export([m.participant_id for m in found], folder)

    assert [case.reference for case in one_case.cases] == ["DEMO-0005"]
    document, data, pdf_text = read(files)
    cases = {case["reference"]: case for case in document["cases"]}
    assert list(cases) == ["DEMO-0001", "DEMO-0005", "DEMO-0008"]
    signed = cases["DEMO-0001"]["records"]
    assert [r["signer_name"] for r in signed["signatures"]] == ["Graham Whitfield"]
    assert signed["signatures"][0]["drawing"]  # the points drawn are data held too
    assert [r["owner_name"] for r in signed["agreed_actions"]] == ["Graham Whitfield"]
    for case in cases.values():
        # The case's own content is the family's: kept out, under the same keys.
        for kind in ("decision", "issues", "key_dates", "child_views", "certificates"):
            assert case["records"][kind] == []
        assert case["case"]["child_or_young_person"] is None
    # A private note that names him is counted in his export, and not given.
    assert cases["DEMO-0005"]["withheld"]["private_notes"] == 1
    assert cases["DEMO-0001"]["withheld"]["private_notes"] == 0
    assert "SEN casework manager" in pdf_text
    family = ("Tobi Okafor", "2016-05-12", "Arjun Shah", "Priya Shah", "Cerys Lewis")
    for other in (*family, "A summary of what the drawing shows"):
        assert other.encode("utf-8") not in data
        assert other not in pdf_text
    for secret in WITHHELD:
        assert secret.encode("utf-8") not in data
        assert secret not in pdf_text


def test_people_are_found_by_name_email_or_case_reference(demo: Workspace) -> None:
    intake = IntakeService(demo)
    sarah = participant(demo, "DEMO-0001", "Sarah Okafor")
    view = next(p for p in intake.participants(case_id(demo, "DEMO-0001")) if p.id == sarah)
    entry = dataclasses.replace(view.as_entry(), email="s.okafor@example.org")
    intake.update_participant(sarah, entry)
    service = SubjectAccessService(demo)

    assert [m.participant_id for m in service.find_people("S.OKAFOR@example")] == [sarah]
    assert [m.full_name for m in service.find_people("okafor")] == [
        "Sarah Okafor",
        "Tobi Okafor",
    ]
    assert {m.full_name for m in service.find_people("demo-0003")} == {
        "Jordan Price",
        "Mo Adeyemi",
        "Rachel Dunmore",
    }
    assert service.find_people("whitfield 0005")[0].case_reference == "DEMO-0005"
    assert service.find_people("100%_") == []
    # The change is part of what is held about her: when her details were changed.
    (case,) = service.build([sarah]).cases
    history = next(group for group in case.groups if group.kind == "history")
    assert [[i.value for i in r.items if i.key == "action"] for r in history.records] == [
        ["Changed"]
    ]
    assert case.details[0].items[2] == Item("email", "Email", "s.okafor@example.org")


def test_nothing_is_written_when_a_confidential_note_would_leak_or_the_folder_is_wrong(
    demo: Workspace, folder: Path, tmp_path: Path
) -> None:
    reference = "DEMO-0001"
    case = case_id(demo, reference)
    sarah = participant(demo, reference, "Sarah Okafor")
    # The mediator pasted a private note into a contact summary: the tripwire must fire.
    NotesService(demo).add_note(case, None, Stage.CLOSE, Confidentiality.PRIVATE, PRIVATE)
    IntakeService(demo).log_contact(
        case, ContactEntry(sarah, datetime.now(UTC) - timedelta(days=1), summary=PRIVATE)
    )
    service = SubjectAccessService(demo)

    with pytest.raises(ValidationError, match="confidential note"):
        service.export([sarah], folder)
    assert list(folder.iterdir()) == []

    a_file = tmp_path / "not a folder.txt"
    a_file.write_text("x", encoding="utf-8")
    for wrong in (tmp_path / "missing", a_file):
        with pytest.raises(ValidationError, match="does not exist"):
            service.export([sarah], wrong)
    with pytest.raises(ValidationError, match="Choose the person"):
        service.export([], folder)
    with pytest.raises(ValidationError, match="no longer in this workspace"):
        service.export([10_000_000], folder)
    assert list(folder.iterdir()) == []
