"""File › Export: every export the command line offers, from the window.

Each item asks for its options (only when it has any, see :mod:`export_dialogs`), then for the file,
and writes it in the background (:mod:`long_task`) through the very service function the
``qualcode export``/``chart`` command calls, so a file exported from the menu is the file the CLI
would write for the same project and options. The window only hands over its open project.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from qualcode.domain.wording import plural
from qualcode.exporters.atomic import write_bytes_atomically
from qualcode.services.coding.retrieval import attribute_choices
from qualcode.services.frameworks.frameworks import list_frameworks
from qualcode.storage.project import Project
from qualcode.ui.shell import export_dialogs as dialogs
from qualcode.ui.shell.export_warning import names_ok
from qualcode.ui.shell.long_task import Check, LongTask, Progress, show_error, staged_write
from qualcode.ui.shell.written import report_written

# The export services pull openpyxl, python-docx, lxml, pandas and matplotlib: each is imported
# when its export runs, so the window does not pay for them at start-up.
if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow

XLSX = "Excel workbook (*.xlsx)"
FOLDER_KEY = "export/folder"

# what one export writes: the project and the staged path -> a line for the "Wrote" message
Writer = Callable[[Project, Path], str]


class ExportMenu:
    """Builds File › Export and runs its items for ``window``."""

    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        self.window = window
        self.menu = menu
        self.task: LongTask | None = None
        self.actions: dict[str, QAction] = {}
        items: list[tuple[str, str, Callable[[], object]]] = [
            ("matrix", "Theme × &priority matrix (.xlsx)…", self.matrix),
            ("attribute_matrix", "Theme × &attribute matrix (.xlsx)…", self.attribute_matrix),
            ("codebook", "&Codebook (.xlsx)…", self.codebook),
            ("report", "&Theme report (.docx)…", self.report),
            ("quotes", "&Quote bank (.docx)…", self.quotes),
            ("counts", "Co&unts workbook (.xlsx)…", self.counts),
            ("survey", "&Survey tables (.xlsx)…", self.survey),
            ("recommendations", "&Recommendations (.docx, .xlsx)…", self.recommendations),
            ("chart", "C&hart (.png, .svg)…", self.chart),
            ("qdpx", "REFI-QDA &project (.qdpx)…", self.qdpx),
            ("qdc", "REFI-QDA code&book (.qdc)…", self.qdc),
        ]
        for key, text, slot in items:
            if key == "qdpx":
                menu.addSeparator()
            action = menu.addAction(text)
            action.triggered.connect(lambda _=False, run=slot: run())
            self.actions[key] = action

    # -- the exports ------------------------------------------------------------------------------
    def matrix(self) -> LongTask | None:
        project = self._project()
        if project is None:
            return None
        names = [f.name for f in list_frameworks(project)]
        if not names:
            return self._nothing("The project has no framework yet: add one first.")
        dialog = dialogs.MatrixDialog(names, parent=self.window)
        if not dialogs.run_dialog(dialog):
            return None
        return self._matrix(project, dialog.options(), "matrix")

    def attribute_matrix(self) -> LongTask | None:
        project = self._project()
        if project is None:
            return None
        names = list(attribute_choices(project))
        if not names:
            return self._nothing("The project has no case or document attributes yet.")
        dialog = dialogs.MatrixDialog([], names, parent=self.window)
        if not dialogs.run_dialog(dialog):
            return None
        opts = dialog.options()
        return self._matrix(project, opts, f"matrix-by-{opts.by_attribute}")

    def _matrix(self, project: Project, opts: dialogs.MatrixOptions, stem: str) -> LongTask | None:
        def write(p: Project, out: Path) -> str:
            from qualcode.services.reports.reports import export_matrix

            report = export_matrix(
                p,
                out,
                framework=opts.framework,
                level=opts.level,
                measures=list(opts.measures),
                by_attribute=opts.by_attribute,
            )
            return f"{len(report.rows)} themes × {len(report.columns)} columns ({report.title})."

        return self._export(project, "Export matrix", stem, XLSX, ".xlsx", write)

    def codebook(self) -> LongTask | None:
        project = self._project()
        if project is None:
            return None
        dialog = dialogs.CodebookDialog(list(attribute_choices(project)), self.window)
        if not dialogs.run_dialog(dialog):
            return None
        by = dialog.options().by_attribute
        return self._export(
            project,
            "Export codebook",
            "codebook",
            XLSX,
            ".xlsx",
            lambda p, out: f"{_codebook(p, out, by)} codes.",
        )

    def report(self) -> LongTask | None:
        project = self._project()
        if project is None:
            return None
        names = [f.name for f in list_frameworks(project)]  # none: themes in one list
        dialog = dialogs.ReportDialog(names, self.window)
        if not dialogs.run_dialog(dialog):
            return None
        o = dialog.options()
        if not names_ok(self.window, project, o.quotes):  # real names left in the quotes?
            return None

        def write(p: Project, out: Path) -> str:
            from qualcode.services.reports.theme_report import export_theme_report

            report = export_theme_report(p, out, o.framework, o.template, o.quotes, o.quote_style)
            themes = sum(len(s.themes) for s in report.sections)
            sections = plural(len(report.sections), "section")
            return f"{plural(themes, 'theme')} under {sections} ({report.framework})."

        word = "Word document (*.docx)"
        return self._export(project, "Export theme report", "report", word, ".docx", write)

    def quotes(self) -> LongTask | None:
        project = self._project()
        if project is None:
            return None
        names = [f.name for f in list_frameworks(project)]  # none: themes in one list
        dialog = dialogs.QuoteBankDialog(names, self.window)
        if not dialogs.run_dialog(dialog):
            return None
        o = dialog.options()
        if not names_ok(self.window, project, o.quotes):  # real names in the quotes?
            return None

        def write(p: Project, out: Path) -> str:
            from qualcode.services.reports.reports import export_quote_bank, quote_bank_summary

            bank = export_quote_bank(p, out, o.framework, o.quotes, o.quote_style)
            return quote_bank_summary(bank)

        word = "Word document (*.docx)"
        return self._export(project, "Export quote bank", "quotes", word, ".docx", write)

    def counts(self) -> LongTask | None:
        project = self._project()
        if project is None:
            return None
        dialog = dialogs.CountsDialog(list(attribute_choices(project)), self.window)
        if not dialogs.run_dialog(dialog):
            return None
        o = dialog.options()

        def write(p: Project, out: Path) -> str:
            from qualcode.services.counts.counts_report import export_counts

            kw: dict[str, Any] = {"csv": o.csv, "lemma": o.lemma, "stop_words": o.stop_words}
            written = export_counts(p, out, o.by, words=o.words, **kw)
            return f"{plural(len(written), 'file')}."

        return self._export(project, "Export counts", "counts", XLSX, ".xlsx", write)

    def survey(self) -> LongTask | None:
        from qualcode.ui.survey.survey_export import export_survey_tables

        return export_survey_tables(self)

    def recommendations(self) -> LongTask | None:
        from qualcode.ui.recommendations.export import export_register

        return export_register(self)

    def chart(self) -> LongTask | None:
        project = self._project()
        if project is None:
            return None
        dialog = dialogs.ChartDialog(list(attribute_choices(project)), self.window)
        if not dialogs.run_dialog(dialog):
            return None
        o = dialog.options()

        def write(p: Project, out: Path) -> str:
            from qualcode.exporters.charts import Format
            from qualcode.services.counts.counts_report import chart

            fmt: Format = "svg" if out.suffix.lower() == ".svg" else "png"
            data = chart(
                p,
                o.kind,
                fmt,
                by=o.by,
                mode=o.mode,
                top=o.top,
                measure=o.measure,
            )
            write_bytes_atomically(out, data)
            return ""

        filters = "PNG image (*.png);;SVG drawing (*.svg)"
        return self._export(project, "Export chart", f"chart-{o.kind}", filters, ".png", write)

    def qdpx(self) -> LongTask | None:
        project = self._project()
        if project is None:
            return None
        dialog = dialogs.QdpxDialog(self.window)
        if not dialogs.run_dialog(dialog):
            return None
        o = dialog.options()

        def write(p: Project, out: Path) -> str:
            from qualcode.services.refi.refi import export_qdpx

            positions: Any = o.positions
            done = export_qdpx(p, out, positions=positions, themes_as_codes=o.themes_as_codes)
            return (
                f"{done.documents:,} documents, {done.codes:,} codes, "
                f"{done.codings:,} codings, {done.memos:,} memos (positions: {o.positions})."
            )

        refi = "REFI-QDA project (*.qdpx)"
        return self._export(project, "Export REFI-QDA project", "", refi, ".qdpx", write)

    def qdc(self) -> LongTask | None:
        project = self._project()
        if project is None:
            return None

        def write(p: Project, out: Path) -> str:
            from qualcode.services.refi.refi import export_qdc

            data = export_qdc(p, out)
            return f"{len(data.iter_codes()):,} codes, {len(data.sets):,} sets."

        refi = "REFI-QDA codebook (*.qdc)"
        return self._export(project, "Export REFI-QDA codebook", "codebook", refi, ".qdc", write)

    # -- shared steps ---------------------------------------------------------------------------
    def _project(self) -> Project | None:
        if self.window.project is None:
            QMessageBox.information(self.window, "QualCode", "Open or create a project first.")
        return self.window.project

    def _nothing(self, message: str) -> LongTask | None:
        QMessageBox.information(self.window, "QualCode", message)
        return None

    def ask_path(self, project: Project, title: str, stem: str, filters: str, suffix: str) -> Path:
        """The file to write, from the save dialog (empty Path: the user cancelled)."""
        folder = str(QSettings().value(FOLDER_KEY, "") or project.path.parent)
        name = project.path.stem + (f"-{stem}" if stem else "") + suffix
        chosen, used = QFileDialog.getSaveFileName(
            self.window, title, str(Path(folder) / name), filters
        )
        if not chosen:
            return Path()
        path = Path(chosen)
        allowed = re.findall(r"\*(\.\w+)", filters)
        if path.suffix.lower() not in allowed:
            picked = re.findall(r"\*(\.\w+)", used)
            path = path.with_name(path.name + (picked[0] if picked else suffix))
        return path

    def _export(
        self, project: Project, title: str, stem: str, filters: str, suffix: str, write: Writer
    ) -> LongTask | None:
        target = self.ask_path(project, title, stem, filters, suffix)
        if target == Path():
            return None
        QSettings().setValue(FOLDER_KEY, str(target.parent))
        if not target.parent.is_dir():
            show_error(
                self.window, title, f"{target.name}: the folder {target.parent} does not exist."
            )
            return None
        summary: list[str] = []

        def work(_progress: Progress, cancelled: Check) -> list[Path]:
            return staged_write(target, lambda out: summary.append(write(project, out)), cancelled)

        def done(paths: list[Path]) -> None:
            report_written(self.window, title, paths, summary[0] if summary else "")
            self.window.statusBar().showMessage(f"Wrote {target}", 10_000)

        self.task = LongTask(self.window, title, f"Writing {target.name}…", target.name, work, done)
        return self.task.start()


def _codebook(project: Project, out: Path, by: str | None) -> int:
    from qualcode.services.reports.reports import export_codebook

    return export_codebook(project, out, by)
