"""The table-by-table steps of merging a source project into the target, inside one transaction.

Each step reads the source's rows (plain Core selects on the source's own connection), matches
them to what the target has, and inserts what is new with one bulk ``INSERT`` per table (or per
level of a tree), remembering source id -> target id for the steps after it. Everything inserted is
recorded in ``added`` so the merge can be undone by deleting exactly those rows.

Matching: coders by name; cases by name; attributes by scope and name; questions by instrument and
label; documents by content hash (a new document brings its turns and answers); codes and themes
by name path (same name under the matched parent); memos by GUID; codings by document, code, span
*and coder* (an identical span from another coder is a second opinion, kept).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from qualcode.storage.models import Base, new_guid

Row = dict[str, Any]


def table(name: str) -> Table:
    return Base.metadata.tables[name]


@dataclass
class MergeCounts:
    """What one merge added, matched and skipped, by kind (plural nouns: "codes", "codings")."""

    added: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    matched: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    skipped: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    codings_by_coder: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    notes: list[str] = field(default_factory=list)


@dataclass
class Merger:
    """One source merged into the target session ``s``; ``src`` is the source's rows by table."""

    s: Session
    src: dict[str, list[Row]]
    counts: MergeCounts
    added: dict[str, list[Row]]  # table -> primary keys inserted (for the undo)
    ids: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))
    guids: dict[str, set[str]] = field(default_factory=dict)  # the target's, by table

    # -- helpers ----------------------------------------------------------------------------
    def insert(self, name: str, rows: list[Row]) -> list[int]:
        """Insert ``rows`` in one statement; their new ids, in order (recorded for the undo)."""
        if not rows:
            return []
        t = table(name)
        stmt = insert(t).returning(t.c.id, sort_by_parameter_order=True)
        ids = [int(i) for i in self.s.scalars(stmt, rows)]
        self.added[name].extend({"id": i} for i in ids)
        self.counts.added[_KIND[name]] += len(rows)
        return ids

    def bulk(self, name: str, rows: list[Row]) -> dict[str, int]:
        """Insert rows that carry a ``guid``; guid -> new id."""
        return dict(zip([r["guid"] for r in rows], self.insert(name, rows), strict=True))

    def guid_for(self, name: str, guid: str) -> str:
        """``guid`` if the target has no row of ``name`` with it (read once per table), else a
        fresh one."""
        taken = self.guids.get(name)
        if taken is None:
            t = table(name)
            taken = self.guids[name] = set(self.s.scalars(select(t.c.guid)))
        fresh = new_guid() if guid in taken else guid
        taken.add(fresh)
        return fresh

    def copy(self, name: str, row: Row, **changes: Any) -> Row:
        """``row`` without its id, with a guid free in the target, and ``changes``."""
        out = {k: v for k, v in row.items() if k != "id"}
        if "guid" in out:
            out["guid"] = self.guid_for(name, out["guid"])
        out.update(changes)
        return out

    def next_position(self, name: str) -> int:
        t = table(name)
        return int(self.s.scalar(select(func.max(t.c.position))) or 0)

    def matched(self, kind: str, n: int = 1) -> None:
        self.counts.matched[kind] += n

    # -- steps ------------------------------------------------------------------------------
    def by_key(self, name: str, key: tuple[str, ...], fix: Iterable[str] = ()) -> None:
        """Match rows of a flat table on ``key`` columns (after mapping ``fix`` foreign keys)."""
        t = table(name)
        have = {tuple(r[k] for k in key): r["id"] for r in self.s.execute(select(t)).mappings()}
        new: dict[tuple[Any, ...], tuple[list[int], Row]] = {}
        position = self.next_position(name) if "position" in t.c else 0
        for row in self.src[name]:
            mapped = self.copy(name, row, **{k: self.ref(k, row[k]) for k in fix})
            k = tuple(mapped[c] for c in key)
            if k in have:
                self.ids[name][row["id"]] = have[k]
                self.matched(_KIND[name])
            elif k in new:  # two source rows with one key: one row in the target
                new[k][0].append(row["id"])
            else:
                if "position" in mapped:
                    position += 1
                    mapped["position"] = position
                new[k] = ([row["id"]], mapped)
        found = self.bulk(name, [r for _ids, r in new.values()])
        for src_ids, r in new.values():
            for src_id in src_ids:
                self.ids[name][src_id] = found[r["guid"]]

    def tree(self, name: str) -> None:
        """Codes or themes: match by (parent, name), parents first; one insert per level."""
        t = table(name)
        have = {(r["parent_id"], r["name"]): r["id"] for r in self.s.execute(select(t)).mappings()}
        position = self.next_position(name)
        level = [r for r in self.src[name] if r["parent_id"] is None]
        children: dict[int, list[Row]] = defaultdict(list)
        for r in self.src[name]:
            if r["parent_id"] is not None:
                children[r["parent_id"]].append(r)
        while level:
            new: list[tuple[int, Row]] = []
            for row in level:
                parent = self.ids[name][row["parent_id"]] if row["parent_id"] is not None else None
                found = have.get((parent, row["name"]))
                if found is not None:
                    self.ids[name][row["id"]] = found
                    self.matched(_KIND[name])
                    continue
                position += 1
                extra = {"parent_id": parent, "position": position}
                if "coder_id" in row:
                    extra["coder_id"] = self.ref("coder_id", row["coder_id"])
                new.append((row["id"], self.copy(name, row, **extra)))
            found_ids = self.bulk(name, [r for _i, r in new])
            for src_id, r in new:
                self.ids[name][src_id] = found_ids[r["guid"]]
                have[(r["parent_id"], r["name"])] = found_ids[r["guid"]]
            level = [c for row in level for c in children.get(row["id"], [])]

    def ref(self, column: str, value: int | None) -> int | None:
        """A source foreign key as the target's id (``None`` stays ``None``)."""
        if value is None:
            return None
        return self.ids[_REFERS[column]].get(value)


_KIND = {
    "coder": "coders",
    "case": "cases",
    "attribute": "attributes",
    "attribute_value": "attribute values",
    "question": "questions",
    "document": "documents",
    "part": "turns and answers",
    "code": "codes",
    "theme": "themes",
    "theme_code": "theme-code links",
    "coding": "codings",
    "memo": "memos",
}
_REFERS = {
    "coder_id": "coder",
    "case_id": "case",
    "attribute_id": "attribute",
    "question_id": "question",
    "document_id": "document",
    "code_id": "code",
    "theme_id": "theme",
    "coding_id": "coding",
}
