"""Shared test set-up: Qt without a screen, a private workspace, an in-memory keyring."""

from __future__ import annotations

import os

# Must precede any QApplication: Qt aborts without a display otherwise.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never let a test unlock from the developer's environment.
os.environ.pop("SENDMED_PASSPHRASE", None)

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from sendmed_desktop import paths
from sendmed_desktop.security.keys import KdfParameters
from sendmed_desktop.services.workspace import Workspace, create_workspace
from tests.support.memory_keyring import MemoryKeyring, reset, use_keyring

TEST_PASSPHRASE = "correct horse battery staple"
FAST_KDF = KdfParameters.fast_for_tests()


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Give every test an empty in-memory keyring, never the developer's real one."""
    reset()
    backend = MemoryKeyring()
    with use_keyring(backend):
        yield backend
    reset()


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """Make the keyring unavailable, as on a headless Linux machine."""
    with use_keyring(keyring.backends.fail.Keyring()):
        yield


@pytest.fixture
def workspace_paths(tmp_path: Path) -> Iterator[paths.WorkspacePaths]:
    """Point the app's workspace at a fresh folder for this test."""
    paths.use_data_dir(tmp_path / "workspace")
    yield paths.workspace()
    paths.use_data_dir(None)


@pytest.fixture
def workspace(workspace_paths: paths.WorkspacePaths) -> Iterator[Workspace]:
    """Return a new, unlocked, passphrase-protected workspace (key not in the keyring)."""
    opened, _recovery = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=False, kdf=FAST_KDF
    )
    yield opened
    opened.close()
