"""Showing counts: a chart rendered for the widget's size, and a sortable table of the numbers.

The charts come from :mod:`qualcode.exporters.charts` (matplotlib, Agg canvas) so the GUI shows the
same picture the CLI and reports write. A figure has its own size in inches, chosen for its
content (rows, label widths); the view renders it at the resolution that makes it as wide as the
widget, times the screen's device pixel ratio, so text stays sharp instead of being a scaled
bitmap. Rendering runs in a worker and again, after a short pause, when the widget is resized; a
tall chart (many codes) scrolls. Matplotlib is not thread-safe, so every use goes through one lock.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd  # type: ignore[import-untyped]
from matplotlib.figure import Figure
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from qualcode.exporters import charts
from qualcode.exporters.atomic import write_bytes_atomically
from qualcode.ui.shell.workers import Task

MPL_LOCK = threading.Lock()  # figures are built and rendered in workers, one at a time
# Logical pixels per inch: small enough that a chart mostly fits, large enough that 9 pt text
# stays legible (and never poster-sized on a wide window).
MIN_DPI, MAX_DPI = 72.0, 120.0
Index = QModelIndex | QPersistentModelIndex
SortRole = Qt.ItemDataRole.UserRole


def render_locked(figure: Figure, fmt: charts.Format, dpi: int = charts.DPI) -> bytes:
    with MPL_LOCK:
        figure.set_dpi(dpi)  # the Agg canvas draws PNGs at the figure's own resolution
        return charts.render(figure, fmt, dpi)


class ChartView(QScrollArea):
    """Shows one matplotlib figure (or a message in its place)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure: Figure | None = None
        self.rendered_dpi = 0
        self._task: Task | None = None
        self._pending = False
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.label.setWordWrap(True)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.render_chart)

    def set_figure(self, figure: Figure | None) -> None:
        self.figure = figure
        self.rendered_dpi = 0
        if figure is not None:
            self.render_chart()

    def show_message(self, text: str) -> None:
        self.figure = None
        self.rendered_dpi = 0
        self.label.setPixmap(QPixmap())
        self.label.setText(text)

    def busy(self) -> bool:
        return self._task is not None or self._timer.isActive()

    def target_dpi(self) -> int:
        """Dots per inch that fit the whole figure in the viewport, in device pixels; a figure
        too big to fit at a readable size is rendered at :data:`MIN_DPI` and scrolls."""
        if self.figure is None:
            return 0
        width_in, height_in = (float(v) for v in self.figure.get_size_inches())
        room_w = max(self.viewport().width() - 8, 100)
        room_h = max(self.viewport().height() - 8, 100)
        logical = min(max(min(room_w / width_in, room_h / height_in), MIN_DPI), MAX_DPI)
        return round(logical * self.devicePixelRatioF())

    def render_chart(self) -> None:
        figure = self.figure
        if figure is None:
            return
        if self._task is not None:  # one render at a time; the latest size wins
            self._pending = True
            return
        dpi = self.target_dpi()
        task = Task(lambda _p, _c: render_locked(figure, "png", dpi))
        self._task = task
        task.signals.done.connect(lambda data: self._rendered(task, figure, dpi, data))
        task.signals.failed.connect(lambda message: self._failed(task, message))
        task.start()

    def _rendered(self, task: Task, figure: Figure, dpi: int, data: bytes) -> None:
        self._task = None
        if figure is self.figure:
            pixmap = QPixmap()
            pixmap.loadFromData(data, "PNG")
            pixmap.setDevicePixelRatio(self.devicePixelRatioF())
            self.label.setText("")
            self.label.setPixmap(pixmap)
            self.rendered_dpi = dpi
        if self._pending or (self.figure is not None and self.rendered_dpi != self.target_dpi()):
            self._pending = False
            self.render_chart()

    def _failed(self, task: Task, message: str) -> None:
        self._task = None
        self.show_message(message.split("\n", 1)[0])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.figure is not None and self.target_dpi() != self.rendered_dpi:
            self._timer.start()

    def save(self, path: Path) -> Task | None:
        """A task (not started) that writes the chart as PNG or SVG, by the file's suffix."""
        figure = self.figure
        if figure is None:
            return None
        fmt: charts.Format = "svg" if path.suffix.lower() == ".svg" else "png"
        return Task(lambda _p, _c: write_bytes_atomically(path, render_locked(figure, fmt)))


class FrameModel(QAbstractTableModel):
    """A pandas DataFrame as a read-only table: the index is the first column, numbers sort."""

    def __init__(self) -> None:
        super().__init__()
        self.frame = pd.DataFrame()
        self.index_title = ""

    def set_frame(self, frame: pd.DataFrame, index_title: str = "") -> None:
        self.beginResetModel()
        self.frame = frame
        self.index_title = index_title or str(frame.index.name or "")
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.frame)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.frame.columns) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        shown = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
        if role not in shown or orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return self.index_title
        if not 0 < section <= len(self.frame.columns):
            return None
        column = self.frame.columns[section - 1]
        return " · ".join(str(c) for c in column) if isinstance(column, tuple) else str(column)

    def value(self, row: int, column: int) -> Any:
        """The raw value at a table position (column 0: the index)."""
        if column == 0:
            return self.frame.index[row]
        return self.frame.iat[row, column - 1]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.frame):
            return None
        raw = self.value(index.row(), index.column())
        number = isinstance(raw, (int, float, np.integer, np.floating)) and index.column() > 0
        if role == Qt.ItemDataRole.DisplayRole:
            if number and isinstance(raw, (float, np.floating)):
                return f"{float(raw):,.1f}"
            return f"{int(raw):,}" if number else str(raw)
        if role == SortRole:
            return float(raw) if number else str(raw).casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and number:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return str(raw)
        return None
