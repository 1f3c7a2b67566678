"""What is checked at each stage of a mediation (domain.md §5): checklists and rules.

Pure data and small pure functions: the plain facts the app gathers about a case, each
stage's checklist and the items those facts tick on their own, and the rules that block
or warn when leaving a stage. Assessment and transitions are in ``domain/stages.py``,
which re-exports everything here: the GUI imports from there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from sendmed_desktop.domain.vocabulary import Stage


@dataclass(frozen=True)
class StageFacts:
    """What the app knows about a case that the stage rules depend on.

    Plain data, gathered by the service in a few queries; every field has a neutral
    default so a test states only the facts it is about.
    """

    # A parent (not the young person) is a party: the child's views must be sought (R14).
    parent_is_party: bool = False
    # A child's-views record exists, including one saying why it was not practicable.
    child_views_recorded: bool = False
    # LA and ICB officers listed to attend a meeting that is not cancelled.
    la_or_icb_attendees: int = 0
    # One display string per LA or ICB attendee whose authority to settle is not confirmed.
    la_or_icb_attendees_without_authority: tuple[str, ...] = ()
    issues_count: int = 0
    proposals_count: int = 0
    agreement_signed: bool = False
    # Every issue on the agenda ended "not agreed": the meeting closed without agreement.
    no_agreement_recorded: bool = False
    agreement_to_mediate_signed: bool = False
    family_decision_recorded: bool = False
    family_decision_declined: bool = False
    meeting_scheduled: bool = False
    # Notice of the meeting was given, or the family agreed to shorter notice (R5).
    notice_given: bool = False
    # Someone on each side (family, LA, ICB where involved) had a pre-meeting contact.
    every_party_contacted: bool = False
    certificate_issued: bool = False
    # Checklist keys the mediator ticked, and warning keys they acknowledged.
    ticked: frozenset[str] = frozenset()
    acknowledged: frozenset[str] = frozenset()


class AutoFact(StrEnum):
    """A fact that ticks a checklist item without the mediator having to."""

    FAMILY_DECISION_RECORDED = "family_decision_recorded"
    ISSUES_RECORDED = "issues_recorded"
    EVERY_PARTY_CONTACTED = "every_party_contacted"
    MEETING_SCHEDULED = "meeting_scheduled"
    CHILDS_VIEWS_RECORDED = "childs_views_recorded"
    NOTICE_GIVEN = "notice_given"
    AUTHORITY_CONFIRMED = "authority_confirmed"
    AGREEMENT_TO_MEDIATE_SIGNED = "agreement_to_mediate_signed"
    PROPOSALS_RECORDED = "proposals_recorded"
    AGREEMENT_SIGNED_OR_NONE = "agreement_signed_or_none"
    CERTIFICATE_ISSUED = "certificate_issued"


def fact_holds(fact: AutoFact, facts: StageFacts) -> bool:
    """Return whether ``fact`` is true of the case described by ``facts``."""
    match fact:
        case AutoFact.FAMILY_DECISION_RECORDED:
            return facts.family_decision_recorded
        case AutoFact.ISSUES_RECORDED:
            return facts.issues_count > 0
        case AutoFact.EVERY_PARTY_CONTACTED:
            return facts.every_party_contacted
        case AutoFact.MEETING_SCHEDULED:
            return facts.meeting_scheduled
        case AutoFact.CHILDS_VIEWS_RECORDED:
            # A young person who is the party speaks for themselves: nothing to seek.
            return facts.child_views_recorded or not facts.parent_is_party
        case AutoFact.NOTICE_GIVEN:
            return facts.notice_given
        case AutoFact.AUTHORITY_CONFIRMED:
            # Nobody listed is not "confirmed": the check needs someone to check.
            return facts.la_or_icb_attendees > 0 and not facts.la_or_icb_attendees_without_authority
        case AutoFact.AGREEMENT_TO_MEDIATE_SIGNED:
            return facts.agreement_to_mediate_signed
        case AutoFact.PROPOSALS_RECORDED:
            return facts.proposals_count > 0
        case AutoFact.AGREEMENT_SIGNED_OR_NONE:
            return facts.agreement_signed or facts.no_agreement_recorded
        case AutoFact.CERTIFICATE_ISSUED:
            return facts.certificate_issued


@dataclass(frozen=True)
class ChecklistItem:
    """One thing to do at a stage; ``auto`` names the fact that ticks it by itself."""

    key: str
    label: str
    required: bool = True
    auto: AutoFact | None = None


CHECKLISTS: dict[Stage, tuple[ChecklistItem, ...]] = {
    Stage.PREPARATION: (
        ChecklistItem(
            "ma_call_and_decision",
            "Mediation adviser's call held and the family's decision recorded",
            auto=AutoFact.FAMILY_DECISION_RECORDED,
        ),
        ChecklistItem(
            "issues_recorded",
            "Issues, and any health provision sought, recorded",
            auto=AutoFact.ISSUES_RECORDED,
        ),
        ChecklistItem(
            "pre_meeting_calls",
            "Pre-meeting call held with each party",
            auto=AutoFact.EVERY_PARTY_CONTACTED,
        ),
        ChecklistItem(
            "attendees_confirmed",
            "Attendees confirmed: LA and ICB authority to settle, supporters, consent to attend",
        ),
        ChecklistItem(
            "adjustments_and_expenses",
            "Reasonable adjustments (venue or online, breaks, interpreter, communication "
            "needs, advocacy) and expenses arranged",
        ),
        ChecklistItem(
            "childs_views_sought",
            "Child's views sought, or why it is not reasonably practicable recorded",
            auto=AutoFact.CHILDS_VIEWS_RECORDED,
        ),
        ChecklistItem(
            "meeting_scheduled",
            "Meeting date, time and place or video link set",
            auto=AutoFact.MEETING_SCHEDULED,
        ),
        ChecklistItem(
            "notice_given",
            "Notice of the meeting given at least 5 working days ahead, or shorter notice "
            "agreed by the family",
            auto=AutoFact.NOTICE_GIVEN,
        ),
        ChecklistItem("agreement_to_mediate_sent", "Agreement to Mediate sent to the parties"),
    ),
    Stage.OPENING: (
        ChecklistItem("introductions", "Introductions made"),
        ChecklistItem(
            "authority_checked",
            "Authority to settle checked for each LA and ICB attendee",
            auto=AutoFact.AUTHORITY_CONFIRMED,
        ),
        ChecklistItem(
            "confidentiality_and_ground_rules",
            "Confidentiality (and its safeguarding exception) and ground rules explained",
        ),
        ChecklistItem(
            "agreement_to_mediate_signed",
            "Agreement to Mediate signed",
            auto=AutoFact.AGREEMENT_TO_MEDIATE_SIGNED,
        ),
    ),
    Stage.OPENING_STATEMENTS: (
        ChecklistItem("family_statement", "Parent's or young person's opening statement, first"),
        ChecklistItem("la_statement", "Local authority's opening statement"),
        ChecklistItem(
            "icb_statement", "ICB's opening statement, where health is in dispute", required=False
        ),
    ),
    Stage.CHILDS_VIEWS: (
        ChecklistItem(
            "childs_views_record",
            "Child's views recorded, or why it was not reasonably practicable",
            auto=AutoFact.CHILDS_VIEWS_RECORDED,
        ),
        ChecklistItem("childs_views_shared", "Child's views shared, as far as consent allows"),
    ),
    Stage.AGENDA: (
        ChecklistItem("issues_agreed", "Issues agreed with everyone present"),
        ChecklistItem("issues_ordered", "Issues put in the order they will be discussed"),
    ),
    Stage.EXPLORATION: (
        ChecklistItem("each_issue_explored", "Each issue explored with everyone"),
        ChecklistItem(
            "private_sessions",
            "Private sessions held where needed, with what each party wants kept back noted",
            required=False,
        ),
    ),
    Stage.OPTIONS: (
        ChecklistItem("options_generated", "Options generated for the issues"),
        ChecklistItem(
            "proposals_recorded",
            "Proposals and counter-proposals recorded",
            auto=AutoFact.PROPOSALS_RECORDED,
        ),
    ),
    Stage.AGREEMENT: (
        ChecklistItem(
            "smart_actions_drafted",
            "SMART actions drafted: a named owner, an action, a measure and a date for each",
        ),
        ChecklistItem("agreement_reviewed", "Agreement read through and reviewed with everyone"),
        ChecklistItem(
            "agreement_signed_or_none",
            "Agreement signed, or no agreement recorded",
            auto=AutoFact.AGREEMENT_SIGNED_OR_NONE,
        ),
    ),
    Stage.CLOSE: (
        ChecklistItem("next_steps_explained", "Next steps explained: who does what, by when"),
        ChecklistItem(
            "certificate_date_explained",
            "Date the certificate is due explained (within 3 working days)",
        ),
        ChecklistItem(
            "appeal_rights_explained",
            "Right of appeal explained, including for issues not resolved",
        ),
    ),
    Stage.AFTER_MEETING: (
        ChecklistItem(
            "certificate_issued",
            "Certificate issued within 3 working days",
            auto=AutoFact.CERTIFICATE_ISSUED,
        ),
        ChecklistItem("agreement_sent", "Agreement sent to everyone on the distribution list"),
        ChecklistItem("feedback_requested", "Feedback requested from each party"),
        ChecklistItem(
            "deadlines_followed_up",
            "Action deadlines followed up, and new dates agreed if an action slips",
        ),
    ),
}


def checklist_keys(stage: Stage) -> frozenset[str]:
    """Return the keys of ``stage``'s checklist items."""
    return frozenset(item.key for item in CHECKLISTS[stage])


