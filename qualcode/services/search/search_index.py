"""Keeping the full-text index in step with the documents.

The index is derived data: passages (turns, answers, paragraphs) with their words and lemmas,
plus each lemma's word forms. Documents are indexed in batches, each batch one transaction, so a
cancelled or killed indexing run keeps every finished batch and the next search carries on.
Progress is reported and cancellation checked per document, not per batch: with a trained model
one batch can take tens of seconds, and a researcher waiting on the first search must see it move
and be able to stop it (a cancel mid-batch writes the documents already analysed, then stops). A
document counts as indexed when a ``search_document`` row with its guid and the current
pipeline's tag exists; deleting a document cascades its rows away, and an index built by
another pipeline (a trained model installed since) is rebuilt whole.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from qualcode.analysis.pipeline import Pipeline, analyse, get_pipeline, pipeline_tag
from qualcode.analysis.units import Unit, units_for
from qualcode.domain.errors import Cancelled
from qualcode.domain.team_errors import ConflictError
from qualcode.storage import fulltext
from qualcode.storage.dialects import insert_or_skip
from qualcode.storage.models import Document, Part, SearchDocument, SearchForm, SearchUnit, utcnow
from qualcode.storage.project import Project

# (documents done, documents to do, name of the document just indexed or "" before the first)
Progress = Callable[[int, int, str], None]
# each document's passages, their lemma lines, and the (lemma, form) pairs seen
Analysed = tuple[dict[int, list[Unit]], dict[int, list[str]], set[tuple[str, str]]]
Parts = dict[int, list[tuple[int, int, int]]]  # each document's parts: (start, end, part id)
# analyses a batch (texts, parts, pipeline tag, cancel) elsewhere: in another process
Analyser = Callable[[dict[int, str], Parts, str, Callable[[], bool] | None], Analysed]
BATCH_CHARACTERS = 2_000_000
BACKGROUND_BATCH_CHARACTERS = 30_000  # short writes (a document or so): a coding never waits long
CANCELLED = "Indexing was cancelled; the documents indexed so far are kept."
_REBUILD_SHARE = 0.25  # rebuild when a quarter of the index rows belong to deleted documents


@dataclass(frozen=True)
class IndexStatus:
    documents: int
    indexed: int
    pipeline: str

    @property
    def stale(self) -> int:
        return self.documents - self.indexed


def stale_documents(s: Session, tag: str) -> list[tuple[int, str, int]]:
    """(id, guid, characters) of documents not indexed by this pipeline, in project order.

    Index rows cascade away with their document, so equal counts mean nothing is missing (the
    quick answer before every search)."""
    documents = s.scalar(select(func.count(Document.id))) or 0
    indexed = s.scalar(select(func.count()).where(SearchDocument.pipeline == tag)) or 0
    if documents == indexed:
        return []
    rows = s.execute(
        select(Document.id, Document.guid, Document.char_count, SearchDocument.guid)
        .outerjoin(
            SearchDocument,
            (SearchDocument.document_id == Document.id) & (SearchDocument.pipeline == tag),
        )
        .order_by(Document.position, Document.id)
    ).all()
    return [(i, g, n) for i, g, n, indexed in rows if indexed != g]


def index_status(project: Project) -> IndexStatus:
    tag = pipeline_tag()
    with project.read() as s:
        total = s.scalar(select(func.count(Document.id))) or 0
        stale = len(stale_documents(s, tag))
    return IndexStatus(total, total - stale, tag)


def _needs_rebuild(s: Session, tag: str) -> bool:
    conn = s.connection()
    other = s.scalar(select(func.count()).where(SearchDocument.pipeline != tag)) or 0
    rows = fulltext.row_count(conn)
    units = s.scalar(select(func.count(SearchUnit.id))) or 0
    return other > 0 or (rows > 1000 and rows - units > _REBUILD_SHARE * rows)


def _rebuild(s: Session) -> None:
    conn = s.connection()
    fulltext.drop(conn)
    s.execute(delete(SearchUnit))
    s.execute(delete(SearchDocument))
    s.execute(delete(SearchForm))
    fulltext.ensure(conn)


def forget_index(s: Session) -> None:
    """Drop every passage, word form and full-text row: after text was pseudonymised, redacted
    or withdrawn, the index must not keep the old words (it is rebuilt on the next search)."""
    _rebuild(s)


def _batches(stale: list[tuple[int, str, int]], limit: int) -> list[list[tuple[int, str, int]]]:
    out: list[list[tuple[int, str, int]]] = [[]]
    size = 0
    for row in stale:
        if out[-1] and size + row[2] > limit:
            out.append([])
            size = 0
        out[-1].append(row)
        size += row[2]
    return [b for b in out if b]


def analyse_documents(
    texts: dict[int, str], parts: dict[int, list[tuple[int, int, int]]], pipeline: Pipeline
) -> Analysed:
    """Passages of each document, the lemma line of each passage, and (lemma, form) pairs."""
    units = {doc: units_for(text, parts.get(doc, [])) for doc, text in texts.items()}
    order = [(doc, u) for doc, ulist in units.items() for u in ulist]
    lemma_lines: dict[int, list[str]] = defaultdict(list)
    forms: set[tuple[str, str]] = set()
    passages = (texts[doc][u.start : u.end] for doc, u in order)
    for (doc, _u), tokens in zip(order, analyse(passages, pipeline), strict=True):
        lemma_lines[doc].append(" ".join(t.lemma for t in tokens))
        for t in tokens:
            form = t.text.lower()
            if form != t.lemma and len(form) <= 200 and len(t.lemma) <= 200:
                forms.add((t.lemma, form))
    return units, lemma_lines, forms


def _read_batch(
    project: Project, ids: list[int]
) -> tuple[dict[int, str], dict[int, list[tuple[int, int, int]]], dict[int, str]]:
    """The texts, parts (start, end, part id) and names of the documents ``ids``."""
    with project.read() as s:
        texts: dict[int, str] = {}
        names: dict[int, str] = {}
        for doc, name, text in s.execute(
            select(Document.id, Document.name, Document.text).where(Document.id.in_(ids))
        ):
            texts[doc], names[doc] = text, name
        parts: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for doc, start, end, pid in s.execute(
            select(Part.document_id, Part.start, Part.end, Part.id).where(Part.document_id.in_(ids))
        ):
            parts[doc].append((start, end, pid))
    return texts, parts, names


def _write_batch(
    project: Project,
    batch: list[tuple[int, str, int]],
    texts: dict[int, str],
    analysed: Analysed,
    tag: str,
) -> None:
    units, lemma_lines, forms = analysed
    with project.session() as s:
        conn = s.connection()
        fulltext.ensure(conn)
        # the batch was read and analysed outside this transaction: keep the documents that are
        # still there with the same guid (one deleted meanwhile is simply not indexed)
        wanted = {doc: guid for doc, guid, _n in batch if doc in texts}
        current = set(
            s.execute(select(Document.id, Document.guid).where(Document.id.in_(sorted(wanted))))
        )
        batch = [row for row in batch if (row[0], row[1]) in current]
        ids = [doc for doc, _g, _n in batch]
        # a document whose guid changed under the same id: forget its old passages
        s.execute(delete(SearchUnit).where(SearchUnit.document_id.in_(ids)))
        s.execute(delete(SearchDocument).where(SearchDocument.document_id.in_(ids)))
        rows: list[dict[str, int | None]] = [
            {"document_id": doc, "part_id": u.part_id, "start": u.start, "end": u.end}
            for doc in ids
            for u in units[doc]
        ]
        highest = max(fulltext.max_row_id(conn), s.scalar(select(func.max(SearchUnit.id))) or 0)
        new_ids = fulltext.allocate_ids(conn, len(rows), highest)
        for row, new_id in zip(rows, new_ids, strict=True):
            row["id"] = new_id
        if rows:
            s.execute(insert(SearchUnit), rows)
        words = (texts[doc][u.start : u.end] for doc in ids for u in units[doc])
        lemmas = (line for doc in ids for line in lemma_lines[doc])
        fulltext.add(conn, zip(new_ids, words, lemmas, strict=True))
        if forms:
            s.execute(
                insert_or_skip(s, SearchForm),
                [{"lemma": lemma, "form": form} for lemma, form in sorted(forms)],
            )
        now = utcnow()
        if batch:
            s.execute(
                insert(SearchDocument),
                [
                    {"document_id": d, "guid": g, "pipeline": tag, "indexed_at": now}
                    for d, g, _n in batch
                ],
            )


def _merge(into: Analysed, more: Analysed) -> None:
    into[0].update(more[0])
    into[1].update(more[1])
    into[2].update(more[2])


_one_indexer = threading.Lock()  # the window's background indexer and a search's own refresh


def refresh_index(
    project: Project,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    batch_characters: int | None = None,
    analyser: Analyser | None = None,
) -> IndexStatus:
    """Index every document the index lacks.

    ``progress(done, total, name)`` is called once before the first document (``done`` 0) and
    after each document; ``cancel`` is checked before each document. On cancel the documents
    analysed so far are written (whole, in one transaction) and :class:`Cancelled` is raised.
    One indexing runs at a time in a process: a second waits for the first (which a cancel
    stops after its current document), then indexes what is still missing.

    ``analyser``: analyses each batch elsewhere (the window's background indexing hands it to a
    child process); progress and cancellation then go batch by batch."""
    with _one_indexer:
        try:
            return _refresh_index(
                project, progress, cancel, batch_characters or BATCH_CHARACTERS, analyser
            )
        except ConflictError:
            # on a team server someone else indexed the same documents at the same moment:
            # what either wrote is whole (one transaction per batch); searches read the rest
            return index_status(project)


def _refresh_index(
    project: Project,
    progress: Progress | None,
    cancel: Callable[[], bool] | None,
    batch_characters: int,
    analyser: Analyser | None,
) -> IndexStatus:
    tag = pipeline_tag()
    with project.read() as s:  # the usual case before a search: nothing to do, no write lock
        if fulltext.exists(s.connection()) and not stale_documents(s, tag):
            documents = s.scalar(select(func.count(Document.id))) or 0
            return IndexStatus(documents, documents, tag)
    pipeline = get_pipeline() if analyser is None else None
    with project.session() as s:
        if not fulltext.exists(s.connection()) or _needs_rebuild(s, tag):
            _rebuild(s)
        stale = stale_documents(s, tag)
    done, total = 0, len(stale)
    if progress is not None and total:
        progress(0, total, "")
    for batch in _batches(stale, batch_characters):
        texts, parts, names = _read_batch(project, [d for d, _g, _n in batch])
        if analyser is not None:
            if cancel is not None and cancel():
                raise Cancelled(CANCELLED)
            analysed = analyser(texts, {d: parts[d] for d in texts}, tag, cancel)
            if cancel is not None and cancel():  # also: wait until the researcher pauses
                raise Cancelled(CANCELLED)
            _write_batch(project, batch, texts, analysed, tag)
            done += len(batch)
            if progress is not None:
                progress(done, total, names.get(batch[-1][0], ""))
            continue
        assert pipeline is not None
        analysed = ({}, {}, set())
        finished: list[tuple[int, str, int]] = []
        for row in batch:
            if cancel is not None and cancel():
                if finished:
                    _write_batch(project, finished, texts, analysed, tag)
                raise Cancelled(CANCELLED)
            doc = row[0]
            if doc in texts:  # not deleted since the batch was listed
                _merge(analysed, analyse_documents({doc: texts[doc]}, {doc: parts[doc]}, pipeline))
            finished.append(row)
            done += 1
            if progress is not None:
                progress(done, total, names.get(doc, ""))
        _write_batch(project, batch, texts, analysed, tag)
    return index_status(project)  # documents may have come or gone meanwhile
