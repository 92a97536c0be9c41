"""Start-up as the researcher sees it: a fresh process, from launch to the window on screen and
to the project ready in it (documents listed, codebook filled); and the first search in the
window on a project never indexed (a fresh import), while the window indexes it in the background.

Timed in a child process so the interpreter's start and every import count, as they do when the
app is launched; the child reports its own clock readings (from the process start, so Python's
own start-up is included) as JSON on stdout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

Row = tuple[str, float, str]

_PROBE = r"""
import json, os, sys, time
t_proc = time.time() - float(os.environ["QUALCODE_BENCH_LAUNCH"])
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
from qualcode.ui.shell.main_window import MainWindow
app = QApplication(sys.argv[:1])
w = MainWindow()
w.resize(1280, 720)
w.show()
app.processEvents()
shown = time.perf_counter() - t0
ok = w.open_project(__import__("pathlib").Path(sys.argv[1]))
app.processEvents()
ready = time.perf_counter() - t0
print(json.dumps({"before_main": t_proc, "shown": shown, "ready": ready, "ok": ok}))
"""


def bench_startup(project_path: Path) -> list[Row]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QUALCODE_BACKGROUND_INDEX": "0"}
    env["QUALCODE_BENCH_LAUNCH"] = repr(time.time())
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(project_path)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    got = json.loads(done.stdout.strip().splitlines()[-1])
    before = float(got["before_main"])
    return [
        ("window shown, fresh process", before + got["shown"], "target < 1.5 s"),
        ("project ready in the window, fresh process", before + got["ready"], "target < 2 s"),
    ]


_SEARCH_PROBE = r"""
import json, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from qualcode.ui.shell.main_window import MainWindow
app = QApplication(sys.argv[:1])
w = MainWindow()
w.resize(1280, 720)
w.show()
assert w.open_project(Path(sys.argv[1]))
settle = time.perf_counter() + float(sys.argv[2])  # background indexing starts meanwhile
while time.perf_counter() < settle:
    app.processEvents()
    time.sleep(0.01)
out = {"indexing": w.indexer.running}
for key, word in (("common", sys.argv[3]), ("absent", sys.argv[4])):
    w.search.query.setText(word)
    t0 = time.perf_counter()
    w.search.run_search()
    while w.search.task is not None:
        app.processEvents()
        time.sleep(0.002)
    out[key] = time.perf_counter() - t0
    out[key + "_hits"] = len(w.search.model.hits)
w.close()
print(json.dumps(out))
"""


def bench_first_search(project_path: Path, folder: Path) -> list[Row]:
    """A copy of the bench project (never indexed, like a fresh import) opened in a fresh
    window with background indexing on; 4 s later, a word search through the Search panel,
    then a word no document holds (every document read)."""
    from benchmarks.themes_bench import bench_copy

    copy = bench_copy(project_path, folder, "first-search.qcproj")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QUALCODE_BACKGROUND_INDEX": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _SEARCH_PROBE, str(copy), "4", "stigma", "zzzyx"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    copy.unlink(missing_ok=True)
    got = json.loads(done.stdout.strip().splitlines()[-1])
    meanwhile = "indexing under way" if got["indexing"] else "indexing NOT running"
    return [
        (
            "window: first search (lemma, the default), never indexed",
            got["common"],
            f"{got['common_hits']:,} hits shown; {meanwhile}; target < 2 s",
        ),
        (
            "window: next search, a word in no document",
            got["absent"],
            f"{got['absent_hits']} hits, every document read; target < 2 s",
        ),
    ]
