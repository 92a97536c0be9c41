"""Change one document's text and move everything that points into it: the shared step of
pseudonymisation, redaction and withdrawal.

The text is replaced by :func:`qualcode.domain.replacements.apply_edits`; parts, codings and
quotes are moved by its remap, so each keeps its words. A span left empty (its words were all
removed, as when a withdrawn participant's turn is cut) is deleted, with the memos on a deleted
coding: nothing may point at text that is no longer there. The result is a list of undo steps.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualcode.domain.replacements import Edit, apply_edits
from qualcode.services.documents.documents import content_hash, word_count
from qualcode.services.undo.reversal import Delete, Step, Update, keys_of
from qualcode.storage.models import Coding, Memo, Part, Quote

SPANNED = (("part", Part), ("coding", Coding), ("quote", Quote))


def edit_document(
    s: Session, doc_id: int, text: str, edits: Sequence[Edit]
) -> tuple[list[Step], int]:
    """Steps that apply ``edits`` to document ``doc_id`` (whose text is ``text``), and how many
    spans they move or delete. Nothing is written here."""
    new, remap = apply_edits(text, edits)
    steps: list[Step] = [
        Update(
            "document",
            {"id": doc_id},
            {
                "text": new,
                "char_count": len(new),
                "word_count": word_count(new),
                "content_hash": content_hash(new),
            },
        )
    ]
    moved = 0
    gone: dict[str, list[int]] = {}
    for table, model in SPANNED:
        rows = s.execute(
            select(model.id, model.start, model.end).where(model.document_id == doc_id)
        )
        for row_id, start, end in rows:
            a, b = remap.span(start, end)
            if a == b and start != end:
                gone.setdefault(table, []).append(row_id)
            elif (a, b) != (start, end):
                steps.append(Update(table, {"id": row_id}, {"start": a, "end": b}))
            else:
                continue
            moved += 1
    if gone.get("coding"):
        ids = gone["coding"]
        steps.append(Delete("memo", keys_of(s, "memo", Memo.coding_id.in_(ids))))
        steps.append(Delete("quote", keys_of(s, "quote", Quote.coding_id.in_(ids))))
    for table in ("quote", "coding", "part"):
        if gone.get(table):
            already = {
                k["id"]
                for st in steps
                if isinstance(st, Delete) and st.table == table
                for k in st.keys
            }
            keys = tuple({"id": i} for i in gone[table] if i not in already)
            if keys:
                steps.append(Delete(table, keys))
    return steps, moved
