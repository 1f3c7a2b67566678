"""What the unlock and first-run screens need before the database libraries load.

Kept apart from ``workspace.py`` (which imports SQLAlchemy) so the unlock page can show
its choices within moments of start-up.
"""

from __future__ import annotations

from dataclasses import dataclass

from sendmed_desktop.paths import WorkspacePaths
from sendmed_desktop.security.keyring_store import keyring_is_usable
from sendmed_desktop.security.keys import load_key_header

MIN_PASSPHRASE_LENGTH = 8


@dataclass(frozen=True)
class UnlockOptions:
    """What the unlock screen can offer for one workspace."""

    keyring_enabled: bool
    keyring_usable: bool
    has_passphrase: bool


def unlock_options(paths: WorkspacePaths) -> UnlockOptions:
    """Return how the workspace at ``paths`` can be unlocked."""
    header = load_key_header(paths.key_header)
    return UnlockOptions(
        keyring_enabled=header.keyring_enabled,
        keyring_usable=keyring_is_usable(),
        has_passphrase=header.passphrase_slot is not None,
    )


def check_new_passphrase(passphrase: str, confirmation: str) -> list[str]:
    """Return what is wrong with a new passphrase, in the user's words."""
    problems = []
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        problems.append(f"Use at least {MIN_PASSPHRASE_LENGTH} characters for the passphrase.")
    if passphrase != confirmation:
        problems.append("The two passphrases are not the same.")
    return problems
