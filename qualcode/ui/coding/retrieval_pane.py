"""The retrieval pane: every extract of the selected codes, with speaker, attribution and context.

Retrieval runs in a worker (a code can have thousands of extracts); double-click jumps to the place
in the reader; extracts can be filtered by document kind and case attribute and copied as quotes.
"""

from __future__ import annotations

from collections.abc import Collection
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.wording import plural
from qualcode.services.coding.retrieval import (
    Extract,
    attribute_choices,
    format_quotes,
    retrieve,
    spliced,
)
from qualcode.storage.project import Project
from qualcode.ui.shell.workers import Latest, Task

Index = QModelIndex | QPersistentModelIndex
LIMIT = 5_000  # extracts shown at most: a longer list is cut, and then always read whole
COLUMNS = ("Code", "Document", "Speaker", "Extract")


class RetrievalModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.extracts: list[Extract] = []

    def set_extracts(self, extracts: list[Extract]) -> None:
        self.beginResetModel()
        self.extracts = extracts
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.extracts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.extracts):
            return None
        e = self.extracts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                e.code_name,
                e.document_name,
                e.attribution if e.speaker else "",
                " ".join(e.text.split()),
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return f"…{e.before[-120:]}[{e.text}]{e.after[:120]}…"
        if role == Qt.ItemDataRole.UserRole:
            return e
        return None


class RetrievalPane(QWidget):
    jumpRequested = Signal(int, int, int)  # document id, start, end
    removeRequested = Signal(int)  # coding id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.code_ids: list[int] = []
        self.hidden_coders: frozenset[int] = frozenset()  # coder layers switched off
        self.work = Latest()
        self.model = RetrievalModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate((170, 170, 190)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._jump)
        self.table.selectionModel().currentRowChanged.connect(self._show_context)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        remove = QAction("Remove this coding", self.table)
        remove.triggered.connect(self._remove_current)
        jump = QAction("Show in document", self.table)
        jump.triggered.connect(lambda: self._jump(self.table.currentIndex()))
        self.table.addActions([jump, remove])
        self.context = QTextBrowser()
        self.context.setOpenLinks(False)
        self.kind = QComboBox()
        self.attribute = QComboBox()
        self.kind.currentIndexChanged.connect(self.reload)
        self.attribute.currentIndexChanged.connect(self.reload)
        copy = QPushButton("Copy as quotes")
        copy.clicked.connect(self.copy_quotes)
        self.count = QLabel("Select a code to see its extracts.")
        row = QHBoxLayout()
        for widget in (QLabel("Kind"), self.kind, QLabel("Attribute"), self.attribute):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.count)
        row.addWidget(copy)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.context)
        split.setSizes([650, 350])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(split)

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.code_ids = []
        self._fill_filters()
        self.reload()  # the header too: no counts left from another project

    def refresh_filters(self) -> None:
        """Documents or cases changed: new kinds and attribute values to filter by."""
        self._fill_filters()

    def _fill_filters(self) -> None:
        chosen = [combo.currentData() for combo in (self.kind, self.attribute)]
        for combo in (self.kind, self.attribute):
            combo.blockSignals(True)
            combo.clear()
        self.kind.addItem("All kinds", None)
        self.attribute.addItem("All participants", None)
        if self.project is not None:
            for kind in (
                "focus_group",
                "interview",
                "informal_conversation",
                "research_grid",
                "survey",
                "consultation_response",
                "field_notes",
                "quotes",
            ):
                self.kind.addItem(kind.replace("_", " "), kind)
            for name, values in attribute_choices(self.project).items():
                for value in values[:30]:
                    self.attribute.addItem(f"{name} = {value}", (name, value))
        for combo, data in zip((self.kind, self.attribute), chosen, strict=True):
            combo.setCurrentIndex(max(0, combo.findData(data)))  # keep the user's filter
            combo.blockSignals(False)

    def show_codes(self, code_ids: list[int]) -> None:
        self.code_ids = list(code_ids)
        self.reload()

    def reload(self) -> None:
        project, ids = self.project, list(self.code_ids)
        if project is None or not ids:
            self.model.set_extracts([])
            self.count.setText("Select a code to see its extracts.")
            return
        kind = self.kind.currentData()
        attribute = self.attribute.currentData()
        hidden = self.hidden_coders
        self.count.setText("Retrieving…")
        self.work.start(
            lambda _progress, _cancelled: retrieve(
                project,
                ids,
                kinds={kind} if kind else None,
                attribute=attribute,
                hidden_coders=hidden,
                limit=LIMIT,
            ),
            self._loaded,
            self.count.setText,
        )

    @property
    def task(self) -> Task | None:
        """The retrieval under way, if any (a newer one replaces an older one)."""
        return self.work.task

    def update_documents(self, documents: Collection[int]) -> None:
        """Codings changed in ``documents`` only (a coding, an uncoding, their undo): re-read
        those documents' extracts and splice them in, keeping the row the researcher is on,
        rather than read every extract of a code with thousands of them after each coding."""
        project, ids = self.project, list(self.code_ids)
        shown = list(self.model.extracts)
        if project is None or not ids or self.task is not None or len(shown) >= LIMIT:
            self.reload()  # nothing to splice into, a read under way, or a list cut at its limit
            return
        kind = self.kind.currentData()
        attribute = self.attribute.currentData()
        hidden = self.hidden_coders
        docs = set(documents)
        self.work.start(
            lambda _progress, _cancelled: spliced(
                project,
                shown,
                ids,
                docs,
                kinds={kind} if kind else None,
                attribute=attribute,
                hidden_coders=hidden,
            ),
            lambda extracts: self._loaded(extracts, keep=True),
            self.count.setText,
        )

    def _loaded(self, extracts: list[Extract], keep: bool = False) -> None:
        """Show ``extracts``; ``keep``: stay on the extract and scroll place the researcher had."""
        current = self._current()
        scroll = self.table.verticalScrollBar().value()
        self.model.set_extracts(extracts)
        docs = len({e.document_id for e in extracts})
        self.count.setText(f"{plural(len(extracts), 'extract')} from {plural(docs, 'document')}")
        if keep:
            on = current.coding_id if current is not None else None
            rows = [i for i, e in enumerate(extracts) if e.coding_id == on]
            if rows:
                self.table.selectRow(rows[0])
            self.table.verticalScrollBar().setValue(scroll)
        elif extracts:
            self.table.selectRow(0)

    def _current(self) -> Extract | None:
        index = self.table.currentIndex()
        return self.model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None

    def _show_context(self, *_args: object) -> None:
        e = self._current()
        if e is None:
            self.context.clear()
            return
        self.context.setHtml(
            f"<p style='color:gray'>{escape(e.document_name)} · {escape(e.attribution)}</p>"
            f"<p><span style='color:gray'>…{escape(e.before)}</span><b>{escape(e.text)}</b>"
            f"<span style='color:gray'>{escape(e.after)}…</span></p>"
        )

    def _jump(self, index: QModelIndex) -> None:
        e = self.model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None
        if e is not None:
            self.jumpRequested.emit(e.document_id, e.start, e.end)

    def _remove_current(self) -> None:
        e = self._current()
        if e is not None:
            self.removeRequested.emit(e.coding_id)

    def copy_quotes(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        chosen = [self.model.extracts[r] for r in rows] or self.model.extracts
        plain, html = format_quotes(chosen)
        mime = QMimeData()
        mime.setText(plain)
        mime.setHtml(html)
        QGuiApplication.clipboard().setMimeData(mime)
        self.count.setText(f"Copied {plural(len(chosen), 'quote')}")
