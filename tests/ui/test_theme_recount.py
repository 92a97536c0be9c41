"""Coding keeps the themes panel's counts right without rebuilding the themes panel.

After a coding the window re-reads only the code coded, once the researcher pauses, and writes the
new counts into the panel's cells; the tree is not rebuilt (no set_themes), the map is not redrawn.
Undo brings the counts back. The figures are compared with a full count from the services.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from qualcode.services.themes.theme_counts import ThemeNode, theme_tree
from qualcode.storage.models import Document, ThemeCode
from qualcode.ui.shell.main_window import MainWindow


def _expected(win: MainWindow) -> dict[int, tuple[int, int, int]]:
    assert win.project is not None
    out: dict[int, tuple[int, int, int]] = {}

    def walk(node: ThemeNode) -> None:
        out[node.id] = (node.extracts, node.documents, node.participants)
        for child in node.children:
            walk(child)

    for root in theme_tree(win.project):
        walk(root)
    return out


def _shown(win: MainWindow) -> dict[int, tuple[int, int, int]]:
    model = win.themes_panel.model
    return {tid: (row.extracts, row.documents, row.participants) for tid, row in model.rows.items()}


def _cells(win: MainWindow, theme: int) -> list[str]:
    model = win.themes_panel.model
    for tid, index in win.themes_panel._walk():
        if tid == theme:
            return [model.index(index.row(), c, index.parent()).data() for c in (2, 3, 4)]
    raise AssertionError(f"theme {theme} not shown")


def test_coding_updates_theme_counts_in_place(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = window
    assert win.project is not None
    qtbot.waitUntil(lambda: win.themes.count_task is None, timeout=20_000)
    assert _shown(win) == _expected(win)
    with win.project.read() as s:
        theme, code = s.execute(select(ThemeCode.theme_id, ThemeCode.code_id)).first() or (0, 0)
        docs = list(s.scalars(select(Document.id).order_by(Document.id)))
    rebuilt: list[object] = []
    monkeypatch.setattr(win.themes_panel, "set_themes", lambda rows: rebuilt.append(rows))
    redrawn: list[object] = []
    monkeypatch.setattr(win.map_view, "set_data", lambda data: redrawn.append(data))
    before = _shown(win)[theme]

    for doc in docs[-2:]:  # two codings in a row, then a pause
        assert win.coding.code_span(code, doc, 0, 4)
    qtbot.waitUntil(lambda: _shown(win)[theme] != before, timeout=10_000)
    qtbot.waitUntil(lambda: win.themes.count_task is None, timeout=10_000)
    assert _shown(win) == _expected(win)
    assert _shown(win)[theme][0] == before[0] + 2
    assert _cells(win, theme)[0] == f"{before[0] + 2:,}"

    win.undo_action.trigger()
    win.undo_action.trigger()
    qtbot.waitUntil(lambda: _shown(win)[theme] == before, timeout=10_000)
    assert _shown(win) == _expected(win)
    assert rebuilt == [] and redrawn == []  # counts only: no tree rebuild, no map redraw
