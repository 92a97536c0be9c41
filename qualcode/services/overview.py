"""What a window needs to show a project: the document list and the codebook with counts.

One grouped query each, so opening a 200,000-coding project stays well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from qualcode.domain.errors import NotFoundError
from qualcode.storage.models import Code, Coding, Document
from qualcode.storage.project import Project


@dataclass(frozen=True)
class DocumentRow:
    id: int
    name: str
    kind: str
    words: int
    codings: int


@dataclass(frozen=True)
class CodeRow:
    id: int
    name: str
    parent_id: int | None
    colour: str
    definition: str
    codings: int
    documents: int


def document_rows(project: Project) -> list[DocumentRow]:
    with project.session() as s:
        counts = dict(
            s.execute(select(Coding.document_id, func.count()).group_by(Coding.document_id)).all()
        )
        rows = s.execute(
            select(Document.id, Document.name, Document.kind, Document.word_count).order_by(
                Document.position, Document.id
            )
        )
        return [DocumentRow(i, n, k, w, counts.get(i, 0)) for i, n, k, w in rows]


def code_rows(project: Project) -> list[CodeRow]:
    """Every code (parents before children is not guaranteed; use ``parent_id``)."""
    with project.session() as s:
        stats = {
            cid: (n, d)
            for cid, n, d in s.execute(
                select(
                    Coding.code_id, func.count(), func.count(func.distinct(Coding.document_id))
                ).group_by(Coding.code_id)
            )
        }
        rows = s.execute(
            select(Code.id, Code.name, Code.parent_id, Code.colour, Code.definition).order_by(
                Code.position, Code.id
            )
        )
        return [CodeRow(i, n, p, c, d, *stats.get(i, (0, 0))) for i, n, p, c, d in rows]


def document_text(project: Project, doc_id: int) -> str:
    with project.session() as s:
        text = s.scalar(select(Document.text).where(Document.id == doc_id))
    if text is None:
        raise NotFoundError(f"There is no document with id {doc_id}.")
    return text
