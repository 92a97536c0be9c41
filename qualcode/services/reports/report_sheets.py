"""The codebook sheet and the per-theme sheets of a report, as plain rows.

The Excel and Word writers lay these out; they never count. Counts follow the same rule as the
theme tree and the matrices (participants are the non-facilitator speakers where a coding starts),
so a codebook and a matrix exported side by side agree. A code's counts are its own codings (not
its sub-codes'), as in the code tree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from qualcode.services.frameworks.framework_links import theme_links
from qualcode.services.frameworks.matrices import (
    NO_VALUE,
    QuoteCell,
    attribute_values,
    key_quotes,
    theme_nodes,
)
from qualcode.services.themes.theme_counts import evidence_rows
from qualcode.services.themes.themes import theme_details
from qualcode.storage.models import Code, Framework, Theme, ThemeCode
from qualcode.storage.project import Project

NO_VALUE_LABEL = "No value"


@dataclass(frozen=True)
class CodebookRow:
    """``by_value`` maps each value of the chosen attribute (in order, then "No value") to the
    number of the code's extracts under it; empty without ``by_attribute``."""

    code_id: int
    path: str
    depth: int
    definition: str
    inclusion: str
    exclusion: str
    themes: list[str]
    extracts: int
    documents: int
    participants: int
    by_value: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ThemeSheet:
    theme_id: int
    name: str
    depth: int
    status: str
    central_concept: str
    definition: str
    scope: str
    scope_out: str
    narrative: str
    codes: list[str]
    extracts: int
    documents: int
    participants: int
    links: list[str]  # "Wirral Drugs Strategy 2023-2027: P3 (primary)", "…: cross-cutting"
    quotes: list[QuoteCell]


def codebook_rows(project: Project, by_attribute: str | None = None) -> list[CodebookRow]:
    """Every code in tree order with its definition, the themes it informs and its counts."""
    with project.read() as s:
        codes = s.execute(
            select(Code.id, Code.name, Code.parent_id, Code.definition, Code.inclusion,
                   Code.exclusion).order_by(Code.position, Code.id)
        ).all()  # fmt: skip
        informs: dict[int, list[str]] = defaultdict(list)
        for code_id, name in s.execute(
            select(ThemeCode.code_id, Theme.name)
            .join(Theme, Theme.id == ThemeCode.theme_id)
            .order_by(Theme.position, Theme.id)
        ):
            informs[code_id].append(name)
    attr_scope, ordered, values = "", list[str](), dict[int, str]()
    if by_attribute:
        _n, attr_scope, ordered, values = attribute_values(project, by_attribute, None)
    ext: dict[int, set[int]] = defaultdict(set)
    docs: dict[int, set[int]] = defaultdict(set)
    people: dict[int, set[int]] = defaultdict(set)
    split: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for coding, code, doc, case, facilitator in evidence_rows(project, [c.id for c in codes]):
        if coding in ext[code]:
            continue
        ext[code].add(coding)
        docs[code].add(doc)
        if case is not None and not facilitator:
            people[code].add(case)
        if by_attribute:
            owner = case if attr_scope == "case" else doc
            split[code][values.get(owner, NO_VALUE) if owner is not None else NO_VALUE] += 1
    children: dict[int | None, list[tuple[int, str, str, str, str]]] = defaultdict(list)
    for cid, name, parent, definition, inclusion, exclusion in codes:
        children[parent].append((cid, name, definition, inclusion, exclusion))
    out: list[CodebookRow] = []

    def walk(parent: int | None, prefix: str, depth: int) -> None:
        for cid, name, definition, inclusion, exclusion in children.get(parent, []):
            path = f"{prefix} / {name}" if prefix else name
            by_value: dict[str, int] = {}
            if by_attribute:
                by_value = {v: split[cid].get(v, 0) for v in ordered}
                by_value[NO_VALUE_LABEL] = split[cid].get(NO_VALUE, 0)
            out.append(
                CodebookRow(cid, path, depth, definition, inclusion, exclusion,
                            list(informs.get(cid, [])), len(ext[cid]), len(docs[cid]),
                            len(people[cid]), by_value)
            )  # fmt: skip
            walk(cid, path, depth + 1)

    walk(None, "", 0)
    return out


def theme_sheets(project: Project, include_discarded: bool = False) -> list[ThemeSheet]:
    """One sheet per theme (sub-themes after their theme): what it is, its codes, its counts,
    where it sits in each framework, and its key quotes with their attributions."""
    details = theme_details(project)
    quotes = key_quotes(project)
    with project.read() as s:
        frameworks = {i: n for i, n in s.execute(select(Framework.id, Framework.name))}
    links: dict[int, list[str]] = defaultdict(list)
    for link in theme_links(project):
        where = "cross-cutting" if link.cross_cutting else f"{link.ref} ({link.strength})"
        links[link.theme_id].append(f"{frameworks.get(link.framework_id, '')}: {where}")
    out: list[ThemeSheet] = []
    for node in theme_nodes(project, include_discarded):
        d = details[node.id]
        seen: dict[int, QuoteCell] = {}
        for code in (c for n in node.walk() for c in n.codes):
            for q in quotes.get(code.id, []):
                seen.setdefault(q.coding_id, q)
        ordered_quotes = sorted(seen.values(), key=lambda q: (q.document, q.start))
        out.append(
                ThemeSheet(node.id, node.name, node.depth, node.status, d.central_concept,
                           d.definition, d.scope, d.scope_out, d.narrative,
                           [c.name for c in node.codes], node.extracts, node.documents,
                           node.participants, links.get(node.id, []), ordered_quotes)
            )  # fmt: skip
    return out
