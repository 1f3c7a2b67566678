"""Bring a workspace database to the app's schema: back up first, refuse newer files.

Alembic is imported only when a migration is needed: an up-to-date workspace opens
without it, which saves about 150 ms at every start.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from sendmed_desktop.security.files import copy_private_file, ensure_private_dir
from sendmed_desktop.storage.errors import SchemaTooNewError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

_MIGRATIONS = Path(__file__).with_name("migrations")
# The newest revision under migrations/versions; a test keeps the two in step.
SCHEMA_REVISION = "0003"


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def head_revision() -> str:
    """Return the schema revision this app writes."""
    return SCHEMA_REVISION


def packaged_revisions() -> tuple[str | None, set[str]]:
    """Return the head and every revision that the packaged migrations know (uses Alembic)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    return script.get_current_head(), {rev.revision for rev in script.walk_revisions()}


def current_revision(engine: sa.Engine) -> str | None:
    """Return the schema revision stored in the database (None for a new file)."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.exec_driver_sql(
            "SELECT version_num FROM alembic_version"
        ).scalar_one_or_none()


def upgrade_to_head(engine: sa.Engine, database: Path, backup_dir: Path) -> Path | None:
    """Migrate the database to the app's schema; return the backup made, if any.

    A copy of the (still encrypted) file is taken before any migration touches an
    existing schema, so a failed upgrade can always be undone by hand.
    """
    current = current_revision(engine)
    if current == SCHEMA_REVISION:
        return None
    _head, known = packaged_revisions()
    if current is not None and current not in known:
        raise SchemaTooNewError(
            "This workspace was saved by a newer version of SendMed Desktop "
            f"(schema {current}). Update the app to open it; nothing has been changed."
        )
    backup = None
    if current is not None:
        backup = _backup(engine, database, backup_dir, current)
    from alembic import command

    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    log.info("database schema upgraded from %s to %s", current, SCHEMA_REVISION)
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
