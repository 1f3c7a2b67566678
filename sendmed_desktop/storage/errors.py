"""Storage errors, kept free of SQLAlchemy so the window can start before it loads."""

from __future__ import annotations


class DatabaseError(Exception):
    """The workspace database cannot be used; the message says why in plain words."""


class WrongKeyError(DatabaseError):
    """The key does not open this database."""


class SchemaTooNewError(DatabaseError):
    """The database was written by a newer SendMed; this app must not touch it."""
