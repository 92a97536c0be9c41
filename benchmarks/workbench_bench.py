"""Workbench figures for ``qualcode bench``: the window on a big project, a big transcript in the
reader, a 1,000-code codebook, and coding a selection end to end (highlight, margin, counts and the
retrieval pane all updated)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication

from benchmarks.codebook_bench import bench_codebook
from benchmarks.map_bench import bench_map
from benchmarks.reader_bench import bench_reader
from qualcode.ui.shell.main_window import MainWindow

Row = tuple[str, float, str]


def _settle(app: QApplication, window: MainWindow, limit: float = 30.0) -> None:
    """Process events until the retrieval pane's worker has delivered."""
    deadline = time.perf_counter() + limit
    while window.retrieval.task is not None and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()


def bench_workbench(project_path: Path) -> list[Row]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    rows: list[Row] = []
    window = MainWindow()
    window.resize(1400, 860)
    window.show()
    t0 = time.perf_counter()
    if not window.open_project(project_path):
        raise RuntimeError(f"could not open {project_path}")
    app.processEvents()
    n_docs, n_codes = len(window.documents.rows), len(window._code_rows)
    rows.append(
        (
            "window: open project",
            time.perf_counter() - t0,
            f"{n_docs:,} documents, {n_codes:,} codes",
        )
    )
    doc = window.documents.rows[0].id
    t0 = time.perf_counter()
    window.documents.select_document(doc)
    app.processEvents()
    view = window.reader.document_view
    assert view is not None
    rows.append(
        (
            "window: show a document",
            time.perf_counter() - t0,
            f"{len(view.text):,} characters, {len(view.codings):,} codings",
        )
    )
    # A leaf code, shown in the retrieval pane while coding with it: the everyday case.
    parents = {r.parent_id for r in window._code_rows}
    code = next(r.id for r in window._code_rows if r.id not in parents)
    window.codebook.selectionModel().setCurrentIndex(
        window.codebook_model.index_of(code),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    _settle(app, window)
    times = []
    for i in range(10):
        start = 200 + i * 300
        window.reader.select_span(start, start + 120)
        t0 = time.perf_counter()
        window.coding.code_selection(code)
        _settle(app, window)
        times.append(time.perf_counter() - t0)
    times.sort()
    rows.append(
        (
            "window: code a selection, all views",
            times[len(times) // 2],
            f"median of 10, max {times[-1] * 1000:.0f} ms; target < 100 ms",
        )
    )
    t0 = time.perf_counter()
    window.undo_action.trigger()
    _settle(app, window)
    rows.append(("window: undo that coding", time.perf_counter() - t0, ""))
    window.close()
    rows += bench_map()
    rows += bench_reader()
    # bench_codebook reports milliseconds; the bench table takes seconds.
    rows += [(step, ms / 1000, note) for step, ms, note in bench_codebook()]
    return rows
