"""Code › Coder Agreement…: agreement per code between chosen coders, and what they disagree on.

The dialog opens on the caution that reflexive thematic analysis does not need coder agreement,
so the figures read as an option for teams that want them, not a verdict. The figures are computed
off the GUI thread (a large project is millions of characters); a double-click on a disagreement
shows it in the reader, where the team can discuss it; Export… writes the same figures to Excel.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.wording import plural
from qualcode.services.team.agreement import CAUTION, AgreementResult, agreement
from qualcode.services.team.coders import coder_rows
from qualcode.storage.project import Project
from qualcode.ui.shell.long_task import Check, LongTask, Progress
from qualcode.ui.shell.workers import Latest, Task

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow

FIGURES = ["Code", "Agreement %", "Cohen's kappa", "Krippendorff's alpha", "Coded by all"]
PLACES = ["Document", "Span", "Code", "Applied by", "Not by", "Text"]


def _fmt(x: float | None, places: int) -> str:
    return "—" if x is None else f"{x:.{places}f}"


def _item(text: str, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class AgreementDialog(QDialog):
    def __init__(self, window: MainWindow, project: Project) -> None:
        super().__init__(window)
        self.window_ = window
        self.project = project
        self.outcome: AgreementResult | None = None
        self.work = Latest()
        self.export_task: LongTask | None = None
        self.setWindowTitle("Coder agreement")
        self.resize(1000, 640)
        caution = QLabel(f"<i>{html.escape(CAUTION)}</i>")
        caution.setWordWrap(True)
        self.coders = QListWidget()
        self.coders.setMaximumWidth(220)
        for row in coder_rows(project):
            item = QListWidgetItem(f"{row.name} ({plural(row.codings, 'coding')})")
            item.setData(Qt.ItemDataRole.UserRole, row.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if row.codings else Qt.CheckState.Unchecked)
            self.coders.addItem(item)
        self.unit = QComboBox()
        self.unit.addItem("Characters", "character")
        self.unit.addItem("Turns and answers", "turn")
        self.compute = QPushButton("Compute")
        self.compute.clicked.connect(self.run)
        self.export = QPushButton("Export…")
        self.export.setEnabled(False)
        self.export.clicked.connect(lambda: self.export_to())
        self.status = QLabel("Choose coders and press Compute.")
        self.status.setWordWrap(True)
        self.figures = self._table(FIGURES)
        self.places = self._table(PLACES)
        self.places.doubleClicked.connect(lambda index: self.jump(index.row()))
        left = QVBoxLayout()
        left.addWidget(QLabel("Coders"))
        left.addWidget(self.coders, 1)
        left.addWidget(QLabel("Unit"))
        left.addWidget(self.unit)
        left.addWidget(self.compute)
        left.addWidget(self.export)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.figures)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("Disagreements (double-click to show in the document)"))
        column.addWidget(self.places)
        right.addWidget(box)
        right.setSizes([260, 300])
        body = QHBoxLayout()
        body.addLayout(left)
        body.addWidget(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(caution)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)

    def _table(self, labels: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(labels))
        table.setHorizontalHeaderLabels(labels)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.horizontalHeader().setSectionResizeMode(
            len(labels) - 1 if labels is PLACES else 0, QHeaderView.ResizeMode.Stretch
        )
        return table

    def chosen(self) -> list[str]:
        return [
            str(self.coders.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.coders.count())
            if self.coders.item(i).checkState() == Qt.CheckState.Checked
        ]

    def run(self) -> Task | None:
        names, unit = self.chosen(), str(self.unit.currentData())
        if len(names) < 2:
            self.status.setText("Tick at least two coders.")
            return None
        project = self.project
        self.status.setText("Computing…")
        self.compute.setEnabled(False)
        return self.work.start(
            lambda _p, _c: agreement(project, names, unit),  # type: ignore[arg-type]
            self._shown,
            self._failed,
        )

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.compute.setEnabled(True)  # the researcher can change the choice and try again

    def _shown(self, result: AgreementResult) -> None:
        self.compute.setEnabled(True)
        self.outcome = result
        rows = [*result.codes, result.overall]
        self.figures.setRowCount(len(rows))
        for r, c in enumerate(rows):
            f = c.figures
            values = [
                _fmt(f.percent, 1),
                _fmt(f.kappa, 3),
                _fmt(f.alpha, 3),
                f"{f.agreed_yes:,.0f}",
            ]
            self.figures.setItem(r, 0, _item(c.code_name))
            for col, text in enumerate(values, start=1):
                self.figures.setItem(r, col, _item(text, True))
        for col in range(len(FIGURES)):  # the pooled row in bold
            cell = self.figures.item(len(rows) - 1, col)
            if cell is not None:
                font = cell.font()
                font.setBold(True)
                cell.setFont(font)
        self.figures.resizeColumnsToContents()
        self.figures.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.places.setRowCount(len(result.disagreements))
        for r, d in enumerate(result.disagreements):
            cells = [
                d.document_name,
                f"{d.start:,}–{d.end:,}",
                d.code_name,
                ", ".join(d.applied_by),
                ", ".join(d.not_by),
                d.excerpt,
            ]
            for col, text in enumerate(cells):
                self.places.setItem(r, col, _item(text))
        for col, width in enumerate((150, 90, 130, 90, 90)):
            self.places.setColumnWidth(col, width)
        self.export.setEnabled(True)
        unit = "characters" if result.unit == "character" else "turns and answers"
        left_out = (
            f" {plural(len(result.left_out), 'document')} left out: not coded by every chosen "
            "coder (hover for the notes)."
            if result.left_out
            else ""
        )
        self.status.setText(
            f"{', '.join(c.name for c in result.coders)} on "
            f"{plural(len(result.documents), 'document')} ({unit}); "
            f"{plural(result.disagreement_count, 'disagreement')}.{left_out}"
        )
        self.status.setToolTip("\n".join(result.notes))

    def jump(self, row: int) -> None:
        if self.outcome is None or not 0 <= row < len(self.outcome.disagreements):
            return
        d = self.outcome.disagreements[row]
        self.window_.jump_to(d.document_id, d.start, d.end)

    def export_to(self, path: Path | None = None) -> LongTask | None:
        result = self.outcome
        if result is None:
            return None
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self, "Export coder agreement", "agreement.xlsx", "Excel workbook (*.xlsx)"
            )
            if not name:
                return None
            path = Path(name if name.endswith(".xlsx") else name + ".xlsx")
        target, project_name = path, self.project.path.stem

        def write(_progress: Progress, _cancelled: Check) -> Path:
            from qualcode.services.team.agreement_export import export_agreement

            return export_agreement(result, target, project_name)

        def written(done: Path) -> None:
            self.status.setText(f"Wrote {done}")

        self.export_task = LongTask(
            self, "Export coder agreement", f"Writing {target.name}…", target.name, write, written
        )
        return self.export_task.start()
