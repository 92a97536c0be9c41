"""The one place where code-point offsets meet Qt's UTF-16 positions.

Everything below ``ui/`` counts Python code points; ``QTextCursor`` and ``QTextBlock`` count UTF-16
code units, so every character outside the Basic Multilingual Plane (emoji, mathematical letters,
flags, many CJK extension characters) is one code point but two Qt positions. A text block
separator counts one in both, so for QualCode's ``\\n``-only text the two differ only by the number
of astral characters before a position.

:class:`PositionMap` keeps just the code-point indices of the astral characters: conversion is O(1)
for the common text without any and a bisect otherwise. Qt can hand back a position between the
two halves of a surrogate pair (a click or keyboard selection can land there); :meth:`from_qt`
rounds it to the start of the character, or to its end for the end of a span, so a span never
splits a character.
"""

from __future__ import annotations

import bisect
import re

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class PositionMap:
    """Converts offsets into one text between code points and UTF-16 code units (both ways)."""

    __slots__ = ("_astral", "_astral_u16", "length", "length_u16")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # Code-point indices of astral characters, and where each one starts in UTF-16 units.
        self._astral: list[int] = (
            [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]
        )
        self._astral_u16: list[int] = [cp + k for k, cp in enumerate(self._astral)]
        self.length_u16 = self.length + len(self._astral)

    @property
    def is_identity(self) -> bool:
        """True when both units agree everywhere (no astral characters)."""
        return not self._astral

    def to_qt(self, cp: int) -> int:
        """The UTF-16 offset of code-point offset ``cp`` (clamped to the text)."""
        cp = min(max(cp, 0), self.length)
        if not self._astral:
            return cp
        return cp + bisect.bisect_left(self._astral, cp)

    def from_qt(self, u16: int, *, end: bool = False) -> int:
        """The code-point offset of UTF-16 offset ``u16`` (clamped to the text).

        A position inside a surrogate pair rounds to the character's start, or to its end when
        ``end`` is true (the exclusive end of a span), so the character stays whole either way.
        """
        u16 = min(max(u16, 0), self.length_u16)
        if not self._astral:
            return u16
        # Astral characters that end at or before u16 (each starts at most at u16 - 2).
        k = bisect.bisect_right(self._astral_u16, u16 - 2)
        if k < len(self._astral_u16) and self._astral_u16[k] == u16 - 1:
            return u16 - 1 - k + (1 if end else 0)  # inside character k
        return u16 - k

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        """A code-point span ``[start, end)`` in UTF-16 units."""
        return self.to_qt(start), self.to_qt(end)

    def span_from_qt(self, a: int, b: int) -> tuple[int, int]:
        """A UTF-16 span (either order) in code points, widened to keep whole characters."""
        if b < a:
            a, b = b, a
        return self.from_qt(a), self.from_qt(b, end=True)
