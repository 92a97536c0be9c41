"""The link matrix: the model contract, marks and tooltips, clicks as requests, level switch."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from qualcode.ui.themes.matrix_editor import (
    ImpliedRole,
    ItemIdRole,
    LinkMatrixModel,
    MatrixEditor,
    StrengthRole,
    ThemeIdRole,
)

THEMES = [(10, "Stigma", 0), (11, "Stigma from services", 1), (20, "Waiting", 0), (30, "Misc", 0)]
ITEMS = [
    (1, "P1", "Building a positive culture", None),
    (2, "P2", "Treatment and recovery", None),
    (11, "P1.1", "Enhance the voice of lived experience", 1),
    (12, "P1.2", "Combat stigma", 1),
    (21, "P2.1", "Faster access", 2),
]
LINKS = {
    (10, 1): ("primary", "Stigma is the heart of P1"),
    (11, 12): ("secondary", "Services' stigma"),
    (20, 21): ("primary", "Waits"),
    (20, 2): ("secondary", ""),
}


def display(model: LinkMatrixModel, row: int, col: int, role: int = 0) -> object:
    return model.data(model.index(row, col), role or int(Qt.ItemDataRole.DisplayRole))


def headers(model: LinkMatrixModel) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def test_model_contract_at_both_levels(qtmodeltester: ModelTester) -> None:
    model = LinkMatrixModel()
    qtmodeltester.check(model)
    model.set_data(THEMES, ITEMS, LINKS)
    qtmodeltester.check(model)
    model.set_level("item")
    qtmodeltester.check(model)
    model.set_data([], [], {})
    qtmodeltester.check(model)


def test_priority_level_shows_top_items_and_implied_marks() -> None:
    model = LinkMatrixModel()
    model.set_data(THEMES, ITEMS, LINKS)
    assert model.level() == "priority" and headers(model) == ["P1", "P2"]
    grid = [[display(model, r, c) for c in range(2)] for r in range(4)]
    assert grid == [["●", ""], ["○", ""], ["", "○"], ["", ""]]
    # "Stigma from services" is linked to P1.2 only: a lighter mark under P1
    assert display(model, 1, 0, ImpliedRole) is True
    assert display(model, 1, 0, StrengthRole) == ""
    fg = display(model, 1, 0, int(Qt.ItemDataRole.ForegroundRole))
    assert isinstance(fg, QColor) and fg.lightness() > 120
    assert display(model, 0, 0, int(Qt.ItemDataRole.ForegroundRole)) is None
    # Waiting: direct secondary on P2 wins over the implied primary via P2.1
    assert display(model, 2, 1, StrengthRole) == "secondary"
    tip = display(model, 2, 1, int(Qt.ItemDataRole.ToolTipRole))
    assert "Secondary: no rationale written" in tip and "Via P2.1 (primary): Waits" in tip
    tip = display(model, 0, 0, int(Qt.ItemDataRole.ToolTipRole))
    assert tip == "Stigma → P1 Building a positive culture\nPrimary: Stigma is the heart of P1"
    assert "Click to link" in display(model, 3, 1, int(Qt.ItemDataRole.ToolTipRole))
    assert (display(model, 2, 1, ThemeIdRole), display(model, 2, 1, ItemIdRole)) == (20, 2)


def test_item_level_shows_every_item_depth_first() -> None:
    model = LinkMatrixModel()
    model.set_data(THEMES, ITEMS, LINKS)
    model.set_level("item")
    assert headers(model) == ["P1", "P1.1", "P1.2", "P2", "P2.1"]
    assert [display(model, 1, c) for c in range(5)] == ["", "", "○", "", ""]
    assert [display(model, 2, c) for c in range(5)] == ["", "", "", "○", "●"]
    assert not any(display(model, r, c, ImpliedRole) for r in range(4) for c in range(5))
    vertical = [model.headerData(r, Qt.Orientation.Vertical) for r in range(4)]
    assert vertical == ["Stigma", "    Stigma from services", "Waiting", "Misc"]
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole).bold()
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole) is None


def test_click_requests_a_cycle_with_ids(qtbot: QtBot) -> None:
    editor = MatrixEditor()
    qtbot.addWidget(editor)
    editor.resize(700, 300)
    editor.set_data(THEMES, ITEMS, LINKS)
    editor.show()
    qtbot.waitExposed(editor)
    view = editor.view
    rect = view.visualRect(editor.model.index(2, 1))
    with qtbot.waitSignal(editor.cycleRequested) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [20, 2]
    editor.set_level("item")
    rect = view.visualRect(editor.model.index(1, 2))
    with qtbot.waitSignal(editor.cycleRequested) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [11, 12]
    view.setFocus()
    with qtbot.waitSignal(editor.cycleRequested) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Space)
    assert blocker.args == [11, 12]


def test_level_switch_changes_columns(qtbot: QtBot) -> None:
    editor = MatrixEditor()
    qtbot.addWidget(editor)
    editor.set_data(THEMES, ITEMS, LINKS)
    assert editor.model.columnCount() == 2
    with qtbot.waitSignal(editor.levelChanged) as blocker:
        editor.item_button.click()
    assert blocker.args == ["item"] and editor.level() == "item"
    assert editor.model.columnCount() == 5
    editor.set_level("priority")
    assert editor.priority_button.isChecked() and editor.model.columnCount() == 2
    # new data keeps the level and the current cell
    editor.set_level("item")
    editor.view.setCurrentIndex(editor.model.index(2, 4))
    editor.set_data(THEMES, ITEMS, {**LINKS, (30, 21): ("secondary", "new")})
    assert editor.level() == "item" and editor.view.currentIndex().column() == 4
    assert display(editor.model, 3, 4) == "○"
    assert editor.view.currentIndex() != QModelIndex()


def test_orphan_items_and_cycles_still_show(qtmodeltester: ModelTester) -> None:
    model = LinkMatrixModel()
    items = [
        (1, "P1", "One", None),
        (5, "X", "Parent gone", 99),
        (7, "A", "a", 8),
        (8, "B", "b", 7),
    ]
    model.set_data(THEMES, items, {})
    assert headers(model) == ["P1", "X"]  # a parent-less item is top level; a cycle has no root
    qtmodeltester.check(model)
