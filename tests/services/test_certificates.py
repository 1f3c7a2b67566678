"""Issuing certificates: offers, references, refusals, sealing, corrections, export."""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from sendmed_desktop.documents.seal import SealStatus, verify_pdf
from sendmed_desktop.domain.certificates import canonical_text, fields_problems
from sendmed_desktop.domain.timeline import DeadlineStatus
from sendmed_desktop.domain.vocabulary import (
    CertificateKind,
    Confidentiality,
    ResolutionExtent,
    Role,
)
from sendmed_desktop.security.signing import known_certificates
from sendmed_desktop.services.certificates import CertificateService, Issuer, IssueRequest
from sendmed_desktop.services.demo import DEMO_MEDIATOR, seed_demo
from sendmed_desktop.services.documents import export_certificate, verify_file
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.intake import IntakeService, IssueEntry
from sendmed_desktop.services.key_dates import KeyDatesService
from sendmed_desktop.services.notes import NotesService
from sendmed_desktop.services.timeline import TimelineService
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.models import AuditEntry, Certificate, Provider
from sendmed_desktop.storage.repositories import CaseRepository

# A Monday. The demo's dates count back from it: DEMO-0001 concluded Mon 9 Feb 2026 (its
# certificate was issued Tue 10 Feb), DEMO-0005's adviser was told Sat 21 Feb (due Wed
# 25 Feb), DEMO-0007 concluded Fri 27 Feb (due Wed 4 Mar).
TODAY = date(2026, 3, 2)
AFTER = CertificateKind.AFTER_MEDIATION
DECLINED = CertificateKind.DECLINED
NOT_HELD = CertificateKind.NOT_HELD


def signed_by(name: str = "Helen Marsh", role: str = "Mediator", **more: object) -> IssueRequest:
    return IssueRequest(issuer_name=name, issuer_role=role, typed_signature=name, **more)  # type: ignore[arg-type]


@pytest.fixture
def demo(workspace: Workspace) -> Workspace:
    seed_demo(workspace, today=TODAY)
    return workspace


@pytest.fixture
def service(demo: Workspace) -> CertificateService:
    return CertificateService(demo, today=lambda: TODAY)


def case_id(workspace: Workspace, reference: str) -> int:
    with workspace.transaction() as session:
        found = CaseRepository(session).id_for_reference(reference)
    assert found is not None
    return found


def next_number(workspace: Workspace) -> int:
    with workspace.transaction() as session:
        return int(session.execute(sa.select(Provider.next_certificate_number)).scalar_one())


def stored_count(workspace: Workspace) -> int:
    with workspace.transaction() as session:
        return int(session.execute(sa.select(sa.func.count(Certificate.id))).scalar_one())


def pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


# The demo -------------------------------------------------------------------------------


def test_the_demo_has_an_on_time_certificate_after_mediation(
    demo: Workspace, service: CertificateService
) -> None:
    first = case_id(demo, "DEMO-0001")
    (summary,) = service.certificates(first)
    assert summary.reference == "EMS-C-2026-0001"
    assert (summary.kind, summary.issued_on, summary.due_on) == (
        AFTER,
        date(2026, 2, 10),
        date(2026, 2, 12),
    )
    assert summary.late is False
    assert summary.resolution is ResolutionExtent.IN_FULL  # both issues agreed
    assert (summary.issuer_name, summary.issuer_role) == (DEMO_MEDIATOR, "Mediator")
    assert service.offers(first) == []
    r7 = next(
        e for e in TimelineService(demo).case_timeline(first, TODAY) if e.deadline.rule == "R7"
    )
    assert (r7.status, r7.done_on) == (DeadlineStatus.DONE, date(2026, 2, 10))
    # Seeding again adds nothing and issues nothing.
    assert seed_demo(demo, today=TODAY) == 0
    assert stored_count(demo) == 1


def test_the_declined_demo_case_is_offered_its_certificate_late(
    demo: Workspace, service: CertificateService
) -> None:
    (offer,) = service.offers(case_id(demo, "DEMO-0005"))
    assert (offer.kind, offer.due.due, offer.late) == (DECLINED, date(2026, 2, 25), True)
    (after,) = service.offers(case_id(demo, "DEMO-0007"))
    assert (after.kind, after.due.due, after.late) == (AFTER, date(2026, 3, 4), False)
    assert service.offers(case_id(demo, "DEMO-0002")) == []


# Issuing ---------------------------------------------------------------------------------


