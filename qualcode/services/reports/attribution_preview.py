"""A few coded extracts with the attribution a template gives them, for ``qualcode attribution
PROJECT TEMPLATE --preview N``: try a template on real quotes before saving it.

The window's editor shows one extract per document (:mod:`attribution_edit`); a script checking a
focus group's attributions wants the first N quotes, those spoken by a participant first (they are
the ones case attributes apply to), rendered through the very code the exports use.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def attribution_preview(
    project: Project, template: str, fallback: str = "", limit: int = 5
) -> list[AttributedExtract]:
    """The first ``limit`` coded extracts (participants' first, in document order) with the
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
        rows = s.execute(
            select(
                Coding.id,
                Document.name,
                func.substr(
                    Document.text, Coding.start + 1, func.min(Coding.end - Coding.start, EXCERPT)
                ),
            )
            .join(Document, Document.id == Coding.document_id)
            .order_by(spoken.desc(), Document.position, Document.id, Coding.start, Coding.id)
            .limit(max(0, limit))
        ).all()
    labels = attributions(project, [r[0] for r in rows], override=checked)
    return [
        AttributedExtract(cid, doc, " ".join(str(text).split()), labels.get(cid, ""))
        for cid, doc, text in rows
    ]
