"""Search across the project: words, phrases, lemmas, wildcards and regular expressions.

The index (``search_index``) narrows the passages to read; the matcher (``analysis.query``) finds
the exact offsets in each passage's text, so what is shown is what the text contains. Passages are
turns, answers and paragraphs, which is what restrictions act on: document kind, speaker,
question, a case attribute (the speaker's case, else the document's), facilitators left out.
Documents the index does not hold yet (a read-only project, an import moments ago) are read
directly (``unindexed``), so a search is never silently incomplete and never waits for the index.
The passages and restrictions are in ``passages``; ``index_order`` says when the index's own order
is document order, so the first hits come back without a sort.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from heapq import merge
from typing import TypeVarTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualcode.analysis.pipeline import get_pipeline, pipeline_tag, table_forms
from qualcode.analysis.query import Compiled, Mode, compile_query
from qualcode.domain.errors import Cancelled, ValidationError
from qualcode.services.reports.attribution import place_labels
from qualcode.services.search.index_order import index_order
from qualcode.services.search.passages import (
    TIMEOUT,
    Passage,
    PassageFilter,
    count_passages,
    indexed_passages,
)
from qualcode.services.search.search_index import analyse_documents, refresh_index, stale_documents
from qualcode.services.search.unindexed import (
    Loaded,
    direct_passages,
    documents_to_read,
    read_unindexed,
)
from qualcode.storage import fulltext
from qualcode.storage.models import (
    Case,
    Document,
    Question,
    SearchForm,
)
from qualcode.storage.project import Project

_Ts = TypeVarTuple("_Ts")
CONTEXT = 70
_SPACES = re.compile(r"\s+")


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


def _passage_order(item: tuple[int, Passage]) -> tuple[int, int, int]:
    position, p = item
    return position, p.document_id, p.start


RawHit = tuple[int, int, int, Passage]
_TEXT_CHUNK = 64  # passages read ahead, so their documents' texts come in one query


def _with_texts(
    s: Session, passages: Iterable[Passage], texts: dict[int, str]
) -> Iterator[Passage]:
    """``passages`` as they come, with each one's document text put in ``texts`` first: read a
    few dozen passages ahead, so hundreds of documents with a hit cost a few queries, not one
    each."""
    ahead: list[Passage] = []

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
    passages: Iterable[Passage],
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
        flt = PassageFilter(s, query)
        indexed = fulltext.exists(s.connection())
        stale = [d for d, _g, _n in stale_documents(s, tag)] if indexed else []
        if not indexed:
            stale = list(s.scalars(select(Document.id)))
        positions = documents_to_read(s, flt, stale)
        direct = sorted(positions, key=lambda d: (positions[d], d))
        texts: dict[int, str] = {}
        loaded: Loaded = ({}, {})
        extra: dict[str, set[str]] = defaultdict(set)
        by_table = direct and query.mode == "lemma" and get_pipeline().lookup is not None
        if direct and query.mode == "lemma" and not by_table:
            # a trained pipeline's lemmas depend on context: analyse the unindexed texts
            texts, direct_parts, direct_info = read_unindexed(s, direct)
            loaded = (direct_parts, direct_info)
            for lemma, form in analyse_documents(texts, loaded[0], get_pipeline())[2]:
                extra[lemma].add(form)

        def forms_of(lemma: str) -> Iterable[str]:
            stored = set(s.scalars(select(SearchForm.form).where(SearchForm.lemma == lemma)))
            if by_table:  # unindexed documents: every form the lookup table gives the lemma
                stored |= table_forms(lemma) or set()
            return stored | extra.get(lemma, set())

        compiled = compile_query(query.text, query.mode, forms_of)
        from_texts = direct_passages(
            s, direct, positions, flt, texts, loaded, compiled, query.mode != "regex"
        )
        order = index_order(project, s) if indexed else None
        in_id_order = order is not None and order.in_id_order
        from_index = (
            indexed_passages(s, compiled, flt, set(stale), in_id_order) if indexed else iter(())
        )
        total = s.scalar(select(func.count(Document.id))) or 0
        in_order = merge(from_index, from_texts, key=_passage_order)
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
            passages = count_passages(s, compiled, flt, exact)  # exact for words
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