def test_issuing_allocates_the_next_reference_seals_and_audits(
    demo: Workspace, service: CertificateService, tmp_path: Path
) -> None:
    seventh = case_id(demo, "DEMO-0007")
    issued = service.issue(seventh, AFTER, signed_by())
    assert issued.reference == "EMS-C-2026-0002"
    assert (issued.issued_on, issued.due_on, issued.late) == (TODAY, date(2026, 3, 4), False)
    assert issued.fields.resolution is ResolutionExtent.IN_PART  # one agreed, one not
    assert next_number(demo) == 3
    assert service.offers(seventh) == []
    # The stored PDF is the sealed one, intact and sealed by this workspace's key.
    assert service.sealed_pdf(issued.id) == issued.sealed_pdf
    check = verify_pdf(issued.sealed_pdf, known_certificates(demo))
    assert check.status is SealStatus.INTACT, check.message
    assert check.signer_name == DEMO_MEDIATOR
    text = pdf_text(issued.sealed_pdf)
    assert "EMS-C-2026-0002" in text
    assert "Yusuf Rahman" in text
    with demo.transaction() as session:
        entry = session.query(AuditEntry).order_by(AuditEntry.id.desc()).first()
        assert entry is not None
        assert (entry.action, entry.entity_type, entry.entity_id) == (
            "issue",
            "certificate",
            issued.id,
        )
        assert entry.detail.startswith(f"case {seventh}; after_mediation; sealed ")
        assert "Rahman" not in entry.detail


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils not installed")
def test_poppler_says_the_seal_is_valid(
    demo: Workspace, service: CertificateService, tmp_path: Path
) -> None:
    issued = service.issue(case_id(demo, "DEMO-0005"), DECLINED, signed_by(role="Adviser"))
    path = tmp_path / "certificate.pdf"
    path.write_bytes(issued.sealed_pdf)
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    assert "Signature is Valid" in result.stdout, result.stdout
    assert "Total document signed" in result.stdout


def test_a_late_certificate_is_issued_and_marked_late(
    demo: Workspace, service: CertificateService
) -> None:
    issued = service.issue(
        case_id(demo, "DEMO-0005"), DECLINED, signed_by("Nadia Perrin", "Mediation adviser")
    )
    assert (issued.due_on, issued.late) == (date(2026, 2, 25), True)
    assert issued.fields.issuer_role == "Mediation adviser"
    assert issued.fields.resolution is None


def test_references_are_unique_across_cases_and_the_sequence_advances(
    demo: Workspace, service: CertificateService
) -> None:
    second = case_id(demo, "DEMO-0002")
    dates = KeyDatesService(demo).load(second)
    later = dataclasses.replace(dates, la_told_adviser_not_possible_on=date(2026, 2, 27))
    KeyDatesService(demo).save(second, later, today=TODAY)
    issued = [
        service.issue(case_id(demo, "DEMO-0005"), DECLINED, signed_by()),
        service.issue(case_id(demo, "DEMO-0007"), AFTER, signed_by()),
        service.issue(second, NOT_HELD, signed_by(role="Mediation adviser")),
    ]
    first = service.certificates(case_id(demo, "DEMO-0001"))[0]
    issued.append(service.reissue(first.id, "Typing error in the name", signed_by()))
    references = [c.reference for c in issued]
    assert references == [f"EMS-C-2026-{n:04d}" for n in range(2, 6)]
    assert len({row.reference for row in service.register()}) == 5
    assert next_number(demo) == 6
    not_held = issued[2]
    assert (not_held.due_on, not_held.fields.la_could_not_arrange_on) == (
        date(2026, 3, 4),
        date(2026, 2, 27),
    )
    assert not_held.fields.health_bodies == ("Northshire and Coast ICB (formerly CCG)",)


def test_a_used_reference_is_never_reused(demo: Workspace, service: CertificateService) -> None:
    with demo.transaction() as session:
        session.execute(sa.update(Provider).values(next_certificate_number=1))
    issued = service.issue(case_id(demo, "DEMO-0005"), DECLINED, signed_by())
    assert issued.reference == "EMS-C-2026-0002"  # 0001 is DEMO-0001's


def test_without_a_provider_a_default_one_issues(
    demo: Workspace, service: CertificateService
) -> None:
    with demo.transaction() as session:
        session.execute(sa.delete(Provider))
    preview = service.preview_fields(case_id(demo, "DEMO-0005"), DECLINED)
    assert (preview.reference, preview.issuing_organisation) == (
        "SM-C-2026-0001",
        "Mediation provider",
    )
    issued = service.issue(case_id(demo, "DEMO-0005"), DECLINED, signed_by())
    assert issued.reference == "SM-C-2026-0001"
    assert issued.fields.issuing_organisation == "Mediation provider"
    with demo.transaction() as session:
        provider = session.execute(sa.select(Provider)).scalar_one()
        assert (provider.reference_prefix, provider.next_certificate_number) == ("SM", 2)


