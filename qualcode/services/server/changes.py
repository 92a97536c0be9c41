"""What other people changed on a shared project, read cheaply enough to ask every few seconds.

Every structural action writes a row to the change log in its own transaction; a single coding
does not (the log would be mostly codings), but carries its coder. The window asks for
:func:`others_signature` on a timer: the number and the highest id of the log rows and of the
codings written by *other* coders. Both numbers are needed: ids are handed out when a
transaction writes, so a longer transaction can commit a lower id after a higher one was seen,
and a deletion lowers a count. Our own actions do not count: the window refreshed for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute

from qualcode.storage.models import ChangeLog, Coder, Coding
from qualcode.storage.project import Project

Signature = tuple[int, int, int, int]


@dataclass(frozen=True)
class Entry:
    id: int
    coder: str | None
    action: str
    entity: str
    summary: str


def _others(project: Project, column: InstrumentedAttribute[int | None]) -> ColumnElement[bool]:
    me = project.coder_id
    return column.is_(None) if me is None else column.is_distinct_from(me)


def others_signature(project: Project) -> Signature:
    """(count, highest id) of the change-log rows and of the codings other people wrote."""
    with project.read() as s:
        logged, last_log = s.execute(
            select(func.count(ChangeLog.id), func.max(ChangeLog.id)).where(
                _others(project, ChangeLog.coder_id)
            )
        ).one()
        coded, last_coding = s.execute(
            select(func.count(Coding.id), func.max(Coding.id)).where(
                _others(project, Coding.coder_id)
            )
        ).one()
    return int(logged or 0), int(last_log or 0), int(coded or 0), int(last_coding or 0)


def changes_by_others(project: Project, after_id: int = 0, limit: int = 50) -> list[Entry]:
    """Other people's latest changes with ids above ``after_id``, newest last."""
    with project.read() as s:
        rows = s.execute(
            select(ChangeLog.id, Coder.name, ChangeLog.action, ChangeLog.entity, ChangeLog.summary)
            .outerjoin(Coder, Coder.id == ChangeLog.coder_id)
            .where(_others(project, ChangeLog.coder_id), ChangeLog.id > after_id)
            .order_by(ChangeLog.id.desc())
            .limit(limit)
        ).all()
    return [Entry(*row) for row in reversed(rows)]
