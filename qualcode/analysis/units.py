"""The passages search indexes and autocoding codes: turns, answers, paragraphs, sentences.

A document with structure (speaker turns, survey and form answers) is searched turn by turn, so a
hit knows its speaker and question; text outside those parts (a title, an introduction, field
notes) is split into paragraphs. A paragraph is a block between blank lines when the document
has blank lines, otherwise a line: word-processor files arrive one paragraph per line, hard-wrapped
text files with blank lines between paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_BLANK = re.compile(r"\n[ \t\r\f\v]*\n")
_BLOCK = re.compile(r"\S(?:.*?\S)?(?=\s*(?:\n[ \t\r\f\v]*\n|\Z))", re.DOTALL)
_LINE = re.compile(r"\S(?:[^\n]*\S)?")


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    part_id: int | None = None


def has_blank_lines(text: str) -> bool:
    """Whether ``text`` separates its paragraphs by blank lines (else: one per line)."""
    return _BLANK.search(text) is not None


def paragraphs(
    text: str, start: int = 0, end: int | None = None, blank_lines: bool | None = None
) -> list[tuple[int, int]]:
    """Paragraph spans of ``text[start:end]`` (surrounding whitespace excluded).
    ``blank_lines``: :func:`has_blank_lines` of the whole text, when the caller knows it."""
    end = len(text) if end is None else end
    blank = has_blank_lines(text) if blank_lines is None else blank_lines
    pattern = _BLOCK if blank else _LINE
    out = []
    for m in pattern.finditer(text, start, end):
        out.append(m.span())
    return out


def units_for(text: str, parts: Sequence[tuple[int, int, int]]) -> list[Unit]:
    """The document's passages in order: each part (start, end, part id) as given, and the text
    between parts as paragraphs. Overlapping parts are kept as given (a quote inside a turn)."""
    out: list[Unit] = []
    covered = 0
    blank = has_blank_lines(text)  # once: a survey document has thousands of gaps
    for start, end, part_id in sorted(parts):
        if start > covered:
            out += [Unit(a, b) for a, b in paragraphs(text, covered, start, blank)]
        if end > start:
            out.append(Unit(start, end, part_id))
        covered = max(covered, end)
    if covered < len(text):
        out += [Unit(a, b) for a, b in paragraphs(text, covered, len(text), blank)]
    out.sort(key=lambda u: (u.start, u.end))
    return out


def enclosing(spans: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The smallest run of consecutive ``spans`` covering ``[start, end)``; the match itself
    when no span touches it."""
    touching = [(a, b) for a, b in spans if a < end and start < b]
    if not touching:
        return start, end
    return min(start, touching[0][0]), max(end, touching[-1][1])
