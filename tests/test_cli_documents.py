"""``sendmed export`` and ``sendmed verify``, run as a user or a script would."""

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
    """Return a workspace folder holding the demo cases (made once: it takes a second)."""
    data = tmp_path_factory.mktemp("cli-documents") / "ws"
    result = sendmed("--data-dir", str(data), "seed-demo")
    assert result.returncode == 0, result.stderr
    return data


@pytest.fixture(scope="module")
def exported(seeded: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports") / "DEMO-0001 agreement.pdf"
    result = sendmed("--data-dir", str(seeded), "export", "DEMO-0001", "agreement", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out} (sealed by {DEMO_MEDIATOR})"
    return out


def test_export_writes_a_private_sealed_file(exported: Path) -> None:
    assert exported.read_bytes().startswith(b"%PDF-")
    if os.name == "posix":
        assert stat.S_IMODE(exported.stat().st_mode) == 0o600


def test_verify_says_intact_and_exits_0(seeded: Path, exported: Path) -> None:
    result = sendmed("--data-dir", str(seeded), "verify", str(exported))
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    assert line.startswith(f"intact: sealed by {DEMO_MEDIATOR} on ")
    assert line.endswith(("GMT", "BST"))
    assert len(result.stdout.splitlines()) == 1


def test_a_changed_copy_is_altered_and_exits_1(
    seeded: Path, exported: Path, tmp_path: Path
) -> None:
    data = bytearray(exported.read_bytes())
    title = data.find(b"(Mediation agreement DEMO-0001")
    data[title + 1] ^= 0x01
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    result = sendmed("--data-dir", str(seeded), "verify", str(tampered))
    assert result.returncode == 1
    assert result.stdout.startswith("altered: ")
    assert len(result.stdout.splitlines()) == 1


def test_another_workspace_does_not_know_the_key(exported: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    assert sendmed("--data-dir", str(other), "self-test").returncode == 0  # creates it
    result = sendmed("--data-dir", str(other), "verify", str(exported))
    assert result.returncode == 1
    assert result.stdout.startswith("signed by an unknown key: The file is unchanged")
    assert DEMO_MEDIATOR in result.stdout


def test_an_unsealed_or_unreadable_file_exits_1(seeded: Path, tmp_path: Path) -> None:
    from sendmed_desktop.documents.agreement_pdf import render_agreement
    from tests.documents.samples import sample_signed

    plain = tmp_path / "plain.pdf"
    plain.write_bytes(render_agreement(sample_signed()))
    result = sendmed("--data-dir", str(seeded), "verify", str(plain))
    assert (result.returncode, result.stdout.split(":")[0]) == (1, "not sealed")
    junk = tmp_path / "junk.pdf"
    junk.write_text("not a pdf")
    result = sendmed("--data-dir", str(seeded), "verify", str(junk))
    assert (result.returncode, result.stdout.split(":")[0]) == (1, "unreadable")


def test_an_unknown_case_is_one_plain_line(seeded: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    result = sendmed("--data-dir", str(seeded), "export", "NOPE-9", "agreement", str(out))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "sendmed: There is no case with reference NOPE-9 in this workspace."
    )
    assert result.stdout == ""
    assert not out.exists()


def test_a_missing_file_or_folder_is_one_plain_line(seeded: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.pdf"
    result = sendmed("--data-dir", str(seeded), "verify", str(missing))
    assert result.returncode == 1
    assert result.stderr.strip() == f"sendmed: There is no file at {missing}."
    nowhere = tmp_path / "nowhere" / "a.pdf"
    result = sendmed("--data-dir", str(seeded), "export", "DEMO-0001", "agreement", str(nowhere))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "does not exist" in result.stderr


def test_an_unknown_document_kind_is_a_usage_error(seeded: Path, tmp_path: Path) -> None:
    result = sendmed(
        "--data-dir", str(seeded), "export", "DEMO-0001", "leaflet", str(tmp_path / "a.pdf")
    )
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
    assert sendmed("--data-dir", str(seeded), "verify").returncode == 2
