"""Replace strings in a text and keep every span on the same words.

Pseudonymisation and redaction change a document's text: "Margaret" becomes "Participant 4" (a
different length), a phone number becomes "[redacted]". Codings, quotes and speaker turns are
spans of code points into that text, so each must be moved to where its words now are. The rule,
applied by :class:`Remap`:

- a position outside every replaced stretch moves by the change in length before it;
- a span that starts or ends inside a replaced stretch grows to take the whole replacement (a
  coding that began in the middle of a name now begins at its pseudonym), so the words a span
  covers after the change are the words it covered before, with the replacements made;
- a span lying wholly inside a replaced stretch becomes the whole replacement.

Matching is whole-word and exact by default (case-sensitive), longest string first, left to right,
never overlapping: with "Ann" and "Anne Smith" in the map, "Anne Smith" wins where it occurs.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` (the old string) with ``new``."""

    start: int
    end: int
    new: str


def matcher(mapping: Mapping[str, str], *, ignore_case: bool = False) -> re.Pattern[str] | None:
    """One pattern for every key of ``mapping``: whole words, longest first."""
    keys = sorted((k for k in mapping if k.strip()), key=len, reverse=True)
    if not keys:
        return None
    alternatives = "|".join(re.escape(k) for k in keys)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE if ignore_case else 0)


def find_edits(text: str, mapping: Mapping[str, str], *, ignore_case: bool = False) -> list[Edit]:
    """Where ``mapping``'s keys occur in ``text`` (whole words), as edits in text order."""
    pattern = matcher(mapping, ignore_case=ignore_case)
    if pattern is None:
        return []
    folded = {k.casefold(): v for k, v in mapping.items()} if ignore_case else {}
    edits = []
    for m in pattern.finditer(text):
        found = m.group()
        new = mapping.get(found) if not ignore_case else folded[found.casefold()]
        if new is None or new == found:
            continue
        edits.append(Edit(m.start(), m.end(), new))
    return edits


def replace_all(text: str, mapping: Mapping[str, str], *, ignore_case: bool = False) -> str:
    """``text`` with ``mapping`` applied (for names, titles and memos: no spans to keep)."""
    return apply_edits(text, find_edits(text, mapping, ignore_case=ignore_case))[0]


class Remap:
    """Moves positions and spans of the old text to the new one (see the module's rule)."""

    def __init__(self, edits: Iterable[Edit]) -> None:
        self.edits = sorted(edits, key=lambda e: e.start)
        self._starts = [e.start for e in self.edits]
        self._new_starts: list[int] = []
        shift = 0
        for e in self.edits:
            self._new_starts.append(e.start + shift)
            shift += len(e.new) - (e.end - e.start)

    def __bool__(self) -> bool:
        return bool(self.edits)

    def _locate(self, position: int) -> int:
        """Index of the last edit starting at or before ``position`` (-1 if none)."""
        return bisect.bisect_right(self._starts, position) - 1

    def position(self, position: int, *, as_end: bool) -> int:
        i = self._locate(position)
        if as_end:  # an end exactly at an edit's start stays before it
            while i >= 0 and self.edits[i].start == position:
                i -= 1
        if i < 0:
            return position
        e, new_start = self.edits[i], self._new_starts[i]
        if position >= e.end:
            return new_start + len(e.new) + (position - e.end)
        if position == e.start and not as_end:
            return new_start
        return new_start + len(e.new) if as_end else new_start  # inside: take it whole

    def span(self, start: int, end: int) -> tuple[int, int]:
        a = self.position(start, as_end=False)
        b = self.position(end, as_end=True)
        return a, max(a, b)


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, Remap]:
    """The new text and the :class:`Remap` for its spans. Edits must not overlap."""
    remap = Remap(edits)
    pieces: list[str] = []
    at = 0
    for e in remap.edits:
        if e.start < at:
            raise ValueError(f"overlapping replacements at {e.start}")
        pieces.append(text[at : e.start])
        pieces.append(e.new)
        at = e.end
    pieces.append(text[at:])
    return "".join(pieces), remap
