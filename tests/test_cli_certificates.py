"""``sendmed export CASE_REF certificate`` and ``sendmed verify``, as a user would run them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sendmed_desktop.services.demo import DEMO_MEDIATOR
from tests.test_cli import sendmed

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a workspace folder holding the demo cases (DEMO-0001 has a certificate)."""
    data = tmp_path_factory.mktemp("cli-certificates") / "ws"
    result = sendmed("--data-dir", str(data), "seed-demo")
    assert result.returncode == 0, result.stderr
    return data


def test_export_then_verify_the_demo_certificate(seeded: Path, tmp_path: Path) -> None:
    out = tmp_path / "DEMO-0001 certificate.pdf"
    result = sendmed("--data-dir", str(seeded), "export", "DEMO-0001", "certificate", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out} (sealed by {DEMO_MEDIATOR})"
    assert out.read_bytes().startswith(b"%PDF-")
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    checked = sendmed("--data-dir", str(seeded), "verify", str(out))
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith(f"intact: sealed by {DEMO_MEDIATOR} on ")
    assert len(checked.stdout.splitlines()) == 1


def test_a_case_without_a_certificate_is_one_plain_line(seeded: Path, tmp_path: Path) -> None:
    out = tmp_path / "none.pdf"
    result = sendmed("--data-dir", str(seeded), "export", "DEMO-0005", "certificate", str(out))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "sendmed: Case DEMO-0005 has no mediation certificate yet. Issue one first."
    )
    assert result.stdout == ""
    assert not out.exists()
