"""The Frameworks panel: choose a strategy framework, see its items, link themes to them.

Frameworks (a council's drugs strategy: priorities with commitments beneath) used to be added and
linked from the command line only, while the window showed just the Strategy mapping grid. This
panel does the rest a team lead needs in the window: add or remove a framework, read its items
with how many themes serve each, link a theme primarily or secondarily with a rationale, and see
which themes are not mapped yet. The grid stays the place for the whole picture at once; this
panel is for one item and its reasons.

Like the other panels it holds no project and changes nothing: every action is a signal, the
controller (:mod:`qualcode.ui.themes.frameworks_controller`) runs the undoable service and feeds
the panel again through :meth:`FrameworksPanel.set_data`, which keeps the chosen framework, item,
link and theme. The three lists are in :mod:`qualcode.ui.themes.framework_lists`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from qualcode.ui.themes.framework_lists import (
    FrameworkData,
    ItemTree,
    LinkTable,
    UnlinkedList,
)

STRENGTHS = ("primary", "secondary")
# a combo sized by a few characters, not by its longest entry (framework and theme names are long)
_NARROW = QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon


def _shortcut(widget: QWidget, keys: QKeySequence.StandardKey | str, slot: object) -> QAction:
    """A key that acts only while ``widget`` has focus (F2 in the item tree, Delete on a link)."""
    action = QAction(widget)
    action.setShortcut(QKeySequence(keys))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(slot)
    widget.addAction(action)
    return action


class FrameworksPanel(QWidget):
    frameworkChosen = Signal(int)  # framework id
    addBundledRequested = Signal()
    addFileRequested = Signal()
    removeRequested = Signal(int)  # framework id
    retitleRequested = Signal(int)  # item id
    linkRequested = Signal(int, int, str, str)  # theme id, item id, strength, rationale
    strengthRequested = Signal(int, int, str)  # theme id, item id, strength
    rationaleRequested = Signal(int, int)  # theme id, item id
    unlinkRequested = Signal(int, int)  # theme id, item id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = FrameworkData()
        self.framework = QComboBox(self)
        self.framework.setSizeAdjustPolicy(_NARROW)
        self.framework.setMinimumContentsLength(24)
        self.framework.setToolTip("The strategy framework shown below")
        self.framework.activated.connect(self._framework_activated)
        self.add_button = QPushButton("Add framework", self)
        menu = QMenu(self.add_button)
        self.add_bundled_action = menu.addAction("Add bundled framework…")
        self.add_bundled_action.triggered.connect(self.addBundledRequested)
        self.add_file_action = menu.addAction("Add from file (CSV or XLSX)…")
        self.add_file_action.triggered.connect(self.addFileRequested)
        self.add_button.setMenu(menu)
        self.remove_button = QPushButton("Remove framework…", self)
        self.remove_button.clicked.connect(self._remove)
        self.retitle_button = QPushButton("Retitle item…", self)
        self.retitle_button.setToolTip("Change the selected item's title (F2); its id stays")
        self.retitle_button.clicked.connect(self._retitle)
        self.summary = QLabel(self)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.items = ItemTree(self)
        self.items.currentItemChanged.connect(lambda *_: self._item_changed())
        _shortcut(self.items, "F2", self._retitle)
        self.links = LinkTable(self)
        self.links.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.links.itemActivated.connect(lambda *_: self._rationale())
        _shortcut(self.links, QKeySequence.StandardKey.Delete, self._unlink)
        _shortcut(self.links, "F2", self._rationale)
        self.unlinked = UnlinkedList(self)
        self.unlinked.itemActivated.connect(lambda *_: self._start_linking())

        self.link_title = QLabel(self)
        self.link_title.setWordWrap(False)
        self.link_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.primary_button = QPushButton("Make primary", self)
        self.primary_button.clicked.connect(lambda: self._strength("primary"))
        self.secondary_button = QPushButton("Make secondary", self)
        self.secondary_button.clicked.connect(lambda: self._strength("secondary"))
        self.rationale_button = QPushButton("Rationale…", self)
        self.rationale_button.setToolTip("Edit why the theme serves this item (F2)")
        self.rationale_button.clicked.connect(self._rationale)
        self.unlink_button = QPushButton("Unlink", self)
        self.unlink_button.setToolTip("Remove the selected link (Delete)")
        self.unlink_button.clicked.connect(self._unlink)
        self.theme = QComboBox(self)
        self.theme.setSizeAdjustPolicy(_NARROW)
        self.theme.setMinimumContentsLength(16)
        self.theme.setToolTip("The theme to link to the selected item")
        self.theme.currentIndexChanged.connect(lambda _i: self._update_buttons())
        self.strength = QComboBox(self)
        self.strength.addItems([s.capitalize() for s in STRENGTHS])
        self.rationale = QLineEdit(self)
        self.rationale.setPlaceholderText("Rationale (why the theme serves the item)")
        self.rationale.returnPressed.connect(self._link)
        self.link_button = QPushButton("Link", self)
        self.link_button.clicked.connect(self._link)
        self._layout()
        self._update_buttons()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Framework:", self))
        top.addWidget(self.framework, 1)
        for widget in (self.add_button, self.remove_button, self.retitle_button):
            top.addWidget(widget)
        top.addWidget(self.summary, 1)

        middle = QWidget(self)
        grid = QGridLayout(middle)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.link_title, 0, 0, 1, 2)
        grid.addWidget(self.links, 1, 0)
        buttons = QVBoxLayout()
        for button in (
            self.primary_button,
            self.secondary_button,
            self.rationale_button,
            self.unlink_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 1, 1)
        form = QHBoxLayout()
        form.addWidget(self.theme, 1)
        form.addWidget(QLabel("as", self))
        form.addWidget(self.strength)
        form.addWidget(self.rationale, 3)
        form.addWidget(self.link_button)
        grid.addLayout(form, 2, 0, 1, 2)
        grid.setRowStretch(1, 1)

        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.unlinked.title)
        column.addWidget(self.unlinked)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.items)
        splitter.addWidget(middle)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 5)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([400, 540, 240])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.retitle_button, self.items)
        self.setTabOrder(self.items, self.links)
        self.setTabOrder(self.links, self.primary_button)
        self.setTabOrder(self.unlink_button, self.theme)
        self.setTabOrder(self.theme, self.strength)
        self.setTabOrder(self.strength, self.rationale)
        self.setTabOrder(self.rationale, self.link_button)
        self.setTabOrder(self.link_button, self.unlinked)

    # -- what the panel shows ----------------------------------------------------------------
    def set_data(self, data: FrameworkData) -> None:
        """Show the project as it now is; the chosen item, link and theme stay chosen."""
        self.data = data
        self.framework.blockSignals(True)
        self.framework.clear()
        for fid, name in data.frameworks:
            self.framework.addItem(name, fid)
        index = self.framework.findData(data.framework_id)
        self.framework.setCurrentIndex(index)
        self.framework.blockSignals(False)
        theme = self.chosen_theme()
        self.theme.blockSignals(True)
        self.theme.clear()
        for tid, name, depth in data.themes:
            self.theme.addItem("    " * depth + name, tid)
            self.theme.setItemData(self.theme.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        self.theme.setCurrentIndex(max(0, self.theme.findData(theme)))
        self.theme.blockSignals(False)
        self.items.set_data(data)
        self.unlinked.set_data(data)
        self.summary.setText(data.summary)
        self._item_changed()

    def current_framework(self) -> int | None:
        value = self.framework.currentData()
        return value if isinstance(value, int) else None

    def chosen_theme(self) -> int | None:
        value = self.theme.currentData()
        return value if isinstance(value, int) else None

    def choose_theme(self, theme_id: int) -> None:
        index = self.theme.findData(theme_id)
        if index >= 0:
            self.theme.setCurrentIndex(index)

    def _item_changed(self) -> None:
        item = self.items.current_item()
        if item is None:
            self.link_title.setText("Choose an item on the left to see and make its links.")
            self.links.set_links(self.data, None)
        else:
            count = len(self.data.links_of(item.id))
            what = "No theme" if not count else "1 theme" if count == 1 else f"{count} themes"
            self.link_title.setText(f"{what} linked to {item.heading}")
            self.link_title.setToolTip(item.heading)
            self.links.set_links(self.data, item.id)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_framework = self.current_framework() is not None
        item = self.items.current_item()
        link = self.links.current_link()
        self.remove_button.setEnabled(has_framework)
        self.retitle_button.setEnabled(item is not None and not item.cross_cutting)
        for button, strength in ((self.primary_button, "primary"),
                                 (self.secondary_button, "secondary")):  # fmt: skip
            button.setEnabled(
                link is not None and link.strength != strength and not link.cross_cutting
            )
        self.rationale_button.setEnabled(link is not None)
        self.unlink_button.setEnabled(link is not None)
        can_link = item is not None and self.chosen_theme() is not None
        for widget in (self.link_button, self.rationale):
            widget.setEnabled(can_link)
        self.strength.setEnabled(can_link and item is not None and not item.cross_cutting)

    # -- requests ----------------------------------------------------------------------------
    def _framework_activated(self, _index: int) -> None:
        fid = self.current_framework()
        if fid is not None and fid != self.data.framework_id:
            self.frameworkChosen.emit(fid)

    def _remove(self) -> None:
        fid = self.current_framework()
        if fid is not None:
            self.removeRequested.emit(fid)

    def _retitle(self) -> None:
        item = self.items.current_item()
        if item is not None and not item.cross_cutting:
            self.retitleRequested.emit(item.id)

    def _link(self) -> None:
        item, theme = self.items.current_item(), self.chosen_theme()
        if item is None or theme is None:
            return
        strength = STRENGTHS[self.strength.currentIndex()]
        self.linkRequested.emit(theme, item.id, strength, self.rationale.text().strip())
        self.rationale.clear()

    def _strength(self, strength: str) -> None:
        link = self.links.current_link()
        if link is not None and link.strength != strength and not link.cross_cutting:
            self.strengthRequested.emit(link.theme_id, link.item_id, strength)

    def _rationale(self) -> None:
        link = self.links.current_link()
        if link is not None:
            self.rationaleRequested.emit(link.theme_id, link.item_id)

    def _unlink(self) -> None:
        link = self.links.current_link()
        if link is not None:
            self.unlinkRequested.emit(link.theme_id, link.item_id)

    def _start_linking(self) -> None:
        """An unmapped theme was activated: make it the theme to link, then ask for the item."""
        theme = self.unlinked.current_theme()
        if theme is None:
            return
        self.choose_theme(theme)
        if self.items.current_item() is None:
            self.items.setFocus()
        else:
            self.rationale.setFocus()
