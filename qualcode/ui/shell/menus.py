"""Finding one of the window's menus by its title, for the features that add their items to it.

Each feature (cases, team, recommendations, project tools, the server) installs its own actions
into File, Code, View… from its own module, so the main window does not have to know them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMenu


def menu_named(window: QMainWindow, title: str) -> QMenu | None:
    """The menu bar's menu called ``title`` ("File" or "&File": the shortcut mark is ignored)."""
    wanted = title.replace("&", "")
    for action in window.menuBar().actions():
        menu = action.menu()
        if action.text().replace("&", "") == wanted and isinstance(menu, QMenu):
            return menu
    return None
