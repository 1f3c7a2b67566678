"""Turn one case's stored rows into the records a subject-access export gives one person.

What a person is given depends on their part in the case. The family (the child or young
person, a parent or carer, an alternative person) is given the case's content: the
decision, the issues, the key dates, every meeting, shareable note, proposal, agreed action
and certificate. Anyone else (an officer, a supporter, a school) is given what is linked to
them or names them: their own invitations, contacts, adjustments, expenses, feedback,
notes, proposals, the actions they own and the signatures they gave.

Private and private-session notes never become a record here: they are only counted.
The child's views as recorded are counted too; what may be shared of them is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from sendmed_desktop.documents.subject_access_pdf import (
    CaseSection,
    Item,
    Record,
    RecordGroup,
    Value,
    Withheld,
)
from sendmed_desktop.domain.confidentiality import normalise
from sendmed_desktop.domain.money import format_money
from sendmed_desktop.domain.parties import FAMILY_PARTY_ROLES, SUBJECT_ROLES, AlternativePerson
from sendmed_desktop.domain.vocabulary import Confidentiality, LabelledEnum
from sendmed_desktop.services.intake_support import AdjustmentKind, ContactChannel
from sendmed_desktop.storage.models import (
    AgreedAction,
    AuditEntry,
    CaseParticipant,
    IssueSection,
    Proposal,
    Signature,
    ViewNote,
)
from sendmed_desktop.storage.subject_access_repository import CaseRows

FAMILY_ROLES = FAMILY_PARTY_ROLES | SUBJECT_ROLES
# A shorter name ("Jo") would be found inside unrelated words of a note.
_MIN_MENTIONED_NAME = 5
_E = TypeVar("_E", bound=LabelledEnum)
_HISTORY_ACTIONS = {"add": "Added", "update": "Changed", "remove": "Removed"}


@dataclass(frozen=True)
class CaseExport:
    """One case's section of the export, and what the confidentiality check needs."""

    section: CaseSection
    notes: list[ViewNote]
    released: list[str]


def _record(*items: tuple[str, str, Value] | Item) -> Record:
    return Record(tuple(item if isinstance(item, Item) else Item(*item) for item in items))


def _fields(
    row: object | None, spec: tuple[tuple[str, str], ...], *extra: Item, lead: Item | None = None
) -> list[Record]:
    """Return ``row`` as one record of the attributes named in ``spec`` (none if no row)."""
    if row is None:
        return []
    items = tuple(Item(key, label, getattr(row, key)) for key, label in spec) + extra
    return [Record(items if lead is None else (lead, *items))]


def _stored_label(kind: type[_E], value: str) -> _E | str:
    """Return a stored code as its enum (so it prints as a label), or as stored."""
    try:
        return kind(value)
    except ValueError:
        return value


class _Person:
    """One person's entries in one case, and how to tell what is linked to or names them."""

    def __init__(self, mine: list[CaseParticipant]) -> None:
        self.entries = mine
        self.ids = {entry.id for entry in mine}
        self.names = {normalise(entry.person.full_name) for entry in mine}
        self.family = any(entry.role in FAMILY_ROLES for entry in mine)

    def named(self, text: str | None) -> bool:
        return normalise(text or "") in self.names

    def mentioned(self, text: str) -> bool:
        folded = normalise(text)
        return any(len(name) >= _MIN_MENTIONED_NAME and name in folded for name in self.names)

    def linked(self, participant_id: int | None) -> bool:
        return participant_id in self.ids


