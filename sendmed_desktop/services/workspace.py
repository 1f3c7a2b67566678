"""Create, unlock and open a workspace: the key header, the keyring and the database.

The database key lives in memory only while the workspace is open. It reaches the disk
only wrapped (Argon2id + AES-GCM) in the header, or in the OS keyring.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.security.errors import KeyringUnavailableError
from sendmed_desktop.security.files import ensure_private_dir, remove_stale_temporaries
from sendmed_desktop.security.keyring_store import KeyringStore, keyring_is_usable
from sendmed_desktop.security.keys import (
    KdfParameters,
    KeyHeader,
    create_key_header,
    derive_subkey,
    load_key_header,
    new_database_key,
    save_key_header,
    unlock_with_passphrase,
    unlock_with_recovery_key,
)
from sendmed_desktop.services.errors import PassphraseNeededError, WorkspaceError
from sendmed_desktop.settings import Settings
from sendmed_desktop.storage.db import (
    create_encrypted_engine,
    forget_key,
    make_session_factory,
    transaction,
    verify_key_and_prepare,
)
from sendmed_desktop.storage.errors import DatabaseError, disk_fault
from sendmed_desktop.storage.migrate import upgrade_to_head

log = logging.getLogger(__name__)

PASSPHRASE_ENV = "SENDMED_PASSPHRASE"  # noqa: S105 - the variable's name, not a secret


class Workspace:
    """An unlocked workspace: its folder, settings and encrypted database."""

    def __init__(
        self,
        paths: WorkspacePaths,
        header: KeyHeader,
        engine: sa.Engine,
        settings: Settings,
        key: bytes,
    ) -> None:
        self.paths = paths
        self.header = header
        self.engine = engine
        self.settings = settings
        self.sessions: sessionmaker[Session] = make_session_factory(engine)
        # Kept (as a bytearray, so close() can overwrite it) only to derive the keys of the
        # workspace's other secrets, such as the signing identity and backups.
        self._key = bytearray(key)

    def database_key(self) -> bytes:
        """Return the database key itself, for the one job that needs it: checking backups.

        A backup holds the database still encrypted under this key, so verifying or
        restoring one means opening it with the same key.
        """
        if not any(self._key):
            raise WorkspaceError("The workspace is locked. Unlock it and try again.")
        return bytes(self._key)

    def derive_key(self, purpose: str) -> bytes:
        """Return this workspace's key for ``purpose`` (see security.keys.derive_subkey)."""
        if not any(self._key):
            raise WorkspaceError("The workspace is locked. Unlock it and try again.")
        return derive_subkey(bytes(self._key), purpose)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Yield a session that commits on success and rolls back on error."""
        with transaction(self.sessions) as session:
            yield session

    def close(self) -> None:
        """Close every connection and overwrite the key held here and in the engine."""
        forget_key(self.engine)
        for index in range(len(self._key)):
            self._key[index] = 0


def workspace_exists(paths: WorkspacePaths) -> bool:
    """Return whether ``paths`` holds a workspace (its key header)."""
    return paths.holds_workspace()


def create_workspace(
    paths: WorkspacePaths,
    passphrase: str | None,
    *,
    remember_in_keyring: bool,
    kdf: KdfParameters | None = None,
) -> tuple[Workspace, str]:
    """Create a new, empty workspace; return it and the recovery key to show once."""
    if workspace_exists(paths) or paths.database.exists():
        raise WorkspaceError(f"There is already a workspace in {paths.root}.")
    use_keyring = remember_in_keyring and keyring_is_usable()
    if passphrase is None and not use_keyring:
        raise WorkspaceError("Choose a passphrase: no system keyring is available to hold the key.")
    ensure_private_dir(paths.root)
    key = new_database_key()
    header, recovery_key = create_key_header(
        key, passphrase=passphrase, keyring_enabled=use_keyring, params=kdf
    )
    if use_keyring:
        try:
            KeyringStore().save(header.workspace_id, key)
        except KeyringUnavailableError:
            if passphrase is None:
                raise
            header, recovery_key = create_key_header(
                key, passphrase=passphrase, keyring_enabled=False, params=kdf
            )
    # The header goes first: a database nobody can unlock must never exist.
    save_key_header(paths.key_header, header)
    workspace = _open_with_key(paths, header, key, create=True)
    log.info("workspace created (keyring: %s)", header.keyring_enabled)
    return workspace, recovery_key


def open_workspace(
    paths: WorkspacePaths,
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
) -> Workspace:
    """Unlock and open an existing workspace.

    With no secret given the key is taken from the keyring; if it is not there,
    ``PassphraseNeededError`` tells the caller to ask for the passphrase.
    """
    if not workspace_exists(paths):
        raise WorkspaceError(f"There is no SendMed workspace in {paths.root}.")
    header = load_key_header(paths.key_header)
    if recovery_key is not None:
        key = unlock_with_recovery_key(header, recovery_key)
    elif passphrase is not None:
        key = unlock_with_passphrase(header, passphrase)
    else:
        key = _key_from_keyring(header)
    workspace = _open_with_key(paths, header, key, create=False)
    if passphrase is not None or recovery_key is not None:
        _refill_keyring(header, key)
    return workspace


def open_from_environment(
    paths: WorkspacePaths, *, kdf: KdfParameters | None = None
) -> tuple[Workspace, str | None]:
    """Unlock for scripts: keyring first, else ``SENDMED_PASSPHRASE``; create if missing.

    Returns the workspace and, when it was just created, the recovery key to show once.
    """
    passphrase = os.environ.get(PASSPHRASE_ENV)
    if not workspace_exists(paths):
        if not passphrase:
            raise WorkspaceError(
                f"There is no workspace in {paths.root}. Set {PASSPHRASE_ENV} to create one."
            )
        return create_workspace(paths, passphrase, remember_in_keyring=False, kdf=kdf)
    if passphrase:
        return open_workspace(paths, passphrase=passphrase), None
    try:
        return open_workspace(paths), None
    except PassphraseNeededError:
        raise PassphraseNeededError(
            f"Set {PASSPHRASE_ENV} to this workspace's passphrase to unlock it."
        ) from None


def open_with_key(paths: WorkspacePaths, key: bytes) -> Workspace:
    """Open an existing workspace with its database key (reopening it after a restore)."""
    return _open_with_key(paths, load_key_header(paths.key_header), key, create=False)


def damaged_message(paths: WorkspacePaths, error: sa.exc.DatabaseError) -> str:
    """Return what to tell the user when the database cannot be read."""
    fault = disk_fault(error, paths.root)
    if fault is not None:  # a full or read-only disk is not damage: no restore needed
        return str(fault)
    return (
        f"The workspace database in {paths.root} is damaged ({error.orig}). "
        "Nothing has been changed. Restore it from a backup."
    )


def _key_from_keyring(header: KeyHeader) -> bytes:
    if header.keyring_enabled and keyring_is_usable():
        try:
            key = KeyringStore().load(header.workspace_id)
        except KeyringUnavailableError:
            log.warning("keyring refused the request; asking for the passphrase")
            key = None
        if key is not None:
            return key
    raise PassphraseNeededError("Enter the passphrase to unlock this workspace.")


def _refill_keyring(header: KeyHeader, key: bytes) -> None:
    """Put the key back in the keyring if it was meant to be there and has gone."""
    if not (header.keyring_enabled and keyring_is_usable()):
        return
    try:
        store = KeyringStore()
        if store.load(header.workspace_id) is None:
            store.save(header.workspace_id, key)
    except KeyringUnavailableError:
        log.warning("keyring unavailable; the passphrase stays the way in")


def _open_with_key(
    paths: WorkspacePaths, header: KeyHeader, key: bytes, *, create: bool
) -> Workspace:
    if not create and not paths.database.exists():
        raise DatabaseError(
            f"The database file {paths.database.name} is missing from {paths.root}. "
            "Restore it from a backup."
        )
    engine = create_encrypted_engine(paths.database, key, create=create)
    if create:
        # SQLCipher creates the file on first write; make it owner-only from the start.
        fd = os.open(paths.database, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    verify_key_and_prepare(engine)
    # A write cut off by a crash (a restore, the key header) leaves an encrypted temp file.
    remove_stale_temporaries(paths.root)
    try:
        upgrade_to_head(engine, paths.database, paths.backups)
    except sa.exc.DatabaseError as error:
        engine.dispose()
        raise DatabaseError(damaged_message(paths, error)) from None
    except Exception:
        engine.dispose()
        raise
    return Workspace(paths, header, engine, Settings(paths.settings), key)
