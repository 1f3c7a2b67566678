"""Mediation certificates: the three kinds, when each is due, and what one carries.

A certificate is the content-free layer of a mediation (domain.md §1, §4): it says who,
which decision, which issues (by heading), when, and — after mediation — whether the
issues were resolved, and nothing said in mediation. ``CertificateFields`` is exactly
that and no more; the PDF is rendered from it alone, so nothing else can reach the page.

Pure: standard library and the statutory clock only; no Qt, no database, no I/O.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sendmed_desktop.domain import timescales
from sendmed_desktop.domain.agreement import Stroke, format_short_date
from sendmed_desktop.domain.deadlines import Deadline
from sendmed_desktop.domain.vocabulary import (
    CertificateKind,
    IssueOutcome,
    ResolutionExtent,
    Role,
)
from sendmed_desktop.domain.working_days import WorkingCalendar, add_months

# Who issues each kind (domain.md §4; timescales R2, R6, R7). Only the default: the
# mediator names the issuer and their role when issuing.
MEDIATION_ADVISER = "Mediation adviser"
MEDIATOR = "Mediator"
_DEFAULT_ROLES = {
    CertificateKind.DECLINED: MEDIATION_ADVISER,
    CertificateKind.AFTER_MEDIATION: MEDIATOR,
    CertificateKind.NOT_HELD: MEDIATION_ADVISER,
}
_TITLES = {
    CertificateKind.DECLINED: "Mediation certificate — mediation declined after information",
    CertificateKind.AFTER_MEDIATION: "Mediation certificate — after mediation",
    CertificateKind.NOT_HELD: "Mediation certificate — mediation not held within 30 days",
}
_CFA = "Children and Families Act 2014"
_REGS = "Special Educational Needs and Disability Regulations 2014"
_BASIS = {
    CertificateKind.DECLINED: f"{_CFA}, section 55(4); {_REGS}, regulations 33 and 34",
    CertificateKind.AFTER_MEDIATION: f"{_CFA}, section 55(5); {_REGS}, Part 2 (mediation)",
    CertificateKind.NOT_HELD: f"{_CFA}, section 55; {_REGS}, Part 2 (mediation)",
}
_RESOLUTION = {
    ResolutionExtent.IN_FULL: "The mediation issues were resolved in full.",
    ResolutionExtent.IN_PART: "The mediation issues were resolved in part.",
    ResolutionExtent.NOT_AT_ALL: "The mediation issues were not resolved.",
}
TRIBUNAL = "the First-tier Tribunal (Special Educational Needs and Disability)"
_NAME_LIMIT = 200  # the width of the certificate's issuer columns
_REFERENCE_DIGITS = 4


# What a certificate carries ---------------------------------------------------------------


@dataclass(frozen=True)
class FamilyParty:
    """The parent or young person who is the family's party, by name and role."""

    name: str
    role: Role  # PARENT_CARER or YOUNG_PERSON


@dataclass(frozen=True, kw_only=True)
class CertificateFields:
    """Everything a certificate prints (domain.md §4), and nothing else.

    Free text from the mediation — notes, proposals, the child's views, issue details,
    the decision's summary, agreed actions — has no field here, so it cannot be printed.
    ``corrects_reference``, ``first_issued_on`` and ``correction_reason`` are set only on a
    corrected certificate, which replaces an earlier one.
    """

    reference: str
    kind: CertificateKind
    issued_on: date
    issuing_organisation: str
    issuer_name: str
    issuer_role: str
    typed_signature: str | None = None
    signature_strokes: tuple[Stroke, ...] = ()
    family_parties: tuple[FamilyParty, ...] = ()
    alternative_person: str | None = None
    child_name: str = ""
    child_date_of_birth: date | None = None
    local_authority: str = ""
    health_bodies: tuple[str, ...] = ()
    decision_notice_date: date | None = None
    decision_sent_on: date | None = None
    decision_ground: str = ""
    issue_headings: tuple[str, ...] = ()
    adviser_contacted_on: date | None = None
    mediation_date: date | None = None
    mediation_concluded_on: date | None = None
    resolution: ResolutionExtent | None = None
    la_could_not_arrange_on: date | None = None
    corrects_reference: str | None = None
    first_issued_on: date | None = None
    correction_reason: str | None = None

    @property
    def signed(self) -> bool:
        """Return whether the issuer has signed (typed their name or drawn a signature)."""
        return bool((self.typed_signature or "").strip()) or any(self.signature_strokes)

    @property
    def appeal_clock_from(self) -> date:
        """Return the date of issue the 1-month appeal limb counts from.

        A corrected certificate does not move it: the first certificate's date stands
        (the same reading as the timeline's).
        """
        return self.first_issued_on or self.issued_on

    def appeal(self) -> Deadline | None:
        """Return the appeal deadline this certificate sets (R8), if the decision's date is known.

        The Tribunal counts only statutory non-working days, so the date does not depend on
        the service's own closures.
        """
        if self.decision_sent_on is None:
            return None
        return timescales.appeal_deadline(self.decision_sent_on, self.appeal_clock_from)

    @property
    def appeal_by(self) -> date | None:
        """Return the date the appeal should reach the Tribunal by, if known."""
        deadline = self.appeal()
        return None if deadline is None else deadline.due


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def canonical_text(fields: CertificateFields) -> str:
    """Return every field as canonical JSON (sorted keys): all a certificate can print."""
    data = _plain(dataclasses.asdict(fields))
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# What the certificate says, in words ------------------------------------------------------


