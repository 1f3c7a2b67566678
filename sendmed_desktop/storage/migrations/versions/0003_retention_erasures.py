"""Record which kinds of a case's records were erased at the end of their retention.

Without it an erased kind would look merely empty: the due-for-deletion screen could not
tell "erased on 3 March" from "never recorded", and the case could not say what went.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retention_erasures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("erased_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_retention_erasures_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_erasures")),
        sa.UniqueConstraint("case_id", "kind", name="case_kind"),
    )


def downgrade() -> None:
    op.drop_table("retention_erasures")
