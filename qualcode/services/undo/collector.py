"""Collect what a unit of work wrote, so every operation can say what it changed.

A :class:`Collector` rides in ``Session.info`` of an operation's transaction. Two SQLAlchemy
session events feed it from what actually reaches the database: ``after_flush`` (ORM objects
added, changed or deleted) and ``do_orm_execute`` (Core ``insert``/``update``/``delete`` run
through the session). The reversal machinery notes the exact rows it restores or removes itself
(:func:`note`), since a ``DELETE ... WHERE id IN (...)`` does not say which documents the codings
were in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import chain
from typing import Any

from sqlalchemy import event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import ORMExecuteState, Session

from qualcode.domain.changes import UNTRACKED, Changes

KEY = "qualcode_changes"
NOTED = "qualcode_noted"  # execution option: the rows of this statement were noted already
# columns that say which document and code a coding belongs to
CODING_REFS = ("document_id", "code_id")


class Collector:
    """The kinds, ids, documents and codes one transaction touched."""

    def __init__(self) -> None:
        self.rows: dict[str, set[int] | None] = {}
        self.documents: set[int] | None = set()
        self.codes: set[int] | None = set()

    @classmethod
    def of(cls, session: Session) -> Collector:
        """The session's collector, installed on first use."""
        found = session.info.get(KEY)
        if isinstance(found, Collector):
            return found
        collector = cls()
        session.info[KEY] = collector
        return collector

    def note(self, table: str, row: Mapping[str, Any] | None) -> None:
        """``row`` (some of its columns) of ``table`` was written; ``None``: some rows, unknown."""
        if table in UNTRACKED:
            return
        ids = self.rows.get(table, set())
        row_id = None if row is None else row.get("id")
        if ids is not None and isinstance(row_id, int):
            ids.add(row_id)
            self.rows[table] = ids
        else:
            self.rows[table] = None
        if table == "coding":
            self._refs(row)
        elif table == "document" and self.documents is not None and isinstance(row_id, int):
            self.documents.add(row_id)

    def _refs(self, row: Mapping[str, Any] | None) -> None:
        doc = None if row is None else row.get("document_id")
        code = None if row is None else row.get("code_id")
        if self.documents is not None:
            if isinstance(doc, int):
                self.documents.add(doc)
            else:
                self.documents = None
        if self.codes is not None:
            if isinstance(code, int):
                self.codes.add(code)
            else:
                self.codes = None

    def note_rows(self, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.note(table, row)

    def freeze(self) -> Changes:
        return Changes(
            {k: None if v is None else frozenset(v) for k, v in self.rows.items()},
            None if self.documents is None else frozenset(self.documents),
            None if self.codes is None else frozenset(self.codes),
        )


def note(session: Session, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Note rows a service writes in a way the events cannot see whole (used by undo steps)."""
    Collector.of(session).note_rows(table, rows)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: object) -> None:
    collector = session.info.get(KEY)
    if not isinstance(collector, Collector):
        return
    for obj in chain(session.new, session.dirty, session.deleted):
        state = sa_inspect(obj)
        table = state.mapper.local_table.name
        row = dict(state.dict)
        collector.note(table, row)
        if table == "coding":  # a coding moved to another code or document: the old ones too
            for ref in CODING_REFS:
                for old in state.attrs[ref].history.deleted or ():
                    collector.note(table, {"id": row.get("id"), ref: old, **_other(row, ref)})


def _other(row: Mapping[str, Any], ref: str) -> dict[str, Any]:
    return {k: row.get(k) for k in CODING_REFS if k != ref}


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    collector = state.session.info.get(KEY)
    if not isinstance(collector, Collector):
        return
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    if state.execution_options.get(NOTED):
        return
    table = getattr(getattr(state.statement, "table", None), "name", None)
    if not isinstance(table, str):
        return
    params: Any = state.parameters
    if state.is_insert and params:
        rows = params if isinstance(params, list | tuple) else [params]
        collector.note_rows(table, rows)
    else:
        collector.note(table, None)
