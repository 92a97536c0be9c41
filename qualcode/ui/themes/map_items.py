"""The graphics items of the thematic map: theme boxes, code pills and the lines between them.

Items are drawn by one short ``paint`` each and cached per device (``DeviceCoordinateCache``), so
scrolling a map of a thousand codes repaints pixmaps, not Python; a node is re-rendered only when
the zoom changes or it is selected. Text is measured once, when the item is built. Nodes keep the
lines attached to them and bend those lines as they are dragged; everything else (what a drop
means, saving positions) belongs to the view and its owner.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from qualcode.ui.themes.map_model import (
    CODE_H,
    CODE_LINE_H,
    CODE_MAX_W,
    THEME_MAX_H,
    THEME_MAX_W,
    MapCode,
    MapTheme,
)

_FALLBACK = ("#4363d8", "#e6194b", "#3cb44b", "#f58231", "#911eb4", "#008080", "#9a6324")
_SELECT = QColor("#1a73e8")
_DROP = QColor("#ff8f00")
_GREY = QColor("#9e9e9e")
_ALIGN_WRAP = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)

_GF = QGraphicsItem.GraphicsItemFlag


def colour_of(name: str, fallback_index: int) -> QColor:
    colour = QColor(name) if name else QColor()
    return colour if colour.isValid() else QColor(_FALLBACK[fallback_index % len(_FALLBACK)])


def _tint(colour: QColor, amount: float) -> QColor:
    """``colour`` mixed with white (amount 0 = unchanged, 1 = white)."""
    r, g, b = colour.redF(), colour.greenF(), colour.blueF()
    return QColor.fromRgbF(r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def _ink_for(fill: QColor) -> QColor:
    luminance = 0.299 * fill.redF() + 0.587 * fill.greenF() + 0.114 * fill.blueF()
    return QColor("#111111") if luminance > 0.58 else QColor("#ffffff")


class MapNode(QGraphicsItem):
    """A draggable node; keeps its attached lines following it."""

    kind = ""

    def __init__(self, node_id: int, rect: QRectF) -> None:
        super().__init__()
        self.node_id = node_id
        self.edges: list[MapLine] = []
        self.drop_highlight = False
        self._rect = rect
        self._outer = rect.adjusted(-5, -5, 5, 5)
        self.setFlags(_GF.ItemIsSelectable | _GF.ItemIsMovable)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(2)

    def follow_moves(self) -> None:
        """Start telling attached lines about moves (after the scene is built, not during)."""
        self.setFlag(_GF.ItemSendsGeometryChanges, True)

    def boundingRect(self) -> QRectF:
        return self._outer

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self._rect, 8, 8)
        return path

    def set_drop_highlight(self, on: bool) -> None:
        if on != self.drop_highlight:
            self.drop_highlight = on
            self.update()

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for edge in self.edges:
                edge.refresh()
        return super().itemChange(change, value)

    def _paint_marks(self, painter: QPainter, radius: float) -> None:
        """Selection and drop-target outlines, drawn outside the node's own border."""
        if self.drop_highlight or self.isSelected():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(_DROP if self.drop_highlight else _SELECT, 3))
            painter.drawRoundedRect(self._rect.adjusted(-3, -3, 3, 3), radius + 3, radius + 3)


class ThemeNode(MapNode):
    """A theme: rounded box in a tint of its colour, name in bold, status as a badge."""

    kind = "theme"

    def __init__(self, theme: MapTheme, font: QFont, badge_font: QFont, index: int) -> None:
        self.theme = theme
        self.font, self.badge_font = font, badge_font
        metrics, badge_metrics = QFontMetricsF(font), QFontMetricsF(badge_font)
        self.label = metrics.elidedText(theme.name, Qt.TextElideMode.ElideRight, THEME_MAX_W * 1.7)
        text = metrics.boundingRect(QRectF(0, 0, THEME_MAX_W - 24, 400), _ALIGN_WRAP, self.label)
        self.badge = "miscellaneous" if theme.is_miscellaneous else theme.status
        badge_w = badge_metrics.horizontalAdvance(self.badge) + 12
        width = min(max(text.width() + 28, badge_w + 24, 110.0), THEME_MAX_W)
        height = min(text.height() + badge_metrics.height() + 22, THEME_MAX_H)
        super().__init__(theme.id, QRectF(-width / 2, -height / 2, width, height))
        self._badge_h = badge_metrics.height() + 2
        self._badge_w = badge_w
        self.setZValue(3)
        self.setToolTip(f"{theme.name}\nStatus: {self.badge}")

        base = colour_of(theme.colour, index)
        self.base = base
        self.fill = _tint(base, 0.72)
        self.ink = QColor("#1b1b1b")
        self.border_width = {"final": 3.5, "defined": 2.2}.get(theme.status, 1.5)
        style = Qt.PenStyle.DashLine if theme.status == "candidate" else Qt.PenStyle.SolidLine
        border = base.darker(160)
        if theme.is_miscellaneous:
            self.fill, border, style = QColor("#f4f1ea"), QColor("#6d6d6d"), Qt.PenStyle.DotLine
            self.border_width = max(self.border_width, 2.0)
        if theme.status == "discarded":
            self.fill, border, self.ink = QColor("#eeeeee"), _GREY, QColor("#616161")
            style = Qt.PenStyle.DashDotLine
            self.setOpacity(0.45)
        self.border = border
        self.pen = QPen(border, self.border_width, style)
        self.pen.setCapStyle(Qt.PenCapStyle.FlatCap)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_marks(painter, 10)
        rect = self._rect
        painter.setPen(self.pen)
        painter.setBrush(QBrush(self.fill))
        painter.drawRoundedRect(rect, 10, 10)
        text_rect = rect.adjusted(10, 5, -10, -self._badge_h - 5)
        painter.setFont(self.font)
        painter.setPen(self.ink)
        painter.drawText(text_rect, _ALIGN_WRAP, self.label)
        badge = QRectF(
            rect.center().x() - self._badge_w / 2,
            rect.bottom() - self._badge_h - 5,
            self._badge_w,
            self._badge_h,
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(self.border if self.theme.status != "final" else self.base))
        painter.drawRoundedRect(badge, self._badge_h / 2, self._badge_h / 2)
        painter.setFont(self.badge_font)
        painter.setPen(_ink_for(painter.brush().color()))
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), self.badge)


