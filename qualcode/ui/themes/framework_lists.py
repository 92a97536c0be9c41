"""The Frameworks panel's three lists and the plain data they show.

Split from :mod:`qualcode.ui.themes.frameworks_panel` so the panel module is about layout and
requests, and this one about reading one value (:class:`FrameworkData`, built by the controller
from the services' rows) into widgets: the item tree with its link counts, the links of the chosen
item with their rationales, and the themes not yet mapped. Each list keeps its current row by id
across a refresh, so an undo or a link made elsewhere does not lose the user's place.

The "Cross-cutting" row stands for the framework's hidden ``*`` item (a theme serving every
priority). It is listed last, with the id of that hidden item, or :data:`NO_CROSS_ITEM` before any
theme has been marked cross-cutting.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

NO_CROSS_ITEM = -1  # the cross-cutting row before the framework has its hidden item
_ID = Qt.ItemDataRole.UserRole
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class ItemView:
    id: int
    ref: str
    label: str
    parent_id: int | None
    cross_cutting: bool = False

    @property
    def heading(self) -> str:
        return (
            "Cross-cutting (every priority)" if self.cross_cutting else f"{self.ref} {self.label}"
        )


@dataclass(frozen=True)
class LinkView:
    theme_id: int
    theme_name: str
    item_id: int
    strength: str
    rationale: str
    cross_cutting: bool = False


@dataclass(frozen=True)
class FrameworkData:
    """Everything the panel shows about the project and its chosen framework."""

    frameworks: list[tuple[int, str]] = field(default_factory=list)
    framework_id: int | None = None
    items: list[ItemView] = field(default_factory=list)
    links: list[LinkView] = field(default_factory=list)
    themes: list[tuple[int, str, int]] = field(default_factory=list)  # id, name, depth
    unlinked: list[tuple[int, str]] = field(default_factory=list)
    summary: str = ""

    def links_of(self, item_id: int) -> list[LinkView]:
        found = [link for link in self.links if link.item_id == item_id]
        return sorted(found, key=lambda link: (link.strength != "primary", link.theme_name))


class ItemTree(QTreeWidget):
    """Priorities with their commitments beneath, and how many themes link to each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Item", "●", "○"])  # as in the Strategy mapping grid
        for column, tip in ((1, "● Themes linked primarily to the item itself"),
                            (2, "○ Themes linked secondarily to the item itself")):  # fmt: skip
            self.headerItem().setToolTip(column, tip)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName("Framework items")
        self._views: dict[int, ItemView] = {}
        self._rows: dict[int, QTreeWidgetItem] = {}

    def set_data(self, data: FrameworkData) -> None:
        current = self.current_item()
        collapsed = {i for i, row in self._rows.items() if not row.isExpanded()}
        self.blockSignals(True)
        self.clear()
        self._views = {item.id: item for item in data.items}
        rows: dict[int, QTreeWidgetItem] = {}
        self._rows = rows
        bold = QFont()
        bold.setBold(True)
        for item in data.items:
            links = data.links_of(item.id)
            primary = sum(1 for link in links if link.strength == "primary")
            secondary = len(links) - primary
            text = item.heading if item.cross_cutting else f"{item.ref}  {item.label}"
            row = QTreeWidgetItem([text, str(primary or ""), str(secondary or "")])
            row.setData(0, _ID, item.id)
            row.setTextAlignment(1, _RIGHT)
            row.setTextAlignment(2, _RIGHT)
            names = "\n".join(f"  {link.theme_name} ({link.strength})" for link in links)
            row.setToolTip(0, item.heading + (f"\n\nLinked themes:\n{names}" if names else ""))
            parent = rows.get(item.parent_id) if item.parent_id is not None else None
            if parent is None:
                row.setFont(0, bold)
                self.addTopLevelItem(row)
            else:
                parent.addChild(row)
            rows[item.id] = row
        for item_id, row in rows.items():
            row.setExpanded(item_id not in collapsed)
        if current is not None and current.id in rows:
            self.setCurrentItem(rows[current.id])
        self.blockSignals(False)

    def current_item(self) -> ItemView | None:
        row = self.currentItem()
        value = None if row is None else row.data(0, _ID)
        return self._views.get(value) if isinstance(value, int) else None

    def select_item(self, item_id: int) -> bool:
        row = self._rows.get(item_id)
        if row is not None:
            self.setCurrentItem(row)
        return row is not None


class LinkTable(QTreeWidget):
    """The themes linked to the chosen item: strength and rationale, one row each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Theme", "Strength", "Rationale"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName("Links of the chosen item")
        header = self.header()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(0, 180)
        self._links: list[LinkView] = []

    def set_links(self, data: FrameworkData, item_id: int | None) -> None:
        current = self.current_link()
        self.blockSignals(True)
        self.clear()
        self._links = [] if item_id is None else data.links_of(item_id)
        for index, link in enumerate(self._links):
            why = link.rationale or "no rationale written"
            row = QTreeWidgetItem([link.theme_name, link.strength, why])
            row.setData(0, _ID, index)
            row.setToolTip(0, link.theme_name)
            row.setToolTip(2, f"{why}\n\nF2 or double-click to edit the rationale")
            if not link.rationale:
                font = row.font(2)
                font.setItalic(True)
                row.setFont(2, font)
            self.addTopLevelItem(row)
            if current is not None and current.theme_id == link.theme_id:
                self.setCurrentItem(row)
        self.blockSignals(False)
        first = self.topLevelItem(0)
        if self.currentItem() is None and first is not None:
            self.setCurrentItem(first)

    def current_link(self) -> LinkView | None:
        row = self.currentItem()
        value = None if row is None else row.data(0, _ID)
        if isinstance(value, int) and 0 <= value < len(self._links):
            return self._links[value]
        return None

    def select_theme(self, theme_id: int) -> bool:
        for index, link in enumerate(self._links):
            row = self.topLevelItem(index)
            if link.theme_id == theme_id and row is not None:
                self.setCurrentItem(row)
                return True
        return False


class UnlinkedList(QListWidget):
    """Themes (not discarded) with no link to the chosen framework: what is not mapped yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(parent)
        self.title.setWordWrap(True)
        self.setAccessibleName("Themes not mapped yet")

    def set_data(self, data: FrameworkData) -> None:
        current = self.current_theme()
        self.blockSignals(True)
        self.clear()
        for theme_id, name in data.unlinked:
            row = QListWidgetItem(name)
            row.setData(_ID, theme_id)
            row.setToolTip(f"{name}\n\nDouble-click or press Enter to link it to the chosen item")
            self.addItem(row)
            if theme_id == current:
                self.setCurrentItem(row)
        self.blockSignals(False)
        if data.framework_id is None:
            self.title.setText("Not mapped yet")
        elif data.unlinked:
            self.title.setText(f"Not mapped yet: {len(data.unlinked)}")
        else:
            self.title.setText("Every theme is mapped")

    def current_theme(self) -> int | None:
        row = self.currentItem()
        value = None if row is None else row.data(_ID)
        return value if isinstance(value, int) else None
