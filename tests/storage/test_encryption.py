"""The database is unreadable without its key, on disk and in every companion file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from sendmed_desktop.domain.cases import NewCase
from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.security.keys import new_database_key
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.workspace import Workspace, open_workspace
from sendmed_desktop.storage.db import create_encrypted_engine, verify_key_and_prepare
from sendmed_desktop.storage.errors import WrongKeyError
from tests.conftest import TEST_PASSPHRASE

SECRET_NAMES = ("Zebedee Quartermaine", "Ottoline Fairweather-Smythe")


def _add_named_case(workspace: Workspace) -> None:
    CaseService(workspace).create(
        NewCase(
            reference="ENC-0001",
            subject_name=SECRET_NAMES[0],
            local_authority="Testshire Council",
            party_name=SECRET_NAMES[1],
        )
    )


def _workspace_bytes(paths: WorkspacePaths) -> dict[str, bytes]:
    return {
        file.name: file.read_bytes()
        for file in paths.root.rglob("*")
        if file.is_file() and "logs" not in file.parts
    }


def test_no_sqlite_header_and_no_names_in_any_file(workspace: Workspace) -> None:
    _add_named_case(workspace)
    # With the connection still open the WAL holds the newest pages: scan it too.
    with workspace.engine.connect() as connection:
        connection.exec_driver_sql("SELECT count(*) FROM cases").scalar_one()
        files = _workspace_bytes(workspace.paths)
    assert workspace.paths.database.name in files
    assert any(name.endswith("-wal") for name in files), "WAL mode should be on"
    assert not files[workspace.paths.database.name].startswith(b"SQLite format 3")
    for name, data in files.items():
        for secret in SECRET_NAMES:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                assert secret.encode(encoding) not in data, f"{secret!r} readable in {name}"


def test_stdlib_sqlite_cannot_read_it(workspace: Workspace) -> None:
    _add_named_case(workspace)
    workspace.close()
    connection = sqlite3.connect(workspace.paths.database)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        connection.close()


def test_right_key_reads_everything_after_restart(workspace: Workspace) -> None:
    _add_named_case(workspace)
    paths = workspace.paths
    workspace.close()
    reopened = open_workspace(paths, passphrase=TEST_PASSPHRASE)
    try:
        rows = CaseService(reopened).page()
        assert [(r.reference, r.subject_name, r.family_names) for r in rows] == [
            ("ENC-0001", SECRET_NAMES[0], SECRET_NAMES[1])
        ]
    finally:
        reopened.close()


def test_wrong_raw_key_is_refused_and_changes_nothing(workspace: Workspace) -> None:
    _add_named_case(workspace)
    paths = workspace.paths
    workspace.close()
    before = _workspace_bytes(paths)
    engine = create_encrypted_engine(paths.database, new_database_key())
    with pytest.raises(WrongKeyError):
        verify_key_and_prepare(engine)
    engine.dispose()
    assert _workspace_bytes(paths) == before


def test_missing_database_is_not_silently_created(tmp_path: Path) -> None:
    from sendmed_desktop.storage.errors import DatabaseError

    with pytest.raises(DatabaseError, match="no SendMed database"):
        create_encrypted_engine(tmp_path / "typo.db", new_database_key())
    assert not (tmp_path / "typo.db").exists()


def test_foreign_keys_are_enforced(workspace: Workspace) -> None:
    with workspace.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
    with pytest.raises(sa.exc.IntegrityError), workspace.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO case_participants (case_id, person_id, role, is_party) "
            "VALUES (999, 999, 'parent_carer', 1)"
        )
