"""Schema upgrades: fixture databases of each released schema, backups, newer files refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.services.workspace import Workspace, open_workspace
from sendmed_desktop.storage.db import create_encrypted_engine, verify_key_and_prepare
from sendmed_desktop.storage.errors import SchemaTooNewError
from sendmed_desktop.storage.migrate import (
    current_revision,
    head_revision,
    upgrade_to_head,
)
from sendmed_desktop.storage.models import Base
from tests.fixtures.make_fixtures import FIXTURE_CASE_REFERENCE, FIXTURE_PASSPHRASE

FIXTURES = Path(__file__).parents[1] / "fixtures"


def _copy_fixture(name: str, tmp_path: Path) -> WorkspacePaths:
    target = WorkspacePaths(tmp_path / name)
    shutil.copytree(FIXTURES / name, target.root)
    return target


@pytest.mark.parametrize("fixture", ["schema_0001", "schema_0002", "schema_0003"])
def test_released_schema_fixture_upgrades_to_current(fixture: str, tmp_path: Path) -> None:
    paths = _copy_fixture(fixture, tmp_path)
    workspace = open_workspace(paths, passphrase=FIXTURE_PASSPHRASE)
    try:
        assert current_revision(workspace.engine) == head_revision()
        with workspace.engine.connect() as connection:
            reference = connection.exec_driver_sql("SELECT reference FROM cases").scalar_one()
        assert reference == FIXTURE_CASE_REFERENCE
    finally:
        workspace.close()


def test_migrated_schema_matches_the_models(workspace: Workspace) -> None:
    inspector = sa.inspect(workspace.engine)
    tables = set(inspector.get_table_names()) - {"alembic_version"}
    assert tables == set(Base.metadata.tables)
    for name, table in Base.metadata.tables.items():
        columns = {column["name"] for column in inspector.get_columns(name)}
        assert columns == set(table.columns.keys()), name


def test_existing_schema_is_backed_up_before_upgrade(tmp_path: Path) -> None:
    paths = _copy_fixture("schema_0001", tmp_path)
    key_engine = _fixture_engine(paths)
    with key_engine.begin() as connection:
        # Pretend the file is one revision behind, so the upgrade path runs.
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    backup = upgrade_to_head(key_engine, paths.database, paths.backups)
    key_engine.dispose()
    if head_revision() == "0001":
        assert backup is None
    else:
        assert backup is not None
        assert backup.stat().st_mode & 0o777 == 0o600


def test_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    paths = _copy_fixture("schema_0001", tmp_path)
    engine = _fixture_engine(paths)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    before = paths.database.read_bytes()
    with pytest.raises(SchemaTooNewError, match="newer version of SendMed"):
        open_workspace(paths, passphrase=FIXTURE_PASSPHRASE)
    assert paths.database.read_bytes() == before
    assert not paths.backups.exists()


def test_audit_trail_refuses_edits(workspace: Workspace) -> None:
    from sendmed_desktop.storage import audit

    with workspace.transaction() as session:
        audit.record(session, "create", "case", 1)
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), workspace.engine.begin() as c:
        c.exec_driver_sql("UPDATE audit_log SET action = 'x'")
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), workspace.engine.begin() as c:
        c.exec_driver_sql("DELETE FROM audit_log")


def _fixture_engine(paths: WorkspacePaths) -> sa.Engine:
    from sendmed_desktop.security.keys import load_key_header, unlock_with_passphrase

    key = unlock_with_passphrase(load_key_header(paths.key_header), FIXTURE_PASSPHRASE)
    engine = create_encrypted_engine(paths.database, key)
    verify_key_and_prepare(engine)
    return engine


def test_schema_revision_constant_matches_the_packaged_head() -> None:
    from sendmed_desktop.storage.migrate import SCHEMA_REVISION, packaged_revisions

    head, known = packaged_revisions()
    assert head == SCHEMA_REVISION
    assert SCHEMA_REVISION in known


def test_upgrading_the_first_schema_adds_the_frozen_agreement_column(tmp_path: Path) -> None:
    paths = _copy_fixture("schema_0001", tmp_path)
    engine = _fixture_engine(paths)
    columns_before = {c["name"] for c in sa.inspect(engine).get_columns("agreements")}
    engine.dispose()
    assert "signed_content_json" not in columns_before
    workspace = open_workspace(paths, passphrase=FIXTURE_PASSPHRASE)
    try:
        columns = {c["name"] for c in sa.inspect(workspace.engine).get_columns("agreements")}
        assert "signed_content_json" in columns
        backups = list(paths.backups.iterdir())
        assert len(backups) == 1
        assert backups[0].name.startswith("before-upgrade-0001-")
    finally:
        workspace.close()
