"""Code › Compare Coders…: one document, two coders' codings side by side, disagreements marked.

Two read-only readers show the same text: the first coder's codings on the left, the second's on
the right. Where one applied a code the other did not, both readers mark the passage with a black
"Disagreement" stripe and a grey tint, and the list below names each one (click: both readers
select it), so a pair of coders can walk through them together. Nothing here changes the project.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.wording import plural
from qualcode.services.coding.workbench import CodingView, DocumentView
from qualcode.services.team.coders import coder_rows, document_choices
from qualcode.services.team.compare import DISAGREEMENT, Comparison, compare_document
from qualcode.storage.project import Project
from qualcode.ui.coding.reader import ReaderView
from qualcode.ui.coding.reader_highlight import CodeStyle

# black: no code colour of the palette, so a mark never passes for a code
DISAGREEMENT_STYLE = CodeStyle("Disagreement", "#111111")


class CompareDialog(QDialog):
    def __init__(
        self, project: Project, styles: dict[int, CodeStyle], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.styles = {**styles, DISAGREEMENT: DISAGREEMENT_STYLE}
        self.comparison: Comparison | None = None
        self.setWindowTitle("Compare coders")
        self.resize(1200, 700)
        self.first, self.second, self.document = QComboBox(), QComboBox(), QComboBox()
        coders = [r for r in coder_rows(project) if r.codings]
        for combo in (self.first, self.second):
            for row in coders:
                combo.addItem(row.name, row.id)
        if len(coders) > 1:
            self.second.setCurrentIndex(1)
        self.document.setMinimumContentsLength(24)
        self.readers = (ReaderView(), ReaderView())
        for reader in self.readers:
            reader.setProperty("snap_to_words", False)  # nothing is coded here: spans as they are
            reader.margin.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)  # no Remove
        self.labels = (QLabel(), QLabel())
        self.list = QTableWidget(0, 4)
        self.list.setHorizontalHeaderLabels(["Span", "Code", "Applied by", "Text"])
        self.list.verticalHeader().setVisible(False)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.list.currentCellChanged.connect(lambda row, *_: self.select(row))
        self.summary = QLabel()
        top = QHBoxLayout()
        for text, combo in (
            ("Document", self.document),
            ("Left", self.first),
            ("Right", self.second),
        ):
            top.addWidget(QLabel(text))
            top.addWidget(combo, 1 if combo is self.document else 0)
        sides = QSplitter(Qt.Orientation.Horizontal)
        for label, reader in zip(self.labels, self.readers, strict=True):
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            label.setStyleSheet("font-weight: bold")
            column.addWidget(label)
            column.addWidget(reader, 1)
            sides.addWidget(box)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(sides)
        body.addWidget(self.list)
        body.setSizes([480, 160])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        layout.addWidget(self.summary)
        self.first.currentIndexChanged.connect(self._fill_documents)
        self.second.currentIndexChanged.connect(self._fill_documents)
        self.document.currentIndexChanged.connect(lambda _i: self.refresh())
        self._fill_documents()

    def _coders(self) -> tuple[int, int] | None:
        a, b = self.first.currentData(), self.second.currentData()
        return (int(a), int(b)) if a is not None and b is not None and a != b else None

    def _fill_documents(self) -> None:
        pair = self._coders()
        keep = self.document.currentData()
        self.document.blockSignals(True)
        self.document.clear()
        if pair is not None:
            for doc_id, name in document_choices(self.project, list(pair)):
                self.document.addItem(name, doc_id)
        index = self.document.findData(keep)
        self.document.setCurrentIndex(index if index >= 0 else 0)
        self.document.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        pair, doc = self._coders(), self.document.currentData()
        if pair is None or doc is None:
            for reader in self.readers:
                reader.clear()
            self.list.setRowCount(0)
            self.summary.setText(
                "Choose two different coders who have both coded a document."
                if pair is None
                else "These two coders have not both coded any document yet."
            )
            return
        c = compare_document(self.project, int(doc), *pair)
        self.comparison = c
        marks = [
            CodingView(-1 - i, DISAGREEMENT, d.start, d.end) for i, d in enumerate(c.differences)
        ]
        names = (self.first.currentText(), self.second.currentText())
        for reader, label, own, name in zip(
            self.readers, self.labels, (c.first, c.second), names, strict=True
        ):
            view = DocumentView(
                c.view.id, c.view.name, c.view.kind, c.view.text, c.view.parts, [*own, *marks]
            )
            reader.set_document(view, self.styles)
            label.setText(f"{name} — {plural(len(own), 'coding')}")
        self.list.setRowCount(len(c.differences))
        for r, d in enumerate(c.differences):
            text = " ".join(c.view.text[d.start : d.end].split()) or "(white space)"
            who = names[0] if d.by_first else names[1]
            for col, value in enumerate((f"{d.start:,}–{d.end:,}", d.code_name, who, text)):
                self.list.setItem(r, col, QTableWidgetItem(value))
        self.list.setColumnWidth(0, 110)
        self.list.setColumnWidth(1, 160)
        self.summary.setText(
            f"{plural(len(c.differences), 'disagreement')} between {names[0]} and {names[1]} "
            f"in {c.view.name}: a code one applied and the other did not "
            "(black stripes, grey tint)."
        )

    def select(self, row: int) -> None:
        if self.comparison is None or not 0 <= row < len(self.comparison.differences):
            return
        d = self.comparison.differences[row]
        for reader in self.readers:
            reader.select_span(d.start, d.end)
