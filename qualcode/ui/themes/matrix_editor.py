"""Edit how themes map onto a strategy: a theme x framework-item grid of link strengths.

Team leads sign off this mapping, so the grid shows it at a glance ("●" primary, "○" secondary,
empty for no link; the rationale as a tooltip) and one click asks to cycle a link. The editor never
changes a link itself: it emits ``cycleRequested(theme_id, item_id)``, the owner runs the undoable
service and calls :meth:`MatrixEditor.set_data` with what the database now holds, so undo/redo and
the grid cannot drift apart.

Columns are either the framework's top-level priorities or every item (priorities with their
commitments beneath). At priority level a theme linked only to a commitment still shows, as a
lighter mark under that commitment's priority, so nothing mapped is hidden by the coarser view.
"""

from __future__ import annotations

from typing import Any, Literal

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex
Level = Literal["priority", "item"]
ThemeRow = tuple[int, str, int]  # id, name, depth
ItemRow = tuple[int, str, str, int | None]  # id, ref, label, parent id
Links = dict[tuple[int, int], tuple[str, str]]  # (theme id, item id) -> (strength, rationale)
_ROOT = QModelIndex()

ThemeIdRole = int(Qt.ItemDataRole.UserRole) + 1
ItemIdRole = int(Qt.ItemDataRole.UserRole) + 2
StrengthRole = int(Qt.ItemDataRole.UserRole) + 3  # the direct link's strength, "" when none
ImpliedRole = int(Qt.ItemDataRole.UserRole) + 4  # True when the mark comes from a sub-item

MARKS = {"primary": "●", "secondary": "○"}
_RANK = {"primary": 0, "secondary": 1}
_IMPLIED_COLOUR = QColor("#9e9e9e")
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_R = Qt.ItemDataRole
_CYCLE_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class LinkMatrixModel(QAbstractTableModel):
    """Rows are themes, columns framework items; each cell is the theme's link to that item."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._themes: list[ThemeRow] = []
        self._items: dict[int, ItemRow] = {}
        self._order: list[int] = []  # every item, depth first
        self._links: Links = {}
        self._top_of: dict[int, int] = {}
        self._columns: list[int] = []
        self._level: Level = "priority"

    # -- loading -----------------------------------------------------------------------------
    def set_data(self, themes: list[ThemeRow], items: list[ItemRow], links: Links) -> None:
        """Replace everything the grid shows (a model reset); the level is kept."""
        self.beginResetModel()
        self._themes = list(themes)
        self._items = {item[0]: item for item in items}
        self._links = dict(links)
        self._order, self._top_of = _tree_order(items)
        self._columns = self._visible_columns()
        self.endResetModel()

    def level(self) -> Level:
        return self._level

    def set_level(self, level: Level) -> None:
        """Show top-level priorities ("priority") or every framework item ("item") as columns."""
        if level == self._level:
            return
        self.beginResetModel()
        self._level = level
        self._columns = self._visible_columns()
        self.endResetModel()

    def _visible_columns(self) -> list[int]:
        if self._level == "item":
            return list(self._order)
        return [i for i in self._order if self._top_of.get(i) == i]

    def theme_id(self, row: int) -> int:
        return self._themes[row][0]

    def item_id(self, column: int) -> int:
        return self._columns[column]

    # -- Qt's table contract -----------------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._themes)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = int(_R.DisplayRole)) -> Any:
        if not index.isValid() or not self.hasIndex(index.row(), index.column()):
            return None
        theme_id, theme_name, _ = self._themes[index.row()]
        item_id = self._columns[index.column()]
        strength, implied, tip = self._cell(theme_id, theme_name, item_id)
        if role == _R.DisplayRole:
            return MARKS.get(strength, "")
        if role == _R.ToolTipRole:
            return tip
        if role == _R.ForegroundRole:
            return _IMPLIED_COLOUR if implied else None
        if role == _R.TextAlignmentRole:
            return _CENTRE
        if role == ThemeIdRole:
            return theme_id
        if role == ItemIdRole:
            return item_id
        if role == StrengthRole:
            return "" if implied else strength
        if role == ImpliedRole:
            return implied
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = int(_R.DisplayRole)
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(self._themes):
                return None
            _, name, depth = self._themes[section]
            if role == _R.DisplayRole:
                return "    " * depth + name
            if role == _R.ToolTipRole:
                return name
            if role == _R.TextAlignmentRole:
                return _LEFT
            return _bold() if role == _R.FontRole and depth == 0 else None
        if not 0 <= section < len(self._columns):
            return None
        item_id = self._columns[section]
        _, ref, label, _ = self._items[item_id]
        if role == _R.DisplayRole:
            return ref or label
        if role == _R.ToolTipRole:
            return f"{ref} {label}".strip()
        if role == _R.FontRole and self._level == "item" and self._top_of.get(item_id) == item_id:
            return _bold()
        return None

    # -- what a cell says --------------------------------------------------------------------
    def _cell(self, theme_id: int, theme_name: str, item_id: int) -> tuple[str, bool, str]:
        """(strength, implied from a sub-item, tooltip) for one cell."""
        _, ref, label, _ = self._items[item_id]
        lines = [f"{theme_name} → {ref} {label}".strip()]
        direct = self._links.get((theme_id, item_id))
        if direct is not None:
            lines.append(f"{direct[0].capitalize()}: {direct[1] or 'no rationale written'}")
        via: list[tuple[str, str, str]] = []
        if self._level == "priority":
            for (t, i), (strength, why) in self._links.items():
                if t == theme_id and i != item_id and self._top_of.get(i) == item_id:
                    via.append((self._items[i][1], strength, why))
            for sub_ref, strength, why in sorted(via):
                lines.append(f"Via {sub_ref} ({strength}): {why or 'no rationale written'}")
        if direct is not None:
            return direct[0].lower(), False, "\n".join(lines)
        if via:
            best = min((s.lower() for _, s, _ in via), key=lambda s: _RANK.get(s, 2))
            return best, True, "\n".join(lines)
        lines.append("Not linked. Click to link.")
        return "", False, "\n".join(lines)


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _tree_order(items: list[ItemRow]) -> tuple[list[int], dict[int, int]]:
    """Item ids depth first (siblings in the order given) and each item's top-level ancestor."""
    ids = {item[0] for item in items}
    children: dict[int | None, list[int]] = {}
    for item_id, _, _, parent in items:
        children.setdefault(parent if parent in ids else None, []).append(item_id)
    order: list[int] = []
    top_of: dict[int, int] = {}
    stack = [(i, i) for i in reversed(children.get(None, []))]
    while stack:
        item_id, top = stack.pop()
        if item_id in top_of:  # a cycle in bad data: show each item once
            continue
        order.append(item_id)
        top_of[item_id] = top
        stack += [(c, top) for c in reversed(children.get(item_id, []))]
    return order, top_of


