"""Keep the exact content of an agreement version once it is first signed.

Signatures bind the SHA-256 of the content. Rebuilding that content later from live case
data (issue headings, attendees, the meeting) would make old signatures fail to verify
after any ordinary edit to the case; storing the canonical JSON freezes what was signed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signed_content_json", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_column("signed_content_json")