def test_refusals_are_plain_and_keep_nothing(demo: Workspace, service: CertificateService) -> None:
    fifth = case_id(demo, "DEMO-0005")
    before = (stored_count(demo), next_number(demo))
    with pytest.raises(ValidationError, match="only once mediation has concluded"):
        service.issue(fifth, AFTER, signed_by())
    with pytest.raises(ValidationError, match="only once the local authority has said so"):
        service.issue(fifth, NOT_HELD, signed_by())
    with pytest.raises(ValidationError, match="already issued for this case: EMS-C-2026-0001"):
        service.issue(case_id(demo, "DEMO-0001"), AFTER, signed_by())
    with pytest.raises(ValidationError, match="cannot be in the future"):
        service.issue(fifth, DECLINED, signed_by(issued_on=date(2026, 3, 3)))
    with pytest.raises(ValidationError, match="before the day that made the certificate due"):
        service.issue(fifth, DECLINED, signed_by(issued_on=date(2026, 2, 20)))
    with pytest.raises(ValidationError, match="type “Helen Marsh” to sign"):
        service.issue(fifth, DECLINED, IssueRequest("Helen Marsh", "Adviser", typed_signature="HM"))
    with pytest.raises(ValidationError, match="Sign the certificate"):
        service.issue(fifth, DECLINED, IssueRequest("Helen Marsh", "Adviser"))
    with pytest.raises(ValidationError, match="could not be read"):
        service.issue(
            fifth,
            DECLINED,
            IssueRequest("Helen Marsh", "Adviser", signature_strokes=(((2.0, 0.5, 0),),)),
        )
    child = next(p for p in IntakeService(demo).participants(fifth) if p.role is Role.CHILD)
    with demo.transaction() as session:
        session.execute(
            sa.text("UPDATE people SET date_of_birth = NULL WHERE full_name = :name"),
            {"name": child.full_name},
        )
    with pytest.raises(ValidationError, match="date of birth"):
        service.issue(fifth, DECLINED, signed_by())
    assert (stored_count(demo), next_number(demo)) == before


def test_a_drawn_signature_is_stored_with_the_certificate(
    demo: Workspace, service: CertificateService
) -> None:
    strokes = (((0.1, 0.5, 0), (0.4, 0.3, 40), (0.8, 0.6, 90)),)
    issued = service.issue(
        case_id(demo, "DEMO-0007"),
        AFTER,
        IssueRequest("Helen Marsh", "Mediator", signature_strokes=strokes),
    )
    with demo.transaction() as session:
        row = session.get(Certificate, issued.id)
        assert row is not None
        assert row.signature_strokes_json == "[[[0.1,0.5,0],[0.4,0.3,40],[0.8,0.6,90]]]"
    assert "Drawn signature" not in pdf_text(issued.sealed_pdf)  # drawn, not written


# Preview ---------------------------------------------------------------------------------


def test_the_preview_is_what_would_be_issued_and_takes_nothing(
    demo: Workspace, service: CertificateService
) -> None:
    fifth = case_id(demo, "DEMO-0005")
    preview = service.preview_fields(fifth, DECLINED)
    assert preview.reference == "EMS-C-2026-0002"
    assert (preview.issuer_name, preview.issuer_role) == (DEMO_MEDIATOR, "Mediation adviser")
    assert preview.issued_on == TODAY
    assert preview.child_name == "Arjun Shah"
    assert fields_problems(preview) == [
        "Sign the certificate: type your full name, or draw your signature."
    ]
    other = service.preview_fields(fifth, DECLINED, issuer=Issuer("Nadia Perrin", "Adviser"))
    assert (other.issuer_name, other.issuer_role) == ("Nadia Perrin", "Adviser")
    after = service.preview_fields(case_id(demo, "DEMO-0007"), AFTER)
    assert after.resolution is ResolutionExtent.IN_PART
    chosen = service.preview_fields(
        case_id(demo, "DEMO-0007"), AFTER, resolution=ResolutionExtent.NOT_AT_ALL
    )
    assert chosen.resolution is ResolutionExtent.NOT_AT_ALL
    assert "Draft — not issued" in pdf_text(service.preview_pdf(fifth, DECLINED))
    assert (stored_count(demo), next_number(demo)) == (1, 2)


