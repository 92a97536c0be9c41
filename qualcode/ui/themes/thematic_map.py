"""The thematic map: candidate themes, sub-themes and their codes, arranged by hand on a canvas.

In phase 3 the map *is* the structure: dragging a code onto a theme links it, dropping a theme on
another makes a sub-theme or a merge, and positions are part of the project. The view therefore
never changes the project or its own structure: every gesture becomes a signal with plain ids and
coordinates, the owner runs the undoable service, then calls :meth:`ThematicMapView.set_data`
again. A node dropped on a theme goes back where it started until that refresh, so a declined or
undone action leaves nothing stale on the canvas. Zoom and scroll survive refreshes.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.errors import StorageError
from qualcode.exporters.atomic import write_bytes_atomically
from qualcode.ui.coding.codebook_model import CODE_MIME, parse_code_ids
from qualcode.ui.themes.map_items import CodeNode, LinkLine, MapNode, ParentLine, ThemeNode
from qualcode.ui.themes.map_menu import build_menu
from qualcode.ui.themes.map_model import MapData, auto_layout, home_themes, unthemed_origin

__all__ = ["MapComparison", "ThematicMapView"]

EXPORT_MARGIN = 40.0
MAX_EXPORT_SIDE = 16000  # pixels; a larger scale is reduced rather than running out of memory
MAX_EXPORT_PIXELS = 90_000_000
MIN_ZOOM, MAX_ZOOM = 0.03, 6.0


class ThematicMapView(QGraphicsView):
    """Draws a :class:`MapData` and turns drags, drops and menus into signals for its owner."""

    nodeMoved = Signal(str, int, float, float)  # "theme" | "code", id, new centre x, y
    codeDroppedOnTheme = Signal(int, int)  # code id, theme id
    themeDroppedOnTheme = Signal(int, int)  # dropped theme id, target theme id
    linkRemoveRequested = Signal(int, int)  # theme id, code id
    themeActionRequested = Signal(int, str)  # theme id, action (see map_menu.THEME_ACTIONS)
    themeStatusRequested = Signal(int, str)  # theme id, the status to give it
    newThemeRequested = Signal(float, float)  # scene position of the click
    codeActivated = Signal(int)  # code id (double-click or "Open code")

    def __init__(self, parent: QWidget | None = None, read_only: bool = False) -> None:
        super().__init__(parent)
        self.read_only = read_only
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setBackgroundBrush(QColor("#fbfbfa"))
        self.setAcceptDrops(not read_only)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.theme_font = QFont(self.font())
        self.theme_font.setPointSizeF(11)
        self.theme_font.setBold(True)
        self.badge_font = QFont(self.font())
        self.badge_font.setPointSizeF(7)
        self.code_font = QFont(self.font())
        self.code_font.setPointSizeF(8)

        self.data = MapData()
        self.themes: dict[int, ThemeNode] = {}
        self.codes: dict[int, CodeNode] = {}
        self.links: dict[tuple[int, int], LinkLine] = {}
        self.parent_lines: list[ParentLine] = []
        self._loaded = False
        self._fit_pending = False
        self._press: dict[MapNode, QPointF] = {}
        self._grabbed: MapNode | None = None
        self._highlit: ThemeNode | None = None
        self._pan_from: QPoint | None = None

    # -- data ---------------------------------------------------------------------------------
    def set_data(self, data: MapData) -> None:
        """Redraw the map from ``data``, keeping the current zoom and the point in view."""
        centre = self.mapToScene(self.viewport().rect().center()) if self._loaded else None
        scene = self.scene()
        self._highlit, self._grabbed, self._press = None, None, {}
        scene.clear()
        self.themes, self.codes, self.links, self.parent_lines = {}, {}, {}, []
        self.data = data
        positions = auto_layout(data)
        home = home_themes(data)

        for i, theme in enumerate(data.themes):
            node = ThemeNode(theme, self.theme_font, self.badge_font, i)
            node.setPos(*positions["theme", theme.id])
            scene.addItem(node)
            self.themes[theme.id] = node
        names: dict[int, list[str]] = {}
        for theme_id, code_id in data.links:
            if theme_id in self.themes:
                names.setdefault(code_id, []).append(self.themes[theme_id].theme.name)
        for code in data.codes:
            code_node = CodeNode(code, self.code_font, names.get(code.id, []))
            code_node.setPos(*positions["code", code.id])
            scene.addItem(code_node)
            self.codes[code.id] = code_node
        for theme_id, code_id in data.links:
            key = (theme_id, code_id)
            if key in self.links or theme_id not in self.themes or code_id not in self.codes:
                continue
            primary = home.get(code_id) == theme_id
            link = LinkLine(self.themes[theme_id], self.codes[code_id], primary)
            scene.addItem(link)
            self.links[key] = link
        for theme in data.themes:
            parent = self.themes.get(theme.parent_id) if theme.parent_id is not None else None
            if parent is not None and theme.parent_id != theme.id:
                line = ParentLine(parent, self.themes[theme.id])
                scene.addItem(line)
                self.parent_lines.append(line)
        origin = unthemed_origin(data, positions)
        if origin is not None:
            caption = QGraphicsSimpleTextItem("Codes not yet in a theme")
            caption.setFont(self.theme_font)
            caption.setBrush(QColor("#757575"))
            caption.setPos(origin[0], origin[1] - 30)
            scene.addItem(caption)

        for item in (*self.themes.values(), *self.codes.values()):
            item.setFlag(MapNode.GraphicsItemFlag.ItemIsMovable, not self.read_only)
            item.follow_moves()
        margin = 800.0
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-margin, -margin, margin, margin))
        if centre is None:
            self._loaded = True
            self.fit()
        else:
            self.centerOn(centre)

    def node(self, kind: str, node_id: int) -> MapNode | None:
        return (self.themes if kind == "theme" else self.codes).get(node_id)

    # -- zoom -----------------------------------------------------------------------------------
    def zoom_level(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        target = min(max(self.zoom_level() * factor, MIN_ZOOM), MAX_ZOOM)
        factor = target / self.zoom_level()
        self.scale(factor, factor)

    def fit(self) -> None:
        """Show the whole map (never magnified beyond 150 %)."""
        if not self.isVisible():
            self._fit_pending = True
            return
        rect = self.content_rect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom_level() > 1.5:
            self.zoom_by(1.5 / self.zoom_level())

    def content_rect(self) -> QRectF:
        rect = self.scene().itemsBoundingRect()
        return rect.adjusted(-EXPORT_MARGIN, -EXPORT_MARGIN, EXPORT_MARGIN, EXPORT_MARGIN)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fit_pending:
            self._fit_pending = False
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(1.0015 ** event.angleDelta().y())
            event.accept()
        else:
            super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.25)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(0.8)
        elif key == Qt.Key.Key_F:
            self.fit()
        elif key == Qt.Key.Key_0:
            self.zoom_by(1.0 / self.zoom_level())
        else:
            super().keyPressEvent(event)

    # -- moving nodes ---------------------------------------------------------------------------
    def node_at(self, view_pos: QPoint) -> MapNode | None:
        return next((i for i in self.items(view_pos) if isinstance(i, MapNode)), None)

    def theme_at(self, scene_pos: QPointF, exclude: set[MapNode] | None = None) -> ThemeNode | None:
        for item in self.scene().items(scene_pos):
            if isinstance(item, ThemeNode) and (exclude is None or item not in exclude):
                return item
        return None

    def _highlight(self, theme: ThemeNode | None) -> None:
        if self._highlit is not None and self._highlit is not theme:
            self._highlit.set_drop_highlight(False)
        self._highlit = theme
        if theme is not None:
            theme.set_drop_highlight(True)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        super().mousePressEvent(event)
        node = self.node_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and node is not None and not self.read_only:
            self.begin_drag(node)

    def begin_drag(self, node: MapNode) -> None:
        """Remember where the grabbed node (and everything selected with it) started."""
        self._grabbed = node
        moving = {i for i in self.scene().selectedItems() if isinstance(i, MapNode)} | {node}
        self._press = {n: n.pos() for n in moving}

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            delta = event.position().toPoint() - self._pan_from
            self._pan_from = event.position().toPoint()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            return
        super().mouseMoveEvent(event)
        if self._grabbed is not None and self._grabbed.pos() != self._press.get(self._grabbed):
            where = self.mapToScene(event.position().toPoint())
            self._highlight(self.theme_at(where, set(self._press)))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None and event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = None
            self.viewport().unsetCursor()
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self.finish_drag(self.mapToScene(event.position().toPoint()))

    def finish_drag(self, scene_pos: QPointF) -> None:
        """Turn the finished drag into signals: drops onto a theme, or new positions."""
        grabbed, press = self._grabbed, self._press
        self._grabbed, self._press = None, {}
        self._highlight(None)
        if grabbed is None:
            return
        moved = [n for n, p in press.items() if (n.pos() - p).manhattanLength() > 0.5]
        moved.sort(key=lambda n: (n.kind, n.node_id))
        if not moved:
            return
        target = self.theme_at(scene_pos, set(moved)) if grabbed in moved else None
        drops: list[tuple[str, int, int]] = []
        if target is not None:
            for n in moved:
                if grabbed.kind == "code" and n.kind == "code":
                    if (target.node_id, n.node_id) not in self.links:
                        drops.append(("code", n.node_id, target.node_id))
                        n.setPos(press[n])
                elif n is grabbed:  # a theme dropped on a theme
                    drops.append(("theme", n.node_id, target.node_id))
                    n.setPos(press[n])
        moves = [
            (n.kind, n.node_id, n.pos().x(), n.pos().y()) for n in moved if n.pos() != press[n]
        ]
        # Plain values only from here: the owner may rebuild the scene inside any of these.
        for kind, node_id, target_id in drops:
            signal = self.codeDroppedOnTheme if kind == "code" else self.themeDroppedOnTheme
            signal.emit(node_id, target_id)
        for kind, node_id, x, y in moves:
            self.nodeMoved.emit(kind, node_id, x, y)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        node = self.node_at(event.position().toPoint())
        if isinstance(node, ThemeNode):
            if not self.read_only:
                self.themeActionRequested.emit(node.node_id, "edit")
            return
        if isinstance(node, CodeNode):
            self.codeActivated.emit(node.node_id)
            return
        super().mouseDoubleClickEvent(event)

    # -- context menus --------------------------------------------------------------------------
    def context_menu_at(self, scene_pos: QPointF) -> QMenu | None:
        """The menu for whatever is at ``scene_pos`` (its actions emit this view's signals)."""
        return None if self.read_only else build_menu(self, scene_pos)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu_at(self.mapToScene(event.pos()))
        if menu is None:
            event.ignore()
            return
        menu.exec(event.globalPos())
        menu.deleteLater()

    # -- codes dragged in from the codebook -----------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self.read_only and event.mimeData().hasFormat(CODE_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        theme = None
        if not self.read_only and event.mimeData().hasFormat(CODE_MIME):
            theme = self.theme_at(self.mapToScene(event.position().toPoint()))
        self._highlight(theme)
        if theme is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._highlight(None)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        self._highlight(None)
        mime = event.mimeData()
        if self.read_only or not mime.hasFormat(CODE_MIME):
            event.ignore()
            return
        theme = self.theme_at(self.mapToScene(event.position().toPoint()))
        ids = parse_code_ids(bytes(mime.data(CODE_MIME).data()))
        if theme is None or not ids:
            event.ignore()
            return
        event.acceptProposedAction()
        theme_id = theme.node_id
        for code_id in [c for c in ids if (theme_id, c) not in self.links]:
            self.codeDroppedOnTheme.emit(code_id, theme_id)

    # -- export ---------------------------------------------------------------------------------
    def _render(self, painter: QPainter, target: QRectF, source: QRectF) -> None:
        selected = self.scene().selectedItems()
        for item in selected:
            item.setSelected(False)
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        painter.fillRect(target, QColor("white"))
        # Cached nodes would be pasted in as bitmaps (blurry PNG, raster images in SVG).
        nodes = [*self.themes.values(), *self.codes.values()]
        for node in nodes:
            node.setCacheMode(MapNode.CacheMode.NoCache)
        try:
            self.scene().render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
        finally:
            for node in nodes:
                node.setCacheMode(MapNode.CacheMode.DeviceCoordinateCache)
            for item in selected:
                item.setSelected(True)

    def export_png(self, path: Path, scale: float = 2.0) -> QSize:
        """Write the whole map as a PNG on white; returns the image size in pixels."""
        source = self.content_rect()
        w, h = max(source.width(), 1.0), max(source.height(), 1.0)
        scale = min(scale, MAX_EXPORT_SIDE / max(w, h), math.sqrt(MAX_EXPORT_PIXELS / (w * h)))
        image = QImage(math.ceil(w * scale), math.ceil(h * scale), QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            self._render(painter, QRectF(image.rect()), source)
        finally:
            painter.end()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # PySide6 takes the format (a C string) as str; its stub says bytes, which it rejects
        if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
            raise StorageError(f"Could not draw the map as a PNG for {path.name}.")
        # whole or not at all, owner-only, like every export
        write_bytes_atomically(path, bytes(buffer.data().data()))
        return image.size()

    def export_svg(self, path: Path) -> None:
        """Write the whole map as an SVG (vector, text kept as text) on white."""
        source = self.content_rect()
        size = QSize(math.ceil(source.width()), math.ceil(source.height()))
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(size)
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setTitle("Thematic map")
        generator.setDescription("Exported from QualCode")
        painter = QPainter(generator)
        try:
            self._render(painter, QRectF(0, 0, size.width(), size.height()), source)
        finally:
            painter.end()
        write_bytes_atomically(path, bytes(buffer.data().data()))


class MapComparison(QWidget):
    """A saved version of the map beside the current one, both read-only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.left_title, self.right_title = QLabel(), QLabel()
        self.left = ThematicMapView(read_only=True)
        self.right = ThematicMapView(read_only=True)
        for title, view in ((self.left_title, self.left), (self.right_title, self.right)):
            pane = QWidget(splitter)
            column = QVBoxLayout(pane)
            column.setContentsMargins(0, 0, 0, 0)
            title.setStyleSheet("font-weight: bold; padding: 4px;")
            column.addWidget(title)
            column.addWidget(view, 1)
            splitter.addWidget(pane)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def set_maps(self, left: MapData, left_title: str, right: MapData, right_title: str) -> None:
        self.left_title.setText(left_title)
        self.right_title.setText(right_title)
        for view, data in ((self.left, left), (self.right, right)):
            view.set_data(data)
            view.fit()
