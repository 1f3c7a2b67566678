"""Errors whose messages are written for the user, gathered for the GUI and command line."""

from __future__ import annotations

from sendmed_desktop.security.errors import SecurityError
from sendmed_desktop.storage.errors import DatabaseError


class WorkspaceError(Exception):
    """The workspace cannot be used as asked; the message says what to do."""


class PassphraseNeededError(WorkspaceError):
    """The key is not in the keyring, so the user must type the passphrase."""


class ValidationError(WorkspaceError):
    """What the user entered cannot be saved; the message lists why."""


# Everything the app may show the user as a plain message instead of a traceback.
USER_FACING_ERRORS: tuple[type[Exception], ...] = (WorkspaceError, SecurityError, DatabaseError)