def case_export(
    rows: CaseRows, mine: list[CaseParticipant], history: list[AuditEntry]
) -> CaseExport:
    """Return one case's section for the person whose entries in it are ``mine``."""
    person = _Person(mine)
    names = {p.id: p.person.full_name for p in rows.participants}
    notes = [
        note
        for note in rows.notes
        if person.family or person.linked(note.participant_id) or person.mentioned(note.text)
    ]
    shared = [note for note in notes if note.confidentiality is Confidentiality.SHAREABLE]
    views = rows.child_views
    views_withheld = (
        person.family
        and views is not None
        and bool(views.views_text.strip())
        and views.views_text.strip() != (views.may_share or "").strip()
    )
    withheld = Withheld(
        private_notes=sum(n.confidentiality is Confidentiality.PRIVATE for n in notes),
        private_session_notes=sum(
            n.confidentiality is Confidentiality.PRIVATE_SESSION for n in notes
        ),
        child_views=int(views_withheld),
    )
    proposals = [p for p in rows.proposals if person.family or person.linked(p.proposed_by_id)]
    actions = [
        (agreement.version, action)
        for agreement in rows.agreements
        for action in agreement.actions
        if person.family or person.named(action.owner_name)
    ]
    groups = (
        *_family_groups(rows, person),
        _meetings(rows, person),
        _group("contacts", "Contacts with the mediator", _contacts(rows, person)),
        _group("adjustments", "Reasonable adjustments", _adjustments(rows, person)),
        _group("expenses", "Expenses", _expenses(rows, person)),
        _group("shareable_notes", "Notes that may be shared", _notes(shared, names)),
        _group("proposals", "Proposals", _proposals(rows, proposals, names)),
        _group("agreements", "The written agreement", _agreements(rows, person)),
        _group("agreed_actions", "Agreed actions", _actions(actions)),
        _group("signatures", "Signatures given", _signatures(rows, person)),
        _group("certificates", "Mediation certificates", _certificates(rows, person)),
        _group("feedback", "Feedback given", _feedback(rows, person)),
        _group("history", "Changes to these details", _history(history, person)),
    )
    section = CaseSection(
        reference=rows.case.reference,
        case=_case(rows, person),
        details=tuple(_details(entry, names) for entry in mine),
        groups=groups,
        withheld=withheld,
    )
    released = [p.text for p in proposals] + [a.action for _v, a in actions] + list(names.values())
    return CaseExport(section=section, notes=rows.notes, released=released)


def _group(kind: str, heading: str, records: Iterable[Record]) -> RecordGroup:
    return RecordGroup(kind=kind, heading=heading, records=tuple(records))


def _case(rows: CaseRows, person: _Person) -> Record:
    case = rows.case
    # The child's name is the family's data, not an officer's or a supporter's.
    child = case.subject_name if person.family else None
    return _record(
        ("reference", "Case reference", case.reference),
        ("local_authority", "Local authority", case.local_authority),
        ("status", "Status", case.status),
        ("opened_at", "Opened", case.created_at),
        ("closed_at", "Closed", case.closed_at),
        ("child_or_young_person", "Child or young person", child),
    )


