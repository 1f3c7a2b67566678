"""Errors raised by the security package, with messages fit to show the user."""

from __future__ import annotations


class SecurityError(Exception):
    """Base class for every failure to lock, unlock or store a workspace key."""


class WrongSecretError(SecurityError):
    """A passphrase or recovery key did not open the workspace."""

    def __init__(self, message: str = "That passphrase is not right for this workspace.") -> None:
        super().__init__(message)


class KeyringUnavailableError(SecurityError):
    """The system keyring is missing, locked or refused the request."""

    def __init__(
        self, message: str = "The system keyring is not available on this computer."
    ) -> None:
        super().__init__(message)


class CorruptHeaderError(SecurityError):
    """The workspace key file cannot be read as a SendMed key file."""

    def __init__(
        self, message: str = "The workspace key file is damaged or not a SendMed key file."
    ) -> None:
        super().__init__(message)
