"""Read a strategy framework (``id,parent_id,label,aliases``) from CSV or XLSX into plain rows.

Strategies arrive as spreadsheets researchers type up themselves, so every mistake is reported
with the file and the row Excel shows: a missing column, a duplicate or empty id, an empty label,
a parent that does not exist, a cycle. The rows come back parents first (file order otherwise), so
the caller can insert them without resolving references again. No database here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qualcode.importers.boundary import guarded
from qualcode.importers.model import FileImportError
from qualcode.importers.table import read_table

REQUIRED = ("id", "parent_id", "label")
# Reserved for the hidden "cross-cutting" item each framework may carry.
RESERVED_REF = "*"


@dataclass(frozen=True)
class FrameworkRow:
    ref: str
    parent_ref: str | None
    label: str
    aliases: tuple[str, ...]
    row: int  # the row number in the file, for messages


def _split_aliases(cell: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for alias in cell.split("|"):
        alias = " ".join(alias.split())
        if alias and alias.casefold() not in {a.casefold() for a in seen}:
            seen[alias] = None
    return tuple(seen)


@guarded
def read_framework(path: Path) -> list[FrameworkRow]:
    """The items of the framework in ``path``, parents before children."""
    table = read_table(path)
    name = table.source
    columns = {h.strip().casefold().replace(" ", "_"): i for i, h in enumerate(table.headers)}
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise FileImportError(
            name,
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
            f"expected id, parent_id, label and optionally aliases (found: "
            f"{', '.join(h for h in table.headers if h) or 'nothing'})",
            "row 1",
        )
    alias_col = columns.get("aliases")
    rows: list[FrameworkRow] = []
    seen: dict[str, int] = {}
    for number, cells in zip(table.row_numbers, table.rows, strict=True):
        ref = cells[columns["id"]].strip()
        parent = cells[columns["parent_id"]].strip() or None
        label = " ".join(cells[columns["label"]].split())
        where = f"row {number}"
        if not ref:
            raise FileImportError(name, "the id is empty", where)
        if ref == RESERVED_REF:
            raise FileImportError(name, f"'{RESERVED_REF}' is reserved and cannot be an id", where)
        if len(ref) > 50:
            raise FileImportError(name, f"the id '{ref[:20]}…' is longer than 50 characters", where)
        if ref.casefold() in seen:
            raise FileImportError(
                name, f"duplicate id '{ref}' (first used in row {seen[ref.casefold()]})", where
            )
        if not label:
            raise FileImportError(name, f"the label of '{ref}' is empty", where)
        seen[ref.casefold()] = number
        aliases = _split_aliases(cells[alias_col]) if alias_col is not None else ()
        rows.append(FrameworkRow(ref, parent, label, aliases, number))
    if not rows:
        raise FileImportError(name, "the file has a header but no items", "row 2")
    return _parents_first(name, rows)


def _parents_first(name: str, rows: list[FrameworkRow]) -> list[FrameworkRow]:
    by_ref = {r.ref.casefold(): r for r in rows}
    for r in rows:
        if r.parent_ref is not None and r.parent_ref.casefold() not in by_ref:
            raise FileImportError(
                name, f"the parent '{r.parent_ref}' of '{r.ref}' is not an id in the file",
                f"row {r.row}",
            )  # fmt: skip
    for r in rows:
        chain, at = [r.ref], r
        while at.parent_ref is not None:
            at = by_ref[at.parent_ref.casefold()]
            if at is r:
                raise FileImportError(
                    name, f"the parents form a cycle: {' → '.join([*chain, r.ref])}", f"row {r.row}"
                )
            if len(chain) > len(rows):
                break  # a cycle further up: reported when the loop reaches one of its rows
            chain.append(at.ref)
    placed: set[str] = set()
    ordered: list[FrameworkRow] = []
    pending = list(rows)
    while pending:
        rest = []
        for r in pending:
            if r.parent_ref is None or r.parent_ref.casefold() in placed:
                ordered.append(r)
                placed.add(r.ref.casefold())
            else:
                rest.append(r)
        pending = rest
    return ordered
