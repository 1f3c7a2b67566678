"""Creating and unlocking workspaces: keyring, passphrase, recovery key, environment."""

from __future__ import annotations

import pytest

from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.security.errors import WrongSecretError
from sendmed_desktop.security.keyring_store import KeyringStore
from sendmed_desktop.security.keys import load_key_header
from sendmed_desktop.services.errors import PassphraseNeededError, WorkspaceError
from sendmed_desktop.services.unlocking import check_new_passphrase, unlock_options
from sendmed_desktop.services.workspace import (
    create_workspace,
    open_from_environment,
    open_workspace,
)
from tests.conftest import FAST_KDF, TEST_PASSPHRASE
from tests.support.memory_keyring import MemoryKeyring


def _files(paths: WorkspacePaths) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in paths.root.iterdir() if f.is_file()}


def test_key_goes_to_a_real_keyring_and_opens_without_asking(
    workspace_paths: WorkspacePaths, memory_keyring: MemoryKeyring
) -> None:
    workspace, _ = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=True, kdf=FAST_KDF
    )
    workspace.close()
    header = load_key_header(workspace_paths.key_header)
    assert header.keyring_enabled
    assert KeyringStore().load(header.workspace_id) is not None
    assert unlock_options(workspace_paths).keyring_usable
    open_workspace(workspace_paths).close()


def test_without_a_keyring_the_passphrase_is_the_way_in(
    workspace_paths: WorkspacePaths, no_keyring: None
) -> None:
    workspace, _ = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=True, kdf=FAST_KDF
    )
    workspace.close()
    assert not load_key_header(workspace_paths.key_header).keyring_enabled
    with pytest.raises(PassphraseNeededError):
        open_workspace(workspace_paths)
    open_workspace(workspace_paths, passphrase=TEST_PASSPHRASE).close()


def test_keyring_lost_later_falls_back_to_passphrase_and_refills_it(
    workspace_paths: WorkspacePaths, memory_keyring: MemoryKeyring
) -> None:
    workspace, _ = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=True, kdf=FAST_KDF
    )
    workspace.close()
    memory_keyring.store.clear()
    with pytest.raises(PassphraseNeededError):
        open_workspace(workspace_paths)
    open_workspace(workspace_paths, passphrase=TEST_PASSPHRASE).close()
    open_workspace(workspace_paths).close()  # the keyring entry came back


def test_no_passphrase_and_no_keyring_is_refused(
    workspace_paths: WorkspacePaths, no_keyring: None
) -> None:
    with pytest.raises(WorkspaceError, match="Choose a passphrase"):
        create_workspace(workspace_paths, None, remember_in_keyring=True, kdf=FAST_KDF)
    assert not workspace_paths.key_header.exists()


def test_wrong_passphrase_gives_clear_error_and_changes_nothing(
    workspace_paths: WorkspacePaths,
) -> None:
    workspace, _ = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=False, kdf=FAST_KDF
    )
    workspace.close()
    before = _files(workspace_paths)
    with pytest.raises(WrongSecretError, match="passphrase is not right"):
        open_workspace(workspace_paths, passphrase="not the passphrase")
    assert _files(workspace_paths) == before


def test_recovery_key_unlocks(workspace_paths: WorkspacePaths) -> None:
    workspace, recovery_key = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=False, kdf=FAST_KDF
    )
    workspace.close()
    typed = recovery_key.lower().replace("-", " ")
    open_workspace(workspace_paths, recovery_key=typed).close()
    with pytest.raises(WrongSecretError):
        open_workspace(workspace_paths, recovery_key="AAAA-" * 7 + "AAAA")


def test_workspace_files_are_owner_only(workspace_paths: WorkspacePaths) -> None:
    workspace, _ = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=False, kdf=FAST_KDF
    )
    workspace.close()
    assert workspace_paths.root.stat().st_mode & 0o777 == 0o700
    for file in workspace_paths.root.iterdir():
        if file.is_file():
            assert file.stat().st_mode & 0o077 == 0, file.name


def test_environment_passphrase_creates_then_opens(
    workspace_paths: WorkspacePaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SENDMED_PASSPHRASE", raising=False)
    with pytest.raises(WorkspaceError, match="SENDMED_PASSPHRASE"):
        open_from_environment(workspace_paths, kdf=FAST_KDF)
    monkeypatch.setenv("SENDMED_PASSPHRASE", TEST_PASSPHRASE)
    workspace, recovery_key = open_from_environment(workspace_paths, kdf=FAST_KDF)
    workspace.close()
    assert recovery_key is not None
    workspace, recovery_key = open_from_environment(workspace_paths, kdf=FAST_KDF)
    workspace.close()
    assert recovery_key is None


def test_creating_over_an_existing_workspace_is_refused(workspace_paths: WorkspacePaths) -> None:
    workspace, _ = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=False, kdf=FAST_KDF
    )
    workspace.close()
    header_before = workspace_paths.key_header.read_bytes()
    with pytest.raises(WorkspaceError, match="already a workspace"):
        create_workspace(workspace_paths, "another passphrase", remember_in_keyring=False)
    assert workspace_paths.key_header.read_bytes() == header_before


@pytest.mark.parametrize(
    ("passphrase", "confirmation", "expected"),
    [
        ("long enough", "long enough", []),
        ("short", "short", ["at least 8"]),
        ("long enough", "long enougH", ["not the same"]),
    ],
)
def test_new_passphrase_checks(passphrase: str, confirmation: str, expected: list[str]) -> None:
    problems = check_new_passphrase(passphrase, confirmation)
    assert len(problems) == len(expected)
    for problem, fragment in zip(problems, expected, strict=True):
        assert fragment in problem


def test_derived_keys_are_stable_per_purpose_and_gone_after_close(
    workspace_paths: WorkspacePaths,
) -> None:
    workspace, _ = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=False, kdf=FAST_KDF
    )
    signing = workspace.derive_key("signing identity")
    assert len(signing) == 32
    assert signing != workspace.derive_key("backups")
    workspace.close()
    with pytest.raises(WorkspaceError, match="locked"):
        workspace.derive_key("signing identity")
    reopened = open_workspace(workspace_paths, passphrase=TEST_PASSPHRASE)
    try:
        assert reopened.derive_key("signing identity") == signing
    finally:
        reopened.close()
