"""The Recommendations dock: installs the panel and turns its requests into undoable services.

Every change runs through the window's one command path (``coding.run``: one transaction, one
step on the undo stack, one ``changed`` signal), so undo, redo and changes made elsewhere (a
theme renamed or deleted, a framework removed) reach the panel through the same
:class:`Changes`. The panel is refreshed only while it is shown; a hidden panel is marked stale
and read again when it is next shown.

The window calls :func:`install` once (a line in ``MainWindow.__init__``, after the menus), which
adds the dock beside the Frameworks panel, View › Recommendations and its shortcut.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

from qualcode.domain.changes import Changes
from qualcode.services.recommendations import edits, links
from qualcode.services.recommendations.register import recommendation_register, register_check
from qualcode.services.themes.theme_counts import ThemeNode, theme_tree
from qualcode.storage.project import Project
from qualcode.ui.recommendations.panel import PanelData, RecommendationsPanel
from qualcode.ui.shell.menus import menu_named

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow

GO_KEY = "Ctrl+Shift+R"  # R for recommendations (Ctrl+R reviews a theme)
# what the panel shows: a change to any other kind leaves it as it is
KINDS = frozenset({"recommendation", "recommendation_theme", "recommendation_extract", "theme",
                   "framework", "framework_item", "quote"})  # fmt: skip


def install(window: MainWindow) -> RecommendationsController:
    """Add the dock as a tab beside the Frameworks panel, and View › Recommendations."""
    panel = RecommendationsPanel()
    dock = QDockWidget("Recommendations", window)
    dock.setObjectName("dock-recommendations")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.tabifyDockWidget(window.frameworks.dock, dock)
    controller = RecommendationsController(window, panel, dock)
    show = QAction("&Recommendations", window)
    show.setShortcut(QKeySequence(GO_KEY))
    show.setStatusTip("The recommendation register: numbered under the strategy's priorities")
    show.triggered.connect(lambda _=False: controller.show())
    dock.setToolTip(f"Recommendations ({GO_KEY} shows it)")
    view = menu_named(window, "View")
    if view is not None:
        view.addAction(show)
    controller.show_action = show
    return controller


def _themes(nodes: list[ThemeNode], depth: int = 0) -> list[tuple[int, str, int]]:
    out: list[tuple[int, str, int]] = []
    for n in nodes:
        if n.status == "discarded":
            continue
        out.append((n.id, n.name, depth))
        out += _themes(n.children, depth + 1)
    return out


class RecommendationsController(QObject):
    def __init__(self, window: MainWindow, panel: RecommendationsPanel, dock: QDockWidget) -> None:
        super().__init__(window)
        self.w, self.panel, self.dock = window, panel, dock
        self.show_action: QAction | None = None
        self.stale = True
        window.changed.connect(self.on_changes)
        dock.visibilityChanged.connect(self._visible)
        panel.model.on_move = self.move
        panel.newRequested.connect(self.new)
        panel.deleteRequested.connect(self.delete)
        panel.saveRequested.connect(self.save)
        panel.themesRequested.connect(self.set_themes)
        panel.addExtractsRequested.connect(self.add_extracts)
        panel.removeExtractsRequested.connect(self.remove_extracts)
        panel.exportRequested.connect(lambda: self.w.export_menu.recommendations())

    @property
    def project(self) -> Project | None:
        return self.w.project

    # -- reading ------------------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        linked = {c for e in (self.panel.data.register.entries if self.panel.data.register
                              else []) for c in e.extract_ids}  # fmt: skip
        codings = changes.ids("coding")
        if changes.touches(KINDS) or (linked and (codings is None or codings & linked)):
            self.stale = True
            if self.dock.isVisible():
                self.refresh()

    def show(self) -> None:
        """Bring the dock to the front (a tab behind another, closed, or floating)."""
        self.dock.show()
        self.dock.raise_()
        if self.stale:
            self.refresh()
        self.panel.tree.setFocus()

    def _visible(self, shown: bool) -> None:
        if shown and self.stale:
            self.refresh()

    def refresh(self) -> None:
        project = self.project
        self.stale = False
        if project is None:
            self.panel.set_data(PanelData())
            return
        register = recommendation_register(
            project, with_quotes=True, include_empty=True, counts=False
        )
        check = register_check(project, register)
        self.panel.set_data(
            PanelData(register, _themes(theme_tree(project, counts=False)), check.without_theme,
                      [(t.id, t.name) for t in check.unused_themes])
        )  # fmt: skip

    # -- changes --------------------------------------------------------------------------------
    def _run(self, label: str, action: Any) -> int | None:
        change = self.w.coding.run(label, action)
        return None if change is None else change.entity_id

    def new(self) -> None:
        current = self.panel.entry(self.panel.current)
        item = current.item_id if current else self.panel.priority.itemData(0)
        if item is None and current is None and self.panel.priority.count() > 1:
            item = self.panel.priority.itemData(0)
        rec = self._run(
            "New recommendation",
            lambda p: edits.create_recommendation(p, "New recommendation", item_id=item),
        )
        if rec is not None:
            self.refresh()
            self.panel.select(rec)
            self.panel.title.setFocus()
            self.panel.title.selectAll()

    def delete(self, rec_id: int) -> None:
        self._run("Delete recommendation", lambda p: edits.delete_recommendation(p, rec_id))

    def save(self, rec_id: int, fields: dict[str, Any]) -> None:
        self._run("Edit recommendation", lambda p: edits.update_recommendation(p, rec_id, **fields))

    def move(self, rec_id: int, item_id: int | None, index: int | None) -> None:
        self._run("Move recommendation",
                  lambda p: edits.move_recommendation(p, rec_id, item_id, index))  # fmt: skip
        self.panel.select(rec_id)

    def set_themes(self, rec_id: int, theme_ids: list[int]) -> None:
        self._run("Themes of a recommendation",
                  lambda p: links.set_recommendation_themes(p, rec_id, theme_ids))  # fmt: skip

    def add_extracts(self, rec_id: int) -> None:
        pane = self.w.retrieval
        rows = sorted({i.row() for i in pane.table.selectionModel().selectedRows()})
        chosen = [pane.model.extracts[r].coding_id for r in rows if r < len(pane.model.extracts)]
        if not chosen:
            self.w.statusBar().showMessage(
                "Select extracts in the Retrieval pane first (choose a code in the Codebook).",
                8_000,
            )
            return
        self._run("Link extracts", lambda p: links.link_extracts(p, rec_id, chosen))

    def remove_extracts(self, rec_id: int, coding_ids: list[int]) -> None:
        self._run("Unlink extracts", lambda p: links.unlink_extracts(p, rec_id, coding_ids))
