"""Agreements and their actions and signatures, certificates, feedback and the audit trail."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sendmed_desktop.domain.vocabulary import (
    AgreementStatus,
    CertificateKind,
    PlanSection,
    ResolutionExtent,
    SignatureMethod,
    StatutoryBasis,
)
from sendmed_desktop.storage.models.base import (
    Base,
    UtcDateTime,
    case_fk,
    created_at_column,
    enum_type,
    participant_fk,
)


class Agreement(Base):
    """One version of a case's written agreement; signed versions are never edited."""

    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(case_fk(), index=True)
    version: Mapped[int] = mapped_column(default=1)
    status: Mapped[AgreementStatus] = mapped_column(
        enum_type(AgreementStatus), default=AgreementStatus.DRAFT
    )
    dated_on: Mapped[date | None]
    content_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    # The canonical JSON of the content as first signed: what every signature binds.
    signed_content_json: Mapped[str | None] = mapped_column(sa.Text)
    child_views_summary: Mapped[str | None] = mapped_column(sa.Text)
    distribution: Mapped[str] = mapped_column(sa.Text, default="")
    sealed_pdf: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = created_at_column()
    superseded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agreements.id", ondelete="SET NULL")
    )

    actions: Mapped[list[AgreedAction]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="AgreedAction.position"
    )
    signatures: Mapped[list[Signature]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (sa.UniqueConstraint("case_id", "version", name="case_version"),)


class AgreedAction(Base):
    """A SMART action in an agreement: who does what, how we know, by when, and why then."""

    __tablename__ = "agreed_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    issue_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("mediation_issues.id", ondelete="SET NULL")
    )
    proposal_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="SET NULL")
    )
    owner_name: Mapped[str] = mapped_column(sa.String(200), default="")
    owner_role: Mapped[str] = mapped_column(sa.String(200), default="")
    owner_organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    action: Mapped[str] = mapped_column(sa.Text, default="")
    measure: Mapped[str] = mapped_column(sa.Text, default="")
    due_on: Mapped[date | None]
    plan_section: Mapped[PlanSection | None] = mapped_column(enum_type(PlanSection))
    statutory_basis: Mapped[StatutoryBasis] = mapped_column(
        enum_type(StatutoryBasis), default=StatutoryBasis.NOT_APPEALABLE
    )
    reg44_outcome: Mapped[str | None] = mapped_column(sa.String(40))
    alternative_timescale_note: Mapped[str | None] = mapped_column(sa.Text)
    acknowledged_findings_json: Mapped[str] = mapped_column(sa.Text, default="[]")
    completed_on: Mapped[date | None]


class Signature(Base):
    """A signatory's agreement to one exact version (bound by its SHA-256)."""

    __tablename__ = "signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(participant_fk())
    signer_name: Mapped[str] = mapped_column(sa.String(200))
    signer_role: Mapped[str] = mapped_column(sa.String(200))
    method: Mapped[SignatureMethod] = mapped_column(enum_type(SignatureMethod))
    strokes_json: Mapped[str | None] = mapped_column(sa.Text)
    typed_statement: Mapped[str | None] = mapped_column(sa.Text)
    attested_by: Mapped[str | None] = mapped_column(sa.String(200))
    content_sha256: Mapped[str] = mapped_column(sa.String(64))
    signed_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Certificate(Base):
    """A mediation certificate as issued; a correction links back to the original."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(case_fk(), index=True)
    kind: Mapped[CertificateKind] = mapped_column(enum_type(CertificateKind))
    reference: Mapped[str] = mapped_column(sa.String(40), unique=True)
    issued_on: Mapped[date]
    due_on: Mapped[date | None]
    issuer_name: Mapped[str] = mapped_column(sa.String(200))
    issuer_role: Mapped[str] = mapped_column(sa.String(200))
    resolution: Mapped[ResolutionExtent | None] = mapped_column(enum_type(ResolutionExtent))
    signature_strokes_json: Mapped[str | None] = mapped_column(sa.Text)
    reissue_of_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("certificates.id", ondelete="RESTRICT")
    )
    reissue_reason: Mapped[str | None] = mapped_column(sa.Text)
    sealed_pdf: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = created_at_column()


class Feedback(Base):
    """Feedback from one participant after the meeting."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(case_fk(), index=True)
    participant_id: Mapped[int | None] = mapped_column(participant_fk())
    received_on: Mapped[date | None]
    rating: Mapped[int | None]
    comments: Mapped[str] = mapped_column(sa.Text, default="")


class AuditEntry(Base):
    """An append-only, hash-chained record of who did what to which record.

    The text never holds personal data: it names record types and ids only. Triggers
    created by the migration refuse UPDATE and DELETE on this table.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = created_at_column()
    actor: Mapped[str] = mapped_column(sa.String(100))
    action: Mapped[str] = mapped_column(sa.String(60))
    entity_type: Mapped[str] = mapped_column(sa.String(60))
    entity_id: Mapped[int | None]
    detail: Mapped[str] = mapped_column(sa.Text, default="")
    previous_hash: Mapped[str] = mapped_column(sa.String(64))
    entry_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)


class RetentionErasure(Base):
    """That one kind of a case's records was erased at the end of its retention period.

    Kept so the kind is not listed again and the case can say what went and when; the
    row goes with the case when the case itself is erased.
    """

    __tablename__ = "retention_erasures"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The unique (case_id, kind) constraint below also serves as the index by case.
    case_id: Mapped[int] = mapped_column(case_fk())
    kind: Mapped[str] = mapped_column(sa.String(40))
    erased_at: Mapped[datetime] = mapped_column(UtcDateTime())

    __table_args__ = (sa.UniqueConstraint("case_id", "kind", name="case_kind"),)
