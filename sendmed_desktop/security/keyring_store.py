"""The database key in the OS keyring, used only when a real, encrypted backend exists.

Vorta's pattern: one small interface that says honestly where the secret went. When no real
keyring exists the app asks for the passphrase instead; a key is never stored in plain text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from sendmed_desktop.security.errors import KeyringUnavailableError

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

_T = TypeVar("_T")
_KEY_BYTES = 32
_NO_KEYRING = "No system keyring is available on this computer."
# Backends that are no keyring at all (fail, null) or keep secrets in a file readable by
# anyone who copies it (keyrings.alt) or prompt on the terminal (keyrings.cryptfile).
_REFUSED_MODULES = ("keyring.backends.fail", "keyring.backends.null")
_REFUSED_PACKAGES = ("keyrings.alt", "keyrings.cryptfile")
_FRIENDLY_NAMES = {
    "keyring.backends.SecretService": "GNOME Keyring / Secret Service",
    "keyring.backends.libsecret": "GNOME Keyring / Secret Service",
    "keyring.backends.kwallet": "KDE Wallet",
    "keyring.backends.macOS": "macOS Keychain",
    "keyring.backends.Windows": "Windows Credential Locker",
}


def keyring_is_usable() -> bool:
    """Return True if the chosen keyring backend really keeps secrets safe."""
    return _usable_backend() is not None


def describe_keyring() -> str:
    """Return, in plain words, where the key would be kept."""
    backend = _usable_backend()
    if backend is None:
        return _NO_KEYRING
    module = type(backend).__module__
    return _FRIENDLY_NAMES.get(module) or str(backend.name)


class KeyringStore:
    """Keep each workspace's database key in the OS keyring, as hex, under the workspace id."""

    SERVICE = "SendMed Desktop"

    def save(self, workspace_id: str, key: bytes) -> None:
        """Store ``key`` for ``workspace_id``, replacing any earlier one."""
        if len(key) != _KEY_BYTES:
            raise ValueError(f"A database key must be {_KEY_BYTES} bytes.")
        backend = self._backend(workspace_id, "The key could not be saved in the system keyring.")
        _call(lambda: backend.set_password(self.SERVICE, workspace_id, key.hex()), "saved in")
        # Read it back: some backends accept a write and keep nothing, and the user must not
        # be told the key is remembered when it is not.
        if self.load(workspace_id) != key:
            raise KeyringUnavailableError(
                "The system keyring did not keep the key. You will need your passphrase "
                "to open this workspace."
            )

    def load(self, workspace_id: str) -> bytes | None:
        """Return the stored key for ``workspace_id``, or None if there is none."""
        backend = self._backend(workspace_id, "The key could not be read from the system keyring.")
        stored = _call(lambda: backend.get_password(self.SERVICE, workspace_id), "read from")
        if stored is None:
            return None
        try:
            key = bytes.fromhex(stored)
        except ValueError:
            key = b""
        if len(key) != _KEY_BYTES:
            raise KeyringUnavailableError(
                "The key in the system keyring is damaged. Open the workspace with your "
                "passphrase or recovery key."
            )
        return key

    def delete(self, workspace_id: str) -> None:
        """Remove the stored key for ``workspace_id``; do nothing if there is none."""
        import keyring.errors

        backend = self._backend(
            workspace_id, "The key could not be removed from the system keyring."
        )

        def remove() -> None:
            try:
                backend.delete_password(self.SERVICE, workspace_id)
            except keyring.errors.PasswordDeleteError:
                # Backends report "no such entry" this way, and some real failures too:
                # only an entry that is truly gone counts as deleted.
                if backend.get_password(self.SERVICE, workspace_id) is not None:
                    raise

        _call(remove, "removed from")

    @staticmethod
    def _backend(workspace_id: str, failure: str) -> KeyringBackend:
        if not workspace_id:
            raise ValueError("A workspace id is needed to find its key.")
        # Refuse before touching the backend: keyring's own fallbacks would silently
        # discard the key (null) or write it in plain text (keyrings.alt).
        backend = _usable_backend()
        if backend is None:
            raise KeyringUnavailableError(f"{failure} {_NO_KEYRING}")
        return backend


def _call(operation: Callable[[], _T], verb: str) -> _T:
    try:
        return operation()
    except Exception as exc:
        # Backends raise their own types (secretstorage, dbus, pywintypes.error, macOS
        # errors) besides KeyringError and OSError; any of them must fall back to the
        # passphrase rather than crash the unlock. The message never holds the key.
        log.warning("keyring operation failed: %s", type(exc).__name__)
        raise KeyringUnavailableError(
            f"The key could not be {verb} the system keyring. "
            "Check that your keyring is unlocked, or use your passphrase."
        ) from exc


def _usable_backend() -> KeyringBackend | None:
    try:
        import keyring

        backend = keyring.get_keyring()
        return _first_real(backend)
    except Exception as exc:
        # A broken keyring configuration (bad PYTHON_KEYRING_BACKEND, unreadable config)
        # means no keyring, not a crash at start-up.
        log.warning("keyring backend unavailable: %s", type(exc).__name__, exc_info=True)
        return None


def _first_real(backend: KeyringBackend) -> KeyringBackend | None:
    from keyring.backends.chainer import ChainerBackend

    module = type(backend).__module__
    if module in _REFUSED_MODULES or any(
        module == package or module.startswith(package + ".") for package in _REFUSED_PACKAGES
    ):
        return None
    if isinstance(backend, ChainerBackend):
        # Use the chain's first real member directly, never the chain itself: the chain
        # writes to its highest-priority member, which could be a plain-text one.
        chained: list[KeyringBackend] = list(backend.backends)
        return next((b for b in map(_first_real, chained) if b is not None), None)
    return backend
