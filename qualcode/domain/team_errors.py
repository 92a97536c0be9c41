"""Errors of a project shared on a database server, which a single-user file never meets.

They derive from :class:`QualCodeError` so the CLI prints them on one line and the GUI shows
them in a dialog; the GUI also refreshes its views after a :class:`ConflictError`, since what
the user saw was out of date.
"""

from __future__ import annotations

from qualcode.domain.errors import QualCodeError


class ServerError(QualCodeError):
    """The server cannot be reached, refused the login, or the database is missing."""


class PasswordNeededError(ServerError):
    """The server asks for a password that neither ~/.pgpass nor PGPASSWORD gave: prompt."""

    def __init__(self, message: str, location: str) -> None:
        super().__init__(message)
        self.location = location


class ConflictError(QualCodeError):
    """Someone else changed or deleted what this action was about, since it was shown: nothing
    was written; the views refresh so the user sees the current state and can try again."""


class NotPermittedError(QualCodeError):
    """The database refused the action for this person's role (a reviewer writing, a coder
    changing another coder's codings); nothing was written."""
