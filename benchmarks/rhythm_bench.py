"""Coding at a natural rhythm in the window: does a coding ever wait?

A researcher codes, pauses (reads on, thinks), codes again: one coding every 0.5–3 s. Work that
runs when they pause (theme counts, the map, the phases) must never delay the next coding, whether
it holds the GUI thread or the database. This bench replays such a rhythm on a big project with
themes over every code and measures, for each coding, the time from the moment the researcher acts
to the moment every view shows it (the reader's highlight, the codebook's counts, the retrieval
pane). A late start (the GUI thread busy with something else when the moment came) counts as wait.
The copy is not indexed, so the window indexes it meanwhile, as after an import: the note says how
far it got.

Run by ``qualcode bench`` (short rhythm) and on its own for the full minute:
``python -m benchmarks.rhythm_bench PROJECT [--seconds 60]``.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication

from benchmarks.themes_bench import bench_copy, build_bench_themes
from qualcode.services.search.search_index import index_status
from qualcode.storage.project import Project
from qualcode.ui.shell.main_window import MainWindow

Row = tuple[str, float, str]


def _pump(app: QApplication, until: float) -> None:
    """Run the event loop until ``until`` (perf_counter), as an idle window would."""
    while time.perf_counter() < until:
        app.processEvents()
        time.sleep(0.002)


def _settled(app: QApplication, window: MainWindow, limit: float = 30.0) -> None:
    deadline = time.perf_counter() + limit
    while window.retrieval.task is not None and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.0005)
    app.processEvents()


def rhythm(project_path: Path, seconds: float = 60.0, seed: int = 7) -> list[float]:
    """Code for ``seconds`` at a random 0.5–3 s rhythm; each coding's latency in seconds."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    window = MainWindow()
    window.resize(1280, 720)
    window.show()
    if not window.open_project(project_path):
        raise RuntimeError(f"could not open {project_path}")
    doc = window.documents.rows[0].id
    window.documents.select_document(doc)
    parents = {r.parent_id for r in window._code_rows}
    leaves = [r.id for r in window._code_rows if r.id not in parents]
    window.codebook.selectionModel().setCurrentIndex(
        window.codebook_model.index_of(leaves[0]),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    _settled(app, window)
    _pump(app, time.perf_counter() + min(3.0, seconds / 4))  # the opening's background work ends
    view = window.reader.document_view
    assert view is not None
    rng = random.Random(seed)
    latencies: list[float] = []
    end = time.perf_counter() + seconds
    moment = time.perf_counter() + rng.uniform(0.5, 3.0)
    i = 0
    while moment < end:
        _pump(app, moment)
        start = 100 + (i * 997) % max(1, len(view.text) - 400)
        window.reader.select_span(start, start + 80)
        window.coding.code_selection(leaves[i % min(len(leaves), 25)])
        _settled(app, window)
        latencies.append(time.perf_counter() - moment)
        i += 1
        moment = time.perf_counter() + rng.uniform(0.5, 3.0)
    _pump(app, time.perf_counter() + min(1.0, seconds / 10))
    window.close()
    return latencies


def summary(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    over = sum(1 for x in ordered if x > 0.1)
    return (
        f"{len(ordered)} codings, median {ordered[len(ordered) // 2] * 1000:.0f} ms, "
        f"p99 {p99 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms, {over} over 100 ms"
    )


def bench_rhythm(project_path: Path, folder: Path, seconds: float = 20.0) -> list[Row]:
    """On a copy of the bench project with 60 themes over every code."""
    copy = bench_copy(project_path, folder, "rhythm-bench.qcproj")
    with Project.open(copy, author="bench") as project:
        build_bench_themes(project)
    latencies = rhythm(copy, seconds)
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    with Project.open(copy, readonly=True) as project:
        indexed = index_status(project)
    meanwhile = f"{indexed.indexed:,} of {indexed.documents:,} documents indexed in the background"
    note = f"{summary(latencies)}; {meanwhile}; target < 100 ms"
    return [("window: coding at a 0.5-3 s rhythm, p99", p99, note)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("project", type=Path)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qualcode-rhythm-") as tmp:
        for op, value, note in bench_rhythm(args.project, Path(tmp), args.seconds):
            print(f"{op}: {value * 1000:.0f} ms  ({note})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
