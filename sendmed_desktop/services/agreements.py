"""The written agreement (reg 42): draft it, make its actions SMART, review, sign, version.

``AgreementService(workspace)`` is what the agreement pages and the PDF export call. Every
write runs in one transaction with an audit entry naming ids only.

Versions. A case's newest version is the one being worked on. A DRAFT is edited in place.
Once someone has signed (SIGNING), any edit voids those signatures by starting a new
version: the agreement and its actions are copied into version N+1 (DRAFT), the old one
is marked SUPERSEDED (``superseded_by_id``) and keeps its signatures, and the edit is
applied to the copy. A SIGNED version is complete: edits are refused until the mediator
deliberately starts a new version (``new_version``). Superseded and signed versions are
never changed again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from sendmed_desktop.domain.agreement import (
    AgreementContent,
    SignatureRecord,
    SignedAgreement,
    canonical_bytes,
    content_from_canonical,
    content_hash,
)
from sendmed_desktop.domain.vocabulary import AgreementStatus
from sendmed_desktop.services.agreement_content import (
    build_content,
    distribution_lines,
    issue_numbers,
    issue_sections,
)
from sendmed_desktop.services.agreement_editing import AgreementEditing, refuse, refuse_if
from sendmed_desktop.services.agreement_signing import (
    missing_signatories,
    signature_problems,
    signature_record,
    signature_view,
    strokes_to_json,
)
from sendmed_desktop.services.agreement_views import (
    ActionEntry,
    ActionView,
    AgreementView,
    IssueOutcomeView,
    SignatureEntry,
    SignatureView,
    VersionSummary,
    action_view,
)
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.storage import audit
from sendmed_desktop.storage.agreement_repository import AgreementRepository
from sendmed_desktop.storage.models import Agreement, Case

__all__ = [
    "ActionEntry",
    "ActionView",
    "AgreementService",
    "AgreementView",
    "IssueOutcomeView",
    "SignatureEntry",
    "SignatureView",
    "VersionSummary",
]


def _local_today() -> date:
    return date.today()  # noqa: DTZ011 - statutory days are the mediator's calendar days


def _utc_now() -> datetime:
    return datetime.now(UTC)


class AgreementService(AgreementEditing):
    """Draft, review, sign and version the written agreement of the cases in one workspace.

    ``today`` and ``now`` are the clocks the SMART checks and signatures use; tests and the
    demo pass their own.
    """

    def __init__(
        self,
        workspace: Workspace,
        *,
        today: Callable[[], date] = _local_today,
        now: Callable[[], datetime] = _utc_now,
    ) -> None:
        super().__init__(workspace, today=today)
        self._now = now

    # Reading ---------------------------------------------------------------------------------

    def editable(self, case_id: int) -> AgreementView:
        """Return the newest version, starting draft version 1 if the case has none."""
        summary = self._live_child_views(case_id)
        with self._workspace.transaction() as session:
            repository = AgreementRepository(session)
            case = self._case(repository, case_id)
            agreement = repository.newest(case_id) or self._start_first_version(
                session, repository, case_id
            )
            return self._view(repository, agreement, case.reference, summary)

    def view(self, case_id: int, version: int) -> AgreementView:
        """Return one numbered version, to read (old versions are read-only)."""
        summary = self._live_child_views(case_id)
        with self._workspace.transaction() as session:
            repository = AgreementRepository(session)
            case = self._case(repository, case_id)
            agreement = self._agreement(repository, case_id, version)
            return self._view(repository, agreement, case.reference, summary)

    def versions(self, case_id: int) -> list[VersionSummary]:
        """Return every version of the case's agreement, newest first."""
        with self._workspace.transaction() as session:
            repository = AgreementRepository(session)
            rows = repository.versions(case_id)
            counts = repository.signature_counts(case_id)
        numbers = {row.id: row.version for row in rows}
        return [
            VersionSummary(
                id=row.id,
                version=row.version,
                status=row.status,
                dated_on=row.dated_on,
                created_at=row.created_at,
                signature_count=counts.get(row.id, 0),
                content_sha256=row.content_sha256,
                superseded_by_version=numbers.get(row.superseded_by_id)
                if row.superseded_by_id
                else None,
            )
            for row in rows
        ]

    def content(self, case_id: int, version: int | None = None) -> AgreementContent:
        """Return what the parties read and sign (the newest version unless one is named)."""
        summary = self._live_child_views(case_id)
        with self._workspace.transaction() as session:
            repository = AgreementRepository(session)
            case = self._case(repository, case_id)
            agreement = self._agreement(repository, case_id, version)
            return _content_of(repository, case, agreement, summary)

    def signed_agreement(self, case_id: int, version: int | None = None) -> SignedAgreement:
        """Return a version's content with the signatures given to it, for the PDF."""
        summary = self._live_child_views(case_id)
        with self._workspace.transaction() as session:
            repository = AgreementRepository(session)
            case = self._case(repository, case_id)
            agreement = self._agreement(repository, case_id, version)
            content = _content_of(repository, case, agreement, summary)
            records = [signature_record(row) for row in repository.signatures(agreement.id)]
        return SignedAgreement(content, tuple(records))

    def signature_check(self, case_id: int, version: int | None = None) -> bool:
        """Tell whether every stored signature still binds the content as it is now.

        Once signed, the frozen content must still hash to what was signed, and the
        version's own rows (its actions, date and distribution) must still say the same:
        a change made behind the app's back breaks the check.
        """
        summary = self._live_child_views(case_id)
        with self._workspace.transaction() as session:
            repository = AgreementRepository(session)
            case = self._case(repository, case_id)
            agreement = self._agreement(repository, case_id, version)
            sealed = agreement.content_sha256
            content = _content_of(repository, case, agreement, summary)
            rows = build_content(
                repository, case, agreement, child_views_summary=_summary(agreement, summary)
            )
            records = [signature_record(row) for row in repository.signatures(agreement.id)]
        signed = SignedAgreement(content, tuple(records))
        return (
            signed.signatures_valid()
            and sealed in (None, signed.content_sha256)
            and _own_parts(rows) == _own_parts(content)
        )

    # Signing ---------------------------------------------------------------------------------

    def start_review(self, case_id: int) -> AgreementContent:
        """Check the newest version is ready to read through and sign; return its content.

        Refuses, listing every reason, while the agreement has no date, an issue has no
        outcome, or an action has a finding that is neither fixed nor acknowledged.
        """
        summary = self._live_child_views(case_id)
        with self._workspace.transaction() as session:
            repository = AgreementRepository(session)
            case = self._case(repository, case_id)
            agreement = self._newest(repository, case_id)
            self._refuse_if_read_only(repository, agreement)
            refuse_if(self._review_problems(repository, agreement))
            return build_content(
                repository, case, agreement, child_views_summary=_summary(agreement, summary)
            )

    def sign(self, case_id: int, entry: SignatureEntry) -> SignatureRecord:
        """Record one signatory's signature of the newest version, binding its content."""
        refuse_if(signature_problems(entry))
        summary = self._live_child_views(case_id)
        with self._workspace.transaction() as session:
            repository = AgreementRepository(session)
            case = self._case(repository, case_id)
            agreement = self._newest(repository, case_id)
            self._refuse_if_read_only(repository, agreement)
            if agreement.status is AgreementStatus.DRAFT:
                refuse_if(self._review_problems(repository, agreement))
            self._check_signatory(repository, case_id, agreement, entry.participant_id)
            content = _content_of(repository, case, agreement, summary)
            digest = content_hash(content)
            rows = build_content(
                repository, case, agreement, child_views_summary=_summary(agreement, summary)
            )
            if agreement.content_sha256 not in (None, digest) or (
                _own_parts(rows) != _own_parts(content)
            ):
                refuse(
                    f"Version {agreement.version} has changed since it was first signed, so "
                    "it cannot be signed again. Start a new version and sign that."
                )
            row = repository.add_signature(
                agreement.id,
                participant_id=entry.participant_id,
                signer_name=entry.signer_name.strip(),
                signer_role=entry.signer_role.strip(),
                method=entry.method,
                strokes_json=strokes_to_json(entry.strokes) if entry.strokes else None,
                typed_statement=(entry.typed_statement or "").strip() or None,
                attested_by=(entry.attested_by or "").strip() or None,
                content_sha256=digest,
                signed_at=self._now(),
            )
            if agreement.status is AgreementStatus.DRAFT:
                agreement.status = AgreementStatus.SIGNING
                agreement.content_sha256 = digest
                # Frozen here: later signatories sign exactly what the first one read, and
                # ordinary edits to the case (an issue heading, an attendee) cannot make
                # these signatures fail to verify.
                agreement.signed_content_json = canonical_bytes(content).decode("utf-8")
                # Kept with the version, so a later change to the child's-views record
                # cannot alter what was signed.
                agreement.child_views_summary = content.child_views_summary
            repository.touch(case)
            audit.record(session, "sign", "agreement", agreement.id, detail=f"signature {row.id}")
            return signature_record(row)

    def mark_signed(self, case_id: int) -> list[str]:
        """Mark the newest version signed by everyone; return who has not signed, if anyone.

        The family's party and a local authority officer (and an ICB officer, when an ICB
        is a party) should have signed; the warnings name who has not, but do not stop it.
        """
        if not self.signature_check(case_id):
            refuse(
                "The agreement has changed since it was signed, so the signatures no longer "
                "match it. Start a new version and sign that."
            )
        with self._workspace.transaction() as session:
            repository = AgreementRepository(session)
            case = self._case(repository, case_id)
            agreement = self._newest(repository, case_id)
            signatures = repository.signatures(agreement.id)
            if agreement.status is AgreementStatus.SUPERSEDED or not signatures:
                refuse(f"No one has signed version {agreement.version} yet.")
            warnings = missing_signatories(case, repository.participants(case_id), signatures)
            if agreement.status is not AgreementStatus.SIGNED:
                agreement.status = AgreementStatus.SIGNED
                repository.touch(case)
                audit.record(session, "mark_signed", "agreement", agreement.id)
            return warnings

    # Helpers ---------------------------------------------------------------------------------

    def _check_signatory(
        self,
        repository: AgreementRepository,
        case_id: int,
        agreement: Agreement,
        participant_id: int | None,
    ) -> None:
        """Refuse someone from another case, or someone who has signed this version."""
        if participant_id is None:
            return
        participants = {p.id: p for p in repository.participants(case_id)}
        if participant_id not in participants:
            refuse("Choose the signatory from the people in this case.")
        signed = {s.participant_id for s in repository.signatures(agreement.id)}
        if participant_id in signed:
            name = participants[participant_id].person.full_name
            refuse(f"{name} has already signed version {agreement.version}.")

    def _review_problems(self, repository: AgreementRepository, agreement: Agreement) -> list[str]:
        """Return what stops a version going to review and signing, in the mediator's words."""
        problems = []
        if agreement.dated_on is None:
            problems.append("Date the agreement: the action deadlines count from its date.")
        issues = repository.issues(agreement.case_id)
        problems.extend(
            f"Issue {number}: record whether it was agreed, partly agreed or not agreed."
            for number, issue in enumerate(issues, start=1)
            if issue.outcome is None
        )
        today = self._today()
        for number, row in enumerate(repository.actions(agreement.id), start=1):
            view = action_view(
                row,
                number=number,
                agreement_date=agreement.dated_on,
                issue_numbers=issue_numbers(issues),
                today=today,
            )
            problems.extend(f"Action {number}: {finding.message}" for finding in view.unresolved)
        return problems

    def _view(
        self,
        repository: AgreementRepository,
        agreement: Agreement,
        reference: str,
        live_summary: str | None,
    ) -> AgreementView:
        issues = repository.issues(agreement.case_id)
        numbers = issue_numbers(issues)
        today = self._today()
        actions = tuple(
            action_view(
                row,
                number=number,
                agreement_date=agreement.dated_on,
                issue_numbers=numbers,
                today=today,
            )
            for number, row in enumerate(repository.actions(agreement.id), start=1)
        )
        newer = (
            repository.agreement(agreement.superseded_by_id) if agreement.superseded_by_id else None
        )
        return AgreementView(
            id=agreement.id,
            case_id=agreement.case_id,
            case_reference=reference,
            version=agreement.version,
            status=agreement.status,
            dated_on=agreement.dated_on,
            actions=actions,
            issues=tuple(
                IssueOutcomeView(
                    id=issue.id,
                    number=numbers[issue.id],
                    heading=issue.heading,
                    sections=issue_sections(issue),
                    area=issue.area,
                    outcome=issue.outcome,
                )
                for issue in issues
            ),
            child_views_summary=_summary(agreement, live_summary),
            distribution=distribution_lines(agreement.distribution),
            signatures=tuple(signature_view(row) for row in repository.signatures(agreement.id)),
            superseded_by_version=newer.version if newer else None,
        )


def _summary(agreement: Agreement, live_summary: str | None) -> str | None:
    """Return the child's views summary a version shows: live while it is a draft."""
    if agreement.status is AgreementStatus.DRAFT:
        return live_summary
    return agreement.child_views_summary


def _content_of(
    repository: AgreementRepository, case: Case, agreement: Agreement, live_summary: str | None
) -> AgreementContent:
    """Return a version's content: frozen once signed, else built from the case as it is."""
    if agreement.signed_content_json:
        return content_from_canonical(agreement.signed_content_json)
    shown = _summary(agreement, live_summary)
    return build_content(repository, case, agreement, child_views_summary=shown)


def _own_parts(content: AgreementContent) -> tuple[object, ...]:
    """Return the parts of the content stored on the version itself (not case-wide data)."""
    actions = tuple(
        (
            a.owner_name,
            a.owner_role,
            a.owner_organisation,
            a.action,
            a.measure,
            a.due_on,
            a.plan_section,
            a.statutory_basis,
            a.alternative_timescale_note,
        )
        for a in content.actions
    )
    return (content.version, content.agreement_date, content.distribution, actions)
