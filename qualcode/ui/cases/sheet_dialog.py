"""Cases › Import participant sheet… and Export participant sheet….

Importing a sheet touches every participant at once, so nothing is written until the user has
seen what will happen: which rows match which case (and how: by name, ignoring case, or through
a transcript's speaker label), which rows become new cases, which cases the sheet leaves out, how
each column will be typed, and every problem (duplicated ids, empty rows, mixed types) with its
row and column. The sheet is read in a worker, so a large workbook does not freeze the window;
the import itself is one undoable action through the window's undo stack. Choosing another id
column reads the sheet again with that column.

Export writes through the same staged, cancellable path as the other exports.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
)

from qualcode.domain.errors import QualCodeError
from qualcode.domain.wording import plural
from qualcode.services.participants import sheets
from qualcode.services.participants.sheets import SheetPreview, preview_sheet
from qualcode.ui.shell import workers
from qualcode.ui.shell.long_task import LongTask, Progress, error_text, staged_write
from qualcode.ui.shell.written import report_written

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow

FILTER = "Participant sheets (*.csv *.xlsx);;All files (*)"
FOLDER_KEY = "participants/folder"
GUESS = "(guess)"
ERROR = QColor("#B00020")
TYPE_WORDS = {"boolean": "yes/no"}


def _cell(text: str, colour: QColor | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if colour is not None:
        item.setForeground(colour)
    return item


def _grid(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class SheetImportDialog(QDialog):
    def __init__(self, window: MainWindow, path: Path) -> None:
        super().__init__(window)
        self.window_ = window
        self.path = path
        self.preview: SheetPreview | None = None
        self.work = workers.Latest()
        self.imported = False
        self.setWindowTitle(f"Import participant sheet: {path.name}")
        self.resize(860, 560)
        self.id_column = QComboBox(self)
        self.id_column.addItem(GUESS, None)
        self.id_column.setToolTip("The column that names each participant (name, id, pseudonym)")
        self.id_column.activated.connect(lambda _i: self.read())
        self.create_missing = QCheckBox("Add a new case for each new row", self)
        self.create_missing.setChecked(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.rows = _grid(["Row", "Id in the sheet", "Case", "What happens"])
        self.columns = _grid(["Column", "Stored as", "Values", "Note"])
        self.problems = QListWidget(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.rows, "Rows")
        self.tabs.addTab(self.columns, "Columns")
        self.tabs.addTab(self.problems, "Problems")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = QPushButton("Import", self)
        self.import_button.setEnabled(False)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.clicked.connect(self.run_import)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel("Match rows to cases by the column:", self))
        top.addWidget(self.id_column)
        top.addStretch(1)
        top.addWidget(self.create_missing)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    # -- reading ----------------------------------------------------------------------------
    def read(self) -> None:
        """Preview the sheet in a worker (again, with the chosen id column)."""
        project = self.window_.project
        if project is None:
            return
        chosen = self.id_column.currentData()
        column = str(chosen) if chosen else None
        path, name = self.path, self.path.name
        self.import_button.setEnabled(False)
        self.status.setText(f"Reading {name}…")

        def work(_progress: Progress, _cancelled: Any) -> SheetPreview:
            try:
                return preview_sheet(project, path, column)
            except Exception as exc:  # one line naming the file, never a traceback
                raise QualCodeError(error_text(exc, name)) from None

        self.work.start(work, self.show_preview, self._failed)

    @property
    def task(self) -> workers.Task | None:
        """The sheet being read, if any (a newer read replaces an older one)."""
        return self.work.task

    def _failed(self, message: str) -> None:
        self.preview = None
        self.status.setText(f"<span style='color:#B00020'>{message}</span>")
        self.import_button.setEnabled(False)

    def show_preview(self, preview: SheetPreview) -> None:
        self.preview = preview
        if self.id_column.count() == 1:
            for name in [preview.id_column, *(c.name for c in preview.columns)]:
                if name and self.id_column.findData(name) < 0:
                    self.id_column.addItem(name, name)
        if preview.id_column:
            self.id_column.setCurrentIndex(max(self.id_column.findData(preview.id_column), 0))
        blocking = [p for p in preview.problems if p.blocking]
        text = preview.summary() + "."
        if blocking:
            text += (
                f"<br><span style='color:#B00020'>{plural(len(blocking), 'problem')} must be "
                "fixed in the sheet before it can be imported (see Problems).</span>"
            )
        else:
            text += "<br>Nothing changes until you press Import; Edit › Undo takes it back."
        self.status.setText(text)
        self._fill_rows(preview)
        self._fill_columns(preview)
        self.problems.clear()
        for problem in preview.problems:
            item = QListWidgetItem(problem.message)
            if problem.blocking:
                item.setForeground(ERROR)
            self.problems.addItem(item)
        for warning in preview.warnings:
            self.problems.addItem(QListWidgetItem(warning))
        n = len(preview.problems) + len(preview.warnings)
        self.tabs.setTabText(2, f"Problems ({n:,})" if n else "Problems")
        self.import_button.setEnabled(preview.can_import)
        if blocking:
            self.tabs.setCurrentWidget(self.problems)

    def _fill_rows(self, preview: SheetPreview) -> None:
        self.rows.setRowCount(0)
        lines: list[tuple[str, str, str, str, QColor | None]] = []
        for row in preview.matched:
            how = f"matched by {row.matched_by}" if row.matched_by else "matched"
            lines.append((str(row.row), row.id, row.case_name or "", how, None))
        for row in preview.new:
            lines.append((str(row.row), row.id, row.id, "new case", QColor("#1B5E20")))
        for _case_id, name in preview.unmatched:
            lines.append(("", "", name, "not in the sheet: left as it is", QColor("#777777")))
        self.rows.setRowCount(len(lines))
        for r, (number, ident, case, what, colour) in enumerate(lines):
            for c, text in enumerate((number, ident, case, what)):
                self.rows.setItem(r, c, _cell(text, colour if c == 3 else None))
        self.tabs.setTabText(0, f"Rows ({len(preview.matched) + len(preview.new):,})")

    def _fill_columns(self, preview: SheetPreview) -> None:
        self.columns.setRowCount(len(preview.columns))
        for r, column in enumerate(preview.columns):
            kind = TYPE_WORDS.get(column.type, column.type)
            note = column.clash or column.note
            values = ", ".join(column.options[:8]) + ("…" if len(column.options) > 8 else "")
            self.columns.setItem(r, 0, _cell(column.name))
            self.columns.setItem(r, 1, _cell(kind))
            self.columns.setItem(r, 2, _cell(values))
            self.columns.setItem(r, 3, _cell(note, ERROR if column.clash else None))
        self.tabs.setTabText(1, f"Columns ({len(preview.columns):,})")

    # -- writing ----------------------------------------------------------------------------
    def run_import(self) -> None:
        preview = self.preview
        if preview is None or not preview.can_import:
            return
        path, column, create = self.path, preview.id_column, self.create_missing.isChecked()

        def refused(message: str) -> None:
            self.status.setText(f"<span style='color:#B00020'>{message}</span>")

        change = self.window_.coding.run(
            f"Import {path.name}", lambda p: sheets.import_sheet(p, path, column, create), refused
        )
        if change is not None:
            self.imported = True
            self.accept()


def import_sheet(window: MainWindow) -> SheetImportDialog | None:
    """Ask for a sheet, then open its preview (nothing is written before Import)."""
    project = window.project
    if project is None:
        return None
    folder = str(QSettings().value(FOLDER_KEY, "") or project.path.parent)
    chosen, _ = QFileDialog.getOpenFileName(window, "Import participant sheet", folder, FILTER)
    if not chosen:
        return None
    path = Path(chosen)
    QSettings().setValue(FOLDER_KEY, str(path.parent))
    dialog = SheetImportDialog(window, path)
    dialog.open()
    dialog.read()
    return dialog


def export_sheet(window: MainWindow) -> LongTask | None:
    """Every case and its attributes to a CSV or XLSX sheet the import reads back."""
    project = window.project
    if project is None:
        return None
    folder = str(QSettings().value(FOLDER_KEY, "") or project.path.parent)
    suggested = str(Path(folder) / f"{project.path.stem}-participants.xlsx")
    chosen, used = QFileDialog.getSaveFileName(
        window, "Export participant sheet", suggested, "Excel workbook (*.xlsx);;CSV (*.csv)"
    )
    if not chosen:
        return None
    target = Path(chosen)
    if target.suffix.lower() not in (".xlsx", ".csv"):
        target = target.with_name(target.name + (".csv" if "csv" in used.lower() else ".xlsx"))
    QSettings().setValue(FOLDER_KEY, str(target.parent))
    title = "Export participant sheet"

    def work(_progress: Progress, cancelled: Any) -> list[Path]:
        return staged_write(target, lambda out: sheets.export_sheet(project, out), cancelled)

    def done(paths: list[Path]) -> None:
        report_written(window, title, paths)
        window.statusBar().showMessage(f"Wrote {target}", 10_000)

    task = LongTask(window, title, f"Writing {target.name}…", target.name, work, done)
    return task.start()
