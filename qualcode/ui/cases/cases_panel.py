"""The Cases tab: every participant, respondent and organisation as a sheet of typed values.

Attribution labels, matrices by gender or age band and every "who said it" question rest on the
case attributes, so they need a place where a researcher can read them all at once and fix one
in a cell, as in NVivo's classification sheet. The panel lists, sorts, filters and edits; like
the other panels it holds no project and writes nothing: every action is a signal, the
controller (:mod:`qualcode.ui.cases.cases_controller`) runs the undoable service and feeds the
panel a fresh :class:`~qualcode.services.participants.case_table.CaseTable`.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.wording import plural
from qualcode.services.participants.case_table import CaseTable
from qualcode.ui.cases.case_delegate import CaseDelegate
from qualcode.ui.cases.case_model import CaseFilterProxy, CaseIdRole, CaseTableModel

EVERY_COLUMN = "in every column"


class CasesPanel(QWidget):
    addRequested = Signal()
    renameRequested = Signal(int)  # case id
    mergeRequested = Signal(list)  # case ids
    deleteRequested = Signal(list)  # case ids
    bulkSetRequested = Signal(list)  # case ids
    clearRequested = Signal(list, str)  # case ids, attribute name
    documentRequested = Signal(int)  # document id: read where the case speaks
    newAttributeRequested = Signal()
    importRequested = Signal()
    exportRequested = Signal()
    bandRequested = Signal()
    recodeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseTableModel(self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(CaseDelegate(self.model, self.view))
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        self.view.doubleClicked.connect(self._double_clicked)

        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = self._tool("Add case…", self.addRequested.emit, "A new case")
        self.rename_action = self._tool("Rename…", self._rename, "Rename the selected case")
        self.merge_action = self._tool(
            "Merge…",
            lambda: self.mergeRequested.emit(self.selected_ids()),
            "Merge the selected cases into one (they are the same person)",
        )
        self.delete_action = self._tool(
            "Delete…",
            lambda: self.deleteRequested.emit(self.selected_ids()),
            "Delete the selected cases (their turns stay, unattributed)",
        )
        self.toolbar.addSeparator()
        self.bulk_action = self._tool(
            "Set value…",
            lambda: self.bulkSetRequested.emit(self.selected_ids()),
            "Set one attribute's value on every selected case",
        )
        attributes = self._menu_button("Attributes", "Define, derive and recode attributes")
        self.attribute_action = self._item(
            attributes, "New attribute…", self.newAttributeRequested.emit
        )
        self.band_action = self._item(attributes, "Derive bands…", self.bandRequested.emit)
        self.recode_action = self._item(attributes, "Recode values…", self.recodeRequested.emit)
        sheet = self._menu_button("Sheet", "Participant sheets (CSV or XLSX)")
        self.import_action = self._item(sheet, "Import sheet…", self.importRequested.emit)
        self.export_action = self._item(sheet, "Export sheet…", self.exportRequested.emit)
        # a survey brings dozens of attributes: the researcher picks the columns to read
        self.hidden: set[str] = set()  # attribute names hidden from the sheet
        self.columns_menu = self._menu_button("Columns", "Show or hide attribute columns")
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.view.addAction(self.delete_action)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(lambda pos: self.context_menu().popup(
            self.view.viewport().mapToGlobal(pos)))  # fmt: skip

        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter cases…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.filter_column = QComboBox(self)
        self.filter_column.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.filter_column.setMinimumContentsLength(16)
        self.filter_column.setToolTip("Where the filter looks: every column or one attribute")
        self.filter_column.addItem(EVERY_COLUMN, -1)
        self.filter_column.activated.connect(lambda _i: self._filter())
        self.count = QLabel(self)
        self.message = QLabel(self)  # a refused edit, in the service's words
        self.message.setStyleSheet("color: #B00020;")
        self.message.setWordWrap(True)
        self.message.hide()
        top = QHBoxLayout()
        top.addWidget(self.filter, 2)
        top.addWidget(self.filter_column)
        top.addWidget(self.count, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.toolbar)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        self._update()

    def _tool(self, text: str, slot: object, tip: str) -> QAction:
        action = self.toolbar.addAction(text)
        action.setToolTip(tip)
        action.triggered.connect(lambda _=False: slot())  # type: ignore[operator]
        return action

    def context_menu(self) -> QMenu:
        """The right-click menu on the sheet: what can be done with the selected cases."""
        menu = QMenu(self.view)
        menu.addActions([self.rename_action, self.merge_action, self.bulk_action])
        column = self.view.currentIndex().column()
        columns = self.model.columns
        attr = columns[column].attribute if 0 <= column < len(columns) else None
        if attr is not None and attr.id not in self.model.derived:
            clear = menu.addAction(f"Clear {attr.name}")
            clear.setEnabled(bool(self.selected_ids()))
            clear.triggered.connect(
                lambda _=False, name=attr.name: self.clearRequested.emit(self.selected_ids(), name)
            )
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.addSeparator()
        menu.addAction(self.add_action)
        return menu

    def _menu_button(self, text: str, tip: str) -> QMenu:
        button = QToolButton(self.toolbar)
        button.setText(text)
        button.setToolTip(tip)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        button.setMenu(menu)
        self.toolbar.addWidget(button)
        return menu

    def _item(self, menu: QMenu, text: str, slot: object) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(lambda _=False: slot())  # type: ignore[operator]
        return action

    def _rename(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.renameRequested.emit(ids[0])

    # -- data -----------------------------------------------------------------------------------
    def set_table(self, table: CaseTable, derived: dict[int, str] | None = None) -> None:
        """Show ``table``, keeping the filter, the sort and (where the cases remain) the
        selection."""
        chosen = self.filter_column.currentText()
        rebuilt = self.model.set_table(table, derived)
        self.filter_column.clear()
        self.filter_column.addItem(EVERY_COLUMN, -1)
        for i, column in enumerate(self.model.columns):
            if column.kind != "facilitator":
                self.filter_column.addItem(f"in {column.title}", i)
        at = self.filter_column.findText(chosen)
        self.filter_column.setCurrentIndex(max(at, 0))
        self._filter()
        if rebuilt and self.model.columns:  # widths the user set stay while values change
            self.view.resizeColumnsToContents()
            for i in range(self.model.columnCount()):
                self.view.setColumnWidth(i, min(max(self.view.columnWidth(i), 70), 220))
            self._apply_hidden()

    def _apply_hidden(self) -> None:
        for i, column in enumerate(self.model.columns):
            attr = column.attribute
            self.view.setColumnHidden(i, attr is not None and attr.name in self.hidden)

    def _fill_columns_menu(self) -> None:
        menu = self.columns_menu
        menu.clear()
        show_all = menu.addAction("Show every column")
        show_all.triggered.connect(lambda _=False: self.set_hidden(set()))
        menu.addSeparator()
        for column in self.model.columns:
            if column.attribute is None:
                continue
            name = column.attribute.name
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(name not in self.hidden)
            action.toggled.connect(lambda on, n=name: self.show_column(n, on))

    def show_column(self, name: str, on: bool) -> None:
        """Show or hide one attribute's column (kept while the sheet refreshes)."""
        self.set_hidden(self.hidden - {name} if on else self.hidden | {name})

    def set_hidden(self, names: set[str]) -> None:
        self.hidden = set(names)
        self._apply_hidden()

    def _filter(self) -> None:
        column = self.filter_column.currentData()
        self.proxy.set_filter(self.filter.text(), int(column) if column is not None else -1)
        self._update()

    def selected_ids(self) -> list[int]:
        """The selected cases, top to bottom as shown."""
        rows = sorted(self.view.selectionModel().selectedRows(), key=lambda i: i.row())
        return [int(i.data(CaseIdRole)) for i in rows]

    def select_cases(self, ids: list[int]) -> None:
        selection = self.view.selectionModel()
        selection.clearSelection()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        for case_id in ids:
            row = self.model.row_of(case_id)
            if row >= 0:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                if index.isValid():
                    selection.select(index, flags)

    def _double_clicked(self, index: QModelIndex) -> None:
        """A double-click on "Speaks in" opens the first document the case speaks in."""
        source = self.proxy.mapToSource(index)
        if source.isValid() and self.model.columns[source.column()].kind == "documents":
            row = self.model.case_at(source.row())
            if row.document_ids:
                self.documentRequested.emit(row.document_ids[0])

    def say(self, message: str) -> None:
        """Show why an edit was refused (or clear it with "")."""
        self.message.setText(message)
        self.message.setVisible(bool(message))

    def _update(self) -> None:
        n = len(self.selected_ids()) if self.view.selectionModel() else 0
        self.rename_action.setEnabled(n == 1)
        self.merge_action.setEnabled(n >= 2)
        self.delete_action.setEnabled(n >= 1)
        self.bulk_action.setEnabled(n >= 1 and bool(self.model.table.attributes))
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        cases = plural(total, "case")
        text = cases if shown == total else f"{shown:,} of {cases} shown"
        if n > 1:
            text += f" · {n:,} selected"
        self.count.setText(text)
