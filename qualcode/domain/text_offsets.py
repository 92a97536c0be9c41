"""Offsets in other programs' conventions, mapped to and from QualCode's code-point offsets.

QualCode stores text with ``\\n`` line endings and counts code points. Other programs count
differently: NVivo counts UTF-16 code units and CRLF as two, ATLAS.ti counts CRLF as one, some
count a byte-order mark. A :class:`Convention` says how one program counts; an :class:`OffsetMap`
converts offsets for one text both ways in O(log n) per offset, using only the characters whose
width differs (astral characters, line breaks that were CRLF), so plain ASCII costs nothing.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass


@dataclass(frozen=True)
class Convention:
    utf16: bool = False  # count UTF-16 code units (astral characters are two)
    crlf_as_two: bool = False  # a line break that was CRLF in the file counts two
    bom_counted: bool = False  # a byte-order mark at the start of the file counts one

    def describe(self) -> str:
        unit = "UTF-16 code units" if self.utf16 else "code points"
        crlf = "CRLF as 2" if self.crlf_as_two else "CRLF as 1"
        bom = "BOM counted" if self.bom_counted else "BOM skipped"
        return f"{unit}, {crlf}, {bom}"


CODEPOINT = Convention()
# Every combination a reader tries, in order of preference when the evidence ties.
CANDIDATES: tuple[Convention, ...] = tuple(
    Convention(utf16, crlf, bom)
    for utf16 in (False, True)
    for crlf in (True, False)
    for bom in (False, True)
)


class OffsetMap:
    """Offsets into ``text`` (``\\n`` line endings) in ``convention`` for one file.

    ``crlf_lines`` are the indices in ``text`` of the ``\\n`` characters that were CRLF in the
    file (all of them when exporting with CRLF); ``has_bom`` says whether the file starts with one.
    """

    def __init__(
        self,
        text: str,
        convention: Convention,
        crlf_lines: list[int] | None = None,
        has_bom: bool = False,
    ) -> None:
        self.length = len(text)
        self.base = 1 if (has_bom and convention.bom_counted) else 0
        wide: dict[int, int] = {}
        if convention.crlf_as_two and crlf_lines:
            for i in crlf_lines:
                wide[i] = 1
        if convention.utf16 and not text.isascii():
            for i, ch in enumerate(text):
                if ord(ch) > 0xFFFF:
                    wide[i] = wide.get(i, 0) + 1
        self._index = sorted(wide)
        self._extra_before: list[int] = [0]  # extra units before the j-th wide character
        for i in self._index:
            self._extra_before.append(self._extra_before[-1] + wide[i])
        # External offset just after the j-th wide character.
        self._ends = [
            i + 1 + self._extra_before[j + 1] + self.base for j, i in enumerate(self._index)
        ]

    @property
    def trivial(self) -> bool:
        return not self._index and self.base == 0

    def external(self, offset: int) -> int:
        """The external offset of a code-point offset into the text."""
        j = bisect.bisect_left(self._index, offset)
        return self.base + offset + self._extra_before[j]

    def internal(self, external: int) -> int | None:
        """The code-point offset of an external one; ``None`` if it is outside the text or falls
        inside a character (between the halves of a surrogate pair, between CR and LF)."""
        j = bisect.bisect_right(self._ends, external)
        offset = external - self.base - self._extra_before[j]
        if j < len(self._index) and offset > self._index[j]:
            return None
        if offset < 0 or offset > self.length:
            return None
        return offset

    def internal_rounded(self, external: int, *, up: bool) -> int | None:
        """Like :meth:`internal`, but an offset inside a character moves to its start or end."""
        found = self.internal(external)
        if found is not None:
            return found
        j = bisect.bisect_right(self._ends, external)
        if j < len(self._index):
            offset = external - self.base - self._extra_before[j]
            if 0 <= self._index[j] < offset <= self.length:
                return self._index[j] + 1 if up else self._index[j]
        return None


def crlf_positions(raw: str) -> tuple[str, list[int]]:
    """``raw`` with line endings normalised to ``\\n``, and where the CRLFs were."""
    if "\r" not in raw:
        return raw, []
    out: list[str] = []
    crlf: list[int] = []
    length = 0
    for piece in raw.split("\r\n"):
        if out:
            crlf.append(length)
            out.append("\n")
            length += 1
        piece = piece.replace("\r", "\n")
        out.append(piece)
        length += len(piece)
    return "".join(out), crlf
