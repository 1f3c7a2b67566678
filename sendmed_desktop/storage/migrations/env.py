"""Alembic environment: runs on the already-keyed connection handed in by migrate.py."""

from __future__ import annotations

from alembic import context

from sendmed_desktop.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("SendMed migrations run only through sendmed_desktop.storage.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
