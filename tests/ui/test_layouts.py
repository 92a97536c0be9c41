"""The main window stays usable on a small screen: 1280×720, 1400×860, and 1280×720 at 200 %.

What a researcher would check by eye: the Dataset review's document column shows a name, not two
letters; the Phases panel's six steps and checklist are all there (wrapped or scrolled, never cut
off); no table column is squeezed below a few characters; the window's minimum size fits the
screen. The 200 % case runs in a child process, since Qt reads QT_SCALE_FACTOR when it starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QHeaderView,
    QScrollArea,
    QTableWidget,
    QWidget,
)

from qualcode.ui.shell.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
SIZES = [(1280, 720), (1400, 860)]
BOTTOM_DOCKS = ("dock-retrieval", "dock-search", "dock-memos", "dock-phases")


def _settle(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.wait(50)
    QApplication.processEvents()


def _sized(window: MainWindow, qtbot, size: tuple[int, int]) -> MainWindow:  # type: ignore[no-untyped-def]
    window.resize(*size)
    _settle(qtbot, window)
    assert (window.width(), window.height()) == size  # the window's minimum fits the screen
    return window


def _chars(widget: QWidget, width: int) -> float:
    return width / widget.fontMetrics().averageCharWidth()


def _show_dock(window: MainWindow, name: str) -> None:
    dock = window.findChild(QDockWidget, name)
    assert dock is not None
    dock.show()
    dock.raise_()


def test_the_window_can_be_smaller_than_a_1280_by_720_screen(window: MainWindow) -> None:
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert minimum.width() <= 1280 and minimum.height() <= 680  # 720 less a task bar


@pytest.mark.parametrize("size", SIZES)
def test_dataset_review_shows_document_names(window: MainWindow, qtbot, size) -> None:  # type: ignore[no-untyped-def]
    _sized(window, qtbot, size)
    window.tabs.setCurrentWidget(window.dataset_review)
    _settle(qtbot, window)
    review = window.dataset_review
    for table in (review.coverage, review.passages, review.sparse):
        assert table.isVisible()
        assert _chars(table, table.columnWidth(0)) >= 15, (size, table.columnWidth(0))
    first = review.coverage.item(0, 0)
    assert isinstance(review.coverage, QTableWidget) and first is not None
    assert first.toolTip() == first.text()  # an elided name is whole in its tooltip
    # the passage preview keeps room to read, too
    assert _chars(review.passages, review.passages.columnWidth(2)) >= 10


@pytest.mark.parametrize("size", SIZES)
def test_phase_tracker_fits_or_scrolls(window: MainWindow, qtbot, size) -> None:  # type: ignore[no-untyped-def]
    _sized(window, qtbot, size)
    _show_dock(window, "dock-phases")
    _settle(qtbot, window)
    tracker = window.phase_tracker
    area = tracker.parentWidget().parentWidget()
    assert isinstance(area, QScrollArea) and area.isVisible()
    viewport = area.viewport()
    fits = tracker.minimumSizeHint().height() <= viewport.height()
    reachable = area.verticalScrollBar().maximum() >= tracker.height() - viewport.height()
    assert fits or reachable
    assert tracker.width() <= viewport.width() or area.horizontalScrollBar().maximum() > 0
    # every phase step is on screen inside the tracker, none overlapping another
    buttons = sorted(tracker.steps.buttons(), key=lambda b: tracker.steps.id(b))
    assert len(buttons) == 6
    rects = [b.geometry().translated(tracker.step_row.pos()) for b in buttons]
    for i, rect in enumerate(rects):
        assert buttons[i].isVisible() and tracker.rect().contains(rect), (size, i, rect)
        assert _chars(buttons[i], rect.width()) >= 8
        assert not any(rect.intersects(other) for other in rects[i + 1 :])
    # the checklist shows at least three items without scrolling
    checklist = tracker.checklist
    assert checklist.count() > 0
    row = checklist.sizeHintForRow(0)
    assert checklist.viewport().height() >= min(3, checklist.count()) * row
    # and the decision log beside it keeps its columns readable
    assert _chars(window.decision_log.table, window.decision_log.table.columnWidth(3)) >= 15


def _visible_headers(window: MainWindow) -> list[tuple[QAbstractItemView, QHeaderView]]:
    out = []
    for view in window.findChildren(QAbstractItemView):
        if not view.isVisible() or view.width() < 2:
            continue
        header = getattr(view, "horizontalHeader", None) or getattr(view, "header", None)
        h = header() if header is not None else None
        if isinstance(h, QHeaderView) and h.isVisible():
            out.append((view, h))
    return out


def _narrow_sections(window: MainWindow) -> list[str]:
    narrow = []
    for view, header in _visible_headers(window):
        model = view.model()
        for section in range(header.count()):
            if header.isSectionHidden(section):
                continue
            label = str(model.headerData(section, header.orientation()) or "").strip()
            need = 4 if len(label) > 1 else 2  # a marker or check box column may be narrow
            width = header.sectionSize(section)
            if _chars(header, width) < need:
                narrow.append(f"{type(view).__name__} {label!r}: {width}px")
    return narrow


@pytest.mark.parametrize("size", SIZES)
def test_no_visible_column_is_squeezed(window: MainWindow, qtbot, size) -> None:  # type: ignore[no-untyped-def]
    _sized(window, qtbot, size)
    problems = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        for dock in BOTTOM_DOCKS:
            _show_dock(window, dock)
            _settle(qtbot, window)
            problems += _narrow_sections(window)
    assert not problems, sorted(set(problems))


SCALED = """
import json, shutil, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication, QDockWidget
app = QApplication([])
from qualcode.ui.shell.main_window import MainWindow
win = MainWindow()
win.resize(1280, 720)
win.show()
win.open_project(Path(sys.argv[1]))
win.tabs.setCurrentWidget(win.dataset_review)
for _ in range(30):
    app.processEvents()
dock = win.findChild(QDockWidget, "dock-phases")
dock.raise_()
for _ in range(30):
    app.processEvents()
def size(w):
    return [w.width(), w.height()]
review = win.dataset_review.coverage
print(json.dumps({
    "dpr": win.devicePixelRatio(),
    "window": size(win),
    "documents": size(win.documents),
    "codebook": size(win.codebook),
    "review": size(win.dataset_review),
    "phases": size(win.phase_tracker.parentWidget().parentWidget()),
    "document_column_chars": review.columnWidth(0) / review.fontMetrics().averageCharWidth(),
}))
win.close()
"""


@pytest.mark.slow
def test_window_opens_at_200_percent(sample_path: Path, tmp_path: Path) -> None:
    screen = tmp_path / "screen.json"  # a 2560×1440 screen: 1280×720 logical at 200 %
    screen.write_text(
        json.dumps({"screens": [{"name": "S", "x": 0, "y": 0, "width": 2560, "height": 1440}]})
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
        "QT_SCALE_FACTOR": "2",
        "PYTHONPATH": str(ROOT),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    try:
        done = subprocess.run(
            [sys.executable, "-c", SCALED, str(sample_path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("the scaled window did not open in time")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        pytest.skip(f"the scaled window could not run here: {done.stderr[-500:]}")
    got = json.loads(lines[-1])
    if got["dpr"] != 2:
        pytest.skip(f"this Qt ignored QT_SCALE_FACTOR (device pixel ratio {got['dpr']})")
    assert got["window"] == [1280, 720]
    for panel in ("documents", "codebook", "review", "phases"):
        width, height = got[panel]
        assert width >= 150 and height >= 100, (panel, got[panel])
    assert got["document_column_chars"] >= 15
