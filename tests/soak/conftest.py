"""The fault soak's machinery: a fork server of writers to kill, workspaces, real commands.

Tests that mount a tmpfs carry the ``mounts`` marker. As root they mount directly; any
other user has them re-run whole under ``unshare -rm`` (root of a user namespace, where a
tmpfs may be mounted), or skipped with the reason when that is not allowed either.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.services.workspace import PASSPHRASE_ENV, Workspace, create_workspace
from tests.conftest import FAST_KDF, TEST_PASSPHRASE
from tests.support.mounts import NAMESPACE_ENV, is_root, mount_problem, unshare_works

ROOT = Path(__file__).resolve().parents[2]
LINE_TIMEOUT = 60.0  # seconds to wait for a line the writer must print (generous: CI is busy)


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``mounts`` marker."""
    config.addinivalue_line("markers", "mounts: mounts a tmpfs (root, or unshare -rm)")


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run a ``mounts`` test under ``unshare -rm`` when this user cannot mount."""
    if pyfuncitem.get_closest_marker("mounts") is None or is_root():
        return None
    if os.environ.get(NAMESPACE_ENV) or not unshare_works():
        pytest.skip(mount_problem() or "cannot mount a tmpfs here")
    env = {**os.environ, NAMESPACE_ENV: "1"}
    # Inside, this user is root, whose pytest folder in /tmp belongs to the real root.
    base = Path(pyfuncitem.funcargs.get("tmp_path") or tempfile.mkdtemp()) / "in-namespace"
    command = ["unshare", "-rm", sys.executable, "-m", "pytest", "-q", f"--basetemp={base}"]
    command.append(pyfuncitem.nodeid)
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    return True


@pytest.fixture
def mounting() -> None:
    """Skip, saying why, when this process cannot mount a tmpfs."""
    if is_root():
        problem = mount_problem()
        if problem is not None:
            pytest.skip(problem)


def make_workspace(root: Path) -> WorkspacePaths:
    """Create an empty encrypted workspace in ``root``, quick to unlock, and close it."""
    paths = WorkspacePaths(root)
    workspace, _recovery = create_workspace(
        paths, TEST_PASSPHRASE, remember_in_keyring=False, kdf=FAST_KDF
    )
    workspace.close()
    return paths


def open_soak_workspace(paths: WorkspacePaths) -> Workspace:
    """Open the workspace as the app does after a crash: with its passphrase."""
    from sendmed_desktop.services.workspace import open_workspace

    return open_workspace(paths, passphrase=TEST_PASSPHRASE)


def script_env(**extra: str) -> dict[str, str]:
    """Return the environment a script would run ``sendmed`` in, unlocking by passphrase."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDMED_")}
    env.update(
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONPATH=str(ROOT),
        QT_QPA_PLATFORM="offscreen",
    )
    env[PASSPHRASE_ENV] = TEST_PASSPHRASE
    env.update(extra)
    return env


def sendmed(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the real ``sendmed`` command line in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "sendmed_desktop", *args],
        cwd=ROOT,
        env=script_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def assert_clean(result: subprocess.CompletedProcess[str]) -> None:
    """Fail if a command printed a traceback (the user must get words, never a stack)."""
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout


@dataclass
class Child:
    """One forked writer: its pid and the lines it has printed so far."""

    pid: int
    lines: list[str] = field(default_factory=list)
    code: int | None = None

    def words(self, first: str) -> list[str]:
        """Return the rest of each line that starts with ``first``."""
        return [line.partition(" ")[2] for line in self.lines if line.split(" ")[0] == first]


class WriterServer:
    """``tests.support.soak_writer serve``: forks a writer per command, cheaply."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.stderr_path = folder / "writers.stderr"
        self.temp = folder / "tmp"  # where killed backups leave their private temp folders
        self.temp.mkdir(exist_ok=True)
        self._stderr = self.stderr_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.soak_writer", "serve"],
            cwd=ROOT,
            env=script_env(TMPDIR=str(self.temp)),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
        )
        self._lines: queue.Queue[str] = queue.Queue()
        assert self.process.stdout is not None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line.rstrip("\n"))

    def _next_line(self, timeout: float = LINE_TIMEOUT) -> str:
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no line from the writer in {timeout} s") from None

    def start(self, **command: Any) -> Child:
        """Fork a child for ``command`` and return once it has said it started."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command, default=str) + "\n")
        self.process.stdin.flush()
        word, _, pid = self._next_line().partition(" ")
        assert word == "start", f"expected the child's start line, got {word} {pid}"
        return Child(int(pid))

    def collect(self, child: Child, until: float | None = None) -> bool:
        """Read the child's lines until it exits (True) or ``until`` passes (False)."""
        while True:
            wait = LINE_TIMEOUT if until is None else max(0.0, until - time.monotonic())
            try:
                line = self._lines.get(timeout=wait)
            except queue.Empty:
                if until is None:
                    raise AssertionError(
                        f"writer {child.pid} went silent: {child.lines[-3:]}"
                    ) from None
                return False
            if line.startswith("exit "):
                child.code = int(line.split(" ")[1])
                return True
            child.lines.append(line)

    def kill(self, child: Child) -> bool:
        """SIGKILL the child unless it has already gone; read all it said; True if killed."""
        # Only a child not yet reported gone: the kernel hands its pid to another process
        # only once the pid counter wraps round, long after this moment.
        if child.code is None and not self.collect(child, until=time.monotonic()):
            with contextlib.suppress(ProcessLookupError):  # gone, not yet reported
                os.kill(child.pid, signal.SIGKILL)
            self.collect(child)
        return child.code == -signal.SIGKILL

    def run(self, **command: Any) -> Child:
        """Run ``command`` to its end and return what it printed."""
        child = self.start(**command)
        self.collect(child)
        return child

    def traceback_text(self) -> str:
        """Return what the writers printed on stderr (tracebacks show up here)."""
        self._stderr.flush()
        return self.stderr_path.read_text(encoding="utf-8")

    def close(self) -> None:
        """Stop the server: end of input ends its loop."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self._reader.join(timeout=10)
        assert self.process.stdout is not None
        self.process.stdout.close()
        self._stderr.close()


@pytest.fixture(scope="session")
def writers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WriterServer]:
    """Start one fork server of writers for the whole soak."""
    server = WriterServer(tmp_path_factory.mktemp("writers"))
    try:
        yield server
    finally:
        server.close()
