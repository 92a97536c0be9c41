"""The window prepares the search index in the background, so the first search does not wait.

With the switch on (the suite keeps it off elsewhere), opening a project starts indexing after a
short delay; progress shows in the status bar; coding meanwhile works; when it ends the index is
complete and a search runs without preparing anything. A search started during indexing pauses it
and indexing resumes afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from qualcode.services.search.search_index import index_status
from qualcode.storage.project import Project
from qualcode.ui.search import background_index
from qualcode.ui.shell.main_window import MainWindow


@pytest.fixture
def indexing_window(qtbot: Any, sample_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setenv(background_index.SWITCH, "1")
    monkeypatch.setattr(background_index, "DELAY_MS", 0)
    win = MainWindow()
    qtbot.addWidget(win)
    win.indexer.timer.setInterval(0)
    assert win.open_project(sample_path)
    return win


def test_opening_a_project_indexes_it_in_the_background(
    indexing_window: MainWindow, qtbot: Any
) -> None:
    win = indexing_window
    assert win.project is not None
    shown: list[str] = []
    win.indexer.label.setVisible = lambda on: shown.append(win.indexer.label.text()) if on else None  # type: ignore[method-assign]
    qtbot.waitUntil(lambda: win.indexer.running, timeout=10_000)
    # coding while the index is prepared is not refused and is not lost
    doc = win.documents.rows[0].id
    code = win._code_rows[0].id
    assert win.coding.code_span(code, doc, 0, 3)
    qtbot.waitUntil(lambda: not win.indexer.running, timeout=120_000)
    assert index_status(win.project).stale == 0
    assert any(t.startswith("Indexing for search: ") and " documents" in t for t in shown)
    reports: list[str] = []
    win.search.progress.report = lambda done, total, what: reports.append(what)  # type: ignore[method-assign]
    win.search.query.setText("bus")
    win.search.run_search()
    qtbot.waitUntil(lambda: win.search.task is None, timeout=60_000)
    assert win.search.result is not None and win.search.result.hits
    assert "Indexing" not in reports  # nothing left to prepare


def test_a_search_pauses_indexing_and_it_resumes_after(
    indexing_window: MainWindow, qtbot: Any
) -> None:
    win = indexing_window
    assert win.project is not None
    qtbot.waitUntil(lambda: win.indexer.running, timeout=10_000)
    win.search.query.setText("hours")
    win.search.run_search()
    assert not win.indexer.running and win.indexer.paused == 1
    qtbot.waitUntil(lambda: win.search.task is None, timeout=120_000)
    assert win.indexer.paused == 0
    qtbot.waitUntil(lambda: not win.indexer.running, timeout=120_000)
    assert index_status(win.project).stale == 0
    with Project.open(win.project.path, readonly=True) as other:  # what was written is there
        assert index_status(other).stale == 0
