"""The theme tree with its evidence counted: extracts, documents and distinct participants.

Counts are context, never proof that a theme matters. A theme counts over its own codes and its
sub-themes' codes, each coding once however many of those codes it carries through; a
participant is the (non-facilitator) speaker of the turn or answer where the coding starts,
counted once however often they were coded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, select

from qualcode.storage.models import Case, Code, Coding, Part, Theme, ThemeCode
from qualcode.storage.project import Project


@dataclass(frozen=True)
class CodeCount:
    id: int
    name: str
    extracts: int
    documents: int
    participants: int


@dataclass
class ThemeNode:
    id: int
    name: str
    status: str
    is_miscellaneous: bool
    definition: str
    central_concept: str
    parent_id: int | None
    depth: int
    codes: list[CodeCount] = field(default_factory=list)
    extracts: int = 0
    documents: int = 0
    participants: int = 0
    children: list[ThemeNode] = field(default_factory=list)

    def walk(self) -> list[ThemeNode]:
        """This node and its descendants, depth first."""
        out = [self]
        for child in self.children:
            out += child.walk()
        return out


@dataclass
class _Evidence:
    codings: set[int] = field(default_factory=set)
    documents: set[int] = field(default_factory=set)
    people: set[int] = field(default_factory=set)

    def add(self, other: _Evidence) -> None:
        self.codings |= other.codings
        self.documents |= other.documents
        self.people |= other.people


def _code_evidence(project: Project, code_ids: list[int]) -> dict[int, _Evidence]:
    out: dict[int, _Evidence] = defaultdict(_Evidence)
    if not code_ids:
        return out
    speaker = and_(
        Part.document_id == Coding.document_id,
        Part.start <= Coding.start,
        Part.end > Coding.start,
        Part.case_id.is_not(None),
    )
    with project.read() as s:
        rows = s.execute(
            select(Coding.id, Coding.code_id, Coding.document_id, Case.id, Case.is_facilitator)
            .outerjoin(Part, speaker)
            .outerjoin(Case, Case.id == Part.case_id)
            .where(Coding.code_id.in_(code_ids))
        )
        for coding, code, doc, case, facilitator in rows:
            ev = out[code]
            ev.codings.add(coding)
            ev.documents.add(doc)
            if case is not None and not facilitator:
                ev.people.add(case)
    return out


def theme_tree(project: Project) -> list[ThemeNode]:
    """Top-level themes (in their order) with sub-themes, linked codes and counts."""
    with project.read() as s:
        themes = s.execute(
            select(
                Theme.id,
                Theme.name,
                Theme.status,
                Theme.is_miscellaneous,
                Theme.definition,
                Theme.central_concept,
                Theme.parent_id,
            ).order_by(Theme.position, Theme.id)
        ).all()
        links: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for tid, cid, name in s.execute(
            select(ThemeCode.theme_id, Code.id, Code.name)
            .join(Code, Code.id == ThemeCode.code_id)
            .order_by(Code.position, Code.id)
        ):
            links[tid].append((cid, name))
    evidence = _code_evidence(project, sorted({c for v in links.values() for c, _n in v}))
    nodes = {
        t.id: ThemeNode(t.id, t.name, t.status, bool(t.is_miscellaneous), t.definition,
                        t.central_concept, t.parent_id, 0)
        for t in themes
    }  # fmt: skip
    roots: list[ThemeNode] = []
    for t in themes:
        node = nodes[t.id]
        if t.parent_id in nodes:
            nodes[t.parent_id].children.append(node)
        else:
            roots.append(node)

    def fill(node: ThemeNode, depth: int) -> _Evidence:
        node.depth = depth
        total = _Evidence()
        for cid, name in links.get(node.id, []):
            ev = evidence.get(cid, _Evidence())
            node.codes.append(
                CodeCount(cid, name, len(ev.codings), len(ev.documents), len(ev.people))
            )
            total.add(ev)
        for child in node.children:
            total.add(fill(child, depth + 1))
        node.extracts = len(total.codings)
        node.documents = len(total.documents)
        node.participants = len(total.people)
        return total

    for root in roots:
        fill(root, 0)
    return roots
