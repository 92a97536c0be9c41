"""Memos on the project, a document, a code, a theme, a case or a coding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.domain.values import MemoKind
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import Delete, Reversal, Update, apply_steps
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import Case, Code, Coder, Coding, Document, Memo, Theme, utcnow
from qualcode.storage.project import Project

_TARGETS: dict[str, Any] = {
    "document": Document,
    "code": Code,
    "theme": Theme,
    "case": Case,
    "coding": Coding,
}


@operation
def add_memo(
    project: Project,
    text: str,
    *,
    kind: MemoKind | str = MemoKind.ANALYTIC,
    title: str = "",
    target: str | None = None,
    target_id: int | None = None,
) -> Change:
    """Attach a memo to ``target`` (document, code, theme, case, coding) or to the project."""
    kind = MemoKind(kind)
    if (target is None) != (target_id is None):
        raise ValidationError("Give both the target kind and its id, or neither.")
    if not text.strip() and not title.strip():
        raise ValidationError("A memo needs a title or some text.")
    with project.session() as s:
        fields: dict[str, Any] = {}
        row: Any = None
        if target is not None:
            model = _TARGETS.get(target)
            if model is None:
                raise ValidationError(f"Memos cannot be attached to '{target}'.")
            row = s.get(model, target_id)
            if row is None:
                raise NotFoundError(f"There is no {target} with id {target_id}.")
            fields[f"{target}_id"] = target_id
        memo = Memo(
            kind=kind.value, title=title.strip(), text=text, coder_id=project.coder_id, **fields
        )
        s.add(memo)
        s.flush()
        where = f" on {_describe(s, target, row)}" if target else ""
        summary = f"Added {kind.value} memo{where}"
        log_change(s, project.coder_id, "create", "memo", summary, memo.guid)
        return Change(
            "create",
            "memo",
            memo.id,
            summary,
            Reversal("add memo", (Delete("memo", ({"id": memo.id},)),)),
        )


@operation
def edit_memo(project: Project, memo_id: int, text: str, title: str | None = None) -> Change:
    with project.session() as s:
        if s.scalar(select(Memo.id).where(Memo.id == memo_id)) is None:
            raise NotFoundError(f"There is no memo with id {memo_id}.")
        values: dict[str, Any] = {"text": text, "updated_at": utcnow()}
        if title is not None:
            values["title"] = title.strip()
        inverse = apply_steps(s, [Update("memo", {"id": memo_id}, values)])
        return Change("update", "memo", memo_id, "Edited memo", Reversal("edit memo", inverse))


@operation
def delete_memo(project: Project, memo_id: int) -> Change:
    with project.session() as s:
        guid = s.scalar(select(Memo.guid).where(Memo.id == memo_id))
        if guid is None:
            raise NotFoundError(f"There is no memo with id {memo_id}.")
        inverse = apply_steps(s, [Delete("memo", ({"id": memo_id},))])
        log_change(s, project.coder_id, "delete", "memo", "Deleted memo", guid)
        return Change("delete", "memo", memo_id, "Deleted memo", Reversal("delete memo", inverse))


def _describe(s: Any, target: str, row: Any) -> str:
    """How the change log and the status bar name a memo's target: by its name, never its id
    ("code 'Waiting'", "a coding of 'Waiting' in 'Interview 3'")."""
    if isinstance(row, Coding):
        code = s.scalar(select(Code.name).where(Code.id == row.code_id))
        doc = s.scalar(select(Document.name).where(Document.id == row.document_id))
        return f"a coding of '{code}' in '{doc}'"
    return f"{target} '{row.name}'"


@dataclass(frozen=True)
class MemoRow:
    id: int
    kind: str
    title: str
    text: str
    author: str | None
    updated_at: str


def list_memos(
    project: Project, target: str | None = None, target_id: int | None = None
) -> list[MemoRow]:
    """Memos on one target, or (with no target) the project's own memos."""
    with project.read() as s:
        stmt = select(Memo.id, Memo.kind, Memo.title, Memo.text, Coder.name, Memo.updated_at)
        stmt = stmt.outerjoin(Coder, Coder.id == Memo.coder_id)
        if target is None:
            for name in _TARGETS:
                stmt = stmt.where(getattr(Memo, f"{name}_id").is_(None))
        else:
            if target not in _TARGETS:
                raise ValidationError(f"Memos cannot be attached to '{target}'.")
            stmt = stmt.where(getattr(Memo, f"{target}_id") == target_id)
        rows = s.execute(stmt.order_by(Memo.created_at, Memo.id)).all()
    return [MemoRow(i, k, t, x, a, str(u)) for i, k, t, x, a, u in rows]
