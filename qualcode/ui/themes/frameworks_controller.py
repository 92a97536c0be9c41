"""The Frameworks dock: installs the panel in the window and turns its requests into undoable
service calls.

Like :class:`~qualcode.ui.themes.themes_controller.ThemesController` it adapts the services' rows
to the panel's plain data and runs every change through the window's one command path (one
transaction, one step on the undo stack, one ``changed`` signal), so the Strategy mapping grid,
the themes panel and this panel all refresh from the same :class:`Changes`. Adding and removing a
framework are the exceptions in how refusals are shown: a broken file or a name clash gets a
message box naming the file and row, because the user is waiting on a dialog they just closed,
while a refused link goes to the status bar like every other refused action.

The window calls :func:`install` once (a line in ``MainWindow.__init__``), before its menus are
built, so the View menu lists the dock with the others.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QInputDialog, QMessageBox

from qualcode.domain.changes import Changes
from qualcode.domain.values import ThemeStatus
from qualcode.domain.wording import plural
from qualcode.services.frameworks import framework_links as links
from qualcode.services.frameworks import frameworks
from qualcode.services.frameworks.bundled import bundled_frameworks
from qualcode.services.frameworks.item_edits import retitle_item, set_rationale
from qualcode.services.themes.theme_counts import ThemeNode, theme_tree
from qualcode.services.undo.changes import Change, combine
from qualcode.storage.project import Project
from qualcode.ui.themes.framework_lists import NO_CROSS_ITEM, FrameworkData, ItemView, LinkView
from qualcode.ui.themes.frameworks_panel import FrameworksPanel

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow

# What the panel shows: a change to any other kind leaves it as it is.
KINDS = frozenset({"framework", "framework_item", "theme_item", "theme"})
FILE_FILTER = "Frameworks (*.csv *.xlsx);;All files (*)"
GO_KEY = "Ctrl+Shift+M"  # M for mapping


def install(window: MainWindow, beside: QDockWidget) -> FrameworksController:
    """Add the Frameworks dock as a tab beside ``beside`` and connect it to the window."""
    panel = FrameworksPanel()
    dock = QDockWidget("Frameworks", window)
    dock.setObjectName("dock-frameworks")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.tabifyDockWidget(beside, dock)
    controller = FrameworksController(window, panel, dock)
    go = QAction("Go to the Frameworks panel", window)
    go.setShortcut(QKeySequence(GO_KEY))
    go.triggered.connect(controller.focus_panel)
    window.addAction(go)  # a key for the whole window, like the View menu's toggle
    dock.setToolTip(f"Frameworks ({GO_KEY} shows it and puts the focus on it)")
    controller.go_action = go
    return controller


class FrameworksController(QObject):
    def __init__(self, window: MainWindow, panel: FrameworksPanel, dock: QDockWidget) -> None:
        super().__init__(window)
        self.w, self.panel, self.dock = window, panel, dock
        self.framework_id: int | None = None
        self.go_action: QAction | None = None
        window.changed.connect(self.on_changes)
        panel.frameworkChosen.connect(self.choose)
        panel.addBundledRequested.connect(self.add_bundled)
        panel.addFileRequested.connect(self.add_file)
        panel.removeRequested.connect(self.remove)
        panel.retitleRequested.connect(self.retitle)
        panel.linkRequested.connect(self.link)
        panel.strengthRequested.connect(self.set_strength)
        panel.rationaleRequested.connect(self.edit_rationale)
        panel.unlinkRequested.connect(self.unlink)

    @property
    def project(self) -> Project | None:
        return self.w.project

    # -- reading ------------------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if changes.touches(KINDS):
            self.refresh()

    def refresh(self) -> None:
        project = self.project
        if project is None:
            self.panel.set_data(FrameworkData())
            return
        known = frameworks.list_frameworks(project)
        if self.framework_id not in {f.id for f in known}:
            self.framework_id = known[0].id if known else None
        themes = _themes(theme_tree(project, counts=False))
        fid = self.framework_id
        info = next((f for f in known if f.id == fid), None)
        if fid is None or info is None:
            summary = "No framework yet: add a bundled one or one from a CSV or XLSX file."
            self.panel.set_data(FrameworkData(themes=[(i, n, d) for i, n, d, _s in themes],
                                              summary=summary))  # fmt: skip
            return
        rows = links.theme_links(project, fid)
        cross = next((r.item_id for r in rows if r.cross_cutting), NO_CROSS_ITEM)
        items = [ItemView(i.id, i.ref, i.label, i.parent_id)
                 for i in frameworks.framework_items(project, fid)]  # fmt: skip
        items.append(ItemView(cross, "*", "Cross-cutting", None, cross_cutting=True))
        views = [LinkView(r.theme_id, r.theme_name, r.item_id, r.strength, r.rationale,
                          r.cross_cutting) for r in rows]  # fmt: skip
        linked = {r.theme_id for r in rows}
        live = [(i, n, d) for i, n, d, status in themes if status != ThemeStatus.DISCARDED]
        priorities = plural(info.priorities, "priority", "priorities")
        summary = (
            f"{priorities}, {plural(info.items, 'item')} · "
            f"{plural(len(linked), 'theme')} linked"
            + (f" · file: {info.source}" if info.source else "")
        )
        data = FrameworkData(
            [(f.id, f.name) for f in known],
            fid,
            items,
            views,
            live,
            [(i, n) for i, n, _d in live if i not in linked],
            summary,
        )
        self.panel.set_data(data)

    def choose(self, framework_id: int) -> None:
        """Show another framework here and in the Strategy mapping grid."""
        self.framework_id = framework_id
        self.refresh()
        self.w.themes.show_framework(framework_id)

    def focus_panel(self) -> None:
        """Show the dock, bring its tab to the front and put the focus on the item tree."""
        self.dock.show()
        self.dock.raise_()
        target = self.panel.items if self.panel.items.topLevelItemCount() else self.panel.framework
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- running ------------------------------------------------------------------------------
    def _run(self, label: str, action: Callable[[Project], Change]) -> Change | None:
        """Like the window's ``run``, but a refusal is a message box (see the module doc)."""
        return self.w.coding.run(
            label, action, lambda reason: QMessageBox.warning(self.w, label, reason)
        )

    def _added(self, change: Change | None) -> None:
        if change is not None and change.entity_id is not None:
            self.choose(change.entity_id)

    # -- frameworks ---------------------------------------------------------------------------
    def add_bundled(self) -> None:
        project = self.project
        if project is None:
            return
        present = {f.name.casefold() for f in frameworks.list_frameworks(project)}
        choices = [(k, n) for k, n, _p in bundled_frameworks()
                   if n.casefold() not in present]  # fmt: skip
        if not choices:
            QMessageBox.information(
                self.w, "Add bundled framework", "Every bundled framework is in this project."
            )
            return
        names = [n for _k, n in choices]
        name, ok = QInputDialog.getItem(
            self.w, "Add bundled framework", "Framework:", names, 0, False
        )
        if ok and name in names:
            key = choices[names.index(name)][0]
            label = f"Add framework '{name}'"
            self._added(self._run(label, lambda p: frameworks.add_bundled_framework(p, key)))

    def add_file(self) -> None:
        if self.project is None:
            return
        chosen, _ = QFileDialog.getOpenFileName(
            self.w, "Add framework from a file", "", FILE_FILTER
        )
        if not chosen:
            return
        path = Path(chosen)
        default = " ".join(path.stem.replace("_", " ").replace("-", " ").split())
        name, ok = QInputDialog.getText(self.w, "Add framework", "Name:", text=default)
        if ok and name.strip():
            label = f"Add framework '{name.strip()}'"
            self._added(self._run(label, lambda p: frameworks.import_framework(p, path, name)))

    def remove(self, framework_id: int) -> None:
        project = self.project
        if project is None:
            return
        info = next((f for f in frameworks.list_frameworks(project) if f.id == framework_id), None)
        if info is None:
            return
        n = len(links.theme_links(project, framework_id))
        answer = QMessageBox.question(
            self.w,
            "Remove framework",
            f"Remove the framework '{info.name}' and its {plural(info.items, 'item')}?\n\n"
            f"{plural(n, 'theme link')} to it will go too. Edit › Undo puts everything back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run(
                f"Remove framework '{info.name}'",
                lambda p: frameworks.remove_framework(p, framework_id),
            )

    def retitle(self, item_id: int) -> None:
        item = next((i for i in self.panel.data.items if i.id == item_id), None)
        if item is None:
            return
        text, ok = QInputDialog.getText(
            self.w, "Retitle item", f"New title of {item.ref} (its id stays):", text=item.label
        )
        if ok and " ".join(text.split()) != item.label:
            self.w.coding.run(f"Retitle {item.ref}", lambda p: retitle_item(p, item_id, text))

    # -- links --------------------------------------------------------------------------------
    def _is_cross(self, item_id: int) -> bool:
        return any(i.id == item_id and i.cross_cutting for i in self.panel.data.items)

    def link(self, theme_id: int, item_id: int, strength: str, rationale: str) -> None:
        fid = self.framework_id
        if fid is None:
            return
        cross = self._is_cross(item_id)

        def action(p: Project) -> Change:
            if not cross:
                return links.link_theme(p, theme_id, item_id, strength, rationale)
            marked = links.set_cross_cutting(p, theme_id, fid)  # always a primary link
            if not rationale:
                return marked
            hidden = next(r.item_id for r in links.theme_links(p, fid) if r.cross_cutting)
            why = set_rationale(p, theme_id, hidden, rationale)
            return combine([marked, why], marked.summary)

        if self.w.coding.run("Link theme", action) is not None:
            self.panel.links.select_theme(theme_id)

    def set_strength(self, theme_id: int, item_id: int, strength: str) -> None:
        self.w.coding.run(
            f"Make link {strength}",
            lambda p: links.set_link_strength(p, theme_id, item_id, strength),
        )

    def edit_rationale(self, theme_id: int, item_id: int) -> None:
        link = next(
            (r for r in self.panel.data.links if (r.theme_id, r.item_id) == (theme_id, item_id)),
            None,
        )
        if link is None:
            return
        item = next((i for i in self.panel.data.items if i.id == item_id), None)
        where = item.heading if item is not None else "the item"
        text, ok = QInputDialog.getMultiLineText(
            self.w, "Rationale", f"Why '{link.theme_name}' serves {where}:", link.rationale
        )
        if ok and text.strip() != link.rationale:
            self.w.coding.run("Edit rationale", lambda p: set_rationale(p, theme_id, item_id, text))

    def unlink(self, theme_id: int, item_id: int) -> None:
        fid = self.framework_id
        if fid is not None and self._is_cross(item_id):
            self.w.coding.run(
                "Unlink theme", lambda p: links.set_cross_cutting(p, theme_id, fid, False)
            )
        else:
            self.w.coding.run("Unlink theme", lambda p: links.unlink_theme(p, theme_id, item_id))


def _themes(tree: list[ThemeNode]) -> list[tuple[int, str, int, str]]:
    """Every theme in tree order: (id, name, depth, status)."""
    return [(n.id, n.name, n.depth, n.status) for root in tree for n in root.walk()]
