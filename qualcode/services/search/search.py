"""Search across the project: words, phrases, lemmas, wildcards and regular expressions.

The index (``search_index``) narrows the passages to read; the matcher (``analysis.query``) finds
the exact offsets in each passage's text, so what is shown is what the text contains. Passages are
turns, answers and paragraphs, which is what restrictions act on: document kind, speaker,
question, a case attribute (the speaker's case, else the document's), facilitators left out.
Documents the index does not hold yet (a read-only project, an import moments ago) are read
directly, so a search is never silently incomplete.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from heapq import merge
from typing import Any, TypeVarTuple

import regex
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from qualcode.analysis.pipeline import get_pipeline, pipeline_tag, table_forms
from qualcode.analysis.query import Compiled, Mode, compile_query
from qualcode.analysis.units import units_for
from qualcode.domain.errors import Cancelled, NotFoundError, ValidationError
from qualcode.services.reports.attribution import normalise_name, place_labels
from qualcode.services.search.index_order import index_order
from qualcode.services.search.search_index import analyse_documents, refresh_index, stale_documents
from qualcode.storage import fulltext
from qualcode.storage.models import (
    Attribute,
    AttributeValue,
    Case,
    Document,
    Part,
    Question,
    SearchForm,
    SearchUnit,
)
from qualcode.storage.project import Project

_Ts = TypeVarTuple("_Ts")
CONTEXT = 70
_SPACES = re.compile(r"\s+")
TIMEOUT = 20.0  # seconds a user's pattern may spend on one passage


@dataclass(frozen=True)
class SearchQuery:
    text: str
    mode: Mode = "words"
    kinds: frozenset[str] = frozenset()
    speaker_ids: frozenset[int] = frozenset()
    question_ids: frozenset[int] = frozenset()
    attribute: tuple[str, str] | None = None
    include_facilitators: bool = True
    document_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Hit:
    document_id: int
    document_name: str
    document_kind: str
    start: int
    end: int
    unit_start: int
    unit_end: int
    part_id: int | None
    case_id: int | None
    speaker: str | None
    question: str | None
    before: str
    text: str
    after: str
    attribution: str


@dataclass(frozen=True)
class SearchResult:
    query: SearchQuery
    hits: list[Hit]
    passages: int  # passages with a hit (when truncated: passages the index says hold the terms)
    truncated: bool
    terms: list[str]
    seconds: float
    documents: int = 0  # documents with a hit among those read


@dataclass(frozen=True)
class _Passage:
    document_id: int
    start: int
    end: int
    part_id: int | None
    case_id: int | None
    question_id: int | None


def _attribute_owners(s: Session, name: str, value: str) -> tuple[set[int] | None, set[int]]:
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


class _Filter:
    """The restrictions of a query, applied to passages (in SQL and to unindexed documents)."""

    def __init__(self, s: Session, q: SearchQuery) -> None:
        self.q = q
        self.facilitators: set[int] = (
            set()
            if q.include_facilitators
            else set(s.scalars(select(Case.id).where(Case.is_facilitator)))
        )
        self.owners = _attribute_owners(s, *q.attribute) if q.attribute else None

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

    def keep(self, p: _Passage) -> bool:
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


def _indexed_statement(compiled: Compiled, flt: _Filter, in_id_order: bool) -> Select[Any]:
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


def _indexed_passages(
    s: Session, compiled: Compiled, flt: _Filter, stale: set[int], in_id_order: bool
) -> Iterator[tuple[int, _Passage]]:
    """(document position, passage), streamed: a search showing the first 1,000 hits reads
    only as far as it needs. The restrictions are applied in SQL."""
    if compiled.fts is not None:
        fulltext.check(s.connection(), compiled.fts)
    statement = _indexed_statement(compiled, flt, in_id_order).execution_options(yield_per=256)
    for position, *row in s.connection().execute(statement):
        p = _Passage(*row)
        if p.document_id not in stale:
            yield position, p


def _count_passages(s: Session, compiled: Compiled, flt: _Filter, exact_index: bool) -> int:
    """Passages holding the terms as the index sees them (for a search cut short by its limit).
    ``exact_index``: the full-text index holds no rows of deleted documents, so without
    restrictions its own count is the answer."""
    if exact_index and compiled.fts is not None and flt.unrestricted:
        return fulltext.count_matches(s.connection(), compiled.fts)
    stmt = _indexed_statement(compiled, flt, False).order_by(None)
    return s.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def _unindexed(
    s: Session, doc_ids: list[int]
) -> tuple[
    dict[int, str], dict[int, list[tuple[int, int, int]]], dict[int, tuple[int | None, int | None]]
]:
    texts = dict(
        s.execute(select(Document.id, Document.text).where(Document.id.in_(doc_ids))).all()
    )
    parts: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    info: dict[int, tuple[int | None, int | None]] = {}
    for doc, start, end, pid, case, question in s.execute(
        select(
            Part.document_id, Part.start, Part.end, Part.id, Part.case_id, Part.question_id
        ).where(Part.document_id.in_(doc_ids))
    ):
        parts[doc].append((start, end, pid))
        info[pid] = (case, question)
    return texts, parts, info


_Loaded = tuple[dict[int, list[tuple[int, int, int]]], dict[int, tuple[int | None, int | None]]]
_CHUNK = 50  # unindexed documents read at a time: a search stopped by its limit reads no more


def _direct_passages(
    s: Session,
    order: list[int],
    positions: dict[int, int],
    flt: _Filter,
    texts: dict[int, str],
    loaded: _Loaded,
    compiled: Compiled,
    bounded: bool,
) -> Iterator[tuple[int, _Passage]]:
    """Passages of unindexed documents (``order``: in document order), read a few documents
    at a time as the search reaches them; ``texts`` collects what was read, ``loaded`` holds
    parts already read. ``bounded``: a search by words or lemmas, whose documents are skipped
    whole when the words are not in them."""
    parts, info = loaded
    for i in range(0, len(order), _CHUNK):
        chunk = order[i : i + _CHUNK]
        missing = [doc for doc in chunk if doc not in texts]
        if missing:
            more_texts, more_parts, more_info = _unindexed(s, missing)
            texts.update(more_texts)
            parts.update(more_parts)
            info.update(more_info)
        for doc in chunk:
            text = texts.get(doc, "")
            if bounded and not _may_match(compiled, text, parts.get(doc, [])):
                continue
            for u in units_for(text, parts.get(doc, [])):
                p = _Passage(
                    doc, u.start, u.end, u.part_id, *info.get(u.part_id or -1, (None, None))
                )
                if flt.keep(p):
                    yield positions[doc], p


_TWO_WORD_CHARACTERS = regex.compile(r"\w\w")


def _may_match(compiled: Compiled, text: str, parts: list[tuple[int, int, int]]) -> bool:
    """Whether a search by words or lemmas can find something in any passage of ``text``.

    Searching the whole text once is exact, and much cheaper than passage by passage, for the
    patterns words and lemmas compile to: their look-behind sees the text before a passage, and
    only their look-ahead ends at the passage's end. So the answers differ only where a passage
    ends inside a word (a part starting or ending mid-word); such a document is read in full."""
    try:
        if compiled.pattern.search(text, timeout=TIMEOUT) is not None:
            return True
    except TimeoutError:
        return True  # passage by passage, where a pattern too slow is reported
    return any(
        0 < i < len(text) and _TWO_WORD_CHARACTERS.match(text, i - 1) is not None
        for start, end, _pid in parts
        for i in (start, end)
    )


def _context(text: str, left: bool, cut: bool) -> str:
    """Context beside a match, whitespace collapsed; the space touching the match is kept (so a
    match inside a word reads as one word) and a word cut by the window edge is dropped."""
    out = _SPACES.sub(" ", text)
    if left:
        if cut and " " in out.strip():
            out = out.lstrip().split(" ", 1)[1] if not out.startswith(" ") else out
        return out.lstrip()
    if cut and " " in out.strip():
        out = out.rsplit(" ", 1)[0] if not out.endswith(" ") else out
    return out.rstrip()


def _documents_to_read(s: Session, flt: _Filter, stale: list[int]) -> dict[int, int]:
    """Unindexed documents the restrictions allow, with their positions."""
    if not stale:
        return {}
    stmt = select(Document.id, Document.position).where(Document.id.in_(stale))
    return {doc: position for doc, position in s.execute(flt.documents(stmt))}


def _passage_order(item: tuple[int, _Passage]) -> tuple[int, int, int]:
    position, p = item
    return position, p.document_id, p.start


RawHit = tuple[int, int, int, _Passage]
_TEXT_CHUNK = 64  # passages read ahead, so their documents' texts come in one query


def _with_texts(
    s: Session, passages: Iterable[_Passage], texts: dict[int, str]
) -> Iterator[_Passage]:
    """``passages`` as they come, with each one's document text put in ``texts`` first: read a
    few dozen passages ahead, so hundreds of documents with a hit cost a few queries, not one
    each."""
    ahead: list[_Passage] = []

    def fetch() -> None:
        missing = sorted({p.document_id for p in ahead} - texts.keys())
        if missing:
            found = s.execute(select(Document.id, Document.text).where(Document.id.in_(missing)))
            texts.update({doc: text or "" for doc, text in found})

    for p in passages:
        ahead.append(p)
        if len(ahead) >= _TEXT_CHUNK:
            fetch()
            yield from ahead
            ahead = []
    fetch()
    yield from ahead


def _locate(
    s: Session,
    compiled: Compiled,
    passages: Iterable[_Passage],
    texts: dict[int, str],
    limit: int | None,
    progress: Callable[[int, int], None] | None,
    cancel: Callable[[], bool] | None,
    documents: int,
) -> tuple[list[RawHit], int, bool]:
    """Hits in passage order, passages with a hit, and whether ``limit`` cut the list short.
    ``documents``: how many documents may be read, for progress."""
    hits: list[RawHit] = []
    matched = 0
    current, text, done = -1, "", 0
    seen: set[tuple[int, int]] = set()
    for p in _with_texts(s, passages, texts):
        if p.document_id != current:
            if cancel is not None and cancel():
                raise Cancelled("The search was cancelled.")
            if progress is not None and done:
                progress(done, max(documents, done))
            done += 1
            current = p.document_id
            seen = set()
            text = texts.get(current, "")  # a document deleted meanwhile has no text
        found = False
        try:
            for m in compiled.pattern.finditer(text, p.start, p.end, timeout=TIMEOUT):
                a, b = m.span()
                if a == b:
                    continue
                found = True
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                hits.append((current, a, b, p))
                if limit is not None and len(hits) > limit:
                    return hits[:limit], matched + 1, True
        except TimeoutError:
            raise ValidationError(
                f"The pattern '{compiled.terms[0]}' took more than {TIMEOUT:.0f} s on one "
                "passage; simplify it (nested repeats such as (a+)+ are the usual cause)."
            ) from None
        matched += found
    if progress is not None:
        progress(documents, documents)
    return hits, matched, False


def lemma_search_needs_index() -> bool:
    """Whether a lemma search must have every text analysed first: with a trained pipeline
    (lemmas depend on context), not with the lookup table's (a word's forms are in the table)."""
    return get_pipeline().lookup is None


def search(
    project: Project,
    query: SearchQuery,
    *,
    limit: int | None = 1000,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    refresh: bool = True,
) -> SearchResult:
    """Every place the query matches (the first ``limit``), in document order.

    A writable project's index is brought up to date first (``refresh``); a read-only one is
    searched as it is, reading unindexed documents directly.
    """
    began = time.perf_counter()
    if refresh and not project.readonly:
        refresh_index(project, cancel=cancel)
    tag = pipeline_tag()
    with project.read() as s:
        flt = _Filter(s, query)
        indexed = fulltext.exists(s.connection())
        stale = [d for d, _g, _n in stale_documents(s, tag)] if indexed else []
        if not indexed:
            stale = list(s.scalars(select(Document.id)))
        positions = _documents_to_read(s, flt, stale)
        direct = sorted(positions, key=lambda d: (positions[d], d))
        texts: dict[int, str] = {}
        loaded: _Loaded = ({}, {})
        extra: dict[str, set[str]] = defaultdict(set)
        by_table = direct and query.mode == "lemma" and get_pipeline().lookup is not None
        if direct and query.mode == "lemma" and not by_table:
            # a trained pipeline's lemmas depend on context: analyse the unindexed texts
            texts, direct_parts, direct_info = _unindexed(s, direct)
            loaded = (direct_parts, direct_info)
            for lemma, form in analyse_documents(texts, loaded[0], get_pipeline())[2]:
                extra[lemma].add(form)

        def forms_of(lemma: str) -> Iterable[str]:
            stored = set(s.scalars(select(SearchForm.form).where(SearchForm.lemma == lemma)))
            if by_table:  # unindexed documents: every form the lookup table gives the lemma
                stored |= table_forms(lemma) or set()
            return stored | extra.get(lemma, set())

        compiled = compile_query(query.text, query.mode, forms_of)
        direct_passages = _direct_passages(
            s, direct, positions, flt, texts, loaded, compiled, query.mode != "regex"
        )
        order = index_order(project, s) if indexed else None
        in_id_order = order is not None and order.in_id_order
        indexed_passages = (
            _indexed_passages(s, compiled, flt, set(stale), in_id_order) if indexed else iter(())
        )
        total = s.scalar(select(func.count(Document.id))) or 0
        in_order = merge(indexed_passages, direct_passages, key=_passage_order)
        raw, matched, truncated = _locate(
            s,
            compiled,
            (p for _position, p in in_order),
            texts,
            limit,
            progress,
            cancel,
            total,
        )
        passages = matched
        if truncated and compiled.fts is not None and indexed and not direct:
            exact = order is not None and not order.orphans
            passages = _count_passages(s, compiled, flt, exact)  # exact for words
        hit_docs = sorted({d for d, _a, _b, _p in raw})
        meta = {
            i: (n, k)
            for i, n, k in s.execute(
                select(Document.id, Document.name, Document.kind).where(Document.id.in_(hit_docs))
            )
        }
        cases = sorted({p.case_id for _d, _a, _b, p in raw if p.case_id is not None})
        names = dict(s.execute(select(Case.id, Case.name).where(Case.id.in_(cases))).all())
        qids = sorted({p.question_id for _d, _a, _b, p in raw if p.question_id is not None})
        labels = dict(
            s.execute(select(Question.id, Question.label).where(Question.id.in_(qids))).all()
        )
    attribution = place_labels(project, {(d, p.case_id) for d, _a, _b, p in raw})
    hits = []
    for doc, a, b, p in raw:
        text = texts[doc]
        name, kind = meta[doc]
        hits.append(
            Hit(
                doc,
                name,
                kind,
                a,
                b,
                p.start,
                p.end,
                p.part_id,
                p.case_id,
                names.get(p.case_id) if p.case_id is not None else None,
                labels.get(p.question_id) if p.question_id is not None else None,
                _context(text[max(p.start, a - CONTEXT) : a], True, a - CONTEXT > p.start),
                _SPACES.sub(" ", text[a:b]),
                _context(text[b : min(p.end, b + CONTEXT)], False, b + CONTEXT < p.end),
                attribution.get((doc, p.case_id), ""),
            )
        )
    return SearchResult(
        query,
        hits,
        passages,
        truncated,
        compiled.terms,
        time.perf_counter() - began,
        len(hit_docs),
    )
