"""A few coded extracts with the attribution a template gives them, for ``qualcode attribution
PROJECT TEMPLATE --preview N``: try a template on real quotes before saving it.

The window's editor shows one extract per document (:mod:`attribution_edit`); a script checking a
focus group's attributions wants the first N quotes, those spoken by a participant first (they are
the ones case attributes apply to) taken from each document in turn, rendered through the very
code the exports use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from qualcode.services.reports.attribution import attributions, checked_template
from qualcode.storage.models import Case, Coding, Document, Part
from qualcode.storage.project import Project

EXCERPT = 120


@dataclass(frozen=True)
class AttributedExtract:
    coding_id: int
    document: str
    text: str  # the start of the coded passage, whitespace collapsed
    label: str


def _spread(rows: Sequence[Any], limit: int) -> list[int]:
    """Up to ``limit`` coding ids: participants' extracts first, one document after another
    (the first extract of each document, then the second…), each passage once."""
    by_doc: dict[int, list[int]] = {}
    seen: set[tuple[int, int, int]] = set()
    for spoken_first in (True, False):
        for cid, doc, start, end, spoken in rows:
            if bool(spoken) is spoken_first and (doc, start, end) not in seen:
                seen.add((doc, start, end))
                by_doc.setdefault(doc, []).append(cid)
    queues = list(by_doc.values())
    out: list[int] = []
    depth = 0
    while len(out) < limit and any(depth < len(q) for q in queues):
        out += [q[depth] for q in queues if depth < len(q)][: limit - len(out)]
        depth += 1
    return out


def attribution_preview(
    project: Project, template: str, fallback: str = "", limit: int = 5
) -> list[AttributedExtract]:
    """Up to ``limit`` coded extracts (participants' first, each document in turn) with the
    label (template, fallback) gives each; the template is checked, not saved."""
    checked = checked_template(project, template, fallback)
    spoken = (
        select(Part.id)
        .join(Case, Case.id == Part.case_id)
        .where(
            Part.document_id == Coding.document_id,
            Part.start <= Coding.start,
            Part.end > Coding.start,
            Case.is_facilitator.is_(False),
        )
        .exists()
    )
    with project.read() as s:
        found = s.execute(
            select(Coding.id, Coding.document_id, Coding.start, Coding.end, spoken)
            .join(Document, Document.id == Coding.document_id)
            .order_by(Document.position, Document.id, Coding.start, Coding.id)
        ).all()
        chosen = _spread(found, limit)
        texts = {
            cid: (name, text)
            for cid, name, text in s.execute(
                select(
                    Coding.id,
                    Document.name,
                    func.substr(
                        Document.text,
                        Coding.start + 1,
                        func.min(Coding.end - Coding.start, EXCERPT),
                    ),
                )
                .join(Document, Document.id == Coding.document_id)
                .where(Coding.id.in_(chosen))
            )
        }
    rows = [(cid, *texts[cid]) for cid in chosen if cid in texts]
    labels = attributions(project, [r[0] for r in rows], override=checked)
    return [
        AttributedExtract(cid, doc, " ".join(str(text).split()), labels.get(cid, ""))
        for cid, doc, text in rows
    ]
