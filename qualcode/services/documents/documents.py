"""Documents: add from text, rename, delete (with everything that hangs off them)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from qualcode.domain.errors import NotFoundError
from qualcode.domain.values import DocumentKind, clean_name
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import Delete, Reversal, Step, Update, apply_steps, keys_of
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import (
    AttributeValue,
    Coding,
    Document,
    Memo,
    Part,
    Quote,
)
from qualcode.storage.project import Project


def normalise_text(text: str) -> str:
    """Stored text uses ``\\n`` line endings only; offsets are code points into it."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def word_count(text: str) -> int:
    return len(text.split())


@operation
def add_document(
    project: Project,
    name: str,
    text: str,
    kind: DocumentKind | str = DocumentKind.OTHER,
    original_name: str | None = None,
    provenance: dict[str, Any] | None = None,
) -> Change:
    """Add a document from plain text (line endings normalised)."""
    name = clean_name(name, "document name")
    body = normalise_text(text)
    kind = DocumentKind(kind)
    with project.session() as s:
        position = (s.scalar(select(func.max(Document.position))) or 0) + 1
        doc = Document(
            name=name,
            kind=kind.value,
            text=body,
            content_hash=content_hash(body),
            word_count=word_count(body),
            char_count=len(body),
            original_name=original_name,
            provenance=json.dumps(provenance) if provenance else None,
            coder_id=project.coder_id,
            position=position,
        )
        s.add(doc)
        s.flush()
        log_change(s, project.coder_id, "create", "document", f"Added document '{name}'", doc.guid)
        reversal = Reversal(f"add document '{name}'", (Delete("document", ({"id": doc.id},)),))
        return Change("create", "document", doc.id, f"Added '{name}'", reversal)


def _get(s: Session, doc_id: int) -> Document:
    doc = s.get(Document, doc_id)
    if doc is None:
        raise NotFoundError(f"There is no document with id {doc_id}.")
    return doc


@operation
def rename_document(project: Project, doc_id: int, name: str) -> Change:
    name = clean_name(name, "document name")
    with project.session() as s:
        doc = _get(s, doc_id)
        old = doc.name
        inverse = apply_steps(s, [Update("document", {"id": doc_id}, {"name": name})])
        log_change(
            s, project.coder_id, "rename", "document", f"Renamed '{old}' to '{name}'", doc.guid
        )
        return Change(
            "rename",
            "document",
            doc_id,
            f"Renamed '{old}' to '{name}'",
            Reversal(f"rename '{old}'", inverse),
        )


def deletion_steps(s: Session, doc_id: int) -> list[Step]:
    """The steps that delete a document with everything that points into it (memos on it or
    on its codings, quotes, codings, parts, attribute values); shared by withdrawal."""
    coding_ids = select(Coding.id).where(Coding.document_id == doc_id)
    return [
        Delete(
            "memo",
            keys_of(s, "memo", or_(Memo.document_id == doc_id, Memo.coding_id.in_(coding_ids))),
        ),
        Delete("quote", keys_of(s, "quote", Quote.document_id == doc_id)),
        Delete("coding", keys_of(s, "coding", Coding.document_id == doc_id)),
        Delete("part", keys_of(s, "part", Part.document_id == doc_id)),
        Delete(
            "attribute_value",
            keys_of(s, "attribute_value", AttributeValue.document_id == doc_id),
        ),
        Delete("document", ({"id": doc_id},)),
    ]


@operation
def delete_document(project: Project, doc_id: int) -> Change:
    """Delete a document with its parts, codings, quotes, values and memos (all restorable)."""
    with project.session() as s:
        doc = _get(s, doc_id)
        steps = deletion_steps(s, doc_id)
        name, guid = doc.name, doc.guid
        s.expunge(doc)
        inverse = apply_steps(s, steps)
        log_change(s, project.coder_id, "delete", "document", f"Deleted document '{name}'", guid)
        return Change(
            "delete",
            "document",
            doc_id,
            f"Deleted '{name}'",
            Reversal(f"delete document '{name}'", inverse),
        )
