"""The Recommendations panel: the register by priority, an editor for one, and the check.

Left, the register as a tree (drag a recommendation to reorder it or move it to another
priority; Alt+Up and Alt+Down do the same from the keyboard); middle, the fields of the chosen
recommendation, the themes it is based on (a checklist) and the extracts behind it; right, the
check: recommendations with no supporting theme and themes behind none, each one double-click
away. Like the other panels it holds no project: every change is a signal the controller
(:mod:`qualcode.ui.recommendations.controller`) runs as one undoable step, then feeds the panel
again through :meth:`RecommendationsPanel.set_data`, which keeps the chosen recommendation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.wording import plural
from qualcode.exporters.recommendations_model import STATUSES, Register, RegisterEntry
from qualcode.ui.recommendations.register_model import ID_ROLE, RegisterModel

_NARROW = QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon


@dataclass
class PanelData:
    register: Register | None = None
    themes: list[tuple[int, str, int]] = field(default_factory=list)  # id, name, depth
    without_theme: list[RegisterEntry] = field(default_factory=list)
    unused_themes: list[tuple[int, str]] = field(default_factory=list)


class RecommendationsPanel(QWidget):
    newRequested = Signal()
    deleteRequested = Signal(int)  # recommendation id
    saveRequested = Signal(int, dict)  # id, fields (title, text, owner, timescale, status, item_id)
    themesRequested = Signal(int, list)  # id, theme ids
    addExtractsRequested = Signal(int)  # id: from the Retrieval pane's selection
    removeExtractsRequested = Signal(int, list)  # id, coding ids
    exportRequested = Signal()
    themeActivated = Signal(int)  # theme id (from the check)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = PanelData()
        self.current: int | None = None
        self.model = RegisterModel()
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDropIndicatorShown(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.resizeSection(3, 85)
        for column in (1, 2):  # owner and timescale: in the editor, the tree is for the order
            self.tree.setColumnHidden(column, True)
        self.tree.selectionModel().currentRowChanged.connect(self._chosen)
        for keys, step in (("Alt+Up", -1), ("Alt+Down", 1)):
            action = QAction(self.tree)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _=False, s=step: self._move(s))
            self.tree.addAction(action)
        self.new_button = QPushButton("New")
        self.new_button.clicked.connect(self.newRequested)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self._delete)
        self.up_button = QPushButton("Up")
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button = QPushButton("Down")
        self.down_button.clicked.connect(lambda: self._move(1))
        self.export_button = QPushButton("Export…")
        self.export_button.clicked.connect(self.exportRequested)
        self.summary = QLabel("")
        buttons = QHBoxLayout()
        for b in (self.new_button, self.delete_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(buttons)
        lv.addWidget(self.tree, 1)
        lv.addWidget(self.summary)

        self.title = QLineEdit()
        self.title.setPlaceholderText("Short title")
        self.priority = QComboBox()
        self.priority.setSizeAdjustPolicy(_NARROW)
        self.priority.setMinimumContentsLength(20)
        self.owner = QLineEdit()
        self.owner.setPlaceholderText("Owner or partner")
        self.timescale = QLineEdit()
        self.timescale.setPlaceholderText("e.g. 6 months")
        self.timescale.setMinimumWidth(100)
        self.status = QComboBox()
        for key, label in STATUSES.items():
            self.status.addItem(label, key)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("What should be done, by whom, and why")
        self.save_button = QPushButton("Save")
        self.save_button.clicked.connect(self._save)
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Priority", self.priority)
        form.addRow("Owner", self.owner)
        when = QHBoxLayout()  # timescale, status and Save share a row: the dock is short
        when.addWidget(self.timescale, 1)
        when.addWidget(QLabel("Status"))
        when.addWidget(self.status)
        when.addWidget(self.save_button)
        form.addRow("Timescale", when)
        editor = QWidget()
        ev = QVBoxLayout(editor)
        ev.setContentsMargins(0, 0, 0, 0)
        ev.addLayout(form)
        ev.addWidget(self.text, 1)

        self.themes = QListWidget()
        self.themes.itemChanged.connect(self._theme_ticked)
        self.extracts = QListWidget()
        self.extracts.setWordWrap(True)
        self.extracts.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.add_extracts = QPushButton("Add selected from Retrieval")
        self.add_extracts.setToolTip("Link the extracts selected in the Retrieval pane")
        self.add_extracts.clicked.connect(self._add_extracts)
        self.remove_extracts = QPushButton("Remove")
        self.remove_extracts.clicked.connect(self._remove_extracts)
        extracts = QWidget()
        xv = QVBoxLayout(extracts)
        xv.setContentsMargins(0, 0, 0, 0)
        xv.addWidget(self.extracts, 1)
        xrow = QHBoxLayout()
        xrow.addWidget(self.add_extracts)
        xrow.addWidget(self.remove_extracts)
        xrow.addStretch(1)
        xv.addLayout(xrow)
        self.links = QTabWidget()
        self.links.addTab(self.themes, "Based on themes")
        self.links.addTab(extracts, "Extracts")

        self.check = QListWidget()
        self.check.setWordWrap(True)
        self.check.itemDoubleClicked.connect(self._check_activated)
        check = QWidget()
        cv = QVBoxLayout(check)
        cv.setContentsMargins(0, 0, 0, 0)
        self.check_label = QLabel("Check")
        cv.addWidget(self.check_label)
        cv.addWidget(self.check, 1)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        for widget in (left, editor, self.links, check):
            split.addWidget(widget)
        split.setSizes([430, 410, 240, 200])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)
        self._enable()

    # -- data in --------------------------------------------------------------------------------
    def set_data(self, data: PanelData) -> None:
        keep = self.current
        self.data = data
        self.model.set_register(data.register)
        for row in range(self.model.rowCount()):  # a priority's heading over every column
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        self.tree.expandAll()
        self.priority.blockSignals(True)
        self.priority.clear()
        for section in data.register.sections if data.register else []:
            self.priority.addItem(section.heading, section.item_id)
        self.priority.blockSignals(False)
        entries = data.register.entries if data.register else []
        self.summary.setText(
            f"{plural(len(entries), 'recommendation')}; drag one to move it (Alt+Up/Down)."
            if entries else "No recommendations yet: New adds one under a priority."
        )  # fmt: skip
        self._fill_check()
        self.current = None
        if keep is not None and self.model.index_of(keep).isValid():
            self.select(keep)
        else:
            self._show(None)

    def select(self, rec_id: int) -> None:
        index = self.model.index_of(rec_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self._show(rec_id)

    def entry(self, rec_id: int | None) -> RegisterEntry | None:
        register = self.data.register
        if register is None or rec_id is None:
            return None
        return next((e for e in register.entries if e.id == rec_id), None)

    def _fill_check(self) -> None:
        self.check.clear()
        for e in self.data.without_theme:
            item = QListWidgetItem(f"No supporting theme: {e.number}. {e.title}")
            item.setData(Qt.ItemDataRole.UserRole, ("recommendation", e.id))
            self.check.addItem(item)
        for tid, name in self.data.unused_themes:
            item = QListWidgetItem(f"Behind no recommendation: {name}")
            item.setData(Qt.ItemDataRole.UserRole, ("theme", tid))
            self.check.addItem(item)
        gaps = self.check.count()
        self.check_label.setText(
            f"Check: {plural(gaps, 'gap')}" if gaps else "Check: every link in place"
        )

    def _show(self, rec_id: int | None) -> None:
        self.current = rec_id
        e = self.entry(rec_id)
        self.title.setText(e.title if e else "")
        self.owner.setText(e.owner if e else "")
        self.timescale.setText(e.timescale if e else "")
        self.text.setPlainText(e.text if e else "")
        self.status.setCurrentIndex(max(0, self.status.findData(e.status if e else "proposed")))
        at = self.priority.findData(e.item_id) if e else -1
        self.priority.setCurrentIndex(max(0, at))
        self.themes.blockSignals(True)
        self.themes.clear()
        linked = {t.id for t in e.themes} if e else set()
        for tid, name, depth in self.data.themes:
            item = QListWidgetItem("    " * depth + name)
            item.setData(Qt.ItemDataRole.UserRole, tid)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if tid in linked else Qt.CheckState.Unchecked)
            self.themes.addItem(item)
        self.themes.blockSignals(False)
        self.extracts.clear()
        for cid, quote in zip(e.extract_ids, e.quotes, strict=False) if e else []:
            item = QListWidgetItem(f"“{quote.text}” {quote.attribution}".strip())
            item.setToolTip(quote.place)
            item.setData(Qt.ItemDataRole.UserRole, cid)
            self.extracts.addItem(item)
        self.links.setTabText(1, f"Extracts ({len(e.extract_ids)})" if e else "Extracts")
        self._enable()

    def _enable(self) -> None:
        on = self.current is not None
        for w in (self.title, self.priority, self.owner, self.timescale, self.status, self.text,
                  self.save_button, self.delete_button, self.up_button, self.down_button,
                  self.themes, self.extracts, self.add_extracts, self.remove_extracts):  # fmt: skip
            w.setEnabled(on)

    # -- user actions ---------------------------------------------------------------------------
    def _chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        rec = current.siblingAtColumn(0).data(ID_ROLE) if current.isValid() else None
        self._show(rec)

    def fields(self) -> dict[str, Any]:
        return {
            "title": self.title.text(),
            "text": self.text.toPlainText(),
            "owner": self.owner.text(),
            "timescale": self.timescale.text(),
            "status": self.status.currentData(),
            "item_id": self.priority.currentData(),
        }

    def _save(self) -> None:
        e = self.entry(self.current)
        if e is None:
            return
        now = {"title": e.title, "text": e.text, "owner": e.owner, "timescale": e.timescale,
               "status": e.status, "item_id": e.item_id}  # fmt: skip
        changed = {k: v for k, v in self.fields().items() if v != now[k]}
        if changed:
            self.saveRequested.emit(e.id, changed)

    def _delete(self) -> None:
        if self.current is not None:
            self.deleteRequested.emit(self.current)

    def _move(self, step: int) -> None:
        if self.current is not None:
            self.model.move_by(self.current, step)

    def _theme_ticked(self, _item: QListWidgetItem) -> None:
        if self.current is None:
            return
        ticked = [
            int(self.themes.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.themes.count())
            if self.themes.item(i).checkState() == Qt.CheckState.Checked
        ]
        self.themesRequested.emit(self.current, ticked)

    def _add_extracts(self) -> None:
        if self.current is not None:
            self.addExtractsRequested.emit(self.current)

    def _remove_extracts(self) -> None:
        chosen = [int(i.data(Qt.ItemDataRole.UserRole)) for i in self.extracts.selectedItems()]
        if self.current is not None and chosen:
            self.removeExtractsRequested.emit(self.current, chosen)

    def _check_activated(self, item: QListWidgetItem) -> None:
        kind, ident = item.data(Qt.ItemDataRole.UserRole)
        if kind == "recommendation":
            self.select(int(ident))
            self.links.setCurrentIndex(0)
        else:
            self.themeActivated.emit(int(ident))
