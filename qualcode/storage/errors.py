"""SQLite's storage failures as one clear line naming the project file.

A full disk, a read-only folder or an I/O error reaches SQLAlchemy as an ``OperationalError`` whose
text repeats the failed statement with its parameters: the coded passage, a memo, a participant's
name. The engine's ``handle_error`` hook replaces those errors with :class:`StorageError`, which
says which file and what went wrong and nothing else; the unit of work has already been rolled
back, so the project is as it was before the action. Engines are also made with
``hide_parameters`` so any other database error (a bug) does not print project text either.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qualcode.domain.errors import StorageError

# https://www.sqlite.org/rescode.html (primary codes; extended codes keep them in the low byte)
_FULL, _IOERR, _READONLY, _CANTOPEN, _CORRUPT, _NOTADB, _PERM = 13, 10, 8, 14, 11, 26, 3

_CAUSES = {
    _FULL: "the disk is full",
    _IOERR: "the disk could not be written or read (an I/O error)",
    _READONLY: "the file or its folder is read-only",
    _CANTOPEN: "the file or its folder cannot be opened (moved, deleted or no permission)",
    _PERM: "there is no permission to write it",
    _CORRUPT: "the file is damaged",
    _NOTADB: "the file is damaged",
}


def storage_error(exc: BaseException, path: Path) -> StorageError | None:
    """The user's error for a storage failure of ``path``; ``None`` for anything else."""
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(code, int):
        return None
    cause = _CAUSES.get(code & 0xFF)
    if cause is None:
        return None
    if code & 0xFF in (_CORRUPT, _NOTADB):
        return StorageError(
            f"{path.name}: {cause}; the last action was not saved. Run 'qualcode check' on it, "
            "or restore a backup.",
            cause,
        )
    return StorageError(
        f"{path.name}: {cause}; the last action was not saved and the project is as it was "
        "before it.",
        cause,
    )
