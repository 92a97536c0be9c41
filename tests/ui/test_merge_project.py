"""File › Merge Project…: the preview, the merge (codings per coder) and Edit › Undo of it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from qualcode.services.team.coders import coder_rows
from qualcode.ui.shell import export_dialogs
from qualcode.ui.shell.main_window import MainWindow
from qualcode.ui.team.merge_dialog import MergePreviewDialog
from tests.team.conftest import Separate, separate_fixture  # noqa: F401
from tests.ui.exporting import finish, make_boxes
from tests.ui.team_window import shot


@pytest.fixture
def alex_window(qtbot: Any, separate: Separate) -> Iterator[MainWindow]:
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_project(separate.target)
    yield win
    win.close()


def counts(win: MainWindow) -> dict[str, int]:
    assert win.project is not None
    return {r.name: r.codings for r in coder_rows(win.project) if r.codings}


def tree_rows(dialog: MergePreviewDialog) -> dict[str, dict[str, str]]:
    out = {}
    for i in range(dialog.tree.topLevelItemCount()):
        top = dialog.tree.topLevelItem(i)
        out[top.text(0)] = {
            top.child(j).text(0): top.child(j).text(1) for j in range(top.childCount())
        }
    return out


def test_merge_from_the_file_menu_then_undo(
    qtbot: Any,
    alex_window: MainWindow,
    separate: Separate,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    win = alex_window
    boxes = make_boxes(monkeypatch)
    shown: list[MergePreviewDialog] = []

    def run(dialog: QDialog) -> bool:
        assert isinstance(dialog, MergePreviewDialog)
        shown.append(dialog)
        shot(dialog, "merge_preview")
        return True

    monkeypatch.setattr(export_dialogs, "run_dialog", run)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(separate.source)], "")
    )
    file_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&File")
    merge = next(a for a in file_menu.actions() if a.text() == "&Merge Project…")
    before = counts(win)
    assert before == {"Alex": 3}
    merge.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    rows = tree_rows(shown[0])
    assert rows["Codings added per coder"] == {"Bea": "4"}
    assert rows["Will be added"]["Codings"] == "4"
    assert rows["Skipped (exactly the same already there)"] == {"Codings": "1"}
    assert rows["Already in the project (matched, kept as they are)"]["Documents"] == "1"
    task = win.team.merge.task if win.team.merge else None
    finish(qtbot, task)
    assert counts(win) == {"Alex": 3, "Bea": 4}
    assert any("Codings added per coder:" in text for text in boxes.infos)
    names = [win.documents.rows[i].name for i in range(len(win.documents.rows))]
    assert "Interview 3" in names  # the document list followed the merge
    assert win.undo_action.text() == "&Undo Merge bea.qcproj"

    win.undo_action.trigger()
    assert counts(win) == before
    assert "Interview 3" not in [r.name for r in win.documents.rows]
    win.redo_action.trigger()
    assert counts(win) == {"Alex": 3, "Bea": 4}
