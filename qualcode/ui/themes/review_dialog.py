"""Phase 4, level 1: read every extract of a theme, grouped by the code it carries.

The question at this level is whether the extracts cohere around the theme, so the dialog lets the
researcher read each one with its context and act on it at once: move it to another code, uncode
it, flag it as a key extract for the write-up. A theme can carry thousands of extracts, so the tree
is a small two-level model (code -> extract) over the given rows rather than a widget per row.
Actions are signals; the owner runs the undoable service and calls :meth:`ReviewDialog.set_groups`.
"""

from __future__ import annotations

from html import escape
from math import cos, pi, sin
from typing import overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    Qt,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QKeySequence, QPainter, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.wording import plural
from qualcode.services.coding.retrieval import Extract
from qualcode.ui.themes.theme_views import ReviewGroup

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
HEADERS = ("Extract", "Document", "Speaker")
ExtractRole = int(Qt.ItemDataRole.UserRole) + 1  # the Extract, on extract rows
KeyRole = int(Qt.ItemDataRole.UserRole) + 2  # True for a key extract
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_GROUP = 0  # internal id of a code row; an extract row carries its group's number + 1


def star_icon(filled: bool, size: int = 14) -> QIcon:
    """A five-pointed star (gold) for key extracts; an empty icon keeps the others aligned."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    if filled:
        c, outer, inner = size / 2, size / 2 - 0.5, size / 5
        points = [
            (c + r * sin(k * pi / 5), c - r * cos(k * pi / 5))
            for k, r in zip(range(10), [outer, inner] * 5, strict=True)
        ]
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QColor("#b45309"))
        p.setBrush(QColor("#f59e0b"))
        p.drawPolygon(QPolygonF([QPointF(x, y) for x, y in points]))
        p.end()
    return QIcon(pix)


class ReviewModel(QAbstractItemModel):
    """Codes as top rows, their extracts as children; nothing but lists behind it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.groups: list[ReviewGroup] = []
        self._star = star_icon(True)
        self._blank = star_icon(False)
        self._bold = QFont()
        self._bold.setBold(True)

    def set_groups(self, groups: list[ReviewGroup]) -> None:
        self.beginResetModel()
        self.groups = list(groups)
        self.endResetModel()

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if not 0 <= column < len(HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            ok = row < len(self.groups)
            return self.createIndex(row, column, _GROUP) if ok else QModelIndex()
        if parent.internalId() != _GROUP or parent.column() != 0:
            return QModelIndex()
        group = parent.row()
        if row >= len(self.groups[group].extracts):
            return QModelIndex()
        return self.createIndex(row, column, group + 1)

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: Index) -> QModelIndex: ...
    def parent(self, child: Index | None = None) -> QModelIndex | QObject | None:
        if child is None:
            return super().parent()
        if not child.isValid() or child.internalId() == _GROUP:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, _GROUP)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() != _GROUP or parent.column() != 0:
            return 0
        return len(self.groups[parent.row()].extracts)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return len(HEADERS)

    def hasChildren(self, parent: Index = _ROOT) -> bool:
        return self.rowCount(parent) > 0

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def extract(self, index: Index) -> Extract | None:
        if not index.isValid() or index.internalId() == _GROUP:
            return None
        return self.groups[index.internalId() - 1].extracts[index.row()]

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        if not index.isValid():
            return None
        column = index.column()
        if index.internalId() == _GROUP:
            group = self.groups[index.row()]
            if role == _DISPLAY:
                if column == 0:
                    return group.code_name
                if column == 2:
                    return ""
                n = len(group.extracts)
                keys = sum(e.coding_id in group.key_coding_ids for e in group.extracts)
                text = plural(n, "extract")
                return f"{text} · {keys} key" if keys else text
            if role == Qt.ItemDataRole.FontRole and column == 0:
                return self._bold
            return None
        group = self.groups[index.internalId() - 1]
        e = group.extracts[index.row()]
        if role == _DISPLAY:
            if column == 0:
                return " ".join(e.text.split())
            return e.document_name if column == 1 else e.attribution if e.speaker else ""
        if role == KeyRole:
            return e.coding_id in group.key_coding_ids
        if role == ExtractRole:
            return e
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._star if e.coding_id in group.key_coding_ids else self._blank
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return e.text[:600]
        return None

    def find(self, coding_id: int, code_id: int | None = None) -> QModelIndex:
        """The extract row of ``coding_id`` (in ``code_id``'s group when it appears twice)."""
        fallback = QModelIndex()
        for g, group in enumerate(self.groups):
            for r, e in enumerate(group.extracts):
                if e.coding_id == coding_id:
                    index = self.createIndex(r, 0, g + 1)
                    if code_id is None or group.code_id == code_id:
                        return index
                    fallback = index
        return fallback


