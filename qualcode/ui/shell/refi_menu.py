"""File › Import › REFI-QDA and File › New Project from REFI-QDA File: other tools' projects in.

Merging another program's project is the riskiest thing a researcher does to theirs, so the window
first shows what the merge would add and what it would match (the service runs the real merge and
rolls it back, so the preview is exact), and only on "Import" merges it, as one transaction: it
happens whole or not at all, and Cancel rolls it back. It is not an undo step (like a file import):
the change log records it. Both run in the background behind a progress dialog.

:func:`install` is the one call the main window makes: it adds Import ▸, Export ▸ and the new
project item to the File menu, so the window's own code stays about the window.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QMenu,
    QMessageBox,
    QWidget,
)

from qualcode.domain.changes import Changes
from qualcode.domain.wording import plural
from qualcode.services.refi.refi_state import RefiReport
from qualcode.storage.project import SUFFIX
from qualcode.ui.shell import export_dialogs
from qualcode.ui.shell.export_menu import ExportMenu
from qualcode.ui.shell.long_task import Check, LongTask, Progress
from qualcode.ui.shell.preview_dialog import PreviewDialog

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow

REFI_FILTER = "REFI-QDA files (*.qdpx *.qdc);;REFI-QDA project (*.qdpx);;REFI-QDA codebook (*.qdc)"


class RefiPreviewDialog(PreviewDialog):
    """What importing a REFI-QDA file would add and match; "Import" confirms."""

    def __init__(self, report: RefiReport, project_name: str, parent: QWidget | None) -> None:
        added = sum(report.created.values())
        super().__init__(
            f"Import {report.file}",
            f"Merging <b>{html.escape(report.file)}</b> into <b>{html.escape(project_name)}</b> "
            f"will add {plural(added, 'item') if added else 'nothing new'}. "
            "Nothing has been changed yet.",
            [
                ("Will be added", report.created),
                ("Already in the project (matched, kept as they are)", report.matched),
            ],
            "Not carried or changed on the way:",
            report.notes,
            "Import",
            parent,
        )
        self.report = report


class RefiMenu:
    """Import a REFI-QDA file into the open project, or make a new project from one."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.task: LongTask | None = None
        self.preview: RefiPreviewDialog | None = None
        self.new_action: QAction | None = None
        self.import_action: QAction | None = None

    def _choose(self, title: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.window, title, "", REFI_FILTER)
        return Path(name) if name else None

    def import_file(self, path: Path | None = None) -> LongTask | None:
        project = self.window.project
        if project is None:
            QMessageBox.information(self.window, "QualCode", "Open or create a project first.")
            return None
        path = path or self._choose("Import a REFI-QDA project or codebook")
        if path is None:
            return None
        file = path

        def read(_progress: Progress, _cancelled: Check) -> RefiReport:
            from qualcode.services.refi.refi import preview_refi  # lxml, docx: when used

            return preview_refi(project, file)

        def previewed(report: RefiReport) -> None:
            self.preview = RefiPreviewDialog(report, project.path.name, self.window)
            if export_dialogs.run_dialog(self.preview):
                self._merge(file)

        label = f"Reading {path.name}…"
        self.task = LongTask(self.window, "Import REFI-QDA file", label, path.name, read, previewed)
        return self.task.start()

    def _merge(self, file: Path) -> None:
        project = self.window.project
        if project is None:
            return

        def merge(_progress: Progress, cancelled: Check) -> RefiReport:
            from qualcode.services.refi.refi import import_refi

            return import_refi(project, file, cancelled=cancelled)

        def merged(report: RefiReport) -> None:
            self.window.notify(Changes.all())  # codes, themes, documents, cases, memos: anything
            added = sum(report.created.values())
            self.window.statusBar().showMessage(
                f"Imported {report.file}: {plural(added, 'item')} added", 15_000
            )
            QMessageBox.information(self.window, "Import REFI-QDA file", "\n".join(report.lines))

        self.task = LongTask(
            self.window, "Import REFI-QDA file", f"Importing {file.name}…", file.name, merge, merged
        )
        self.task.start()

    def new_project(self) -> LongTask | None:
        source = self._choose("New project from a REFI-QDA file")
        if source is None:
            return None
        default = source.with_suffix(SUFFIX)
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Save the new project as", str(default), f"QualCode projects (*{SUFFIX})"
        )
        if not name:
            return None
        target = Path(name) if name.endswith(SUFFIX) else Path(name + SUFFIX)

        def build(_progress: Progress, cancelled: Check) -> RefiReport:
            from qualcode.services.refi.refi import new_project_from

            project, report = new_project_from(target, source, cancelled=cancelled)
            project.close()  # the window opens it on its own thread
            return report

        def built(report: RefiReport) -> None:
            if self.window.open_project(target):
                self.window.statusBar().showMessage(f"Created {target.name}", 15_000)
                lines = [f"Created {target}", *report.lines]
                QMessageBox.information(self.window, "New project", "\n".join(lines))

        title = "New project from REFI-QDA file"
        label = f"Building {target.name} from {source.name}…"
        self.task = LongTask(self.window, title, label, source.name, build, built)
        return self.task.start()


def install(window: MainWindow, file: QMenu) -> tuple[ExportMenu, RefiMenu]:
    """Add File › Import ▸ and File › Export ▸ (at the end of ``file`` so far) and New Project
    from REFI-QDA File (after the menu's first item, New Project)."""
    refi = RefiMenu(window)
    refi.new_action = QAction("New Project from &REFI-QDA File…", window)
    refi.new_action.triggered.connect(lambda _=False: refi.new_project())
    after_new = file.actions()[1] if len(file.actions()) > 1 else None
    if after_new is None:
        file.addAction(refi.new_action)
    else:
        file.insertAction(after_new, refi.new_action)
    imports = file.addMenu("I&mport")
    refi.import_action = imports.addAction("REFI-QDA project or codebook (.qdpx, .qdc)…")
    refi.import_action.triggered.connect(lambda _=False: refi.import_file())
    exports = ExportMenu(window, file.addMenu("&Export"))
    return exports, refi
