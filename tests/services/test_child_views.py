"""The child's views record: validation in plain words, and what the agreement may carry."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
import sqlalchemy as sa

from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.domain.vocabulary import ChildViewsMethod, Role
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.child_views import ChildViewsEntry, ChildViewsService
from sendmed_desktop.services.errors import ValidationError
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage.models import AuditEntry, CaseParticipant, ChildViewsRecord

TODAY = date(2026, 3, 10)
VIEWS = "I like Mr Okonkwo-Venter but the hall is too loud and I hide in the toilets."
MAY_SHARE = "Alfie finds the school hall too loud at lunchtime."


def _case(workspace: Workspace, reference: str = "SM-2026-0001") -> tuple[int, int, int]:
    """Return a new case's id, its child's participant id and its parent's."""
    summary = CaseService(workspace).create(
        NewCase(reference, "Alfie Brook", "Testshire", "Jane Brook")
    )
    with workspace.transaction() as session:
        rows = session.execute(
            sa.select(CaseParticipant.role, CaseParticipant.id).where(
                CaseParticipant.case_id == summary.id
            )
        )
        roles = {row.role: row.id for row in rows}
    return summary.id, roles[Role.CHILD], roles[Role.PARENT_CARER]


@pytest.fixture
def service(workspace: Workspace) -> ChildViewsService:
    return ChildViewsService(workspace)


def _met(child_id: int | None, **changes: object) -> ChildViewsEntry:
    entry = ChildViewsEntry(
        child_participant_id=child_id,
        method=ChildViewsMethod.MET_MEDIATOR,
        sought_on=date(2026, 3, 2),
        sought_by="Priya Shah (mediator)",
        consent_given=True,
        may_share=MAY_SHARE,
        share_with="Everyone at the meeting",
        verbatim=True,
        views_text=VIEWS,
    )
    return replace(entry, **changes)  # type: ignore[arg-type]


def test_record_get_and_replace(workspace: Workspace, service: ChildViewsService) -> None:
    case_id, child_id, _ = _case(workspace)
    assert service.get(case_id) is None
    stored = service.record(
        case_id, _met(child_id, sought_by="  Priya Shah  ", share_with=" "), today=TODAY
    )
    assert stored == _met(child_id, sought_by="Priya Shah", share_with=None)
    assert service.get(case_id) == stored

    replaced = service.record(
        case_id, _met(child_id, method=ChildViewsMethod.WRITTEN, consent_given=None), today=TODAY
    )
    assert service.get(case_id) == replaced
    assert replaced.method is ChildViewsMethod.WRITTEN
    with workspace.transaction() as session:
        assert session.execute(sa.select(sa.func.count(ChildViewsRecord.id))).scalar_one() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"views_text": "  "}, "Record the child's views."),
        ({"method": ChildViewsMethod.DRAWING, "views_text": ""}, "Describe the child's drawing"),
        ({"method": ChildViewsMethod.RECORDING, "views_text": ""}, "Describe the recording"),
        ({"sought_by": ""}, "Say who sought the child's views."),
        ({"sought_on": date(2026, 3, 11)}, "is in the future"),
        ({"consent_given": False}, "Consent to share the child's views was not given"),
        (
            {"method": ChildViewsMethod.NOT_PRACTICABLE, "may_share": None, "views_text": ""},
            "Say why it was not reasonably practicable",
        ),
        (
            {"method": ChildViewsMethod.NOT_PRACTICABLE, "not_practicable_reason": "Too unwell"},
            "There are no views to share",
        ),
    ],
)
def test_problems_in_plain_words(
    workspace: Workspace, service: ChildViewsService, changes: dict[str, object], message: str
) -> None:
    case_id, child_id, _ = _case(workspace)
    with pytest.raises(ValidationError, match=message):
        service.record(case_id, _met(child_id, **changes), today=TODAY)
    assert service.get(case_id) is None


def test_every_problem_is_listed_at_once(workspace: Workspace, service: ChildViewsService) -> None:
    case_id, child_id, _ = _case(workspace)
    with pytest.raises(ValidationError) as caught:
        service.record(case_id, _met(child_id, views_text="", sought_by=None), today=TODAY)
    assert str(caught.value).splitlines() == [
        "Record the child's views.",
        "Say who sought the child's views.",
    ]


