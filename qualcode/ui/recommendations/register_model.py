"""The register as a tree for drag and drop: priorities at the top, numbered recommendations under.

Dragging a recommendation to another place changes nothing in the model itself: the drop is
turned into a request (recommendation, priority, index within it) that the controller runs as one
undoable move; the service renumbers and the model is rebuilt from the register, so what the
tree shows is always what the project holds. Priorities accept drops (an empty one too, so a
recommendation can be moved under it); recommendations do not (a drop on one lands before it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from qualcode.exporters.recommendations_model import Register

MIME = "application/x-qualcode-recommendation"
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # a recommendation's id (None on a priority)
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2  # a priority's framework item id (-1: unassigned)
NO_ITEM = -1
Index = QModelIndex | QPersistentModelIndex
Mover = Callable[[int, int | None, int | None], object]  # id, item id, index (None: last)
HEADERS = ["Recommendation", "Owner", "Timescale", "Status"]
_GREY = QBrush(QColor("#7F7F7F"))
_PRIORITY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled
_ENTRY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled


class RegisterModel(QStandardItemModel):
    def __init__(self) -> None:
        super().__init__()
        self.on_move: Mover | None = None
        self.setHorizontalHeaderLabels(HEADERS)

    def set_register(self, register: Register | None) -> None:
        """Rebuild from ``register`` (``None``: no project). Priority rows hold one cell; the
        view spans it over every column."""
        self.removeRows(0, self.rowCount())
        self.setHorizontalHeaderLabels(HEADERS)
        bold = QFont()
        bold.setBold(True)
        for section in register.sections if register is not None else []:
            head = QStandardItem(section.heading)
            head.setFont(bold)
            head.setFlags(_PRIORITY)
            head.setData(NO_ITEM if section.item_id is None else section.item_id, ITEM_ROLE)
            head.setToolTip(section.heading)
            if not section.entries:
                head.setText(f"{section.heading} (none yet: drop one here)")
                head.setForeground(_GREY)
            for e in section.entries:
                row = [
                    QStandardItem(f"{e.number}. {e.title}"),
                    QStandardItem(e.owner),
                    QStandardItem(e.timescale),
                    QStandardItem(e.status_label),
                ]
                for cell in row:
                    cell.setFlags(_ENTRY)
                    cell.setData(e.id, ID_ROLE)
                    cell.setToolTip(cell.text())
                if not e.themes:
                    row[0].setForeground(QBrush(QColor("#B03A2E")))
                    row[0].setToolTip(f"{row[0].text()}: no supporting theme yet")
                else:
                    row[0].setToolTip(f"{row[0].text()}. Based on themes: {e.theme_names}")
                head.appendRow(row)
            self.appendRow(head)

    # -- drag and drop --------------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        ids = {i.data(ID_ROLE) for i in indexes if i.data(ID_ROLE) is not None}
        if len(ids) == 1:
            mime.setData(MIME, str(ids.pop()).encode())
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return data.hasFormat(MIME) and self._priority(parent) is not None

    def _priority(self, parent: Index) -> QModelIndex | None:
        """The priority a drop under ``parent`` lands in (a drop on a recommendation row counts
        as a drop before it, under its priority)."""
        if not parent.isValid():
            return None
        top = parent if not parent.parent().isValid() else parent.parent()
        return self.index(top.row(), 0)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        head = self._priority(parent)
        if head is None or not data.hasFormat(MIME) or self.on_move is None:
            return False
        rec_id = int(bytes(data.data(MIME).data()).decode())
        if parent.parent().isValid():  # dropped on a recommendation: before it
            row = parent.row()
        item = head.data(ITEM_ROLE)
        target = None if item == NO_ITEM else int(item)
        index: int | None = None if row < 0 else row
        here = self.itemFromIndex(head)
        rows = [here.child(r, 0).data(ID_ROLE) for r in range(here.rowCount())]
        if index is not None and rec_id in rows and rows.index(rec_id) < index:
            index -= 1  # the list it is inserted in no longer holds it
        self.on_move(rec_id, target, index)
        return False  # the rows move when the register is read again, not here

    def move_by(self, rec_id: int, step: int) -> None:
        """Move up (-1) or down (+1) within its priority, for the keyboard and the buttons."""
        for top in range(self.rowCount()):
            head = self.item(top, 0)
            rows = [head.child(r, 0).data(ID_ROLE) for r in range(head.rowCount())]
            if rec_id in rows and self.on_move is not None:
                at = rows.index(rec_id) + step
                if 0 <= at < len(rows):
                    item = head.data(ITEM_ROLE)
                    self.on_move(rec_id, None if item == NO_ITEM else int(item), at)
                return

    def index_of(self, rec_id: int) -> QModelIndex:
        for top in range(self.rowCount()):
            head = self.item(top, 0)
            for r in range(head.rowCount()):
                if head.child(r, 0).data(ID_ROLE) == rec_id:
                    return head.child(r, 0).index()
        return QModelIndex()