def _two_lines(name: str, metrics: QFontMetricsF, width: float) -> tuple[str, list[str]]:
    """``name`` in one line, or wrapped at a word into two; only a name too long for two lines
    is shortened (with an ellipsis). The map is printed in reports: names stay readable whole."""
    if metrics.horizontalAdvance(name) <= width:
        return name, [name]
    words = name.split()
    first = words[0]
    for i in range(1, len(words)):
        candidate = " ".join(words[: i + 1])
        if metrics.horizontalAdvance(candidate) > width:
            break
        first = candidate
    rest = name[len(first) :].strip()
    if not rest:  # one long word: let it be cut
        first = metrics.elidedText(name, Qt.TextElideMode.ElideRight, width)
        return first, [first]
    first = metrics.elidedText(first, Qt.TextElideMode.ElideRight, width)
    second = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return f"{first}\n{second}", [first, second]


class CodeNode(MapNode):
    """A code: a small pill filled with the code's colour."""

    kind = "code"

    def __init__(self, code: MapCode, font: QFont, themes: list[str]) -> None:
        self.code = code
        self.font = font
        metrics = QFontMetricsF(font)
        self.label, lines = _two_lines(code.name, metrics, CODE_MAX_W - 18)
        width = min(max(metrics.horizontalAdvance(line) for line in lines) + 18, CODE_MAX_W)
        height = CODE_LINE_H if len(lines) == 1 else min(CODE_H, 2 * metrics.lineSpacing() + 8)
        self.radius = min(CODE_LINE_H / 2, height / 2)
        super().__init__(code.id, QRectF(-width / 2, -height / 2, width, height))
        self.fill = colour_of(code.colour, code.id)
        self.ink = _ink_for(self.fill)
        self.pen = QPen(self.fill.darker(140), 1)
        where = ", ".join(themes) if themes else "no theme yet"
        self.setToolTip(f"{code.name}\nIn: {where}")

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self._rect, self.radius, self.radius)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_marks(painter, self.radius)
        painter.setPen(self.pen)
        painter.setBrush(QBrush(self.fill))
        painter.drawRoundedRect(self._rect, self.radius, self.radius)
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        if lod >= 0.3:  # text below ~3 px is noise; leave the pill
            painter.setFont(self.font)
            painter.setPen(self.ink)
            painter.drawText(self._rect, int(Qt.AlignmentFlag.AlignCenter), self.label)


class MapLine(QGraphicsPathItem):
    """A line between two nodes that follows them; ``refresh`` re-routes it."""

    def __init__(self, a: MapNode, b: MapNode, pen: QPen, bend: float = 0.0) -> None:
        super().__init__()
        self.a, self.b = a, b
        self.bend = bend
        self._hit = QPainterPath()
        self.setPen(pen)
        self.setZValue(0)
        a.edges.append(self)
        b.edges.append(self)
        self.refresh()

    def refresh(self) -> None:
        start, end = self.a.pos(), self.b.pos()
        path = QPainterPath(start)
        if self.bend:
            mid = (start + end) / 2
            d = end - start
            path.quadTo(mid + QPointF(-d.y(), d.x()) * self.bend, end)
        else:
            path.lineTo(end)
        self.setPath(path)
        stroker = QPainterPathStroker()
        stroker.setWidth(max(self.pen().widthF(), 8.0))
        self._hit = stroker.createStroke(path)

    def shape(self) -> QPainterPath:
        return self._hit


class LinkLine(MapLine):
    """A theme–code link; curved and fainter when the code sits in another theme's cluster."""

    def __init__(self, theme: ThemeNode, code: CodeNode, primary: bool) -> None:
        colour = QColor(_GREY if theme.theme.status == "discarded" else theme.base.darker(130))
        colour.setAlpha(150 if primary else 90)
        pen = QPen(colour, 1.2 if primary else 1.0)
        if not primary:
            pen.setStyle(Qt.PenStyle.DashLine)
        super().__init__(theme, code, pen, 0.0 if primary else 0.12)
        self.theme_id, self.code_id = theme.node_id, code.node_id
        # Links in one column of codes overlap: the shortest on top owns each visible stretch.
        length = (code.pos() - theme.pos()).manhattanLength()
        self.setZValue(0.5 - min(length, 5000.0) / 10000.0)
        self.setToolTip(f"{theme.theme.name} — {code.code.name}")


class ParentLine(MapLine):
    """The thick line joining a sub-theme to its parent theme."""

    def __init__(self, parent: ThemeNode, child: ThemeNode) -> None:
        pen = QPen(QColor("#455a64"), 4.0)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        super().__init__(parent, child, pen)
        self.setZValue(1)
        self.parent_id, self.child_id = parent.node_id, child.node_id
