"""Errors users can act on.

Every error a user may meet derives from :class:`QualCodeError`; the CLI prints its message on one
line and the GUI shows it in a dialog, so messages must name the file and the place, never a
traceback.
"""

from __future__ import annotations


class QualCodeError(Exception):
    """Base class: the message is written for the researcher, not the developer."""


class NotAProjectError(QualCodeError):
    """The file exists but is not a QualCode project (or not an SQLite database at all)."""


class NewerProjectError(QualCodeError):
    """The project was written by a newer QualCode; we refuse to touch it."""


class ProjectLockedError(QualCodeError):
    """Another process (possibly on another computer) holds the project's lock."""

    def __init__(self, message: str, holder: dict[str, object]) -> None:
        super().__init__(message)
        self.holder = holder


class ProjectExistsError(QualCodeError):
    """Refusing to overwrite an existing file when creating a project."""


class NotFoundError(QualCodeError):
    """A referenced entity (document, code, case...) does not exist."""


class ValidationError(QualCodeError):
    """A value breaks a rule (empty name, span outside the text, bad attribute value...).

    ``fields``: the fields at fault, where the rule is about named fields (an editor highlights
    them), instead of anyone matching on the message's words."""

    def __init__(self, message: str, fields: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.fields = fields


class MigrationError(QualCodeError):
    """Upgrading the project file failed; the backup beside it is intact."""


class Cancelled(QualCodeError):
    """The user cancelled a long task (search, indexing); what was committed before stays."""


class StorageError(QualCodeError):
    """A file could not be written or read: a full disk, a read-only or vanished folder, an I/O
    error. The message names the file and the cause, never the project's text; what the action
    would have written is rolled back (a project) or not left behind (an export).

    ``cause``: the cause alone ("the disk is full"), for a caller that words the message anew
    (a project built under a temporary name reports the name the user chose)."""

    def __init__(self, message: str, cause: str = "") -> None:
        super().__init__(message)
        self.cause = cause or message
