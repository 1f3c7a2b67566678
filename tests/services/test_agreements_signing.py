"""Signing the agreement, the hash every signature binds, and new versions after an edit."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from sendmed_desktop.domain.agreement import content_hash
from sendmed_desktop.domain.vocabulary import (
    AgreementStatus,
    ChildViewsMethod,
    IssueOutcome,
    SignatureMethod,
)
from sendmed_desktop.services.agreements import AgreementService, SignatureEntry
from sendmed_desktop.services.child_views import ChildViewsEntry, ChildViewsService
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.models import AgreedAction, Agreement
from tests.services.test_agreements import (
    AGREED_ON,
    MediationCase,
    make_case,
    make_ready,
    smart_entry,
)

SIGNED_AT = datetime(2026, 1, 14, 12, 45, tzinfo=UTC)
STROKES = (((0.1, 0.5, 0), (0.2, 0.4, 40), (0.3, 0.6, 80)), ((0.5, 0.5, 300), (0.7, 0.45, 340)))


def parent_signs(case: MediationCase) -> SignatureEntry:
    return SignatureEntry(
        participant_id=case.parent_id,
        signer_name="Sarah Okafor",
        signer_role="Parent",
        method=SignatureMethod.TYPED,
        typed_statement="I agree",
    )


def officer_signs(case: MediationCase) -> SignatureEntry:
    return SignatureEntry(
        participant_id=case.officer_id,
        signer_name="Graham Whitfield",
        signer_role="SEN casework manager",
        method=SignatureMethod.DRAWN,
        strokes=STROKES,
    )


@pytest.fixture
def service(workspace: Workspace) -> AgreementService:
    return AgreementService(workspace, today=lambda: AGREED_ON, now=lambda: SIGNED_AT)


@pytest.fixture
def case(workspace: Workspace, service: AgreementService) -> MediationCase:
    made = make_case(workspace)
    make_ready(service, made)
    return made


def test_two_signatures_bind_the_same_hash(service: AgreementService, case: MediationCase) -> None:
    expected = content_hash(service.content(case.id))
    first = service.sign(case.id, parent_signs(case))
    assert service.editable(case.id).status is AgreementStatus.SIGNING
    second = service.sign(case.id, officer_signs(case))
    assert first.content_sha256 == second.content_sha256 == expected
    assert (first.method, first.typed_statement, first.signed_at) == ("typed", "I agree", SIGNED_AT)
    assert service.signature_check(case.id)

    signed = service.signed_agreement(case.id)
    assert signed.signatures_valid()
    assert signed.content_sha256 == expected
    assert [s.signer_name for s in signed.signatures] == ["Sarah Okafor", "Graham Whitfield"]
    assert signed.signatures[1].strokes == STROKES
    assert service.versions(case.id)[0].content_sha256 == expected

    assert service.mark_signed(case.id) == []
    view = service.editable(case.id)
    assert (view.status, view.is_read_only, len(view.signatures)) == (
        AgreementStatus.SIGNED,
        True,
        2,
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"method": SignatureMethod.DRAWN, "strokes": ()}, "signature pad is empty"),
        ({"method": SignatureMethod.DRAWN, "strokes": (((0.1, 0.1, 0),),)}, "pad is empty"),
        ({"method": SignatureMethod.DRAWN, "strokes": (((0.1, 2.0, 0), (0.2, 0.2, 9)),)}, "read"),
        ({"typed_statement": "Sarah Okafor"}, "I agree"),
        ({"typed_statement": None}, "I agree"),
        ({"method": SignatureMethod.VERBAL}, "mediator attests"),
        ({"signer_name": " "}, "full name"),
        ({"signer_role": ""}, "role"),
    ],
)
def test_each_method_needs_its_evidence(
    service: AgreementService, case: MediationCase, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        service.sign(case.id, replace(parent_signs(case), **changes))  # type: ignore[arg-type]
    assert service.editable(case.id).signatures == ()


def test_a_verbal_agreement_on_a_call_is_attested(
    service: AgreementService, case: MediationCase
) -> None:
    verbal = replace(parent_signs(case), method=SignatureMethod.VERBAL, attested_by="Helen Marsh")
    record = service.sign(case.id, verbal)
    assert (record.method, record.attested_by) == ("verbal", "Helen Marsh")


def test_signing_waits_for_review_to_be_possible(
    workspace: Workspace, service: AgreementService
) -> None:
    unready = make_case(workspace, "SM-2026-0010")
    service.editable(unready.id)
    with pytest.raises(ValidationError, match="Date the agreement"):
        service.sign(unready.id, parent_signs(unready))


def test_each_person_signs_a_version_once(
    workspace: Workspace, service: AgreementService, case: MediationCase
) -> None:
    service.sign(case.id, parent_signs(case))
    with pytest.raises(ValidationError, match="Sarah Okafor has already signed version 1"):
        service.sign(case.id, parent_signs(case))
    other = make_case(workspace, "SM-2026-0011")
    with pytest.raises(ValidationError, match="people in this case"):
        service.sign(case.id, replace(officer_signs(case), participant_id=other.officer_id))


def test_an_edit_after_signing_starts_version_two(
    service: AgreementService, case: MediationCase
) -> None:
    first = service.sign(case.id, parent_signs(case))
    (old_action,) = service.editable(case.id).actions
    new_action_id = service.update_action(
        old_action.id, smart_entry(case, measure="Sarah receives the plan by post")
    )
    assert new_action_id != old_action.id

    newest = service.editable(case.id)
    assert (newest.version, newest.status, newest.signatures) == (2, AgreementStatus.DRAFT, ())
    assert newest.dated_on == AGREED_ON
    assert [a.id for a in newest.actions] == [new_action_id]
    assert newest.actions[0].measure == "Sarah receives the plan by post"

    old = service.view(case.id, 1)
    assert (old.status, old.is_read_only, old.superseded_by_version) == (
        AgreementStatus.SUPERSEDED,
        True,
        2,
    )
    assert old.actions[0].measure == "Sarah receives the draft plan by email"
    assert [(v.version, v.status, v.signature_count) for v in service.versions(case.id)] == [
        (2, AgreementStatus.DRAFT, 0),
        (1, AgreementStatus.SUPERSEDED, 1),
    ]
    kept = service.signed_agreement(case.id, version=1)
    assert kept.signatures == (first,)
    assert service.content(case.id).version == 2

    with pytest.raises(ValidationError, match="replaced, so it cannot change: make the change"):
        service.update_action(old_action.id, smart_entry(case))
    with pytest.raises(ValidationError, match="in version 2"):
        service.remove_action(old_action.id)

    # The new version is signed afresh, against its own content.
    second = service.sign(case.id, parent_signs(case))
    assert second.content_sha256 == content_hash(service.content(case.id))
    assert second.content_sha256 != first.content_sha256


def test_case_wide_edits_after_signing_also_start_a_new_version(
    service: AgreementService, case: MediationCase
) -> None:
    service.sign(case.id, parent_signs(case))
    service.set_agreement_date(case.id, AGREED_ON)  # unchanged: nothing is voided
    (action,) = service.editable(case.id).actions
    assert service.update_action(action.id, action.as_entry()) == action.id
    service.set_issue_outcome(case.transport_issue_id, IssueOutcome.NOT_AGREED)
    assert [v.version for v in service.versions(case.id)] == [1]
    service.set_issue_outcome(case.transport_issue_id, IssueOutcome.PARTLY_AGREED)
    assert [(v.version, v.status) for v in service.versions(case.id)] == [
        (2, AgreementStatus.DRAFT),
        (1, AgreementStatus.SUPERSEDED),
    ]
    service.set_distribution(case.id, ["Sarah Okafor"])  # a draft: edited in place
    assert len(service.versions(case.id)) == 2


def test_a_signed_agreement_changes_only_through_a_new_version(
    service: AgreementService, case: MediationCase
) -> None:
    service.sign(case.id, parent_signs(case))
    service.sign(case.id, officer_signs(case))
    service.mark_signed(case.id)
    (action,) = service.editable(case.id).actions
    with pytest.raises(ValidationError, match="has been signed, so it cannot change"):
        service.update_action(action.id, smart_entry(case, measure="Another measure"))
    with pytest.raises(ValidationError, match="Start a new version"):
        service.set_agreement_date(case.id, date(2026, 1, 15))
    with pytest.raises(ValidationError, match="Start a new version"):
        service.acknowledge_findings(action.id, [])
    with pytest.raises(ValidationError, match="has been signed"):
        service.sign(case.id, parent_signs(case))

    started = service.new_version(case.id)
    assert service.new_version(case.id) == started  # a draft already: nothing more
    versions = service.versions(case.id)
    assert [(v.version, v.status, v.signature_count) for v in versions] == [
        (2, AgreementStatus.DRAFT, 0),
        (1, AgreementStatus.SUPERSEDED, 2),
    ]
    assert service.signed_agreement(case.id, 1).signatures_valid()


def test_marking_signed_names_who_has_not_signed(
    service: AgreementService, case: MediationCase
) -> None:
    with pytest.raises(ValidationError, match="No one has signed"):
        service.mark_signed(case.id)
    service.sign(case.id, parent_signs(case))
    assert service.mark_signed(case.id) == ["No local authority officer has signed."]
    assert service.editable(case.id).status is AgreementStatus.SIGNED


def test_a_change_behind_the_services_back_breaks_the_signatures(
    workspace: Workspace, service: AgreementService, case: MediationCase
) -> None:
    service.sign(case.id, parent_signs(case))
    assert service.signature_check(case.id)
    with workspace.transaction() as session:
        session.execute(
            sa.update(AgreedAction)
            .where(AgreedAction.agreement_id == sa.select(Agreement.id).scalar_subquery())
            .values(measure="Quietly changed")
        )
    assert not service.signature_check(case.id)
    # The document still shows exactly what was signed, never the quiet change.
    shown = service.signed_agreement(case.id)
    assert shown.signatures_valid()
    assert all(action.measure != "Quietly changed" for action in shown.content.actions)
    with pytest.raises(ValidationError, match="changed since it was first signed"):
        service.sign(case.id, officer_signs(case))
    with pytest.raises(ValidationError, match="no longer match"):
        service.mark_signed(case.id)


def test_the_signed_version_keeps_the_childs_views_it_showed(
    workspace: Workspace, service: AgreementService, case: MediationCase
) -> None:
    views = ChildViewsService(workspace)
    entry = ChildViewsEntry(
        child_participant_id=case.child_id,
        method=ChildViewsMethod.MET_MEDIATOR,
        sought_by="The mediator",
        consent_given=True,
        may_share="Tobi would like a quiet place to eat lunch.",
        views_text="Tobi's own words, kept by the mediator.",
    )
    views.record(case.id, entry, today=AGREED_ON)
    service.sign(case.id, parent_signs(case))
    views.record(case.id, replace(entry, consent_given=False, may_share=None), today=AGREED_ON)
    assert service.content(case.id).child_views_summary == (
        "Tobi would like a quiet place to eat lunch."
    )
    assert service.signature_check(case.id)
    # A new version is a draft again, and shows only what consent now allows.
    service.new_version(case.id)
    assert service.content(case.id).child_views_summary is None


def test_ordinary_case_edits_after_signing_keep_the_signatures_valid(
    workspace: Workspace, service: AgreementService, case: MediationCase
) -> None:
    from sendmed_desktop.services.intake import IntakeService

    service.sign(case.id, parent_signs(case))
    service.sign(case.id, officer_signs(case))
    signed_before = service.signed_agreement(case.id)
    intake = IntakeService(workspace)
    issue = next(i for i in intake.issues(case.id) if i.id == case.therapy_issue_id)
    intake.update_issue(issue.id, replace(issue.as_entry(), heading="Renamed after signing"))
    assert service.signature_check(case.id)
    after = service.signed_agreement(case.id)
    assert after == signed_before  # frozen: what was signed is what is shown
    assert "Renamed after signing" not in [i.heading for i in after.content.issues]
