"""Declarative base and the column types shared by every table."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so Alembic batch migrations on SQLite can find them later.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """The base of every ORM class."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(sa.types.TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and always returned timezone-aware."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utc_now() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def enum_type(enum_class: type[StrEnum]) -> sa.Enum:
    """Store an enum by its value, as a short string, without a CHECK constraint."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=40,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def created_at_column() -> Mapped[datetime]:
    """Return a creation-time column filled in by the app."""
    return mapped_column(UtcDateTime(), default=utc_now, nullable=False)


def updated_at_column() -> Mapped[datetime]:
    """Return a last-changed column the ORM refreshes on every update."""
    return mapped_column(UtcDateTime(), default=utc_now, onupdate=utc_now, nullable=False)


def case_fk() -> sa.ForeignKey:
    """Return a foreign key to a case; the row goes when the case goes."""
    return sa.ForeignKey("cases.id", ondelete="CASCADE")


def participant_fk() -> sa.ForeignKey:
    """Return a foreign key to a case participant; cleared if the participant goes."""
    return sa.ForeignKey("case_participants.id", ondelete="SET NULL")
