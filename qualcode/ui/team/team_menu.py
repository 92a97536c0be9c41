"""The team items: Code › Coders ▸ (show or hide each coder's layer), Compare Coders…, Coder
Agreement…, Codings per Coder…, and File › Merge Project….

Coder layers are a view setting, never data: hiding a coder removes their codings from the reader
and the retrieval pane until they are shown again (or another project is opened); nothing in the
project changes and nothing is undone. :func:`install` is the one call the main window makes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.changes import Changes
from qualcode.domain.wording import plural
from qualcode.services.team.coders import CoderCodeCount, coder_rows, counts_by_coder
from qualcode.storage.project import Project
from qualcode.ui.shell.menus import menu_named

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow
    from qualcode.ui.team.agreement_dialog import AgreementDialog
    from qualcode.ui.team.compare_dialog import CompareDialog
    from qualcode.ui.team.merge_dialog import MergeMenu


class CountsPerCoderDialog(QDialog):
    """Codings per code (rows) and coder (columns): who has coded how much of what."""

    def __init__(self, counts: list[CoderCodeCount], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Codings per coder")
        self.resize(640, 460)
        coders = sorted({c.coder_name for c in counts})
        codes: dict[int, str] = {}
        for c in counts:
            codes.setdefault(c.code_id, c.code_name)
        self.table = QTableWidget(len(codes), len(coders) + 1)
        self.table.setHorizontalHeaderLabels(["Code", *coders])
        self.table.verticalHeader().setVisible(False)
        rows = {code: i for i, code in enumerate(codes)}
        for code, name in codes.items():
            self.table.setItem(rows[code], 0, QTableWidgetItem(name))
            for col in range(len(coders)):
                self.table.setItem(rows[code], col + 1, _number(0))
        for c in counts:
            self.table.setItem(rows[c.code_id], coders.index(c.coder_name) + 1, _number(c.codings))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # codebook order until clicked
        self.table.setSortingEnabled(True)
        note = QLabel(
            f"{plural(len(codes), 'code')} coded by {plural(len(coders), 'coder')}. "
            "Counts are codings made by each coder (sub-codes are counted on their own row)."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)


def _number(n: int) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setData(Qt.ItemDataRole.DisplayRole, n)  # a number: sorts numerically
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class TeamMenu:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.hidden: frozenset[int] = frozenset()
        self._project: Project | None = None
        self.coders_menu = QMenu("C&oders")
        self.coders_menu.aboutToShow.connect(self.fill_coders)
        self.agreement: AgreementDialog | None = None
        self.compare: CompareDialog | None = None
        self.counts: CountsPerCoderDialog | None = None
        self.merge: MergeMenu | None = None
        window.changed.connect(self._on_changes)

    # -- coder layers ---------------------------------------------------------------------------
    def fill_coders(self) -> None:
        menu = self.coders_menu
        menu.clear()
        project = self.window.project
        if project is None:
            menu.addAction("No project open").setEnabled(False)
            return
        for row in coder_rows(project):
            action = menu.addAction(f"{row.name} ({plural(row.codings, 'coding')})")
            action.setCheckable(True)
            action.setChecked(row.id not in self.hidden)
            action.toggled.connect(lambda on, i=row.id: self.show_coder(i, on))
        menu.addSeparator()
        menu.addAction("Show &all coders", lambda: self.set_hidden(frozenset()))

    def show_coder(self, coder_id: int, shown: bool) -> None:
        hidden = self.hidden - {coder_id} if shown else self.hidden | {coder_id}
        self.set_hidden(hidden)

    def set_hidden(self, hidden: frozenset[int]) -> None:
        """Hide these coders' codings in the reader and the retrieval pane."""
        self.hidden = frozenset(hidden)
        self._project = self.window.project
        self.window.reader.set_hidden_coders(self.hidden)
        self.window.retrieval.hidden_coders = self.hidden
        self.window.retrieval.reload()
        if self.window.project is not None and self.hidden:
            names = [r.name for r in coder_rows(self.window.project) if r.id in self.hidden]
            text = f"Hiding the codings of {', '.join(names)}"
        else:
            text = "Showing every coder's codings"
        self.window.statusBar().showMessage(text, 8_000)

    def _on_changes(self, _changes: Changes) -> None:
        if self.hidden and self.window.project is not self._project:
            self.set_hidden(frozenset())  # another project: its coders are other people

    # -- dialogs --------------------------------------------------------------------------------
    def _project_or_say(self) -> Project | None:
        project = self.window.project
        if project is None:
            QMessageBox.information(self.window, "QualCode", "Open or create a project first.")
        return project

    def show_counts(self) -> CountsPerCoderDialog | None:
        project = self._project_or_say()
        if project is None:
            return None
        self.counts = CountsPerCoderDialog(counts_by_coder(project), self.window)
        self.counts.show()
        return self.counts

    def show_agreement(self) -> AgreementDialog | None:
        from qualcode.ui.team.agreement_dialog import AgreementDialog

        project = self._project_or_say()
        if project is None:
            return None
        self.agreement = AgreementDialog(self.window, project)
        self.agreement.show()
        return self.agreement

    def show_compare(self) -> CompareDialog | None:
        from qualcode.ui.team.compare_dialog import CompareDialog

        project = self._project_or_say()
        if project is None:
            return None
        self.compare = CompareDialog(project, self.window.styles(), self.window)
        self.compare.show()
        return self.compare

    def merge_projects(self) -> MergeMenu | None:
        from qualcode.ui.team.merge_dialog import MergeMenu

        if self._project_or_say() is None:
            return None
        self.merge = MergeMenu(self.window)
        self.merge.start()
        return self.merge


def install(window: MainWindow) -> TeamMenu:
    """Add the Coders submenu and the team dialogs to Code, and Merge Project… to File."""
    team = TeamMenu(window)
    code = menu_named(window, "Code")
    if code is not None:
        code.addSeparator()
        code.addMenu(team.coders_menu)
        for text, slot in (
            ("Co&mpare Coders…", team.show_compare),
            ("Coder &Agreement…", team.show_agreement),
            ("Codings per Co&der…", team.show_counts),
        ):
            action = QAction(text, window)
            action.triggered.connect(lambda _=False, f=slot: f())
            code.addAction(action)
    file = menu_named(window, "File")
    if file is not None:
        merge = QAction("&Merge Project…", window)
        merge.triggered.connect(lambda _=False: team.merge_projects())
        quit_action = next((a for a in file.actions() if a.text() == "&Quit"), None)
        actions = file.actions()
        before = actions[actions.index(quit_action) - 1] if quit_action in actions else None
        if before is not None and before.isSeparator():
            file.insertAction(before, merge)
        else:
            file.addAction(merge)
    return team
