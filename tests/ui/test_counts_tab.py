"""The Counts & charts tab on the sample project, offscreen: every kind draws a real chart, the
table under it holds the numbers the counting services return, and charts and tables export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDockWidget

from qualcode.services.coding import codings
from qualcode.services.counts import counts as service
from qualcode.ui.counts.chart_view import MIN_DPI, FrameModel
from qualcode.ui.counts.counts_tab import CountsTab
from qualcode.ui.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot, sample_path: Path) -> Iterator[MainWindow]:
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1500, 950)
    win.show()
    assert win.open_project(sample_path)
    win.tabs.setCurrentWidget(win.counts_page)
    yield win
    win.close()


def _settle(tab: CountsTab, qtbot) -> None:
    qtbot.wait(20)
    qtbot.waitUntil(lambda: not tab.busy() and tab.chart.rendered_dpi > 0, timeout=60_000)


def _table(tab: CountsTab) -> pd.DataFrame:
    """What the table shows, read back through the model (index = column 0)."""
    m = tab.model
    rows = [[m.value(r, c) for c in range(1, m.columnCount())] for r in range(m.rowCount())]
    columns = [m.frame.columns[c - 1] for c in range(1, m.columnCount())]
    index = [m.value(r, 0) for r in range(m.rowCount())]
    return pd.DataFrame(rows, index=index, columns=pd.Index(columns))


def _colours(image: QImage) -> int:
    """Distinct colours on a coarse grid: a blank or single-colour image has one or two."""
    step_x, step_y = max(image.width() // 60, 1), max(image.height() // 60, 1)
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step_x)
            for y in range(0, image.height(), step_y)
        }
    )


def _chart_is_drawn(tab: CountsTab) -> None:
    pixmap = tab.chart.label.pixmap()
    assert not pixmap.isNull() and pixmap.width() > 300 and pixmap.height() > 200
    assert _colours(pixmap.toImage()) > 8


def test_code_frequencies_chart_and_table(window: MainWindow, qtbot) -> None:
    tab = window.counts_tab
    _settle(tab, qtbot)
    _chart_is_drawn(tab)
    freq = service.code_frequencies(window.project, None).measure("extracts")
    expected = freq[freq[service.ALL] > 0]
    pd.testing.assert_frame_equal(_table(tab), expected, check_names=False, check_dtype=False)
    assert tab.model.headerData(0, Qt.Orientation.Horizontal) == "Code"


def test_grouped_by_a_case_attribute_and_by_participants(window: MainWindow, qtbot) -> None:
    tab = window.counts_tab
    by = tab.controls.by
    by.setCurrentIndex(by.findData("Gender"))
    tab.controls.measure.setCurrentIndex(tab.controls.measure.findData("participants"))
    _settle(tab, qtbot)
    _chart_is_drawn(tab)
    freq = service.code_frequencies(window.project, "Gender")
    table = freq.measure("participants")
    expected = table[freq.measure("extracts")[service.ALL] > 0]
    shown = _table(tab)
    assert list(shown.columns) == ["Female", "Male", service.NO_VALUE, service.ALL]
    pd.testing.assert_frame_equal(shown, expected, check_names=False, check_dtype=False)


def test_cooccurrence_both_modes(window: MainWindow, qtbot) -> None:
    tab = window.counts_tab
    for index, mode in enumerate(("overlap", "turn")):
        tab.controls.set_kind("cooccurrence")
        tab.controls.mode.setCurrentIndex(index)
        _settle(tab, qtbot)
        _chart_is_drawn(tab)
        shown = _table(tab)
        matrix = service.cooccurrence(window.project, mode).matrix
        expected = matrix.loc[list(shown.index), list(shown.index)]
        assert len(shown) == sum(1 for n in matrix.to_numpy().diagonal() if n > 0)
        pd.testing.assert_frame_equal(shown, expected, check_names=False, check_dtype=False)
        assert ("overlapping" if mode == "overlap" else "same turn") in tab.caption.text()


def test_coverage_and_word_frequencies(window: MainWindow, qtbot) -> None:
    tab = window.counts_tab
    tab.controls.set_kind("coverage")
    _settle(tab, qtbot)
    _chart_is_drawn(tab)
    cover = service.coverage(window.project).set_index("document")
    shown = _table(tab)
    assert list(shown.index) == list(cover.index) and len(shown.columns) == len(cover.columns)
    assert (shown.to_numpy() == cover.to_numpy()).all()
    assert tab.model.headerData(4, Qt.Orientation.Horizontal) == "Percent coded"
    assert tab.model.data(tab.model.index(0, 4)) == f"{cover['percent'].iloc[0]:,.1f}"

    tab.controls.set_kind("words")
    by = tab.controls.by
    by.setCurrentIndex(by.findData("kind"))
    _settle(tab, qtbot)
    _chart_is_drawn(tab)
    words = service.word_frequencies(window.project, "kind", True, 20, False)
    pd.testing.assert_frame_equal(_table(tab), words, check_names=False, check_dtype=False)
    assert "wait" in set(service.word_frequencies(window.project, None, True, 400).index)


def test_selected_codes_and_recount_after_a_change(window: MainWindow, qtbot) -> None:
    tab = window.counts_tab
    ids = [r.id for r in window._code_rows if r.name in ("Naloxone", "Stigma and judgement")]
    tab.set_selected_codes(ids)
    tab.controls.use_selected.setChecked(True)
    _settle(tab, qtbot)
    assert sorted(_table(tab).index) == ["Naloxone", "Stigma and judgement"]
    before = int(_table(tab).loc["Naloxone", service.ALL])
    naloxone = next(r.id for r in window._code_rows if r.name == "Naloxone")
    window.coding.run("Code", lambda p: codings.add_coding(p, 2, naloxone, 0, 9))
    qtbot.waitUntil(lambda: int(_table(tab).loc["Naloxone", service.ALL]) == before + 1)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: int(_table(tab).loc["Naloxone", service.ALL]) == before)


def test_chart_rerenders_for_its_size(window: MainWindow, qtbot) -> None:
    tab = window.counts_tab
    for dock in window.findChildren(QDockWidget):  # the chart gets the room the docks had
        dock.hide()
    _settle(tab, qtbot)
    first = tab.chart.rendered_dpi
    assert first == tab.chart.target_dpi()
    for width, height in ((1900, 1250), (800, 600)):
        window.resize(width, height)
        qtbot.wait(30)
        if tab.chart.target_dpi() != first:
            break
    assert tab.chart.target_dpi() != first
    qtbot.waitUntil(lambda: not tab.busy() and tab.chart.rendered_dpi != first, timeout=10_000)
    assert tab.chart.rendered_dpi == tab.chart.target_dpi()
    widest = max(tab.chart.viewport().width(), tab.chart.figure.get_size_inches()[0] * MIN_DPI + 1)
    assert tab.chart.label.pixmap().width() <= widest  # fits, unless text would get too small


def test_save_chart_and_export_tables(window: MainWindow, qtbot, tmp_path: Path) -> None:
    tab = window.counts_tab
    _settle(tab, qtbot)
    for name, magic in (("chart.png", b"\x89PNG"), ("chart.svg", b"<svg")):
        assert tab.save_chart(tmp_path / name) is not None
        qtbot.waitUntil(lambda n=name: f"as {n}" in tab.caption.text(), timeout=30_000)
        assert magic in (tmp_path / name).read_bytes()[:400]
    assert tab.export(False, tmp_path / "counts.xlsx") is not None
    qtbot.waitUntil(lambda: "counts.xlsx" in tab.caption.text(), timeout=60_000)
    assert "Code frequencies" in load_workbook(tmp_path / "counts.xlsx").sheetnames
    assert tab.export(True, tmp_path / "counts.csv") is not None
    qtbot.waitUntil(lambda: "CSV files" in tab.caption.text(), timeout=60_000)
    frame = pd.read_csv(tmp_path / "counts-code-frequencies.csv")
    assert "code" in frame.columns and "Exported 5 CSV files: counts-" in tab.caption.text()


def test_bad_grouping_shows_a_message_and_keeps_the_table(window: MainWindow, qtbot) -> None:
    tab = window.counts_tab
    by = tab.controls.by
    by.setCurrentIndex(by.findData("Theme"))  # 15 values: too many panels for one chart
    qtbot.wait(20)
    qtbot.waitUntil(lambda: not tab.busy(), timeout=60_000)
    assert tab.chart.figure is None and "too many" in tab.chart.label.text()
    assert tab.model.rowCount() > 0 and not tab.controls.save_chart.isEnabled()


def test_frame_model_passes_the_model_tester(qtmodeltester) -> None:
    model = FrameModel()
    frame = pd.DataFrame({"a": [1, 2], "b": [0.5, 1.5]}, index=pd.Index(["x", "y"], name="code"))
    model.set_frame(frame)
    qtmodeltester.check(model, force_py=True)
    assert (
        model.data(model.index(1, 2)) == "1.5"
        and model.headerData(0, Qt.Orientation.Horizontal) == "code"
    )
