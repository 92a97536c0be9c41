"""Overlapping codings cut into runs of constant coverage, rebuilt only where codings changed.

The reader colours each run once, by the set of codes covering it. A full sweep over 3,000 codings
costs tens of milliseconds in Python, so after a coding action only the changed ranges are swept
again and spliced into the existing run list. Plain Python (no Qt) so it is easy to test; the
positions are whatever unit the caller uses (the reader passes Qt positions).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

Segment = tuple[int, int, tuple[int, ...]]  # start, end, sorted distinct code ids


@dataclass(frozen=True)
class QtCoding:
    """A coding in Qt positions (what the highlighter and margin work with)."""

    id: int
    code_id: int
    start: int
    end: int


def segments(
    codings: Iterable[QtCoding], lo: int | None = None, hi: int | None = None
) -> list[Segment]:
    """Maximal ``(start, end, code_ids)`` runs where the set of covering codes is constant.

    Sorted, non-overlapping, covered runs only; ``code_ids`` sorted and distinct (two codings of
    the same code colour the text once). With ``lo``/``hi`` every coding is clipped to them.
    """
    events: list[tuple[int, int, int]] = []
    for c in codings:
        a = c.start if lo is None else max(c.start, lo)
        b = c.end if hi is None else min(c.end, hi)
        if b > a:
            events.append((a, 1, c.code_id))
            events.append((b, -1, c.code_id))
    events.sort()
    active: dict[int, int] = {}
    out: list[Segment] = []
    i, n = 0, len(events)
    while i < n:
        pos = events[i][0]
        while i < n and events[i][0] == pos:
            _, delta, code = events[i]
            count = active.get(code, 0) + delta
            if count:
                active[code] = count
            else:
                del active[code]
            i += 1
        if i < n and active:
            key = tuple(sorted(active))
            nxt = events[i][0]
            if out and out[-1][1] == pos and out[-1][2] == key:
                out[-1] = (out[-1][0], nxt, key)
            else:
                out.append((pos, nxt, key))
    return out


def splice(segs: list[Segment], fresh: list[Segment], a: int, b: int) -> list[Segment]:
    """``segs`` with everything inside ``[a, b)`` replaced by ``fresh`` (runs within it).

    Runs straddling ``a`` or ``b`` keep their outside part, and equal neighbours across the seams
    are joined again, so the result equals a full sweep.
    """
    ends = [s[1] for s in segs]
    i = bisect.bisect_right(ends, a)  # first run ending after a
    j = i
    while j < len(segs) and segs[j][0] < b:
        j += 1
    middle: list[Segment] = []
    if i < j and segs[i][0] < a:
        middle.append((segs[i][0], a, segs[i][2]))
    middle.extend(fresh)
    if i < j and segs[j - 1][1] > b:
        middle.append((b, segs[j - 1][1], segs[j - 1][2]))
    out = segs[:i]
    for seg in [*middle, *segs[j : j + 1]]:
        if out and out[-1][1] == seg[0] and out[-1][2] == seg[2]:
            out[-1] = (out[-1][0], seg[1], seg[2])
        else:
            out.append(seg)
    out.extend(segs[j + 1 :])
    return out


def merge_ranges(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted ranges with overlapping or touching ones joined."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


class CodingSet:
    """Codings by id plus a start-sorted index, to find those overlapping a range quickly."""

    def __init__(self, codings: Iterable[QtCoding]) -> None:
        self.by_id = {c.id: c for c in codings}
        self.ordered = sorted(self.by_id.values(), key=lambda c: (c.start, c.id))
        self._starts = [c.start for c in self.ordered]
        self._longest = max((c.end - c.start for c in self.ordered), default=0)

    def overlapping(self, a: int, b: int) -> list[QtCoding]:
        """Codings that cover some of ``[a, b)``."""
        lo = bisect.bisect_left(self._starts, a - self._longest)
        hi = bisect.bisect_left(self._starts, b)
        return [c for c in self.ordered[lo:hi] if c.end > a]

    def changed_ranges(self, old: CodingSet) -> list[tuple[int, int]]:
        """Merged ranges covered by codings added, removed or moved since ``old``."""
        ranges: list[tuple[int, int]] = []
        for cid, c in self.by_id.items():
            before = old.by_id.get(cid)
            if before is not c and before != c:
                ranges.append((c.start, c.end))
                if before is not None:
                    ranges.append((before.start, before.end))
        ranges.extend((c.start, c.end) for cid, c in old.by_id.items() if cid not in self.by_id)
        return merge_ranges(r for r in ranges if r[1] > r[0])
