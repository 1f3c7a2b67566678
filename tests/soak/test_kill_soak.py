"""Kill the saving process at random moments: nothing acknowledged is lost, nothing is half.

A writer (``tests.support.soak_writer``) saves through the real services and says ``ack``
only once a commit has returned; it is killed with SIGKILL at a seeded random moment, then
the workspace is opened as the app would open it after the crash and checked: it unlocks,
``PRAGMA integrity_check`` is ok, the audit trail's hash chain holds, every acknowledged
change is there, the one caught mid-commit is there whole or not at all, and the real
``sendmed self-test`` and ``sendmed audit verify`` exit 0 without a traceback. Kills also
land in backups (the folder then holds only complete, verifiable backups) and in restores
(the workspace is then the old state or the restored one).

Short form, in the default suite and CI: 20 kills while saving, 3 in backups, 3 in
restores. Long form, by hand (at least 200 kills; SENDMED_SOAK_SEED repeats a schedule):

    SENDMED_SOAK_KILLS=250 .venv/bin/python -m pytest tests/soak -q -s
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.services.backups import SUFFIX, create_backup, verify_backup
from tests.soak.checks import SEED, Model, check_workspace, differences, settle
from tests.soak.conftest import (
    Child,
    WriterServer,
    assert_clean,
    make_workspace,
    open_soak_workspace,
    sendmed,
)
from tests.support.soak_writer import State

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX only"),
]

KILLS = int(os.environ.get("SENDMED_SOAK_KILLS", "20"))
SIDE_KILLS = max(3, KILLS // 25)  # in backups, and again in restores
KILL_WITHIN = 0.5  # seconds after the writer starts: opening, recovering, saving


def self_test(writers: WriterServer, paths: WorkspacePaths, tmp_path: Path) -> None:
    """Run the real command line's self-test and audit check (forked) and expect 'ok'."""
    stderr = tmp_path / "cli.stderr"
    for args, says in ((["self-test"], "ok: "), (["audit", "verify"], "ok: the audit trail")):
        child = writers.run(mode="cli", args=["--data-dir", str(paths.root), *args], stderr=stderr)
        assert child.code == 0, (args, child.lines, stderr.read_text(encoding="utf-8"))
        assert child.lines[-1].startswith(says), child.lines
    assert "Traceback" not in stderr.read_text(encoding="utf-8")


def final_checks(paths: WorkspacePaths, writers: WriterServer) -> None:
    """Run the real commands in their own processes; nothing anywhere shows a traceback."""
    for args in (["self-test"], ["audit", "verify"]):
        result = sendmed("--data-dir", str(paths.root), *args)
        assert result.returncode == 0, result.stderr
        assert_clean(result)
    assert "Traceback" not in writers.traceback_text()


def fill(writers: WriterServer, paths: WorkspacePaths, run: int, seconds: float) -> State:
    """Let a writer save for ``seconds``, kill it, and return the state it left."""
    model = Model(check_workspace(paths))
    child = writers.start(mode="changes", data_dir=paths.root, seed=SEED, run=run)
    writers.collect(child, until=time.monotonic() + seconds)
    assert writers.kill(child), child.lines[-3:]
    settle(paths, model, child)
    assert child.words("ack"), "the writer saved nothing"
    return model.state


def _time_from_ready(writers: WriterServer, child: Child, kill_after: float | None = None) -> float:
    """Wait for the restore to start; kill it ``kill_after`` seconds later (or let it end)."""
    while "ready" not in child.lines:
        assert not writers.collect(child, until=time.monotonic() + 0.005), child.lines
    ready = time.monotonic()
    if kill_after is None:
        writers.collect(child)
    else:
        writers.collect(child, until=ready + kill_after)
        writers.kill(child)
    return time.monotonic() - ready


@pytest.mark.timeout(max(300, 5 * KILLS))  # the long form takes minutes
def test_kills_while_saving_lose_no_acknowledged_change(
    tmp_path: Path, writers: WriterServer
) -> None:
    paths = make_workspace(tmp_path / "workspace")
    model = Model(check_workspace(paths))
    rng = random.Random(SEED)
    started = time.monotonic()
    acks, committed_in_flight, kinds = 0, 0, Counter[str]()
    for run in range(1, KILLS + 1):
        child = writers.start(mode="changes", data_dir=paths.root, seed=SEED, run=run)
        writers.collect(child, until=time.monotonic() + rng.uniform(0, KILL_WITHIN))
        assert child.code is None, f"seed {SEED} run {run}: stopped by itself {child.lines[-2:]}"
        assert writers.kill(child)
        committed_in_flight += settle(paths, model, child)
        acks += len(child.words("ack"))
        kinds.update(json.loads(b)["kind"] for b in child.words("begin"))
        self_test(writers, paths, tmp_path)
    final_checks(paths, writers)
    assert acks > KILLS, "the writers were killed before they saved much"
    sys.stdout.write(
        f"\nsoak seed {SEED}: {KILLS} kills while saving in {time.monotonic() - started:.1f} s; "
        f"{acks} acknowledged changes all kept; {committed_in_flight} kills caught a commit "
        f"that then held whole; changes by kind {dict(sorted(kinds.items()))}\n"
    )


