"""The coding margin: one coloured stripe per coding beside the lines it covers.

Researchers read coding density and overlap at a glance from stripes, as in MAXQDA or NVivo.
Codings get *lanes* (first fit over the blocks they touch, so two codings never share a column on
the same line) and only the codings overlapping the visible blocks are laid out on each paint. The
margin lives inside the text edit's left viewport margin, so its coordinates are the viewport's.

Hover lists the codes covering that line; a click selects the coding; the context menu removes it.
The margin only emits signals: it never changes codings itself.
"""

from __future__ import annotations

import bisect
from html import escape

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolTip, QWidget

from qualcode.ui.coding.reader_highlight import FALLBACK_COLOUR, CodeStyle, mix
from qualcode.ui.coding.reader_segments import CodingSet, QtCoding

BAR = 4  # stripe width
GAP = 3  # space between lanes
PAD = 6  # space left and right of the stripes
MAX_LANES = 12  # deeper overlaps share the last lane (the tooltip still lists every code)


class CodingMargin(QWidget):
    codingClicked = Signal(int)  # coding id
    removeCodingRequested = Signal(int)  # coding id

    def __init__(self, edit: QPlainTextEdit) -> None:
        super().__init__(edit)
        self._edit = edit
        self._codings: list[QtCoding] = []  # sorted by start
        self._starts: list[int] = []
        self._longest = 0
        self._lanes: dict[int, int] = {}
        self._blocks: dict[int, tuple[int, int]] = {}  # first and last block of each coding
        self._by_id: dict[int, QtCoding] = {}
        self.lane_count = 0
        self._styles: dict[int, CodeStyle] = {}
        self.bars: list[tuple[QRectF, QtCoding]] = []  # laid out by the last paint
        self.setMouseTracking(True)
        edit.updateRequest.connect(self._on_update_request)

    # -- data -------------------------------------------------------------------------------
    def set_codings(
        self, codings: CodingSet, styles: dict[int, CodeStyle], *, relayout: bool = False
    ) -> None:
        """Take codings (Qt positions) and give each a lane; the caller resizes and repaints.

        Codings already shown keep their lanes, so stripes do not jump when one is added;
        ``relayout`` (a new document) or a bulk change lays every lane out afresh.
        """
        doc = self._edit.document()
        old = {} if relayout else self._blocks
        blocks: dict[int, tuple[int, int]] = {}
        fresh: list[QtCoding] = []
        ordered = [c for c in codings.ordered if c.end > c.start]
        for c in ordered:
            known = old.get(c.id)
            if known is not None and self._by_id.get(c.id) == c:
                blocks[c.id] = known
            else:
                blocks[c.id] = (
                    doc.findBlock(c.start).blockNumber(),
                    doc.findBlock(c.end - 1).blockNumber(),
                )
                fresh.append(c)
        if relayout or len(fresh) > 50:
            lanes = self._first_fit(ordered, blocks)
        else:
            lanes = {cid: lane for cid, lane in self._lanes.items() if cid in blocks}
            for c in fresh:
                lanes.pop(c.id, None)
            for c in fresh:
                first, last = blocks[c.id]
                used = {
                    lane
                    for other, lane in lanes.items()
                    if blocks[other][0] <= last and blocks[other][1] >= first
                }
                lanes[c.id] = min(set(range(len(used) + 1)) - used)
        self._codings = ordered
        self._by_id = {c.id: c for c in ordered}
        self._starts = [c.start for c in ordered]
        self._longest = max((c.end - c.start for c in ordered), default=0)
        self._blocks = blocks
        self._lanes = lanes
        self.lane_count = max(lanes.values(), default=-1) + 1
        self._styles = dict(styles)

    @staticmethod
    def _first_fit(ordered: list[QtCoding], blocks: dict[int, tuple[int, int]]) -> dict[int, int]:
        """Lanes for codings sorted by start: each takes the lowest lane free from its block."""
        lane_last: list[int] = []  # last block number used in each lane
        lanes: dict[int, int] = {}
        for c in ordered:
            first, last = blocks[c.id]
            for lane, used in enumerate(lane_last):
                if used < first:
                    lane_last[lane] = last
                    break
            else:
                lane = len(lane_last)
                lane_last.append(last)
            lanes[c.id] = lane
        return lanes

    def preferred_width(self) -> int:
        lanes = max(1, min(self.lane_count, MAX_LANES))
        return 2 * PAD + lanes * BAR + (lanes - 1) * GAP

    def _colour(self, c: QtCoding) -> QColor:
        style = self._styles.get(c.code_id)
        return QColor(style.colour if style else FALLBACK_COLOUR)

    def _name(self, c: QtCoding) -> str:
        style = self._styles.get(c.code_id)
        return style.name if style else f"Code {c.code_id}"

    # -- layout -----------------------------------------------------------------------------
    def layout_bars(self) -> list[tuple[QRectF, QtCoding]]:
        """Stripe rectangles for the codings on the visible lines (viewport coordinates)."""
        edit = self._edit
        block = edit.firstVisibleBlock()
        if not block.isValid() or not self._codings:
            return []
        height = float(edit.viewport().height())
        tops: dict[int, float] = {}
        top = edit.blockBoundingGeometry(block).translated(edit.contentOffset()).top()
        first_no = block.blockNumber()
        last = block
        while block.isValid() and top <= height:
            tops[block.blockNumber()] = top
            last = block
            top += edit.blockBoundingRect(block).height()
            block = block.next()
        last_no = last.blockNumber()
        vis_start = edit.firstVisibleBlock().position()
        vis_end = last.position() + last.length()
        doc = edit.document()

        def y_at(pos: int, bottom: bool) -> float:
            blk = doc.findBlock(pos)
            number = blk.blockNumber()
            if number < first_no:
                return -2.0
            if number > last_no:
                return height + 2.0
            line = blk.layout().lineForTextPosition(pos - blk.position())
            if not line.isValid():
                return tops[number]
            return tops[number] + line.y() + (line.height() if bottom else 0.0)

        bars: list[tuple[QRectF, QtCoding]] = []
        lo = bisect.bisect_left(self._starts, vis_start - self._longest)
        hi = bisect.bisect_left(self._starts, vis_end)
        for c in self._codings[lo:hi]:
            if c.end <= vis_start:
                continue
            y0, y1 = y_at(c.start, False), y_at(c.end - 1, True)
            lane = min(self._lanes[c.id], MAX_LANES - 1)
            x = PAD + lane * (BAR + GAP)
            bars.append((QRectF(x, y0 + 1.0, BAR, max(2.0, y1 - y0 - 2.0)), c))
        return bars

    def coding_at(self, pos: QPoint) -> QtCoding | None:
        """The coding whose stripe (with its share of the gap) is under ``pos``."""
        for rect, c in reversed(self.bars):
            hit = QRectF(rect.x() - GAP / 2, rect.y() - 1, BAR + GAP, rect.height() + 2)
            if hit.contains(pos.toPointF()):
                return c
        return None

    # -- painting ---------------------------------------------------------------------------
    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy or rect.contains(self._edit.viewport().rect()):
            self.update()
        else:
            self.update(0, rect.y(), self.width(), rect.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        window = self.palette().color(QPalette.ColorRole.Window)
        base = self.palette().color(QPalette.ColorRole.Base)
        painter.fillRect(event.rect(), mix(base, window, 0.6))
        painter.setPen(mix(base, self.palette().color(QPalette.ColorRole.Mid), 0.6))
        painter.drawLine(
            self.width() - 1, event.rect().top(), self.width() - 1, event.rect().bottom()
        )
        self.bars = self.layout_bars()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        for rect, c in self.bars:
            painter.setBrush(self._colour(c))
            painter.drawRoundedRect(rect, BAR / 2, BAR / 2)
        painter.end()

    # -- interaction ------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            html = self.tooltip_at(event.pos())
            if html:
                QToolTip.showText(event.globalPos(), html, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def tooltip_at(self, pos: QPoint) -> str:
        """Rich text naming the codes whose stripes cover the height of ``pos``."""
        under = self.coding_at(pos)
        seen: dict[int, bool] = {}
        for rect, c in sorted(self.bars, key=lambda b: self._lanes.get(b[1].id, 0)):
            if rect.top() - 1 <= pos.y() <= rect.bottom() + 1:
                seen[c.code_id] = seen.get(c.code_id, False) or c is under
        rows = []
        for code_id, hovered in seen.items():
            style = self._styles.get(code_id)
            name = escape(style.name if style else f"Code {code_id}")
            colour = style.colour if style else FALLBACK_COLOUR
            label = f"<b>{name}</b>" if hovered else name
            rows.append(f"<span style='color:{colour}'>&#9632;</span>&nbsp;{label}")
        return "<br>".join(rows)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.coding_at(event.position().toPoint()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        c = self.coding_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and c is not None:
            self.codingClicked.emit(c.id)
            event.accept()
            return
        super().mousePressEvent(event)

    def coding_menu(self, coding_id: int) -> QMenu:
        """The context menu for one coding's stripe (built fresh each time)."""
        menu = QMenu(self)
        c = self._by_id.get(coding_id)
        name = self._name(c) if c is not None else f"coding {coding_id}"
        select = menu.addAction(f"Select “{name}” extract")
        select.triggered.connect(lambda: self.codingClicked.emit(coding_id))
        menu.addSeparator()
        remove = menu.addAction("Remove coding")
        remove.setObjectName("remove-coding")
        remove.setToolTip(f"Remove this “{name}” coding (the text is not changed)")
        remove.triggered.connect(lambda: self.removeCodingRequested.emit(coding_id))
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        c = self.coding_at(event.pos())
        if c is None:
            event.ignore()
            return
        menu = self.coding_menu(c.id)
        menu.exec(event.globalPos())
        menu.deleteLater()
