"""Cases, the people in them, the decision under dispute, the issues and the clock."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sendmed_desktop.domain.vocabulary import (
    CaseStatus,
    ExpenseKind,
    FamilyDecision,
    Ground,
    IssueArea,
    IssueOutcome,
    PlanContentPart,
    PlanSection,
    Role,
    Stage,
)
from sendmed_desktop.storage.models.base import (
    Base,
    UtcDateTime,
    case_fk,
    created_at_column,
    enum_type,
    participant_fk,
    updated_at_column,
)


class Provider(Base):
    """The mediation provider (the organisation that issues certificates)."""

    __tablename__ = "providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    reference_prefix: Mapped[str] = mapped_column(sa.String(20), unique=True)
    next_certificate_number: Mapped[int] = mapped_column(default=1)


class MediatorProfile(Base):
    """The mediator using this workspace, with their accreditation."""

    __tablename__ = "mediator_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("providers.id", ondelete="SET NULL")
    )
    full_name: Mapped[str] = mapped_column(sa.String(200))
    role_title: Mapped[str] = mapped_column(sa.String(100), default="SEND mediator")
    accreditation_body: Mapped[str | None] = mapped_column(sa.String(200))
    accreditation_number: Mapped[str | None] = mapped_column(sa.String(100))
    accredited_until: Mapped[date | None]


class Case(Base):
    """One mediation referral, from the adviser's first contact to close."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(40), unique=True)
    status: Mapped[CaseStatus] = mapped_column(enum_type(CaseStatus), default=CaseStatus.REFERRED)
    current_stage: Mapped[Stage] = mapped_column(enum_type(Stage), default=Stage.PREPARATION)
    local_authority: Mapped[str] = mapped_column(sa.String(200), default="")
    health_only: Mapped[bool] = mapped_column(default=False)
    # Denormalised for the case list: the child or young person the case is about.
    subject_name: Mapped[str] = mapped_column(sa.String(200), default="", index=True)
    outcome_category: Mapped[str | None] = mapped_column(sa.String(60))
    agreement_to_mediate_signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    participants: Mapped[list[CaseParticipant]] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True
    )
    decision: Mapped[DisputedDecision | None] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    issues: Mapped[list[MediationIssue]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="MediationIssue.position"
    )
    clock: Mapped[StatutoryDates | None] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        sa.Index("ix_cases_status_updated", "status", "updated_at"),
        sa.Index("ix_cases_updated_at", "updated_at"),
    )


class Person(Base):
    """A person known to the workspace; their part in a case is a CaseParticipant."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(sa.String(200), index=True)
    date_of_birth: Mapped[date | None]
    email: Mapped[str | None] = mapped_column(sa.String(200))
    phone: Mapped[str | None] = mapped_column(sa.String(60))
    organisation: Mapped[str | None] = mapped_column(sa.String(200))
    job_title: Mapped[str | None] = mapped_column(sa.String(200))
    communication_needs: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = created_at_column()


class CaseParticipant(Base):
    """A person's role in one case, and whether they are a party to it."""

    __tablename__ = "case_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(case_fk(), index=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("people.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[Role] = mapped_column(enum_type(Role))
    is_party: Mapped[bool] = mapped_column(default=False)
    # An alternative person acts for a young person who lacks capacity (regs 63-65).
    acts_for_id: Mapped[int | None] = mapped_column(participant_fk())
    acting_basis: Mapped[str | None] = mapped_column(sa.Text)
    supports_id: Mapped[int | None] = mapped_column(participant_fk())
    relationship_to_child: Mapped[str | None] = mapped_column(sa.String(100))

    case: Mapped[Case] = relationship(back_populates="participants")
    person: Mapped[Person] = relationship()


class DisputedDecision(Base):
    """The LA decision under s.51(2) that the mediation is about."""

    __tablename__ = "disputed_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(case_fk(), unique=True)
    ground: Mapped[Ground] = mapped_column(enum_type(Ground))
    plan_content_part: Mapped[PlanContentPart | None] = mapped_column(enum_type(PlanContentPart))
    notice_date: Mapped[date | None]
    notice_sent_on: Mapped[date | None]
    summary: Mapped[str] = mapped_column(sa.Text, default="")


class MediationIssue(Base):
    """One issue on the agenda, with the plan sections and services it concerns."""

    __tablename__ = "mediation_issues"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(case_fk(), index=True)
    position: Mapped[int] = mapped_column(default=0)
    heading: Mapped[str] = mapped_column(sa.String(300))
    detail: Mapped[str] = mapped_column(sa.Text, default="")
    area: Mapped[IssueArea] = mapped_column(enum_type(IssueArea), default=IssueArea.EDUCATION)
    health_provision_sought: Mapped[str | None] = mapped_column(sa.Text)
    outcome: Mapped[IssueOutcome | None] = mapped_column(enum_type(IssueOutcome))

    sections: Mapped[list[IssueSection]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class IssueSection(Base):
    """An EHC plan section an issue concerns."""

    __tablename__ = "issue_sections"

    issue_id: Mapped[int] = mapped_column(
        sa.ForeignKey("mediation_issues.id", ondelete="CASCADE"), primary_key=True
    )
    section: Mapped[PlanSection] = mapped_column(enum_type(PlanSection), primary_key=True)


class StatutoryDates(Base):
    """The dates that drive the statutory clock of one case (domain.md §3)."""

    __tablename__ = "statutory_dates"

    case_id: Mapped[int] = mapped_column(case_fk(), primary_key=True)
    adviser_contacted_on: Mapped[date | None]
    family_decision: Mapped[FamilyDecision | None] = mapped_column(enum_type(FamilyDecision))
    family_decision_on: Mapped[date | None]
    adviser_told_of_decision_on: Mapped[date | None]
    la_informed_on: Mapped[date | None]
    icb_notified_on: Mapped[date | None]
    la_told_adviser_not_possible_on: Mapped[date | None]
    notice_given_on: Mapped[date | None]
    shorter_notice_agreed: Mapped[bool] = mapped_column(default=False)
    meeting_held_on: Mapped[date | None]
    meeting_concluded_on: Mapped[date | None]
    agreement_dated_on: Mapped[date | None]


class ContactLogEntry(Base):
    """A pre-meeting call or contact with one participant."""

    __tablename__ = "contact_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(case_fk(), index=True)
    participant_id: Mapped[int | None] = mapped_column(participant_fk())
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime())
    channel: Mapped[str] = mapped_column(sa.String(40), default="phone")
    summary: Mapped[str] = mapped_column(sa.Text, default="")


class ReasonableAdjustment(Base):
    """An adjustment made so someone can take part (venue, breaks, interpreter, ...)."""

    __tablename__ = "reasonable_adjustments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(case_fk(), index=True)
    participant_id: Mapped[int | None] = mapped_column(participant_fk())
    kind: Mapped[str] = mapped_column(sa.String(60))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    arranged: Mapped[bool] = mapped_column(default=False)


class Expense(Base):
    """An expense the LA pays for the parent or young person."""

    __tablename__ = "expenses"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(case_fk(), index=True)
    participant_id: Mapped[int | None] = mapped_column(participant_fk())
    kind: Mapped[ExpenseKind] = mapped_column(enum_type(ExpenseKind))
    amount_pence: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    claimed_on: Mapped[date | None]
    paid_on: Mapped[date | None]
    created_at: Mapped[datetime] = created_at_column()
