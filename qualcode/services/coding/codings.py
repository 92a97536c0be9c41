"""Codings: apply a code to a span of a document, remove it. Hot path: keep it lean."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from qualcode.domain.errors import NotFoundError
from qualcode.domain.values import check_span
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import Delete, Reversal, Step, Update, apply_steps, keys_of
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import Code, Coding, Document, Memo, Quote, new_guid, utcnow
from qualcode.storage.project import Project


@dataclass(frozen=True)
class Span:
    document_id: int
    start: int
    end: int


@operation
def add_coding(project: Project, document_id: int, code_id: int, start: int, end: int) -> Change:
    """Code ``[start, end)`` of a document (code-point offsets)."""
    return add_codings(project, code_id, [Span(document_id, start, end)], label="code span")


@operation
def add_codings(
    project: Project, code_id: int, spans: Iterable[Span], label: str = "code spans"
) -> Change:
    """Apply one code to many spans in one transaction (bulk actions are one undo step)."""
    spans = list(spans)
    with project.session() as s:
        code_name = s.scalar(select(Code.name).where(Code.id == code_id))
        if code_name is None:
            raise NotFoundError(f"There is no code with id {code_id}.")
        doc_ids = sorted({sp.document_id for sp in spans})
        lengths: dict[int, int] = dict(
            s.execute(
                select(Document.id, func.length(Document.text)).where(Document.id.in_(doc_ids))
            ).all()
        )
        for sp in spans:
            if sp.document_id not in lengths:
                raise NotFoundError(f"There is no document with id {sp.document_id}.")
            check_span(sp.start, sp.end, lengths[sp.document_id], f"document {sp.document_id}")
        now = utcnow()
        objs = [
            Coding(
                guid=new_guid(),
                document_id=sp.document_id,
                code_id=code_id,
                start=sp.start,
                end=sp.end,
                coder_id=project.coder_id,
                created_at=now,
            )
            for sp in spans
        ]
        s.add_all(objs)
        s.flush()
        keys = tuple({"id": c.id} for c in reversed(objs))
        if len(spans) > 1:
            log_change(
                s,
                project.coder_id,
                "autocode",
                "code",
                f"Coded {len(spans)} spans with '{code_name}'",
            )
        first = objs[0].id if objs else None
        return Change(
            "create",
            "coding",
            first,
            f"Coded with '{code_name}'",
            Reversal(f"{label} with '{code_name}'", (Delete("coding", keys),)),
        )


@operation
def remove_coding(project: Project, coding_id: int) -> Change:
    with project.session() as s:
        name = s.scalar(
            select(Code.name).join(Coding, Coding.code_id == Code.id).where(Coding.id == coding_id)
        )
        if name is None:
            raise NotFoundError(f"There is no coding with id {coding_id}.")
        quotes = keys_of(s, "quote", Quote.coding_id == coding_id)
        steps: list[Step] = [
            *[Update("quote", k, {"coding_id": None}) for k in quotes],
            Delete("memo", keys_of(s, "memo", Memo.coding_id == coding_id)),
            Delete("coding", ({"id": coding_id},)),
        ]
        inverse = apply_steps(s, steps)
        return Change(
            "delete",
            "coding",
            coding_id,
            f"Removed a '{name}' coding",
            Reversal(f"remove '{name}' coding", inverse),
        )