def test_kills_during_backups_leave_only_complete_backups(
    tmp_path: Path, writers: WriterServer
) -> None:
    paths = make_workspace(tmp_path / "workspace")
    state = fill(writers, paths, run=1, seconds=0.4)
    folder = tmp_path / "usb-stick"
    folder.mkdir()
    workspace = open_soak_workspace(paths)
    key = workspace.database_key()
    workspace.close()
    rng = random.Random(SEED)
    written: list[str] = []
    verified: set[Path] = set()
    for _kill in range(SIDE_KILLS):
        child = writers.start(mode="backup", data_dir=paths.root, folder=folder)
        writers.collect(child, until=time.monotonic() + rng.uniform(0.05, 0.3))
        assert writers.kill(child), child.lines[-2:]
        written += child.words("backup")
        backups = set(folder.glob(f"*{SUFFIX}"))
        assert {str(p) for p in backups} >= set(written)
        for backup in sorted(backups - verified):
            assert verify_backup(backup, key=key).case_count == len(state["cases"])
        verified |= backups
        # A kill cannot tidy up after itself: all it may leave is the copy's hidden,
        # owner-only temp file, never a file that looks like a backup.
        for leftover in set(folder.iterdir()) - backups:
            assert leftover.name.startswith("."), leftover
            assert leftover.name.endswith(".tmp"), leftover
            assert leftover.stat().st_mode & 0o077 == 0
        assert check_workspace(paths) == state
    for backup in sorted(folder.glob(f"*{SUFFIX}")):  # none changed since it was checked
        verify_backup(backup, key=key)
    final_checks(paths, writers)
    in_folder = [p for p in folder.iterdir() if p.suffix == ".tmp"]
    in_temp = list(writers.temp.glob("sendmed-backup-*"))
    sys.stdout.write(
        f"\nbackup soak seed {SEED}: {SIDE_KILLS} kills, {len(written)} backups written, all "
        f"verify; left behind by the kills: {len(in_folder)} temp files in the folder, "
        f"{len(in_temp)} private temp folders in TMPDIR\n"
    )


def test_kills_during_restores_leave_the_old_or_the_restored_state(
    tmp_path: Path, writers: WriterServer
) -> None:
    paths = make_workspace(tmp_path / "workspace")
    states = {"old": fill(writers, paths, run=1, seconds=0.3)}
    workspace = open_soak_workspace(paths)
    backups = {"old": create_backup(workspace, tmp_path / "old.smbak")}
    workspace.close()
    states["new"] = fill(writers, paths, run=2, seconds=0.3)
    assert states["new"] != states["old"]
    workspace = open_soak_workspace(paths)
    backups["new"] = create_backup(workspace, tmp_path / "new.smbak")
    workspace.close()
    # Restoring the current state over itself times a whole restore: kills fall within it.
    child = writers.start(mode="restore", data_dir=paths.root, backup=backups["new"])
    took = _time_from_ready(writers, child)
    assert child.code == 0, child.lines
    assert check_workspace(paths) == states["new"]
    current, rng = "new", random.Random(SEED)
    outcomes: Counter[str] = Counter()
    for _attempt in range(5 * SIDE_KILLS):
        if outcomes["killed, old kept"] + outcomes["killed, restored"] >= SIDE_KILLS:
            break
        target = "old" if current == "new" else "new"
        child = writers.start(mode="restore", data_dir=paths.root, backup=backups[target])
        # The files are swapped at the end, after the backup is checked: kill mostly there.
        _time_from_ready(writers, child, kill_after=rng.uniform(0.4, 1.05) * took)
        found = check_workspace(paths)
        assert found in (states[current], states[target]), differences(found, states[target])
        restored = found == states[target]
        killed = child.code == -signal.SIGKILL
        assert killed or restored, "a restore that finished must have restored"
        outcomes[
            f"{'killed' if killed else 'finished'}, {'restored' if restored else 'old kept'}"
        ] += 1
        current = target if restored else current
    assert outcomes["killed, old kept"] + outcomes["killed, restored"] >= SIDE_KILLS, outcomes
    final_checks(paths, writers)
    left = [p.name for p in paths.root.iterdir() if p.suffix == ".tmp"]
    sys.stdout.write(
        f"\nrestore soak seed {SEED}: {dict(outcomes)}; "
        f"{len(left)} temp copies left in the workspace folder by the kills\n"
    )
