"""The Frameworks panel, driven as a team lead would: add a framework, read its items, link a theme
with a rationale, change and remove links, retitle an item, remove a framework; every step checked
in the database through the services and undone with Edit › Undo. Dialogs are replaced so nothing
modal blocks; buttons, keys and menu actions are used as a person would use them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QFileDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from qualcode.services.frameworks.framework_links import (
    cross_cutting_themes,
    find_theme,
    theme_links,
)
from qualcode.services.frameworks.frameworks import find_item, list_frameworks
from qualcode.storage.project import Project
from qualcode.ui.shell.main_window import MainWindow
from qualcode.ui.themes.frameworks_panel import FrameworksPanel

HOPE = "From Harm to Hope (2021)"
WIRRAL = "Wirral Drugs Strategy 2023-2027"


def _panel(window: MainWindow) -> FrameworksPanel:
    return window.frameworks.panel


def _project(window: MainWindow) -> Project:
    assert window.project is not None
    return window.project


def _links(window: MainWindow, framework: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(theme name, item ref) -> (strength, rationale), as the database holds them."""
    project = _project(window)
    fid = next(f.id for f in list_frameworks(project) if f.name == framework)
    return {(r.theme_name, r.ref): (r.strength, r.rationale) for r in theme_links(project, fid)}


def _item_rows(panel: FrameworksPanel) -> dict[str, tuple[str, str]]:
    """What the item tree shows: the row's ref -> (primary count, secondary count)."""
    out = {}
    tree = panel.items
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        assert top is not None
        for row in [top] + [top.child(j) for j in range(top.childCount())]:
            assert row is not None
            out[row.text(0).split("  ")[0]] = (row.text(1), row.text(2))
    return out


def _unlinked(panel: FrameworksPanel) -> list[str]:
    return [panel.unlinked.item(i).text() for i in range(panel.unlinked.count())]  # type: ignore[union-attr]


def _select(panel: FrameworksPanel, ref: str) -> None:
    item = next(i for i in panel.data.items if i.ref == ref)
    assert panel.items.select_item(item.id)


