"""The command line, run as a user or a script would: a real process on a real workspace."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PASSPHRASE = "a passphrase for the cli tests"
ROOT = Path(__file__).parents[1]


def sendmed(
    *args: str, passphrase: str | None = PASSPHRASE, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("SENDMED_")}
    full_env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    full_env["PYTHONPATH"] = str(ROOT)
    if passphrase is not None:
        full_env["SENDMED_PASSPHRASE"] = passphrase
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "sendmed_desktop", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_seed_demo_then_self_test(tmp_path: Path) -> None:
    data = str(tmp_path / "ws")
    seeded = sendmed("--data-dir", data, "seed-demo")
    assert seeded.returncode == 0, seeded.stderr
    assert "added 8 demo cases" in seeded.stdout
    assert "recovery key" in seeded.stderr  # shown once, on creation
    checked = sendmed("--data-dir", data, "self-test")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.strip() == "ok: 8 cases"
    assert "recovery key" not in checked.stderr


def test_wrong_passphrase_is_one_clear_line(tmp_path: Path) -> None:
    data = str(tmp_path / "ws")
    assert sendmed("--data-dir", data, "seed-demo").returncode == 0
    result = sendmed("--data-dir", data, "self-test", passphrase="wrong passphrase")
    assert result.returncode == 1
    assert result.stderr.strip() == "sendmed: That passphrase is not right for this workspace."


def test_no_passphrase_for_a_script_says_what_to_do(tmp_path: Path) -> None:
    data = str(tmp_path / "ws")
    assert sendmed("--data-dir", data, "seed-demo").returncode == 0
    result = sendmed("--data-dir", data, "self-test", passphrase=None)
    assert result.returncode == 1
    assert "SENDMED_PASSPHRASE" in result.stderr
    assert "Traceback" not in result.stderr


def test_self_test_reports_a_damaged_database(tmp_path: Path) -> None:
    data = tmp_path / "ws"
    assert sendmed("--data-dir", str(data), "seed-demo").returncode == 0
    database = data / "sendmed.db"
    raw = bytearray(database.read_bytes())
    raw[5000:5100] = bytes(100)  # damage a page in the middle
    database.write_bytes(bytes(raw))
    result = sendmed("--data-dir", str(data), "self-test")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_gui_without_a_display_prints_one_line(tmp_path: Path) -> None:
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    result = sendmed("--data-dir", str(tmp_path / "ws"), env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "no display" in lines[0]


def test_demo_window_opens_and_quits(tmp_path: Path) -> None:
    env = {"QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
    result = sendmed("--demo", "--quit-when-shown", passphrase=None, env=env)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []  # the throwaway workspace is gone


def test_unknown_command_is_a_usage_error() -> None:
    result = sendmed("frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_logs_hold_no_names_keys_or_passphrase(tmp_path: Path) -> None:
    from sendmed_desktop.services.demo import DEMO_CASES

    data = tmp_path / "ws"
    seeded = sendmed("--data-dir", str(data), "--verbose", "seed-demo")
    assert seeded.returncode == 0, seeded.stderr
    assert sendmed("--data-dir", str(data), "--verbose", "self-test").returncode == 0
    assert sendmed("--data-dir", str(data), "self-test", passphrase="wrong one").returncode == 1
    recovery_key = seeded.stderr.strip().splitlines()[-1].strip()
    logs = b"".join(path.read_bytes() for path in (data / "logs").iterdir())
    assert b"workspace created" in logs  # the log is really written
    names = {person.name for case in DEMO_CASES for person in case.people}
    secrets_ = {PASSPHRASE, "wrong one", recovery_key}
    for text in sorted(names | secrets_):
        assert text.encode() not in logs, text
    for surname in {name.split()[-1] for name in names}:
        assert surname.encode() not in logs, surname


def test_the_command_line_alone_has_no_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sendmed_desktop import paths
    from sendmed_desktop.cli import EXIT_USAGE, NO_WINDOW, run

    try:
        assert run(["--data-dir", str(tmp_path)]) == EXIT_USAGE
    finally:
        paths.use_data_dir(None)
    assert NO_WINDOW in capsys.readouterr().err
