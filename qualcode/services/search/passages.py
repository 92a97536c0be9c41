"""The passages a search reads from the index, and the restrictions that narrow them.

A passage is a turn, an answer or a paragraph, with the speaker's case and the question it
answers. Restrictions (document kind, speaker, question, a case attribute, facilitators left out)
are applied in SQL to indexed passages, and by :meth:`PassageFilter.keep` to those of documents
read directly (``unindexed``), so both give the same answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVarTuple

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from qualcode.analysis.query import Compiled
from qualcode.domain.errors import NotFoundError
from qualcode.services.reports.attribution import normalise_name
from qualcode.storage import fulltext
from qualcode.storage.models import Attribute, AttributeValue, Case, Document, Part, SearchUnit

if TYPE_CHECKING:
    from qualcode.services.search.search import SearchQuery

_Ts = TypeVarTuple("_Ts")
TIMEOUT = 20.0  # seconds a user's pattern may spend on one passage


@dataclass(frozen=True)
class Passage:
    document_id: int
    start: int
    end: int
    part_id: int | None
    case_id: int | None
    question_id: int | None


def attribute_owners(s: Session, name: str, value: str) -> tuple[set[int] | None, set[int]]:
    """(case ids, document ids) whose attribute ``name`` (any case, spacing or punctuation:
    "Age band" = "age_band") has ``value``; no case ids (None) for a document-only attribute
    (a site), which holds for every passage of its documents, spoken or not."""
    wanted = normalise_name(name)
    found = [
        (i, scope)
        for i, n, scope in s.execute(select(Attribute.id, Attribute.name, Attribute.scope))
        if normalise_name(n) == wanted
    ]
    ids = [i for i, _scope in found]
    if not ids:
        raise NotFoundError(f"There is no attribute '{name}' to restrict the search by.")
    cases: set[int] = set()
    docs: set[int] = set()
    for case_id, doc_id in s.execute(
        select(AttributeValue.case_id, AttributeValue.document_id).where(
            AttributeValue.attribute_id.in_(ids), AttributeValue.value == value
        )
    ):
        if case_id is not None:
            cases.add(case_id)
        if doc_id is not None:
            docs.add(doc_id)
    return (cases if any(scope == "case" for _i, scope in found) else None), docs


class PassageFilter:
    """The restrictions of a query, applied to passages (in SQL and to unindexed documents)."""

    def __init__(self, s: Session, q: SearchQuery) -> None:
        self.q = q
        self.facilitators: set[int] = (
            set()
            if q.include_facilitators
            else set(s.scalars(select(Case.id).where(Case.is_facilitator)))
        )
        self.owners = attribute_owners(s, *q.attribute) if q.attribute else None

    @property
    def unrestricted(self) -> bool:
        q = self.q
        return not (
            q.kinds
            or q.document_ids
            or q.speaker_ids
            or q.question_ids
            or self.facilitators
            or self.owners is not None
        )

    def documents(self, stmt: Select[*_Ts]) -> Select[*_Ts]:
        if self.q.kinds:
            stmt = stmt.where(Document.kind.in_(sorted(self.q.kinds)))
        if self.q.document_ids:
            stmt = stmt.where(Document.id.in_(sorted(self.q.document_ids)))
        return stmt

    def keep(self, p: Passage) -> bool:
        q = self.q
        if q.speaker_ids and p.case_id not in q.speaker_ids:
            return False
        if q.question_ids and p.question_id not in q.question_ids:
            return False
        if p.case_id is not None and p.case_id in self.facilitators:
            return False
        if self.owners is not None:
            cases, docs = self.owners
            if p.case_id is not None and cases is not None:
                return p.case_id in cases
            return p.document_id in docs
        return True


def indexed_statement(compiled: Compiled, flt: PassageFilter, in_id_order: bool) -> Select[Any]:
    """Indexed passages matching the filter and the restrictions, in document order, each with
    its document's position first. ``in_id_order``: the passage ids follow document order
    (``index_order``), so no sort is needed and the first rows come back at once."""
    columns: tuple[Any, ...] = (
        Document.position,
        SearchUnit.document_id,
        SearchUnit.start,
        SearchUnit.end,
        SearchUnit.part_id,
        Part.case_id,
        Part.question_id,
    )
    stmt: Select[Any] = select(*columns)
    first: Any = SearchUnit.id
    if compiled.fts is not None:
        match = fulltext.match_subquery(compiled.fts)
        stmt = stmt.select_from(match).join(SearchUnit, SearchUnit.id == match.c.id)
        first = match.c.id  # the full-text index's own order: no sort
    stmt = stmt.join(Document, Document.id == SearchUnit.document_id)
    if in_id_order:
        stmt = stmt.order_by(first)
    else:
        stmt = stmt.order_by(Document.position, Document.id, SearchUnit.start, SearchUnit.id)
    stmt = flt.documents(stmt.outerjoin(Part, Part.id == SearchUnit.part_id))
    if flt.q.speaker_ids:
        stmt = stmt.where(Part.case_id.in_(sorted(flt.q.speaker_ids)))
    if flt.q.question_ids:
        stmt = stmt.where(Part.question_id.in_(sorted(flt.q.question_ids)))
    if flt.facilitators:
        stmt = stmt.where(
            or_(Part.case_id.is_(None), Part.case_id.not_in(sorted(flt.facilitators)))
        )
    if flt.owners is not None:
        cases, docs = flt.owners
        by_document = SearchUnit.document_id.in_(sorted(docs))
        stmt = stmt.where(
            by_document
            if cases is None
            else or_(Part.case_id.in_(sorted(cases)), and_(Part.case_id.is_(None), by_document))
        )
    return stmt


def indexed_passages(
    s: Session, compiled: Compiled, flt: PassageFilter, stale: set[int], in_id_order: bool
) -> Iterator[tuple[int, Passage]]:
    """(document position, passage), streamed: a search showing the first 1,000 hits reads
    only as far as it needs. The restrictions are applied in SQL."""
    if compiled.fts is not None:
        fulltext.check(s.connection(), compiled.fts)
    statement = indexed_statement(compiled, flt, in_id_order).execution_options(yield_per=256)
    for position, *row in s.connection().execute(statement):
        p = Passage(*row)
        if p.document_id not in stale:
            yield position, p


def count_passages(s: Session, compiled: Compiled, flt: PassageFilter, exact_index: bool) -> int:
    """Passages holding the terms as the index sees them (for a search cut short by its limit).
    ``exact_index``: the full-text index holds no rows of deleted documents, so without
    restrictions its own count is the answer."""
    if exact_index and compiled.fts is not None and flt.unrestricted:
        return fulltext.count_matches(s.connection(), compiled.fts)
    stmt = indexed_statement(compiled, flt, False).order_by(None)
    return s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
