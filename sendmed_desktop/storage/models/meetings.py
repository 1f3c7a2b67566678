"""Meetings, who attends them, stage progress and everything recorded in the room."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from sendmed_desktop.domain.vocabulary import (
    ChildViewsMethod,
    Confidentiality,
    MeetingFormat,
    ProposalStatus,
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


class Meeting(Base):
    """A scheduled or held mediation meeting."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(case_fk(), index=True)
    format: Mapped[MeetingFormat] = mapped_column(enum_type(MeetingFormat))
    venue: Mapped[str | None] = mapped_column(sa.Text)
    video_link: Mapped[str | None] = mapped_column(sa.Text)
    scheduled_start: Mapped[datetime | None] = mapped_column(UtcDateTime())
    scheduled_end: Mapped[datetime | None] = mapped_column(UtcDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    cancelled: Mapped[bool] = mapped_column(default=False)


class MeetingBreak(Base):
    """A break during a meeting, so elapsed time can leave it out."""

    __tablename__ = "meeting_breaks"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class Attendee(Base):
    """A participant invited to a meeting, with consent and authority (reg 38)."""

    __tablename__ = "attendees"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("case_participants.id", ondelete="CASCADE")
    )
    # None = not yet confirmed: the stage machine warns about LA and ICB attendees.
    authority_to_settle: Mapped[bool | None]
    consent_to_attend: Mapped[bool | None]
    joins_remotely: Mapped[bool] = mapped_column(default=False)
    attended: Mapped[bool | None]


class StageProgress(Base):
    """When a case entered and left a stage, and what was ticked off there."""

    __tablename__ = "stage_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(case_fk(), index=True)
    stage: Mapped[Stage] = mapped_column(enum_type(Stage))
    entered_at: Mapped[datetime] = mapped_column(UtcDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    checklist_json: Mapped[str] = mapped_column(sa.Text, default="{}")
    acknowledged_warnings_json: Mapped[str] = mapped_column(sa.Text, default="[]")


class ViewNote(Base):
    """A timestamped note of what a participant said, with its confidentiality."""

    __tablename__ = "view_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(case_fk(), index=True)
    participant_id: Mapped[int | None] = mapped_column(participant_fk())
    stage: Mapped[Stage | None] = mapped_column(enum_type(Stage))
    confidentiality: Mapped[Confidentiality] = mapped_column(
        enum_type(Confidentiality), default=Confidentiality.PRIVATE
    )
    text: Mapped[str] = mapped_column(sa.Text, default="")
    # For a private-session note: only what the party allows to be shared.
    shareable_summary: Mapped[str | None] = mapped_column(sa.Text)
    recorded_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()
    # Deletion is soft first, so it can be undone; retention purges it later.
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ChildViewsRecord(Base):
    """How the child's views were sought and what may be shared (CFA s.56(1)(e))."""

    __tablename__ = "child_views_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(case_fk(), unique=True)
    child_participant_id: Mapped[int | None] = mapped_column(participant_fk())
    method: Mapped[ChildViewsMethod] = mapped_column(enum_type(ChildViewsMethod))
    sought_on: Mapped[date | None]
    sought_by: Mapped[str | None] = mapped_column(sa.String(200))
    consent_given: Mapped[bool | None]
    may_share: Mapped[str | None] = mapped_column(sa.Text)
    share_with: Mapped[str | None] = mapped_column(sa.Text)
    verbatim: Mapped[bool] = mapped_column(default=False)
    views_text: Mapped[str] = mapped_column(sa.Text, default="")
    not_practicable_reason: Mapped[str | None] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = updated_at_column()


class Proposal(Base):
    """A proposal or counter-proposal made by a party about one issue."""

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(case_fk(), index=True)
    issue_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("mediation_issues.id", ondelete="SET NULL")
    )
    proposed_by_id: Mapped[int | None] = mapped_column(participant_fk())
    counter_to_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[ProposalStatus] = mapped_column(
        enum_type(ProposalStatus), default=ProposalStatus.OPEN
    )
    created_at: Mapped[datetime] = created_at_column()
    decided_on: Mapped[date | None]
