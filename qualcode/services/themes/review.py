"""Reviewing themes (phase 4): level 1 reads every extract of a theme, level 2 goes back to the
whole dataset for what is coded thinly or not at all.

The reader's actions (move a coding, uncode, flag a key extract, mark the theme reviewed) are the
ordinary undoable services. The dataset pass (coverage, uncoded passages, sparse documents) is
computed from span unions in Python: offsets are code points, so no SQL string tricks are needed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.domain.values import ThemeStatus
from qualcode.services.coding.codings import remove_coding
from qualcode.services.coding.retrieval import Extract, retrieve
from qualcode.services.themes.themes import get_theme, theme_subtree, update_theme
from qualcode.services.undo.changes import Change
from qualcode.services.undo.reversal import Insert, Reversal, Step, Update, apply_steps, keys_of
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import Code, Coding, Document, Quote, Theme, ThemeCode, new_guid
from qualcode.storage.project import Project

uncode = remove_coding  # the reader's "uncode" is removing the coding, undoable as ever


@dataclass(frozen=True)
class ExtractGroup:
    """The extracts of one code under a theme; ``theme_name`` is the sub-theme it came through.
    Unpacks as ``(code_name, extracts)``."""

    code_id: int
    code_name: str
    theme_id: int
    theme_name: str
    extracts: list[Extract]
    key_coding_ids: frozenset[int] = field(default_factory=frozenset)

    def __iter__(self) -> Iterator[Any]:
        return iter((self.code_name, self.extracts))


@dataclass(frozen=True)
class CoverageRow:
    document_id: int
    name: str
    char_count: int
    coded_chars: int
    codings: int

    @property
    def percent(self) -> float:
        return 100.0 * self.coded_chars / self.char_count if self.char_count else 0.0


@dataclass(frozen=True)
class Passage:
    document_id: int
    document_name: str
    start: int
    end: int
    text: str


def theme_extracts(project: Project, theme_id: int, context: int = 150) -> list[ExtractGroup]:
    """Every extract of the theme's codes and its sub-themes' codes, grouped by code (a code
    linked twice appears once, under the first theme it informs); codes without extracts give
    empty groups, so the reader can say so."""
    with project.read() as s:
        get_theme(s, theme_id)
        order: dict[int, tuple[int, str, str]] = {}  # code -> (theme, theme name, code name)
        for tid in theme_subtree(s, theme_id):
            tname = s.scalar(select(Theme.name).where(Theme.id == tid)) or ""
            for cid, cname in s.execute(
                select(Code.id, Code.name)
                .join(ThemeCode, ThemeCode.code_id == Code.id)
                .where(ThemeCode.theme_id == tid)
                .order_by(Code.position, Code.id)
            ):
                order.setdefault(cid, (tid, tname, cname))
        key_ids = set(
            s.scalars(
                select(Quote.coding_id)
                .join(Coding, Coding.id == Quote.coding_id)
                .where(Quote.is_key.is_(True), Coding.code_id.in_(list(order)))
            )
        )
    extracts = retrieve(
        project, list(order), include_subcodes=False, context=context, limit=10_000_000
    )
    by_code: dict[int, list[Extract]] = defaultdict(list)
    for e in extracts:
        by_code[e.code_id].append(e)
    groups = []
    for cid, (tid, tname, cname) in order.items():
        items = by_code.get(cid, [])
        keys = frozenset(e.coding_id for e in items if e.coding_id in key_ids)
        groups.append(ExtractGroup(cid, cname, tid, tname, items, keys))
    return groups


@operation
def move_coding(project: Project, coding_id: int, new_code_id: int) -> Change:
    """Recode one extract: the coding keeps its id, memos and quotes, under another code."""
    with project.session() as s:
        row = s.execute(
            select(Coding.code_id, Coding.document_id, Coding.start, Coding.end).where(
                Coding.id == coding_id
            )
        ).first()
        if row is None:
            raise NotFoundError(f"There is no coding with id {coding_id}.")
        old_name = s.scalar(select(Code.name).where(Code.id == row.code_id))
        new_name = s.scalar(select(Code.name).where(Code.id == new_code_id))
        if new_name is None:
            raise NotFoundError(f"There is no code with id {new_code_id}.")
        if new_code_id == row.code_id:
            raise ValidationError(f"The extract is already coded '{new_name}'.")
        clash = s.scalar(
            select(Coding.id).where(
                Coding.code_id == new_code_id,
                Coding.document_id == row.document_id,
                Coding.start == row.start,
                Coding.end == row.end,
            )
        )
        if clash is not None:
            raise ValidationError(f"This extract is already coded '{new_name}'; uncode it instead.")
        inverse = apply_steps(s, [Update("coding", {"id": coding_id}, {"code_id": new_code_id})])
        summary = f"Moved an extract from '{old_name}' to '{new_name}'"
        return Change("move", "coding", coding_id, summary, Reversal("move extract", inverse))


def _attribution(project: Project, coding_id: int, code_id: int) -> str:
    for e in retrieve(project, [code_id], include_subcodes=False, context=0, limit=10_000_000):
        if e.coding_id == coding_id:
            return e.attribution
    return ""


@operation
def flag_key_extract(
    project: Project, coding_id: int, key: bool = True, attribution: str | None = None
) -> Change:
    """Flag (or unflag) a coding's extract as a key extract: a Quote row linked to the coding.
    Pass the reader's ``Extract.attribution`` to skip looking it up."""
    with project.session() as s:
        row = s.execute(
            select(Coding.code_id, Coding.document_id, Coding.start, Coding.end).where(
                Coding.id == coding_id
            )
        ).first()
    if row is None:
        raise NotFoundError(f"There is no coding with id {coding_id}.")
    if key and attribution is None:
        attribution = _attribution(project, coding_id, row.code_id)
    with project.session() as s:
        quotes = keys_of(s, "quote", Quote.coding_id == coding_id, Quote.id)
        steps: list[Step]
        if quotes:
            steps = [Update("quote", k, {"is_key": key}) for k in quotes]
        elif key:
            new = {
                "id": (s.scalar(select(func.max(Quote.id))) or 0) + 1,
                "guid": new_guid(),
                "coding_id": coding_id,
                "document_id": row.document_id,
                "start": row.start,
                "end": row.end,
                "edited_text": "",
                "attribution": attribution or "",
                "is_key": True,
            }
            steps = [Insert("quote", (new,))]
        else:
            raise ValidationError("This extract is not flagged as a key extract.")
        inverse = apply_steps(s, steps)
    label = "flag key extract" if key else "unflag key extract"
    return Change("update", "quote", coding_id, label.capitalize(), Reversal(label, inverse))