class ReviewDialog(QDialog):
    """Every extract of one theme, by code, with context and the actions of a level 1 review."""

    moveRequested = Signal(int)  # coding id; the owner asks which code
    uncodeRequested = Signal(int)  # coding id
    keyToggled = Signal(int, bool)  # coding id, now key
    editQuoteRequested = Signal(int)  # coding id of a key extract
    markReviewedRequested = Signal(int)  # theme id

    def __init__(self, theme_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme_id = theme_id
        self.setWindowTitle("Review theme")
        self.resize(1000, 620)
        self.model = ReviewModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setWordWrap(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(1, 140)
        self.tree.setColumnWidth(2, 150)
        self.tree.selectionModel().currentChanged.connect(self._show)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)

        def action(text: str, shortcut: str, tip: str) -> QAction:
            a = QAction(text, self)
            a.setShortcut(QKeySequence(shortcut))
            a.setToolTip(f"{tip} ({shortcut})")
            self.tree.addAction(a)
            return a

        self.move_action = action("Move to another code…", "M", "Recode this extract")
        self.uncode_action = action("Uncode", "Del", "Remove this coding")
        self.key_action = action("Flag as key extract", "K", "Key extracts go to the write-up")
        self.edit_quote_action = action(
            "Edit quote…", "E", "The key extract's version for reports: cuts and [insertions]"
        )
        self.reviewed_action = QAction("Mark theme reviewed", self)
        self.move_action.triggered.connect(lambda: self._emit(self.moveRequested))
        self.uncode_action.triggered.connect(lambda: self._emit(self.uncodeRequested))
        self.key_action.triggered.connect(self._toggle_key)
        self.edit_quote_action.triggered.connect(lambda: self._emit(self.editQuoteRequested))
        self.reviewed_action.triggered.connect(
            lambda: self.markReviewedRequested.emit(self.theme_id)
        )
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        row = QHBoxLayout()
        for a in (self.move_action, self.uncode_action, self.key_action, self.edit_quote_action):
            row.addWidget(self._button(a))
        row.addStretch(1)
        row.addWidget(self._button(self.reviewed_action))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row.addWidget(close)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tree)
        split.addWidget(self.detail)
        split.setSizes([620, 380])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(split, 1)
        layout.addLayout(row)
        self._update_actions()

    def _button(self, action: QAction) -> QPushButton:
        button = QPushButton(action.text())
        button.setToolTip(action.toolTip())
        button.clicked.connect(action.trigger)
        action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
        action.changed.connect(lambda: button.setText(action.text()))
        return button

    def set_groups(self, theme_name: str, groups: list[ReviewGroup]) -> None:
        """Show ``groups``; the selected extract stays selected when it is still there."""
        current = self.current_extract()
        code = self.tree.currentIndex().parent().row() if current else -1
        code_id = self.model.groups[code].code_id if 0 <= code < len(self.model.groups) else None
        self.model.set_groups(groups)
        n = sum(len(g.extracts) for g in groups)
        docs = len({e.document_id for g in groups for e in g.extracts})
        keys = sum(len(g.key_coding_ids) for g in groups)
        self.setWindowTitle(f"Review theme: {theme_name}")
        self.heading.setText(
            f"<b>{escape(theme_name)}</b> &nbsp;<span style='color:gray'>"
            f"{plural(n, 'extract')} from {plural(docs, 'document')} under "
            f"{plural(len(groups), 'code')} · {keys:,} key</span>"
        )
        self.tree.expandAll()
        target = self.model.find(current.coding_id, code_id) if current else QModelIndex()
        if target.isValid():
            self.tree.setCurrentIndex(target)
            self.tree.scrollTo(target)
        self._show()

    def current_extract(self) -> Extract | None:
        return self.model.extract(self.tree.currentIndex())

    def _is_key(self) -> bool:
        return bool(self.tree.currentIndex().siblingAtColumn(0).data(KeyRole))

    def _show(self, *_args: object) -> None:
        self._update_actions()
        e = self.current_extract()
        if e is None:
            self.detail.setHtml(
                "<p style='color:gray'>Select an extract to read it in context.</p>"
            )
            return
        star = "★ key extract · " if self._is_key() else ""
        self.detail.setHtml(
            f"<p style='color:gray'>{star}{escape(e.code_name)}<br>{escape(e.document_name)}"
            f" · {escape(e.attribution)}</p>"
            f"<p><span style='color:gray'>…{escape(e.before)}</span><b>{escape(e.text)}</b>"
            f"<span style='color:gray'>{escape(e.after)}…</span></p>"
        )

    def _update_actions(self) -> None:
        has = self.current_extract() is not None
        for a in (self.move_action, self.uncode_action, self.key_action):
            a.setEnabled(has)
        self.key_action.setText("Unflag key extract" if self._is_key() else "Flag as key extract")
        self.edit_quote_action.setEnabled(has and self._is_key())

    def _emit(self, signal: SignalInstance) -> None:
        e = self.current_extract()
        if e is not None:
            signal.emit(e.coding_id)

    def _toggle_key(self) -> None:
        e = self.current_extract()
        if e is not None:
            self.keyToggled.emit(e.coding_id, not self._is_key())
