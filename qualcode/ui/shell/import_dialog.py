"""The import dialog: choose files, see what will be created, adjust, then import.

Reading runs in a worker and shows a preview (per file: the layout recognised, e.g. "Otter.ai
text export", with its speakers and turns; documents, cases, questions, warnings) before anything
is written. Speakers can be renamed (two labels given one name become one case) and marked as
facilitators; a speaker pattern replaces layout detection; consecutive blocks by one speaker can
be kept apart. A survey file shows its layout with its respondents and questions, and its
columns with their roles (``survey_columns.py``), which the user can correct. The preview is
rebuilt from the same options the CLI takes.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.wording import plural
from qualcode.importers.detect import KINDS, ImportOptions, load_file
from qualcode.importers.model import ImportBatch
from qualcode.services.documents.duplicates import Duplicates, find_duplicates
from qualcode.services.documents.imports import ImportReport, import_batches
from qualcode.storage.project import Project
from qualcode.ui.shell.survey_columns import SurveyColumns, options_with_roles, survey_summary
from qualcode.ui.shell.workers import Task

FILTER = (
    "Importable files (*.txt *.docx *.odt *.rtf *.pdf *.vtt *.srt *.csv *.tsv *.xlsx);;"
    "All files (*)"
)
DOC_KINDS = ["focus_group", "interview", "informal_conversation", "field_notes", "other"]


Preview = tuple[list[ImportBatch], list[Duplicates]]


def _warn_duplicates(top: QTreeWidgetItem, dup: Duplicates) -> None:
    """Say, under a file in the preview, what of it the project already has."""
    if dup.skipped_as:
        names = ", ".join(dup.skipped_as)
        text = f"Already in the project as {names}; it will be skipped."
        item = QTreeWidgetItem(top, ["Already imported", text])
        top.setText(1, "already in the project: will be skipped")
        top.setForeground(1, Qt.GlobalColor.darkRed)
        item.setForeground(1, Qt.GlobalColor.darkRed)
        top.setToolTip(0, text)
    for doc, stored in dup.repeated:
        text = f"'{doc}' is already in the project as {stored}; it will be imported again."
        QTreeWidgetItem(top, ["Already imported", text]).setForeground(1, Qt.GlobalColor.darkRed)


def _layout_summary(batch: ImportBatch) -> str:
    """'Otter.ai text export: 2 speakers, 4 turns' (the layout alone for other files)."""
    turns = [p for doc in batch.documents for p in doc.parts if p.kind == "turn"]
    speakers = {p.speaker for p in turns if p.speaker}
    if not batch.layout:
        return ""
    if not turns:
        return batch.layout
    return f"{batch.layout}: {plural(len(speakers), 'speaker')}, {plural(len(turns), 'turn')}"


def _show_survey(top: QTreeWidgetItem, batch: ImportBatch) -> None:
    """A survey file's line says its layout and how many respondents and questions it gives."""
    top.setText(1, survey_summary(batch))
    for i in range(top.childCount()):
        child = top.child(i)
        if child is not None and child.text(0) == "Layout":
            child.setText(1, survey_summary(batch))


class ImportDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.batches: list[ImportBatch] = []
        self.reports: list[ImportReport] = []
        self.task: Task | None = None
        self.speaker_map: dict[str, str] = {}
        self.column_roles: dict[str, dict[str, str]] = {}  # survey file name -> roles chosen
        self.setWindowTitle("Import files")
        self.resize(900, 640)

        self.files = QListWidget()
        add, remove = QPushButton("Add files…"), QPushButton("Remove")
        add.clicked.connect(self._add_files)
        remove.clicked.connect(self._remove_files)
        self.as_ = QComboBox()
        self.as_.addItems(["Detect automatically", *KINDS])
        self.doc_kind = QComboBox()
        self.doc_kind.addItems(["(by format)", *DOC_KINDS])
        self.facilitators = QLineEdit(placeholderText="e.g. Facilitator, Sam (comma-separated)")
        self.pattern = QLineEdit(placeholderText=r"optional, e.g. ^(?P<speaker>[A-Z]+) -- ")
        self.pattern.setToolTip(
            "A regular expression matched at the start of each line, with a group "
            "(?P<speaker>...) and optionally (?P<time>...). It replaces the layout detection."
        )
        self.keep_blocks = QCheckBox("Keep consecutive blocks by one speaker apart")
        self.keep_blocks.setToolTip(
            "By default, blocks by the same speaker that follow each other become one turn."
        )
        self.keep_blocks.toggled.connect(self.refresh_preview)
        self.instrument = QLineEdit(placeholderText="survey or grid name (default: file name)")
        self.layout_ = QComboBox()
        self.layout_.addItems(["per_question", "per_respondent"])
        for widget in (self.as_, self.doc_kind, self.layout_):
            widget.currentIndexChanged.connect(self.refresh_preview)
        for edit in (self.facilitators, self.pattern, self.instrument):
            edit.editingFinished.connect(self.refresh_preview)

        form = QFormLayout()
        form.addRow("Import as", self.as_)
        form.addRow("Document kind", self.doc_kind)
        form.addRow("Facilitators", self.facilitators)
        form.addRow("Speaker pattern", self.pattern)
        form.addRow("", self.keep_blocks)
        form.addRow("Instrument", self.instrument)
        form.addRow("Survey layout", self.layout_)

        self.preview = QTreeWidget()
        self.preview.setHeaderLabels(["What will be created", "Details"])
        self.speakers = QTableWidget(0, 4)
        self.speakers.setHorizontalHeaderLabels(
            ["Label in file", "Case name", "Parts", "Facilitator"]
        )
        self.speakers.horizontalHeader().setStretchLastSection(True)
        self.speakers.itemChanged.connect(self._speaker_edited)
        self.columns = SurveyColumns()
        self.columns.roles_changed.connect(self._roles_changed)

        self.status = QLabel("Add the files to import.")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._import)
        self.buttons.rejected.connect(self._cancel)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        left_layout.addWidget(QLabel("Files"))
        left_layout.addWidget(self.files)
        left_layout.addLayout(row)
        left_layout.addLayout(form)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.preview)
        right.addWidget(self.speakers)
        right.addWidget(self.columns)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([340, 560])
        outer = QVBoxLayout(self)
        outer.addWidget(split)
        outer.addWidget(self.status)
        outer.addWidget(self.progress)
        outer.addWidget(self.buttons)

    # -- files and options ---------------------------------------------------------------------
    def add_paths(self, paths: list[Path]) -> None:
        for path in paths:
            self.files.addItem(str(path))
        self.refresh_preview()

    def _add_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Choose files to import", "", FILTER)
        if names:
            self.add_paths([Path(n) for n in names])

    def _remove_files(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self.refresh_preview()

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def options(self) -> ImportOptions:
        as_: Any = self.as_.currentText() if self.as_.currentIndex() > 0 else None
        names = [n.strip() for n in self.facilitators.text().split(",") if n.strip()]
        return ImportOptions(
            as_=as_,
            document_kind=self.doc_kind.currentText() if self.doc_kind.currentIndex() else None,
            speaker_pattern=self.pattern.text().strip() or None,
            facilitators=names,
            speaker_map=dict(self.speaker_map),
            instrument=self.instrument.text().strip() or None,
            layout="per_respondent" if self.layout_.currentIndex() else "per_question",
            keep_same_speaker_blocks=self.keep_blocks.isChecked(),
        )

    # -- preview --------------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        paths, options = self.paths(), self.options()
        self.import_button.setEnabled(False)
        if not paths:
            self.preview.clear()
            self.speakers.setRowCount(0)
            return
        if self.task is not None:
            self.task.cancel()
        project = self.project
        chosen = dict(self.column_roles)

        def work(progress: Any, cancelled: Any) -> Preview:
            batches = []
            for i, path in enumerate(paths):
                if cancelled():
                    return [], []
                progress(i, len(paths), f"Reading {path.name}")
                # a survey's column roles chosen in the preview override the guess for that file
                roles = chosen.get(path.name)
                opts = options_with_roles(options, roles) if roles else options
                batches.append(load_file(path, opts))
            return batches, find_duplicates(project, batches)

        self._run(work, self._show_preview, "Reading files…")

    def _show_preview(self, preview: Preview) -> None:
        batches, duplicates = preview
        self.batches = batches
        self.preview.clear()
        speakers: dict[str, list[Any]] = {}
        for batch, dup in zip(batches, duplicates, strict=True):
            top = QTreeWidgetItem([batch.source, _layout_summary(batch)])
            self.preview.addTopLevelItem(top)
            if batch.layout:
                QTreeWidgetItem(top, ["Layout", top.text(1)])
            _warn_duplicates(top, dup)
            counts: Counter[str] = Counter()
            for doc in batch.documents:
                kinds = Counter(p.kind for p in doc.parts)
                detail = ", ".join(plural(n, k) for k, n in kinds.items()) or "no parts"
                QTreeWidgetItem(top, [f"Document: {doc.name}", f"{doc.kind}; {detail}"])
                counts.update(p.speaker for p in doc.parts if p.speaker)
            for key, case in batch.cases.items():
                attrs = ", ".join(f"{k}: {v}" for k, v in case.attributes.items())
                QTreeWidgetItem(top, [f"Case: {case.name}", attrs])
                entry = speakers.setdefault(case.name, [case.name, 0, case.is_facilitator])
                entry[1] += counts[key]
            for q in batch.questions.values():
                QTreeWidgetItem(top, [f"Question {q.label}", q.text])
            for warning in batch.warnings:
                item = QTreeWidgetItem(top, ["Warning", warning])
                item.setForeground(1, Qt.GlobalColor.darkRed)
            if batch.column_roles:
                _show_survey(top, batch)
            top.setExpanded(True)
        self.preview.resizeColumnToContents(0)
        surveys = [b for b in batches if b.column_roles]
        shown = [b for b in surveys if b.source == self.columns.source] or surveys
        self.columns.show_batch(shown[0] if shown else None)
        self._fill_speakers(list(speakers.values()))
        fresh = [b for b, d in zip(batches, duplicates, strict=True) if not d.skipped_as]
        total_docs = sum(len(b.documents) for b in fresh)
        skipped = len(batches) - len(fresh)
        self.status.setText(
            f"{plural(len(batches), 'file')}: {plural(total_docs, 'document')} and "
            f"{plural(len(speakers), 'case')} will be created or matched. Rename a case "
            "to merge speakers; tick facilitators."
            + (
                f" ⚠ {plural(skipped, 'file is', 'files are')} already in the project and "
                f"will be skipped."
                if skipped
                else ""
            )
        )
        self.import_button.setEnabled(len(batches) > skipped)

    def _fill_speakers(self, rows: list[list[Any]]) -> None:
        self.speakers.blockSignals(True)
        self.speakers.setRowCount(len(rows))
        for r, (name, parts, facilitator) in enumerate(rows):
            label = QTableWidgetItem(name)
            label.setFlags(label.flags() & ~Qt.ItemFlag.ItemIsEditable)
            count = QTableWidgetItem(str(parts))
            count.setFlags(count.flags() & ~Qt.ItemFlag.ItemIsEditable)
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked if facilitator else Qt.CheckState.Unchecked)
            for c, item in enumerate((label, QTableWidgetItem(name), count, check)):
                self.speakers.setItem(r, c, item)
        self.speakers.blockSignals(False)
        self.speakers.resizeColumnsToContents()

    def _speaker_edited(self, item: QTableWidgetItem) -> None:
        label_item = self.speakers.item(item.row(), 0)
        if label_item is None:
            return
        label = label_item.text()
        if item.column() == 1 and item.text().strip() and item.text().strip() != label:
            self.speaker_map[label] = item.text().strip()
        elif item.column() == 3:
            names = [n.strip() for n in self.facilitators.text().split(",") if n.strip()]
            name_item = self.speakers.item(item.row(), 1)
            if name_item is None:
                return
            name = name_item.text().strip()
            if item.checkState() == Qt.CheckState.Checked and name not in names:
                names.append(name)
            elif item.checkState() != Qt.CheckState.Checked and name in names:
                names.remove(name)
            self.facilitators.setText(", ".join(names))
        else:
            return
        self.refresh_preview()

    def _roles_changed(self, source: str, roles: dict[str, str]) -> None:
        self.column_roles[source] = roles
        self.refresh_preview()

    # -- import ---------------------------------------------------------------------------------
    def _import(self) -> None:
        batches, project = list(self.batches), self.project

        def work(progress: Any, cancelled: Any) -> list[ImportReport]:
            return import_batches(project, batches, progress=progress, cancelled=cancelled)

        self._run(work, self._imported, "Importing…")

    def _imported(self, reports: list[ImportReport]) -> None:
        self.reports = reports
        self.accept()

    def _run(self, work: Any, on_done: Any, message: str) -> None:
        task = Task(work)
        self.task = task
        self.status.setText(message)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)

        def progress(done: int, total: int, what: str) -> None:
            if self.task is task:
                self.progress.setRange(0, max(total, 1))
                self.progress.setValue(done)
                self.status.setText(what)

        def finished(result: Any) -> None:
            if self.task is task:
                self.task = None
                self.progress.setVisible(False)
                on_done(result)

        def failed(message: str) -> None:
            if self.task is task:
                self.task = None
                self.progress.setVisible(False)
                self.status.setText(message)
                self.batches = []
                self.import_button.setEnabled(False)

        task.signals.progress.connect(progress)
        task.signals.done.connect(finished)
        task.signals.failed.connect(failed)
        task.start()

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task = None
        self.reject()