class MatrixEditor(QWidget):
    """The link grid with a priority/item level switch; clicks become ``cycleRequested``."""

    cycleRequested = Signal(int, int)  # theme id, framework item id
    levelChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LinkMatrixModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setMinimumSectionSize(36)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.clicked.connect(self._request)
        self.view.installEventFilter(self)  # Space or Enter cycles the current cell

        self.priority_button = QRadioButton("Priorities", self)
        self.item_button = QRadioButton("All items", self)
        self.priority_button.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.priority_button)
        group.addButton(self.item_button)
        self.priority_button.toggled.connect(self._on_level_toggled)
        legend = QLabel("● primary   ○ secondary   grey: linked through a sub-item", self)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Columns:", self))
        bar.addWidget(self.priority_button)
        bar.addWidget(self.item_button)
        bar.addStretch(1)
        bar.addWidget(legend)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view)

    def set_data(self, themes: list[ThemeRow], items: list[ItemRow], links: Links) -> None:
        """Show the mapping as the database now holds it; selection stays on the same cell."""
        current = self.view.currentIndex()
        self.model.set_data(themes, items, links)
        if current.isValid() and self.model.hasIndex(current.row(), current.column()):
            self.view.setCurrentIndex(self.model.index(current.row(), current.column()))

    def level(self) -> Level:
        return self.model.level()

    def set_level(self, level: Level) -> None:
        """Switch columns between priorities and every item (also moves the radio buttons)."""
        button = self.priority_button if level == "priority" else self.item_button
        if not button.isChecked():
            button.setChecked(True)  # toggled -> _on_level_toggled
        elif self.model.level() != level:
            self._apply_level(level)

    def _on_level_toggled(self, priority_checked: bool) -> None:
        self._apply_level("priority" if priority_checked else "item")

    def _apply_level(self, level: Level) -> None:
        if level != self.model.level():
            self.model.set_level(level)
            self.levelChanged.emit(level)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _CYCLE_KEYS
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self._request(self.view.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def _request(self, index: QModelIndex) -> None:
        if index.isValid():
            self.cycleRequested.emit(
                self.model.theme_id(index.row()), self.model.item_id(index.column())
            )
