"""Theme matrices for the write-up: themes × a strategy's priorities (or all its items), and
themes × the values of a case or document attribute (the "framework matrix" of role, age band...).

Computed here, once, as plain data (:class:`Matrix`) that the Excel and Word writers, the GUI and
pandas users all read, so the numbers in a report are the numbers on screen. Rows are themes in
their order, sub-themes nested under their theme (``depth``); a theme's evidence is its own codes'
and its sub-themes' codes' codings, each coding once, with participants counted by the rule of
:mod:`qualcode.services.themes.theme_counts` (the speaker where the coding starts, facilitators left
out). In theme × item matrices a cell holds the theme's evidence where the theme is linked to that
column (at priority level: to the priority or any of its commitments). A sub-theme without links
of its own takes its parent's. Extra columns: "Not mapped" and "Cross-cutting".
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd  # type: ignore[import-untyped]
from sqlalchemy import func, select

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.domain.values import kind_label
from qualcode.importers.framework_file import RESERVED_REF
from qualcode.services.frameworks.frameworks import _item_tree, get_framework
from qualcode.services.reports.attribution import attributions, normalise_name
from qualcode.services.themes.theme_counts import ThemeNode, evidence_rows, theme_tree
from qualcode.storage.models import (
    Attribute,
    AttributeValue,
    Coding,
    Document,
    FrameworkItem,
    Quote,
    ThemeItem,
)
from qualcode.storage.project import Project

Level = Literal["priority", "item", "attribute"]
MEASURES = ("extracts", "documents", "participants", "strength", "quotes")
# Reserved column keys (the same strings as qualcode.exporters.report_model uses).
NOT_MAPPED, CROSS_CUTTING, NO_VALUE = "__not_mapped__", "__cross_cutting__", "__no_value__"
_RANK = {"primary": 2, "secondary": 1, "": 0}


@dataclass(frozen=True)
class QuoteCell:
    text: str
    attribution: str
    document: str
    start: int
    end: int
    coding_id: int


@dataclass
class Cell:
    extracts: int = 0
    documents: int = 0
    participants: int = 0
    strength: str = ""
    quotes: list[QuoteCell] = field(default_factory=list)


@dataclass(frozen=True)
class MatrixRow:
    theme_id: int
    name: str
    depth: int
    status: str
    definition: str


@dataclass(frozen=True)
class MatrixColumn:
    key: str
    label: str
    ref: str = ""


@dataclass
class Matrix:
    title: str
    framework: str  # the framework's name, or the attribute's for theme × attribute
    level: Level
    measure_names: tuple[str, ...]
    rows: list[MatrixRow]
    columns: list[MatrixColumn]
    cells: dict[tuple[int, str], Cell]

    def cell(self, theme_id: int, column_key: str) -> Cell:
        return self.cells.get((theme_id, column_key), Cell())


def theme_nodes(project: Project, include_discarded: bool) -> list[ThemeNode]:
    out: list[ThemeNode] = []

    def walk(node: ThemeNode) -> None:
        if node.status == "discarded" and not include_discarded:
            return
        out.append(node)
        for child in node.children:
            walk(child)

    for root in theme_tree(project):
        walk(root)
    return out


def _row(node: ThemeNode) -> MatrixRow:
    return MatrixRow(node.id, node.name, node.depth, node.status, node.definition)


def _code_sets(nodes: list[ThemeNode]) -> dict[int, set[int]]:
    """Theme → its codes and its sub-themes' codes."""
    return {n.id: {c.id for m in n.walk() for c in m.codes} for n in nodes}


def key_quotes(
    project: Project, code_ids: Iterable[int] | None = None
) -> dict[int, list[QuoteCell]]:
    """Key extracts (Quote rows flagged key, tied to a coding) by code, in document order, with
    the edited text when there is one and the project's attribution label."""
    stmt = (
        select(Quote.coding_id, Coding.code_id, Quote.edited_text, Document.name, Quote.start,
               Quote.end, func.substr(Document.text, Quote.start + 1, Quote.end - Quote.start))
        .join(Coding, Coding.id == Quote.coding_id)
        .join(Document, Document.id == Quote.document_id)
        .where(Quote.is_key.is_(True))
        .order_by(Document.position, Document.id, Quote.start, Quote.id)
    )  # fmt: skip
    if code_ids is not None:
        stmt = stmt.where(Coding.code_id.in_(sorted(set(code_ids))))
    with project.read() as s:
        rows = s.execute(stmt).all()
    labels = attributions(project, [r[0] for r in rows])
    out: dict[int, list[QuoteCell]] = defaultdict(list)
    for coding, code, edited, doc, start, end, verbatim in rows:
        text = " ".join((edited or verbatim or "").split())
        out[code].append(QuoteCell(text, labels.get(coding, ""), doc, start, end, coding))
    return out


