"""Compound actions that create a code and apply it (quick code, in vivo, autocode onto a new
code) must be all or nothing. The code's creation entry in the change log is marked pending at
the start and done at the end of the same transaction, so a pending mark can only survive if the
action was split across transactions; ``qualcode check`` reports such codes as half-applied.
Projects written before the mark existed carry no marks and cannot be judged this way.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualcode.storage.models import ChangeLog, Code
from qualcode.storage.project import Project

COMPOUND = "compound"  # change-log detail naming the compound action that created a code


def mark_compound(project: Project, code_id: int, label: str, *, done: bool) -> None:
    with project.session() as s:
        guid = s.scalar(select(Code.guid).where(Code.id == code_id))
        entry = s.scalar(
            select(ChangeLog)
            .where(ChangeLog.entity == "code", ChangeLog.action == "create")
            .where(ChangeLog.entity_guid == guid)
            .order_by(ChangeLog.id.desc())
            .limit(1)
        )
        if entry is not None:
            entry.details = json.dumps({COMPOUND: label, "done": done})


def half_applied_codes(s: Session) -> list[tuple[int, str, str]]:
    """Codes whose creating compound action never finished: (id, name, action)."""
    rows = s.execute(
        select(Code.id, Code.name, ChangeLog.details)
        .join(ChangeLog, ChangeLog.entity_guid == Code.guid)
        .where(ChangeLog.entity == "code", ChangeLog.action == "create")
        .where(ChangeLog.details.like(f'%"{COMPOUND}"%'))
    )
    found = []
    for code_id, name, details in rows:
        marks = json.loads(details or "{}")
        if not marks.get("done", True):
            found.append((code_id, name, str(marks.get(COMPOUND, ""))))
    return found
