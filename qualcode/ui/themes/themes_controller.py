"""Phases 3 to 6 in the window: themes panel, thematic map, review, dataset review and phases.

Like :mod:`qualcode.ui.coding.controller`, this controller turns the widgets' requests into undoable
service calls (through the same undo stack) and adapts the services' rows to the widgets' plain
dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from qualcode.domain.errors import QualCodeError, ValidationError
from qualcode.services.coding.codings import remove_coding
from qualcode.services.frameworks import framework_links, frameworks
from qualcode.services.themes import phases, review, thematic_map, themes
from qualcode.services.themes.theme_counts import ThemeNode, theme_tree
from qualcode.services.undo.changes import Change, combine
from qualcode.storage.project import Project
from qualcode.ui.coding.quick_code import QuickCodeDialog
from qualcode.ui.shell.workers import Task
from qualcode.ui.themes import quote_editor
from qualcode.ui.themes.map_model import MapCode, MapData, MapTheme
from qualcode.ui.themes.review_dialog import ReviewDialog
from qualcode.ui.themes.thematic_map import MapComparison
from qualcode.ui.themes.theme_editor import ThemeEditorDialog
from qualcode.ui.themes.theme_recount import ThemeCounter
from qualcode.ui.themes.theme_views import (
    CoverageRow,
    LogEntry,
    Passage,
    PhaseInfo,
    ReviewGroup,
    ThemeRow,
)

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow


def to_map(data: thematic_map.MapData) -> MapData:
    return MapData(
        [
            MapTheme(
                t.id,
                t.name,
                t.parent_id,
                t.status,
                t.colour,
                t.is_miscellaneous,
                t.x if t.placed else None,
                t.y if t.placed else None,
            )
            for t in data.themes
        ],
        [
            MapCode(c.id, c.name, c.colour, c.x if c.placed else None, c.y if c.placed else None)
            for c in data.codes
        ],
        [(link.theme_id, link.code_id) for link in data.links],
    )


@dataclass(frozen=True)
class Choice:
    """A theme chosen in a picker; ``theme_id`` None means "top level"."""

    theme_id: int | None


class ThemesController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.review: ReviewDialog | None = None
        self.review_theme: int | None = None
        self.names: dict[int, str] = {}
        self.framework_id: int | None = None
        self.theme_rows: list[ThemeRow] = []
        self.dataset_stale = True
        self.map_stale = True
        self.counter = ThemeCounter(window, self._after_count)

    @property
    def count_task(self) -> Task | None:
        """The theme count running in the background, if any."""
        return self.counter.task

    def _after_count(self) -> None:
        """Counts came in after codings: what else shows coded extracts follows."""
        if self.review is not None and self.review_theme is not None:
            self._fill_review()
        if self.w.tabs.currentWidget() is self.w.dataset_review:
            self.refresh_dataset()
        else:
            self.dataset_stale = True

    @property
    def project(self) -> Project | None:
        return self.w.project

    def run(self, label: str, action: Callable[[Project], Change]) -> Change | None:
        return self.w.coding.run(label, action)

    # -- refresh ------------------------------------------------------------------------------
    def _rows(
        self, tree: list[ThemeNode], details: dict[int, themes.ThemeDetails], counted: bool
    ) -> list[ThemeRow]:
        rows: list[ThemeRow] = []

        def add(node: ThemeNode) -> None:
            d = details[node.id]
            scope = d.scope + (f"\n\nOut of scope: {d.scope_out}" if d.scope_out else "")
            rows.append(
                ThemeRow(
                    node.id,
                    node.name,
                    node.parent_id,
                    node.status,
                    d.colour,
                    node.is_miscellaneous,
                    d.definition,
                    d.central_concept,
                    scope,
                    d.narrative,
                    [(c.id, c.name) for c in node.codes],
                    node.extracts,
                    node.documents,
                    node.participants,
                    counted,
                )
            )
            for child in node.children:
                add(child)

        for root in tree:
            add(root)
        return rows

    def refresh(self) -> None:
        project = self.project
        if project is None:
            return
        details = themes.theme_details(project)
        rows = self._rows(theme_tree(project, counts=False), details, False)
        self.names = {r.id: r.name for r in rows}
        self.w.themes_panel.set_themes(rows)
        self.counter.full(project)
        if self.w.tabs.currentWidget() is self.w.map_view:
            self.refresh_map()
        else:
            self.map_stale = True  # drawn when its tab is shown: 1,000 codes take a while
        number = phases.current_phase(project)
        items = phases.checklist(project, number)
        self.w.phase_tracker.set_phase(
            PhaseInfo(
                number,
                phases.phase(number).name,
                [(i.key, i.text) for i in items],
                {i.key for i in items if i.checked},
            ),
            [(p.number, p.name) for p in phases.PHASES],
        )
        self.w.decision_log.set_entries(
            [
                LogEntry(str(e.at), e.author or "", e.kind, e.summary)
                for e in phases.decision_log(project)
            ]
        )
        if self.w.tabs.currentWidget() is self.w.dataset_review:
            self.refresh_dataset()  # reads every text: only when the tab is in view
        else:
            self.dataset_stale = True
        self.refresh_mapping(rows)
        if self.review is not None and self.review_theme is not None:
            self._fill_review()

    def refresh_mapping(self, rows: list[ThemeRow]) -> None:
        """The theme × framework-item link editor, on the framework chosen in the Frameworks
        panel (the project's first until one is chosen)."""
        project = self.project
        if project is None:
            return
        self.theme_rows = rows
        known = frameworks.list_frameworks(project)
        if not known:
            self.framework_id = None
            self.w.matrix_editor.set_data([], [], {})
            return
        if self.framework_id not in {f.id for f in known}:  # the Frameworks panel's choice
            self.framework_id = known[0].id
        shown = self.framework_id
        items = [
            (i.id, i.ref, i.label, i.parent_id) for i in frameworks.framework_items(project, shown)
        ]
        depth: dict[int, int] = {}
        for r in rows:
            depth[r.id] = 0 if r.parent_id is None else depth.get(r.parent_id, 0) + 1
        links = {
            (link.theme_id, link.item_id): (link.strength, link.rationale)
            for link in framework_links.theme_links(project, shown)
        }
        self.w.matrix_editor.set_data([(r.id, r.name, depth[r.id]) for r in rows], items, links)

    def show_framework(self, framework_id: int) -> None:
        """Show another of the project's frameworks in the grid (chosen in the Frameworks panel)."""
        self.framework_id = framework_id
        self.refresh_mapping(self.theme_rows)

    def cycle_link(self, theme_id: int, item_id: int) -> None:
        self.run("Change link", lambda p: framework_links.cycle_link(p, theme_id, item_id))

    def show_tab(self, _index: int) -> None:
        if self.dataset_stale and self.w.tabs.currentWidget() is self.w.dataset_review:
            self.refresh_dataset()
        if self.map_stale and self.w.tabs.currentWidget() is self.w.map_view:
            self.refresh_map()

    def refresh_map(self) -> None:
        project = self.project
        if project is not None:
            self.map_stale = False
            self.w.map_view.set_data(to_map(thematic_map.map_data(project)))

    def refresh_dataset(self) -> None:
        project = self.project
        if project is None:
            return
        self.dataset_stale = False
        widget = self.w.dataset_review
        cov = [
            CoverageRow(r.document_id, r.name, r.percent / 100, r.codings)
            for r in review.coverage(project)
        ]
        passages = [
            Passage(p.document_id, p.document_name, p.start, p.end, p.text)
            for p in review.uncoded_passages(project, widget.min_length.value())
        ]
        sparse = [
            CoverageRow(r.document_id, r.name, r.percent / 100, r.codings)
            for r in review.sparse_documents(project, widget.max_codings.value())
        ]
        widget.set_data(cov, passages, sparse)

    # -- themes ---------------------------------------------------------------------------------
    def _ask_name(self, title: str, text: str = "") -> str | None:
        name, ok = QInputDialog.getText(self.w, title, "Name:", text=text)
        return name.strip() if ok and name.strip() else None

    def new_theme(self, parent_id: object = None, at: tuple[float, float] | None = None) -> None:
        name = self._ask_name("New theme")
        if name is None:
            return
        parent = parent_id if isinstance(parent_id, int) else None

        def action(p: Project) -> Change:
            made = themes.create_theme(p, name, parent_id=parent)
            if at is None or made.entity_id is None:
                return made
            placed = thematic_map.set_position(p, "theme", made.entity_id, *at)
            return combine([made, placed], f"New theme '{name}'")

        self.run(f"New theme '{name}'", action)

    def link_codes(self, code_ids: list[int], theme_id: int) -> None:
        def action(p: Project) -> Change:
            return combine([themes.link_code(p, theme_id, c) for c in code_ids], "Link codes")

        if code_ids:
            self.run("Link codes to theme", action)

    def edit(self, theme_id: int) -> None:
        project = self.project
        if project is None:
            return
        d = themes.theme_details(project).get(theme_id)
        if d is None:
            return
        dialog = ThemeEditorDialog(
            ThemeRow(
                d.id,
                d.name,
                d.parent_id,
                d.status,
                d.colour,
                d.is_miscellaneous,
                d.definition,
                d.central_concept,
                d.scope,
                d.narrative,
            ),
            self.w,
        )

        def save(values: dict[str, str]) -> None:
            try:
                change = themes.update_theme(project, theme_id, **values)
            except ValidationError as exc:
                dialog.show_error(str(exc), list(exc.fields))
                return
            except QualCodeError as exc:
                dialog.show_error(str(exc), [])
                return
            from qualcode.ui.shell.commands import push

            push(
                self.w.coding.stack,
                project,
                change,
                f"Edit theme '{values['name']}'",
                self.w.notify,
            )
            dialog.accept()

        dialog.saveRequested.connect(save)
        dialog.exec()

    def _choose_theme(self, title: str, exclude: int, top_level: bool = False) -> Choice | None:
        """Ask for another theme; ``None`` when the user cancels."""
        top = "(top level)"
        options = ([top] if top_level else []) + [n for i, n in self.names.items() if i != exclude]
        choice, ok = QInputDialog.getItem(self.w, title, "Theme:", options, 0, False)
        if not ok:
            return None
        if top_level and choice == top:
            return Choice(None)
        found = next((i for i, n in self.names.items() if n == choice and i != exclude), None)
        return None if found is None else Choice(found)

    def merge(self, theme_id: int) -> None:
        chosen = self._choose_theme("Merge into", theme_id)
        if chosen is not None and chosen.theme_id is not None:
            target = chosen.theme_id
            self.run("Merge themes", lambda p: themes.merge_themes(p, theme_id, target))

    def demote(self, theme_id: int) -> None:
        chosen = self._choose_theme("Make sub-theme of", theme_id, top_level=True)
        if chosen is not None:
            parent = chosen.theme_id
            self.run("Move theme", lambda p: themes.demote_theme(p, theme_id, parent))

    def theme_on_theme(self, theme_id: int, target_id: int) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Theme onto theme",
            f"'{self.names.get(theme_id)}' onto '{self.names.get(target_id)}':",
            parent=self.w,
        )
        sub = box.addButton("Make it a sub-theme", QMessageBox.ButtonRole.AcceptRole)
        merge = box.addButton("Merge them", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is sub:
            self.run("Make sub-theme", lambda p: themes.demote_theme(p, theme_id, target_id))
        elif box.clickedButton() is merge:
            self.run("Merge themes", lambda p: themes.merge_themes(p, theme_id, target_id))

    def map_action(self, theme_id: int, action: str) -> None:
        if action == "edit":
            self.edit(theme_id)
        elif action == "rename":
            name = self._ask_name("Rename theme", self.names.get(theme_id, ""))
            if name:
                self.run("Rename theme", lambda p: themes.update_theme(p, theme_id, name=name))
        elif action == "new-sub-theme":
            self.new_theme(theme_id)
        elif action == "discard":
            self.run("Discard theme", lambda p: themes.discard_theme(p, theme_id))
        elif action == "restore":
            self.run("Restore theme", lambda p: themes.restore_theme(p, theme_id))
        elif action == "make-top-level":
            self.run("Move theme", lambda p: themes.demote_theme(p, theme_id, None))

    def set_status(self, theme_id: int, status: str) -> None:
        self.run(f"Theme {status}", lambda p: themes.update_theme(p, theme_id, status=status))

    def moved(self, kind: str, ref_id: int, x: float, y: float) -> None:
        self.run("Move on map", lambda p: thematic_map.set_position(p, kind, ref_id, x, y))

    # -- map versions and export ----------------------------------------------------------------
    def save_version(self) -> None:
        name = self._ask_name("Save map version")
        if name:
            self.run(f"Save map version '{name}'", lambda p: thematic_map.save_version(p, name))

    def compare_version(self) -> MapComparison | None:
        project = self.project
        if project is None:
            return None
        versions = thematic_map.list_versions(project)
        if not versions:
            QMessageBox.information(self.w, "Map versions", "No saved versions yet.")
            return None
        labels = [f"{v.name} ({str(v.created_at)[:16]})" for v in versions]
        choice, ok = QInputDialog.getItem(self.w, "Compare with", "Version:", labels, 0, False)
        if not ok:
            return None
        version = versions[labels.index(choice)]
        view = MapComparison()
        view.setWindowTitle("Thematic map: a saved version beside the current one")
        view.set_maps(
            to_map(thematic_map.version_data(project, version.id)),
            choice,
            to_map(thematic_map.map_data(project)),
            "Current",
        )
        view.resize(1400, 800)
        view.show()
        self._comparison = view
        return view

    def export_map(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.w, "Export map", "thematic-map.png", "PNG image (*.png);;SVG drawing (*.svg)"
        )
        if name:
            path = Path(name)
            if self.map_stale:
                self.refresh_map()  # the map tab may never have been shown
            try:
                if path.suffix.lower() == ".svg":
                    self.w.map_view.export_svg(path)
                else:
                    self.w.map_view.export_png(path)
            except QualCodeError as exc:  # a full disk, a folder that went away
                QMessageBox.warning(self.w, "Export map", str(exc))
                return
            self.w.statusBar().showMessage(f"Map exported to {path}", 8_000)

    # -- review ---------------------------------------------------------------------------------
    def open_review(self, theme_id: int) -> ReviewDialog:
        dialog = ReviewDialog(theme_id, self.w)
        self.review, self.review_theme = dialog, theme_id
        dialog.moveRequested.connect(self._move)
        dialog.uncodeRequested.connect(
            lambda cid: self.run("Uncode extract", lambda p: remove_coding(p, cid))
        )
        dialog.keyToggled.connect(
            lambda cid, key: self.run("Key extract", lambda p: review.flag_key_extract(p, cid, key))
        )
        dialog.markReviewedRequested.connect(
            lambda tid: self.run("Theme reviewed", lambda p: review.mark_reviewed(p, tid))
        )
        dialog.editQuoteRequested.connect(lambda cid: quote_editor.edit_key_quote(self.w, cid))
        dialog.finished.connect(self._review_closed)
        self._fill_review()
        dialog.resize(1100, 700)
        dialog.show()
        return dialog

    def _review_closed(self) -> None:
        self.review, self.review_theme = None, None

    def _fill_review(self) -> None:
        project, dialog, theme = self.project, self.review, self.review_theme
        if project is None or dialog is None or theme is None:
            return
        groups = [
            ReviewGroup(g.code_id, g.code_name, g.extracts, set(g.key_coding_ids))
            for g in review.theme_extracts(project, theme)
        ]
        dialog.set_groups(self.names.get(theme, ""), groups)

    def _move(self, coding_id: int) -> None:
        dialog = QuickCodeDialog(self.w.codebook_model.paths(), self.w)
        if dialog.exec() and dialog.chosen_code_id is not None:
            target = dialog.chosen_code_id
            self.run("Move extract", lambda p: review.move_coding(p, coding_id, target))
