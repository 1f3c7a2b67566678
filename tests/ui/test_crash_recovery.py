"""Kill the app mid-typing: everything up to the last autosave is there afterwards.

Each run starts ``tests.support.notes_driver`` (the app's main window and case page over a
real encrypted workspace) in its own process, lets it type notes until it has reported a
few autosaves, then sends SIGKILL at a seeded random moment: no clean-up, no flush, no
closing the database.
The workspace is then opened again here, as the app would open it after the crash.
The runs go side by side, so three kills take about as long as one.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

from sendmed_desktop.domain.vocabulary import CaseStatus, Stage
from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.services.cases import CaseService
from sendmed_desktop.services.notes import NotesService
from sendmed_desktop.services.workspace import PASSPHRASE_ENV, create_workspace, open_workspace
from sendmed_desktop.storage.models import Case
from tests.conftest import FAST_KDF, TEST_PASSPHRASE
from tests.support.notes_driver import TEXT
from tests.ui.conftest import SEED

pytestmark = [
    pytest.mark.gui,
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX only"),
]

ROOT = Path(__file__).resolve().parents[2]
SEEDS = (11, 22, 33)
SAVES_BEFORE_KILL = 3
KILL_WITHIN_SECONDS = 1.5  # after the third save, at a random moment in this window
DEADLINE_SECONDS = 40


@dataclass
class Run:
    """One driver process and what it has said so far."""

    seed: int
    root: Path
    case_id: int
    process: subprocess.Popen[str] | None = None
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    reader: threading.Thread | None = None
    note_id: int | None = None
    saves: int = 0
    last_saved: int = 0
    typed: int = 0
    kill_at: float | None = None
    killed: bool = False
    typed_at_kill: int = 0

    def take(self, line: str) -> None:
        word, _, number = line.strip().partition(" ")
        if word == "note":
            self.note_id = int(number)
        elif word == "saved":
            self.saves += 1
            self.last_saved = max(self.last_saved, int(number))
        elif word == "typed":
            self.typed = int(number)


def _prepare(root: Path) -> int:
    """Create an encrypted workspace in ``root`` with one case; return the case's id."""
    workspace, _recovery = create_workspace(
        WorkspacePaths(root), TEST_PASSPHRASE, remember_in_keyring=False, kdf=FAST_KDF
    )
    try:
        case_id = CaseService(workspace).create(SEED[0]).id
        with workspace.transaction() as session:  # in the meeting, where notes are taken
            case = session.get(Case, case_id)
            assert case is not None
            case.current_stage = Stage.EXPLORATION
            case.status = CaseStatus.IN_MEETING
        return case_id
    finally:
        workspace.close()


def _read(stream: IO[str], lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line)


def _start(run: Run, stderr: IO[str]) -> None:
    env = dict(os.environ)
    env[PASSPHRASE_ENV] = TEST_PASSPHRASE
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-m", "tests.support.notes_driver", str(run.root), str(run.case_id)]
    run.process = subprocess.Popen(
        [*command, "--seed", str(run.seed)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        bufsize=1,
    )
    assert run.process.stdout is not None
    run.reader = threading.Thread(target=_read, args=(run.process.stdout, run.lines), daemon=True)
    run.reader.start()


def _drain(run: Run) -> None:
    while True:
        try:
            run.take(run.lines.get_nowait())
        except queue.Empty:
            return


def _kill(run: Run) -> None:
    assert run.process is not None
    run.typed_at_kill = run.typed
    os.kill(run.process.pid, signal.SIGKILL)
    run.killed = True


def _drive(runs: list[Run]) -> None:
    """Read every driver's lines and kill each at its moment; fail after the deadline."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not all(run.killed for run in runs):
        assert time.monotonic() < deadline, [f"seed {r.seed}: {r.saves} saves" for r in runs]
        for run in runs:
            if run.killed:
                continue
            _drain(run)
            assert run.process is not None
            assert run.process.poll() is None, f"seed {run.seed}: the driver stopped by itself"
            if run.kill_at is None and run.saves >= SAVES_BEFORE_KILL:
                rng = random.Random(run.seed)
                run.kill_at = time.monotonic() + rng.uniform(0, KILL_WITHIN_SECONDS)
            if run.kill_at is not None and time.monotonic() >= run.kill_at:
                _kill(run)
        time.sleep(0.005)


def test_a_killed_app_loses_nothing_before_the_last_autosave(tmp_path: Path) -> None:
    runs = [Run(seed, tmp_path / f"run-{seed}", 0) for seed in SEEDS]
    for run in runs:
        run.case_id = _prepare(run.root)
    started = time.monotonic()
    with (tmp_path / "drivers.log").open("w", encoding="utf-8") as stderr:
        try:
            for run in runs:
                _start(run, stderr)
            _drive(runs)
        finally:
            for run in runs:
                if run.process is None:
                    continue
                if run.process.poll() is None:
                    run.process.kill()
                run.process.wait(timeout=10)
                if run.reader is not None:
                    run.reader.join(timeout=10)
                assert run.process.stdout is not None
                run.process.stdout.close()
    for run in runs:
        # Lines already in the pipe were written before the kill: their saves count too.
        _drain(run)
        assert run.process is not None
        assert run.process.returncode == -signal.SIGKILL

    for run in runs:
        assert run.note_id is not None
        workspace = open_workspace(WorkspacePaths(run.root), passphrase=TEST_PASSPHRASE)
        try:
            with workspace.engine.connect() as connection:
                checked = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
            note = NotesService(workspace).note(run.note_id)
        finally:
            workspace.close()
        assert checked == ["ok"]
        assert note is not None
        stored = note.text
        assert TEXT.startswith(stored), f"seed {run.seed}: stored text is not what was typed"
        assert len(stored) >= run.last_saved, (
            f"seed {run.seed}: {len(stored)} characters stored, "
            f"but {run.last_saved} were reported saved before the kill"
        )
        assert run.saves >= SAVES_BEFORE_KILL
        sys.stdout.write(
            f"seed {run.seed}: {run.saves} saves reported, last {run.last_saved} chars; "
            f"{run.typed_at_kill} typed when killed; {len(stored)} stored after restart\n"
        )
    sys.stdout.write(f"three kills in {time.monotonic() - started:.1f} s\n")
