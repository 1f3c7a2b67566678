"""The encrypted engine and its sessions: key in, pragmas set, wrong keys refused.

Pattern from tech-notes: a file URL with ``module=sqlcipher3.dbapi2`` and a ``connect``
event that keys every new connection with a raw 32-byte key (no per-connection KDF).
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlcipher3
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from sendmed_desktop.security.keys import format_sqlcipher_key
from sendmed_desktop.storage.errors import DatabaseError, WrongKeyError

log = logging.getLogger(__name__)


# The key each engine keys its connections with, held mutable so that forget_key can
# overwrite it: once a workspace locks, no stale reference to the engine can reconnect.
_ENGINE_KEYS: weakref.WeakKeyDictionary[sa.Engine, bytearray] = weakref.WeakKeyDictionary()
LOCKED = "The workspace is locked. Unlock it and try again."


def create_encrypted_engine(path: Path, key: bytes, *, create: bool = False) -> sa.Engine:
    """Return an engine whose connections are keyed with ``key``.

    With ``create`` false a missing file is an error, so a typo in a folder name never
    silently makes an empty workspace.
    """
    if not create and not path.exists():
        raise DatabaseError(f"There is no SendMed database at {path}.")
    format_sqlcipher_key(key)  # refuses a key of the wrong type or length, before any file
    held = bytearray(key)
    engine = sa.create_engine(
        f"sqlite:///{path}",
        module=sqlcipher3.dbapi2,
        connect_args={"check_same_thread": False},
        # Error messages must never carry the values being saved (note text, names):
        # they reach logs and dialogs.
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _key_connection(dbapi_connection: Any, _record: Any) -> None:
        if not held:  # emptied by forget_key
            dbapi_connection.close()
            raise DatabaseError(LOCKED)
        cursor = dbapi_connection.cursor()
        try:
            # Keep SQLCipher's own logging quiet: it must never echo key material.
            cursor.execute("PRAGMA cipher_log_level = NONE")
            cursor.execute(f"PRAGMA key = {format_sqlcipher_key(bytes(held))}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA secure_delete = ON")
            # Sorts, temporary tables and VACUUM's copy stay in memory, never in /tmp.
            cursor.execute("PRAGMA temp_store = MEMORY")
            cursor.execute("PRAGMA busy_timeout = 5000")
        finally:
            cursor.close()

    _ENGINE_KEYS[engine] = held
    return engine


def forget_key(engine: sa.Engine) -> None:
    """Close the engine's connections and overwrite its key; it cannot connect again."""
    engine.dispose()
    held = _ENGINE_KEYS.pop(engine, None)
    if held is not None:
        for index in range(len(held)):
            held[index] = 0
        held.clear()


def verify_key_and_prepare(engine: sa.Engine) -> None:
    """Prove the key opens the database, then switch on WAL.

    The first read is what fails under a wrong key; nothing is written before it, so a
    wrong key leaves the files byte-identical.
    """
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()
    except sa.exc.DatabaseError as error:
        engine.dispose()
        if "file is not a database" in str(error.orig):
            raise WrongKeyError("The key does not open this workspace's database.") from None
        raise DatabaseError(f"The database could not be read: {error.orig}") from None
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode = WAL")
        connection.exec_driver_sql("PRAGMA synchronous = FULL")


def integrity_problems(engine: sa.Engine) -> list[str]:
    """Return what ``PRAGMA integrity_check`` and the foreign-key check report."""
    with engine.connect() as connection:
        rows = [str(r[0]) for r in connection.exec_driver_sql("PRAGMA integrity_check")]
        problems = [] if rows == ["ok"] else rows
        for row in connection.exec_driver_sql("PRAGMA foreign_key_check"):
            problems.append(f"broken link in table {row[0]} (row {row[1]})")
    return problems


def make_session_factory(engine: sa.Engine) -> sessionmaker[Session]:
    """Return the session factory for ``engine`` (objects stay usable after commit)."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Yield a session in one transaction: commit on success, roll back on error."""
    with factory() as session, session.begin():
        yield session
