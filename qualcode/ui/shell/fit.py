"""Helpers that make panels fit a small window (1280×720, or 200 % scaling) and still read well.

Several panels had the same two faults: a table whose text column was squeezed to a couple of
characters by fixed-width neighbours, and a row of buttons that set the whole window's minimum
width. The helpers here size table columns from the font (so they stay right at any scale) with
a readable floor, and lay a row of buttons out in as many rows as the width needs. A panel that
still cannot fit goes in :func:`scrolling`, so nothing is cut off: it scrolls instead.
"""

from __future__ import annotations

from math import ceil

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QFrame, QHeaderView, QScrollArea, QStyle, QTableView, QWidget

PADDING = 18  # a header section's margins and sort indicator around its text


def chars(widget: QWidget, n: int) -> int:
    """The width of ``n`` average characters in ``widget``'s font."""
    return n * widget.fontMetrics().averageCharWidth()


def text_width(widget: QWidget, text: str) -> int:
    """The width of ``text`` in a header or cell, margins included."""
    return widget.fontMetrics().horizontalAdvance(text) + PADDING


def fit_columns(
    view: QTableView, stretch: int, widths: dict[int, int], stretch_chars: int = 18
) -> None:
    """Give the columns in ``widths`` those widths (interactive), stretch column ``stretch``, and
    keep the view wide enough that the stretched column shows ``stretch_chars`` characters."""
    header = view.horizontalHeader()
    header.setMinimumSectionSize(chars(view, 3))
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for column, width in widths.items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, width)
    scrollbar = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    frame = 2 * view.frameWidth() + 4
    view.setMinimumWidth(sum(widths.values()) + chars(view, stretch_chars) + scrollbar + frame)


def available_size() -> QSize:
    """The primary screen's free area (without task bars), or a large size if there is none."""
    screen = QGuiApplication.primaryScreen()
    return screen.availableSize() if screen is not None else QSize(10_000, 10_000)


def scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area that resizes it: it scrolls rather than clips."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return area


class WrapRow(QWidget):
    """Widgets side by side, wrapped into aligned rows when the width is short.

    Its minimum width is the widest widget, not the whole row, so a row of long buttons no
    longer sets the window's minimum width. Rows are balanced (six buttons: 6, 3+3, 2+2+2, then
    one per row)."""

    def __init__(self, spacing: int = 4, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spacing = spacing
        self.items: list[QWidget] = []
        self.columns = 1

    def set_widgets(self, widgets: list[QWidget]) -> None:
        for old in self.items:
            old.setParent(None)
            old.deleteLater()
        self.items = list(widgets)
        for w in self.items:
            w.setParent(self)
            w.show()
        self.columns = self._columns_for(self.width())
        self._place()
        self.updateGeometry()

    def _widths(self, columns: int) -> list[int]:
        out = [0] * columns
        for i, w in enumerate(self.items):
            out[i % columns] = max(out[i % columns], w.sizeHint().width())
        return out

    def _row_height(self) -> int:
        return max((w.sizeHint().height() for w in self.items), default=0)

    def _needed(self, columns: int) -> int:
        return sum(self._widths(columns)) + self.spacing * (columns - 1)

    def _columns_for(self, width: int) -> int:
        n = len(self.items)
        for rows in range(1, n + 1):
            columns = ceil(n / rows)
            if self._needed(columns) <= width:
                return columns
        return 1

    def _height(self, columns: int) -> int:
        rows = ceil(len(self.items) / max(columns, 1))
        return rows * self._row_height() + max(rows - 1, 0) * self.spacing

    def sizeHint(self) -> QSize:
        n = max(len(self.items), 1)
        return QSize(self._needed(n), self._height(n))

    def minimumSizeHint(self) -> QSize:
        return QSize(self._needed(1), self._height(self.columns))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        columns = self._columns_for(event.size().width())
        if columns != self.columns:
            self.columns = columns
            self.updateGeometry()  # the height changes with the number of rows
        self._place()

    def _place(self) -> None:
        widths, height = self._widths(self.columns), self._row_height()
        for i, w in enumerate(self.items):
            row, column = divmod(i, self.columns)
            x = sum(widths[:column]) + self.spacing * column
            w.setGeometry(x, row * (height + self.spacing), widths[column], height)
