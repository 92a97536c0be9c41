"""Rows that hang off a row being deleted, found for every delete step so undo can restore them.

Undo restores exactly the rows a change removed, so nothing may be left to ``ON DELETE CASCADE``
or ``SET NULL`` (see :mod:`~qualcode.services.undo.reversal`). Most services list their dependent
rows themselves; the links of the recommendation register (issue 19) point at themes, codings and
framework items that many services delete (deleting a code deletes its codings, merging themes
deletes one), so instead of teaching each of them about recommendations, every delete step of
those tables is preceded here by the steps that remove or detach what points at them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualcode.services.undo.reversal import Delete, Step, Update, _table

# table -> (dependent table, its column pointing at table.id, "delete" or "detach")
DEPENDENTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "theme": (("recommendation_theme", "theme_id", "delete"),),
    "coding": (("recommendation_extract", "coding_id", "delete"),),
    "framework_item": (("recommendation", "framework_item_id", "detach"),),
    "recommendation": (
        ("recommendation_theme", "recommendation_id", "delete"),
        ("recommendation_extract", "recommendation_id", "delete"),
    ),
}
_CHUNK = 500


def dependent_steps(session: Session, step: Step) -> Iterator[Step]:
    """The steps to run before ``step`` so that it cascades to nothing."""
    if not isinstance(step, Delete) or step.table not in DEPENDENTS or not step.keys:
        return
    ids = [k["id"] for k in step.keys if "id" in k]
    for table_name, column, how in DEPENDENTS[step.table]:
        table = _table(table_name)
        pks = [c for c in table.primary_key.columns]
        keys: list[dict[str, Any]] = []
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            rows = session.execute(select(*pks).where(table.c[column].in_(chunk))).mappings()
            keys += [dict(r) for r in rows]
        if not keys:
            continue
        if how == "delete":
            yield Delete(table_name, tuple(keys))
        else:
            for key in keys:
                yield Update(table_name, key, {column: None})
