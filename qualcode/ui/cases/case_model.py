"""The case sheet as a Qt table model: a row per case, a column per attribute, typed.

Like the codebook model it is a view of the database, never a second copy: an edit is handed to
``on_edit`` (the controller runs the undoable service, which checks the value by type), and the
model changes only when it is fed a fresh :class:`CaseTable`. A refused value therefore never
sticks in the cell, and undo cannot leave the sheet out of step.

The proxy sorts by the typed value (numbers as numbers, dates as dates, a category by the order
of its values, empty cells last) and filters on a text in every column or in one attribute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from qualcode.domain.values import AttributeType
from qualcode.domain.wording import plural
from qualcode.services.participants.case_table import CaseAttribute, CaseRow, CaseTable

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

CaseIdRole = int(Qt.ItemDataRole.UserRole) + 1
SortRole = int(Qt.ItemDataRole.UserRole) + 2
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_CHECK = int(Qt.ItemDataRole.CheckStateRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_F = Qt.ItemFlag
TYPE_WORDS = {
    "text": "text",
    "number": "number",
    "date": "date",
    "boolean": "yes/no",
    "category": "category",
}

# Edits the owner runs: (case id, attribute id or None for the name, raw text) and the flag.
EditHandler = Callable[[int, int | None, str], None]
FlagHandler = Callable[[int, bool], None]


@dataclass(frozen=True)
class Column:
    kind: str  # "name", "facilitator", "attribute" or "documents"
    title: str
    attribute: CaseAttribute | None = None


def shown(attr: CaseAttribute, stored: str) -> str:
    """A stored value as the sheet shows it (yes/no rather than true/false)."""
    if attr.type == AttributeType.BOOLEAN and stored in ("true", "false"):
        return "yes" if stored == "true" else "no"
    return stored


def _sort_key(attr: CaseAttribute, row: CaseRow) -> tuple[int, Any]:
    stored = row.values.get(attr.id, "")
    if stored == "":
        return (2, "")
    if attr.type == AttributeType.CATEGORY and stored in attr.options:
        return (0, attr.options.index(stored))
    value = row.typed(attr)
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, float | dt.date):
        return (0, value)
    return (1, str(value).casefold())


class CaseTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = CaseTable((), ())
        self.columns: list[Column] = []
        self.derived: dict[int, str] = {}  # attribute id -> how it is derived (not editable)
        self.on_edit: EditHandler | None = None
        self.on_flag: FlagHandler | None = None

    def set_table(self, table: CaseTable, derived: dict[int, str] | None = None) -> bool:
        """Show ``table`` (``derived``: attribute id -> how it is derived, shown read-only).

        When the same cases and attributes are still there, only the values are refreshed, so
        the selection, the sort and the scroll position stay; returns whether the table was
        rebuilt."""
        self.derived = dict(derived or {})
        ids = [c.id for c in table.cases]
        same_shape = (
            bool(self.columns)
            and table.attributes == self.table.attributes
            and ids == [c.id for c in self.table.cases]
        )
        if same_shape:
            self.table = table
            if table.cases:
                last = self.index(len(table.cases) - 1, len(self.columns) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return False
        self.beginResetModel()
        self.table = table
        self.columns = [
            Column("name", "Case"),
            Column("facilitator", "Facilitator"),
            *(Column("attribute", a.name, a) for a in table.attributes),
            Column("documents", "Speaks in"),
        ]
        self.endResetModel()
        return True

    # -- shape ----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.table.cases)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def case_at(self, row: int) -> CaseRow:
        return self.table.cases[row]

    def row_of(self, case_id: int) -> int:
        return next((i for i, c in enumerate(self.table.cases) if c.id == case_id), -1)

    def column_of(self, attribute_name: str) -> int:
        return next(
            (
                i
                for i, c in enumerate(self.columns)
                if c.attribute is not None and c.attribute.name == attribute_name
            ),
            -1,
        )

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return super().headerData(section, orientation, role)
        column = self.columns[section]
        if role == _DISPLAY:
            return column.title
        if role == _TOOLTIP and column.attribute is not None:
            attr = column.attribute
            text = f"{attr.name}: a {TYPE_WORDS.get(attr.type, attr.type)} attribute"
            if attr.options:
                text += f" ({', '.join(attr.options)})"
            if attr.id in self.derived:
                text += f"; {self.derived[attr.id]}, so it follows its source and is not edited"
            return text
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return _F.NoItemFlags
        base = _F.ItemIsSelectable | _F.ItemIsEnabled
        column = self.columns[index.column()]
        if column.attribute is not None and column.attribute.id in self.derived:
            return base
        if column.kind in ("name", "attribute"):
            return base | _F.ItemIsEditable
        kind = column.kind
        if kind == "facilitator":
            return base | _F.ItemIsUserCheckable
        return base

    # -- values ---------------------------------------------------------------------------------
    def data(self, index: Index, role: int = _DISPLAY) -> object:
        if not index.isValid():
            return None
        row = self.table.cases[index.row()]
        column = self.columns[index.column()]
        if role == CaseIdRole:
            return row.id
        if column.kind == "name":
            if role in (_DISPLAY, _EDIT):
                return row.name
            if role == SortRole:
                return (0, row.name.casefold())
            if role == _TOOLTIP:
                return f"{row.name}: {plural(row.parts, 'turn or answer', 'turns or answers')}"
        elif column.kind == "facilitator":
            if role == _CHECK:
                return Qt.CheckState.Checked if row.is_facilitator else Qt.CheckState.Unchecked
            if role == SortRole:
                return (0, int(row.is_facilitator))
        elif column.kind == "documents":
            if role == _DISPLAY:
                return ", ".join(row.documents)
            if role == _TOOLTIP and row.documents:
                return "\n".join(row.documents) + "\n(double-click to read the first)"
            if role == SortRole:
                return (0, len(row.documents)) if row.documents else (2, 0)
        elif column.attribute is not None:
            attr = column.attribute
            stored = row.values.get(attr.id, "")
            if role == _DISPLAY:
                return shown(attr, stored)
            if role == _EDIT:
                return stored
            if role == SortRole:
                return _sort_key(attr, row)
            if role == _ALIGN and attr.type == AttributeType.NUMBER:
                return _RIGHT
            if role == _FOREGROUND and attr.options and stored and stored not in attr.options:
                return QColor("#B00020")  # a value outside the category's list
            if role == _FOREGROUND and attr.id in self.derived:
                return QColor("#555555")
        return None

    def setData(self, index: Index, value: object, role: int = _EDIT) -> bool:
        if not index.isValid():
            return False
        row = self.table.cases[index.row()]
        column = self.columns[index.column()]
        if column.kind == "facilitator" and role == _CHECK:
            on = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
            if self.on_flag is not None and on != row.is_facilitator:
                self.on_flag(row.id, on)
            return False  # the refresh after the change shows it
        if role != _EDIT or self.on_edit is None:
            return False
        text = "" if value is None else str(value)
        if column.kind == "name":
            if " ".join(text.split()) and " ".join(text.split()) != row.name:
                self.on_edit(row.id, None, text)
        elif column.attribute is not None and text.strip() != row.values.get(
            column.attribute.id, ""
        ):
            self.on_edit(row.id, column.attribute.id, text)
        return False


class CaseFilterProxy(QSortFilterProxyModel):
    """Typed sorting; a filter text matched in every column, or in the one column chosen."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.column = -1  # -1: every column
        self.setSortRole(SortRole)

    def set_filter(self, text: str, column: int = -1) -> None:
        if not hasattr(self, "beginFilterChange"):  # Qt before 6.9
            self.text, self.column = text.strip().casefold(), column
            self.invalidateFilter()
            return
        self.beginFilterChange()
        self.text, self.column = text.strip().casefold(), column
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.text:
            return True
        model = self.sourceModel()
        columns = [self.column] if self.column >= 0 else range(model.columnCount())
        for col in columns:
            value = model.data(model.index(source_row, col, source_parent), _DISPLAY)
            if value and self.text in str(value).casefold():
                return True
        return False

    def lessThan(self, left: Index, right: Index) -> bool:
        a = left.data(SortRole)
        b = right.data(SortRole)
        if a is None or b is None:
            return bool(b is not None)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)
