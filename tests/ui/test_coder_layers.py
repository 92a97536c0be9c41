"""Coder layers: hiding a coder takes their codings out of the reader and the retrieval pane (a
view setting: the project keeps them), and Compare Coders shows both sides with the differences."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from qualcode.services.team.coders import coder_rows
from qualcode.ui.shell.main_window import MainWindow
from tests.team.conftest import TwoCoders, two_coders_fixture  # noqa: F401
from tests.ui.team_window import shot, team_window_fixture  # noqa: F401


def coded_at(win: MainWindow, pos: int) -> set[int]:
    return set(win.reader.highlighter.codes_at(pos))


def coder_id(win: MainWindow, name: str) -> int:
    assert win.project is not None
    return next(r.id for r in coder_rows(win.project) if r.name == name)


def test_hiding_a_coder_hides_their_highlights_and_extracts(
    qtbot: Any, team_window: MainWindow, two_coders: TwoCoders
) -> None:
    win = team_window
    x = two_coders.codes["X"]
    win.show_document(two_coders.doc)
    assert x in coded_at(win, 16)  # only Bea coded 15-18 with X
    assert x in coded_at(win, 11)  # only Alex coded 10-12
    menu = win.team.coders_menu
    menu.aboutToShow.emit()
    labels = [a.text() for a in menu.actions() if a.isCheckable()]
    assert "Alex (4 codings)" in labels and "Bea (3 codings)" in labels
    bea = next(a for a in menu.actions() if a.text().startswith("Bea"))
    assert bea.isChecked()
    win.retrieval.show_codes([x])
    qtbot.waitUntil(lambda: win.retrieval.task is None)
    assert len(win.retrieval.model.extracts) == 5  # Alex 3 (2 here, 1 in Interview 2), Bea 2

    bea.setChecked(False)  # Coders › Bea unticked
    assert coder_id(win, "Bea") in win.team.hidden
    assert x not in coded_at(win, 16)
    assert x in coded_at(win, 11)
    qtbot.waitUntil(lambda: win.retrieval.task is None)
    assert [(e.start, e.end) for e in win.retrieval.model.extracts] == [(2, 8), (5, 12), (0, 4)]
    assert "Hiding the codings of Bea" in win.statusBar().currentMessage()
    shot(win, "coder_layers_bea_hidden")

    win.team.set_hidden(frozenset())  # Show all coders
    assert x in coded_at(win, 16)
    qtbot.waitUntil(lambda: win.retrieval.task is None)
    assert len(win.retrieval.model.extracts) == 5
    assert win.project is not None
    assert {r.name: r.codings for r in coder_rows(win.project)}["Bea"] == 3  # nothing deleted


def test_compare_coders_side_by_side(team_window: MainWindow, two_coders: TwoCoders) -> None:
    dialog = team_window.team.show_compare()
    assert dialog is not None
    assert dialog.first.currentText() == "Alex" and dialog.second.currentText() == "Bea"
    assert dialog.document.count() == 1  # only Interview 1 was coded by both
    assert dialog.document.currentText() == "Interview 1"
    left, right = dialog.readers
    assert left.margin.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu  # read-only
    x = two_coders.codes["X"]
    assert x in left.highlighter.codes_at(11) and x not in right.highlighter.codes_at(11)
    assert x in right.highlighter.codes_at(16) and x not in left.highlighter.codes_at(16)
    assert -1 in left.highlighter.codes_at(16) and -1 in right.highlighter.codes_at(16)
    assert -1 not in left.highlighter.codes_at(6)  # both coded 4-10 with X: no mark
    rows = [
        [dialog.list.item(r, c).text() for c in range(3)] for r in range(dialog.list.rowCount())
    ]
    assert rows == [["2–4", "X", "Alex"], ["10–12", "X", "Alex"], ["15–18", "X", "Bea"]]
    assert dialog.labels[0].text() == "Alex — 3 codings"
    dialog.list.setCurrentCell(2, 0)
    assert left.selected_span() == (15, 18) and right.selected_span() == (15, 18)
    shot(dialog, "compare_coders")


def test_codings_per_coder_table(team_window: MainWindow) -> None:
    dialog = team_window.team.show_counts()
    assert dialog is not None
    t = dialog.table
    header = [t.horizontalHeaderItem(c).text() for c in range(t.columnCount())]
    assert header == ["Code", "Alex", "Bea"]
    cells = [[t.item(r, 0).text(), t.item(r, 1).data(0), t.item(r, 2).data(0)] for r in range(2)]
    assert cells == [["X", 3, 2], ["Y", 1, 1]]  # codebook order
    shot(dialog, "codings_per_coder")
