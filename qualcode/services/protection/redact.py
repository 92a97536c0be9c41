"""Redaction: a stretch of one document replaced by a marker such as ``[name removed]``.

Codings and quotes keep their words (see :mod:`document_edits`), and the redacted words are
replaced by the marker in the edited version of a quote over them too; the change log records
that a redaction happened, where and how long, never what was removed. The report lists every marker
present in the texts now, by document, so an undone redaction is not listed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualcode.domain.changes import Changes
from qualcode.domain.errors import ValidationError
from qualcode.domain.replacements import Edit, replace_all
from qualcode.domain.wording import plural
from qualcode.services.protection.document_edits import edit_document
from qualcode.services.search.search_index import forget_index
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import Reversal, Step, Update, apply_steps
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import Document, Quote, Setting
from qualcode.storage.project import Project

MARKERS = (
    "[redacted]",
    "[name removed]",
    "[place removed]",
    "[phone number removed]",
    "[email removed]",
    "[address removed]",
)
_USED = "redaction_markers"  # setting: markers used in this project beyond the standard ones


@dataclass(frozen=True)
class Redaction:
    document: str
    start: int
    marker: str
    document_id: int


@operation
def redact(
    project: Project, doc_id: int, start: int, end: int, marker: str = "[redacted]"
) -> Change:
    """Replace ``[start, end)`` of document ``doc_id`` with ``marker``, as one undoable action."""
    marker = marker.strip()
    if not (marker.startswith("[") and marker.endswith("]")):
        raise ValidationError(
            "A redaction marker is written in square brackets, e.g. [redacted].", ("marker",)
        )
    with project.session() as s:
        row = s.execute(select(Document.name, Document.text).where(Document.id == doc_id)).first()
        if row is None:
            raise ValidationError(f"There is no document with id {doc_id}.")
        name, text = row
        if not (0 <= start < end <= len(text)):
            raise ValidationError("Select the text to redact first.", ("span",))
        steps, _moved = edit_document(s, doc_id, text, [Edit(start, end, marker)])
        steps += _edited_quotes(s, doc_id, start, end, {text[start:end]: marker})
        inverse = apply_steps(s, steps)
        used = set(_used_markers(s)) | {marker}
        s.merge(Setting(key=_USED, value=json.dumps(sorted(used - set(MARKERS)))))
        forget_index(s)
        summary = f"Redacted {plural(end - start, 'character')} in '{name}' as {marker}"
        log_change(
            s,
            project.coder_id,
            "redact",
            "document",
            summary,
            details={"start": start, "length": end - start, "marker": marker},
        )
    return Change(
        "redact", "document", doc_id, summary, Reversal("redaction", inverse), Changes.all()
    )


def _edited_quotes(
    s: Session, doc_id: int, start: int, end: int, mapping: dict[str, str]
) -> list[Step]:
    """A quote's edited version is its own text: the redacted words go from it too."""
    steps: list[Step] = []
    rows = s.execute(
        select(Quote.id, Quote.edited_text).where(
            Quote.document_id == doc_id,
            Quote.start < end,
            Quote.end > start,
            Quote.edited_text != "",
        )
    )
    for quote_id, edited in rows:
        new = replace_all(edited, mapping)
        if new != edited:
            steps.append(Update("quote", {"id": quote_id}, {"edited_text": new}))
    return steps


def _used_markers(s: object) -> list[str]:
    value = s.scalar(select(Setting.value).where(Setting.key == _USED))  # type: ignore[attr-defined]
    return list(json.loads(value)) if value else []


def redactions(project: Project, markers: Iterable[str] = ()) -> list[Redaction]:
    """Every redaction marker in the texts now, by document in project order."""
    with project.read() as s:
        known = {*MARKERS, *_used_markers(s), *markers}
        pattern = re.compile("|".join(re.escape(m) for m in sorted(known, key=len, reverse=True)))
        found = []
        rows = s.execute(
            select(Document.id, Document.name, Document.text).order_by(Document.position)
        )
        for doc_id, name, text in rows:
            found += [Redaction(name, m.start(), m.group(), doc_id) for m in pattern.finditer(text)]
    return found
