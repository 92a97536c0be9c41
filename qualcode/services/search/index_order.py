"""Whether the index's passage ids follow document order, so hits can be read in id order.

A search shows the first hits in document order. Sorting every passage that holds a common word
(tens of thousands in a large project) by document position before the first row comes back costs
more than the rest of the search together. But the index gives passages ascending ids as it
writes them, document after document in project order, so in a freshly built index the id order
*is* the document order, and SQLite's full-text index hands out matches in id order: the first
thousand come back in a few milliseconds, without a sort.

That holds until documents are moved, or one is indexed again after later ones (its text
changed, its deletion undone). So the order is checked (the id range of each document's passages
against the documents' order, about 40 ms on 2,000 documents) whenever the index or the order of
documents has changed, and remembered for the project until they change again; when it does not
hold, the search sorts as before. SQLite only: a team server has no rowid order to rely on.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualcode.storage import fulltext
from qualcode.storage.models import Document, SearchDocument, SearchUnit
from qualcode.storage.project import Project

Token = tuple[object, ...]


@dataclass(frozen=True)
class IndexOrder:
    token: Token
    in_id_order: bool  # passage ids ascend in document order (position, id), then start
    positions: dict[int, int]  # document id -> position
    orphans: bool  # the full-text index holds rows of deleted or re-indexed documents


_known: weakref.WeakKeyDictionary[Project, IndexOrder] = weakref.WeakKeyDictionary()


def index_order(project: Project, s: Session) -> IndexOrder | None:
    """The order of the index as it stands (``None`` on a team server), cached per project."""
    if project.is_server:
        return None
    conn = s.connection()
    by_position = select(Document.id, Document.position).order_by(Document.position, Document.id)
    order = list(s.execute(by_position))
    highest = s.scalar(select(func.max(SearchUnit.id))) or 0
    indexed, last = s.execute(
        select(func.count(SearchDocument.document_id), func.max(SearchDocument.indexed_at))
    ).one()
    rows = fulltext.row_count(conn)
    token: Token = (highest, indexed, last, rows, tuple(d for d, _p in order))
    known = _known.get(project)
    if known is not None and known.token == token:
        return known
    ranges = {
        doc: (low, high, n)
        for doc, low, high, n in s.execute(
            select(
                SearchUnit.document_id,
                func.min(SearchUnit.id),
                func.max(SearchUnit.id),
                func.count(SearchUnit.id),
            ).group_by(SearchUnit.document_id)
        )
    }
    ascending, previous = True, 0
    for doc, _position in order:
        if doc in ranges:
            low, high, _n = ranges[doc]
            if low <= previous:
                ascending = False
                break
            previous = high
    units = sum(n for _low, _high, n in ranges.values())
    found = IndexOrder(token, ascending, dict(order), rows != units)
    _known[project] = found
    return found
