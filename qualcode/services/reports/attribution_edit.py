"""Editing the quote-attribution template from the window: a live preview and an undoable save.

The CLI's ``qualcode attribution`` stores the template as a plain setting. In the window the
researcher tries templates while looking at what they make of real quotes, and a save they regret
must come back with Edit › Undo like every other action there, so this module adds:

- :func:`preview_extracts`: a handful of real coded extracts (from different documents, speakers
  first) to render the template against;
- :func:`template_check`: what is wrong with a template being typed (unbalanced braces, unknown
  placeholders), without raising, so the dialog can flag it as the user types;
- :func:`preview_labels`: the labels a template *not yet saved* gives those extracts, through the
  very rendering code the exports use;
- :func:`save_attribution_template`: the same validation as the CLI, written as an ``@operation``
  with a reversal step on the ``setting`` row, so it is one undo step and logged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import func, select

from qualcode.domain.errors import ValidationError
from qualcode.services.reports.attribution import (
    SETTING,
    attributions,
    checked_template,
    normalise_name,
    placeholders,
    template_fields,
)
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import Insert, Reversal, Step, Update, apply_steps
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import Coding, Document, Part, Setting
from qualcode.storage.project import Project

EXCERPT = 160  # characters of each extract shown beside its label


@dataclass(frozen=True)
class PreviewExtract:
    coding_id: int
    document: str
    text: str  # the start of the coded passage, whitespace collapsed


@dataclass(frozen=True)
class TemplateCheck:
    """What is wrong with a template and its fallback; ``ok`` when nothing."""

    unknown: list[str] = field(default_factory=list)  # placeholder names as typed
    error: str | None = None  # a malformed template (braces), in the service's words

    @property
    def ok(self) -> bool:
        return not self.unknown and self.error is None


def preview_extracts(project: Project, limit: int = 5) -> list[PreviewExtract]:
    """Up to ``limit`` coded extracts, one per document, those spoken by a case first (they are
    the ones a template's case attributes apply to), in document order."""
    spoken = (
        select(Part.id)
        .where(
            Part.document_id == Coding.document_id,
            Part.start <= Coding.start,
            Part.end > Coding.start,
            Part.case_id.is_not(None),
        )
        .exists()
    )
    with project.read() as s:
        rows = s.execute(
            select(
                Coding.id,
                Coding.document_id,
                Document.name,
                func.substr(
                    Document.text, Coding.start + 1, func.min(Coding.end - Coding.start, EXCERPT)
                ),
                spoken,
            )
            .join(Document, Document.id == Coding.document_id)
            .order_by(Document.position, Document.id, Coding.start, Coding.id)
        ).all()
    first: dict[int, PreviewExtract] = {}
    unspoken: dict[int, PreviewExtract] = {}
    for coding_id, doc_id, name, text, has_speaker in rows:
        into = first if has_speaker else unspoken
        if doc_id not in first and doc_id not in into:
            into[doc_id] = PreviewExtract(coding_id, name, " ".join(str(text).split()))
    chosen = list(first.values())[:limit]
    chosen += [e for d, e in unspoken.items() if d not in first][: limit - len(chosen)]
    return chosen


def template_check(project: Project, template: str, fallback: str) -> TemplateCheck:
    known = set(placeholders(project))
    unknown: list[str] = []
    for text in (template, fallback):
        try:
            names = template_fields(text)
        except ValidationError as exc:
            return TemplateCheck(error=str(exc))
        unknown += [n for n in names if normalise_name(n) not in known and n not in unknown]
    return TemplateCheck(unknown=unknown)


def preview_labels(
    project: Project, template: str, fallback: str, coding_ids: list[int]
) -> dict[int, str]:
    """The label each coding would get under (template, fallback), empty meaning the default;
    raises :class:`ValidationError` for a template that cannot be rendered."""
    return attributions(project, coding_ids, override=checked_template(project, template, fallback))


@operation
def save_attribution_template(project: Project, template: str, fallback: str) -> Change:
    """Store the template (validated as the CLI does) as one undoable, logged action."""
    template, fallback = checked_template(project, template, fallback)
    raw = json.dumps({"template": template, "fallback": fallback})
    with project.session() as s:
        steps: list[Step]
        if s.scalar(select(Setting.key).where(Setting.key == SETTING)) is None:
            steps = [Insert("setting", ({"key": SETTING, "value": raw},))]
        else:
            steps = [Update("setting", {"key": SETTING}, {"value": raw})]
        inverse = apply_steps(s, steps)
        summary = f"Quote attribution: {template} (otherwise {fallback})"
        log_change(s, project.coder_id, "update", "project", summary)
        return Change(
            "update", "setting", None, summary, Reversal("set the quote attribution", inverse)
        )