# Corrections -----------------------------------------------------------------------------


def test_a_correction_keeps_the_original_and_links_both_ways(
    demo: Workspace, service: CertificateService
) -> None:
    first = case_id(demo, "DEMO-0001")
    (original,) = service.certificates(first)
    original_pdf = service.sealed_pdf(original.id)
    with pytest.raises(ValidationError, match="Say why the certificate is being corrected"):
        service.reissue(original.id, "  ", signed_by())
    corrected = service.reissue(original.id, "The date of birth was entered wrongly.", signed_by())
    assert corrected.reference == "EMS-C-2026-0002"
    assert corrected.fields.corrects_reference == original.reference
    assert corrected.fields.first_issued_on == date(2026, 2, 10)
    assert corrected.due_on == original.due_on
    # The original is untouched.
    assert service.sealed_pdf(original.id) == original_pdf
    chain = service.chain(original.id)
    assert [c.reference for c in chain] == ["EMS-C-2026-0001", "EMS-C-2026-0002"]
    assert service.chain(corrected.id) == chain
    old, new = chain
    assert (old.corrected_by_id, old.corrected_by_reference) == (corrected.id, "EMS-C-2026-0002")
    assert (new.reissue_of_id, new.reissue_of_reference) == (original.id, "EMS-C-2026-0001")
    assert new.reissue_reason == "The date of birth was entered wrongly."
    text = " ".join(pdf_text(corrected.sealed_pdf).split())
    assert "replaces certificate EMS-C-2026-0001, first issued on Tue 10 Feb 2026" in text
    assert "The date of birth was entered wrongly." in text
    # The timeline keeps the first certificate's date.
    r7 = next(
        e for e in TimelineService(demo).case_timeline(first, TODAY) if e.deadline.rule == "R7"
    )
    assert r7.done_on == date(2026, 2, 10)
    # Correct the newest link, never one already corrected.
    with pytest.raises(ValidationError, match="already corrected by EMS-C-2026-0002"):
        service.reissue(original.id, "Again", signed_by())
    third = service.reissue(corrected.id, "Resolution was wrong", signed_by())
    assert third.fields.first_issued_on == date(2026, 2, 10)
    assert [c.id for c in service.chain(original.id)] == [original.id, corrected.id, third.id]
    with pytest.raises(ValidationError, match="no longer exists"):
        service.reissue(9999, "Reason", signed_by())


# The content guard -----------------------------------------------------------------------

SECRETS = {
    "private": "Quokkafern said mum fears the rent arrears.",
    "session": "Pangolinwisp: dad would drop the appeal for therapy.",
    "summary": "Marmosetglow would consider a phased start.",
    "shareable": "Axolotlbrim: both agree needs have grown.",
    "views": "Narwhalquill: I hate the dinner hall.",
    "may_share": "Ocelotdrift prefers a quiet space at lunch.",
    "proposal": "Tapirgleam: weekly sessions with a therapist.",
    "detail": "Wombatflare: the report from March was ignored.",
    "summary_of_decision": "Capybarine: panel refused citing budget.",
    "action": "Gecko-lumen: send the amended plan to the school.",
    "measure": "Lemurcrest: the school confirms receipt.",
    "contact": "Bilbyspark: called dad about the date.",
}