def test_not_practicable_needs_only_a_reason(
    workspace: Workspace, service: ChildViewsService
) -> None:
    case_id, child_id, _ = _case(workspace)
    entry = ChildViewsEntry(
        child_participant_id=child_id,
        method=ChildViewsMethod.NOT_PRACTICABLE,
        sought_on=TODAY,
        not_practicable_reason="In hospital throughout the notice period.",
    )
    assert service.record(case_id, entry, today=TODAY) == entry
    assert service.shareable_summary_for_agreement(case_id) is None


def test_the_child_must_be_the_child_of_this_case(
    workspace: Workspace, service: ChildViewsService
) -> None:
    case_id, _, parent_id = _case(workspace)
    _, other_child_id, _ = _case(workspace, "SM-2026-0002")
    with pytest.raises(ValidationError, match="not another participant"):
        service.record(case_id, _met(parent_id), today=TODAY)
    with pytest.raises(ValidationError, match="from this case"):
        service.record(case_id, _met(other_child_id), today=TODAY)
    with pytest.raises(ValidationError, match="no longer exists"):
        service.record(9999, _met(None), today=TODAY)
    assert service.get(case_id) is None


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, MAY_SHARE, id="consent-and-what-may-be-shared"),
        pytest.param({"consent_given": None}, None, id="consent-not-yet-asked"),
        pytest.param({"may_share": None}, None, id="nothing-may-be-shared"),
        pytest.param({"may_share": "  "}, None, id="blank-may-share"),
        pytest.param(
            {"may_share": None, "share_views_text": True}, VIEWS, id="verbatim-sharing-agreed"
        ),
        pytest.param(
            {"may_share": None, "share_views_text": True, "consent_given": None},
            None,
            id="verbatim-without-consent",
        ),
    ],
)
def test_agreement_gets_only_what_consent_allows(
    workspace: Workspace,
    service: ChildViewsService,
    changes: dict[str, object],
    expected: str | None,
) -> None:
    case_id, child_id, _ = _case(workspace)
    service.record(case_id, _met(child_id, **changes), today=TODAY)
    assert service.shareable_summary_for_agreement(case_id) == expected


def test_share_views_text_is_spelt_out_in_may_share(
    workspace: Workspace, service: ChildViewsService
) -> None:
    case_id, child_id, _ = _case(workspace)
    stored = service.record(
        case_id, _met(child_id, may_share="ignored", share_views_text=True), today=TODAY
    )
    assert stored.may_share == VIEWS
    assert stored.share_views_text is True
    # Rewording the views while the flag stays on carries the new words across.
    reworded = service.record(
        case_id, replace(stored, views_text="New words, as said."), today=TODAY
    )
    assert reworded.may_share == "New words, as said."
    # Turning the flag off with a written summary leaves only the summary shareable.
    summary_only = service.record(
        case_id, replace(reworded, share_views_text=False, may_share=MAY_SHARE), today=TODAY
    )
    assert summary_only.share_views_text is False
    assert service.shareable_summary_for_agreement(case_id) == MAY_SHARE


def test_clear_and_the_audit_has_no_words(workspace: Workspace, service: ChildViewsService) -> None:
    case_id, child_id, _ = _case(workspace)
    service.record(case_id, _met(child_id), today=TODAY)
    service.record(case_id, _met(child_id, verbatim=False), today=TODAY)
    service.clear(case_id)
    service.clear(case_id)  # nothing left: no error, no entry
    assert service.get(case_id) is None
    assert service.shareable_summary_for_agreement(case_id) is None
    with workspace.transaction() as session:
        rows = session.execute(
            sa.select(AuditEntry.action, AuditEntry.entity_type, AuditEntry.detail).where(
                AuditEntry.entity_type == "child_views_record"
            )
        ).all()
    assert [row.action for row in rows] == ["create", "update", "delete"]
    assert not any("Okonkwo" in repr(row) or "lunchtime" in repr(row) for row in rows)
