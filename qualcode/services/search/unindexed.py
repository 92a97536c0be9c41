"""Documents the index does not hold yet, read directly: a fresh import, a read-only project.

They are read a few at a time, in document order, as the search reaches them, so a search that
stops at its first thousand hits reads no further. A search by words or lemmas first looks for
its pattern in a document's whole text, once, and skips the document when it is not there: for
a word in no document that is the difference between half a second and two on 10 million words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import regex
from sqlalchemy import select
from sqlalchemy.orm import Session

from qualcode.analysis.query import Compiled
from qualcode.analysis.units import units_for
from qualcode.services.search.passages import TIMEOUT, Passage, PassageFilter
from qualcode.storage.models import Document, Part


def read_unindexed(
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


Loaded = tuple[dict[int, list[tuple[int, int, int]]], dict[int, tuple[int | None, int | None]]]
CHUNK = 50  # unindexed documents read at a time: a search stopped by its limit reads no more


def direct_passages(
    s: Session,
    order: list[int],
    positions: dict[int, int],
    flt: PassageFilter,
    texts: dict[int, str],
    loaded: Loaded,
    compiled: Compiled,
    bounded: bool,
) -> Iterator[tuple[int, Passage]]:
    """Passages of unindexed documents (``order``: in document order), read a few documents
    at a time as the search reaches them; ``texts`` collects what was read, ``loaded`` holds
    parts already read. ``bounded``: a search by words or lemmas, whose documents are skipped
    whole when the words are not in them."""
    parts, info = loaded
    for i in range(0, len(order), CHUNK):
        chunk = order[i : i + CHUNK]
        missing = [doc for doc in chunk if doc not in texts]
        if missing:
            more_texts, more_parts, more_info = read_unindexed(s, missing)
            texts.update(more_texts)
            parts.update(more_parts)
            info.update(more_info)
        for doc in chunk:
            text = texts.get(doc, "")
            if bounded and not may_match(compiled, text, parts.get(doc, [])):
                continue
            for u in units_for(text, parts.get(doc, [])):
                p = Passage(
                    doc, u.start, u.end, u.part_id, *info.get(u.part_id or -1, (None, None))
                )
                if flt.keep(p):
                    yield positions[doc], p


TWO_WORD_CHARACTERS = regex.compile(r"\w\w")


def may_match(compiled: Compiled, text: str, parts: list[tuple[int, int, int]]) -> bool:
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
        0 < i < len(text) and TWO_WORD_CHARACTERS.match(text, i - 1) is not None
        for start, end, _pid in parts
        for i in (start, end)
    )


def documents_to_read(s: Session, flt: PassageFilter, stale: list[int]) -> dict[int, int]:
    """Unindexed documents the restrictions allow, with their positions."""
    if not stale:
        return {}
    stmt = select(Document.id, Document.position).where(Document.id.in_(stale))
    return {doc: position for doc, position in s.execute(flt.documents(stmt))}
