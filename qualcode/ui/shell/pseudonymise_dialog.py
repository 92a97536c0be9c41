"""Protect › Pseudonymise…: the replacement map as an editable table, a preview, then Apply.

The table is seeded from :func:`~qualcode.services.protection.candidates.find_candidates`
(participants' names, speaker labels, emails, phone numbers, postcodes); the researcher edits the
replacements, adds places and organisations, removes what is not identifying. The map is loaded
from and saved to a CSV the researcher keeps *outside* the project: it is never written into the
project file, so a shared project holds no real names.

The preview and the apply run on the GUI thread: on the sample project the preview takes about
30 ms and the apply about 0.2 s, well under the second after which a background task would be
worth its complexity. Applying is the owner's business (``apply``, the window's one command
path), so this dialog holds no undo logic.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.errors import QualCodeError
from qualcode.domain.wording import plural
from qualcode.exporters.replacement_map import write_replacement_map
from qualcode.importers.replacement_map import read_replacement_map
from qualcode.services.protection.candidates import find_candidates
from qualcode.services.protection.pseudonymise import check_mapping, preview_pseudonymise
from qualcode.storage.project import Project

HEADERS = ("Real", "Replacement", "Kind", "Occurrences")
CSV = "Replacement map (*.csv)"
INTRO = (
    "Each real string is replaced, as a whole word, in every document, speaker label, case "
    "name, memo and quote; codings stay on the same words. <b>The map is never stored in the "
    "project</b>: use <i>Save map…</i> to keep it in a folder outside the project, as securely "
    "as the consent forms, and never share it with the project."
)

# (mapping, ignore case) -> None when applied, else the reason it was refused
Apply = Callable[[dict[str, str], bool], str | None]


class PseudonymiseDialog(QDialog):
    def __init__(self, project: Project, apply: Apply, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.apply = apply
        self.setWindowTitle("Pseudonymise the project")
        self.intro = intro = QLabel(INTRO)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.preview_text = QPlainTextEdit()
        self.preview_text.setReadOnly(True)
        self.preview_text.setPlaceholderText("Preview: what Apply would change, per document.")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b91c1c")
        self.problem.hide()
        self.ignore_case = QCheckBox("Ignore case ('MARGARET' matches 'Margaret')")

        tools = QHBoxLayout()
        for text, slot in (
            ("Add row", self.add_row),
            ("Remove rows", self.remove_rows),
            ("Load map…", self.load_map),
            ("Save map…", self.save_map),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, run=slot: run())
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self.ignore_case)
        self.buttons = QDialogButtonBox()
        self.preview_button = self.buttons.addButton(
            "Preview", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.apply_button = self.buttons.addButton("Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.apply_button.setAutoDefault(False)  # Return in the table must not apply the map
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(self.preview)
        self.apply_button.clicked.connect(self.run_apply)
        self.buttons.rejected.connect(self.reject)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.preview_text)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(tools)
        layout.addWidget(split, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(820, 600)
        for c in find_candidates(project):
            self.add_row(c.real, c.suggestion, c.kind, c.occurrences)

    # -- the table ------------------------------------------------------------------------------
    def add_row(
        self, real: str = "", new: str = "", kind: str = "added", n: int | None = None
    ) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate((real, new, kind, "" if n is None else str(n))):
            item = QTableWidgetItem(value)
            if column >= 2:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            if column == 3:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)
        first = self.table.item(row, 0)
        if not real and first is not None:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(first)
        return row

    def remove_rows(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def rows(self) -> list[tuple[str, str, str, int]]:
        out = []
        for row in range(self.table.rowCount()):
            count = self._cell(row, 3)
            out.append(
                (
                    self._cell(row, 0),
                    self._cell(row, 1),
                    self._cell(row, 2),
                    int(count) if count.isdigit() else 0,
                )
            )
        return out

    def mapping(self) -> dict[str, str]:
        """The table as a map; a refusal (a real string given twice, an empty replacement) is a
        QualCodeError."""
        out: dict[str, str] = {}
        for real, new, _kind, _n in self.rows():
            if not real:
                continue
            if real in out and out[real] != new:
                raise QualCodeError(f"'{real}' is in the table twice with different replacements.")
            out[real] = new
        return check_mapping(out)

    def _say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))

    # -- map files ------------------------------------------------------------------------------
    def load_map(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Load a replacement map", str(Path.home()), CSV)
        if not name:
            return
        try:
            loaded = read_replacement_map(Path(name))
        except QualCodeError as exc:
            self._say(str(exc))
            return
        where = {self._cell(r, 0): r for r in range(self.table.rowCount())}
        for real, new in loaded.items():
            row = where.get(real)
            if row is None:
                self.add_row(real, new, "from map")
            else:
                item = self.table.item(row, 1)
                if item is not None:
                    item.setText(new)
        self._say("")
        self.preview_text.setPlainText(f"Loaded {plural(len(loaded), 'row')} from {name}.")

    def save_map(self) -> None:
        default = str(Path.home() / f"{self.project.path.stem}-map.csv")
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the map outside the project", default, CSV
        )
        if not name:
            return
        path = Path(name) if name.lower().endswith(".csv") else Path(name + ".csv")
        try:
            write_replacement_map(path, [r for r in self.rows() if r[0]])
        except (QualCodeError, OSError) as exc:
            self._say(str(exc))
            return
        self._say("")
        self.preview_text.setPlainText(
            f"Saved the map to {path}. Keep it there, outside the project: the project never "
            "holds it."
        )

    # -- preview and apply ----------------------------------------------------------------------
    def preview(self) -> None:
        try:
            mapping = self.mapping()
            report = preview_pseudonymise(
                self.project, mapping, ignore_case=self.ignore_case.isChecked()
            )
        except QualCodeError as exc:
            self._say(str(exc))
            return
        self._say("")
        fold = self.ignore_case.isChecked()
        seen = {k.casefold() if fold else k: n for k, n in report.per_string.items()}
        for row in range(self.table.rowCount()):
            real = self._cell(row, 0)
            item = self.table.item(row, 3)
            if real and item is not None:
                item.setText(str(seen.get(real.casefold() if fold else real, 0)))
        lines = [
            f"{plural(report.replacements, 'replacement')} in "
            f"{plural(len(report.per_document), 'document')}, "
            f"{plural(report.fields, 'other value')} (names, labels, memos, quotes), "
            f"{plural(report.spans_moved, 'coding, quote or turn', 'codings, quotes or turns')} "
            "moved to keep their words.",
            "",
        ]
        lines += [f"{doc}: {plural(n, 'replacement')}" for doc, n in report.per_document.items()]
        missing = [k for k in mapping if (k.casefold() if fold else k) not in seen]
        if missing:
            lines += ["", "Not found in any document's text (may still be in names or labels):"]
            lines += [f"  {k}" for k in missing]
        self.preview_text.setPlainText("\n".join(lines))

    def run_apply(self) -> None:
        try:
            mapping = self.mapping()
        except QualCodeError as exc:
            self._say(str(exc))
            return
        if not mapping:
            self._say("The map is empty: give each real string a replacement.")
            return
        refused = self.apply(mapping, self.ignore_case.isChecked())
        if refused:
            self._say(refused)
        else:
            self.accept()
