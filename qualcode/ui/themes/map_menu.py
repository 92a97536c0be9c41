"""Context menus of the thematic map, built apart from the view so tests can trigger each action.

Every action captures plain ids (never graphics items) and emits one of the view's signals: the
owner may rebuild the whole scene in response, and a menu must not outlive the nodes it names.

Theme actions are sent as ``themeActionRequested(theme_id, action)`` with ``action`` one of
:data:`THEME_ACTIONS`; a new status as ``themeStatusRequested(theme_id, status)`` (candidate,
reviewed, defined, final).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QMenu

from qualcode.ui.themes.map_items import CodeNode, LinkLine, MapNode, ParentLine, ThemeNode
from qualcode.ui.themes.map_model import STATUSES

if TYPE_CHECKING:
    from qualcode.ui.themes.thematic_map import ThematicMapView

THEME_ACTIONS = ("edit", "rename", "new-sub-theme", "make-top-level", "discard", "restore")
_STATUS_LABELS = {
    "candidate": "Back to candidate",
    "reviewed": "Mark as reviewed",
    "defined": "Mark as defined",
    "final": "Promote to final…",
}


def build_menu(view: ThematicMapView, scene_pos: QPointF) -> QMenu:
    """The menu for the topmost node or line at ``scene_pos``, or the canvas menu."""
    for item in view.scene().items(scene_pos):
        if isinstance(item, ThemeNode):
            return theme_menu(view, item)
        if isinstance(item, CodeNode):
            return code_menu(view, item)
        if isinstance(item, LinkLine):
            return link_menu(view, item.theme_id, item.code_id)
        if isinstance(item, ParentLine):
            return parent_line_menu(view, item.child_id)
        if isinstance(item, MapNode):
            break
    return canvas_menu(view, scene_pos)


def _theme_action(
    menu: QMenu, view: ThematicMapView, text: str, theme_id: int, action: str
) -> None:
    act = menu.addAction(text)
    act.setData(action)
    act.triggered.connect(lambda: view.themeActionRequested.emit(theme_id, action))


def _status_action(
    menu: QMenu, view: ThematicMapView, text: str, theme_id: int, status: str
) -> None:
    act = menu.addAction(text)
    act.setData(status)
    act.triggered.connect(lambda: view.themeStatusRequested.emit(theme_id, status))


def theme_menu(view: ThematicMapView, node: ThemeNode) -> QMenu:
    theme = node.theme
    menu = QMenu(view)
    _theme_action(menu, view, "Edit theme…", theme.id, "edit")
    _theme_action(menu, view, "Rename…", theme.id, "rename")
    _theme_action(menu, view, "New sub-theme…", theme.id, "new-sub-theme")
    if theme.parent_id is not None:
        _theme_action(menu, view, "Make top-level theme", theme.id, "make-top-level")
    if theme.status != "discarded":
        status = menu.addMenu("Status")
        for name in STATUSES[:-1]:
            if name != theme.status:
                _status_action(status, view, _STATUS_LABELS[name], theme.id, name)
        menu.addSeparator()
        _theme_action(menu, view, "Discard", theme.id, "discard")
    else:
        menu.addSeparator()
        _theme_action(menu, view, "Restore", theme.id, "restore")
    return menu


def code_menu(view: ThematicMapView, node: CodeNode) -> QMenu:
    code_id = node.code.id
    menu = QMenu(view)
    menu.addAction("Open code").triggered.connect(lambda: view.codeActivated.emit(code_id))
    linked = [t for (t, c) in view.links if c == code_id]
    if linked:
        menu.addSeparator()
    for theme_id in linked:
        name = view.themes[theme_id].theme.name
        act = menu.addAction(f"Remove from “{name}”")
        act.triggered.connect(lambda _=False, t=theme_id: view.linkRemoveRequested.emit(t, code_id))
    return menu


def link_menu(view: ThematicMapView, theme_id: int, code_id: int) -> QMenu:
    menu = QMenu(view)
    act = menu.addAction("Remove link")
    act.triggered.connect(lambda: view.linkRemoveRequested.emit(theme_id, code_id))
    return menu


def parent_line_menu(view: ThematicMapView, child_id: int) -> QMenu:
    menu = QMenu(view)
    _theme_action(menu, view, "Make top-level theme", child_id, "make-top-level")
    return menu


def canvas_menu(view: ThematicMapView, scene_pos: QPointF) -> QMenu:
    x, y = scene_pos.x(), scene_pos.y()
    menu = QMenu(view)
    menu.addAction("New theme here").triggered.connect(lambda: view.newThemeRequested.emit(x, y))
    menu.addAction("Fit map to window").triggered.connect(view.fit)
    return menu
