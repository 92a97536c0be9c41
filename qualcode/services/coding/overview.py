"""What a window needs to show a project: the document list and the codebook with counts.

One grouped query each, so opening a 200,000-coding project stays well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from qualcode.domain.errors import NotFoundError
from qualcode.storage.models import Attribute, AttributeValue, Code, Coding, Document, Part
from qualcode.storage.project import Project


@dataclass(frozen=True)
class DocumentRow:
    id: int
    name: str
    kind: str
    words: int
    codings: int
    coverage: float = 0.0  # share of the text inside at least one coding, 0-1
    length: int = 0


@dataclass(frozen=True)
class CodeRow:
    id: int
    name: str
    parent_id: int | None
    colour: str
    definition: str
    codings: int
    documents: int


def document_rows(project: Project, only: set[int] | None = None) -> list[DocumentRow]:
    """Documents with their coding count and coverage (the union of coded spans).

    ``only`` limits the work to some documents: after coding in one document, the list
    recomputes that row instead of sweeping every coding in the project.
    """
    with project.read() as s:
        counts: dict[int, int] = {}
        covered: dict[int, int] = {}
        current, reach = -1, 0
        spans = select(Coding.document_id, Coding.start, Coding.end)
        docs = select(
            Document.id, Document.name, Document.kind, Document.word_count, Document.char_count
        )
        if only is not None:
            spans = spans.where(Coding.document_id.in_(sorted(only)))
            docs = docs.where(Document.id.in_(sorted(only)))
        for doc, start, end in s.execute(spans.order_by(Coding.document_id, Coding.start)):
            counts[doc] = counts.get(doc, 0) + 1
            if doc != current:
                current, reach = doc, 0
            if end > reach:
                covered[doc] = covered.get(doc, 0) + end - max(start, reach)
                reach = end
        rows = s.execute(docs.order_by(Document.position, Document.id))
        return [
            DocumentRow(i, n, k, w, counts.get(i, 0), covered.get(i, 0) / max(length, 1), length)
            for i, n, k, w, length in rows
        ]


def code_rows(project: Project, only: set[int] | None = None) -> list[CodeRow]:
    """Codes with their counts (parents before children is not guaranteed; use ``parent_id``).

    ``only`` recounts just those codes (after coding with one of them).
    """
    with project.read() as s:
        counting = select(
            Coding.code_id, func.count(), func.count(func.distinct(Coding.document_id))
        ).group_by(Coding.code_id)
        codes = select(Code.id, Code.name, Code.parent_id, Code.colour, Code.definition)
        if only is not None:
            counting = counting.where(Coding.code_id.in_(sorted(only)))
            codes = codes.where(Code.id.in_(sorted(only)))
        stats = {cid: (n, d) for cid, n, d in s.execute(counting)}
        rows = s.execute(codes.order_by(Code.position, Code.id))
        return [CodeRow(i, n, p, c, d, *stats.get(i, (0, 0))) for i, n, p, c, d in rows]


def document_text(project: Project, doc_id: int) -> str:
    with project.read() as s:
        text = s.scalar(select(Document.text).where(Document.id == doc_id))
    if text is None:
        raise NotFoundError(f"There is no document with id {doc_id}.")
    return text


def documents_with_attribute(project: Project, name: str, value: str) -> set[int]:
    """Documents that have the attribute value, or in which a case with it speaks."""
    with project.read() as s:
        attr_ids = select(Attribute.id).where(Attribute.name == name)
        direct = s.scalars(
            select(AttributeValue.document_id).where(
                AttributeValue.attribute_id.in_(attr_ids),
                AttributeValue.value == value,
                AttributeValue.document_id.is_not(None),
            )
        )
        cases = select(AttributeValue.case_id).where(
            AttributeValue.attribute_id.in_(attr_ids),
            AttributeValue.value == value,
            AttributeValue.case_id.is_not(None),
        )
        spoken = s.scalars(select(Part.document_id).distinct().where(Part.case_id.in_(cases)))
        return {d for d in direct if d is not None} | set(spoken)
