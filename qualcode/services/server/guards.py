"""Checks that what a person saw when they began an edit is still so when they confirm it.

Why: on a team server someone else may rename a code while a rename dialog is open for it; the
later rename must not silently replace the earlier one. The check runs inside the edit's own
transaction (which the server runs REPEATABLE READ), so nobody can change the row between the
check and the write either. On a file project it simply passes.
"""

from __future__ import annotations

from sqlalchemy import select

from qualcode.domain.errors import NotFoundError
from qualcode.domain.team_errors import ConflictError
from qualcode.storage.models import Code
from qualcode.storage.project import Project


def code_name_unchanged(project: Project, code_id: int, seen: str) -> None:
    """Raise ConflictError if the code's name is no longer ``seen`` (NotFoundError if gone)."""
    with project.session() as s:
        current = s.scalar(select(Code.name).where(Code.id == code_id))
    if current is None:
        raise NotFoundError(
            "The code was deleted meanwhile (by someone else); nothing was changed."
        )
    if current != seen:
        raise ConflictError(
            f"Someone else renamed this code to '{current}' while you were editing it; nothing "
            "was changed. The codebook now shows the current name: rename it again if you wish."
        )
