"""The coding workbench: documents, reader, codebook, retrieval and memos around one project.

The window lays out the panels and owns the project's lifecycle (new, open, recent, Save As,
import); coding actions live in :class:`~qualcode.ui.coding.controller.CodingController`.
It holds no SQL: it asks the services for rows and shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from qualcode.domain.changes import CASES, DOCUMENTS, Changes
from qualcode.domain.errors import ProjectLockedError, QualCodeError
from qualcode.domain.wording import plural
from qualcode.services.coding.overview import CodeRow, code_rows
from qualcode.services.coding.workbench import document_codings, document_view
from qualcode.services.project.settings import pinned_codes
from qualcode.services.themes import phases
from qualcode.services.themes import themes as themes_service
from qualcode.storage.project import SUFFIX, Project
from qualcode.ui.cases import cases_controller
from qualcode.ui.coding import document_actions
from qualcode.ui.coding.codebook_model import CodebookModel
from qualcode.ui.coding.codebook_view import CodebookView
from qualcode.ui.coding.controller import CodingController
from qualcode.ui.coding.documents_panel import DocumentsPanel
from qualcode.ui.coding.memo_panel import MemoPanel
from qualcode.ui.coding.reader import CodeStyle, ReaderView
from qualcode.ui.coding.retrieval_pane import RetrievalPane
from qualcode.ui.counts.counts_page import CountsPage
from qualcode.ui.recommendations import controller as recommendations_controller
from qualcode.ui.search.background_index import BackgroundIndexer
from qualcode.ui.search.search_panel import SearchPanel
from qualcode.ui.shell import project_tools, protect_menu, refi_menu, server_menu, workers
from qualcode.ui.shell.fit import available_size
from qualcode.ui.shell.import_dialog import ImportDialog
from qualcode.ui.shell.phase_tracker import DecisionLog, PhaseTracker, phases_box
from qualcode.ui.shell.window_state import has_saved_layout, restore_layout, save_layout
from qualcode.ui.survey.survey_page import SurveyPage
from qualcode.ui.team import team_menu
from qualcode.ui.themes import frameworks_controller
from qualcode.ui.themes.dataset_review import DatasetReviewWidget
from qualcode.ui.themes.matrix_editor import MatrixEditor
from qualcode.ui.themes.thematic_map import ThematicMapView
from qualcode.ui.themes.themes_controller import ThemesController
from qualcode.ui.themes.themes_panel import ThemesPanel

if TYPE_CHECKING:
    from qualcode.ui.counts.counts_tab import CountsTab

FILTER = f"QualCode projects (*{SUFFIX})"
MAX_RECENT = 8


def _recent(settings: QSettings) -> list[str]:
    """The remembered project paths, most recent first.

    An INI-backed QSettings gives a one-item list back as a plain string: that is one path, not
    a list of one-letter entries."""
    stored = settings.value("recent", [])
    if isinstance(stored, str):
        return [stored] if stored else []
    return [str(p) for p in stored if p] if isinstance(stored, list) else []


class MainWindow(QMainWindow):
    # what an action changed (a Changes value): the one signal every view refreshes from
    changed = Signal(object)
    DEFAULT_SIZE = QSize(1400, 860)  # until the user's own size is remembered

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        workers.favour_gui_thread()
        self.project: Project | None = None
        self.current_document_id: int | None = None
        self._code_rows: list[CodeRow] = []
        self._expanded = False
        self._sized = False
        self.setWindowTitle("QualCode")
        self.resize(self.DEFAULT_SIZE.boundedTo(available_size()))  # a 1280×720 screen too
        self.coding = CodingController(self)

        self.reader = ReaderView()
        self.map_view = ThematicMapView()
        self.dataset_review = DatasetReviewWidget()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.reader, "Document")
        self.tabs.addTab(self.map_view, "Thematic map")
        self.tabs.addTab(self.dataset_review, "Dataset review")
        self.matrix_editor = MatrixEditor()
        self.tabs.addTab(self.matrix_editor, "Strategy mapping")
        self.counts_page = CountsPage()  # the tab itself is built when first shown
        self.tabs.addTab(self.counts_page, "Counts && charts")
        self.survey_page = SurveyPage()  # built when first shown, like the counts
        self.tabs.addTab(self.survey_page, "Sample && survey")
        self.setCentralWidget(self.tabs)
        self.themes_panel = ThemesPanel()
        self.phase_tracker = PhaseTracker()
        self.decision_log = DecisionLog()
        phases = phases_box(self.phase_tracker, self.decision_log)
        self.themes = ThemesController(self)
        self._theme_timer = QTimer(self)
        self._theme_timer.setSingleShot(True)
        self._theme_timer.setInterval(400)
        self._theme_timer.timeout.connect(self.themes.counter.recount)
        self.documents = DocumentsPanel()
        self.codebook_model = CodebookModel()
        self.codebook = CodebookView()
        self.codebook.setModel(self.codebook_model)
        self.retrieval = RetrievalPane()
        self.search = SearchPanel()
        self.memos = MemoPanel()
        area = Qt.DockWidgetArea
        self._dock("Documents", self.documents, area.LeftDockWidgetArea)
        self._dock("Codebook", self.codebook, area.RightDockWidgetArea)
        self._dock("Themes", self.themes_panel, area.RightDockWidgetArea)
        retrieval_dock = self._dock("Retrieval", self.retrieval, area.BottomDockWidgetArea)
        search_dock = self._dock("Search", self.search, area.BottomDockWidgetArea)
        memos_dock = self._dock("Memos", self.memos, area.BottomDockWidgetArea)
        phases_dock = self._dock("Phases", phases, area.BottomDockWidgetArea)
        # One tab group only: with two, Qt 6.11 leaves a stale copy of a group's tab bar on
        # screen (over the status bar or a panel); the right column is stacked instead.
        self.tabifyDockWidget(retrieval_dock, search_dock)
        self.tabifyDockWidget(search_dock, memos_dock)
        self.tabifyDockWidget(memos_dock, phases_dock)
        self.frameworks = frameworks_controller.install(self, phases_dock)  # a tab after Phases
        self._connect()

        self.status = QLabel("No project open")
        self.statusBar().addPermanentWidget(self.status)
        self._build_menus()
        self.document_actions = document_actions.install(self)  # Document menu, panel menu
        self.project_tools = project_tools.install(self)  # Check Project…, Quote Attribution…
        self.protect = protect_menu.install(self)  # Protect menu, Redact on the reader's menu
        self.cases = cases_controller.install(self)  # Cases tab and menu, View › Cases
        self.team = team_menu.install(self)  # Code › Coders ▸, agreement, File › Merge Project…
        self.server = server_menu.install(self)  # File › Connect to Team Project…, change poll
        self.recommendations = recommendations_controller.install(self)  # dock, View menu
        retrieval_dock.raise_()  # a new user's bottom panel: what they code shows up there
        restore_layout(self)  # size, position and docks as the user left them

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized and not has_saved_layout():
            docks = {d.objectName(): d for d in self.findChildren(QDockWidget)}
            # side docks and the bottom group in proportion on a small screen, so the centre
            # keeps room for the reader and the review tables
            width, height = self.width(), self.height()
            self.resizeDocks(
                [docks["dock-documents"], docks["dock-codebook"]],
                [min(300, width // 5), min(380, width // 4)],
                Qt.Orientation.Horizontal,
            )
            self.resizeDocks(
                [docks["dock-retrieval"]], [min(260, height * 3 // 10)], Qt.Orientation.Vertical
            )
            self.resizeDocks(
                [docks["dock-codebook"], docks["dock-themes"]], [330, 300], Qt.Orientation.Vertical
            )
        self._sized = True

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        self.changed.connect(self._on_changes)
        c = self.coding
        self.documents.documentChosen.connect(self.show_document)
        self.reader.removeCodingRequested.connect(c.remove_coding)
        self.retrieval.removeRequested.connect(c.remove_coding)
        self.retrieval.jumpRequested.connect(self.jump_to)
        self.search.jumpRequested.connect(self.jump_to)
        self.indexer = BackgroundIndexer(self)  # the search index, prepared when things are quiet
        self.search.indexer = self.indexer
        self.search.run_change = c.run
        self.search.code_paths = self.codebook_model.paths
        self.search.current_code = self.codebook.current_code_id
        model = self.codebook_model
        model.on_rename = c.rename
        model.on_move = c.move
        model.on_merge = c.merge_later
        model.on_code_span = c.code_span
        view = self.codebook
        view.newCodeRequested.connect(c.new_code)
        view.renameRequested.connect(c.ask_rename)
        view.recolourRequested.connect(c.recolour)
        view.pinRequested.connect(c.pin)
        view.deleteRequested.connect(c.delete)
        view.codesSelected.connect(self._codes_selected)
        view.codesSelected.connect(self.counts_page.set_selected_codes)
        t = self.themes
        panel = self.themes_panel
        panel.codesDroppedOnTheme.connect(t.link_codes)
        panel.newThemeRequested.connect(t.new_theme)
        panel.editRequested.connect(t.edit)
        panel.mergeRequested.connect(t.merge)
        panel.demoteRequested.connect(t.demote)
        panel.discardRequested.connect(lambda i: t.map_action(i, "discard"))
        panel.restoreRequested.connect(lambda i: t.map_action(i, "restore"))
        panel.reviewRequested.connect(t.open_review)
        panel.unlinkRequested.connect(
            lambda th, co: c.run("Unlink code", lambda p: themes_service.unlink_code(p, th, co))
        )
        panel.codeSelected.connect(self.codebook.select_code)
        mv = self.map_view
        mv.nodeMoved.connect(t.moved)
        mv.codeDroppedOnTheme.connect(lambda code, theme: t.link_codes([code], theme))
        mv.themeDroppedOnTheme.connect(t.theme_on_theme)
        mv.linkRemoveRequested.connect(
            lambda th, co: c.run("Unlink code", lambda p: themes_service.unlink_code(p, th, co))
        )
        mv.themeActionRequested.connect(t.map_action)
        mv.themeStatusRequested.connect(t.set_status)
        mv.newThemeRequested.connect(lambda x, y: t.new_theme(None, (x, y)))
        mv.codeActivated.connect(self.codebook.select_code)
        self.matrix_editor.cycleRequested.connect(t.cycle_link)
        self.tabs.currentChanged.connect(t.show_tab)
        dr = self.dataset_review
        dr.minLengthChanged.connect(lambda _n: t.refresh_dataset())
        dr.maxCodingsChanged.connect(lambda _n: t.refresh_dataset())
        dr.passageActivated.connect(self.jump_to)
        dr.documentActivated.connect(lambda d: self.jump_to(d, 0, 0))
        self.phase_tracker.phaseChanged.connect(
            lambda n: c.run(f"Phase {n}", lambda p: phases.set_phase(p, n))
        )
        self.phase_tracker.checklistToggled.connect(
            lambda key, on: c.run("Checklist", lambda p: phases.set_checked(p, key, on))
        )
        self.decision_log.decisionAdded.connect(
            lambda text: c.run("Add decision", lambda p: phases.add_decision(p, text))
        )
        self.memos.addRequested.connect(c.add_memo)
        self.memos.saveRequested.connect(c.save_memo)
        self.memos.deleteRequested.connect(c.delete_memo)

    # -- menus and shortcuts --------------------------------------------------------------------
    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: Callable[..., object],
        widget: QWidget | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        if widget is not None:  # a key that must only act while the reader has focus
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            widget.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addAction(self._action("&New Project…", QKeySequence.StandardKey.New, self._new))
        file.addAction(self._action("&Open Project…", QKeySequence.StandardKey.Open, self._open))
        self.recent_menu = file.addMenu("Open &Recent")
        self._fill_recent()
        file.addAction(self._action("Save &As…", QKeySequence.StandardKey.SaveAs, self._save_as))
        file.addSeparator()
        file.addAction(self._action("&Import Files…", "Ctrl+I", self.import_files))
        self.export_menu, self.refi_menu = refi_menu.install(self, file)  # Import ▸, Export ▸
        file.addSeparator()
        file.addAction(self._action("&Quit", QKeySequence.StandardKey.Quit, self.close))

        edit = bar.addMenu("&Edit")
        undo = self.coding.stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        redo = self.coding.stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit.addActions([undo, redo])
        self.undo_action, self.redo_action = undo, redo

        code = bar.addMenu("&Code")
        self.quick_action = self._action("&Quick code…", "Q", self.coding.quick_code, self.reader)
        self.in_vivo_action = self._action("&In-vivo code", "I", self.coding.in_vivo, self.reader)
        code.addActions([self.quick_action, self.in_vivo_action])
        self.pin_actions = []
        for key in range(1, 10):
            action = self._action(
                f"Code with pinned code {key}",
                str(key),
                lambda _=False, k=key: self.coding.code_with_pinned(k),
                self.reader,
            )
            self.pin_actions.append(action)
        code.addSeparator()
        # Ctrl+N is File › New Project; Ctrl+Shift+N is the usual key for a new item
        code.addAction(
            self._action("New &code…", "Ctrl+Shift+N", lambda: self.coding.new_code(None))
        )
        snap = QAction("Snap selections to &words", self, checkable=True, checked=True)
        snap.toggled.connect(lambda on: setattr(self.reader, "snap_to_words", on))
        code.addAction(snap)
        code.addSeparator()
        code.addAction(self._action("&Search the project…", "Ctrl+Shift+F", self.show_search))
        code.addAction(
            self._action("&Autocode by speaker or question…", None, self.search.autocode_parts)
        )
        code.addAction(
            self._action(
                "Counts && c&harts", None, lambda: self.tabs.setCurrentWidget(self.counts_page)
            )
        )
        theme_menu = bar.addMenu("&Themes")
        theme_menu.addAction(self._action("New &theme…", None, lambda: self.themes.new_theme()))
        theme_menu.addAction(self._action("&Review selected theme…", "Ctrl+R", self._review))
        theme_menu.addSeparator()
        theme_menu.addAction(self._action("&Save map version…", None, self.themes.save_version))
        theme_menu.addAction(
            self._action("&Compare with a saved version…", None, self.themes.compare_version)
        )
        theme_menu.addAction(self._action("&Export map…", None, self.themes.export_map))
        view = bar.addMenu("&View")
        survey = self._action("&Sample && survey", None, self.show_survey)
        view.addAction(survey)
        view.addSeparator()
        for dock in self.findChildren(QDockWidget):
            view.addAction(dock.toggleViewAction())

    # -- project lifecycle ----------------------------------------------------------------------
    def _new(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "New project", "", FILTER)
        if name:
            path = Path(name) if name.endswith(SUFFIX) else Path(name + SUFFIX)
            self._guard(lambda: self._set_project(Project.create(path)))

    def _open(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open project", "", FILTER)
        if name:
            self.open_project(Path(name))

    def _save_as(self) -> None:
        project = self.project
        if project is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Save project as", "", FILTER)
        if name and self._guard(lambda: project.save_as(Path(name))):
            self._remember(project.path)
            self.refresh()

    def open_project(self, path: Path | str) -> bool:
        """Open a file, or a ``postgresql://`` address (asking for a password if needed)."""
        return self._guard(lambda: self._set_project(server_menu.open_location(self, path)))

    def _guard(self, action: object) -> bool:
        try:
            action()  # type: ignore[operator]
        except ProjectLockedError as exc:
            QMessageBox.warning(self, "Project in use", str(exc))
            return False
        except QualCodeError as exc:
            QMessageBox.warning(self, "QualCode", str(exc))
            return False
        except OSError as exc:
            QMessageBox.warning(self, "QualCode", f"{exc.filename or ''}: {exc.strerror or exc}")
            return False
        return True

    def _set_project(self, project: Project) -> None:
        if self.project is not None:
            self.indexer.stop(wait=True)
            self.project.close()
        self.project = project
        self.current_document_id = None
        self.coding.stack.clear()
        self._remember(project.location if project.is_server else project.path)
        self.retrieval.set_project(project)
        self.search.set_project(project)
        self.memos.set_target(project, None, None, "Project memos")
        self.reader.clear()
        self._expanded = False
        self.refresh()
        self.indexer.schedule()

    def _remember(self, path: Path | str) -> None:
        settings = QSettings()
        entry = path if isinstance(path, str) else str(path.resolve())  # an address: no password
        recent = [entry] + [p for p in _recent(settings) if p != entry]
        settings.setValue("recent", recent[:MAX_RECENT])
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for entry in _recent(QSettings()):
            action = self.recent_menu.addAction(entry)
            action.triggered.connect(
                lambda _=False, p=entry: self.open_project(server_menu.location_of(p))
            )
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    def import_files(self) -> ImportDialog | None:
        if self.project is None:
            QMessageBox.information(self, "QualCode", "Open or create a project first.")
            return None
        dialog = ImportDialog(self.project, self)
        dialog.finished.connect(lambda _result: self._after_import(dialog))
        dialog.open()
        return dialog

    def _after_import(self, dialog: ImportDialog) -> None:
        if not dialog.reports:
            return
        docs = sum(len(r.documents) for r in dialog.reports)
        skipped = [r.source for r in dialog.reports if r.skipped]
        message = f"Imported {plural(docs, 'document')}"
        if skipped:
            message += f"; already in the project, skipped: {', '.join(skipped)}"
        self.statusBar().showMessage(message, 15_000)
        # an import writes documents, their parts, cases and questions in one transaction
        self.notify(Changes({kind: None for kind in DOCUMENTS | CASES}))

    # -- views ------------------------------------------------------------------------------------
    def styles(self) -> dict[int, CodeStyle]:
        return {r.id: CodeStyle(r.name, r.colour) for r in self._code_rows}

    def notify(self, changes: Changes) -> None:
        """Tell every view what an action changed (the one way views learn of changes)."""
        self.indexer.hold()  # background indexing steps aside while the researcher works
        self.changed.emit(changes)

    def refresh(self) -> None:
        """Reload every view: anything may have changed (a project was opened)."""
        self.notify(Changes.all())

    def _on_changes(self, changes: Changes) -> None:
        """Each view refreshes only what ``changes`` can have made stale."""
        project = self.project
        if project is None:
            return
        if changes.coding_only:
            self._codings_changed(project, changes.documents, changes.codes)
        else:
            self._reload(project, changes)
        self._show_status(project)

    def _codings_changed(
        self, project: Project, docs: frozenset[int] | None, codes: frozenset[int] | None
    ) -> None:
        """The hot path (coding, uncoding, their undo): recount only the codes and documents
        named, repaint the open document if it is one of them."""
        if codes is None:
            self._code_rows = code_rows(project)
        else:
            # a parent's roll-up counts change with its sub-codes': recount the ancestors too
            parents = {r.id: r.parent_id for r in self._code_rows}
            recount = set(codes)
            for code in codes:
                parent = parents.get(code)
                while parent is not None and parent not in recount:
                    recount.add(parent)
                    parent = parents.get(parent)
            fresh = {r.id: r for r in code_rows(project, only=recount)}
            self._code_rows = [fresh.get(r.id, r) for r in self._code_rows]
        self.codebook_model.refresh(self._code_rows)
        current = self.current_document_id
        if current is not None and (docs is None or current in docs):
            self.reader.set_codings(document_codings(project, current), self.styles())
        if docs is None:
            self.documents.refresh()
        else:
            self.documents.update_documents(set(docs))
        if codes is None or self._shows_any(set(codes)):
            if docs is None:
                self.retrieval.reload()
            else:
                self.retrieval.update_documents(docs)
        self.counts_page.mark_stale()
        self.themes.counter.codings_changed(codes)
        self._theme_timer.start()  # theme counts catch up once the researcher pauses

    def _reload(self, project: Project, changes: Changes) -> None:
        """Anything else: codebook, reader, lists, retrieval, memos, themes, counts."""
        self._code_rows = code_rows(project)
        self.codebook_model.set_pinned({v: k for k, v in pinned_codes(project).items()})
        self.codebook_model.refresh(self._code_rows)
        if not self._expanded:
            self.codebook.expandAll()
            self._expanded = True
        documents = DOCUMENTS | CASES
        if changes.touches(documents):
            self.indexer.schedule()
            self.documents.set_project(project)
            self.retrieval.refresh_filters()
            self.search.refresh_choices()
            self.counts_page.set_project(project)
            self.survey_page.set_project(project)
        else:
            self.documents.refresh()
            self.counts_page.mark_stale()
            self.survey_page.mark_stale()
        current = self.current_document_id
        if current is not None:
            if changes.touches(DOCUMENTS):
                self.show_document(current)  # renamed or gone
            else:
                self.reader.set_codings(document_codings(project, current), self.styles())
        self.retrieval.reload()
        self.memos.refresh()
        self._theme_timer.stop()
        self.themes.refresh()

    def _show_status(self, project: Project) -> None:
        self.setWindowTitle(f"{server_menu.title(project)} — QualCode")
        n_docs = len(self.documents.rows)
        self.status.setText(
            f"{project.location}  ·  {plural(n_docs, 'document')}  ·  "
            f"{plural(len(self._code_rows), 'code')}"
        )

    def _shows_any(self, codes: set[int]) -> bool:
        """Whether the retrieval pane shows one of ``codes`` (directly or as a sub-code)."""
        parents = {r.id: r.parent_id for r in self._code_rows}
        shown = set(self.retrieval.code_ids)
        for code in codes:
            seen: set[int] = set()
            current: int | None = code
            while current is not None and current not in seen:
                if current in shown:
                    return True
                seen.add(current)
                current = parents.get(current)
        return False

    def show_document(self, doc_id: int) -> None:
        project = self.project
        if project is None:
            return
        try:
            view = document_view(project, doc_id)
        except QualCodeError as exc:
            if doc_id == self.current_document_id:  # the open document was deleted
                self.current_document_id = None
                self.reader.clear()
                self.memos.set_target(project, None, None, "Project memos")
            else:
                self.statusBar().showMessage(str(exc), 8_000)
            return
        self.current_document_id = doc_id
        self.reader.set_document(view, self.styles())
        self.memos.set_target(project, "document", doc_id, f"Memos on {view.name}")

    def jump_to(self, doc_id: int, start: int, end: int) -> None:
        self.tabs.setCurrentWidget(self.reader)
        if doc_id != self.current_document_id:
            self.documents.select_document(doc_id)
            self.show_document(doc_id)
        self.reader.select_span(start, end)

    @property
    def counts_tab(self) -> CountsTab:
        """The Counts & charts tab, built now if it has not been shown yet."""
        return self.counts_page.tab()

    def show_survey(self) -> None:
        self.tabs.setCurrentWidget(self.survey_page)

    def show_search(self) -> None:
        dock = self.findChild(QDockWidget, "dock-search")
        if dock is not None:
            dock.show()
            dock.raise_()
        self.search.focus_query()

    def _codes_selected(self, ids: list[int]) -> None:
        self.retrieval.show_codes(ids)
        if len(ids) == 1 and self.project is not None:
            name = next((r.name for r in self._code_rows if r.id == ids[0]), "")
            self.memos.set_target(self.project, "code", ids[0], f"Memos on code {name}")

    def _review(self) -> None:
        theme = self.themes_panel.current_theme()
        if theme is None:
            self.statusBar().showMessage("Select a theme in the Themes panel first.", 5_000)
        else:
            self.themes.open_review(theme.id)

    def closeEvent(self, event: QCloseEvent) -> None:
        save_layout(self)
        self.indexer.close()
        workers.stop_all()  # no background read may outlive the project it reads
        if self.project is not None:
            self.project.close()
            self.project = None
        super().closeEvent(event)
