"""Phase 4, level 2: the themes checked against the whole dataset.

Level 2 asks whether the candidate map fits the data as a whole, so this widget points at what the
coding may have missed: how much of each document is coded, the longer stretches nobody coded, and
documents with few codings. Thresholds are the researcher's; changing one emits a signal and the
owner recomputes (the services do the counting) and calls :meth:`DatasetReviewWidget.set_data`.
Column widths come from the font, and each table keeps its document column at least 18 characters
wide (fixed 170-pixel bar columns once squeezed it to two characters in a 1400-pixel window); a
name that still does not fit is elided and shown whole in its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.wording import plural
from qualcode.ui.shell.fit import chars, fit_columns, text_width
from qualcode.ui.themes.theme_views import CoverageRow, Passage

Index = QModelIndex | QPersistentModelIndex
CoverageRole = int(Qt.ItemDataRole.UserRole) + 1  # the share 0-1, on coverage cells
IdRole = int(Qt.ItemDataRole.UserRole) + 2  # document id, on the first cell of a row
SpanRole = int(Qt.ItemDataRole.UserRole) + 3  # (start, end), on passage rows
BAR = QColor("#60a5fa")
LOW = QColor("#f59e0b")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class CoverageBar(QStyledItemDelegate):
    """Paints a cell's coverage (0-1) as a bar with its percentage; low coverage in amber."""

    def __init__(self, low: float = 0.25, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.low = low

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        share = index.data(CoverageRole)
        if share is None:
            super().paint(painter, option, index)
            return
        share = min(max(float(share), 0.0), 1.0)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        r = option.rect.adjusted(4, 5, -4, -5)
        label_width = painter.fontMetrics().horizontalAdvance("100%") + 6
        bar = QRect(r.left(), r.top(), max(r.width() - label_width, 10), r.height())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e5e7eb"))
        painter.drawRoundedRect(bar, 2, 2)
        painter.setBrush(LOW if share < self.low else BAR)
        painter.drawRoundedRect(
            QRect(bar.left(), bar.top(), int(bar.width() * share), bar.height()), 2, 2
        )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(
            option.palette.highlightedText().color() if selected else option.palette.text().color()
        )
        text_rect = QRect(bar.right() + 2, option.rect.top(), label_width, option.rect.height())
        painter.drawText(text_rect, _RIGHT, f"{share:.0%}")
        painter.restore()


def _table(headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the end of a name tells them apart
    return table


def _cell(text: str, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if align_right:
        item.setTextAlignment(_RIGHT)
    return item


class DatasetReviewWidget(QWidget):
    """Coverage per document, long uncoded passages, and sparsely coded documents."""

    minLengthChanged = Signal(int)
    maxCodingsChanged = Signal(int)
    passageActivated = Signal(int, int, int)  # document id, start, end
    documentActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = CoverageBar(parent=self)
        self.coverage = _table(("Document", "Coverage", "Codings"))
        self.coverage.setItemDelegateForColumn(1, self.bar)
        bar, codings = chars(self, 15), text_width(self, "Codings")
        fit_columns(self.coverage, 0, {1: bar, 2: codings})
        self.passages = _table(("Document", "Chars", "Uncoded passage"))
        fit_columns(self.passages, 2, {0: chars(self, 20), 1: text_width(self, "100,000")}, 12)
        self.passages.setTextElideMode(Qt.TextElideMode.ElideRight)  # previews read from the start
        self.sparse = _table(("Document", "Codings", "Coverage"))
        self.sparse.setItemDelegateForColumn(2, self.bar)
        fit_columns(self.sparse, 0, {1: codings, 2: bar})
        self.min_length = QSpinBox()
        self.min_length.setRange(20, 100_000)
        self.min_length.setSingleStep(50)
        self.min_length.setValue(300)
        self.min_length.setSuffix(" characters")
        self.max_codings = QSpinBox()
        self.max_codings.setRange(0, 10_000)
        self.max_codings.setValue(3)
        self.max_codings.setSuffix(" codings")
        self.min_length.valueChanged.connect(self.minLengthChanged)
        self.max_codings.valueChanged.connect(self.maxCodingsChanged)
        self.passages.itemDoubleClicked.connect(self._passage)
        self.coverage.itemDoubleClicked.connect(lambda item: self._document(self.coverage, item))
        self.sparse.itemDoubleClicked.connect(lambda item: self._document(self.sparse, item))
        self.summary = QLabel()
        self.summary.setStyleSheet("color: gray")
        left = self._box("Coverage per document", self.coverage, self.summary)
        passages = self._box(
            "Uncoded passages", self.passages, self._row("Longer than", self.min_length)
        )
        sparse = self._box(
            "Sparsely coded documents", self.sparse, self._row("At most", self.max_codings)
        )
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(passages)
        right.addWidget(sparse)
        right.setSizes([380, 220])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([500, 500])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)

    @staticmethod
    def _row(label: str, spin: QSpinBox) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(label))
        layout.addWidget(spin)
        layout.addStretch(1)
        return row

    @staticmethod
    def _box(title: str, table: QTableWidget, extra: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(extra)
        layout.addWidget(table)
        return box

    def set_data(
        self, coverage: list[CoverageRow], passages: list[Passage], sparse: list[CoverageRow]
    ) -> None:
        """Fill the three tables (the owner has already applied the two thresholds)."""
        self._fill_documents(self.coverage, coverage, bar_column=1, codings_column=2)
        self._fill_documents(self.sparse, sparse, bar_column=2, codings_column=1)
        self.passages.setRowCount(0)
        self.passages.setRowCount(len(passages))
        for r, p in enumerate(passages):
            name = _cell(p.document_name)
            name.setToolTip(p.document_name)
            name.setData(IdRole, p.document_id)
            name.setData(SpanRole, (p.start, p.end))
            preview = _cell(" ".join(p.text.split())[:300])
            preview.setToolTip(p.text[:1200])
            for c, item in enumerate((name, _cell(f"{p.end - p.start:,}", True), preview)):
                self.passages.setItem(r, c, item)
        if coverage:
            mean = sum(c.coverage for c in coverage) / len(coverage)
            self.summary.setText(f"{plural(len(coverage), 'document')} · mean coverage {mean:.0%}")
        else:
            self.summary.setText("No documents")

    @staticmethod
    def _fill_documents(
        table: QTableWidget, rows: list[CoverageRow], bar_column: int, codings_column: int
    ) -> None:
        table.setRowCount(0)
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            name = _cell(row.name)
            name.setToolTip(row.name)
            name.setData(IdRole, row.document_id)
            bar = _cell(f"{row.coverage:.0%}")
            bar.setData(CoverageRole, row.coverage)
            table.setItem(r, 0, name)
            table.setItem(r, bar_column, bar)
            table.setItem(r, codings_column, _cell(f"{row.codings:,}", True))

    def _passage(self, item: QTableWidgetItem) -> None:
        first = self.passages.item(item.row(), 0)
        if first is None:
            return
        span = first.data(SpanRole)
        if span is not None:
            self.passageActivated.emit(int(first.data(IdRole)), int(span[0]), int(span[1]))

    def _document(self, table: QTableWidget, item: QTableWidgetItem) -> None:
        first = table.item(item.row(), 0)
        if first is not None:
            self.documentActivated.emit(int(first.data(IdRole)))
