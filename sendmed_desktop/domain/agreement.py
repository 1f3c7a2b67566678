"""The written agreement's content as plain data, and the hash a signature binds.

Reg 42: the agreement is written and dated, and its date starts the action deadlines.
Domain.md §4 lists what it must say. ``AgreementContent`` is exactly what the parties
read and sign: the PDF renders it, the review screens show it, and every signature binds
the SHA-256 of its canonical form, so any change after signing is detectable.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

CONFIDENTIALITY_STATEMENT = (
    "What was said in mediation is confidential and cannot be used at the Tribunal, "
    "except where someone's safety is at risk. This written agreement is not confidential: "
    "the parties may share it and rely on it."
)
APPEAL_STATEMENT = (
    "Any issue not resolved here can still be appealed to the First-tier Tribunal (SEND). "
    "The mediation certificate, which an appeal needs, will be issued within 3 working days "
    "of the day mediation concluded. The appeal deadline is the later of 2 months from the "
    "date the decision notice was sent and 1 month from the date the certificate is issued."
)

# A stroke is a sequence of points (x, y) in 0..1 of the signature pad, with a time in
# milliseconds from the first point; a drawn signature is a tuple of strokes.
Point = tuple[float, float, int]
Stroke = tuple[Point, ...]


@dataclass(frozen=True)
class AttendeeLine:
    """Someone who attended, as the agreement lists them."""

    name: str
    role: str
    organisation: str = ""
    authority_to_settle: bool | None = None


@dataclass(frozen=True)
class IssueLine:
    """One mediation issue and how it ended."""

    number: int
    heading: str
    sections: tuple[str, ...] = ()
    area: str = ""
    outcome: str | None = None


@dataclass(frozen=True)
class ActionLine:
    """One SMART action: who does what, how everyone will know, by when, and why then."""

    number: int
    owner_name: str
    owner_role: str
    owner_organisation: str
    action: str
    measure: str
    due_on: date | None
    issue_number: int | None = None
    plan_section: str | None = None
    statutory_basis: str = ""
    basis_explanation: str = ""
    alternative_timescale_note: str | None = None


@dataclass(frozen=True)
class AgreementContent:
    """Everything the parties sign, in the order the document presents it."""

    case_reference: str
    version: int
    agreement_date: date | None
    child_name: str
    local_authority: str
    meeting_date: date | None = None
    start_time: str = ""
    end_time: str = ""
    meeting_format: str = ""
    venue: str = ""
    mediator_name: str = ""
    mediator_accreditation: str = ""
    provider_name: str = ""
    family_parties: tuple[str, ...] = ()
    health_bodies: tuple[str, ...] = ()
    decision_ground: str = ""
    attendees: tuple[AttendeeLine, ...] = ()
    issues: tuple[IssueLine, ...] = ()
    actions: tuple[ActionLine, ...] = ()
    child_views_summary: str | None = None
    confidentiality_statement: str = CONFIDENTIALITY_STATEMENT
    appeal_statement: str = APPEAL_STATEMENT
    distribution: tuple[str, ...] = ()


@dataclass(frozen=True)
class SignatureRecord:
    """One signatory's agreement to one exact version of the content."""

    signer_name: str
    signer_role: str
    method: str  # "drawn", "typed" or "verbal" (vocabulary.SignatureMethod values)
    signed_at: datetime
    content_sha256: str
    strokes: tuple[Stroke, ...] = ()
    typed_statement: str | None = None
    attested_by: str | None = None


@dataclass(frozen=True)
class SignedAgreement:
    """An agreement's content with the signatures given to it so far."""

    content: AgreementContent
    signatures: tuple[SignatureRecord, ...] = ()

    @property
    def content_sha256(self) -> str:
        return content_hash(self.content)

    def signatures_valid(self) -> bool:
        """Return whether every signature binds the content as it is now."""
        digest = self.content_sha256
        return all(s.content_sha256 == digest for s in self.signatures)


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def canonical_bytes(content: AgreementContent) -> bytes:
    """Return the content as canonical JSON (sorted keys, no spaces, UTF-8)."""
    data = _plain(dataclasses.asdict(content))
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def content_hash(content: AgreementContent) -> str:
    """Return the SHA-256 (hex) that every signature of this content binds."""
    return hashlib.sha256(canonical_bytes(content)).hexdigest()