_PERSON = (
    ("full_name", "Name"),
    ("date_of_birth", "Date of birth"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("organisation", "Organisation"),
    ("job_title", "Job title"),
    ("communication_needs", "Communication needs"),
)


def _details(entry: CaseParticipant, names: dict[int, str]) -> Record:
    acting = AlternativePerson.from_stored(entry.acting_basis)
    (person,) = _fields(entry.person, _PERSON)
    return Record(
        person.items
        + _record(
            ("role", "Part in the case", entry.role),
            ("is_party", "A party to the mediation", entry.is_party),
            ("relationship_to_child", "Relationship to the child", entry.relationship_to_child),
            ("acts_for", "Acts for", names.get(entry.acts_for_id or 0)),
            ("acting_authority", "On the authority of", acting.authority),
            ("acting_reason", "Why they act", acting.reason or None),
            ("supports", "Supports", names.get(entry.supports_id or 0)),
            ("recorded_at", "First recorded", entry.person.created_at),
        ).items
    )


_DECISION = (
    ("ground", "Decision"),
    ("plan_content_part", "Part of the plan"),
    ("notice_date", "Date of the decision notice"),
    ("notice_sent_on", "Notice sent"),
    ("summary", "Summary"),
)
_ISSUE = (
    ("heading", "Issue"),
    ("detail", "Detail"),
    ("area", "Area"),
    ("health_provision_sought", "Health provision sought"),
    ("outcome", "Outcome"),
)
_KEY_DATES = (
    ("adviser_contacted_on", "Mediation adviser contacted"),
    ("family_decision", "Family's decision"),
    ("family_decision_on", "Decided on"),
    ("adviser_told_of_decision_on", "Adviser told of the decision"),
    ("la_informed_on", "Local authority told"),
    ("icb_notified_on", "ICB told"),
    ("la_told_adviser_not_possible_on", "Local authority said it could not arrange mediation"),
    ("notice_given_on", "Notice of the meeting given"),
    ("shorter_notice_agreed", "Shorter notice agreed"),
    ("meeting_held_on", "Meeting held"),
    ("meeting_concluded_on", "Mediation concluded"),
    ("agreement_dated_on", "Agreement dated"),
)
# Never ``views_text``: the child's words as recorded are withheld, and counted.
_CHILD_VIEWS = (
    ("method", "How the views were sought"),
    ("sought_on", "When"),
    ("sought_by", "By whom"),
    ("consent_given", "Consent to share given"),
    ("may_share", "What may be shared"),
    ("share_with", "May be shared with"),
    ("not_practicable_reason", "Why it was not reasonably practicable"),
)


def _family_groups(rows: CaseRows, person: _Person) -> tuple[RecordGroup, ...]:
    """Return the case's own content: given to the family, left empty for anyone else."""
    case = rows.case
    family = person.family
    issues = [
        Record(
            (*record.items, Item("plan_sections", "EHC plan sections", _sections(issue.sections)))
        )
        for issue in (case.issues if family else [])
        for record in _fields(issue, _ISSUE)
    ]
    return (
        _group(
            "decision",
            "The decision under dispute",
            _fields(case.decision if family else None, _DECISION),
        ),
        _group("issues", "Issues for mediation", issues),
        _group("key_dates", "Key dates", _fields(case.clock if family else None, _KEY_DATES)),
        _group(
            "child_views",
            "The child's views",
            _fields(rows.child_views if family else None, _CHILD_VIEWS),
        ),
    )


def _sections(sections: Iterable[IssueSection]) -> tuple[str, ...]:
    return tuple(sorted(row.section.value for row in sections))


_MEETING = (
    ("format", "Format"),
    ("venue", "Venue"),
    ("video_link", "Video link"),
    ("scheduled_start", "Arranged to start"),
    ("scheduled_end", "Arranged to end"),
    ("started_at", "Started"),
    ("ended_at", "Ended"),
    ("cancelled", "Cancelled"),
)
_INVITATION = (
    ("consent_to_attend", "Consent to attend"),
    ("authority_to_settle", "Authority to settle confirmed"),
    ("joins_remotely", "Joins remotely"),
    ("attended", "Attended"),
)


def _meetings(rows: CaseRows, person: _Person) -> RecordGroup:
    mine = {a.meeting_id: a for a in rows.attendees if person.linked(a.participant_id)}
    records = []
    for meeting in rows.meetings:
        invite = mine.get(meeting.id)
        if invite is None and not person.family:
            continue
        invited = Item("invited", "Invited", invite is not None)
        attendance = (
            _fields(invite, _INVITATION)[0].items
            if invite
            else tuple(Item(key, label, None) for key, label in _INVITATION)
        )
        records += _fields(meeting, _MEETING, invited, *attendance)
    return _group("meetings", "Meetings", records)


def _contacts(rows: CaseRows, person: _Person) -> Iterable[Record]:
    for contact in rows.contacts:
        if person.linked(contact.participant_id):
            yield _record(
                ("occurred_at", "When", contact.occurred_at),
                ("channel", "How", _stored_label(ContactChannel, contact.channel)),
                ("summary", "Summary", contact.summary),
            )


def _adjustments(rows: CaseRows, person: _Person) -> Iterable[Record]:
    for adjustment in rows.adjustments:
        if person.linked(adjustment.participant_id):
            yield _record(
                ("kind", "Adjustment", _stored_label(AdjustmentKind, adjustment.kind)),
                ("description", "Description", adjustment.description),
                ("arranged", "Arranged", adjustment.arranged),
            )


_EXPENSE = (
    ("kind", "Expense"),
    ("description", "Description"),
    ("claimed_on", "Claimed"),
    ("paid_on", "Paid"),
)


def _expenses(rows: CaseRows, person: _Person) -> Iterable[Record]:
    for expense in rows.expenses:
        if person.linked(expense.participant_id):
            pence = expense.amount_pence
            yield from _fields(
                expense, _EXPENSE, Item("amount_pence", "Amount", pence, format_money(pence))
            )


def _notes(shared: list[ViewNote], names: dict[int, str]) -> Iterable[Record]:
    for note in shared:
        yield _record(
            ("recorded_at", "Recorded", note.recorded_at),
            ("stage", "Stage of the meeting", note.stage),
            ("about", "Said by or about", names.get(note.participant_id or 0)),
            ("text", "Note", note.text),
            ("deleted_at", "Deleted (kept until erased)", note.deleted_at),
        )


def _proposals(
    rows: CaseRows, proposals: list[Proposal], names: dict[int, str]
) -> Iterable[Record]:
    headings = {issue.id: issue.heading for issue in rows.case.issues}
    for proposal in proposals:
        yield _record(
            ("made_at", "Made", proposal.created_at),
            ("made_by", "Made by", names.get(proposal.proposed_by_id or 0)),
            ("issue", "Issue", headings.get(proposal.issue_id or 0)),
            ("text", "Proposal", proposal.text),
            ("status", "Status", proposal.status),
            ("decided_on", "Decided", proposal.decided_on),
        )


_AGREEMENT = (("version", "Version"), ("status", "Status"), ("dated_on", "Dated"))


def _agreements(rows: CaseRows, person: _Person) -> Iterable[Record]:
    for agreement in rows.agreements:
        if person.family or any(_signed_by(person, s) for s in agreement.signatures):
            lines = (line.strip() for line in agreement.distribution.splitlines())
            sent_to = Item("distribution", "Sent to", tuple(line for line in lines if line))
            # What the child agreed to share is the family's, not a signing officer's.
            summary = agreement.child_views_summary if person.family else None
            views = Item("child_views_summary", "The child's views, as agreed to share", summary)
            yield from _fields(agreement, _AGREEMENT, views, sent_to)


_ACTION = (
    ("owner_name", "Who"),
    ("owner_role", "Role"),
    ("owner_organisation", "Organisation"),
    ("action", "What"),
    ("measure", "How everyone will know it is done"),
    ("due_on", "By when"),
    ("plan_section", "EHC plan section"),
    ("statutory_basis", "Timescale"),
    ("alternative_timescale_note", "Timescale agreed instead"),
    ("completed_on", "Done"),
)


def _actions(actions: list[tuple[int, AgreedAction]]) -> Iterable[Record]:
    for version, action in actions:
        yield from _fields(action, _ACTION, lead=_version(version))


def _version(version: int) -> Item:
    return Item("agreement_version", "Agreement version", version)


def _signed_by(person: _Person, signature: Signature) -> bool:
    return person.linked(signature.participant_id) or person.named(signature.signer_name)


_SIGNATURE = (
    ("signer_name", "Signed by"),
    ("signer_role", "As"),
    ("method", "How"),
    ("typed_statement", "Typed statement"),
    ("attested_by", "Attested by"),
    ("signed_at", "Signed"),
)


def _signatures(rows: CaseRows, person: _Person) -> Iterable[Record]:
    for agreement in rows.agreements:
        for signature in agreement.signatures:
            if _signed_by(person, signature):
                drawing = signature.strokes_json
                shown = "Held: the points drawn are in the JSON file" if drawing else None
                drawn = Item("drawing", "Drawn signature", drawing, shown)
                yield from _fields(signature, _SIGNATURE, drawn, lead=_version(agreement.version))


_CERTIFICATE = (
    ("reference", "Certificate reference"),
    ("kind", "Kind"),
    ("issued_on", "Date of issue"),
    ("due_on", "Due by"),
    ("issuer_name", "Issued by"),
    ("issuer_role", "Issuer's role"),
    ("resolution", "Issues resolved"),
    ("reissue_reason", "Why it was issued again"),
)


def _certificates(rows: CaseRows, person: _Person) -> Iterable[Record]:
    for certificate in rows.certificates:
        if person.family or person.named(certificate.issuer_name):
            yield from _fields(certificate, _CERTIFICATE)


_FEEDBACK = (("received_on", "Received"), ("rating", "Rating"), ("comments", "Comments"))


def _feedback(rows: CaseRows, person: _Person) -> Iterable[Record]:
    for feedback in rows.feedback:
        if person.linked(feedback.participant_id):
            yield from _fields(feedback, _FEEDBACK)


def _history(history: list[AuditEntry], person: _Person) -> Iterable[Record]:
    for entry in history:
        if person.linked(entry.entity_id):
            yield _record(
                ("occurred_at", "When", entry.occurred_at),
                ("action", "What was done", _HISTORY_ACTIONS.get(entry.action, entry.action)),
            )
