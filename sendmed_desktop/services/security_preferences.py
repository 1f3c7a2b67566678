"""The user's security choices: when the app locks itself, and whether the keyring holds the key.

The idle time is a plain preference. Whether the key is kept in the OS keyring is recorded
in the key header (it decides how the workspace is unlocked), so changing it rewrites the
header and adds the key to, or removes it from, the keyring.
"""

from __future__ import annotations

import dataclasses
import hmac
import logging
from dataclasses import dataclass

from sendmed_desktop.security.errors import KeyringUnavailableError, WrongSecretError
from sendmed_desktop.security.keyring_store import KeyringStore, keyring_is_usable
from sendmed_desktop.security.keys import (
    save_key_header,
    unlock_with_passphrase,
    unlock_with_recovery_key,
)
from sendmed_desktop.services.errors import WorkspaceError
from sendmed_desktop.services.workspace import Workspace
from sendmed_desktop.settings import IDLE_LOCK_MINUTES

log = logging.getLogger(__name__)

KEYRING_IS_THE_WAY_IN = (
    "This workspace has no passphrase, so the system keyring is its everyday way in. "
    "The key stays in the keyring."
)
NO_KEYRING = "No system keyring is available on this computer, so the key cannot be kept there."


@dataclass(frozen=True)
class SecurityPreferences:
    """How long the app waits before locking, and whether the keyring keeps the key."""

    idle_lock_minutes: int
    keep_key_in_keyring: bool


def keyring_available() -> bool:
    """Return whether a real, encrypted system keyring exists to hold the key."""
    return keyring_is_usable()


def load_security_preferences(workspace: Workspace) -> SecurityPreferences:
    """Return the security choices in force for ``workspace``."""
    return SecurityPreferences(
        idle_lock_minutes=workspace.settings.get(IDLE_LOCK_MINUTES),
        keep_key_in_keyring=workspace.header.keyring_enabled,
    )


def save_security_preferences(workspace: Workspace, chosen: SecurityPreferences) -> None:
    """Apply ``chosen``: save the idle time and move the key into or out of the keyring."""
    workspace.settings.set(IDLE_LOCK_MINUTES, chosen.idle_lock_minutes)
    if chosen.keep_key_in_keyring != workspace.header.keyring_enabled:
        set_key_in_keyring(workspace, keep=chosen.keep_key_in_keyring)


def set_key_in_keyring(workspace: Workspace, *, keep: bool) -> None:
    """Keep the database key in the OS keyring, or take it out and rely on the passphrase."""
    header = workspace.header
    if not keep and header.passphrase_slot is None:
        raise WorkspaceError(KEYRING_IS_THE_WAY_IN)
    if keep and not keyring_is_usable():
        raise WorkspaceError(NO_KEYRING)
    store = KeyringStore()
    changed = dataclasses.replace(header, keyring_enabled=keep)
    if keep:
        # Key first, then the header: if saving the key fails, nothing has changed.
        store.save(header.workspace_id, workspace.database_key())
        save_key_header(workspace.paths.key_header, changed)
    else:
        # Header first: once it says "no keyring", the keyring is never read for this
        # workspace, even if the delete below fails and leaves the key behind.
        save_key_header(workspace.paths.key_header, changed)
        store.delete(header.workspace_id)
    workspace.header = changed
    log.info("keyring use changed (keyring: %s)", keep)


def secret_opens(workspace: Workspace, secret: str) -> bool:
    """Return whether ``secret`` (the passphrase or the recovery key) unlocks ``workspace``."""
    key = workspace.database_key()
    for unlock in (unlock_with_passphrase, unlock_with_recovery_key):
        try:
            candidate = unlock(workspace.header, secret)
        except (WrongSecretError, ValueError):
            continue
        if hmac.compare_digest(candidate, key):
            return True
    return False


def keyring_opens(workspace: Workspace) -> bool:
    """Return whether the system keyring holds this workspace's key."""
    if not (workspace.header.keyring_enabled and keyring_is_usable()):
        return False
    try:
        held = KeyringStore().load(workspace.header.workspace_id)
    except KeyringUnavailableError:
        return False
    return held is not None and hmac.compare_digest(held, workspace.database_key())
