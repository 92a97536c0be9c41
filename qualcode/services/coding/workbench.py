"""What the coding workbench reads: a document with its turns and codings, in one round trip.

Plain dataclasses, so the reader widget never sees the database. Kept lean: opening a
500,000-character transcript with 3,000 codings must stay well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualcode.domain.errors import NotFoundError
from qualcode.storage.models import Case, Coding, Document, Part
from qualcode.storage.project import Project


@dataclass(frozen=True)
class PartView:
    id: int
    start: int
    end: int
    kind: str
    speaker: str | None
    is_facilitator: bool
    time_ms: int | None


@dataclass(frozen=True)
class CodingView:
    id: int
    code_id: int
    start: int
    end: int
    coder_id: int | None = None  # who made it: the reader can hide a coder's layer


@dataclass(frozen=True)
class DocumentView:
    id: int
    name: str
    kind: str
    text: str
    parts: list[PartView]
    codings: list[CodingView]


def document_view(project: Project, doc_id: int) -> DocumentView:
    with project.read() as s:
        row = s.execute(
            select(Document.name, Document.kind, Document.text).where(Document.id == doc_id)
        ).first()
        if row is None:
            raise NotFoundError(f"There is no document with id {doc_id}.")
        parts = [
            PartView(i, a, b, k, name, bool(fac), t)
            for i, a, b, k, name, fac, t in s.execute(
                select(
                    Part.id,
                    Part.start,
                    Part.end,
                    Part.kind,
                    Case.name,
                    Case.is_facilitator,
                    Part.time_ms,
                )
                .outerjoin(Case, Case.id == Part.case_id)
                .where(Part.document_id == doc_id)
                .order_by(Part.start)
            )
        ]
        codings = _codings(s, doc_id)
    return DocumentView(doc_id, row[0], row[1], row[2], parts, codings)


def document_codings(project: Project, doc_id: int) -> list[CodingView]:
    """Just the codings (after a coding action: no need to reload the text)."""
    with project.read() as s:
        return _codings(s, doc_id)


def _codings(s: Session, doc_id: int) -> list[CodingView]:
    return [
        CodingView(i, c, a, b, who)
        for i, c, a, b, who in s.execute(
            select(Coding.id, Coding.code_id, Coding.start, Coding.end, Coding.coder_id)
            .where(Coding.document_id == doc_id)
            .order_by(Coding.start, Coding.id)
        )
    ]
