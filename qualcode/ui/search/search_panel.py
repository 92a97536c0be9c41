"""The Search dock: find passages across the project, review them, code them in bulk.

A search runs in a worker and never waits for the full-text index: documents it does not hold
yet (a fresh import, while the window indexes in the background) are read directly, a lemma
matched through the lookup table's forms. Only with a trained pipeline, whose lemmas depend on
context, does the first lemma search on a project not indexed yet finish the index, showing
"Preparing the search index: 12 of 40 documents…" with a bar and Cancel (``index_progress``).
Hits come back as a keyword-in-context table whose rows start checked. Double click or Enter
jumps to the place in the reader. "Code checked…" and "Autocode by speaker / question…" hand a
service call to the window's undo machinery (``run_change``), so every autocoding is one undo
step, like any other coding action.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.errors import QualCodeError
from qualcode.services.search.search import (
    SearchQuery,
    SearchResult,
    lemma_search_needs_index,
    search,
)
from qualcode.services.search.search_choices import SearchChoices, search_choices
from qualcode.services.search.search_index import index_status, refresh_index
from qualcode.services.undo.changes import Change
from qualcode.storage.project import Project
from qualcode.ui.search.autocode_dialog import AutocodeDialog, PartsDialog
from qualcode.ui.search.background_index import BackgroundIndexer
from qualcode.ui.search.index_progress import (
    INDEXING,
    SEARCHING,
    IndexProgress,
    describe_progress,
)
from qualcode.ui.search.search_model import (
    CHECK,
    CONTEXT,
    HitRole,
    HitTable,
    KwicDelegate,
    SearchModel,
    describe,
)
from qualcode.ui.search.search_restrict import RestrictPopup
from qualcode.ui.shell.workers import Task

LIMIT = 1000
MODES = (("Words", "words"), ("Lemma (all forms)", "lemma"), ("Regular expression", "regex"))
ERROR_COLOUR = "#c62828"
Progress = Callable[[int, int, str], None]
Runner = Callable[[str, Callable[[Project], Change]], object]


def _tool_button(text: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    return button


class SearchPanel(QWidget):
    jumpRequested = Signal(int, int, int)  # document id, start, end

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.choices: SearchChoices | None = None
        self.result: SearchResult | None = None
        self.task: Task | None = None
        self.indexer: BackgroundIndexer | None = None  # the window's; paused while searching
        self._paused_indexer = False
        self.run_change: Runner | None = None  # the window's CodingController.run
        self.code_paths: Callable[[], list[tuple[int, str]]] = list
        # the code selected in the codebook, if one is: the autocode dialogs start with it
        self.current_code: Callable[[], int | None] = lambda: None

        self.query = QLineEdit(placeholderText='Search the project: words, "a phrase", wait*…')
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.run_search)
        self.mode = QComboBox()
        for label, mode in MODES:
            self.mode.addItem(label, mode)
        self.mode.setCurrentIndex(1)
        self.mode.setToolTip("Lemma mode finds every form: “wait” also finds “waited”, “waiting”")
        self.mode.currentIndexChanged.connect(self._rerun)
        self.restrict = _tool_button("Restrict…")
        self.restrict.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.popup = RestrictPopup(self)
        self.restrict.clicked.connect(lambda: self.popup.popup_under(self.restrict))
        self.popup.changed.connect(self._restrictions_changed)
        self.go = QPushButton("Search")
        self.go.clicked.connect(self._go_or_stop)
        self.summary = QLabel()
        self.summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.summary.hide()

        self.model = SearchModel()
        self.table = HitTable()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(CONTEXT, KwicDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(CHECK, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(CHECK, 28)
        for column, width in ((1, 170), (2, 120), (3, 170)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(CONTEXT, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._jump)
        self.table.enterPressed.connect(self._jump)
        self.table.spacePressed.connect(self._toggle_selected)
        self.model.dataChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)

        self.status = QLabel("Type a word or phrase and press Enter.")
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.progress = IndexProgress()
        self.progress.cancelRequested.connect(self._stop)
        self.check_all = _tool_button("Check all")
        self.check_none = _tool_button("Check none")
        self.check_all.clicked.connect(lambda: self.model.set_all_checked(True))
        self.check_none.clicked.connect(lambda: self.model.set_all_checked(False))
        self.code_button = QPushButton("Code checked…")
        self.code_button.clicked.connect(self.code_checked)
        self.parts_button = QPushButton("Autocode by speaker / question…")
        self.parts_button.clicked.connect(self.autocode_parts)

        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        for widget in (self.mode, self.restrict, self.go):
            top.addWidget(widget)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.progress)
        for widget in (self.check_all, self.check_none, self.code_button, self.parts_button):
            bottom.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._update_buttons()

    # -- project -------------------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task = None
        self.project = project
        self.result = None
        self.model.set_hits([])
        self.refresh_choices()
        self._restrictions_changed(rerun=False)
        self._idle("Type a word or phrase and press Enter." if project else "No project open.")

    def refresh_choices(self) -> None:
        """Re-read speakers, questions and attributes (after an import)."""
        try:
            self.choices = search_choices(self.project) if self.project is not None else None
        except QualCodeError as exc:
            self.choices = None
            self._error(str(exc))
        self.popup.set_choices(self.choices)

    def focus_query(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    # -- searching -----------------------------------------------------------------------------
    def current_query(self) -> SearchQuery:
        p = self.popup
        return SearchQuery(
            self.query.text().strip(),
            self.mode.currentData(),
            kinds=p.kind_values(),
            speaker_ids=p.speaker_ids(),
            question_ids=p.question_ids(),
            attribute=p.attribute_value(),
            include_facilitators=p.include_facilitators(),
        )

    def _go_or_stop(self) -> None:
        if self.task is not None:
            self._stop()
        else:
            self.run_search()

    def _stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.progress.stopping()
            self.status.setText("Stopping…")

    def _rerun(self) -> None:
        if self.query.text().strip() and self.project is not None:
            self.run_search()

    def run_search(self) -> None:
        project, query = self.project, self.current_query()
        if project is None:
            self._error("Open a project first.")
            return
        if not query.text:
            self._error("Type a word or phrase to search for.")
            return
        if self.task is not None:
            self.task.cancel()
        if self.indexer is not None and not self._paused_indexer:
            self.indexer.pause()  # the search has the machine; indexing goes on after it
            self._paused_indexer = True

        def work(
            progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]
        ) -> object:
            # unindexed documents are read directly (a second for a whole fresh import); only
            # a trained pipeline's lemmas need every word analysed first, which is the indexing
            if (
                query.mode == "lemma"
                and not project.readonly
                and lemma_search_needs_index()
                and index_status(project).stale
            ):
                refresh_index(project, lambda d, t, _doc: progress(d, t, INDEXING), cancelled)
            return search(
                project,
                query,
                limit=LIMIT,
                progress=lambda d, t: progress(d, t, SEARCHING),
                cancel=cancelled,
                refresh=False,
            )

        task = Task(work)
        self.task = task
        task.signals.progress.connect(lambda d, t, what: self._progress(task, d, t, what))
        task.signals.done.connect(lambda result: self._loaded(task, result))
        task.signals.failed.connect(lambda message: self._failed(task, message))
        self.go.setText("Stop")
        self.status.setText("Searching…")
        task.start()

    def _progress(self, task: Task, done: int, total: int, what: str) -> None:
        if task is not self.task or task.cancelled:
            return
        self.progress.report(done, total, what)
        self.status.setText(describe_progress(done, total, what))

    def _loaded(self, task: Task, result: SearchResult) -> None:
        if task is not self.task:
            return  # a newer search replaced this one
        self.result = result
        self.model.set_hits(result.hits)
        self._idle(describe(result))
        if result.hits:
            self.table.scrollToTop()

    def _failed(self, task: Task, message: str) -> None:
        if task is not self.task:
            return
        if message.startswith("Unexpected error"):
            message = message.split("\n", 1)[0]  # the details belong in a bug report, not here
        self.result = None
        self.model.set_hits([])
        if task.cancelled:  # the researcher's own choice, not an error
            self._idle(escape(message))
        else:
            self._error(message)

    def _idle(self, text: str) -> None:
        self.task = None
        if self.indexer is not None and self._paused_indexer:
            self._paused_indexer = False
            self.indexer.resume()
        self.go.setText("Search")
        self.progress.finish()
        self.status.setText(text)

    def _error(self, message: str) -> None:
        self._idle(f"<span style='color:{ERROR_COLOUR}'>⚠ {escape(message)}</span>")

    # -- restrictions ----------------------------------------------------------------------------
    def _restrictions_changed(self, rerun: bool = True) -> None:
        active = self.popup.summary()
        self.restrict.setText(f"Restrict ({len(active)})…" if active else "Restrict…")
        self.summary.setText("Only: " + " · ".join(escape(a) for a in active))
        self.summary.setVisible(bool(active))
        if rerun:
            self._rerun()

    # -- hits ------------------------------------------------------------------------------------
    def _jump(self, index: QModelIndex) -> None:
        hit = self.model.data(index, HitRole) if index.isValid() else None
        if hit is not None:
            self.jumpRequested.emit(hit.document_id, hit.start, hit.end)

    def _toggle_selected(self) -> None:
        self.model.toggle(sorted({i.row() for i in self.table.selectionModel().selectedRows()}))

    def _update_buttons(self) -> None:
        checked = self.model.checked_count()
        self.code_button.setEnabled(checked > 0)
        self.code_button.setText(f"Code {checked:,} checked…" if checked else "Code checked…")
        has = bool(self.model.hits)
        self.check_all.setEnabled(has)
        self.check_none.setEnabled(has)
        self.parts_button.setEnabled(self.project is not None)

    # -- autocoding ------------------------------------------------------------------------------
    def code_checked(self) -> AutocodeDialog | None:
        hits = self.model.checked_hits()
        if self.project is None or not hits:
            return None
        dialog = AutocodeDialog(self.project, hits, self.code_paths(), self, self.current_code())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply(dialog.label(), dialog.action(), dialog))
        dialog.open()
        return dialog

    def autocode_parts(self) -> PartsDialog | None:
        if self.project is None or self.choices is None:
            return None
        dialog = PartsDialog(
            self.choices, self.code_paths(), self, self.project, self.current_code()
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply(dialog.label(), dialog.action(), dialog))
        dialog.open()
        return dialog

    def _apply(
        self,
        label: str,
        action: Callable[[Project], Change] | None,
        dialog: AutocodeDialog | PartsDialog,
    ) -> None:
        if action is None or self.run_change is None:
            return
        if isinstance(self.run_change(label, action), Change):
            self.status.setText(f"✓ {escape(label)} · Edit ▸ Undo (Ctrl+Z) removes it all")