def _write_everything_not_allowed(workspace: Workspace, case: int) -> None:
    """Put distinctive text in every free-text field a certificate must never carry."""
    from datetime import UTC, datetime

    from sendmed_desktop.domain.vocabulary import ChildViewsMethod, Stage
    from sendmed_desktop.services.agreements import ActionEntry, AgreementService
    from sendmed_desktop.services.child_views import ChildViewsEntry, ChildViewsService
    from sendmed_desktop.services.intake import ContactEntry
    from sendmed_desktop.services.proposals import ProposalService

    intake = IntakeService(workspace)
    people = intake.participants(case)
    parent = next(p for p in people if p.role is Role.PARENT_CARER)
    child = next(p for p in people if p.role is Role.CHILD)
    notes = NotesService(workspace)
    notes.add_note(case, parent.id, Stage.EXPLORATION, Confidentiality.PRIVATE, SECRETS["private"])
    session_note = notes.add_note(
        case, parent.id, Stage.EXPLORATION, Confidentiality.PRIVATE_SESSION, SECRETS["session"]
    )
    notes.update_note(session_note.id, shareable_summary=SECRETS["summary"])
    notes.add_note(case, None, Stage.OPTIONS, Confidentiality.SHAREABLE, SECRETS["shareable"])
    ChildViewsService(workspace).record(
        case,
        ChildViewsEntry(
            child_participant_id=child.id,
            method=ChildViewsMethod.MET_MEDIATOR,
            sought_by=DEMO_MEDIATOR,
            consent_given=True,
            may_share=SECRETS["may_share"],
            views_text=SECRETS["views"],
        ),
        today=TODAY,
    )
    issue = intake.issues(case)[0]
    ProposalService(workspace).add_proposal(case, issue.id, parent.id, SECRETS["proposal"])
    intake.update_issue(issue.id, dataclasses.replace(issue.as_entry(), detail=SECRETS["detail"]))
    decision = intake.decision(case)
    assert decision is not None
    intake.set_decision(case, dataclasses.replace(decision, summary=SECRETS["summary_of_decision"]))
    AgreementService(workspace, today=lambda: TODAY).add_action(
        case,
        ActionEntry(
            owner_name="Ian Fellowes",
            owner_role="SEN officer",
            owner_organisation="Westbridge Borough Council",
            action=SECRETS["action"],
            measure=SECRETS["measure"],
            due_on=date(2026, 3, 16),
            issue_id=issue.id,
        ),
    )
    intake.log_contact(
        case,
        ContactEntry(
            participant_id=parent.id,
            occurred_at=datetime(2026, 2, 20, 10, tzinfo=UTC),
            summary=SECRETS["contact"],
        ),
    )


def test_nothing_said_in_mediation_reaches_the_certificate(
    demo: Workspace, service: CertificateService
) -> None:
    from sendmed_desktop.storage.certificate_repository import CertificateRepository

    seventh = case_id(demo, "DEMO-0007")
    _write_everything_not_allowed(demo, seventh)
    words = [text.split(":")[0].split()[0] for text in SECRETS.values()]
    with demo.transaction() as session:
        facts = CertificateRepository(session).case_facts(seventh)
    preview = service.preview_fields(seventh, AFTER)
    issued = service.issue(seventh, AFTER, signed_by())
    places = {
        "facts read for it": repr(facts),
        "preview fields": canonical_text(preview),
        "issued fields": canonical_text(issued.fields),
        "PDF text": pdf_text(issued.sealed_pdf),
        "preview PDF": pdf_text(service.preview_pdf(seventh, AFTER)),
    }
    for where, text in places.items():
        leaked = [word for word in words if word.casefold() in text.casefold()]
        assert leaked == [], f"{where}: {leaked}"
    # What it must carry is there.
    assert "Yusuf Rahman" in places["PDF text"]
    assert "Re-assessment of needs" in places["PDF text"]


def test_a_heading_copied_from_a_private_note_stops_the_issue(
    demo: Workspace, service: CertificateService
) -> None:
    seventh = case_id(demo, "DEMO-0007")
    leak = "Mum said she would drop the appeal for extra therapy"
    note = NotesService(demo).add_note(
        seventh, None, None, Confidentiality.PRIVATE, f"{leak}. Keep this to myself."
    )
    intake = IntakeService(demo)
    issue = intake.issues(seventh)[0]
    intake.update_issue(issue.id, IssueEntry(heading=leak, sections=issue.sections))
    before = (stored_count(demo), next_number(demo))
    with pytest.raises(ValidationError, match=f"confidential note \\(note {note.id}\\)"):
        service.issue(seventh, AFTER, signed_by())
    assert (stored_count(demo), next_number(demo)) == before


# Export ----------------------------------------------------------------------------------


def test_export_writes_the_newest_sealed_certificate(
    demo: Workspace, service: CertificateService, tmp_path: Path
) -> None:
    first = case_id(demo, "DEMO-0001")
    out = export_certificate(demo, "DEMO-0001", tmp_path / "certificate.pdf")
    assert out.read_bytes() == service.sealed_pdf(service.certificates(first)[0].id)
    assert verify_file(demo, out).status is SealStatus.INTACT
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    corrected = service.reissue(service.certificates(first)[0].id, "Name spelling", signed_by())
    named = export_certificate(demo, "DEMO-0001", tmp_path)
    assert named == tmp_path / f"Mediation certificate {corrected.reference}.pdf"
    assert named.read_bytes() == corrected.sealed_pdf
    with pytest.raises(ValidationError, match="Case DEMO-0005 has no mediation certificate yet"):
        export_certificate(demo, "DEMO-0005", tmp_path / "none.pdf")
    assert not (tmp_path / "none.pdf").exists()
