"""Theme counts kept current while the researcher codes, without ever holding the project long.

Counting a theme's evidence reads every coding of every linked code: seconds at 200,000 codings,
and while a read runs, SQLite's rollback journal makes a writer's commit wait for it. So the
window keeps what it counted, per code, and after a coding re-reads only the codes that changed
(a few milliseconds); the first count reads the project in slices of documents, each its own short
read, so a coding made meanwhile waits for one slice at most.

The counts follow :func:`~qualcode.services.themes.theme_counts.theme_tree` exactly: a theme
counts over its own codes and its sub-themes' codes, each code once; a coding has one code, so a
theme's extracts are the sum over those distinct codes; documents and participants are unions
(participants: the non-facilitator speaker where a coding starts, by ``evidence_rows``' rule).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select

from qualcode.services.themes.theme_counts import EvidenceRow, evidence_rows
from qualcode.storage.models import Coding, Theme, ThemeCode
from qualcode.storage.project import Project

Counts = tuple[int, int, int]  # extracts, documents, participants
SLICE = 60  # documents per read when counting everything (about 6,000 codings at the bench's scale)


@dataclass(frozen=True)
class CodeEvidence:
    codings: int
    documents: frozenset[int]
    people: frozenset[int]


_NONE = CodeEvidence(0, frozenset(), frozenset())


@dataclass(frozen=True)
class ThemeShape:
    """Which theme sits under which, and which codes each links."""

    parents: Mapping[int, int | None]
    codes: Mapping[int, tuple[int, ...]]

    @property
    def linked(self) -> frozenset[int]:
        return frozenset(c for codes in self.codes.values() for c in codes)


@dataclass(frozen=True)
class EvidenceCache:
    shape: ThemeShape
    by_code: Mapping[int, CodeEvidence]

    def counts(self) -> dict[int, Counts]:
        """Every theme's (extracts, documents, participants)."""
        children: dict[int | None, list[int]] = defaultdict(list)
        for theme, parent in self.shape.parents.items():
            children[parent if parent in self.shape.parents else None].append(theme)
        out: dict[int, Counts] = {}
        for theme in self.shape.parents:
            codes: set[int] = set()
            seen, stack = set(), [theme]
            while stack:  # the theme and its descendants (a parent cycle ends)
                current = stack.pop()
                if current not in seen:
                    seen.add(current)
                    codes.update(self.shape.codes.get(current, ()))
                    stack.extend(children.get(current, ()))
            evidence = [self.by_code.get(c, _NONE) for c in codes]
            documents = frozenset().union(*(e.documents for e in evidence))
            people = frozenset().union(*(e.people for e in evidence))
            out[theme] = (sum(e.codings for e in evidence), len(documents), len(people))
        return out

    def updated(self, project: Project, codes: Iterable[int]) -> EvidenceCache:
        """A cache with ``codes`` re-read (those linked to a theme; the others count nowhere)."""
        wanted = sorted(set(codes) & self.shape.linked)
        if not wanted:
            return self
        fresh = _gather([evidence_rows(project, wanted)])
        by_code = dict(self.by_code)
        for code in wanted:
            by_code[code] = fresh.get(code, _NONE)
        return EvidenceCache(self.shape, by_code)


def theme_shape(project: Project) -> ThemeShape:
    with project.read() as s:
        parents = {tid: pid for tid, pid in s.execute(select(Theme.id, Theme.parent_id))}
        codes: dict[int, list[int]] = defaultdict(list)
        for tid, cid in s.execute(select(ThemeCode.theme_id, ThemeCode.code_id)):
            codes[tid].append(cid)
    return ThemeShape(parents, {t: tuple(c) for t, c in codes.items()})


def build_cache(
    project: Project, cancelled: Callable[[], bool] = lambda: False, slice_size: int = SLICE
) -> EvidenceCache | None:
    """Count everything, ``slice_size`` documents per read; None when ``cancelled``."""
    shape = theme_shape(project)
    linked = sorted(shape.linked)
    if not linked:
        return EvidenceCache(shape, {})
    with project.read() as s:
        documents = sorted(set(s.scalars(select(Coding.document_id).distinct())))
    slices = []
    for at in range(0, len(documents), slice_size):
        if cancelled():
            return None
        slices.append(evidence_rows(project, linked, documents[at : at + slice_size]))
    return EvidenceCache(shape, _gather(slices))


def _gather(slices: Iterable[list[EvidenceRow]]) -> dict[int, CodeEvidence]:
    codings: dict[int, int] = defaultdict(int)
    documents: dict[int, set[int]] = defaultdict(set)
    people: dict[int, set[int]] = defaultdict(set)
    for rows in slices:
        for _coding, code, doc, case, facilitator in rows:
            codings[code] += 1
            documents[code].add(doc)
            if case is not None and not facilitator:
                people[code].add(case)
    return {
        code: CodeEvidence(n, frozenset(documents[code]), frozenset(people[code]))
        for code, n in codings.items()
    }
