"""What the agreement editor enters and reads: plain data in, plain views out.

The editor saves as the mediator types, so an entry may be incomplete: what is missing is
reported as SMART findings on the view, not refused. Only what cannot be stored at all
(too long, a contradiction, a record from another case) raises ValidationError.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sendmed_desktop.domain.agreement import Stroke
from sendmed_desktop.domain.smart import (
    APPEALABLE_OUTCOMES,
    ActionDraft,
    ActionTiming,
    SmartFinding,
    action_timing,
    check_action,
)
from sendmed_desktop.domain.timescales import ActionOutcome, Deadline
from sendmed_desktop.domain.vocabulary import (
    AgreementStatus,
    IssueArea,
    IssueOutcome,
    PlanSection,
    SignatureMethod,
    StatutoryBasis,
)
from sendmed_desktop.storage.models import AgreedAction

# Signed and superseded versions are kept exactly as they were: nothing edits them.
READ_ONLY_STATUSES = frozenset({AgreementStatus.SIGNED, AgreementStatus.SUPERSEDED})
_OWNER_FIELD_LIMIT = 200


@dataclass(frozen=True)
class ActionEntry:
    """One agreed action as the mediator enters it.

    ``due_on`` None asks for the statutory date: the first reg 44 date for an appealable
    action (``reg44_outcome`` says which), or 2 weeks for one that is not appealable. An
    alternative timescale (reg 42(5)) needs the date typed and ``alternative_note`` saying
    what the parties agreed in writing. Write ``action`` as an instruction ("Send the
    draft plan to Sarah"): the easy-read version turns it into "... will send ...".
    """

    owner_name: str = ""
    owner_role: str = ""
    owner_organisation: str = ""
    action: str = ""
    measure: str = ""
    due_on: date | None = None
    statutory_basis: StatutoryBasis = StatutoryBasis.NOT_APPEALABLE
    reg44_outcome: ActionOutcome | None = None
    alternative_note: str | None = None
    issue_id: int | None = None
    plan_section: PlanSection | None = None

    def problems(self) -> list[str]:
        """Return what stops the entry being stored at all, in the mediator's words."""
        problems = [
            f"{what} is too long: keep it to {_OWNER_FIELD_LIMIT} characters."
            for what, text in (
                ("The owner's name", self.owner_name),
                ("The owner's role", self.owner_role),
                ("The owner's organisation", self.owner_organisation),
            )
            if len(text.strip()) > _OWNER_FIELD_LIMIT
        ]
        outcome = self.reg44_outcome
        if outcome is ActionOutcome.HEALTH_ONLY_NOTIFY_LA:
            problems.append(
                "The ICB's duty to tell the local authority within a week is not an agreed "
                "action, and the parties cannot change its timescale: choose another."
            )
        elif (
            self.statutory_basis is StatutoryBasis.APPEALABLE
            and outcome is not None
            and outcome not in APPEALABLE_OUTCOMES
        ):
            problems.append(
                "An appealable action needs what the agreement asks the local authority to "
                "do (assess, make or amend the plan, name a school, or continue or cease it)."
            )
        return problems


@dataclass(frozen=True)
class SignatureEntry:
    """One signatory's signature as the signing page collects it.

    DRAWN needs the strokes from the pad; TYPED needs the signer's name typed and a
    statement saying "I agree"; VERBAL, for someone on a call, needs ``attested_by``: the
    mediator who heard them agree.
    """

    participant_id: int | None
    signer_name: str
    signer_role: str
    method: SignatureMethod
    strokes: tuple[Stroke, ...] = ()
    typed_statement: str | None = None
    attested_by: str | None = None


@dataclass(frozen=True)
class ActionView:
    """One action with its dates worked out and its SMART findings."""

    id: int
    agreement_id: int
    number: int
    position: int
    issue_id: int | None
    issue_number: int | None
    proposal_id: int | None
    owner_name: str
    owner_role: str
    owner_organisation: str
    action: str
    measure: str
    due_on: date | None
    plan_section: PlanSection | None
    statutory_basis: StatutoryBasis
    reg44_outcome: ActionOutcome | None
    alternative_note: str | None
    # The dates the law (or the written alternative) sets, and why, from the agreement date.
    deadlines: tuple[Deadline, ...]
    basis_explanation: str
    statutory_limit: date | None
    # True while ``due_on`` is the statutory date the service filled in (it then follows
    # the agreement date); False once the mediator typed their own.
    due_on_is_statutory: bool
    findings: tuple[SmartFinding, ...]
    acknowledged: frozenset[str]

    @property
    def unresolved(self) -> tuple[SmartFinding, ...]:
        """Return the findings that still stop the agreement going to review."""
        return tuple(
            f for f in self.findings if not f.can_acknowledge or f.key not in self.acknowledged
        )

    def as_entry(self) -> ActionEntry:
        """Return the entry that would store this action as it is (to edit a field)."""
        return ActionEntry(
            owner_name=self.owner_name,
            owner_role=self.owner_role,
            owner_organisation=self.owner_organisation,
            action=self.action,
            measure=self.measure,
            due_on=None if self.due_on_is_statutory else self.due_on,
            statutory_basis=self.statutory_basis,
            reg44_outcome=self.reg44_outcome,
            alternative_note=self.alternative_note,
            issue_id=self.issue_id,
            plan_section=self.plan_section,
        )


@dataclass(frozen=True)
class IssueOutcomeView:
    """One issue on the agenda and how it ended."""

    id: int
    number: int
    heading: str
    sections: tuple[PlanSection, ...]
    area: IssueArea
    outcome: IssueOutcome | None


@dataclass(frozen=True)
class SignatureView:
    """One signature given to a version."""

    id: int
    participant_id: int | None
    signer_name: str
    signer_role: str
    method: SignatureMethod
    signed_at: datetime
    content_sha256: str


@dataclass(frozen=True)
class AgreementView:
    """One version of the agreement, as the editor and the review page show it."""

    id: int
    case_id: int
    case_reference: str
    version: int
    status: AgreementStatus
    dated_on: date | None
    actions: tuple[ActionView, ...]
    issues: tuple[IssueOutcomeView, ...]
    child_views_summary: str | None
    distribution: tuple[str, ...]
    signatures: tuple[SignatureView, ...]
    superseded_by_version: int | None

    @property
    def is_read_only(self) -> bool:
        """Tell whether this version is signed or replaced, and so can never change."""
        return self.status in READ_ONLY_STATUSES


@dataclass(frozen=True)
class VersionSummary:
    """One version in the agreement's history."""

    id: int
    version: int
    status: AgreementStatus
    dated_on: date | None
    created_at: datetime
    signature_count: int
    content_sha256: str | None
    superseded_by_version: int | None


def stored_outcome(action: AgreedAction) -> ActionOutcome | None:
    """Return an action's reg 44 outcome as the enum, or None."""
    try:
        return ActionOutcome(action.reg44_outcome) if action.reg44_outcome else None
    except ValueError:  # a value from a newer release: show it as not chosen
        return None


def timing_of(action: AgreedAction, agreement_date: date | None) -> ActionTiming:
    """Work out an action's statutory dates from the agreement date."""
    typed = action.due_on if action.statutory_basis is StatutoryBasis.ALTERNATIVE_AGREED else None
    return action_timing(agreement_date, action.statutory_basis, stored_outcome(action), typed)


def findings_of(action: AgreedAction, timing: ActionTiming, today: date) -> list[SmartFinding]:
    """Return an action's SMART findings, the statutory basis's own problem first."""
    draft = ActionDraft(
        owner_name=action.owner_name,
        owner_role=action.owner_role,
        owner_organisation=action.owner_organisation,
        action=action.action,
        measure=action.measure,
        due_on=action.due_on,
        statutory_basis=action.statutory_basis,
        statutory_limit=timing.statutory_limit,
        alternative_note=action.alternative_timescale_note,
    )
    found = check_action(draft, today=today)
    return [timing.problem, *found] if timing.problem else found


def acknowledged_keys(action: AgreedAction) -> frozenset[str]:
    """Return the finding keys the mediator has set aside for this action."""
    try:
        keys = json.loads(action.acknowledged_findings_json or "[]")
    except ValueError:
        return frozenset()
    return (
        frozenset(k for k in keys if isinstance(k, str)) if isinstance(keys, list) else frozenset()
    )


def action_view(
    action: AgreedAction,
    *,
    number: int,
    agreement_date: date | None,
    issue_numbers: dict[int, int],
    today: date,
) -> ActionView:
    """Return one stored action as the editor shows it."""
    timing = timing_of(action, agreement_date)
    alternative = action.statutory_basis is StatutoryBasis.ALTERNATIVE_AGREED
    return ActionView(
        id=action.id,
        agreement_id=action.agreement_id,
        number=number,
        position=action.position,
        issue_id=action.issue_id,
        issue_number=issue_numbers.get(action.issue_id) if action.issue_id else None,
        proposal_id=action.proposal_id,
        owner_name=action.owner_name,
        owner_role=action.owner_role,
        owner_organisation=action.owner_organisation,
        action=action.action,
        measure=action.measure,
        due_on=action.due_on,
        plan_section=action.plan_section,
        statutory_basis=action.statutory_basis,
        reg44_outcome=stored_outcome(action),
        alternative_note=action.alternative_timescale_note,
        deadlines=timing.deadlines,
        basis_explanation=timing.explanation,
        statutory_limit=timing.statutory_limit,
        due_on_is_statutory=(
            not alternative and action.due_on is not None and action.due_on == timing.suggested_due
        ),
        findings=tuple(findings_of(action, timing, today)),
        acknowledged=acknowledged_keys(action),
    )
