"""What the window shows about one document before it acts on it: what a delete takes with it,
and the document's attribute values.

A delete confirmation must say what goes ("Its 42 codings, 3 memos and 5 quotes go with it"), and
the count must be the very rows :func:`~qualcode.services.documents.documents.delete_document`
removes, so the memo count here uses the same rule (memos on the document or on one of its
codings). The attribute editor needs every document attribute (set or not) with its type and
options, so that it can offer the right editor for each. Both are reads (one short read
transaction each), cheap enough for the GUI thread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from qualcode.domain.errors import NotFoundError
from qualcode.storage.models import Attribute, AttributeValue, Coding, Document, Memo, Quote
from qualcode.storage.project import Project


@dataclass(frozen=True)
class DocumentFootprint:
    """One document and the rows that hang off it (what deleting it removes)."""

    id: int
    name: str
    codings: int
    memos: int
    quotes: int


@dataclass(frozen=True)
class DocumentAttribute:
    """A document attribute with this document's value ("" when unset)."""

    id: int
    name: str
    type: str  # an AttributeType value: text, number, date, boolean, category
    options: tuple[str, ...]
    value: str
    used: tuple[str, ...] = ()  # values other documents have (choices for an open category)


def document_footprint(project: Project, doc_id: int) -> DocumentFootprint:
    """The document's name and how many codings, memos and quotes go with it on delete."""
    with project.read() as s:
        name = s.scalar(select(Document.name).where(Document.id == doc_id))
        if name is None:
            raise NotFoundError(f"There is no document with id {doc_id}.")
        coding_ids = select(Coding.id).where(Coding.document_id == doc_id)
        codings = s.scalar(select(func.count()).where(Coding.document_id == doc_id)) or 0
        memos = (
            s.scalar(
                select(func.count()).where(
                    or_(Memo.document_id == doc_id, Memo.coding_id.in_(coding_ids))
                )
            )
            or 0
        )
        quotes = s.scalar(select(func.count()).where(Quote.document_id == doc_id)) or 0
    return DocumentFootprint(doc_id, name, codings, memos, quotes)


def document_attributes(project: Project, doc_id: int) -> list[DocumentAttribute]:
    """Every document-scope attribute in the project's order, with this document's value."""
    with project.read() as s:
        if s.scalar(select(Document.id).where(Document.id == doc_id)) is None:
            raise NotFoundError(f"There is no document with id {doc_id}.")
        values: dict[int, str] = {
            attr: value
            for attr, value in s.execute(
                select(AttributeValue.attribute_id, AttributeValue.value).where(
                    AttributeValue.document_id == doc_id
                )
            )
        }
        used: dict[int, list[str]] = {}
        for attr, value in s.execute(
            select(AttributeValue.attribute_id, AttributeValue.value)
            .join(Attribute, Attribute.id == AttributeValue.attribute_id)
            .where(Attribute.scope == "document", Attribute.type == "category")
            .distinct()
            .order_by(AttributeValue.value)
        ):
            used.setdefault(attr, []).append(value)
        rows = s.execute(
            select(Attribute.id, Attribute.name, Attribute.type, Attribute.options)
            .where(Attribute.scope == "document")
            .order_by(Attribute.position, Attribute.id)
        ).all()
    out = []
    for attr_id, name, kind, options in rows:
        listed = json.loads(options) if options else []
        out.append(
            DocumentAttribute(
                attr_id,
                name,
                kind,
                tuple(str(o) for o in listed) if isinstance(listed, list) else (),
                values.get(attr_id, ""),
                tuple(used.get(attr_id, ())),
            )
        )
    return out
