"""Retention queries: what each kind holds, erasing exactly that kind, whole cases, people."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from sendmed_desktop.domain.retention import RecordKind, describe
from sendmed_desktop.domain.vocabulary import (
    CertificateKind,
    ChildViewsMethod,
    Confidentiality,
    ExpenseKind,
    Ground,
    MeetingFormat,
    PlanSection,
    Role,
    SignatureMethod,
)
from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.services.workspace import Workspace, open_workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.models import (
    AgreedAction,
    Agreement,
    Attendee,
    AuditEntry,
    Case,
    CaseParticipant,
    Certificate,
    ChildViewsRecord,
    ContactLogEntry,
    DisputedDecision,
    Expense,
    Feedback,
    IssueSection,
    MediationIssue,
    Meeting,
    MeetingBreak,
    Person,
    Proposal,
    ReasonableAdjustment,
    RetentionErasure,
    Signature,
    StageProgress,
    StatutoryDates,
    ViewNote,
)
from sendmed_desktop.storage.retention_repository import RetentionRepository
from tests.fixtures.make_fixtures import FIXTURE_PASSPHRASE

CLOSED = datetime(2020, 1, 15, 16, tzinfo=UTC)
NOW = datetime(2027, 6, 1, 9, tzinfo=UTC)
# Every table a case's rows live in, with its column that names the case.
CASE_TABLES = {
    ContactLogEntry: ContactLogEntry.case_id,
    ReasonableAdjustment: ReasonableAdjustment.case_id,
    Expense: Expense.case_id,
    Meeting: Meeting.case_id,
    ViewNote: ViewNote.case_id,
    Proposal: Proposal.case_id,
    Feedback: Feedback.case_id,
    ChildViewsRecord: ChildViewsRecord.case_id,
    Agreement: Agreement.case_id,
    Certificate: Certificate.case_id,
    MediationIssue: MediationIssue.case_id,
    CaseParticipant: CaseParticipant.case_id,
    StageProgress: StageProgress.case_id,
}


@dataclass(frozen=True)
class BuiltCase:
    id: int
    parent_id: int
    child_id: int
    officer_id: int


def build_case(
    session: Session,
    reference: str,
    *,
    closed_at: datetime | None = CLOSED,
    officer: Person | None = None,
    note_text: str = "Mum worries about the transport to school.",
) -> BuiltCase:
    """Store a case with a row in every table retention touches; return its ids."""
    parent = Person(
        full_name=f"Parent of {reference}",
        email=f"parent.{reference}@example.invalid",
        phone="07700 900123",
        communication_needs="Prefers written questions in advance",
    )
    child = Person(full_name=f"Child of {reference}", date_of_birth=date(2015, 4, 1))
    officer = officer or Person(full_name="Sam Officer", email="sam@council.example.invalid")
    case = Case(reference=reference, subject_name=child.full_name, closed_at=closed_at)
    session.add(case)
    session.flush()
    people = {}
    for person, role in (
        (parent, Role.PARENT_CARER),
        (child, Role.CHILD),
        (officer, Role.LA_OFFICER),
    ):
        people[role] = CaseParticipant(case_id=case.id, person=person, role=role)
        session.add(people[role])
    session.flush()
    parent_cp = people[Role.PARENT_CARER]
    issue = MediationIssue(case_id=case.id, heading="Speech therapy hours", detail="Section F")
    issue.sections.append(IssueSection(section=PlanSection.F))
    meeting = Meeting(case_id=case.id, format=MeetingFormat.IN_PERSON, venue="12 Home Lane")
    session.add_all(
        [
            issue,
            meeting,
            DisputedDecision(case_id=case.id, ground=Ground.PLAN_CONTENT, summary="F"),
            StatutoryDates(case_id=case.id, meeting_held_on=date(2019, 12, 2)),
            StageProgress(case_id=case.id, stage="preparation", entered_at=CLOSED),
            ContactLogEntry(case_id=case.id, participant_id=parent_cp.id, occurred_at=CLOSED),
            ReasonableAdjustment(case_id=case.id, kind="breaks", description="Hourly breaks"),
            Expense(case_id=case.id, kind=ExpenseKind.TRAVEL, amount_pence=1250),
            ViewNote(case_id=case.id, participant_id=parent_cp.id, text=note_text),
            ViewNote(
                case_id=case.id,
                confidentiality=Confidentiality.PRIVATE_SESSION,
                text="Said in private",
                deleted_at=CLOSED,
            ),
            Feedback(case_id=case.id, comments="Helpful"),
            ChildViewsRecord(
                case_id=case.id, method=ChildViewsMethod.MET_MEDIATOR, views_text="I like maths"
            ),
        ]
    )
    session.flush()
    session.add_all(
        [
            MeetingBreak(meeting_id=meeting.id, started_at=CLOSED),
            Attendee(meeting_id=meeting.id, participant_id=parent_cp.id),
        ]
    )
    first = Proposal(case_id=case.id, issue_id=issue.id, text="Two sessions a week")
    session.add(first)
    session.flush()
    counter = Proposal(case_id=case.id, counter_to_id=first.id, text="One session a week")
    old = Agreement(case_id=case.id, version=1)
    session.add_all([counter, old])
    session.flush()
    new = Agreement(case_id=case.id, version=2)
    new.actions.append(AgreedAction(proposal_id=first.id, issue_id=issue.id, action="Deliver"))
    new.actions.append(AgreedAction(action="Review"))
    new.signatures.append(
        Signature(
            signer_name="Parent",
            signer_role="Parent",
            method=SignatureMethod.TYPED,
            content_sha256="0" * 64,
            signed_at=CLOSED,
        )
    )
    session.add(new)
    session.flush()
    old.superseded_by_id = new.id
    original = _certificate(case.id, f"{reference}-C1")
    session.add(original)
    session.flush()
    correction = _certificate(case.id, f"{reference}-C2")
    correction.reissue_of_id = original.id
    session.add(correction)
    session.flush()
    return BuiltCase(case.id, parent.id, child.id, officer.id)


def _certificate(case_id: int, reference: str) -> Certificate:
    return Certificate(
        case_id=case_id,
        kind=CertificateKind.AFTER_MEDIATION,
        reference=reference,
        issued_on=date(2019, 12, 3),
        issuer_name="Helen Marsh",
        issuer_role="Mediator",
    )


def _rows(session: Session, case_id: int) -> dict[str, int]:
    return {
        model.__tablename__: session.execute(
            sa.select(sa.func.count()).select_from(model).where(column == case_id)
        ).scalar_one()
        for model, column in CASE_TABLES.items()
    }


@pytest.fixture
def built(workspace: Workspace) -> BuiltCase:
    with workspace.transaction() as session:
        return build_case(session, "RET-0001")


def test_holdings_count_what_each_kind_would_erase(workspace: Workspace, built: BuiltCase) -> None:
    with workspace.transaction() as session:
        holdings = RetentionRepository(session).holdings([built.id])[built.id]
    words = {kind: describe(found) for kind, found in holdings.items()}
    assert words == {
        RecordKind.CONTACTS: (
            "2 people's contact details, 1 contact log entry, 1 reasonable adjustment, "
            "1 meeting venue or link"
        ),
        RecordKind.WORKING_NOTES: "2 working notes, 2 proposals, 1 feedback response",
        RecordKind.CHILD_VIEWS: "1 child's views record",
        RecordKind.AGREEMENTS: "2 agreement versions, 2 agreed actions, 1 signature",
        RecordKind.CERTIFICATES: "2 certificates",
        RecordKind.CASE: (
            "1 case record (reference, dates, child's name), 3 people, 1 issue, 1 meeting, "
            "1 expense"
        ),
    }


@pytest.mark.parametrize(
    ("kind", "emptied"),
    [
        (RecordKind.WORKING_NOTES, {"view_notes", "proposals", "feedback"}),
        (RecordKind.CHILD_VIEWS, {"child_views_records"}),
        (RecordKind.AGREEMENTS, {"agreements"}),
        (RecordKind.CERTIFICATES, {"certificates"}),
        (RecordKind.CONTACTS, {"contact_log", "reasonable_adjustments"}),
    ],
)
def test_erasing_a_kind_removes_that_kind_and_nothing_else(
    workspace: Workspace, built: BuiltCase, kind: RecordKind, emptied: set[str]
) -> None:
    with workspace.transaction() as session:
        other = build_case(session, "RET-0002")
        before = _rows(session, built.id)
        RetentionRepository(session).erase(built.id, kind, NOW)
    with workspace.transaction() as session:
        after = _rows(session, built.id)
        assert {name for name, count in after.items() if count == 0} == emptied
        assert {name: n for name, n in after.items() if name not in emptied} == {
            name: n for name, n in before.items() if name not in emptied
        }
        # The other case is untouched, and the kind is recorded as erased.
        assert all(count > 0 for count in _rows(session, other.id).values())
        erased = RetentionRepository(session).erasures([built.id, other.id])
        assert erased == {built.id: {kind: NOW}}


def test_erasing_agreements_takes_their_actions_and_signatures(
    workspace: Workspace, built: BuiltCase
) -> None:
    with workspace.transaction() as session:
        RetentionRepository(session).erase(built.id, RecordKind.AGREEMENTS, NOW)
    with workspace.transaction() as session:
        assert session.execute(sa.select(sa.func.count()).select_from(AgreedAction)).scalar() == 0
        assert session.execute(sa.select(sa.func.count()).select_from(Signature)).scalar() == 0


def test_contact_details_go_but_names_stay_and_a_shared_person_waits(
    workspace: Workspace,
) -> None:
    with workspace.transaction() as session:
        officer = Person(full_name="Sam Officer", email="sam@council.example.invalid")
        first = build_case(session, "RET-0001", officer=officer)
        # The same officer in a case that is still open: their email must survive.
        second = build_case(session, "RET-0002", officer=officer, closed_at=None)
        holdings = RetentionRepository(session).holdings([first.id])[first.id]
        assert "1 person's details kept while another case needs them" in describe(
            holdings[RecordKind.CONTACTS]
        )
        counts = RetentionRepository(session).erase(first.id, RecordKind.CONTACTS, NOW)
    assert counts == {
        "contact_log": 1,
        "reasonable_adjustments": 1,
        "meeting_venues": 1,
        "people_cleared": 1,
    }
    with workspace.transaction() as session:
        parent = session.get(Person, first.parent_id)
        assert parent is not None
        assert (parent.email, parent.phone, parent.communication_needs) == (None, None, None)
        assert parent.full_name == "Parent of RET-0001"
        shared = session.get(Person, first.officer_id)
        assert shared is not None
        assert shared.email == "sam@council.example.invalid"
        meeting = session.execute(sa.select(Meeting).where(Meeting.case_id == first.id)).scalar()
        assert meeting is not None
        assert meeting.venue is None
        # Once the other case's contact details go too, so do the shared person's.
        RetentionRepository(session).erase(second.id, RecordKind.CONTACTS, NOW)
    with workspace.transaction() as session:
        shared = session.get(Person, first.officer_id)
        assert shared is not None
        assert shared.email is None


def test_erasing_the_case_itself_removes_every_row_and_its_own_people(
    workspace: Workspace,
) -> None:
    with workspace.transaction() as session:
        officer = Person(full_name="Sam Officer", email="sam@council.example.invalid")
        gone = build_case(session, "RET-0001", officer=officer)
        kept = build_case(session, "RET-0002", officer=officer)
        repository = RetentionRepository(session)
        repository.erase(gone.id, RecordKind.WORKING_NOTES, NOW)
        audit.record(session, "erase", "case", gone.id, detail="retention working_notes")
        counts = repository.erase(gone.id, RecordKind.CASE, NOW)
    assert counts == {"cases": 1, "certificates": 2, "people_removed": 2, "people_cleared": 0}
    with workspace.transaction() as session:
        assert session.get(Case, gone.id) is None
        assert all(count == 0 for count in _rows(session, gone.id).values())
        assert session.get(Person, gone.parent_id) is None
        assert session.get(Person, gone.child_id) is None
        # Shared with a case that is kept: the person stays, with their details.
        assert session.get(Person, gone.officer_id) is not None
        assert (
            session.execute(sa.select(sa.func.count()).select_from(RetentionErasure)).scalar() == 0
        )
        assert all(count > 0 for count in _rows(session, kept.id).values())
        # The audit trail is append-only and keeps the fact of the erasure.
        assert session.execute(sa.select(sa.func.count()).select_from(AuditEntry)).scalar() == 1
        assert audit.first_broken_entry(session) is None


def test_closed_cases_lists_only_cases_closed_before_the_moment(
    workspace: Workspace, built: BuiltCase
) -> None:
    with workspace.transaction() as session:
        build_case(session, "RET-0002", closed_at=None)
        build_case(session, "RET-0003", closed_at=NOW)
        closed = RetentionRepository(session).closed_cases(datetime(2021, 1, 1, tzinfo=UTC))
    assert closed == [(built.id, "RET-0001", CLOSED)]


def test_the_last_released_schema_gains_the_erasure_table(tmp_path: Path) -> None:
    fixtures = Path(__file__).parents[1] / "fixtures"
    paths = WorkspacePaths(tmp_path / "schema_0002")
    shutil.copytree(fixtures / "schema_0002", paths.root)
    workspace = open_workspace(paths, passphrase=FIXTURE_PASSPHRASE)
    try:
        assert "retention_erasures" in sa.inspect(workspace.engine).get_table_names()
        with workspace.transaction() as session:
            case_id = session.execute(sa.select(Case.id)).scalar_one()
            session.get(Case, case_id).closed_at = CLOSED  # type: ignore[union-attr]
            RetentionRepository(session).erase(case_id, RecordKind.WORKING_NOTES, NOW)
        with workspace.transaction() as session:
            assert RetentionRepository(session).erasures([case_id]) == {
                case_id: {RecordKind.WORKING_NOTES: NOW}
            }
    finally:
        workspace.close()
