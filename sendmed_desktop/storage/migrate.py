"""Bring a workspace database to the app's schema: back up first, refuse newer files."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from sendmed_desktop.security.files import copy_private_file, ensure_private_dir
from sendmed_desktop.storage.db import DatabaseError

log = logging.getLogger(__name__)

_MIGRATIONS = Path(__file__).with_name("migrations")


class SchemaTooNewError(DatabaseError):
    """The database was written by a newer SendMed; this app must not touch it."""


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def head_revision() -> str:
    """Return the schema revision this app writes."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships revisions
        raise RuntimeError("no migrations are packaged")
    return head


def current_revision(engine: sa.Engine) -> str | None:
    """Return the schema revision stored in the database (None for a new file)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: sa.Engine, database: Path, backup_dir: Path) -> Path | None:
    """Migrate the database to the app's schema; return the backup made, if any.

    A copy of the (still encrypted) file is taken before any migration touches an
    existing schema, so a failed upgrade can always be undone by hand.
    """
    script = ScriptDirectory.from_config(_config())
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return None
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise SchemaTooNewError(
            "This workspace was saved by a newer version of SendMed Desktop "
            f"(schema {current}). Update the app to open it; nothing has been changed."
        )
    backup = None
    if current is not None:
        backup = _backup(engine, database, backup_dir, current)
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    log.info("database schema upgraded from %s to %s", current, head)
    return backup


def _backup(engine: sa.Engine, database: Path, backup_dir: Path, revision: str) -> Path:
    with engine.connect() as connection:
        # Fold the WAL into the main file so the single-file copy is complete.
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    ensure_private_dir(backup_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"before-upgrade-{revision}-{stamp}.db"
    copy_private_file(database, target)
    log.info("database backed up before upgrade")
    return target
