"""Keyring backends for tests: an in-memory store and one that always fails.

Both have ``priority = -1``: every KeyringBackend subclass registers itself when defined,
and a positive priority would make it join the real backend chain. A subprocess can select
the memory store with ``PYTHON_KEYRING_BACKEND=tests.support.memory_keyring.MemoryKeyring``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

import keyring
import keyring.errors
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """Keep passwords in a class-level dict shared by every instance in the process."""

    priority = -1  # type: ignore[assignment]
    store: ClassVar[dict[tuple[str, str], str]] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.store[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError("No such password") from None


class FailingKeyring(KeyringBackend):
    """Raise KeyringError on every call, like a locked or broken system keyring."""

    priority = -1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringError("keyring is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringError("keyring is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringError("keyring is locked")


def reset() -> None:
    """Forget everything the memory keyring holds."""
    MemoryKeyring.store.clear()


@contextmanager
def use_keyring(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    """Make ``backend`` the process's keyring for the block, then restore the previous one."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
