"""The codebook view: menu actions are requests (signals), badges, selection and kept state."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QStyleOptionViewItem

from qualcode.services.coding.overview import CodeRow
from qualcode.ui.coding.codebook_model import CODE_MIME, SPAN_MIME, CodebookModel
from qualcode.ui.coding.codebook_view import CodebookView


def row(i: int, name: str, parent: int | None) -> CodeRow:
    return CodeRow(i, name, parent, "#aa3355", "", i, 1)


ROWS = [
    row(1, "Access", None),
    row(2, "Waiting", 1),
    row(3, "Phone queues", 2),
    row(4, "Trust", None),
    row(5, "Staff", 4),
]


@pytest.fixture
def view(qtbot: Any) -> CodebookView:
    model = CodebookModel()
    model.set_rows(ROWS)
    v = CodebookView()
    v.setModel(model)
    model.setParent(v)
    qtbot.addWidget(v)
    v.resize(400, 300)
    v.show()
    qtbot.waitExposed(v)
    return v


def model_of(view: CodebookView) -> CodebookModel:
    model = view.codebook()
    assert model is not None
    return model


def action(view: CodebookView, code_id: int | None, name: str) -> Any:
    menu = view.context_menu(code_id)
    found = menu.findChild(type(menu.actions()[0]), name)
    assert found is not None, name
    return found


@pytest.mark.parametrize(
    ("name", "signal", "args"),
    [
        ("new-code", "newCodeRequested", [None]),
        ("new-sub-code", "newCodeRequested", [2]),
        ("rename", "renameRequested", [2]),
        ("recolour", "recolourRequested", [2]),
        ("pin-3", "pinRequested", [2, 3]),
        ("delete", "deleteRequested", [2]),
    ],
)
def test_menu_actions_emit(
    view: CodebookView, qtbot: Any, name: str, signal: str, args: list[Any]
) -> None:
    with qtbot.waitSignal(getattr(view, signal), timeout=1000) as blocker:
        action(view, 2, name).trigger()
    assert blocker.args == args


def test_unpin_emits_zero_and_shows_the_current_key(view: CodebookView, qtbot: Any) -> None:
    model_of(view).set_pinned({2: 4, 5: 1})
    assert action(view, 2, "pin-4").isChecked()
    assert not action(view, 2, "pin-1").isChecked()
    assert "Staff" in action(view, 2, "pin-1").text()  # who holds key 1 now
    unpin = action(view, 2, "unpin")
    assert unpin.isEnabled()
    with qtbot.waitSignal(view.pinRequested) as blocker:
        unpin.trigger()
    assert blocker.args == [2, 0]
    assert not action(view, 1, "unpin").isEnabled()


def test_empty_area_menu_only_creates(view: CodebookView) -> None:
    assert action(view, None, "new-code").isEnabled()
    for name in ("new-sub-code", "rename", "recolour", "delete"):
        assert not action(view, None, name).isEnabled()


def test_pinned_badge_shows(view: CodebookView) -> None:
    model = model_of(view)
    index = model.index_of(4)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = view.visualRect(index)
    assert view.badges.badge_rect(option, index) is None
    plain_width = view.badges.sizeHint(option, index).width()
    before = view.viewport().grab().toImage()
    model.set_pinned({4: 1})
    badge = view.badges.badge_rect(option, index)
    assert badge is not None and option.rect.contains(badge.center())
    assert view.badges.sizeHint(option, index).width() > plain_width
    view.viewport().repaint()
    after = view.viewport().grab().toImage()
    assert before != after


def test_selection_signals_and_select_code(view: CodebookView, qtbot: Any) -> None:
    with qtbot.waitSignal(view.codesSelected) as blocker:
        assert view.select_code(3)
    assert blocker.args == [[3]]
    assert view.selected_code_ids() == [3]
    assert not view.select_code(99)


def test_reset_keeps_collapsed_codes_and_selection(view: CodebookView, qtbot: Any) -> None:
    model = model_of(view)
    assert view.isExpanded(model.index_of(1)) and view.isExpanded(model.index_of(2))
    view.collapse(model.index_of(4))
    view.select_code(3)
    model.set_rows([*ROWS, row(6, "New", 1)])
    assert not view.isExpanded(model.index_of(4))
    assert view.isExpanded(model.index_of(1))
    assert view.selected_code_ids() == [3]


def test_delete_key_asks(view: CodebookView, qtbot: Any) -> None:
    view.select_code(5)
    with qtbot.waitSignal(view.deleteRequested) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert blocker.args == [5]


def test_text_span_dropped_anywhere_on_a_row_codes_it(view: CodebookView) -> None:
    model = model_of(view)
    calls: list[tuple[int, int, int, int]] = []
    model.on_code_span = lambda *args: calls.append(args) or True
    mime = QMimeData()
    mime.setData(SPAN_MIME, json.dumps({"document_id": 9, "start": 0, "end": 5}).encode())
    rect = view.visualRect(model.index_of(4))
    # Near the row's top edge, where a code drag would mean "insert above".
    event = QDropEvent(
        QPointF(rect.center().x(), rect.top() + 1),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(event)
    assert calls == [(4, 9, 0, 5)]
    assert not view.dragDropOverwriteMode()


def drop_codes(view: CodebookView, ids: list[int], target: int, where: str) -> None:
    mime = QMimeData()
    mime.setData(CODE_MIME, json.dumps(ids).encode())
    rect = view.visualRect(model_of(view).index_of(target))
    y = {"on": rect.center().y(), "above": rect.top() + 1}[where]
    event = QDropEvent(
        QPointF(rect.center().x(), y),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(event)


def test_code_drops_through_the_view(view: CodebookView) -> None:
    model = model_of(view)
    calls: list[tuple[str, tuple[Any, ...]]] = []

    def move(code_id: int, parent_id: int | None, position: int) -> bool:
        calls.append(("move", (code_id, parent_id, position)))
        # The owner refreshes from the database inside the handler, as the window will.
        moved = [r if r.id != code_id else row(r.id, r.name, parent_id) for r in ROWS]
        model.set_rows(moved)
        return True

    model.on_move = move
    model.on_merge = lambda source, target: calls.append(("merge", (source, target))) or True
    drop_codes(view, [5], 2, "on")
    drop_codes(view, [5], 2, "above")
    assert calls == [("merge", (5, 2)), ("move", (5, 1, 0))]
    assert model.index_of(5).parent() == model.index_of(1)
    assert view.isExpanded(model.index_of(1))


def test_edit_code_opens_the_inline_editor(view: CodebookView) -> None:
    renamed: list[tuple[int, str]] = []
    model_of(view).on_rename = lambda code_id, name: renamed.append((code_id, name)) or True
    assert view.edit_code(3)
    assert view.state() == view.State.EditingState
    assert not view.edit_code(99)


def test_emitting_many_signals_keeps_true_alive(view: CodebookView) -> None:
    # PySide6 6.12.0 dropped a reference to True on every Python-side emit (pyproject excludes it).
    # True's count is global: let background work finish and keep the garbage collector from
    # freeing other tests' objects in the middle of the measurement.
    import gc

    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone()
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(True)
        for code_id in (3, 5) * 100:
            view.select_code(code_id)
        after = sys.getrefcount(True)
    finally:
        gc.enable()
    assert after >= before - 20
