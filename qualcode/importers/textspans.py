"""Small span helpers the text importers share: lines with their offsets, trimmed spans.

Parts must cover exactly the words (``text[start:end] == text[start:end].strip()``), so every
importer trims the same way.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # before the newline

    def of(self, text: str) -> str:
        return text[self.start : self.end]


def split_lines(text: str) -> list[Line]:
    """Every line of ``text`` (split on ``\\n``) with its code-point offsets."""
    lines: list[Line] = []
    position = 0
    for line in text.split("\n"):
        lines.append(Line(position, position + len(line)))
        position += len(line) + 1
    return lines


def trim_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` without surrounding whitespace, or None if nothing is left."""
    segment = text[start:end]
    stripped = segment.lstrip()
    if not stripped:
        return None
    first = start + len(segment) - len(stripped)
    return first, first + len(stripped.rstrip())
