"""The encrypted engine: once its key is forgotten (the workspace locked), it cannot reconnect."""

from __future__ import annotations

from pathlib import Path

import pytest

from sendmed_desktop.security.keys import new_database_key
from sendmed_desktop.storage.db import create_encrypted_engine, forget_key
from sendmed_desktop.storage.errors import DatabaseError


def test_forgotten_key_cannot_reconnect(tmp_path: Path) -> None:
    key = new_database_key()
    engine = create_encrypted_engine(tmp_path / "w.db", key, create=True)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x)")
    forget_key(engine)
    # A stale reference to a locked workspace's engine must not read anything.
    with pytest.raises(DatabaseError, match="locked"):
        engine.connect()
    reopened = create_encrypted_engine(tmp_path / "w.db", key)
    with reopened.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM t").scalar_one() == 0
    reopened.dispose()


def test_connections_keep_temporary_data_in_memory(tmp_path: Path) -> None:
    engine = create_encrypted_engine(tmp_path / "w.db", new_database_key(), create=True)
    try:
        with engine.connect() as connection:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA temp_store").scalar_one() == 2  # MEMORY
            assert pragma("PRAGMA secure_delete").scalar_one() == 1
            assert pragma("PRAGMA foreign_keys").scalar_one() == 1
    finally:
        engine.dispose()
