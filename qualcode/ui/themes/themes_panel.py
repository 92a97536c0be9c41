"""The themes panel: candidate themes and sub-themes, the codes that inform them, and counts.

Phase 3 groups codes into themes without throwing anything away, so the panel shows every theme
(discarded ones greyed, the Miscellaneous holding theme marked) and takes codes dragged from the
codebook. It changes nothing itself: drops and actions become signals, the owner runs the undoable
service and calls :meth:`ThemesPanel.set_themes` again, which keeps expansion and selection.
Counts are context for the researcher, not proof that a theme matters.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QFont,
    QIcon,
    QPainter,
    QPen,
    QPixmap,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from qualcode.ui.coding.codebook_model import CODE_MIME, parse_code_ids
from qualcode.ui.themes.theme_views import ThemeRow

Index = QModelIndex | QPersistentModelIndex
KindRole = int(Qt.ItemDataRole.UserRole) + 1  # "theme" or "code"
IdRole = int(Qt.ItemDataRole.UserRole) + 2  # the theme id or the code id
ThemeRole = int(Qt.ItemDataRole.UserRole) + 3  # the theme a row belongs to

HEADERS = ("Theme", "Status", "Extracts", "Docs", "People")
STATUS_COLOURS = {
    "candidate": "#94a3b8",
    "reviewed": "#3b82f6",
    "defined": "#8b5cf6",
    "final": "#16a34a",
    "discarded": "#9ca3af",
}
GREY = QColor("#9ca3af")
MISC_TIP = "Miscellaneous: a holding theme for codes that do not fit anywhere yet"


def status_icon(status: str, size: int = 12) -> QIcon:
    """A small round badge: hollow for candidate, filled for later stages, a cross if discarded."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    colour = QColor(STATUS_COLOURS.get(status, "#94a3b8"))
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(colour, 1.6))
    p.setBrush(Qt.BrushStyle.NoBrush if status == "candidate" else QBrush(colour))
    p.drawEllipse(1, 1, size - 2, size - 2)
    if status in ("final", "discarded"):
        p.setPen(QPen(QColor("white"), 1.6))
        m = size / 4
        if status == "final":
            p.drawPolyline([QPoint(int(m), size // 2), QPoint(size // 2 - 1, int(size - m - 1))])
            p.drawLine(QPoint(size // 2 - 1, int(size - m - 1)), QPoint(int(size - m), int(m)))
        else:
            p.drawLine(int(m), int(m), int(size - m), int(size - m))
            p.drawLine(int(m), int(size - m), int(size - m), int(m))
    p.end()
    return QIcon(pix)


def swatch_icon(colour: str, hatched: bool = False, size: int = 12) -> QIcon:
    """A colour square; hatched for the Miscellaneous holding theme."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setPen(QPen(QColor(colour).darker(130), 1))
    p.setBrush(
        QBrush(
            QColor(colour), Qt.BrushStyle.BDiagPattern if hatched else Qt.BrushStyle.SolidPattern
        )
    )
    p.drawRect(0, 0, size - 1, size - 1)
    p.end()
    return QIcon(pix)


class ThemeTreeModel(QStandardItemModel):
    """Themes (nested) with their codes as italic children; CODE_MIME drops name a theme."""

    codesDropped = Signal(list, int)  # code ids, theme id

    def __init__(self) -> None:
        super().__init__(0, len(HEADERS))
        self.setHorizontalHeaderLabels(list(HEADERS))
        for column in range(2, len(HEADERS)):
            self.setHeaderData(
                column,
                Qt.Orientation.Horizontal,
                "Counts are context, never proof that a theme matters",
                Qt.ItemDataRole.ToolTipRole,
            )
        self.rows: dict[int, ThemeRow] = {}

    def set_rows(self, rows: Sequence[ThemeRow]) -> None:
        self.removeRows(0, self.rowCount())
        self.rows = {r.id: r for r in rows}
        children: dict[int | None, list[ThemeRow]] = {}
        for r in rows:
            parent = r.parent_id if r.parent_id in self.rows and r.parent_id != r.id else None
            children.setdefault(parent, []).append(r)
        placed: set[int] = set()

        def add(parent: QStandardItem, row: ThemeRow) -> None:
            placed.add(row.id)
            item = self._theme_items(row)
            parent.appendRow(item)
            for child in children.get(row.id, ()):
                if child.id not in placed:
                    add(item[0], child)
            for code_id, code_name in row.codes:
                parent_item = item[0]
                parent_item.appendRow(self._code_items(row, code_id, code_name))

        root = self.invisibleRootItem()
        for r in children.get(None, ()):
            add(root, r)
        for r in rows:  # a parent cycle: show the rest at the top level rather than lose them
            if r.id not in placed:
                add(root, r)

    def update_counts(self, counts: Mapping[int, tuple[int, int, int]]) -> None:
        """New counts into the theme rows in place: no rebuild, the tree keeps its state."""

        def walk(parent: QStandardItem) -> None:
            for r in range(parent.rowCount()):
                item = parent.child(r, 0)
                if item is None or item.data(KindRole) != "theme":
                    continue
                tid = int(item.data(IdRole))
                n = counts.get(tid, (0, 0, 0))
                row = self.rows.get(tid)
                if row is not None:
                    self.rows[tid] = replace(
                        row, extracts=n[0], documents=n[1], participants=n[2], counted=True
                    )
                for column, value in enumerate(n, start=2):
                    cell = parent.child(r, column)
                    if cell is not None and cell.text() != f"{value:,}":
                        cell.setText(f"{value:,}")
                walk(item)

        walk(self.invisibleRootItem())

    def _theme_items(self, row: ThemeRow) -> list[QStandardItem]:
        status = row.status + (" · holding" if row.is_miscellaneous else "")
        counts = [
            f"{n:,}" if row.counted else "…"
            for n in (row.extracts, row.documents, row.participants)
        ]
        items = [QStandardItem(text) for text in (row.name, status, *counts)]
        items[0].setIcon(swatch_icon(row.colour, row.is_miscellaneous))
        items[1].setIcon(status_icon(row.status))
        tip = row.central_concept.strip() or row.definition.strip() or "No definition yet"
        items[0].setToolTip(f"{MISC_TIP}\n\n{tip}" if row.is_miscellaneous else tip)
        for item in items[2:]:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for item in items:
            item.setData("theme", KindRole)
            item.setData(row.id, IdRole)
            item.setData(row.id, ThemeRole)
            item.setEditable(False)
            item.setDropEnabled(True)
            item.setDragEnabled(False)
            if row.status == "discarded":
                item.setForeground(GREY)
        return items

    def _code_items(self, row: ThemeRow, code_id: int, name: str) -> list[QStandardItem]:
        items = [QStandardItem(name)] + [QStandardItem() for _ in HEADERS[1:]]
        font = QFont()
        font.setItalic(True)
        items[0].setFont(font)
        items[0].setToolTip(f"Code informing “{row.name}”")
        for item in items:
            item.setData("code", KindRole)
            item.setData(code_id, IdRole)
            item.setData(row.id, ThemeRole)
            item.setEditable(False)
            item.setDragEnabled(False)
            item.setForeground(GREY if row.status == "discarded" else QColor("#4b5563"))
        return items

    # -- drops -------------------------------------------------------------------------------
    def mimeTypes(self) -> list[str]:
        return [CODE_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction | Qt.DropAction.LinkAction

    def _drop_target(self, data: QMimeData, row: int, parent: Index) -> tuple[list[int], int]:
        if data is None or not data.hasFormat(CODE_MIME) or not parent.isValid():
            return [], -1
        ids = parse_code_ids(bytes(data.data(CODE_MIME).data()))
        theme = parent.data(ThemeRole)
        return (ids, int(theme)) if ids and theme is not None else ([], -1)

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return bool(self._drop_target(data, row, parent)[0])

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        ids, theme = self._drop_target(data, row, parent)
        if not ids or action == Qt.DropAction.IgnoreAction:
            return False
        self.codesDropped.emit(ids, theme)  # the owner links the codes and refreshes the tree
        return True


class ThemesPanel(QWidget):
    """The themes tree with its actions; every change is asked of the owner through a signal."""

    themeSelected = Signal(int)
    codeSelected = Signal(int)
    codesDroppedOnTheme = Signal(list, int)  # code ids, theme id
    newThemeRequested = Signal(object)  # parent theme id or None
    editRequested = Signal(int)
    mergeRequested = Signal(int)
    demoteRequested = Signal(int)
    discardRequested = Signal(int)
    restoreRequested = Signal(int)
    reviewRequested = Signal(int)
    unlinkRequested = Signal(int, int)  # theme id, code id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ThemeTreeModel()
        self.model.codesDropped.connect(self.codesDroppedOnTheme)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.tree.setDragDropOverwriteMode(True)  # codes land *on* a theme, never between
        header = self.tree.header()
        header.setStretchLastSection(False)
        # The name column keeps a readable width in a narrow dock (the tree scrolls sideways).
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 210)
        metrics = self.tree.fontMetrics()
        widths = [metrics.horizontalAdvance(f"{s}  ") + 34 for s in ("candidate · holding",)]
        widths += [metrics.horizontalAdvance(f"{h}  ") + 14 for h in HEADERS[2:]]
        for column, width in enumerate(widths, start=1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.tree.setColumnWidth(column, width)
        self.tree.selectionModel().currentRowChanged.connect(self._selected)
        self.tree.doubleClicked.connect(lambda _i: self._emit_theme(self.editRequested))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)

        def action(text: str, tip: str) -> QAction:
            a = QAction(text, self)
            a.setToolTip(tip)
            return a

        self.new_action = action("New theme", "Create a top-level candidate theme")
        self.sub_action = action("New sub-theme", "Create a sub-theme of the selected theme")
        self.edit_action = action("Edit…", "Name, define and scope the selected theme")
        self.merge_action = action("Merge into…", "Merge the selected theme into another")
        self.demote_action = action("Make sub-theme of…", "Place the theme under another")
        self.discard_action = action("Discard", "Set aside the theme (it is kept, greyed)")
        self.restore_action = action("Restore", "Bring a discarded theme back as a candidate")
        self.review_action = action("Review…", "Read every extract of the theme (phase 4)")
        self.unlink_action = action("Unlink code", "Stop this code informing the theme")
        self.new_action.triggered.connect(lambda: self.newThemeRequested.emit(None))
        self.sub_action.triggered.connect(lambda: self._emit_theme(self.newThemeRequested))
        for a, signal in (
            (self.edit_action, self.editRequested),
            (self.merge_action, self.mergeRequested),
            (self.demote_action, self.demoteRequested),
            (self.discard_action, self.discardRequested),
            (self.restore_action, self.restoreRequested),
            (self.review_action, self.reviewRequested),
        ):
            a.triggered.connect(lambda _=False, s=signal: self._emit_theme(s))
        self.unlink_action.triggered.connect(self._unlink)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addActions([self.new_action, self.sub_action, self.edit_action])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.review_action, self.discard_action, self.restore_action])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.merge_action, self.demote_action])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.tree)
        self._known: set[int] = set()
        self._restoring = False
        self._update_actions()

    # -- loading -----------------------------------------------------------------------------
    def set_themes(self, rows: list[ThemeRow]) -> None:
        """Show ``rows``; themes open before stay open, new ones open, the selection stays."""
        expanded = {tid for tid, index in self._walk() if self.tree.isExpanded(index)}
        current = self.tree.currentIndex()
        key = (current.data(KindRole), current.data(IdRole), current.data(ThemeRole))
        known = self._known
        self._restoring = True  # the same row coming back is not a new selection
        try:
            self.model.set_rows(rows)
            self._known = {r.id for r in rows}
            for tid, index in self._walk():
                self.tree.setExpanded(index, tid in expanded or tid not in known)
            target = self._find(key) if current.isValid() else QModelIndex()
            if target.isValid():
                self.tree.setCurrentIndex(target)
            else:
                self.tree.clearSelection()
        finally:
            self._restoring = False
        self._update_actions()

    def update_counts(self, counts: Mapping[int, tuple[int, int, int]]) -> None:
        """Each theme's (extracts, documents, participants), shown without rebuilding the tree."""
        self.model.update_counts(counts)

    def _walk(self, parent: QModelIndex | None = None) -> list[tuple[int, QModelIndex]]:
        """(theme id, index) for every theme row, depth first."""
        out: list[tuple[int, QModelIndex]] = []
        parent = parent or QModelIndex()
        for r in range(self.model.rowCount(parent)):
            index = self.model.index(r, 0, parent)
            if index.data(KindRole) == "theme":
                out.append((int(index.data(IdRole)), index))
                out += self._walk(index)
        return out

    def _find(self, key: tuple[object, object, object]) -> QModelIndex:
        for tid, index in self._walk():
            if key == ("theme", tid, tid):
                return index
            if key[0] == "code" and key[2] == tid:
                for r in range(self.model.rowCount(index)):
                    child = self.model.index(r, 0, index)
                    if child.data(KindRole) == "code" and child.data(IdRole) == key[1]:
                        return child
        return QModelIndex()

    def index_of_theme(self, theme_id: int) -> QModelIndex:
        return self._find(("theme", theme_id, theme_id))

    def select_theme(self, theme_id: int) -> None:
        index = self.index_of_theme(theme_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)

    # -- selection and actions ---------------------------------------------------------------
    def current_theme(self) -> ThemeRow | None:
        """The selected theme, or the theme of the selected code."""
        tid = self.tree.currentIndex().data(ThemeRole)
        return self.model.rows.get(int(tid)) if tid is not None else None

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()
        if self._restoring:
            return
        if current.data(KindRole) == "theme":
            self.themeSelected.emit(int(current.data(IdRole)))
        elif current.data(KindRole) == "code":
            self.codeSelected.emit(int(current.data(IdRole)))

    def _update_actions(self) -> None:
        theme = self.current_theme()
        has = theme is not None
        discarded = theme is not None and theme.status == "discarded"
        for a in (self.sub_action, self.edit_action, self.merge_action, self.demote_action):
            a.setEnabled(has)
        self.review_action.setEnabled(has and not discarded)
        self.discard_action.setEnabled(has and not discarded)
        self.discard_action.setVisible(not discarded)
        self.restore_action.setEnabled(discarded)
        self.restore_action.setVisible(discarded)
        self.unlink_action.setEnabled(self.tree.currentIndex().data(KindRole) == "code")

    def _emit_theme(self, signal: SignalInstance) -> None:
        theme = self.current_theme()
        if theme is not None:
            signal.emit(theme.id)

    def _unlink(self) -> None:
        index = self.tree.currentIndex()
        if index.data(KindRole) == "code":
            self.unlinkRequested.emit(int(index.data(ThemeRole)), int(index.data(IdRole)))

    def _menu(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        self.context_menu().exec(self.tree.viewport().mapToGlobal(pos))

    def context_menu(self) -> QMenu:
        """The menu for the current row (built fresh so it follows the selection)."""
        menu = QMenu(self)
        menu.addActions([self.new_action, self.sub_action])
        menu.addSeparator()
        menu.addActions([self.edit_action, self.review_action])
        menu.addActions([self.merge_action, self.demote_action])
        menu.addSeparator()
        menu.addAction(
            self.restore_action if self.restore_action.isVisible() else self.discard_action
        )
        if self.unlink_action.isEnabled():
            menu.addSeparator()
            menu.addAction(self.unlink_action)
        return menu

    def drop_codes(self, code_ids: list[int], theme_id: int) -> bool:
        """Drop CODE_MIME ``code_ids`` onto ``theme_id`` as a drag would (for tests and menus)."""
        mime = QMimeData()
        mime.setData(CODE_MIME, json.dumps(code_ids).encode())
        index = self.index_of_theme(theme_id)
        action = Qt.DropAction.MoveAction
        if not self.model.canDropMimeData(mime, action, -1, 0, index):
            return False
        self.model.dropMimeData(mime, action, -1, 0, index)
        return True
