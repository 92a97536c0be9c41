"""State shared by the REFI-QDA merge steps, and the report they fill."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from qualcode.domain.refi import CATEGORY_PREFIX, RefiProject
from qualcode.domain.values import AttributeType
from qualcode.importers.model import normalise_speaker

_BATCH = 5000  # rows per executemany


@dataclass
class RefiReport:
    """What an import created, matched and could not carry; ``lines`` is the printable report."""

    file: str
    created: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, what: str, matched: bool = False, n: int = 1) -> None:
        target = self.matched if matched else self.created
        target[what] = target.get(what, 0) + n

    @property
    def lines(self) -> list[str]:
        out = [f"Imported {self.file}:"]
        for what, n in self.created.items():
            out.append(f"  {n:,} {what} added")
        for what, n in self.matched.items():
            out.append(f"  {n:,} {what} matched what the project already had")
        if self.notes:
            out.append("Not carried or changed on the way:")
            out += [f"  - {line}" for line in self.notes]
        return out


@dataclass
class MergeState:
    """Lookups shared by the merge steps: file GUID -> our id."""

    s: Session
    data: RefiProject
    coder_id: int | None
    report: RefiReport
    users: dict[str, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)
    themes: dict[str, int] = field(default_factory=dict)  # by set GUID
    documents: dict[str, int] = field(default_factory=dict)
    codings: dict[str, list[int]] = field(default_factory=dict)  # by selection GUID
    coding_ids: dict[str, int] = field(default_factory=dict)  # by coding GUID
    selections: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # doc, start, end
    cases: dict[str, int] = field(default_factory=dict)

    def taken(self, model: type, guid: str) -> bool:
        return self.s.scalar(select(model.id).where(model.guid == guid)) is not None  # type: ignore[attr-defined]

    def insert_many(self, model: type, rows: list[dict[str, object]]) -> None:
        """Insert ``rows`` (dicts with the same keys) as Core executemany batches: one statement
        for thousands of rows instead of one ORM statement per row."""
        table = cast(Table, model.__table__)  # type: ignore[attr-defined]
        conn = self.s.connection()
        for at in range(0, len(rows), _BATCH):
            conn.execute(insert(table), rows[at : at + _BATCH])

    def insert_id(self, model: type, **values: object) -> int:
        new_id = self.s.scalar(insert(model).values(**values).returning(model.id))  # type: ignore[attr-defined]
        assert new_id is not None
        return int(new_id)


class Batch:
    """Rows for one table, inserted ``_BATCH`` at a time as they come (call :meth:`flush` last),
    so a large import never holds them all."""

    def __init__(self, st: MergeState, model: type) -> None:
        self.st, self.model = st, model
        self.rows: list[dict[str, object]] = []
        self.count = 0

    def add(self, row: dict[str, object]) -> None:
        self.rows.append(row)
        self.count += 1
        if len(self.rows) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        self.st.insert_many(self.model, self.rows)
        self.rows = []


def user_id(st: MergeState, guid: str | None) -> int | None:
    return st.users.get(guid, st.coder_id) if guid else st.coder_id


def attribute_type(kind: str, description: str) -> tuple[AttributeType, list[str] | None]:
    """Our attribute type for a REFI variable type (and category options we wrote)."""
    if kind == "Boolean":
        return AttributeType.BOOLEAN, None
    if kind in ("Integer", "Float"):
        return AttributeType.NUMBER, None
    if kind == "Date":
        return AttributeType.DATE, None
    if description.startswith(CATEGORY_PREFIX):
        try:
            options = json.loads(description[len(CATEGORY_PREFIX) :])
        except ValueError:
            options = None
        if isinstance(options, list) and all(isinstance(o, str) for o in options):
            return AttributeType.CATEGORY, options
    return AttributeType.TEXT, None


def case_key(name: str) -> str:
    return normalise_speaker(name)
