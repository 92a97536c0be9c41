"""The codebook tree widget: drag to move, nest or merge; a context menu that only *asks*.

Every action (new, rename, recolour, pin, delete) is emitted as a signal, so the owner decides,
confirms and runs the undoable service; the view holds no project state. Because the owner
refreshes the model after each change (often a model reset), the view remembers which codes were
collapsed and selected and restores them, so a move or merge does not fold the whole tree up.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from qualcode.ui.coding.codebook_model import (
    CODE_MIME,
    NAME,
    SPAN_MIME,
    CodebookModel,
    CodeIdRole,
    PinKeyRole,
)

Index = QModelIndex | QPersistentModelIndex
_GAP = 6  # pixels between the name and its key badge


class PinBadgeDelegate(QStyledItemDelegate):
    """Draws a code's name followed by a small rounded badge with its quick key (1-9)."""

    def _badge_font(self, option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
        font.setBold(True)
        font.setPointSizeF(max(font.pointSizeF() * 0.85, 6.0))
        return font

    def _badge_size(self, option: QStyleOptionViewItem) -> QSize:
        fm = QFontMetrics(self._badge_font(option))
        return QSize(fm.horizontalAdvance("9") + 8, fm.height())

    def _text_rect(self, option: QStyleOptionViewItem) -> QRect:
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        return style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget)

    def badge_rect(self, option: QStyleOptionViewItem, index: Index) -> QRect | None:
        """Where the badge goes for this cell, or None when the code has no key."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        return self._layout(opt, index)[1]

    def _layout(self, opt: QStyleOptionViewItem, index: Index) -> tuple[str, QRect | None]:
        key = index.data(PinKeyRole)
        if not key:
            return opt.text, None
        size = self._badge_size(opt)
        text_rect = self._text_rect(opt)
        margin = 3  # Qt's styles inset item text by about this much
        room = max(text_rect.width() - size.width() - _GAP - 2 * margin, 0)
        text = opt.fontMetrics.elidedText(opt.text, opt.textElideMode, room)
        left = text_rect.left() + margin + opt.fontMetrics.horizontalAdvance(text) + _GAP
        top = text_rect.top() + (text_rect.height() - size.height()) // 2
        return text, QRect(QPoint(left, top), size)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, badge = self._layout(opt, index)
        if badge is None:
            super().paint(painter, option, index)
            return
        opt.text = text
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        back = palette.highlightedText() if selected else palette.mid()
        fore = palette.highlight() if selected else palette.base()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(back)
        painter.drawRoundedRect(badge, 4, 4)
        painter.setPen(fore.color())
        painter.setFont(self._badge_font(opt))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(index.data(PinKeyRole)))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        if index.data(PinKeyRole):
            size.setWidth(size.width() + self._badge_size(option).width() + _GAP)
        return size


class CodebookView(QTreeView):
    """A tree of codes for :class:`CodebookModel` whose actions are requests, not deeds."""

    newCodeRequested = Signal(object)  # parent code id, or None for a top-level code
    renameRequested = Signal(int)
    recolourRequested = Signal(int)
    pinRequested = Signal(int, int)  # code id, key 1-9 (0 unpins)
    deleteRequested = Signal(int)
    codesSelected = Signal(list)  # list[int], in tree order

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._collapsed: set[int] = set()
        self._kept_selection: list[int] = []
        self._kept_current: int | None = None
        self._kept_scroll = 0
        self._restoring = False
        self.badges = PinBadgeDelegate(self)
        self.setItemDelegateForColumn(NAME, self.badges)
        self.setUniformRowHeights(True)  # lets a 1,000-code tree lay out without measuring rows
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)  # spans come from outside
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAutoExpandDelay(700)
        self.setAllColumnsShowFocus(True)
        self.expanded.connect(lambda index: self._note_expanded(index, True))
        self.collapsed.connect(lambda index: self._note_expanded(index, False))

    # -- model wiring ------------------------------------------------------------------------
    def codebook(self) -> CodebookModel | None:
        model = self.model()
        return model if isinstance(model, CodebookModel) else None

    def setModel(self, model: QAbstractItemModel | None) -> None:
        old = self.codebook()
        if old is not None:
            old.modelAboutToBeReset.disconnect(self._remember)
            old.modelReset.disconnect(self._restore)
        super().setModel(model)
        if isinstance(model, CodebookModel):
            model.modelAboutToBeReset.connect(self._remember)
            model.modelReset.connect(self._restore)
        selection = self.selectionModel()
        if selection is not None:
            selection.selectionChanged.connect(self._selection_changed)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        width = self.fontMetrics().horizontalAdvance("000,000") + 16
        for column in range(1, header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self._restore()

    def _note_expanded(self, index: QModelIndex, expanded: bool) -> None:
        code_id = index.data(CodeIdRole)
        if self._restoring or code_id is None:
            return
        if expanded:
            self._collapsed.discard(code_id)
        else:
            self._collapsed.add(code_id)

    def _remember(self) -> None:
        self._kept_selection = self.selected_code_ids()
        current = self.currentIndex()
        self._kept_current = current.data(CodeIdRole) if current.isValid() else None
        self._kept_scroll = self.verticalScrollBar().value()

    def _restore(self) -> None:
        """After a reset: everything expanded except what the user folded; selection kept."""
        model = self.codebook()
        if model is None:
            return
        self._restoring = True
        try:
            self.expandAll()
            if self._collapsed:
                self._collapsed &= set(model.preorder())
            for code_id in self._collapsed:
                self.collapse(model.index_of(code_id))
            kept = [cid for cid in self._kept_selection if model.index_of(cid).isValid()]
            selection = self.selectionModel()
            if kept and selection is not None:
                rows = (
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows
                )
                for cid in kept:
                    selection.select(model.index_of(cid), rows)
                current = model.index_of(self._kept_current or 0)
                if current.isValid():
                    selection.setCurrentIndex(current, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.verticalScrollBar().setValue(self._kept_scroll)
        finally:
            self._restoring = False
        if kept != self._kept_selection:
            self.codesSelected.emit(kept)
        self._kept_selection, self._kept_current = [], None

    # -- selection ---------------------------------------------------------------------------
    def selected_code_ids(self) -> list[int]:
        model, selection = self.codebook(), self.selectionModel()
        if model is None or selection is None:
            return []
        chosen = {i.data(CodeIdRole) for i in selection.selectedRows(NAME)}
        return [cid for cid in model.preorder() if cid in chosen]

    def current_code_id(self) -> int | None:
        """The selected code when exactly one is selected (what a dialog may start with)."""
        ids = self.selected_code_ids()
        return ids[0] if len(ids) == 1 else None

    def select_code(self, code_id: int) -> bool:
        """Select, reveal and scroll to a code; False when it is not in the tree."""
        model = self.codebook()
        index = model.index_of(code_id) if model is not None else QModelIndex()
        if not index.isValid():
            return False
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.selectionModel().setCurrentIndex(index, flags)
        self.scrollTo(index)
        return True

    def edit_code(self, code_id: int) -> bool:
        """Open the inline name editor (connect ``renameRequested`` here for in-place rename)."""
        if not self.select_code(code_id):
            return False
        # The C++ signature takes a QEvent pointer that may be null; the stub requires a QEvent.
        return bool(
            self.edit(self.currentIndex(), self.EditTrigger.AllEditTriggers, None)  # type: ignore[call-overload]
        )

    def _selection_changed(self, *_args: object) -> None:
        if not self._restoring:
            self.codesSelected.emit(self.selected_code_ids())

    # -- context menu ------------------------------------------------------------------------
    def context_menu(self, code_id: int | None) -> QMenu:
        """The menu for a code (or for the empty area with ``None``); its actions emit signals."""
        menu = QMenu(self)
        model = self.codebook()
        on_code = code_id is not None

        def add(text: str, name: str, signal: SignalInstance, value: int | None) -> QAction:
            action = menu.addAction(text)
            action.setObjectName(name)
            action.setEnabled(value is not None or name == "new-code")
            action.triggered.connect(lambda: signal.emit(value))
            return action

        add("New code", "new-code", self.newCodeRequested, None)
        add("New sub-code", "new-sub-code", self.newCodeRequested, code_id)
        menu.addSeparator()
        add("Rename", "rename", self.renameRequested, code_id).setShortcut("F2")
        add("Recolour…", "recolour", self.recolourRequested, code_id)
        pins = menu.addMenu("Pin to key")
        pins.menuAction().setObjectName("pin-menu")
        pins.setEnabled(on_code)
        pinned = model.pinned if model is not None else {}
        holders = {key: cid for cid, key in pinned.items()}
        for key in range(1, 10):
            holder = holders.get(key)
            row = model.code_row(holder) if model is not None and holder is not None else None
            label = f"&{key}" + (
                f"   ({row.name})" if row is not None and holder != code_id else ""
            )
            action = pins.addAction(label)
            action.setObjectName(f"pin-{key}")
            action.setCheckable(True)
            action.setChecked(on_code and pinned.get(code_id) == key)  # type: ignore[arg-type]
            action.triggered.connect(lambda _=False, k=key: self.pinRequested.emit(code_id, k))
        pins.addSeparator()
        unpin = pins.addAction("Unpin")
        unpin.setObjectName("unpin")
        unpin.setEnabled(on_code and code_id in pinned)
        unpin.triggered.connect(lambda: self.pinRequested.emit(code_id, 0))
        menu.addSeparator()
        add("Delete", "delete", self.deleteRequested, code_id).setShortcut("Del")
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        code_id = index.data(CodeIdRole) if index.isValid() else None
        if code_id is not None and code_id not in self.selected_code_ids():
            self.select_code(code_id)
        menu = self.context_menu(code_id)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentIndex()
        if (
            event.key() == Qt.Key.Key_Delete
            and current.isValid()
            and self.state() != self.State.EditingState
        ):
            self.deleteRequested.emit(current.data(CodeIdRole))
            event.accept()
            return
        super().keyPressEvent(event)

    # -- drag and drop -----------------------------------------------------------------------
    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        """Drag the selected codes; never remove rows afterwards (the owner refreshes)."""
        model = self.codebook()
        indexes = [i for i in self.selectedIndexes() if i.column() == NAME]
        if model is None or not indexes:
            return
        drag = QDrag(self)
        drag.setMimeData(model.mimeData(indexes))
        drag.exec(Qt.DropAction.MoveAction, Qt.DropAction.MoveAction)

    def _set_drop_mode(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> None:
        # A text span is always dropped *onto* a code; codes may also go between rows.
        mime = event.mimeData()
        is_span = mime.hasFormat(SPAN_MIME) and not mime.hasFormat(CODE_MIME)
        self.setDragDropOverwriteMode(is_span)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._set_drop_mode(event)
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._set_drop_mode(event)
        super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_drop_mode(event)
        try:
            super().dropEvent(event)
        finally:
            self.setDragDropOverwriteMode(False)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        super().dragLeaveEvent(event)
        self.setDragDropOverwriteMode(False)