def certificate_title(kind: CertificateKind) -> str:
    """Return the title printed on a certificate of ``kind``."""
    return _TITLES[kind]


def statutory_basis(kind: CertificateKind) -> str:
    """Return the law a certificate of ``kind`` is issued under."""
    return _BASIS[kind]


def default_issuer_role(kind: CertificateKind) -> str:
    """Return who issues a certificate of ``kind``: the adviser, or the mediator."""
    return _DEFAULT_ROLES[kind]


def resolution_sentence(extent: ResolutionExtent) -> str:
    """Return the sentence that states how far mediation resolved the issues."""
    return _RESOLUTION[extent]


def certificate_reference(prefix: str, year: int, number: int) -> str:
    """Return a certificate's reference: ``<prefix>-C-<year>-<NNNN>``."""
    return f"{prefix}-C-{year}-{number:0{_REFERENCE_DIGITS}d}"


def _family_words(fields: CertificateFields) -> str:
    roles = {party.role for party in fields.family_parties}
    if roles == {Role.YOUNG_PERSON}:
        return "the young person"
    if roles == {Role.PARENT_CARER}:
        return "the parent" if len(fields.family_parties) == 1 else "the parents"
    return "the parent or young person"


def certifying_statement(fields: CertificateFields) -> str:
    """Return the sentence that says what the certificate certifies, for its kind."""
    who = _family_words(fields)
    if fields.kind is CertificateKind.DECLINED:
        return (
            f"This certifies that {who} named below received information and advice about "
            "pursuing mediation from a mediation adviser, and told the adviser that they do "
            "not wish to pursue mediation."
        )
    if fields.kind is CertificateKind.AFTER_MEDIATION:
        held = (
            format_short_date(fields.mediation_date) if fields.mediation_date else "the date below"
        )
        parties = f"{who} and the local authority"
        if fields.health_bodies:
            plural = "bodies" if len(fields.health_bodies) > 1 else "body"
            parties = f"{who}, the local authority and the health {plural}"
        return (
            f"This certifies that mediation took place on {held} between {parties} named "
            "below, about the decision and the issues listed."
        )
    told = (
        format_short_date(fields.la_could_not_arrange_on)
        if fields.la_could_not_arrange_on
        else "the date below"
    )
    return (
        f"This certifies that {who} named below wished to pursue mediation, and that on "
        f"{told} the local authority told the mediation adviser that mediation could not "
        "take place within 30 days."
    )


