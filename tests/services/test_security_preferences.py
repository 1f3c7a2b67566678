"""Security preferences: the idle time is saved, and the key moves into or out of the keyring."""

from __future__ import annotations

import pytest

from sendmed_desktop import paths
from sendmed_desktop.security.keyring_store import KeyringStore
from sendmed_desktop.security.keys import load_key_header
from sendmed_desktop.services.errors import PassphraseNeededError, WorkspaceError
from sendmed_desktop.services.security_preferences import (
    SecurityPreferences,
    keyring_opens,
    load_security_preferences,
    save_security_preferences,
    secret_opens,
)
from sendmed_desktop.services.workspace import Workspace, create_workspace, open_workspace
from sendmed_desktop.settings import IDLE_LOCK_MINUTES, Settings
from tests.conftest import FAST_KDF, TEST_PASSPHRASE


def test_idle_time_is_saved_and_read_back(workspace: Workspace) -> None:
    assert load_security_preferences(workspace) == SecurityPreferences(5, False)
    save_security_preferences(workspace, SecurityPreferences(15, False))
    assert Settings(workspace.paths.settings).get(IDLE_LOCK_MINUTES) == 15
    assert load_security_preferences(workspace).idle_lock_minutes == 15


def test_key_moves_into_the_keyring_and_unlocks_without_passphrase(
    workspace: Workspace,
) -> None:
    workspace_id = workspace.header.workspace_id
    paths_ = workspace.paths
    with pytest.raises(PassphraseNeededError):
        open_workspace(paths_).close()
    save_security_preferences(workspace, SecurityPreferences(5, True))
    assert load_key_header(paths_.key_header).keyring_enabled
    assert KeyringStore().load(workspace_id) == workspace.database_key()
    workspace.close()
    # No passphrase given: the keyring now opens it.
    reopened = open_workspace(paths_)
    try:
        assert load_security_preferences(reopened).keep_key_in_keyring
    finally:
        reopened.close()


def test_key_taken_out_of_the_keyring_means_the_passphrase_again(
    workspace_paths: paths.WorkspacePaths,
) -> None:
    opened, _recovery = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=True, kdf=FAST_KDF
    )
    workspace_id = opened.header.workspace_id
    assert KeyringStore().load(workspace_id) is not None
    save_security_preferences(opened, SecurityPreferences(5, False))
    opened.close()
    assert KeyringStore().load(workspace_id) is None
    assert not load_key_header(workspace_paths.key_header).keyring_enabled
    with pytest.raises(PassphraseNeededError):
        open_workspace(workspace_paths).close()
    open_workspace(workspace_paths, passphrase=TEST_PASSPHRASE).close()


def test_a_keyring_only_workspace_keeps_its_key(workspace_paths: paths.WorkspacePaths) -> None:
    opened, _recovery = create_workspace(workspace_paths, None, remember_in_keyring=True)
    try:
        before = workspace_paths.key_header.read_bytes()
        with pytest.raises(WorkspaceError, match="no passphrase"):
            save_security_preferences(opened, SecurityPreferences(5, False))
        assert workspace_paths.key_header.read_bytes() == before
        assert KeyringStore().load(opened.header.workspace_id) is not None
    finally:
        opened.close()


@pytest.mark.usefixtures("no_keyring")
def test_no_keyring_refuses_clearly_and_changes_nothing(workspace: Workspace) -> None:
    before = workspace.paths.key_header.read_bytes()
    with pytest.raises(WorkspaceError, match="No system keyring"):
        save_security_preferences(workspace, SecurityPreferences(5, True))
    assert workspace.paths.key_header.read_bytes() == before
    assert not workspace.header.keyring_enabled


def test_secret_opens_checks_passphrase_and_recovery_key(
    workspace_paths: paths.WorkspacePaths,
) -> None:
    opened, recovery = create_workspace(
        workspace_paths, TEST_PASSPHRASE, remember_in_keyring=False, kdf=FAST_KDF
    )
    try:
        assert secret_opens(opened, TEST_PASSPHRASE)
        assert secret_opens(opened, recovery.lower())
        assert not secret_opens(opened, "not it")
        assert not secret_opens(opened, "")
        assert not keyring_opens(opened)
        save_security_preferences(opened, SecurityPreferences(5, True))
        assert keyring_opens(opened)
    finally:
        opened.close()
