"""The theme tree with its evidence counted: extracts, documents and distinct participants.

Counts are context, never proof that a theme matters. A theme counts over its own codes and its
sub-themes' codes, each coding once however many of those codes it carries through; a
participant is the (non-facilitator) speaker of the turn or answer where the coding starts,
counted once however often they were coded.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

from sqlalchemy import func, select

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


_DOC_CHUNK = 900  # up to this many documents, read only their turns
EvidenceRow = tuple[int, int, int, int | None, bool]  # coding, code, document, speaker, facilitator


@dataclass
class _Reading:
    """What one export has read: every coding's evidence row, and the per-code evidence sets."""

    project: Project
    rows: list[EvidenceRow] | None = None
    by_codes: dict[frozenset[int], dict[int, _Evidence]] = field(default_factory=dict)


_reading: ContextVar[_Reading | None] = ContextVar("evidence_reading", default=None)
P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def one_reading(project: Project) -> Iterator[None]:
    """Within the block, the evidence behind counts is read once: a workbook's matrix, theme
    sheets and codebook (or a report's sections) each ask for it, and at 200,000 codings each
    reading costs a second or more. The rows are read for every code at the first request and
    filtered for the next; the block sees the codings as they were at that first read."""
    if _reading.get() is not None:
        yield
        return
    token = _reading.set(_Reading(project))
    try:
        yield
    finally:
        _reading.reset(token)


def reads_once(fn: Callable[P, R]) -> Callable[P, R]:
    """Run an export (whose first argument is the project) inside :func:`one_reading`."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        project = args[0]
        assert isinstance(project, Project)
        with one_reading(project):
            return fn(*args, **kwargs)

    return wrapper


def evidence_rows(
    project: Project, code_ids: list[int], documents: list[int] | None = None
) -> list[EvidenceRow]:
    """Each coding of ``code_ids`` with its document and the case speaking where it starts (the
    one rule for "participant", shared by the theme tree, the matrices and the codebook).

    The speaker is the case of the last turn or answer starting at or before the coding's start
    that still runs past it. Codings and turns are read in two plain scans and matched by
    bisection: a range join in SQL walks every earlier turn of the document per coding, which on
    200,000 codings costs seconds. ``documents`` reads only those documents' codings (a short read,
    for callers that read a big project in slices so a writer never waits long).
    """
    if not code_ids:
        return []
    reading = _reading.get()
    if reading is not None and reading.project is project and documents is None:
        if reading.rows is None:
            with project.read() as s:
                every = list(s.scalars(select(Code.id)))
            reading.rows = _evidence_rows(project, every, None)
        wanted = set(code_ids)
        return [r for r in reading.rows if r[1] in wanted]
    return _evidence_rows(project, code_ids, documents)


def _evidence_rows(
    project: Project, code_ids: list[int], documents: list[int] | None
) -> list[EvidenceRow]:
    if not code_ids:
        return []
    wanted = set(code_ids)
    with project.read() as s:
        conn = s.connection()
        total = conn.execute(select(func.count(Code.id))).scalar() or 0
        stmt = select(Coding.id, Coding.code_id, Coding.document_id, Coding.start)
        if len(wanted) * 2 < total:
            stmt = stmt.where(Coding.code_id.in_(sorted(wanted)))
        if documents is not None:
            stmt = stmt.where(Coding.document_id.in_(documents))
        codings = [r for r in conn.execute(stmt).all() if r[1] in wanted]
        facilitators = set(conn.execute(select(Case.id).where(Case.is_facilitator)).scalars())
        turns = (
            select(Part.document_id, Part.start, Part.end, Part.case_id)
            .where(Part.case_id.is_not(None))
            .order_by(Part.document_id, Part.start)
        )
        docs = sorted({r[2] for r in codings})
        if len(docs) <= _DOC_CHUNK:
            turns = turns.where(Part.document_id.in_(docs))
        parts: dict[int, list[tuple[int, int, int | None, bool]]] = defaultdict(list)
        for doc, start, end, case in conn.execute(turns).all():
            parts[doc].append((start, end, case, case in facilitators))
    starts = {doc: [p[0] for p in plist] for doc, plist in parts.items()}
    out: list[EvidenceRow] = []
    add = out.append
    for coding, code, doc, at in codings:
        plist = parts.get(doc)
        i = bisect_right(starts[doc], at) - 1 if plist else -1
        if i >= 0 and plist is not None and plist[i][1] > at:
            add((coding, code, doc, plist[i][2], plist[i][3]))
        else:
            add((coding, code, doc, None, False))
    return out


def _code_evidence(project: Project, code_ids: list[int]) -> dict[int, _Evidence]:
    reading = _reading.get()
    if reading is not None and reading.project is project:
        key = frozenset(code_ids)
        if key not in reading.by_codes:
            reading.by_codes[key] = _gather_evidence(project, code_ids)
        return reading.by_codes[key]  # read-only for callers: they add it into fresh totals
    return _gather_evidence(project, code_ids)


def _gather_evidence(project: Project, code_ids: list[int]) -> dict[int, _Evidence]:
    out: dict[int, _Evidence] = defaultdict(_Evidence)
    for coding, code, doc, case, facilitator in evidence_rows(project, code_ids):
        ev = out[code]
        ev.codings.add(coding)
        ev.documents.add(doc)
        if case is not None and not facilitator:
            ev.people.add(case)
    return out


def theme_tree(project: Project, counts: bool = True) -> list[ThemeNode]:
    """Top-level themes (in their order) with sub-themes, linked codes and counts.

    ``counts=False`` leaves every count at zero and returns at once: the structure for a window
    to show while the counts (seconds at 200,000 codings) are computed in the background."""
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
    linked = sorted({c for v in links.values() for c, _n in v})
    evidence = _code_evidence(project, linked) if counts else {}
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