def appeal_note(fields: CertificateFields) -> str:
    """Return the note to the family: the date of issue and when an appeal should arrive.

    It never says an appeal is barred: the Tribunal decides whether to accept a late one.
    """
    issued = f"This certificate was issued on {format_short_date(fields.issued_on)}."
    late = (
        "If your appeal will reach the Tribunal after that date, you can still send it and "
        "ask the Tribunal to accept it late: the Tribunal decides whether to accept a late "
        "appeal. Keep this certificate: you will need it to register an appeal."
    )
    deadline = fields.appeal()
    clock = _clock_words(fields)
    if deadline is None or fields.decision_sent_on is None:
        return (
            f"{issued} If you wish to appeal to {TRIBUNAL}, your appeal should reach the "
            "Tribunal by the later of two months from the date the decision notice was sent "
            f"and one month from {clock}. {late}"
        )
    sent = fields.decision_sent_on
    time_ends = max(add_months(sent, 2), add_months(fields.appeal_clock_from, 1))
    moved = ""
    if deadline.due != time_ends:
        moved = f" That later date, {format_short_date(time_ends)}, {_why_moved(time_ends)}."
    return (
        f"{issued} If you wish to appeal to {TRIBUNAL}, your appeal should reach the Tribunal "
        f"by {format_short_date(deadline.due)}: the later of two months from the date the "
        f"decision notice was sent ({format_short_date(sent)}) and one month from {clock}."
        f"{moved} {late}"
    )


def _clock_words(fields: CertificateFields) -> str:
    first = format_short_date(fields.appeal_clock_from)
    if fields.appeal_clock_from != fields.issued_on:
        return f"the date the first certificate was issued ({first}; a correction does not move it)"
    return f"the date this certificate was issued ({first})"


def _why_moved(time_ends: date) -> str:
    if (time_ends.month, time_ends.day) >= (12, 25) or (time_ends.month, time_ends.day) == (1, 1):
        return (
            "falls between 25 December and 1 January, so the time runs to the first working "
            "day after 1 January"
        )
    if time_ends.month == 8:
        return "falls in August, so the time runs to the first working day after 31 August"
    return "is not a working day, so the time runs to the next working day"


# What is missing ---------------------------------------------------------------------------


def fields_problems(fields: CertificateFields) -> list[str]:
    """Return what stops the certificate being issued, in the mediator's words."""
    problems = [*_issuer_problems(fields), *_case_problems(fields), *_kind_problems(fields)]
    if fields.corrects_reference is not None and not (fields.correction_reason or "").strip():
        problems.append("Say why the certificate is being corrected.")
    return problems


def _issuer_problems(fields: CertificateFields) -> list[str]:
    problems = []
    if not fields.reference.strip():
        problems.append("The certificate has no reference number yet.")
    if not fields.issuing_organisation.strip():
        problems.append("Enter the name of the mediation provider that issues certificates.")
    issuer = fields.issuer_name.strip()
    if not issuer:
        problems.append("Enter the name of the person issuing the certificate.")
    if not fields.issuer_role.strip():
        problems.append("Enter the issuer's role, for example “Mediator” or “Mediation adviser”.")
    if len(issuer) > _NAME_LIMIT or len(fields.issuer_role.strip()) > _NAME_LIMIT:
        problems.append(f"Keep the issuer's name and role to {_NAME_LIMIT} characters each.")
    typed = " ".join((fields.typed_signature or "").split())
    if not fields.signed:
        problems.append("Sign the certificate: type your full name, or draw your signature.")
    elif typed and issuer and typed.casefold() != " ".join(issuer.split()).casefold():
        problems.append(
            "A typed signature is the issuer's full name exactly as entered: "
            f"type “{issuer}” to sign."
        )
    return problems


def _case_problems(fields: CertificateFields) -> list[str]:
    problems = []
    if not fields.family_parties:
        problems.append("Record the parent or young person who is the family's party.")
    if not fields.child_name.strip():
        problems.append("Record the child or young person the case is about.")
    if fields.child_date_of_birth is None:
        problems.append("Record the child's or young person's date of birth.")
    if not fields.local_authority.strip():
        problems.append("Record the local authority.")
    if not fields.decision_ground.strip():
        problems.append("Record the decision under dispute (the s.51(2) ground).")
    if fields.decision_notice_date is None:
        problems.append("Record the date on the decision notice.")
    if fields.decision_sent_on is None:
        problems.append(
            "Record the date the decision notice was sent: the appeal deadline counts from it."
        )
    if fields.adviser_contacted_on is None:
        problems.append("Record the date the mediation adviser was contacted.")
    elif fields.adviser_contacted_on > fields.issued_on:
        problems.append("The mediation adviser is recorded as contacted after the date of issue.")
    return problems