def content_from_canonical(data: bytes | str) -> AgreementContent:
    """Rebuild content from its canonical JSON (the frozen copy kept once signed)."""
    raw = json.loads(data)
    if not isinstance(raw, dict):
        raise ValueError("not an agreement's content")

    def day(value: object) -> date | None:
        return None if value is None else date.fromisoformat(str(value))

    fields = dict(raw)
    fields["agreement_date"] = day(raw.get("agreement_date"))
    fields["meeting_date"] = day(raw.get("meeting_date"))
    fields["attendees"] = tuple(AttendeeLine(**item) for item in raw.get("attendees", ()))
    fields["issues"] = tuple(
        IssueLine(**{**item, "sections": tuple(item.get("sections", ()))})
        for item in raw.get("issues", ())
    )
    fields["actions"] = tuple(
        ActionLine(**{**item, "due_on": day(item.get("due_on"))}) for item in raw.get("actions", ())
    )
    for name in ("family_parties", "health_bodies", "distribution"):
        fields[name] = tuple(raw.get(name, ()))
    return AgreementContent(**fields)


# Reading the agreement: easy read and the screen-reader review --------------------------

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_NOT_FULLY_AGREED = ("partly agreed", "not agreed")


def format_short_date(day: date) -> str:
    """Format a date as the agreement shows it in sentences: "Wed 18 Feb 2026"."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _without_end_marks(text: str) -> str:
    return text.strip().rstrip(".;:,").strip()


def _as_clause(action: str) -> str:
    """Turn an action written as an instruction ("Send the plan") into "send the plan"."""
    clause = _without_end_marks(action)
    if clause[:3].casefold() == "to ":
        clause = clause[3:].lstrip()
    first_word = clause.split(" ", 1)[0]
    # Actions are written as instructions, so a capitalised first word is the verb; acronyms
    # and mixed-case words ("EHC", "SaLT") are kept as written.
    if first_word[:1].isupper() and first_word[1:].islower():
        clause = clause[:1].lower() + clause[1:]
    return clause


def _owner(action: ActionLine) -> str:
    """Return who does an action: "Graham Whitfield (SEN casework manager, Northshire)"."""
    name = action.owner_name.strip()
    role = action.owner_role.strip()
    organisation = action.owner_organisation.strip()
    if name:
        details = ", ".join(part for part in (role, organisation) if part)
        return f"{name} ({details})" if details else name
    if organisation:
        return f"{organisation} ({role})" if role else organisation
    return f"Someone still to be named ({role})" if role else "Someone still to be named"


def _outcome_words(issue: IssueLine) -> str:
    return issue.outcome.strip().lower() if issue.outcome else "no outcome recorded yet"


def _issue_sentence(issue: IssueLine) -> str:
    """Return "Speech and language therapy: agreed." (a heading with a colon gets its own)."""
    heading = _without_end_marks(issue.heading)
    outcome = _outcome_words(issue)
    if ":" in heading:
        return f"{heading}. {outcome[:1].upper()}{outcome[1:]}."
    return f"{heading}: {outcome}."


def easy_read_lines(content: AgreementContent) -> list[str]:
    """Return the agreement in short sentences: who does what by when, and each outcome."""
    about = content.child_name.strip() or "the child or young person"
    when = f" on {format_short_date(content.agreement_date)}" if content.agreement_date else ""
    intro = (
        f"This is what was agreed at mediation about {about}{when}. "
        "It says who will do what, and by when."
    )
    lines = [intro]
    lines.extend(_issue_sentence(issue) for issue in content.issues)
    for action in content.actions:
        deadline = (
            f" by {format_short_date(action.due_on)}"
            if action.due_on
            else " (the date is still to be agreed)"
        )
        what = _as_clause(action.action) or "do what was agreed"
        lines.append(f"{_owner(action)} will {what}{deadline}.")
    if any(_outcome_words(issue) in _NOT_FULLY_AGREED for issue in content.issues):
        lines.append("Anything not agreed can still be appealed to the Tribunal.")
    return lines


def _field(label: str, value: str | None) -> list[str]:
    """Return "Label: value" as a line, or nothing when there is no value."""
    text = (value or "").strip()
    return [f"{label}: {text}"] if text else []


def _authority(attendee: AttendeeLine) -> str:
    if attendee.authority_to_settle is None:
        return ""
    if attendee.authority_to_settle:
        return "has authority to settle the issues"
    return "does not have authority to settle the issues"


def _action_block(action: ActionLine, issue_headings: dict[int, str]) -> list[str]:
    due = format_short_date(action.due_on) if action.due_on else "Not yet set"
    issue = ""
    if action.issue_number is not None:
        heading = issue_headings.get(action.issue_number, "")
        issue = f"Issue {action.issue_number}" + (f", {heading}" if heading else "")
    return [
        f"Action {action.number}",
        *_field("Who", _owner(action)),
        *_field("What", _without_end_marks(action.action)),
        *_field("How everyone will know it is done", _without_end_marks(action.measure)),
        f"By: {due}",
        *_field("About", issue),
        *_field("EHC plan section", action.plan_section),
        *_field("Timescale", action.statutory_basis),
        *_field("Why this date", action.basis_explanation),
        *_field("Timescale agreed in writing", action.alternative_timescale_note),
    ]


def review_text(content: AgreementContent) -> str:
    """Return the whole agreement as plain text in reading order, for a screen reader.

    Headings are lines of their own, each fact is "Label: value", and sections are
    separated by a blank line; there are no tables to navigate.
    """
    agreed_on = content.agreement_date
    meeting_on = content.meeting_date
    times = " to ".join(t for t in (content.start_time, content.end_time) if t)
    mediator = content.mediator_name
    if mediator and content.mediator_accreditation:
        mediator = f"{mediator} ({content.mediator_accreditation})"
    sections: list[list[str]] = [
        [
            "Mediation agreement",
            *_field("Case reference", content.case_reference),
            f"Version: {content.version}",
            f"Date of agreement: {format_short_date(agreed_on) if agreed_on else 'Not yet set'}",
        ],
        [
            "Who the agreement is about",
            *_field("Child or young person", content.child_name),
            *_field("Family", ", ".join(content.family_parties)),
            *_field("Local authority", content.local_authority),
            *_field("Health bodies", ", ".join(content.health_bodies)),
            *_field("Decision mediated", content.decision_ground),
        ],
        [
            "The meeting",
            *_field("Date", format_short_date(meeting_on) if meeting_on else ""),
            *_field("Time", times),
            *_field("Format", content.meeting_format),
            *_field("Venue", content.venue),
            *_field("Mediator", mediator),
            *_field("Mediation provider", content.provider_name),
        ],
        [
            "Who attended",
            *(
                ", ".join(
                    part for part in (a.name, a.role, a.organisation, _authority(a)) if part.strip()
                )
                for a in content.attendees
            ),
        ],
        [
            "Issues and outcomes",
            *(
                f"Issue {issue.number}: {_without_end_marks(issue.heading)}. "
                + (f"EHC plan sections: {', '.join(issue.sections)}. " if issue.sections else "")
                + (f"Area: {issue.area}. " if issue.area else "")
                + f"Outcome: {issue.outcome or 'Not recorded yet'}."
                for issue in content.issues
            ),
        ],
    ]
    headings = {issue.number: _without_end_marks(issue.heading) for issue in content.issues}
    actions = ["Agreed actions"] if content.actions else ["Agreed actions", "None."]
    for action in content.actions:
        actions += ["", *_action_block(action, headings)]
    sections.append(actions)
    if content.child_views_summary:
        sections.append(["The child's views", content.child_views_summary.strip()])
    sections.append(["Confidentiality", content.confidentiality_statement])
    sections.append(["If an issue is not resolved", content.appeal_statement])
    if content.distribution:
        sections.append(["Copies of this agreement go to", *content.distribution])
    return "\n\n".join("\n".join(lines) for lines in sections if len(lines) > 1) + "\n"
