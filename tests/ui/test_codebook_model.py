"""The codebook model: Qt's model contract, roles, and drops handed to the owner's handlers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt
from PySide6.QtGui import QIcon

from qualcode.services.coding.overview import CodeRow
from qualcode.ui.coding.codebook_model import (
    CODE_MIME,
    NO_DEFINITION,
    SPAN_MIME,
    CodebookModel,
    CodeIdRole,
    PinKeyRole,
    plan_move,
)

MOVE = Qt.DropAction.MoveAction


def row(i: int, name: str, parent: int | None, codings: int = 0, docs: int = 0) -> CodeRow:
    return CodeRow(i, name, parent, "#336699", f"About {name}" if i % 2 else "", codings, docs)


TREE = [
    row(1, "Access", None, 10, 3),
    row(2, "Waiting", 1, 4, 2),
    row(3, "Phone queues", 2, 1, 1),
    row(4, "Walk-in", 2),
    row(5, "Travel", 1),
    row(6, "Trust", None, 1234, 5),
    row(7, "Staff", 6),
    row(8, "Misc", None),
]


class Recorder:
    """Handlers that note their calls and answer ``result``."""

    def __init__(self, result: bool = True) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.result = result

    def __call__(self, name: str) -> Any:
        def handler(*args: Any) -> bool:
            self.calls.append((name, args))
            return self.result

        return handler


@pytest.fixture
def model(qapp: Any) -> CodebookModel:
    m = CodebookModel()
    m.set_rows(TREE)
    return m


@pytest.fixture
def calls(model: CodebookModel) -> Recorder:
    rec = Recorder()
    model.on_merge = rec("merge")
    model.on_move = rec("move")
    model.on_rename = rec("rename")
    model.on_code_span = rec("span")
    return rec


def code_mime(*ids: int) -> QMimeData:
    mime = QMimeData()
    mime.setData(CODE_MIME, json.dumps(list(ids)).encode())
    return mime


def span_mime(doc: int, start: int, end: int) -> QMimeData:
    mime = QMimeData()
    mime.setData(SPAN_MIME, json.dumps({"document_id": doc, "start": start, "end": end}).encode())
    return mime


def test_model_contract(model: CodebookModel, qtmodeltester: Any) -> None:
    qtmodeltester.check(model, force_py=False)


def test_model_contract_python_tester(model: CodebookModel, qtmodeltester: Any) -> None:
    qtmodeltester.check(model, force_py=True)


def test_tree_shape_follows_parents_and_order(model: CodebookModel) -> None:
    assert model.rowCount() == 3
    access = model.index(0, 0)
    assert access.data() == "Access"
    assert [model.index(r, 0, access).data() for r in range(2)] == ["Waiting", "Travel"]
    waiting = model.index(0, 0, access)
    assert model.rowCount(waiting) == 2
    assert model.index(1, 0, waiting).data() == "Walk-in"
    assert model.parent(model.index(1, 0, waiting)) == waiting
    assert model.paths()[:3] == [
        (1, "Access"),
        (2, "Access › Waiting"),
        (3, "Access › Waiting › Phone queues"),
    ]


def test_data_roles(model: CodebookModel) -> None:
    trust = model.index_of(6)
    assert trust.data(Qt.ItemDataRole.DisplayRole) == "Trust"
    assert trust.data(Qt.ItemDataRole.EditRole) == "Trust"
    assert trust.data(CodeIdRole) == 6
    icon = trust.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and not icon.isNull()
    assert icon.pixmap(12, 12).toImage().pixelColor(5, 5).name() == "#336699"
    assert trust.data(Qt.ItemDataRole.ToolTipRole) == NO_DEFINITION
    assert model.index_of(7).data(Qt.ItemDataRole.ToolTipRole) == "About Staff"
    codings, docs = trust.siblingAtColumn(1), trust.siblingAtColumn(2)
    assert (codings.data(), docs.data()) == ("1,234", "5")
    assert codings.data(CodeIdRole) == 6
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert codings.data(Qt.ItemDataRole.TextAlignmentRole) == int(right)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Code"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Docs"
    assert trust.flags() & Qt.ItemFlag.ItemIsEditable
    assert trust.flags() & Qt.ItemFlag.ItemIsDragEnabled
    assert not codings.flags() & Qt.ItemFlag.ItemIsEditable


def test_pinned_keys_show_through_a_role(model: CodebookModel, qtbot: Any) -> None:
    with qtbot.waitSignal(model.dataChanged):
        model.set_pinned({6: 1})
    assert model.index_of(6).data(PinKeyRole) == 1
    assert model.index_of(1).data(PinKeyRole) is None


def test_drop_on_a_code_asks_to_merge(model: CodebookModel, calls: Recorder) -> None:
    target = model.index_of(6)
    mime = model.mimeData([model.index_of(5), model.index_of(5).siblingAtColumn(1)])
    assert json.loads(bytes(mime.data(CODE_MIME).data())) == [5]
    assert model.canDropMimeData(mime, MOVE, -1, -1, target)
    assert model.dropMimeData(mime, MOVE, -1, -1, target)
    assert calls.calls == [("merge", (5, 6))]
    assert model.rowCount(model.index_of(1)) == 2  # the owner refreshes, not the model


def test_drop_on_the_counts_column_also_merges(model: CodebookModel, calls: Recorder) -> None:
    assert model.dropMimeData(code_mime(8), MOVE, -1, -1, model.index_of(6, column=2))
    assert calls.calls == [("merge", (8, 6))]


def test_drop_between_rows_moves(model: CodebookModel, calls: Recorder) -> None:
    # Between "Waiting" and "Travel" under "Access": Trust becomes Access's second child.
    assert model.dropMimeData(code_mime(6), MOVE, 1, 0, model.index_of(1))
    # Down within the same parent: Access dropped before Misc (row 2) ends up at position 1.
    assert model.dropMimeData(code_mime(1), MOVE, 2, 0, QModelIndex())
    # Onto the empty area: to the end of the top level.
    assert model.dropMimeData(code_mime(3), MOVE, -1, -1, QModelIndex())
    assert calls.calls == [("move", (6, 1, 1)), ("move", (1, None, 1)), ("move", (3, None, 3))]


def test_a_drop_that_changes_nothing_is_refused(model: CodebookModel, calls: Recorder) -> None:
    assert not model.canDropMimeData(code_mime(6), MOVE, 1, 0, QModelIndex())
    assert not model.canDropMimeData(code_mime(6), MOVE, 2, 0, QModelIndex())
    assert calls.calls == []


def test_no_drop_into_itself_or_its_descendants(model: CodebookModel, calls: Recorder) -> None:
    for target in (1, 2, 3):
        parent = model.index_of(target)
        assert not model.canDropMimeData(code_mime(1), MOVE, -1, -1, parent)  # merge
        assert not model.dropMimeData(code_mime(1), MOVE, 0, 0, parent)  # nest
    assert calls.calls == []


def test_handlers_missing_or_bad_payloads_refuse(model: CodebookModel) -> None:
    target = model.index_of(6)
    assert not model.canDropMimeData(code_mime(5), MOVE, -1, -1, target)  # no on_merge
    assert not model.canDropMimeData(code_mime(5), MOVE, 0, 0, target)  # no on_move
    assert not model.canDropMimeData(span_mime(1, 0, 5), MOVE, -1, -1, target)
    assert not model.setData(target, "New", Qt.ItemDataRole.EditRole)
    model.on_merge = lambda *_: True
    bad = QMimeData()
    bad.setData(CODE_MIME, b"not json")
    assert not model.canDropMimeData(bad, MOVE, -1, -1, target)
    assert not model.canDropMimeData(code_mime(99), MOVE, -1, -1, target)
    assert not model.canDropMimeData(QMimeData(), MOVE, -1, -1, target)


def test_dragging_several_codes(model: CodebookModel, calls: Recorder) -> None:
    # Staff travels with its parent Trust; Misc follows Trust to the top of the list.
    mime = model.mimeData([model.index_of(7), model.index_of(6), model.index_of(8)])
    assert json.loads(bytes(mime.data(CODE_MIME).data())) == [6, 7, 8]
    assert model.dropMimeData(mime, MOVE, 0, 0, QModelIndex())
    assert calls.calls == [("move", (6, None, 0)), ("move", (8, None, 1))]


def test_plan_move_applied_in_turn_gives_the_dropped_order() -> None:
    children: dict[int | None, list[int]] = {None: [1, 2, 3, 4, 5]}
    parent_of: dict[int, int | None] = dict.fromkeys([1, 2, 3, 4, 5])
    plan = plan_move(children, parent_of, [4, 1], None, 3)
    assert plan is not None
    siblings = [1, 2, 3, 4, 5]
    for cid, _, position in plan:
        siblings.remove(cid)
        siblings.insert(position, cid)
    assert siblings == [2, 3, 4, 1, 5]


def test_span_dropped_on_a_code_codes_it(model: CodebookModel, calls: Recorder) -> None:
    target = model.index_of(7)
    copy = Qt.DropAction.CopyAction
    assert model.canDropMimeData(span_mime(3, 10, 42), copy, -1, -1, target)
    assert model.dropMimeData(span_mime(3, 10, 42), copy, -1, -1, target)
    assert calls.calls == [("span", (7, 3, 10, 42))]
    assert not model.canDropMimeData(span_mime(3, 10, 42), copy, -1, -1, QModelIndex())
    assert not model.canDropMimeData(span_mime(3, 10, 42), copy, 0, 0, target)  # between rows
    assert not model.canDropMimeData(span_mime(3, 9, 9), copy, -1, -1, target)  # empty span


def test_rename_goes_through_the_handler(model: CodebookModel, calls: Recorder) -> None:
    index = model.index_of(3)
    assert model.setData(index, "  Phone lines ", Qt.ItemDataRole.EditRole)
    assert not model.setData(index, "   ", Qt.ItemDataRole.EditRole)
    assert not model.setData(index, "Phone queues", Qt.ItemDataRole.EditRole)
    assert not model.setData(index.siblingAtColumn(1), "7", Qt.ItemDataRole.EditRole)
    assert calls.calls == [("rename", (3, "Phone lines"))]
    assert index.data() == "Phone queues"  # unchanged until the owner refreshes
    calls.result = False
    assert not model.setData(index, "Refused", Qt.ItemDataRole.EditRole)


def test_update_counts_only_emits_data_changed(model: CodebookModel, qtbot: Any) -> None:
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    changed: list[tuple[int, int, int]] = []
    model.dataChanged.connect(
        lambda a, b, _roles: changed.append((a.data(CodeIdRole), a.column(), b.column()))
    )
    new = [row(3, "ignored name", 2, 9, 4), row(7, "Staff", 6, 0, 0), row(42, "Unknown", None, 1)]
    model.update_counts(new)
    assert changed == [(3, 1, 2)]
    assert resets == []
    phone = model.index_of(3)
    assert (phone.data(), phone.siblingAtColumn(1).data(), phone.siblingAtColumn(2).data()) == (
        "Phone queues",
        "9",
        "4",
    )
    assert model.rowCount(model.index_of(2)) == 2


def test_refresh_keeps_shape_when_only_names_change(model: CodebookModel) -> None:
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    renamed = [row(r.id, "Queues" if r.id == 3 else r.name, r.parent_id) for r in TREE]
    model.refresh(renamed)
    assert resets == [] and model.index_of(3).data() == "Queues"
    model.refresh([*renamed, row(9, "New", 8)])
    assert resets == [True] and model.index_of(9).parent() == model.index_of(8)


def test_orphans_and_cycles_show_at_the_top(qapp: Any) -> None:
    m = CodebookModel()
    m.set_rows([row(1, "A", 2), row(2, "B", 1), row(3, "C", 77)])
    assert sorted(m.index(r, 0).data(CodeIdRole) for r in range(m.rowCount())) == [1, 3]
    assert len(m.preorder()) == 3


def test_update_counts_reports_one_range_per_parent(model: CodebookModel) -> None:
    ranges: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles: ranges.append((a.row(), b.row())))
    model.update_counts([row(1, "Access", None, 0), row(8, "Misc", None, 5)])
    assert ranges == [(0, 2)]
