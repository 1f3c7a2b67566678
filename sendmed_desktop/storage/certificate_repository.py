"""Queries behind mediation certificates: the case facts they print, the provider's
sequence of reference numbers, the certificates issued, their corrections and the register.

The case facts are read column by column, never as whole rows: issue details, the
decision's summary, notes, proposals and the child's views are not even loaded, so a
certificate cannot be built from them (domain.md §4, "must not contain anything said in
mediation").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased, defer

from sendmed_desktop.domain.vocabulary import (
    CertificateKind,
    FamilyDecision,
    Ground,
    IssueOutcome,
    PlanContentPart,
    ResolutionExtent,
    Role,
)
from sendmed_desktop.storage.models import (
    Case,
    CaseParticipant,
    Certificate,
    DisputedDecision,
    MediationIssue,
    MediatorProfile,
    Person,
    Provider,
    StatutoryDates,
)

DEFAULT_PROVIDER_NAME = "Mediation provider"
DEFAULT_PROVIDER_PREFIX = "SM"


@dataclass(frozen=True)
class PersonFacts:
    """One person in the case, by the columns a certificate may print."""

    participant_id: int
    name: str
    role: Role
    is_party: bool
    date_of_birth: date | None
    organisation: str | None


@dataclass(frozen=True)
class CaseCertificateFacts:
    """The explicit columns of one case that a certificate is built from, and no others."""

    case_id: int
    case_reference: str
    local_authority: str
    people: tuple[PersonFacts, ...] = ()
    ground: Ground | None = None
    plan_content_part: PlanContentPart | None = None
    notice_date: date | None = None
    notice_sent_on: date | None = None
    issue_headings: tuple[str, ...] = ()
    issue_outcomes: tuple[IssueOutcome | None, ...] = ()
    adviser_contacted_on: date | None = None
    family_decision: FamilyDecision | None = None
    adviser_told_of_decision_on: date | None = None
    la_told_adviser_not_possible_on: date | None = None
    meeting_held_on: date | None = None
    meeting_concluded_on: date | None = None


@dataclass(frozen=True)
class CertificateRecord:
    """An issued certificate as lists show it (without its PDF), linked both ways."""

    id: int
    case_id: int
    case_reference: str
    child_name: str
    kind: CertificateKind
    reference: str
    issued_on: date
    due_on: date | None
    issuer_name: str
    issuer_role: str
    resolution: ResolutionExtent | None
    reissue_of_id: int | None
    reissue_of_reference: str | None
    reissue_reason: str | None
    corrected_by_id: int | None
    corrected_by_reference: str | None


class CertificateRepository:
    """Read and write certificates through one session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # The case, column by column ----------------------------------------------------------

    def case_facts(self, case_id: int) -> CaseCertificateFacts | None:
        """Return what a certificate of this case may print, or None if there is no case."""
        case = self._session.execute(
            sa.select(Case.id, Case.reference, Case.local_authority).where(Case.id == case_id)
        ).one_or_none()
        if case is None:
            return None
        people = self._session.execute(
            sa.select(
                CaseParticipant.id,
                Person.full_name,
                CaseParticipant.role,
                CaseParticipant.is_party,
                Person.date_of_birth,
                Person.organisation,
            )
            .join(Person, Person.id == CaseParticipant.person_id)
            .where(CaseParticipant.case_id == case_id)
            .order_by(CaseParticipant.id)
        ).all()
        decision = self._session.execute(
            sa.select(
                DisputedDecision.ground,
                DisputedDecision.plan_content_part,
                DisputedDecision.notice_date,
                DisputedDecision.notice_sent_on,
            ).where(DisputedDecision.case_id == case_id)
        ).one_or_none()
        issues = self._session.execute(
            sa.select(MediationIssue.heading, MediationIssue.outcome)
            .where(MediationIssue.case_id == case_id)
            .order_by(MediationIssue.position, MediationIssue.id)
        ).all()
        clock = self._session.execute(
            sa.select(
                StatutoryDates.adviser_contacted_on,
                StatutoryDates.family_decision,
                StatutoryDates.adviser_told_of_decision_on,
                StatutoryDates.la_told_adviser_not_possible_on,
                StatutoryDates.meeting_held_on,
                StatutoryDates.meeting_concluded_on,
            ).where(StatutoryDates.case_id == case_id)
        ).one_or_none()
        return CaseCertificateFacts(
            case_id=case.id,
            case_reference=case.reference,
            local_authority=case.local_authority,
            people=tuple(PersonFacts(*row) for row in people),
            ground=decision.ground if decision else None,
            plan_content_part=decision.plan_content_part if decision else None,
            notice_date=decision.notice_date if decision else None,
            notice_sent_on=decision.notice_sent_on if decision else None,
            issue_headings=tuple(row.heading for row in issues),
            issue_outcomes=tuple(row.outcome for row in issues),
            adviser_contacted_on=clock.adviser_contacted_on if clock else None,
            family_decision=clock.family_decision if clock else None,
            adviser_told_of_decision_on=clock.adviser_told_of_decision_on if clock else None,
            la_told_adviser_not_possible_on=(
                clock.la_told_adviser_not_possible_on if clock else None
            ),
            meeting_held_on=clock.meeting_held_on if clock else None,
            meeting_concluded_on=clock.meeting_concluded_on if clock else None,
        )

    # The issuer and the provider's sequence ----------------------------------------------

    def mediator(self) -> MediatorProfile | None:
        """Return the workspace's mediator profile, if one is set up."""
        query = sa.select(MediatorProfile).order_by(MediatorProfile.id).limit(1)
        return self._session.execute(query).scalar_one_or_none()

    def provider(self) -> Provider | None:
        """Return the mediator's provider, or the workspace's first provider."""
        mediator = self.mediator()
        found = None
        if mediator is not None and mediator.provider_id is not None:
            found = self._session.get(Provider, mediator.provider_id)
        if found is None:
            query = sa.select(Provider).order_by(Provider.id).limit(1)
            found = self._session.execute(query).scalar_one_or_none()
        return found

    def ensure_provider(self) -> Provider:
        """Return the provider that issues certificates, making a default one if none."""
        found = self.provider()
        if found is None:
            found = Provider(
                name=DEFAULT_PROVIDER_NAME,
                reference_prefix=DEFAULT_PROVIDER_PREFIX,
                next_certificate_number=1,
            )
            self._session.add(found)
            self._session.flush()
        return found

    def take_certificate_number(self, provider: Provider) -> int:
        """Return the provider's next certificate number and advance the sequence.

        The UPDATE comes first, so this transaction holds the database's write lock
        before it reads the number: no other writer can take the same one.
        """
        self._session.execute(
            sa.update(Provider)
            .where(Provider.id == provider.id)
            .values(next_certificate_number=Provider.next_certificate_number + 1)
            .execution_options(synchronize_session=False)
        )
        advanced = self._session.execute(
            sa.select(Provider.next_certificate_number).where(Provider.id == provider.id)
        ).scalar_one()
        self._session.refresh(provider, ["next_certificate_number"])
        return int(advanced) - 1

    def reference_taken(self, reference: str) -> bool:
        """Return whether a certificate already has ``reference``."""
        query = sa.select(Certificate.id).where(Certificate.reference == reference).limit(1)
        return self._session.execute(query).first() is not None

    # Certificates ------------------------------------------------------------------------

    def add(self, certificate: Certificate) -> Certificate:
        """Store a new certificate now (its id and unique reference checked at once)."""
        self._session.add(certificate)
        self._session.flush()
        return certificate

    def get(self, certificate_id: int) -> Certificate | None:
        """Return one certificate (its PDF loaded only when read), or None."""
        return self._session.get(
            Certificate, certificate_id, options=[defer(Certificate.sealed_pdf)]
        )

    def sealed_pdf(self, certificate_id: int) -> bytes | None:
        """Return the sealed PDF stored with a certificate."""
        query = sa.select(Certificate.sealed_pdf).where(Certificate.id == certificate_id)
        return self._session.execute(query).scalar_one_or_none()

    def corrected_by(self, certificate_id: int) -> int | None:
        """Return the id of the certificate that corrects this one, if any."""
        query = (
            sa.select(Certificate.id)
            .where(Certificate.reissue_of_id == certificate_id)
            .order_by(Certificate.id)
            .limit(1)
        )
        return self._session.execute(query).scalar_one_or_none()

    def kinds_issued(self, case_id: int) -> dict[CertificateKind, str]:
        """Return each kind the case has a certificate of, with its first reference."""
        query = (
            sa.select(Certificate.kind, Certificate.reference)
            .where(Certificate.case_id == case_id)
            .order_by(Certificate.issued_on, Certificate.id)
        )
        issued: dict[CertificateKind, str] = {}
        for kind, reference in self._session.execute(query):
            issued.setdefault(kind, reference)
        return issued

    def chain_ids(self, certificate_id: int) -> list[int]:
        """Return the ids of a certificate's corrections chain, the original first."""
        root = self.get(certificate_id)
        if root is None:
            return []
        seen = {root.id}
        while root.reissue_of_id is not None and root.reissue_of_id not in seen:
            parent = self.get(root.reissue_of_id)
            if parent is None:
                break
            seen.add(parent.id)
            root = parent
        ordered, frontier = [root.id], [root.id]
        while frontier:
            query = (
                sa.select(Certificate.id)
                .where(Certificate.reissue_of_id.in_(frontier))
                .order_by(Certificate.issued_on, Certificate.id)
            )
            frontier = [i for i in self._session.execute(query).scalars() if i not in ordered]
            ordered.extend(frontier)
        return ordered

    def records(
        self,
        *,
        ids: list[int] | None = None,
        case_id: int | None = None,
        kind: CertificateKind | None = None,
        late: bool | None = None,
        from_date: date | None = None,
        to_date: date | None = None,
    ) -> list[CertificateRecord]:
        """Return certificates with their case and links, by date of issue."""
        original = aliased(Certificate)
        correction = aliased(Certificate)
        corrected_by = (
            sa.select(sa.func.min(correction.id))
            .where(correction.reissue_of_id == Certificate.id)
            .scalar_subquery()
        )
        query = (
            sa.select(
                Certificate.id,
                Certificate.case_id,
                Case.reference,
                Case.subject_name,
                Certificate.kind,
                Certificate.reference,
                Certificate.issued_on,
                Certificate.due_on,
                Certificate.issuer_name,
                Certificate.issuer_role,
                Certificate.resolution,
                Certificate.reissue_of_id,
                original.reference,
                Certificate.reissue_reason,
                corrected_by,
            )
            .join(Case, Case.id == Certificate.case_id)
            .outerjoin(original, original.id == Certificate.reissue_of_id)
            .order_by(Certificate.issued_on, Certificate.id)
        )
        if ids is not None:
            query = query.where(Certificate.id.in_(ids))
        if case_id is not None:
            query = query.where(Certificate.case_id == case_id)
        if kind is not None:
            query = query.where(Certificate.kind == kind)
        if from_date is not None:
            query = query.where(Certificate.issued_on >= from_date)
        if to_date is not None:
            query = query.where(Certificate.issued_on <= to_date)
        if late is not None:
            is_late = sa.and_(
                Certificate.due_on.is_not(None), Certificate.issued_on > Certificate.due_on
            )
            query = query.where(is_late if late else sa.not_(is_late))
        rows = self._session.execute(query).all()
        references = self._references({row[14] for row in rows if row[14] is not None})
        return [
            CertificateRecord(
                id=row[0],
                case_id=row[1],
                case_reference=row[2],
                child_name=row[3],
                kind=row[4],
                reference=row[5],
                issued_on=row[6],
                due_on=row[7],
                issuer_name=row[8],
                issuer_role=row[9],
                resolution=row[10],
                reissue_of_id=row[11],
                reissue_of_reference=row[12],
                reissue_reason=row[13],
                corrected_by_id=row[14],
                corrected_by_reference=references.get(row[14]) if row[14] else None,
            )
            for row in rows
        ]

    def _references(self, ids: set[int]) -> dict[int, str]:
        if not ids:
            return {}
        query = sa.select(Certificate.id, Certificate.reference).where(Certificate.id.in_(ids))
        return {row.id: row.reference for row in self._session.execute(query)}