def _theme_quotes(
    codes: dict[int, set[int]], by_code: dict[int, list[QuoteCell]]
) -> dict[int, list[QuoteCell]]:
    out: dict[int, list[QuoteCell]] = {}
    for tid, code_ids in codes.items():
        seen: dict[int, QuoteCell] = {}
        for cid in code_ids:
            for q in by_code.get(cid, []):
                seen.setdefault(q.coding_id, q)
        out[tid] = sorted(seen.values(), key=lambda q: (q.document, q.start, q.coding_id))
    return out


def _effective_links(
    nodes: list[ThemeNode], own: dict[int, dict[int, str]]
) -> dict[int, dict[int, str]]:
    """Theme → {item: strength}; a theme without links of its own takes its parent's."""
    out: dict[int, dict[int, str]] = {}
    for n in nodes:  # parents come before their sub-themes
        out[n.id] = own.get(n.id) or (out.get(n.parent_id, {}) if n.parent_id else {})
    return out


def theme_item_matrix(
    project: Project,
    framework: int | str | None = None,
    level: Literal["priority", "item"] = "priority",
    quotes: bool = False,
    include_discarded: bool = False,
) -> Matrix:
    """Themes × the framework's priorities (``level="priority"``) or every item."""
    if level not in ("priority", "item"):
        raise ValidationError(f"'{level}' is not a matrix level (priority or item).")
    with project.read() as s:
        fw = get_framework(s, framework)
        fw_id, fw_name = fw.id, fw.name
        items = _item_tree(s, fw_id, hidden=True)
        own: dict[int, dict[int, str]] = defaultdict(dict)
        for tid, iid, strength in s.execute(
            select(ThemeItem.theme_id, ThemeItem.item_id, ThemeItem.strength)
            .join(FrameworkItem, FrameworkItem.id == ThemeItem.item_id)
            .where(FrameworkItem.framework_id == fw_id)
        ):
            own[tid][iid] = strength
    cross = {i.id for i in items if i.ref == RESERVED_REF}
    listed = [i for i in items if i.ref != RESERVED_REF and (level == "item" or i.depth == 0)]
    refs = {i.id: i.ref for i in items}
    column_of = {i.id: refs[i.top_id] if level == "priority" else i.ref for i in items}
    columns = [MatrixColumn(i.ref, i.label, i.ref) for i in listed]
    columns += [
        MatrixColumn(NOT_MAPPED, "Not mapped"),
        MatrixColumn(CROSS_CUTTING, "Cross-cutting"),
    ]
    nodes = theme_nodes(project, include_discarded)
    links = _effective_links(nodes, own)
    theme_quotes = _theme_quotes(_code_sets(nodes), key_quotes(project)) if quotes else {}
    cells: dict[tuple[int, str], Cell] = {}
    for n in nodes:
        hits: dict[str, str] = {}
        for iid, strength in links[n.id].items():
            key = CROSS_CUTTING if iid in cross else column_of.get(iid, "")
            if _RANK[strength] > _RANK[hits.get(key, "")]:
                hits[key] = strength
        if not hits:
            hits[NOT_MAPPED] = ""
        for col in columns:
            if col.key in hits:
                cells[(n.id, col.key)] = Cell(
                    n.extracts, n.documents, n.participants, hits[col.key],
                    list(theme_quotes.get(n.id, [])),
                )  # fmt: skip
            else:
                cells[(n.id, col.key)] = Cell()
    what = "priorities" if level == "priority" else "items"
    return Matrix(
        f"Themes × {fw_name} ({what})",
        fw_name,
        level,
        MEASURES if quotes else MEASURES[:4],
        [_row(n) for n in nodes],
        columns,
        cells,
    )


