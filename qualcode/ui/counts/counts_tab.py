"""The "Counts & charts" tab: compare groups at a glance, with the numbers beside the picture.

Researchers ask "do people with lived experience raise this more than professionals?" and want a
chart they can put in a report and a table they can check. The left column chooses what to count
(code frequencies by group, co-occurrence, coverage, word frequencies) and how; the right shows
the chart and the very DataFrame it was drawn from, so the two never disagree. Counting and
drawing run in a worker; the tab recounts when it is shown after the project changed. The left
column scrolls when the window is short (it set the whole window's minimum height above 720).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd  # type: ignore[import-untyped]
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.errors import QualCodeError
from qualcode.domain.wording import plural
from qualcode.services.counts.counts_report import export_counts
from qualcode.services.search.search_choices import search_choices
from qualcode.storage.project import Project
from qualcode.ui.counts.chart_view import ChartView, FrameModel, SortRole
from qualcode.ui.counts.counts_controls import CountsControls, Result, compute
from qualcode.ui.shell.fit import scrolling
from qualcode.ui.shell.stale_view import StaleView
from qualcode.ui.shell.workers import Latest, Task


class CountsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.result: Result | None = None
        self.work = Latest()
        self.refresh = StaleView(self, self.recount)  # recounts when on screen
        self.controls = CountsControls()
        self.controls.changed.connect(self.refresh.schedule)
        self.controls.save_chart.clicked.connect(self.save_chart)
        self.controls.export_excel.clicked.connect(lambda: self.export(csv=False))
        self.controls.export_csv.clicked.connect(lambda: self.export(csv=True))
        self.chart = ChartView()
        self.model = FrameModel()
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        proxy.setSortRole(SortRole)
        self.table = QTableView()
        self.table.setModel(proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # source order until clicked
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.chart)
        below = QWidget()
        column = QVBoxLayout(below)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.caption)
        column.addWidget(self.table, 1)
        split.addWidget(below)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self.split = split
        self._sized = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        controls = scrolling(self.controls)
        controls.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = controls.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        controls.setFixedWidth(self.controls.width() + bar + 2)
        layout.addWidget(controls)
        layout.addWidget(split, 1)

    # -- project and refresh ---------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self.project = project
        attributes: dict[str, list[str]] = {}
        if project is not None:
            try:
                attributes = search_choices(project).attributes
            except QualCodeError:
                attributes = {}
        self.controls.set_attributes(attributes)
        self.mark_stale()

    def set_selected_codes(self, ids: list[int]) -> None:
        self.controls.selected_codes = list(ids)
        if self.controls.use_selected.isChecked():
            self.refresh.schedule()

    def mark_stale(self) -> None:
        """The project changed: recount now if the tab is on screen, else when it is shown."""
        self.refresh.mark_stale()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # the chart gets most of the height, the table the rest
            self._sized = True
            height = max(self.split.height(), 300)
            self.split.setSizes([round(height * 0.64), round(height * 0.36)])
        self.refresh.shown()

    def busy(self) -> bool:
        return self.refresh.pending or self.work.task is not None or self.chart.busy()

    # -- counting --------------------------------------------------------------------------------
    def recount(self) -> None:
        project = self.project
        if project is None:
            self.chart.show_message("Open a project to count its codes and words.")
            self.model.set_frame(self._empty())
            return
        self.refresh.stale = False
        spec = self.controls.spec()
        self.caption.setText("Counting…")
        self.work.start(lambda _p, _c: compute(project, spec), self._counted, self._failed)

    @staticmethod
    def _empty() -> pd.DataFrame:
        return pd.DataFrame()

    def _counted(self, result: Result) -> None:
        self.result = result
        self.model.set_frame(result.table, result.index_title)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.resizeSection(0, min(max(header.sectionSize(0), 160), 320))
        for column in range(1, self.model.columnCount()):  # long group names: see the tooltip
            header.resizeSection(column, min(max(header.sectionSize(column), 64), 150))
        self.caption.setText(result.caption)
        if result.figure is None:
            self.chart.show_message(result.message or "Nothing to chart.")
        else:
            self.chart.set_figure(result.figure)
        self.controls.save_chart.setEnabled(result.figure is not None)

    def _failed(self, message: str) -> None:
        self.result = None
        self.model.set_frame(self._empty())
        self.caption.setText("")
        self.chart.show_message("⚠ " + message.split("\n", 1)[0])

    # -- saving ----------------------------------------------------------------------------------
    def _ask(self, title: str, filters: str, suffix: str) -> Path | None:
        stem = self.project.path.stem if self.project is not None else "counts"
        name, _chosen = QFileDialog.getSaveFileName(self, title, f"{stem}-{suffix}", filters)
        return Path(name) if name else None

    def save_chart(self, path: Path | None = None) -> Task | None:
        target = path or self._ask("Save chart", "PNG image (*.png);;SVG drawing (*.svg)", "chart")
        if target is None:
            return None
        if target.suffix.lower() not in (".png", ".svg"):
            target = target.with_suffix(".png")
        saved = f"Saved the chart as {target.name}"
        return self._after(self.chart.save(target), lambda _n: saved)

    def export(self, csv: bool, path: Path | None = None) -> Task | None:
        project = self.project
        if project is None:
            return None
        if path is None:
            kind = ("CSV files (*.csv)", "counts.csv") if csv else ("Excel (*.xlsx)", "counts.xlsx")
            path = self._ask("Export counts", *kind)
            if path is None:
                return None
        if not csv and path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        by = self.controls.spec().by  # "kind" included: the workbook groups by kind too
        target = path

        def work(_p: Callable[[int, int, str], None], _c: Callable[[], bool]) -> list[Path]:
            return export_counts(project, target, by, csv=csv)

        def done(n: int) -> str:
            if csv:
                return f"Exported {plural(n, 'CSV file')}: {target.with_suffix('').name}-….csv"
            return f"Exported {target.name}"

        return self._after(Task(work), done)

    def _after(self, task: Task | None, message: Callable[[int], str]) -> Task | None:
        """Run ``task``; the caption then says ``message(n)``, n the files it wrote."""
        if task is None:
            return None
        previous = self.result.caption if self.result is not None else ""
        task.signals.done.connect(
            lambda r: self.caption.setText(
                message(len(r) if isinstance(r, list) else 1) + "  ·  " + previous
            )
        )
        task.signals.failed.connect(lambda m: self.caption.setText("⚠ " + m.split("\n", 1)[0]))
        task.start()
        return task