class Severity(StrEnum):
    """How strongly a finding holds the mediator back."""

    BLOCKER = "blocker"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One reason to stop before leaving a stage, in one plain sentence."""

    key: str
    message: str
    severity: Severity
    stage: Stage


# A rule's check: given the stage being left, the facts, and the checklist keys done
# there, return the message when the rule fires, else None.
RuleCheck = Callable[[Stage, StageFacts, frozenset[str]], str | None]


@dataclass(frozen=True)
class Rule:
    """A check made when leaving any of ``stages``."""

    key: str
    severity: Severity
    stages: frozenset[Stage]
    check: RuleCheck = field(compare=False)


def _family_declined(_stage: Stage, facts: StageFacts, _done: frozenset[str]) -> str | None:
    # A family that declines gets a certificate (s.55(4), R2), never a meeting.
    if not facts.family_decision_declined:
        return None
    return (
        "The family declined mediation, so no meeting is held: issue the certificate "
        "for a declined mediation instead (reg 34)."
    )


def _no_meeting_scheduled(_stage: Stage, facts: StageFacts, _done: frozenset[str]) -> str | None:
    # Not a blocker: a meeting can start at short notice and be recorded afterwards, but
    # the meeting timer and breaks have nothing to hang on until a meeting is recorded.
    if facts.meeting_scheduled:
        return None
    return (
        "No meeting is scheduled for this case, so the meeting timer and breaks cannot be recorded."
    )


def _notice_not_recorded(_stage: Stage, facts: StageFacts, done: frozenset[str]) -> str | None:
    # R5 is guidance (CoP 11) the family can waive, so it warns; a tick also clears it
    # because the notice may have gone by a route the app does not hold.
    if not facts.meeting_scheduled or "notice_given" in done:
        return None
    return (
        "No notice of the meeting is recorded: the parent or young person should have "
        "5 working days' notice unless they agreed to less (R5)."
    )


def _authority_not_confirmed(_stage: Stage, facts: StageFacts, _done: frozenset[str]) -> str | None:
    # Reg 38 requires authority to resolve the issues; the meeting can still go on,
    # so the mediator must knowingly carry on rather than be stopped.
    without = facts.la_or_icb_attendees_without_authority
    if not without:
        return None
    # Officers are not named here, so two alike are counted rather than listed twice.
    counted = [text if n == 1 else f"{n} × {text}" for text, n in Counter(without).items()]
    return (
        f"Authority to settle is not confirmed for {'; '.join(counted)}: LA and ICB "
        "attendees must be able to resolve the issues (reg 38)."
    )


def _agreement_to_mediate_unsigned(
    _stage: Stage, _facts: StageFacts, done: frozenset[str]
) -> str | None:
    # Signed on paper is as good as signed in the app, hence the tick also clears it.
    if "agreement_to_mediate_signed" in done:
        return None
    return (
        "The Agreement to Mediate is not recorded as signed, so confidentiality and "
        "the ground rules are not yet agreed in writing."
    )


def _childs_views_missing_early(
    _stage: Stage, facts: StageFacts, _done: frozenset[str]
) -> str | None:
    # Said now, while everyone is still in the room, rather than only at Close (R14).
    if not facts.parent_is_party or facts.child_views_recorded:
        return None
    return (
        "There is no record of the child's views yet: a parent is a party, so the "
        "meeting cannot move to Close without one (R14)."
    )


def _no_issues(_stage: Stage, facts: StageFacts, _done: frozenset[str]) -> str | None:
    # Blocks: there is nothing to explore, and the agreement and certificate list issues.
    if facts.issues_count > 0:
        return None
    return "There are no issues on the agenda: record at least one issue before exploring."


def _childs_views_required(stage: Stage, facts: StageFacts, _done: frozenset[str]) -> str | None:
    # R14, CFA s.56(1)(e): with a parent as party, the mediator must take reasonable
    # steps to obtain the child's views, so a case cannot reach Close, go past it, or be
    # closed without a record of them (or of why it was not reasonably practicable).
    if not facts.parent_is_party or facts.child_views_recorded:
        return None
    where = "moving to Close" if stage is Stage.AGREEMENT else "the case can go on or be closed"
    return (
        "A parent is a party, so record the child's views, or why it was not reasonably "
        f"practicable to obtain them, before {where} (R14, CFA s.56(1)(e))."
    )


def _no_agreement_outcome(_stage: Stage, _facts: StageFacts, done: frozenset[str]) -> str | None:
    # A meeting may end without agreement, so this warns; the family is advised not to
    # leave without the written agreement when there is one (domain.md §4).
    if "agreement_signed_or_none" in done:
        return None
    return (
        "No signed agreement and no 'no agreement' outcome is recorded: the family "
        "should not leave without the written agreement."
    )


RULES: tuple[Rule, ...] = (
    Rule("family_declined", Severity.BLOCKER, frozenset({Stage.PREPARATION}), _family_declined),
    Rule(
        "no_meeting_scheduled",
        Severity.WARNING,
        frozenset({Stage.PREPARATION}),
        _no_meeting_scheduled,
    ),
    Rule(
        "notice_not_recorded",
        Severity.WARNING,
        frozenset({Stage.PREPARATION}),
        _notice_not_recorded,
    ),
    Rule(
        "authority_not_confirmed",
        Severity.WARNING,
        frozenset({Stage.OPENING}),
        _authority_not_confirmed,
    ),
    Rule(
        "agreement_to_mediate_unsigned",
        Severity.WARNING,
        frozenset({Stage.OPENING}),
        _agreement_to_mediate_unsigned,
    ),
    Rule(
        "childs_views_missing",
        Severity.WARNING,
        frozenset({Stage.CHILDS_VIEWS}),
        _childs_views_missing_early,
    ),
    Rule("no_issues", Severity.BLOCKER, frozenset({Stage.AGENDA}), _no_issues),
    Rule(
        "childs_views_required",
        Severity.BLOCKER,
        frozenset({Stage.AGREEMENT, Stage.CLOSE, Stage.AFTER_MEETING}),
        _childs_views_required,
    ),
    Rule(
        "no_agreement_outcome",
        Severity.WARNING,
        frozenset({Stage.AGREEMENT}),
        _no_agreement_outcome,
    ),
)


def warning_keys(stage: Stage) -> frozenset[str]:
    """Return the keys of the warnings that can be acknowledged at ``stage``."""
    return frozenset(
        rule.key for rule in RULES if rule.severity is Severity.WARNING and stage in rule.stages
    )
