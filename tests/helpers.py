"""Test helpers: a full, order-independent dump of a project's rows."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from qualcode.services.undo.changes import Change
from qualcode.storage.models import Base
from qualcode.storage.project import Project


def dump(project: Project, skip: tuple[str, ...] = ("change_log",)) -> dict[str, list[Any]]:
    """Every row of every table (sorted), except the audit trail, which undo appends to."""
    out: dict[str, list[Any]] = {}
    with project.session() as s:
        for name, table in Base.metadata.tables.items():
            if name in skip:
                continue
            out[name] = sorted((tuple(r) for r in s.execute(select(table))), key=repr)
    return out


def undo_redo_round_trip(
    run: Callable[[Project, str, Any], Change | None],
    seed: Callable[[Project], object],
    ops: list[str],
    data: Any,
    max_size: int,
) -> None:
    """Random operations, then every reversal in reverse order: the database is as it started;
    then every redo: as it was after the operations. A refused operation must change nothing."""
    from hypothesis import strategies as st

    from qualcode.domain.errors import QualCodeError
    from qualcode.services.undo.history import apply_reversal

    with tempfile.TemporaryDirectory() as tmp:
        p = Project.create(Path(tmp) / "prop.qcproj")
        try:
            seed(p)
            start = dump(p)
            changes: list[Change] = []
            for op in data.draw(st.lists(st.sampled_from(ops), min_size=1, max_size=max_size)):
                before = dump(p)
                try:
                    change = run(p, op, data)
                except QualCodeError:
                    assert dump(p) == before, f"refused {op} changed the project"
                    continue
                if change is not None:
                    changes.append(change)
            end = dump(p)
            redos = [apply_reversal(p, c.reversal) for c in reversed(changes)]
            assert dump(p) == start
            for redo in reversed(redos):
                apply_reversal(p, redo.reversal, "redo")
            assert dump(p) == end
        finally:
            p.close()
