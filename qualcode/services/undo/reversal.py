"""Row-level steps that can be applied and inverted: the machinery behind undo and redo.

A service expresses its change as steps (insert rows, delete rows, update columns), applies them,
and keeps the inverse steps, which restore the very rows (same ids, same guids). Applying a
reversal returns its own inverse, so redo is free. Deletes must list dependent rows before the rows
they depend on: nothing is left to ``ON DELETE CASCADE``, which would lose rows undo cannot restore.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, and_, delete, insert, select, update
from sqlalchemy.orm import Session

from qualcode.services.undo.collector import CODING_REFS, NOTED, note
from qualcode.storage.models import Base

Row = dict[str, Any]
_CHUNK = 500
_NOTED = {NOTED: True}
# columns read with an update so the change names what the row belongs to
_REFS = {"coding": CODING_REFS}


@dataclass(frozen=True)
class Insert:
    table: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Delete:
    table: str
    keys: tuple[Row, ...]


@dataclass(frozen=True)
class Update:
    table: str
    key: Row
    values: Row


Step = Insert | Delete | Update


@dataclass(frozen=True)
class Reversal:
    """What restores the project to the state before a change; ``label`` is shown as 'Undo …'."""

    label: str
    steps: tuple[Step, ...] = field(default_factory=tuple)


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _pk_cols(table: Table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


def _where(table: Table, key: Row) -> Any:
    return and_(*(table.c[k] == v for k, v in key.items()))


def _snapshot(session: Session, table: Table, keys: Sequence[Row]) -> list[Row]:
    pks = _pk_cols(table)
    found: dict[tuple[Any, ...], Row] = {}
    if len(pks) == 1:
        col = pks[0]
        values = [k[col] for k in keys]
        for i in range(0, len(values), _CHUNK):
            chunk = values[i : i + _CHUNK]
            for row in session.execute(select(table).where(table.c[col].in_(chunk))).mappings():
                found[(row[col],)] = dict(row)
    else:
        for key in keys:
            one = session.execute(select(table).where(_where(table, key))).mappings().first()
            if one is not None:
                found[tuple(one[c] for c in pks)] = dict(one)
    return [found[t] for t in (tuple(k[c] for c in pks) for k in keys) if t in found]


def apply_step(session: Session, step: Step) -> Step:
    """Apply one step and return the step that undoes it.

    The rows it writes or removes are noted for the operation's :class:`Changes` (with their
    document and code where they have one), and the statements are marked as noted."""
    table = _table(step.table)
    pks = _pk_cols(table)
    if isinstance(step, Insert):
        if step.rows:
            note(session, step.table, step.rows)
            session.execute(insert(table).execution_options(**_NOTED), list(step.rows))
        return Delete(step.table, tuple({c: r[c] for c in pks} for r in reversed(step.rows)))
    if isinstance(step, Delete):
        rows = _snapshot(session, table, step.keys)
        note(session, step.table, rows)
        if len(pks) == 1:
            col = pks[0]
            ids = [r[col] for r in rows]
            # Respect the listed order (children before parents) chunk by chunk.
            for i in range(0, len(ids), _CHUNK):
                chunk = ids[i : i + _CHUNK]
                session.execute(
                    delete(table).where(table.c[col].in_(chunk)).execution_options(**_NOTED)
                )
        else:
            for r in rows:
                where = _where(table, {c: r[c] for c in pks})
                session.execute(delete(table).where(where).execution_options(**_NOTED))
        return Insert(step.table, tuple(reversed(rows)))
    wanted = [*step.values, *(c for c in _REFS.get(step.table, ()) if c not in step.values)]
    old = (
        session.execute(select(*(table.c[c] for c in wanted)).where(_where(table, step.key)))
        .mappings()
        .first()
    )
    if old is None:
        return Update(step.table, step.key, {})
    note(session, step.table, [{**old, **step.key}, {**old, **step.values, **step.key}])
    changed = update(table).where(_where(table, step.key)).values(**step.values)
    session.execute(changed.execution_options(**_NOTED))
    return Update(step.table, step.key, {c: old[c] for c in step.values})


def apply_steps(session: Session, steps: Iterable[Step]) -> tuple[Step, ...]:
    """Apply steps in order; return the inverse steps in the order that undoes them."""
    # imported here: the dependents module builds its steps from this one
    from qualcode.services.undo.dependents import dependent_steps

    inverse = []
    for step in steps:
        inverse += [apply_step(session, d) for d in dependent_steps(session, step)]
        inverse.append(apply_step(session, step))
    return tuple(reversed(inverse))


def keys_of(session: Session, table_name: str, where: Any, order_by: Any = None) -> tuple[Row, ...]:
    """Primary keys of the rows of ``table_name`` matching ``where``, as step keys."""
    table = _table(table_name)
    cols = [table.c[c] for c in _pk_cols(table)]
    stmt = select(*cols).where(where)
    if order_by is not None:
        stmt = stmt.order_by(order_by)
    return tuple(dict(r) for r in session.execute(stmt).mappings())