@operation
def mark_reviewed(project: Project, theme_id: int) -> Change:
    """Level-1 review done for this theme."""
    return update_theme(project, theme_id, status=ThemeStatus.REVIEWED)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _spans(project: Project) -> tuple[list[tuple[int, str, int]], dict[int, list[tuple[int, int]]]]:
    with project.read() as s:
        docs = [
            (i, n, c)
            for i, n, c in s.execute(
                select(Document.id, Document.name, Document.char_count).order_by(
                    Document.position, Document.id
                )
            )
        ]
        spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for d, a, b in s.execute(select(Coding.document_id, Coding.start, Coding.end)):
            spans[d].append((a, b))
    return docs, spans


def coverage(project: Project) -> list[CoverageRow]:
    """Per document: characters under at least one coding (the union of spans) and codings."""
    docs, spans = _spans(project)
    rows = []
    for doc, name, chars in docs:
        coded = sum(b - a for a, b in _merged(spans.get(doc, [])))
        rows.append(CoverageRow(doc, name, chars, coded, len(spans.get(doc, []))))
    return rows


def sparse_documents(project: Project, max_codings: int) -> list[CoverageRow]:
    """Documents with at most ``max_codings`` codings, fewest first."""
    rows = [r for r in coverage(project) if r.codings <= max_codings]
    return sorted(rows, key=lambda r: (r.codings, r.percent))


def uncoded_passages(
    project: Project, min_chars: int, document_id: int | None = None
) -> list[Passage]:
    """Stretches no coding touches, trimmed of surrounding white space, at least ``min_chars``
    characters long (per document, in document order)."""
    if min_chars < 1:
        raise ValidationError("The shortest passage must be at least one character.")
    docs, spans = _spans(project)
    out: list[Passage] = []
    for doc, name, chars in docs:
        if document_id is not None and doc != document_id:
            continue
        gaps, at = [], 0
        for a, b in _merged(spans.get(doc, [])):
            if a - at >= min_chars:
                gaps.append((at, a))
            at = b
        if chars - at >= min_chars:
            gaps.append((at, chars))
        if not gaps:
            continue
        with project.read() as s:
            text = s.scalar(select(Document.text).where(Document.id == doc)) or ""
        for a, b in gaps:
            piece = text[a:b]
            lead = len(piece) - len(piece.lstrip())
            trimmed = piece.strip()
            if len(trimmed) >= min_chars:
                out.append(Passage(doc, name, a + lead, a + lead + len(trimmed), trimmed))
    return out
