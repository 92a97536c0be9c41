"""Page furniture and margin numbers: what a printed transcript adds around the words.

A transcript printed from MAXQDA or NVivo to PDF (and read back as text) carries a paragraph
number in the margin before every paragraph (``12  Interviewer: ...``), a footer on every page
(``Page 3 of 12``, ``- 3 -``, a bare ``3``) and often a header repeating the title. The numbers hide
the speaker labels from detection and the furniture would end up inside the turns, so they are
removed before layouts are tried, and counted so the import can say what it dropped.

The rules are conservative, because a transcript's own words may start with a number ("20 years
ago I ...") or repeat a short line ("Yeah."):

- margin numbers are removed only when at least three lines start with numbers that increase
  (by at most ``_MAX_STEP`` each time) and they start at least half of the paragraphs; only the
  numbers in that increasing run are removed;
- page-number lines (``Page 3``, ``Page 3 of 12``, ``- 3 -``, ``3 / 12``) are always removed;
  bare numbers on a line of their own only when the text is printed (margin numbers or page
  numbers were found, or it came from a PDF);
- a repeated header line is removed (all but its first appearance, which is the title) only in a
  printed text, when it appears at least twice and next to a page-number line at least once, or
  three times in a PDF;
- the "Transcribed by https://otter.ai" footer is removed wherever it stands.

Everything works line by line in linear time, so arbitrary text cannot make it hang.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_MARGIN = re.compile(r"[ \t]*(\d{1,5})[ \t]+(?=\S)")
_BARE_NUMBER = re.compile(r"[ \t]*\d{1,5}[ \t]*")
_PAGE_LINE = re.compile(
    r"[ \t]*(?:(?:page|seite|p\.)[ \t]*\d{1,5}(?:[ \t]*(?:of|/|von)[ \t]*\d{1,5})?"
    r"|[-–—][ \t]*\d{1,5}[ \t]*[-–—]|\d{1,5}[ \t]*/[ \t]*\d{1,5})[ \t]*",
    re.I,
)
_SERVICE_FOOTER = re.compile(
    r"[ \t]*transcribed by[ \t]+(?:https?://)?(?:www\.)?otter\.ai\S*[ \t]*", re.I
)
_MAX_STEP = 20
_MAX_HEADER = 100


@dataclass
class Furniture:
    """What was removed: counts for the batch's warnings."""

    margin_numbers: int = 0
    page_lines: int = 0  # page numbers, bare numbers, repeated headers
    service_footers: int = 0

    @property
    def total(self) -> int:
        return self.margin_numbers + self.page_lines + self.service_footers


def _margin_run(lines: list[str]) -> set[int]:
    """Indices of the lines whose leading number belongs to the increasing margin numbering."""
    kept: set[int] = set()
    last: int | None = None
    for index, line in enumerate(lines):
        match = _MARGIN.match(line)
        if match is None:
            continue
        number = int(match[1])
        if last is None or last < number <= last + _MAX_STEP:
            kept.add(index)
            last = number
    paragraph_starts = sum(
        1 for i, line in enumerate(lines) if line.strip() and (i == 0 or not lines[i - 1].strip())
    )
    if len(kept) < 3 or len(kept) * 2 < paragraph_starts:
        return set()
    return kept


def _neighbours(lines: list[str], index: int) -> list[int]:
    """The nearest non-blank lines before and after ``index``."""
    found: list[int] = []
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(lines) and not lines[other].strip():
            other += step
        if 0 <= other < len(lines):
            found.append(other)
    return found


def strip_furniture(text: str, from_pdf: bool = False) -> tuple[str, Furniture]:
    """``text`` without margin numbers, page furniture and service footers, and what went."""
    lines = text.split("\n")
    found = Furniture()
    drop: set[int] = set()
    for index, line in enumerate(lines):
        if _SERVICE_FOOTER.fullmatch(line):
            drop.add(index)
            found.service_footers += 1
    margins = _margin_run(lines)
    pages = {i for i, line in enumerate(lines) if _PAGE_LINE.fullmatch(line) and i not in margins}
    printed = bool(margins) or bool(pages) or from_pdf
    if printed:
        pages |= {
            i for i, line in enumerate(lines) if _BARE_NUMBER.fullmatch(line) and i not in margins
        }
        pages |= _repeated_headers(lines, pages, margins, from_pdf)
    drop |= pages
    found.page_lines = len(pages)
    out: list[str] = []
    for index, line in enumerate(lines):
        if index in drop:
            continue
        if index in margins:
            match = _MARGIN.match(line)
            if match is not None:
                line = line[match.end() :]
                found.margin_numbers += 1
        out.append(line)
    if not found.total:
        return text, found
    return _squeeze_blank_lines(out), found


def _repeated_headers(
    lines: list[str], pages: set[int], margins: set[int], from_pdf: bool
) -> set[int]:
    counts = Counter(
        line.strip()
        for i, line in enumerate(lines)
        if line.strip() and i not in pages and i not in margins and len(line) <= _MAX_HEADER
    )
    repeated = {line for line, n in counts.items() if n >= 2}
    if not repeated:
        return set()
    by_line: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if line.strip() in repeated and index not in margins:
            by_line.setdefault(line.strip(), []).append(index)
    drop: set[int] = set()
    for indices in by_line.values():
        near_page = any(n in pages for i in indices for n in _neighbours(lines, i))
        if near_page or (from_pdf and len(indices) >= 3):
            drop.update(indices[1:])
    return drop


def _squeeze_blank_lines(lines: list[str]) -> str:
    """Join ``lines``, with at most one blank line in a row and none at either end."""
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out)


def describe(found: Furniture, source: str) -> str | None:
    """One warning line saying what was dropped, or None when nothing was."""
    pieces: list[str] = []
    if found.margin_numbers:
        pieces.append(_plural(found.margin_numbers, "margin number"))
    if found.page_lines:
        pieces.append(_plural(found.page_lines, "page header/footer line"))
    if found.service_footers:
        pieces.append(_plural(found.service_footers, "transcription-service footer"))
    if not pieces:
        return None
    return f"dropped {', '.join(pieces)} from {source}"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