def _add_bundled(window: MainWindow, monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    offered: list[str] = []

    def get_item(_parent: Any, _title: str, _label: str, items: list[str], *_a: Any) -> Any:
        offered.extend(items)
        return name, True

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    _panel(window).add_bundled_action.trigger()
    return offered


def test_the_view_menu_shows_and_hides_the_panel(window: MainWindow) -> None:
    dock = window.findChild(QDockWidget, "dock-frameworks")
    assert isinstance(dock, QDockWidget) and dock.widget() is _panel(window)
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert view is not None
    toggle = next(a for a in view.actions() if a.text() == "Frameworks")
    assert toggle is dock.toggleViewAction()
    toggle.trigger()
    assert dock.isHidden()
    toggle.trigger()
    assert not dock.isHidden()


def test_the_sample_framework_with_its_counts_and_unmapped_themes(window: MainWindow) -> None:
    panel = _panel(window)
    assert [panel.framework.itemText(i) for i in range(panel.framework.count())] == [WIRRAL]
    rows = _item_rows(panel)
    assert {"P1", "P1.4", "P5.5"} <= set(rows) and "Cross-cutting (every priority)" in rows
    links = _links(window, WIRRAL)
    primary = sum(1 for (_t, ref), (s, _r) in links.items() if ref == "P1.4" and s == "primary")
    assert rows["P1.4"][0] == str(primary or "")
    linked = {theme for theme, _ref in links}
    assert "Miscellaneous" not in linked and "Miscellaneous" in _unlinked(panel)
    assert not linked & set(_unlinked(panel))
    _select(panel, "P1.4")
    table = panel.links
    shown = {table.topLevelItem(i).text(0) for i in range(table.topLevelItemCount())}  # type: ignore[union-attr]
    assert shown == {theme for theme, ref in links if ref == "P1.4"}
    assert panel.link_title.text().endswith(
        "linked to P1.4 Run culturally adaptive and inclusive services."
    )


def test_add_a_bundled_framework_link_a_theme_and_undo(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = _panel(window)
    offered = _add_bundled(window, monkeypatch, HOPE)
    assert offered == [HOPE]  # Wirral is in the sample already
    assert panel.framework.currentText() == HOPE
    assert "S2.1" in _item_rows(panel)
    # the Strategy mapping grid follows the framework chosen here
    grid = window.matrix_editor.model
    assert grid.headerData(0, Qt.Orientation.Horizontal) == "S1"
    assert "Being believed" in _unlinked(panel)

    _select(panel, "S2.1")
    panel.choose_theme(find_theme(_project(window), "Being believed"))
    panel.strength.setCurrentIndex(0)  # primary
    qtbot.keyClicks(panel.rationale, "People describe waiting for treatment")
    qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)

    assert _links(window, HOPE) == {
        ("Being believed", "S2.1"): ("primary", "People describe waiting for treatment")
    }
    assert "Being believed" not in _unlinked(panel)
    assert _item_rows(panel)["S2.1"] == ("1", "")
    link = panel.links.topLevelItem(0)
    assert link is not None and link.text(2) == "People describe waiting for treatment"
    assert panel.links.current_link() is not None
    assert panel.rationale.text() == ""  # ready for the next link

    window.undo_action.trigger()  # the link goes, the framework stays
    assert _links(window, HOPE) == {}
    assert "Being believed" in _unlinked(panel)
    window.undo_action.trigger()  # the framework goes
    assert [f.name for f in list_frameworks(_project(window))] == [WIRRAL]
    assert panel.framework.currentText() == WIRRAL
    window.redo_action.trigger()
    assert HOPE in [f.name for f in list_frameworks(_project(window))]


def test_change_strength_rationale_and_unlink_by_button_and_key(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = _panel(window)
    before = _links(window, WIRRAL)
    theme, ref = next((t, r) for (t, r), (s, _w) in before.items() if s == "primary")
    _select(panel, ref)
    assert panel.links.select_theme(find_theme(_project(window), theme))
    assert not panel.primary_button.isEnabled()

    qtbot.mouseClick(panel.secondary_button, Qt.MouseButton.LeftButton)
    assert _links(window, WIRRAL)[(theme, ref)][0] == "secondary"
    assert panel.primary_button.isEnabled() and not panel.secondary_button.isEnabled()

    asked: list[str] = []

    def rationale(_parent: Any, _title: str, label: str, text: str, *_a: Any) -> Any:
        asked.append(text)
        return "  Rewritten after review  ", True

    monkeypatch.setattr(QInputDialog, "getMultiLineText", rationale)
    panel.links.setFocus()
    qtbot.keyClick(panel.links, Qt.Key.Key_F2)
    assert asked == [before[(theme, ref)][1]]
    assert _links(window, WIRRAL)[(theme, ref)] == ("secondary", "Rewritten after review")
    assert "Rewritten after review" in panel.links.currentItem().toolTip(2)  # type: ignore[union-attr]

    qtbot.keyClick(panel.links, Qt.Key.Key_Delete)
    assert (theme, ref) not in _links(window, WIRRAL)

    for _ in range(3):
        window.undo_action.trigger()
    assert _links(window, WIRRAL) == before


def test_a_broken_framework_file_names_the_file_and_row(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad-strategy.csv"
    bad.write_text("id,parent_id,label,aliases\nA1,,First,\nA2,A9,Second,\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(bad), ""))
    names: list[str] = []

    def get_text(_parent: Any, _title: str, _label: str, *_a: Any, **k: Any) -> Any:
        names.append(k.get("text", ""))
        return "Bad strategy", True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, msg: shown.append(msg))
    steps = window.coding.stack.count()

    _panel(window).add_file_action.trigger()

    assert names == ["bad strategy"]  # the name offered comes from the file's name
    assert len(shown) == 1 and "bad-strategy.csv" in shown[0] and "row 3" in shown[0]
    assert "Traceback" not in shown[0]
    assert [f.name for f in list_frameworks(_project(window))] == [WIRRAL]
    assert window.coding.stack.count() == steps


def test_a_good_file_is_added_and_chosen(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "local_plan.csv"
    good.write_text("id,parent_id,label,aliases\nL1,,Housing,\nL1.1,L1,Hostels,\n", "utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(good), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **k: (k["text"], True))
    _panel(window).add_file_action.trigger()
    assert _panel(window).framework.currentText() == "local plan"
    assert set(_item_rows(_panel(window))) >= {"L1", "L1.1"}


def test_remove_a_framework_after_a_confirmation_counting_its_links(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = _panel(window)
    n = len(_links(window, WIRRAL))
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_a: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    panel.remove_button.click()
    assert len(asked) == 1 and f"{n} theme links" in asked[0] and WIRRAL in asked[0]
    assert list_frameworks(_project(window)) == []
    assert panel.framework.count() == 0 and not panel.remove_button.isEnabled()
    assert "No framework yet" in panel.summary.text()
    window.undo_action.trigger()
    assert len(_links(window, WIRRAL)) == n and panel.framework.currentText() == WIRRAL


def test_retitle_an_item_with_f2_and_undo(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = _panel(window)
    project = _project(window)
    old = find_item(project, None, "P1.1").label
    monkeypatch.setattr(
        QInputDialog, "getText", lambda *_a, **_k: ("Amplify lived experience", True)
    )
    _select(panel, "P1.1")
    panel.items.setFocus()
    qtbot.keyClick(panel.items, Qt.Key.Key_F2)
    assert find_item(project, None, "P1.1").label == "Amplify lived experience"
    assert panel.items.currentItem().text(0) == "P1.1  Amplify lived experience"  # type: ignore[union-attr]
    window.undo_action.trigger()
    assert find_item(project, None, "P1.1").label == old


def test_an_unmapped_theme_activated_becomes_the_theme_to_link(
    window: MainWindow, qtbot: QtBot
) -> None:
    panel = _panel(window)
    _select(panel, "P2.2")
    row = panel.unlinked.item(0)
    assert row is not None
    panel.unlinked.setCurrentItem(row)
    panel.unlinked.setFocus()
    qtbot.keyClick(panel.unlinked, Qt.Key.Key_Return)
    name = row.text()
    assert panel.chosen_theme() == find_theme(_project(window), name)
    assert panel.rationale.hasFocus()
    qtbot.keyClick(panel.rationale, Qt.Key.Key_Return)  # Enter in the rationale links
    assert (name, "P2.2") in _links(window, WIRRAL)
    assert name not in _unlinked(panel)


def test_mark_a_theme_cross_cutting_with_a_rationale(window: MainWindow, qtbot: QtBot) -> None:
    panel = _panel(window)
    project = _project(window)
    theme = find_theme(project, "Miscellaneous")
    cross = next(i for i in panel.data.items if i.cross_cutting)
    assert panel.items.select_item(cross.id)
    assert not panel.retitle_button.isEnabled() and not panel.strength.isEnabled()
    panel.choose_theme(theme)
    qtbot.keyClicks(panel.rationale, "Touches every priority")
    panel.link_button.click()
    fid = list_frameworks(project)[0].id
    assert theme in cross_cutting_themes(project, fid)
    assert ("Miscellaneous", "*") in _links(window, WIRRAL)
    assert _links(window, WIRRAL)[("Miscellaneous", "*")][1] == "Touches every priority"
    assert "Miscellaneous" not in _unlinked(panel)
    assert panel.links.current_link() is not None
    panel.unlink_button.click()
    assert theme not in cross_cutting_themes(project, fid)
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert theme not in cross_cutting_themes(project, fid)
    assert "Miscellaneous" in _unlinked(panel)


def test_a_key_brings_the_panel_forward_with_the_focus_on_the_items(
    window: MainWindow, qtbot: QtBot
) -> None:
    dock = window.findChild(QDockWidget, "dock-frameworks")
    assert isinstance(dock, QDockWidget)
    dock.toggleViewAction().trigger()  # View › Frameworks: hidden
    assert dock.isHidden()
    go = window.frameworks.go_action
    assert go is not None and go.shortcut().toString() == "Ctrl+Shift+M"
    go.trigger()
    assert not dock.isHidden()
    qtbot.waitUntil(lambda: _panel(window).items.hasFocus())
