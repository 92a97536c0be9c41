"""The documents panel: kind icons, coding progress, and filters by kind and case attribute."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.wording import plural
from qualcode.services.coding.overview import DocumentRow, document_rows, documents_with_attribute
from qualcode.services.coding.retrieval import attribute_choices
from qualcode.storage.project import Project

KIND_BADGES: dict[str, tuple[str, str]] = {
    "focus_group": ("FG", "#3C78B4"),
    "interview": ("IN", "#2E8B57"),
    "informal_conversation": ("IC", "#8B6BB4"),
    "research_grid": ("RG", "#B4783C"),
    "survey": ("SV", "#B43C5A"),
    "consultation_response": ("CR", "#5A6E78"),
    "field_notes": ("FN", "#788C3C"),
    "quotes": ("QT", "#A0643C"),
    "other": ("DO", "#808080"),
}
_ICONS: dict[str, QIcon] = {}


def kind_icon(kind: str) -> QIcon:
    if kind not in _ICONS:
        text, colour = KIND_BADGES.get(kind, KIND_BADGES["other"])
        pix = QPixmap(22, 16)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(colour))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(QRect(0, 0, 22, 16), 3, 3)
        font = QFont()
        font.setPixelSize(9)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(QRect(0, 0, 22, 16), Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        _ICONS[kind] = QIcon(pix)
    return _ICONS[kind]


class DocumentsPanel(QWidget):
    documentChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.rows: list[DocumentRow] = []
        self._items: dict[int, QTreeWidgetItem] = {}  # shown rows by document id
        self.kind = QComboBox()
        self.attribute = QComboBox()
        self.kind.currentIndexChanged.connect(self._fill)
        self.attribute.currentIndexChanged.connect(self._fill)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Document", "Codings", "Coded"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.itemSelectionChanged.connect(self._chosen)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        filters = QHBoxLayout()
        filters.addWidget(self.kind, 1)
        filters.addWidget(self.attribute, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(filters)
        layout.addWidget(self.tree)

    def set_project(self, project: Project | None) -> None:
        self.project = project
        for combo in (self.kind, self.attribute):
            combo.blockSignals(True)
            combo.clear()
        self.kind.addItem("All kinds", None)
        self.attribute.addItem("All participants", None)
        if project is not None:
            for name, values in attribute_choices(project).items():
                for value in values[:30]:
                    self.attribute.addItem(f"{name} = {value}", (name, value))
        for combo in (self.kind, self.attribute):
            combo.blockSignals(False)
        self.refresh()

    def update_documents(self, doc_ids: set[int]) -> None:
        """Recount just these documents (after coding in them) and update their rows."""
        if self.project is None:
            return
        fresh = {r.id: r for r in document_rows(self.project, only=doc_ids)}
        self.rows = [fresh.get(r.id, r) for r in self.rows]
        for doc, row in fresh.items():  # by id: not a walk over 2,000 rows after every coding
            item = self._items.get(doc)
            if item is not None:
                item.setText(1, f"{row.codings:,}")
                item.setText(2, f"{row.coverage:.0%}")

    def refresh(self) -> None:
        self.rows = document_rows(self.project) if self.project is not None else []
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        while self.kind.count() > 1:
            self.kind.removeItem(1)
        for kind in sorted({r.kind for r in self.rows}):
            self.kind.addItem(kind_icon(kind), kind.replace("_", " "), kind)
        index = self.kind.findData(current)
        self.kind.setCurrentIndex(max(index, 0))
        self.kind.blockSignals(False)
        self._fill()

    def _fill(self) -> None:
        selected = self.current_document()
        kind = self.kind.currentData()
        attribute = self.attribute.currentData()
        allowed = None
        if attribute is not None and self.project is not None:
            allowed = documents_with_attribute(self.project, *attribute)
        self.tree.blockSignals(True)
        self.tree.clear()
        self._items = {}
        for row in self.rows:
            if (kind and row.kind != kind) or (allowed is not None and row.id not in allowed):
                continue
            item = QTreeWidgetItem([row.name, f"{row.codings:,}", f"{row.coverage:.0%}"])
            item.setIcon(0, kind_icon(row.kind))
            item.setToolTip(
                0, f"{row.name}\n{row.kind.replace('_', ' ')}, {plural(row.words, 'word')}"
            )
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            for col in (1, 2):
                item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight)
            self.tree.addTopLevelItem(item)
            self._items[row.id] = item
            if row.id == selected:
                item.setSelected(True)
        self.tree.blockSignals(False)
        for col in (1, 2):
            self.tree.resizeColumnToContents(col)

    def current_document(self) -> int | None:
        items = self.tree.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    def select_document(self, doc_id: int) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == doc_id:
                self.tree.setCurrentItem(item)
                return

    def _chosen(self) -> None:
        doc = self.current_document()
        if doc is not None:
            self.documentChosen.emit(doc)
