"""SMART checks on one agreed action, and the statutory timing that its deadline answers to.

Domain.md §4: a SMART action names its owner (a person, with role and organisation, not
"the LA"), says what will be done with a concrete verb, how everyone will know it is done,
and by which date; the date comes from reg 44 (appealable matters, R11) or the 2-week rule
(R9) unless the parties agreed another in writing (reg 42(5), R12).

Each problem is a `SmartFinding` the mediator reads. Some can be set aside with a reason
(the mediator acknowledges them: "discuss" may really be the agreed step); the rest must be
fixed, because without them there is no action, or the date breaks the law.

Pure: standard library only; no Qt, no database, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sendmed_desktop.domain.agreement import format_short_date
from sendmed_desktop.domain.timescales import ActionOutcome, Deadline, action_deadlines
from sendmed_desktop.domain.vocabulary import StatutoryBasis

__all__ = [
    "APPEALABLE_OUTCOMES",
    "ActionDraft",
    "ActionTiming",
    "SmartFinding",
    "action_timing",
    "check_action",
]

# What the agreement may ask of an appealable matter; each has its reg 44 limits (R11).
APPEALABLE_OUTCOMES = (
    ActionOutcome.ASSESS_OR_REASSESS,
    ActionOutcome.MAKE_PLAN,
    ActionOutcome.AMEND_PLAN,
    ActionOutcome.NAME_SCHOOL,
    ActionOutcome.NAME_SCHOOL_AND_AMEND,
    ActionOutcome.CONTINUE_OR_CEASE,
)
MINIMUM_ACTION_WORDS = 3


@dataclass(frozen=True)
class ActionDraft:
    """One action as it stands, with the latest date the law allows for it."""

    owner_name: str
    owner_role: str
    owner_organisation: str
    action: str
    measure: str
    due_on: date | None
    statutory_basis: StatutoryBasis
    statutory_limit: date | None = None
    alternative_note: str | None = None


@dataclass(frozen=True)
class SmartFinding:
    """One way an action falls short of SMART, in one sentence the mediator reads.

    ``key`` is stable (acknowledgements are stored by it); ``field`` names the entry field
    to fix. ``can_acknowledge`` is False when the finding must be fixed, not set aside.
    """

    key: str
    message: str
    field: str
    can_acknowledge: bool = True


# Vague wording, grouped by what is wrong with it. Each phrase is matched as whole words,
# ignoring case; inflections are listed so "considering" is caught as well as "consider".
_HEDGES = (
    "does not say what will be done: name the concrete step, such as “decide”, “send” or “arrange”"
)
_ATTEMPTS = "promises an attempt, not an action: say what will be done"
_CONDITIONS = "leaves it open whether it happens at all: say exactly what will be done"
_OPTIONAL = "makes the action optional: say what will be done"
_NOT_A_DATE = "is not a deadline: take it out and put the date in the deadline instead"

_VAGUE: tuple[tuple[str, str, str], ...] = (
    ("consider", r"consider(?:s|ed|ing|ation)?", _HEDGES),
    ("look_into", r"look(?:s|ed|ing)? into", _HEDGES),
    ("explore", r"explor(?:e|es|ed|ing)", _HEDGES),
    ("discuss", r"discuss(?:es|ed|ing|ion)?", _HEDGES),
    ("review_whether", r"review(?:s|ed|ing)? whether", _HEDGES),
    ("think_about", r"think(?:s|ing)? about", _HEDGES),
    ("liaise", r"liais(?:e|es|ed|ing)", _HEDGES),
    ("try", r"try|tries|tried|trying", _ATTEMPTS),
    ("aim_to", r"aim(?:s|ed|ing)? to", _ATTEMPTS),
    ("endeavour", r"endeavou?r(?:s|ed|ing)?", _ATTEMPTS),
    ("hope_to", r"hop(?:e|es|ed|ing) to", _ATTEMPTS),
    ("attempt_to", r"attempt(?:s|ed|ing)? to", _ATTEMPTS),
    ("seek_to", r"seek(?:s|ing)? to", _ATTEMPTS),
    ("where_possible", r"(?:where|when|if) possible", _CONDITIONS),
    ("if_appropriate", r"(?:if|as|where|when) appropriate", _CONDITIONS),
    ("as_necessary", r"(?:as|if|when) (?:necessary|required|needed)", _CONDITIONS),
    ("may", r"may|might|could", _OPTIONAL),
    ("in_due_course", r"in due course", _NOT_A_DATE),
    ("as_soon_as_possible", r"as soon as (?:possible|practicable)|asap", _NOT_A_DATE),
    # "soon" on its own: "as soon as possible" is reported once, above.
    (
        "soon",
        r"(?<!as )soon(?! as)|shortly|in the near future|at (?:some point|a later date)",
        _NOT_A_DATE,
    ),
)
_VAGUE_PATTERNS = tuple(
    (slug, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), problem)
    for slug, pattern, problem in _VAGUE
)
_DIGIT_NEARBY = re.compile(r"\d(?:st|nd|rd|th)?\s*$")

# Owners that are bodies or groups, not people: named exactly, or by a word in the name.
_GENERIC_OWNERS = frozenset({"la", "icb", "ccg", "sen", "send", "parent", "mum", "dad", "all"})
_ORGANISATION_WORDS = re.compile(
    r"^the\b|\b(?:local authority|council|county|borough|authority|school|academy|college|"
    r"nursery|trust|icb|ccg|nhs|team|service|services|department|dept|board|panel|"
    r"partnership|sendiass|iass|ltd|limited|plc|foundation|hospital|clinic|centre|center|"
    r"unit|office|commissioning|commissioners?|provider|parents|family|everyone|all parties|"
    r"the parties|both parties|tbc|tbd)\b",
    re.IGNORECASE,
)
# A measure that names no evidence: it only says the action will be finished.
_EMPTY_MEASURES = frozenset(
    {
        "done",
        "completed",
        "complete",
        "finished",
        "achieved",
        "yes",
        "n/a",
        "na",
        "none",
        "tbc",
        "tbd",
        "action completed",
        "action complete",
        "task completed",
        "when done",
        "when completed",
        "it is done",
        "it has been done",
    }
)
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")


def _is_month_may(text: str, match: re.Match[str]) -> bool:
    """Tell whether a match of "may" is the month ("by 5 May", "May 2026"), not the verb."""
    if match.group(0).casefold() != "may":
        return False
    before, after = text[: match.start()], text[match.end() :]
    if _DIGIT_NEARBY.search(before) or after.lstrip()[:1].isdigit():
        return True
    # Capital "May" mid-sentence is the month; the verb is lower case there.
    return match.group(0) == "May" and match.start() > 0


def _vague_findings(action: str) -> list[SmartFinding]:
    findings = []
    for slug, pattern, problem in _VAGUE_PATTERNS:
        found = next((m for m in pattern.finditer(action) if not _is_month_may(action, m)), None)
        if found is not None:
            findings.append(
                SmartFinding(f"action.vague.{slug}", f"“{found.group(0)}” {problem}.", "action")
            )
    return findings


def _owner_findings(draft: ActionDraft) -> list[SmartFinding]:
    name = draft.owner_name.strip()
    role = draft.owner_role.strip()
    organisation = draft.owner_organisation.strip()
    if not (name or role or organisation):
        message = "Name the person who will do this, with their role and organisation."
        return [SmartFinding("owner.missing", message, "owner_name", can_acknowledge=False)]
    if not name:
        where = f"at {organisation} " if organisation else ""
        message = f"Name the person {where}who will do this, not only their organisation or role."
        return [SmartFinding("owner.not_a_person", message, "owner_name")]
    folded = _EDGE_PUNCTUATION.sub("", name).casefold()
    is_organisation = (
        folded in _GENERIC_OWNERS
        or folded == organisation.casefold()
        or _ORGANISATION_WORDS.search(name) is not None
    )
    if is_organisation:
        message = (
            f"“{name}” is an organisation or a group, not a person: name who there will do "
            "this, and their role."
        )
        return [SmartFinding("owner.not_a_person", message, "owner_name")]
    if not role:
        message = f"Give {name}'s role, for example “SEN casework manager” or “parent”."
        return [SmartFinding("owner.no_role", message, "owner_role")]
    return []


def _action_findings(action: str) -> list[SmartFinding]:
    wording = action.strip()
    if not wording:
        message = "Say what will be done, starting with a verb (for example, “Send the plan”)."
        return [SmartFinding("action.missing", message, "action", can_acknowledge=False)]
    findings = []
    if len(wording.split()) < MINIMUM_ACTION_WORDS:
        message = (
            "Say what will be done in a few more words: a verb and what it is done to, for "
            "example “Send the draft plan to Sarah”."
        )
        findings.append(SmartFinding("action.too_short", message, "action"))
    return findings + _vague_findings(wording)


def _measure_findings(measure: str) -> list[SmartFinding]:
    wording = _EDGE_PUNCTUATION.sub("", measure.strip()).casefold()
    if not wording:
        message = "Say how everyone will know it is done, for example “Sarah receives the plan”."
        return [SmartFinding("measure.missing", message, "measure", can_acknowledge=False)]
    if wording in _EMPTY_MEASURES:
        message = (
            f"“{measure.strip()}” does not say how anyone will know: name the evidence, for "
            "example “Sarah receives the amended plan”."
        )
        return [SmartFinding("measure.not_evidence", message, "measure")]
    return []


def _deadline_findings(draft: ActionDraft, today: date) -> list[SmartFinding]:
    findings = []
    alternative = draft.statutory_basis is StatutoryBasis.ALTERNATIVE_AGREED
    if alternative and not (draft.alternative_note or "").strip():
        message = "Say what the parties agreed in writing about this timescale, as reg 42(5) needs."
        key = "due.no_written_agreement"
        findings.append(SmartFinding(key, message, "alternative_note", can_acknowledge=False))
    due = draft.due_on
    if due is None:
        message = "Give the date by which this will be done."
        return [*findings, SmartFinding("due.missing", message, "due_on", can_acknowledge=False)]
    if due < today:
        message = (
            f"The deadline, {format_short_date(due)}, has passed: choose a date from today on."
        )
        findings.append(SmartFinding("due.past", message, "due_on"))
    limit = draft.statutory_limit
    if not alternative and limit is not None and due > limit:
        message = (
            f"The deadline, {format_short_date(due)}, is after the statutory limit of "
            f"{format_short_date(limit)}: choose an earlier date, or record that the parties "
            "agreed a different timescale in writing."
        )
        findings.append(SmartFinding("due.after_limit", message, "due_on", can_acknowledge=False))
    return findings


def check_action(draft: ActionDraft, *, today: date) -> list[SmartFinding]:
    """Return every way ``draft`` falls short of SMART, in the order of its fields."""
    return [
        *_owner_findings(draft),
        *_action_findings(draft.action),
        *_measure_findings(draft.measure),
        *_deadline_findings(draft, today),
    ]


@dataclass(frozen=True)
class ActionTiming:
    """When an action is due under its statutory basis, and why.

    ``deadlines`` are the dates the law (or the parties' written agreement) sets;
    ``suggested_due`` is the first of them, offered when the mediator types no date;
    ``statutory_limit`` is the last, which a typed date must not pass (None for an
    alternative timescale, or when the dates cannot be worked out yet).
    """

    deadlines: tuple[Deadline, ...] = ()
    suggested_due: date | None = None
    statutory_limit: date | None = None
    problem: SmartFinding | None = None

    @property
    def explanation(self) -> str:
        """Return why the action is due when it is, as sentences for the agreement."""
        return " ".join(deadline.explanation for deadline in self.deadlines)


def action_timing(
    agreement_date: date | None,
    basis: StatutoryBasis,
    outcome: ActionOutcome | None,
    typed_due: date | None,
) -> ActionTiming:
    """Work out an action's statutory dates from the agreement date (R9, R11, R12).

    An appealable action needs ``outcome`` (what the agreement asks the local authority to
    do) to pick its reg 44 limits; an alternative timescale may name one, so the agreement
    says which statutory dates it replaces.
    """
    if basis is StatutoryBasis.APPEALABLE and outcome not in APPEALABLE_OUTCOMES:
        message = (
            "Choose what the agreement asks the local authority to do (assess, make or amend "
            "the plan, name a school, or continue or cease it), so the reg 44 dates can be "
            "worked out."
        )
        problem = SmartFinding("basis.no_outcome", message, "reg44_outcome", can_acknowledge=False)
        return ActionTiming(problem=problem)
    if agreement_date is None:
        return ActionTiming()
    if basis is StatutoryBasis.NOT_APPEALABLE or outcome is None:
        outcome = ActionOutcome.NOT_APPEALABLE
    if basis is StatutoryBasis.ALTERNATIVE_AGREED:
        if typed_due is None:
            return ActionTiming()
        agreed = action_deadlines(agreement_date, outcome, typed_due)
        return ActionTiming(tuple(agreed), suggested_due=typed_due)
    statutory = action_deadlines(agreement_date, outcome)
    return ActionTiming(
        tuple(statutory),
        suggested_due=statutory[0].due,
        statutory_limit=max(deadline.due for deadline in statutory),
    )
