"""``sendmed audit verify``: exit 0 on an intact chain, name the first broken entry otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.services.workspace import open_workspace
from tests.test_cli import PASSPHRASE, sendmed

pytestmark = pytest.mark.slow


def test_audit_verify_passes_then_names_the_altered_entry(tmp_path: Path) -> None:
    data = tmp_path / "ws"
    assert sendmed("--data-dir", str(data), "seed-demo").returncode == 0
    intact = sendmed("--data-dir", str(data), "audit", "verify")
    assert intact.returncode == 0, intact.stderr
    assert intact.stdout.startswith("ok: the audit trail is intact (")

    # Someone with the key drops the append-only trigger and edits entry 3.
    workspace = open_workspace(WorkspacePaths(data), passphrase=PASSPHRASE)
    try:
        with workspace.engine.begin() as connection:
            connection.exec_driver_sql("DROP TRIGGER audit_log_no_update")
            connection.exec_driver_sql("UPDATE audit_log SET action = 'delete' WHERE id = 3")
    finally:
        workspace.close()
    broken = sendmed("--data-dir", str(data), "audit", "verify")
    assert broken.returncode == 1
    assert broken.stderr.strip().startswith("broken: audit entry 3 does not follow")
    assert "Traceback" not in broken.stderr
