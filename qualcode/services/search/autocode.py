"""Autocoding: code many places at once, as one undoable action.

From search hits the coded unit is a choice: the match itself, its sentence, its turn or answer
(the passage the hit was found in), or its paragraph. By speaker or by question, whole turns and
answers are coded. Spans are merged where they overlap (two hits in one sentence make one
coding) and places the code already covers exactly are skipped, so running the same autocode
twice adds nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Literal

from sqlalchemy import select

from qualcode.analysis.pipeline import sentences
from qualcode.analysis.units import enclosing, has_blank_lines, paragraphs
from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.services.coding.codings import Span, add_codings
from qualcode.services.search.search import Hit, SearchQuery, search
from qualcode.services.undo.changes import Change
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import Code, Coding, Document, Part
from qualcode.storage.project import Project

Unit = Literal["match", "sentence", "turn", "paragraph"]
UNITS: tuple[Unit, ...] = ("match", "sentence", "turn", "paragraph")


def _merge(spans: Iterable[tuple[int, int, int]]) -> list[Span]:
    out: list[Span] = []
    for doc, start, end in sorted(set(spans)):
        last = out[-1] if out else None
        if last is not None and last.document_id == doc and start < last.end:
            out[-1] = Span(doc, last.start, max(last.end, end))
        else:
            out.append(Span(doc, start, end))
    return out


def spans_for_hits(project: Project, hits: Sequence[Hit], unit: Unit) -> list[Span]:
    """The spans autocoding would code for ``hits`` at ``unit`` level, merged and sorted."""
    if unit not in UNITS:
        raise ValidationError(f"Code by one of: {', '.join(UNITS)} (not '{unit}').")
    if unit == "match":
        return _merge((h.document_id, h.start, h.end) for h in hits)
    if unit == "turn":
        return _merge((h.document_id, h.unit_start, h.unit_end) for h in hits)
    by_doc: dict[int, list[Hit]] = defaultdict(list)
    for h in hits:
        by_doc[h.document_id].append(h)
    with project.read() as s:
        texts = dict(
            s.execute(
                select(Document.id, Document.text).where(Document.id.in_(sorted(by_doc)))
            ).all()
        )
    spans: list[tuple[int, int, int]] = []
    for doc, doc_hits in by_doc.items():
        text = texts[doc]
        cache: dict[tuple[int, int], list[tuple[int, int]]] = {}
        blank: bool | None = None
        for h in doc_hits:
            key = (h.unit_start, h.unit_end)
            if key not in cache:
                if unit == "sentence":
                    piece = text[h.unit_start : h.unit_end]
                    cache[key] = [(a + h.unit_start, b + h.unit_start) for a, b in sentences(piece)]
                else:
                    if blank is None:
                        blank = has_blank_lines(text)
                    cache[key] = paragraphs(text, h.unit_start, h.unit_end, blank)
            spans.append((doc, *enclosing(cache[key], h.start, h.end)))
    return _merge(spans)


def new_spans(project: Project, code_id: int, spans: list[Span]) -> list[Span]:
    """``spans`` less those ``code_id`` already codes exactly (what autocoding would add)."""
    with project.read() as s:
        if s.get(Code, code_id) is None:
            raise NotFoundError(f"There is no code with id {code_id}.")
        docs = sorted({sp.document_id for sp in spans})
        existing = set(
            s.execute(
                select(Coding.document_id, Coding.start, Coding.end).where(
                    Coding.code_id == code_id, Coding.document_id.in_(docs)
                )
            ).all()
        )
    return [sp for sp in spans if (sp.document_id, sp.start, sp.end) not in existing]


def _apply(
    project: Project, code_id: int, spans: list[Span], what: str, fresh: list[Span] | None = None
) -> Change:
    """Code the ``spans`` the code lacks (``fresh``, when the caller has them already)."""
    fresh = new_spans(project, code_id, spans) if fresh is None else fresh
    if not spans:
        raise ValidationError(f"There is nothing to code: {what} found no text.")
    if not fresh:
        raise ValidationError(f"Every place {what} found is already coded with this code.")
    return add_codings(project, code_id, fresh, label=f"autocode {len(fresh)} places")


@operation
def autocode_hits(project: Project, code_id: int, hits: Sequence[Hit], unit: Unit) -> Change:
    """Code the chosen hits at ``unit`` level with one code: one transaction, one undo step."""
    return _apply(project, code_id, spans_for_hits(project, hits, unit), "the search")


def autocode_search(
    project: Project, code_id: int, query: SearchQuery, unit: Unit
) -> tuple[Change, int, int]:
    """Search (every hit, no limit) and code what it finds: (change, hits, spans coded)."""
    result = search(project, query, limit=None)
    spans = spans_for_hits(project, result.hits, unit)
    fresh = new_spans(project, code_id, spans)
    change = _apply(project, code_id, spans, f"the search '{query.text}'", fresh)
    return change, len(result.hits), len(fresh)


def part_spans(
    project: Project,
    *,
    speaker_ids: frozenset[int] = frozenset(),
    question_ids: frozenset[int] = frozenset(),
    kinds: frozenset[str] = frozenset(),
) -> list[Span]:
    """The turns of the chosen speakers and/or answers to the chosen questions, as spans."""
    if not speaker_ids and not question_ids:
        return []
    with project.read() as s:
        stmt = select(Part.document_id, Part.start, Part.end).join(
            Document, Document.id == Part.document_id
        )
        if speaker_ids:
            stmt = stmt.where(Part.case_id.in_(sorted(speaker_ids)))
        if question_ids:
            stmt = stmt.where(Part.question_id.in_(sorted(question_ids)))
        if kinds:
            stmt = stmt.where(Document.kind.in_(sorted(kinds)))
        rows = [(d, a, b) for d, a, b in s.execute(stmt) if b > a]
    return _merge(rows)


@operation
def autocode_parts(
    project: Project,
    code_id: int,
    *,
    speaker_ids: frozenset[int] = frozenset(),
    question_ids: frozenset[int] = frozenset(),
    kinds: frozenset[str] = frozenset(),
) -> Change:
    """Code every turn of the chosen speakers and/or every answer to the chosen questions."""
    if not speaker_ids and not question_ids:
        raise ValidationError("Choose at least one speaker or question to autocode.")
    spans = part_spans(project, speaker_ids=speaker_ids, question_ids=question_ids, kinds=kinds)
    what = "the chosen speakers" if speaker_ids and not question_ids else "the chosen questions"
    if speaker_ids and question_ids:
        what = "the chosen speakers' answers to the chosen questions"
    return _apply(project, code_id, spans, what)