def _kind_problems(fields: CertificateFields) -> list[str]:
    problems = []
    if fields.kind is CertificateKind.AFTER_MEDIATION:
        if not fields.issue_headings:
            problems.append("Record the mediation issues: the certificate lists their headings.")
        if fields.mediation_date is None:
            problems.append("Record the day mediation took place.")
        concluded = fields.mediation_concluded_on or fields.mediation_date
        if concluded is not None and fields.issued_on < concluded:
            problems.append(
                "The date of issue is before mediation concluded: a certificate after "
                "mediation can be issued only once it has concluded."
            )
        if fields.resolution is None:
            problems.append("Say whether the issues were resolved in full, in part or not at all.")
    elif fields.resolution is not None:
        problems.append("Only a certificate after mediation says how far the issues were resolved.")
    if fields.kind is CertificateKind.NOT_HELD:
        told = fields.la_could_not_arrange_on
        if told is None:
            problems.append(
                "Record the date the local authority said mediation could not be arranged "
                "within 30 days."
            )
        elif fields.issued_on < told:
            problems.append(
                "The date of issue is before the local authority said mediation could not "
                "be arranged."
            )
    return problems


# Which certificates are due ------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateTrigger:
    """The dates that make each kind of certificate due, and the kinds already issued."""

    family_declined: bool = False
    adviser_told_of_decision_on: date | None = None
    la_told_adviser_not_possible_on: date | None = None
    meeting_concluded_on: date | None = None
    issued: frozenset[CertificateKind] = frozenset()


@dataclass(frozen=True)
class OfferedCertificate:
    """A certificate whose trigger has happened and that has not been issued yet."""

    kind: CertificateKind
    due: Deadline
    late: bool  # issuing it today would be after the due date

    @property
    def label(self) -> str:
        """Return the kind's name as the mediator reads it."""
        return self.kind.label


def certificate_deadline(
    kind: CertificateKind, trigger: CertificateTrigger, calendar: WorkingCalendar | None = None
) -> Deadline | None:
    """Return when a certificate of ``kind`` is due, or None if its trigger has not happened.

    DECLINED: the family declined and the adviser was told (R2). NOT_HELD: the local
    authority told the adviser mediation could not be held within 30 days (R6).
    AFTER_MEDIATION: mediation concluded (R7).
    """
    if kind is CertificateKind.DECLINED:
        told = trigger.adviser_told_of_decision_on
        if trigger.family_declined and told is not None:
            return timescales.certificate_due_after_decline(told, calendar=calendar)
        return None
    if kind is CertificateKind.NOT_HELD:
        said = trigger.la_told_adviser_not_possible_on
        return (
            None if said is None else timescales.certificate_due_not_held(said, calendar=calendar)
        )
    concluded = trigger.meeting_concluded_on
    if concluded is None:
        return None
    return timescales.certificate_due_after_mediation(concluded, calendar=calendar)


def offered_kinds(
    trigger: CertificateTrigger, *, today: date, calendar: WorkingCalendar | None = None
) -> list[OfferedCertificate]:
    """Return the certificates to offer: triggered, not yet issued, soonest due first."""
    offered = []
    for kind in CertificateKind:
        if kind in trigger.issued:
            continue
        deadline = certificate_deadline(kind, trigger, calendar)
        if deadline is not None:
            offered.append(OfferedCertificate(kind=kind, due=deadline, late=today > deadline.due))
    return sorted(offered, key=lambda offer: offer.due.due)


def resolution_from_outcomes(outcomes: Iterable[IssueOutcome | None]) -> ResolutionExtent:
    """Return how far the issues were resolved, from each issue's outcome.

    Every issue agreed: in full. None agreed, even in part: not at all (an issue with no
    outcome recorded counts as not agreed). Anything else: in part.
    """
    found = list(outcomes)
    if found and all(outcome is IssueOutcome.AGREED for outcome in found):
        return ResolutionExtent.IN_FULL
    agreed = {IssueOutcome.AGREED, IssueOutcome.PARTLY_AGREED}
    if not any(outcome in agreed for outcome in found):
        return ResolutionExtent.NOT_AT_ALL
    return ResolutionExtent.IN_PART
