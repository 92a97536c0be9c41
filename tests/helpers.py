"""Test helpers: a full, order-independent dump of a project's rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

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
