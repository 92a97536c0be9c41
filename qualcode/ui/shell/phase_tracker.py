"""Where the analysis is: the six phases with the current one's checklist, and the decision log.

Reflexive thematic analysis is recursive rather than linear, so the tracker lets the researcher
move to any phase at any time; it only makes the current phase and its checklist visible. The
decision log beside it shows the audit trail (structural changes written by the services) and the
researcher's own recorded decisions, which is what makes the evolution of themes traceable.
Both widgets emit signals; the owner stores the change and refreshes them. The six steps wrap
onto two or three rows in a narrow window (a single row set the window's minimum width to more
than a 1280-pixel screen), and the log's columns are sized from the font so they read at any scale.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from qualcode.ui.shell.fit import WrapRow, scrolling, text_width
from qualcode.ui.themes.theme_views import LogEntry, PhaseInfo

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
KindRole = int(Qt.ItemDataRole.UserRole) + 1
ItemIdRole = int(Qt.ItemDataRole.UserRole) + 2
STEP_STYLE = """
QToolButton { border: 1px solid #cbd5e1; border-radius: 4px; padding: 4px 8px;
              background: #f8fafc; color: #334155; }
QToolButton:hover { background: #e2e8f0; }
QToolButton:checked { background: #2563eb; border-color: #1d4ed8; color: white; font-weight: bold; }
"""


class PhaseTracker(QWidget):
    """Six phase steps (click one to move there) and the current phase's checklist."""

    phaseChanged = Signal(int)
    checklistToggled = Signal(str, bool)  # item id, ticked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.steps = QButtonGroup(self)
        self.steps.setExclusive(True)
        self.steps.idClicked.connect(self._step_clicked)
        self.step_row = WrapRow(spacing=4)
        self.heading = QLabel()
        self.progress = QLabel()
        self.progress.setStyleSheet("color: gray")
        self.checklist = QListWidget()
        self.checklist.itemChanged.connect(self._ticked)
        self._current = 0
        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addStretch(1)
        head.addWidget(self.progress)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.step_row)
        layout.addLayout(head)
        layout.addWidget(self.checklist)

    def set_phase(self, info: PhaseInfo, all_phases: list[tuple[int, str]]) -> None:
        """Show ``all_phases`` as steps with ``info.number`` current, and its checklist."""
        self._current = info.number
        if [(b.property("number"), b.toolTip()) for b in self.steps.buttons()] != all_phases:
            self._build_steps(all_phases)
        button = self.steps.button(info.number)
        if button is not None:
            button.setChecked(True)
        self.heading.setText(f"<b>Phase {info.number}: {info.name}</b>")
        self.checklist.blockSignals(True)
        self.checklist.clear()
        for item_id, text in info.checklist:
            item = QListWidgetItem(text)
            item.setData(ItemIdRole, item_id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = item_id in info.checked
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.checklist.addItem(item)
        self.checklist.blockSignals(False)
        self._count()

    def _build_steps(self, phases: list[tuple[int, str]]) -> None:
        for button in self.steps.buttons():
            self.steps.removeButton(button)
        buttons: list[QWidget] = []
        for number, name in phases:
            button = QToolButton()
            button.setText(f"{number}  {name}")
            button.setToolTip(name)
            button.setProperty("number", number)
            button.setCheckable(True)
            button.setStyleSheet(STEP_STYLE)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.steps.addButton(button, number)
            buttons.append(button)
        self.step_row.set_widgets(buttons)  # deletes the old buttons

    def _step_clicked(self, number: int) -> None:
        if number != self._current:
            self.phaseChanged.emit(number)

    def _ticked(self, item: QListWidgetItem) -> None:
        self._count()
        ticked = item.checkState() == Qt.CheckState.Checked
        self.checklistToggled.emit(str(item.data(ItemIdRole)), ticked)

    def _count(self) -> None:
        n = self.checklist.count()
        done = sum(self.checklist.item(i).checkState() == Qt.CheckState.Checked for i in range(n))
        self.progress.setText(f"{done} of {n} done" if n else "")


# -- the decision log ---------------------------------------------------------------------------
LOG_HEADERS = ("Time", "Author", "Kind", "Summary")
KIND_LABELS = {"change": "● Change", "decision": "◆ Decision"}
KIND_COLOURS = {"change": QColor("#64748b"), "decision": QColor("#1d4ed8")}


def short_time(at: str) -> str:
    """``2024-05-01T10:22:33.123+00:00`` -> ``2024-05-01 10:22`` (other text is left alone)."""
    if len(at) >= 16 and at[4] == "-" and at[10] in "T ":
        return f"{at[:10]} {at[11:16]}"
    return at


class LogModel(QAbstractTableModel):
    """The log entries as a table; the kind is also under :data:`KindRole` for filtering."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[LogEntry] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_entries(self, entries: list[LogEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(LOG_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return LOG_HEADERS[section] if 0 <= section < len(LOG_HEADERS) else None
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        e, column = self.entries[index.row()], index.column()
        if role == _DISPLAY:
            kind = KIND_LABELS.get(e.kind, e.kind)
            return (short_time(e.at), e.author, kind, e.summary)[column]
        if role == KindRole:
            return e.kind
        if role == Qt.ItemDataRole.ToolTipRole:
            return e.at if column == 0 else e.summary if column == 3 else None
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return KIND_COLOURS.get(e.kind)
        if role == Qt.ItemDataRole.FontRole and e.kind == "decision" and column == 2:
            return self._bold
        return None


class DecisionLog(QWidget):
    """The audit trail and recorded decisions, filterable; new decisions are typed inline."""

    decisionAdded = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LogModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(KindRole)
        self.proxy.setFilterKeyColumn(2)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(text_width(self.table, "Time"))
        bold = QFont(self.table.font())
        bold.setBold(True)
        kind_width = max(QFontMetrics(bold).horizontalAdvance(k) for k in KIND_LABELS.values())
        for column, width in enumerate(
            (
                text_width(self.table, "2024-05-01 10:22"),
                text_width(self.table, "researcher"),
                kind_width + 18,
            )
        ):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.filter = QComboBox()
        for label, kind in (("All entries", ""), ("Changes", "change"), ("Decisions", "decision")):
            self.filter.addItem(label, kind)
        self.filter.currentIndexChanged.connect(self._filter)
        self.count = QLabel()
        self.count.setStyleSheet("color: gray")
        self.text = QLineEdit()
        self.text.setPlaceholderText("Record a decision and the reason for it…")
        self.text.returnPressed.connect(self._add)
        self.add = QPushButton("Add decision")
        self.add.clicked.connect(self._add)
        top = QHBoxLayout()
        top.addWidget(QLabel("Show"))
        top.addWidget(self.filter)
        top.addStretch(1)
        top.addWidget(self.count)
        bottom = QHBoxLayout()
        bottom.addWidget(self.text, 1)
        bottom.addWidget(self.add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addLayout(bottom)

    def set_entries(self, entries: list[LogEntry]) -> None:
        self.model.set_entries(entries)
        self._count()

    def set_filter(self, kind: str) -> None:
        """Show ``""`` (all), ``"change"`` or ``"decision"`` entries."""
        self.filter.setCurrentIndex(max(self.filter.findData(kind), 0))

    def _filter(self) -> None:
        kind = str(self.filter.currentData() or "")
        self.proxy.setFilterRegularExpression(f"^{kind}$" if kind else "")
        self._count()

    def _count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total}" if shown != total else f"{total} entries")

    def _add(self) -> None:
        text = self.text.text().strip()
        if text:
            self.decisionAdded.emit(text)
            self.text.clear()


def phases_box(tracker: PhaseTracker, log: DecisionLog) -> QSplitter:
    """The Phases dock's content: the tracker (scrolling if the dock is short) beside the log."""
    box = QSplitter(Qt.Orientation.Horizontal)
    box.addWidget(scrolling(tracker))
    box.addWidget(log)
    box.setStretchFactor(0, 3)
    box.setStretchFactor(1, 2)
    box.setChildrenCollapsible(False)
    return box