def attribute_values(
    project: Project, attribute: str, scope: str | None
) -> tuple[str, str, list[str], dict[int, str]]:
    """(name, scope, ordered values, owner id → value) of the attribute called ``attribute``."""
    wanted = normalise_name(attribute)
    with project.read() as s:
        found = [
            a
            for a in s.scalars(select(Attribute).order_by(Attribute.scope, Attribute.id))
            if normalise_name(a.name) == wanted and (scope is None or a.scope == scope)
        ]
        if not found and wanted == "kind":  # the built-in placeholder, as in the counts
            kinds = {d: kind_label(k) for d, k in s.execute(select(Document.id, Document.kind))}
            return "Document kind", "document", sorted(set(kinds.values())), kinds
        if not found:
            raise NotFoundError(f"There is no attribute '{attribute}'.")
        attr = next((a for a in found if a.scope == "case"), found[0])
        owner = AttributeValue.case_id if attr.scope == "case" else AttributeValue.document_id
        values: dict[int, str] = {
            o: v
            for o, v in s.execute(
                select(owner, AttributeValue.value).where(AttributeValue.attribute_id == attr.id)
            )
            if v.strip() and o is not None
        }
        options = _options(attr.options)
    ordered = [o for o in options if o in set(values.values())]
    ordered += sorted(set(values.values()) - set(ordered), key=str.casefold)
    return attr.name, attr.scope, ordered, values


def _options(raw: str | None) -> list[str]:
    try:
        parsed: Any = json.loads(raw) if raw else []
    except ValueError:
        return []
    return [str(o) for o in parsed] if isinstance(parsed, list) else []


def theme_attribute_matrix(
    project: Project,
    attribute: str,
    scope: str | None = None,
    quotes: bool = False,
    include_discarded: bool = False,
) -> Matrix:
    """Themes × the values of a case (or document) attribute: each coding counts under the value
    of its speaker's case (or its document); codings without one go under "No value"."""
    name, attr_scope, ordered, values = attribute_values(project, attribute, scope)
    nodes = theme_nodes(project, include_discarded)
    codes = _code_sets(nodes)
    rows = evidence_rows(project, sorted({c for v in codes.values() for c in v}))
    by_code: dict[int, list[tuple[int, int, int | None, bool]]] = defaultdict(list)
    for coding, code, doc, case, facilitator in rows:
        by_code[code].append((coding, doc, case, facilitator))
    all_quotes = _theme_quotes(codes, key_quotes(project)) if quotes else {}
    columns = [MatrixColumn(v, v) for v in ordered]
    cells: dict[tuple[int, str], Cell] = {}
    empty_seen = False
    for n in nodes:
        seen: set[int] = set()
        groups: dict[str, tuple[set[int], set[int], set[int]]] = defaultdict(
            lambda: (set(), set(), set())
        )
        where: dict[int, str] = {}
        for cid in codes[n.id]:
            for coding, doc, case, facilitator in by_code.get(cid, []):
                if coding in seen:
                    continue
                seen.add(coding)
                owner = case if attr_scope == "case" else doc
                key = values.get(owner, NO_VALUE) if owner is not None else NO_VALUE
                where[coding] = key
                ext, docs, people = groups[key]
                ext.add(coding)
                docs.add(doc)
                if case is not None and not facilitator:
                    people.add(case)
        empty_seen = empty_seen or NO_VALUE in groups
        for key, (ext, docs, people) in groups.items():
            qs = [q for q in all_quotes.get(n.id, []) if where.get(q.coding_id) == key]
            cells[(n.id, key)] = Cell(len(ext), len(docs), len(people), "", qs)
    if empty_seen:
        columns.append(MatrixColumn(NO_VALUE, "No value"))
    for n in nodes:
        for col in columns:
            cells.setdefault((n.id, col.key), Cell())
    measures = tuple(m for m in MEASURES if m != "strength")
    return Matrix(
        f"Themes × {name}",
        name,
        "attribute",
        measures if quotes else measures[:3],
        [_row(n) for n in nodes],
        columns,
        cells,
    )


def _value(cell: Cell, measure: str) -> Any:
    if measure == "quotes":
        return "\n\n".join(f"“{q.text}” {q.attribution}".strip() for q in cell.quotes)
    return getattr(cell, measure)


def to_dataframe(matrix: Matrix, measure: str = "extracts") -> pd.DataFrame:
    """One measure as a table: a row per theme (indented by depth), a column per column label
    (prefixed by the item's id); counts are ints, strength and quotes are text."""
    if measure not in matrix.measure_names:
        raise ValidationError(
            f"This matrix has no measure '{measure}' ({', '.join(matrix.measure_names)})."
        )
    headers = [f"{c.ref} {c.label}" if c.ref else c.label for c in matrix.columns]
    data = [
        [_value(matrix.cell(r.theme_id, c.key), measure) for c in matrix.columns]
        for r in matrix.rows
    ]
    index = pd.Index(["    " * r.depth + r.name for r in matrix.rows], name="Theme")
    return pd.DataFrame(data, index=index, columns=headers)
