"""File › Merge Project…: bring in projects that coders worked on apart, after a preview.

Like the REFI-QDA import, the window first shows exactly what merging would add, match and skip
(the service runs the real merge and rolls it back), with the codings each coder brings; only on
"Merge" does it merge, as one transaction. Unlike a file import it is one undo step: Edit › Undo
takes the whole merge back out. Reading and merging run in the background behind a progress
dialog.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
    QWidget,
)

from qualcode.domain.wording import plural
from qualcode.services.team.merge import MergeReport, merge_with_report, preview_merge
from qualcode.services.undo.changes import Change
from qualcode.storage.project import SUFFIX
from qualcode.ui.shell import export_dialogs
from qualcode.ui.shell.commands import push
from qualcode.ui.shell.long_task import Check, LongTask, Progress
from qualcode.ui.shell.preview_dialog import PreviewDialog

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow


class MergePreviewDialog(PreviewDialog):
    """What merging would add, match and skip, and the codings per coder; "Merge" confirms."""

    def __init__(self, report: MergeReport, project_name: str, parent: QWidget | None) -> None:
        c = report.counts
        added = sum(c.added.values())
        super().__init__(
            "Merge projects",
            f"Merging <b>{html.escape(', '.join(report.sources))}</b> into "
            f"<b>{html.escape(project_name)}</b> will add "
            f"{plural(added, 'item') if added else 'nothing new'}. Codings keep their coder. "
            "Nothing has been changed yet; Edit › Undo takes a merge back out.",
            [
                ("Will be added", c.added),
                ("Already in the project (matched, kept as they are)", c.matched),
                ("Skipped (exactly the same already there)", c.skipped),
                ("Codings added per coder", c.codings_by_coder),
            ],
            "Notes:",
            c.notes,
            "Merge",
            parent,
        )
        self.report = report


class MergeMenu:
    """Choose the projects, preview, merge; the merge goes on the undo stack."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.task: LongTask | None = None
        self.preview: MergePreviewDialog | None = None
        self.report: MergeReport | None = None

    def start(self, paths: list[Path] | None = None) -> LongTask | None:
        project = self.window.project
        if project is None:
            return None
        if paths is None:
            names, _ = QFileDialog.getOpenFileNames(
                self.window, "Merge projects into this one", "", f"QualCode projects (*{SUFFIX})"
            )
            paths = [Path(n) for n in names]
        if not paths:
            return None
        chosen = list(paths)
        label = ", ".join(p.name for p in chosen)

        def read(_progress: Progress, _cancelled: Check) -> MergeReport:
            return preview_merge(project, chosen)

        def previewed(report: MergeReport) -> None:
            self.preview = MergePreviewDialog(report, project.path.name, self.window)
            if export_dialogs.run_dialog(self.preview):
                self._merge(chosen)

        self.task = LongTask(
            self.window, "Merge projects", f"Reading {label}…", label, read, previewed
        )
        return self.task.start()

    def _merge(self, paths: list[Path]) -> None:
        project = self.window.project
        if project is None:
            return
        label = ", ".join(p.name for p in paths)

        def merge(_progress: Progress, cancelled: Check) -> tuple[Change, MergeReport]:
            return merge_with_report(project, paths, cancelled=cancelled)

        def merged(done: tuple[Change, MergeReport]) -> None:
            change, report = done
            self.report = report
            push(self.window.coding.stack, project, change, f"Merge {label}", self.window.notify)
            self.window.statusBar().showMessage(change.summary, 15_000)
            QMessageBox.information(self.window, "Merge projects", "\n".join(report.lines))

        self.task = LongTask(
            self.window, "Merge projects", f"Merging {label}…", label, merge, merged
        )
        self.task.start()
