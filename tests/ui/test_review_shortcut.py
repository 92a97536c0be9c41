"""Themes > Review selected theme (Ctrl+R) on a theme selected in the Themes panel.

Regression: the menu action passed the panel's ``ThemeRow`` where ``open_review`` wants the
theme's id, so the action raised ``TypeError: unhashable type: 'list'`` and every refresh after
it raised too.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtGui import QAction

from qualcode.storage.models import Theme
from qualcode.ui.shell.main_window import MainWindow
from qualcode.ui.themes.review_dialog import ReviewDialog
from qualcode.ui.themes.themes_panel import IdRole, KindRole


def _theme_index(window: MainWindow, name: str) -> QModelIndex:
    model = window.themes_panel.model
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(KindRole) == "theme" and index.data() == name:
            return index
    raise AssertionError(f"no theme {name!r} in the Themes panel")


def _menu_action(window: MainWindow, text: str) -> QAction:
    for top in window.menuBar().actions():
        menu = top.menu()
        for action in menu.actions() if menu is not None else []:
            if action.text().replace("&", "") == text:
                return action
    raise AssertionError(f"no menu action {text!r}")


def test_review_selected_theme_from_the_menu(window: MainWindow, qtbot) -> None:
    tree = window.themes_panel.tree
    index = _theme_index(window, "Being believed")
    theme_id = int(index.data(IdRole))
    tree.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    current = window.themes_panel.current_theme()
    assert current is not None and current.id == theme_id

    _menu_action(window, "Review selected theme…").trigger()

    dialog = window.themes.review
    assert isinstance(dialog, ReviewDialog)
    assert dialog.theme_id == theme_id
    assert window.themes.review_theme == theme_id
    assert dialog.isVisible()
    assert dialog.model.rowCount() > 0  # the theme's extracts, grouped by code
    dialog.close()
    qtbot.waitUntil(lambda: window.themes.review is None)

    window.refresh()  # raised once the bad id had been remembered as the reviewed theme
    with window.project.read() as s:
        before = s.get(Theme, theme_id)
        assert before is not None
        where = (before.map_x, before.map_y)
    window.map_view.nodeMoved.emit("theme", theme_id, 123.0, 456.0)  # an undoable change
    window.undo_action.trigger()
    with window.project.read() as s:
        after = s.get(Theme, theme_id)
        assert after is not None and (after.map_x, after.map_y) == where
