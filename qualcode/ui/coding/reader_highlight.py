"""How the reader's text looks: speaker turns, coded segments and the space between turns.

Codings overlap freely, so the text is cut into *segments* where the set of covering codes is
constant (a sweep over start and end events). Each segment gets one light blend of its codes'
colours, with a thin underline where two or more codes meet. A :class:`QSyntaxHighlighter` applies
them lazily per block (a bisect finds the segments overlapping the block), which stays fast with
thousands of codings where one ExtraSelection per coding would not; after a coding action only the
blocks under the changed codings are highlighted again.

``QPlainTextEdit`` ignores block margins, so :class:`TurnLayout` adds the space before each
speaker turn to the height of the block above it.

All positions in this module are Qt (UTF-16) positions, converted once by
:class:`~qualcode.ui.coding.text_positions.PositionMap`.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import TypeVar

from PySide6.QtCore import QRectF
from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextDocumentLayout

from qualcode.ui.coding.reader_segments import CodingSet, Segment, merge_ranges, segments, splice

HIGHLIGHT_ALPHA = 0.28  # light enough that text stays readable on light and dark bases
OVERLAP_ALPHA = 0.36  # a little stronger where codes overlap
FALLBACK_COLOUR = "#888888"
T = TypeVar("T")


@dataclass(frozen=True)
class CodeStyle:
    """How a code shows in the reader: its name (tooltips, menus) and colour ("#RRGGBB")."""

    name: str
    colour: str


class TurnStyle(IntEnum):
    LABEL = 1  # a participant's speaker label
    FACILITATOR_LABEL = 2
    FACILITATOR_TEXT = 3


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``t`` towards ``b`` (opaque)."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def blend(colours: Sequence[str]) -> QColor:
    """The mean of some "#RRGGBB" colours, translucent so text on top stays readable."""
    qs = [QColor(c) for c in colours] or [QColor(FALLBACK_COLOUR)]
    n = len(qs)
    out = QColor(
        round(sum(c.red() for c in qs) / n),
        round(sum(c.green() for c in qs) / n),
        round(sum(c.blue() for c in qs) / n),
    )
    out.setAlphaF(HIGHLIGHT_ALPHA if n == 1 else OVERLAP_ALPHA)
    return out


class CodingHighlighter(QSyntaxHighlighter):
    """Speaker-turn styles and coding highlights for one document, block by block."""

    def __init__(self, document: QTextDocument, palette: QPalette) -> None:
        super().__init__(document)
        self._palette = palette
        self._turns: list[tuple[int, int, TurnStyle]] = []
        self._turn_ends: list[int] = []
        self._codings = CodingSet([])
        self._styles: dict[int, CodeStyle] = {}
        self.segments: list[Segment] = []
        self._seg_ends: list[int] = []
        self._formats: dict[tuple[int, tuple[int, ...]], QTextCharFormat] = {}
        self.blocks_highlighted = 0  # a counter, to check that updates stay local

    # -- data -------------------------------------------------------------------------------
    def set_turns(self, turns: list[tuple[int, int, TurnStyle]]) -> None:
        """Sorted, non-overlapping ``(start, end, style)`` runs; applied at the next highlight."""
        self._turns = turns
        self._turn_ends = [t[1] for t in turns]

    def set_palette(self, palette: QPalette) -> None:
        self._palette = palette
        self._formats.clear()

    def set_codings(
        self, codings: CodingSet, styles: dict[int, CodeStyle], *, fresh: bool = False
    ) -> list[tuple[int, int]]:
        """Take new codings and styles; return the Qt ranges whose look changed.

        Runs are swept again only inside the changed ranges, unless there are many of them or
        ``fresh`` says the codings belong to a newly loaded text.
        """
        changed = codings.changed_ranges(self._codings)
        if fresh or not self._codings.by_id or len(changed) > 64:
            self.segments = segments(codings.ordered)
        else:
            for a, b in changed:
                swept = segments(codings.overlapping(a, b), a, b)
                self.segments = splice(self.segments, swept, a, b)
        self._seg_ends = [s[1] for s in self.segments]
        restyled = {
            k for k in styles.keys() | self._styles.keys() if styles.get(k) != self._styles.get(k)
        }
        if restyled:
            self._formats.clear()
            changed.extend((c.start, c.end) for c in codings.ordered if c.code_id in restyled)
        self._codings = codings
        self._styles = dict(styles)
        return merge_ranges(changed)

    def codes_at(self, pos: int) -> tuple[int, ...]:
        """The code ids covering Qt position ``pos``."""
        i = bisect.bisect_right(self._seg_ends, pos)
        if i < len(self.segments) and self.segments[i][0] <= pos:
            return self.segments[i][2]
        return ()

    def rehighlight_range(self, start: int, end: int) -> None:
        """Highlight again every block that intersects ``[start, end)``."""
        doc = self.document()
        if doc is None:
            return
        block = doc.findBlock(start)
        while block.isValid() and block.position() <= max(start, end - 1):
            self.rehighlightBlock(block)
            block = block.next()

    # -- formats ----------------------------------------------------------------------------
    def char_format(self, turn: int, key: tuple[int, ...]) -> QTextCharFormat:
        cached = self._formats.get((turn, key))
        if cached is not None:
            return cached
        fmt = QTextCharFormat()
        text = self._palette.color(QPalette.ColorRole.Text)
        base = self._palette.color(QPalette.ColorRole.Base)
        if turn in (TurnStyle.LABEL, TurnStyle.FACILITATOR_LABEL):
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setForeground(mix(text, base, 0.42))
        if turn in (TurnStyle.FACILITATOR_LABEL, TurnStyle.FACILITATOR_TEXT):
            fmt.setFontItalic(True)
        if turn == TurnStyle.FACILITATOR_TEXT:
            fmt.setForeground(mix(text, base, 0.28))
        if key:
            colours = [
                self._styles[k].colour if k in self._styles else FALLBACK_COLOUR for k in key
            ]
            fmt.setBackground(blend(colours))
            if len(key) > 1:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(mix(blend(colours), text, 0.35))
        self._formats[(turn, key)] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:
        self.blocks_highlighted += 1
        block = self.currentBlock()
        start = block.position()
        end = start + len(text)  # UTF-16 length, as Qt counts it
        if end <= start:
            return
        turns = self._overlapping(self._turns, self._turn_ends, start, end)
        segs = self._overlapping(self.segments, self._seg_ends, start, end)
        if not turns and not segs:
            return
        cuts = {start, end}
        for a, b, _ in turns:
            cuts.update((max(a, start), min(b, end)))
        for a, b, _ in segs:
            cuts.update((max(a, start), min(b, end)))
        points = sorted(cuts)
        ti = si = 0
        for a, b in itertools.pairwise(points):
            while ti < len(turns) and turns[ti][1] <= a:
                ti += 1
            while si < len(segs) and segs[si][1] <= a:
                si += 1
            turn = int(turns[ti][2]) if ti < len(turns) and turns[ti][0] <= a else 0
            key = segs[si][2] if si < len(segs) and segs[si][0] <= a else ()
            if turn or key:
                self.setFormat(a - start, b - a, self.char_format(turn, key))

    @staticmethod
    def _overlapping(
        runs: list[tuple[int, int, T]], ends: list[int], start: int, end: int
    ) -> list[tuple[int, int, T]]:
        i = bisect.bisect_right(ends, start)
        out = []
        while i < len(runs) and runs[i][0] < end:
            out.append(runs[i])
            i += 1
        return out


class TurnLayout(QPlainTextDocumentLayout):
    """The plain-text layout with some space above each speaker turn's first block.

    ``QPlainTextEdit`` ignores block top margins; growing the bounding rectangle of the block
    *before* a turn moves the turn down, and painting, hit-testing and scrolling all ask here.
    """

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.gap = 8.0
        self._before_turn: frozenset[int] = frozenset()  # numbers of blocks followed by a turn

    def set_turn_blocks(self, block_numbers: Iterable[int]) -> None:
        self._before_turn = frozenset(n - 1 for n in block_numbers if n > 0)

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:
        rect = super().blockBoundingRect(block)
        if self._before_turn and block.blockNumber() in self._before_turn:
            rect.setHeight(rect.height() + self.gap)
        return rect
