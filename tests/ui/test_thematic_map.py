"""The thematic map widget: drawing, automatic layout, gestures as signals, export, comparison."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent, QImage, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from benchmarks.map_bench import synthetic_map
from qualcode.ui.coding.codebook_model import CODE_MIME
from qualcode.ui.themes.map_items import CodeNode, LinkLine, MapNode, ParentLine, ThemeNode
from qualcode.ui.themes.map_model import MapCode, MapData, MapTheme, auto_layout
from qualcode.ui.themes.thematic_map import MapComparison, ThematicMapView


def small_map() -> MapData:
    themes = [
        MapTheme(1, "Access to services", None, "final", "#4363d8", False, None, None),
        MapTheme(2, "Waiting lists", 1, "candidate", "#e6194b", False, None, None),
        MapTheme(3, "Stigma", None, "discarded", "#3cb44b", False, None, None),
        MapTheme(4, "Miscellaneous", None, "candidate", "", True, None, None),
    ]
    codes = [MapCode(i, f"Code {i}", "#f58231") for i in range(1, 9)]
    links = [(1, 1), (1, 2), (1, 3), (2, 4), (2, 5), (3, 6), (4, 7), (2, 1)]
    return MapData(themes, codes, links)


@pytest.fixture
def view(qtbot) -> ThematicMapView:
    v = ThematicMapView()
    qtbot.addWidget(v)
    v.resize(900, 700)
    v.set_data(small_map())
    v.show()
    qtbot.waitExposed(v)
    return v


def empty_spot(view: ThematicMapView) -> QPointF:
    rect = view.scene().itemsBoundingRect()
    return QPointF(rect.right() + 300, rect.bottom() + 300)


def menu_action(menu: QMenu, text: str):
    actions = [*menu.actions()]
    for action in menu.actions():
        if action.menu() is not None:
            actions += action.menu().actions()
    return next(a for a in actions if a.text() == text)


def test_set_data_draws_one_item_per_theme_code_and_link(view: ThematicMapView) -> None:
    items = view.scene().items()
    assert sum(isinstance(i, ThemeNode) for i in items) == 4
    assert sum(isinstance(i, CodeNode) for i in items) == 8
    assert sum(isinstance(i, LinkLine) for i in items) == 8
    assert [(p.parent_id, p.child_id) for p in view.parent_lines] == [(1, 2)]
    assert sum(isinstance(i, ParentLine) for i in items) == 1


def test_auto_layout_is_deterministic_and_nodes_do_not_overlap(qtbot) -> None:
    data = synthetic_map(60, 1000)
    assert auto_layout(data) == auto_layout(data)
    v = ThematicMapView()
    qtbot.addWidget(v)
    v.set_data(data)
    nodes: list[MapNode] = [*v.themes.values(), *v.codes.values()]
    assert len({(n.pos().x(), n.pos().y()) for n in nodes}) == len(nodes)
    rects = [n.sceneBoundingRect().adjusted(5, 5, -5, -5) for n in nodes]  # minus the halo
    rects.sort(key=lambda r: r.left())
    for i, a in enumerate(rects):  # sweep: only neighbours in x can overlap
        for b in rects[i + 1 :]:
            if b.left() >= a.right():
                break
            assert not a.intersects(b), (a, b)


def test_stored_positions_are_kept_and_codes_gather_round_their_theme() -> None:
    data = small_map()
    themes = [replace(data.themes[0], x=500.0, y=-200.0), *data.themes[1:]]
    codes = [replace(data.codes[0], x=10.0, y=20.0), *data.codes[1:]]
    pos = auto_layout(replace(data, themes=themes, codes=codes))
    assert pos["theme", 1] == (500.0, -200.0)
    assert pos["code", 1] == (10.0, 20.0)
    for code_id in (2, 3):  # unplaced codes of theme 1 sit near it
        x, y = pos["code", code_id]
        assert abs(x - 500) < 400 and abs(y + 200) < 200
    assert len(set(pos.values())) == len(pos)


def test_moving_a_node_emits_node_moved_and_links_follow(view: ThematicMapView, qtbot) -> None:
    code = view.codes[8]  # in no theme: nothing to drop onto on the way
    view.begin_drag(code)
    code.setPos(QPointF(-1234.0, 567.0))
    with qtbot.waitSignal(view.nodeMoved) as signal:
        view.finish_drag(empty_spot(view))
    assert signal.args == ["code", 8, -1234.0, 567.0]

    theme = view.themes[1]
    view.begin_drag(theme)
    theme.setPos(QPointF(-3000.0, -3000.0))
    link = view.links[1, 1]
    assert link.path().elementAt(0).x == -3000.0
    with qtbot.waitSignal(view.nodeMoved) as signal:
        view.finish_drag(empty_spot(view))
    assert signal.args == ["theme", 1, -3000.0, -3000.0]


def test_real_mouse_drag_emits_node_moved(view: ThematicMapView, qtbot) -> None:
    code = view.codes[8]
    view.centerOn(code)
    start = view.mapFromScene(code.pos())
    end = start + QPoint(0, 40)
    viewport = view.viewport()

    def send(kind, at: QPoint, buttons) -> None:
        event = QMouseEvent(
            kind, QPointF(at), QPointF(viewport.mapToGlobal(at)), Qt.MouseButton.LeftButton,
            buttons, Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip
        QApplication.sendEvent(viewport, event)

    left = Qt.MouseButton.LeftButton
    with qtbot.waitSignal(view.nodeMoved) as signal:
        send(QMouseEvent.Type.MouseButtonPress, start, left)
        send(QMouseEvent.Type.MouseMove, start + QPoint(0, 20), left)
        send(QMouseEvent.Type.MouseMove, end, left)
        send(QMouseEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)
    kind, code_id, _x, y = signal.args
    assert (kind, code_id) == ("code", 8)
    assert y == pytest.approx(code.pos().y()) and y > view.mapToScene(start).y()


def test_dropping_a_code_node_on_a_theme_links_it(view: ThematicMapView, qtbot) -> None:
    code, theme = view.codes[7], view.themes[3]
    home = code.pos()
    view.begin_drag(code)
    code.setPos(theme.pos())
    moves: list[tuple] = []
    view.nodeMoved.connect(lambda *a: moves.append(a))
    with qtbot.waitSignal(view.codeDroppedOnTheme) as signal:
        view.finish_drag(theme.pos())
    assert signal.args == [7, 3]
    assert code.pos() == home and moves == []  # back home until the owner refreshes


def test_dropping_a_theme_on_a_theme(view: ThematicMapView, qtbot) -> None:
    dragged, target = view.themes[4], view.themes[1]
    view.begin_drag(dragged)
    dragged.setPos(target.pos() + QPointF(10, 5))
    with qtbot.waitSignal(view.themeDroppedOnTheme) as signal:
        view.finish_drag(target.pos())
    assert signal.args == [4, 1]


def test_external_code_drop_on_a_theme(view: ThematicMapView, qtbot) -> None:
    theme = view.themes[3]
    view.centerOn(theme)
    mime = QMimeData()
    mime.setData(CODE_MIME, json.dumps([2, 6, 3]).encode())  # 6 is already in theme 3
    at = QPointF(view.mapFromScene(theme.pos()))
    event = QDropEvent(
        at,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    got: list[tuple[int, int]] = []
    view.codeDroppedOnTheme.connect(lambda c, t: got.append((c, t)))
    view.dropEvent(event)
    assert got == [(2, 3), (3, 3)]
    assert event.isAccepted()


def test_theme_menu_actions(view: ThematicMapView, qtbot) -> None:
    menu = view.context_menu_at(view.themes[2].pos())
    got: list[tuple[int, str]] = []
    view.themeActionRequested.connect(lambda t, a: got.append((t, a)))
    view.themeStatusRequested.connect(lambda t, s: got.append((t, f"status {s}")))
    for text in ("Rename…", "Edit theme…", "New sub-theme…", "Make top-level theme"):
        menu_action(menu, text).trigger()
    menu_action(menu, "Promote to final…").trigger()
    menu_action(menu, "Discard").trigger()
    restore = view.context_menu_at(view.themes[3].pos())
    menu_action(restore, "Restore").trigger()
    assert got == [
        (2, "rename"),
        (2, "edit"),
        (2, "new-sub-theme"),
        (2, "make-top-level"),
        (2, "status final"),
        (2, "discard"),
        (3, "restore"),
    ]


def test_link_code_and_canvas_menus(view: ThematicMapView, qtbot) -> None:
    link = next(  # the stretch between a theme and its nearest code in a column
        line
        for line in sorted(view.links.values(), key=lambda line: line.path().length())
        if not any(
            isinstance(i, MapNode) for i in view.scene().items(line.path().pointAtPercent(0.5))
        )
    )
    menu = view.context_menu_at(link.path().pointAtPercent(0.5))
    with qtbot.waitSignal(view.linkRemoveRequested) as signal:
        menu_action(menu, "Remove link").trigger()
    assert signal.args == [link.theme_id, link.code_id]

    menu = view.context_menu_at(view.codes[1].pos())
    with qtbot.waitSignal(view.linkRemoveRequested) as signal:
        menu_action(menu, "Remove from “Waiting lists”").trigger()
    assert signal.args == [2, 1]
    with qtbot.waitSignal(view.codeActivated) as signal:
        menu_action(menu, "Open code").trigger()
    assert signal.args == [1]

    spot = empty_spot(view)
    menu = view.context_menu_at(spot)
    with qtbot.waitSignal(view.newThemeRequested) as signal:
        menu_action(menu, "New theme here").trigger()
    assert signal.args == [spot.x(), spot.y()]


def test_double_clicks(view: ThematicMapView, qtbot) -> None:
    for kind, node_id, signal_of in (("theme", 1, "themeActionRequested"), ("code", 3, None)):
        node = view.node(kind, node_id)
        view.centerOn(node)
        at = view.mapFromScene(node.pos())
        signal = getattr(view, signal_of) if signal_of else view.codeActivated
        with qtbot.waitSignal(signal) as got:
            QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
        assert got.args == ([1, "edit"] if kind == "theme" else [3])


def test_statuses_render_differently(view: ThematicMapView) -> None:
    final, candidate, discarded, misc = (view.themes[i] for i in (1, 2, 3, 4))
    assert discarded.opacity() < 1 and final.opacity() == 1
    assert final.border_width > candidate.border_width
    assert candidate.pen.style() == Qt.PenStyle.DashLine
    assert misc.pen.style() == Qt.PenStyle.DotLine
    assert final.pen.style() == Qt.PenStyle.SolidLine
    assert misc.badge == "miscellaneous" and final.badge == "final"
    assert final.boundingRect().height() > view.codes[1].boundingRect().height()


def test_zoom_and_scroll_survive_refresh(view: ThematicMapView, qtbot) -> None:
    QTest.keyClick(view, Qt.Key.Key_Plus)
    QTest.keyClick(view, Qt.Key.Key_Plus)
    view.centerOn(view.themes[2])
    zoom = view.zoom_level()
    centre = view.mapToScene(view.viewport().rect().center())
    view.set_data(small_map())
    assert view.zoom_level() == pytest.approx(zoom)
    after = view.mapToScene(view.viewport().rect().center())
    assert abs(after.x() - centre.x()) < 2 and abs(after.y() - centre.y()) < 2
    QTest.keyClick(view, Qt.Key.Key_F)
    assert view.zoom_level() < zoom


def test_export_png_and_svg(view: ThematicMapView, tmp_path: Path) -> None:
    png, svg = tmp_path / "map.png", tmp_path / "map.svg"
    size = view.export_png(png, scale=1.5)
    image = QImage(str(png))
    assert image.width() == size.width() > 300
    assert image.pixelColor(0, 0).name() == "#ffffff"
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
    }
    assert len(colours) > 50
    view.export_svg(svg)
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    text = " ".join("".join(e.itertext()) for e in root.iter() if e.tag.endswith("text"))
    for name in ("Access to services", "Waiting lists", "Miscellaneous", "Code 7"):
        assert name in text
    assert not [e for e in root.iter() if e.tag.endswith("image")]  # vector, not cached bitmaps


def test_map_comparison_shows_both_read_only(qtbot) -> None:
    comparison = MapComparison()
    qtbot.addWidget(comparison)
    comparison.resize(1200, 600)
    first = MapData(small_map().themes[:2], small_map().codes[:3], [(1, 1), (2, 2)])
    comparison.set_maps(first, "First candidate map (12 Nov)", small_map(), "Current")
    comparison.show()
    qtbot.waitExposed(comparison)
    assert comparison.left_title.text() == "First candidate map (12 Nov)"
    assert comparison.right_title.text() == "Current"
    assert len(comparison.left.themes) == 2 and len(comparison.right.themes) == 4
    for side in (comparison.left, comparison.right):
        assert side.isVisible() and side.read_only and not side.acceptDrops()
        node = side.themes[1]
        assert not node.flags() & MapNode.GraphicsItemFlag.ItemIsMovable
        assert side.context_menu_at(node.pos()) is None


def test_sixty_themes_thousand_codes_open_fast(qtbot) -> None:
    data = synthetic_map(60, 1000)
    v = ThematicMapView()
    qtbot.addWidget(v)
    v.resize(1200, 800)
    started = time.perf_counter()
    v.set_data(data)
    v.show()
    qtbot.waitExposed(v)
    v.viewport().repaint()
    elapsed = time.perf_counter() - started
    print(f"60 themes / 1000 codes: set_data + show + paint {elapsed * 1000:.0f} ms")
    assert len(v.codes) == 1000 and len(v.themes) == 60
    assert elapsed < 3.0


def test_owner_may_refresh_inside_each_signal(view: ThematicMapView) -> None:
    """Dropping two selected codes: the owner redraws after the first, the second still arrives."""
    theme = view.themes[3]
    for code_id in (7, 8):
        view.codes[code_id].setSelected(True)
    view.begin_drag(view.codes[7])
    for code_id in (7, 8):
        view.codes[code_id].setPos(theme.pos() + QPointF(code_id, 0))
    got: list[tuple[int, int]] = []

    def owner(code_id: int, theme_id: int) -> None:
        got.append((code_id, theme_id))
        view.set_data(small_map())

    view.codeDroppedOnTheme.connect(owner)
    view.finish_drag(theme.pos())
    assert got == [(7, 3), (8, 3)]
    assert len(view.codes) == 8
