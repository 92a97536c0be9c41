"""The small option dialogs of File › Export, one per export that has options.

Each dialog offers exactly the options of the matching ``qualcode export``/``chart`` command, with
the same defaults, and returns them as a plain value whose :meth:`cli_args` spells the command-line
flags: the menu and the CLI then call the same service with the same arguments, and the tests can
check that the two produce the same file. Exports without options (.qdc) open none.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from qualcode.services.reports.measures import MEASURES

if TYPE_CHECKING:  # types only: the counts services load pandas and matplotlib
    from qualcode.services.counts.counts import Mode
    from qualcode.services.counts.counts_report import ChartKind

DEFAULT_MEASURES = ("extracts", "documents", "participants")
NO_GROUPING = "(none)"


def run_dialog(dialog: QDialog) -> bool:
    """Show ``dialog`` modally; True if accepted. Tests replace this to answer without a user."""
    return dialog.exec() == QDialog.DialogCode.Accepted


@dataclass(frozen=True)
class MatrixOptions:
    framework: str | None = None
    level: str = "priority"
    measures: tuple[str, ...] = DEFAULT_MEASURES
    by_attribute: str | None = None

    def cli_args(self) -> list[str]:
        args = ["--measures", ",".join(self.measures)]
        if self.by_attribute:
            return [*args, "--by", self.by_attribute]
        return [*args, "--level", self.level] + (
            ["--framework", self.framework] if self.framework else []
        )


@dataclass(frozen=True)
class ReportOptions:
    framework: str | None = None
    quotes: str = "key"
    quote_style: str = "italic"
    template: Path | None = None

    def cli_args(self) -> list[str]:
        args = ["--quotes", self.quotes, "--quote-style", self.quote_style]
        args += ["--framework", self.framework] if self.framework else []
        return args + (["--template", str(self.template)] if self.template else [])


@dataclass(frozen=True)
class QuoteBankOptions:
    framework: str | None = None
    quotes: str = "key"
    quote_style: str = "blue-italic"

    def cli_args(self) -> list[str]:
        args = ["--quotes", self.quotes, "--quote-style", self.quote_style]
        return args + (["--framework", self.framework] if self.framework else [])


@dataclass(frozen=True)
class CodebookOptions:
    by_attribute: str | None = None

    def cli_args(self) -> list[str]:
        return ["--by", self.by_attribute] if self.by_attribute else []


@dataclass(frozen=True)
class CountsOptions:
    by: str | None = None
    csv: bool = False
    words: int = 50
    lemma: bool = True
    stop_words: bool = False

    def cli_args(self) -> list[str]:
        args = (["--by", self.by] if self.by else []) + ["--words", str(self.words)]
        return args + [
            flag
            for flag, on in (
                ("--csv", self.csv),
                ("--surface", not self.lemma),
                ("--stop-words", self.stop_words),
            )
            if on
        ]


@dataclass(frozen=True)
class ChartOptions:
    kind: ChartKind = "codes"
    by: str | None = None
    mode: Mode = "overlap"
    top: int = 30
    measure: str = "extracts"

    def cli_args(self) -> list[str]:
        args = ["--kind", self.kind, "--mode", self.mode, "--codes", str(self.top)]
        args += ["--measure", self.measure]
        return args + (["--by", self.by] if self.by else [])


@dataclass(frozen=True)
class QdpxOptions:
    positions: str = "codepoint"
    themes_as_codes: bool = False

    def cli_args(self) -> list[str]:
        return ["--positions", self.positions] + (
            ["--themes-as-codes"] if self.themes_as_codes else []
        )


class OptionsDialog(QDialog):
    """A form, a note under it and OK/Cancel; OK is labelled with what happens next."""

    def __init__(self, title: str, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.note = QLabel(note)
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # "NAME-<table>.csv" is not a tag
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Choose file…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)

    def combo(self, label: str, items: list[tuple[str, str | None]]) -> QComboBox:
        box = QComboBox()
        for text, data in items:
            box.addItem(text, data)
        self.form.addRow(label, box)
        return box

    def check(self, text: str, checked: bool = False) -> QCheckBox:
        box = QCheckBox(text)
        box.setChecked(checked)
        self.form.addRow("", box)
        return box

    def spin(self, label: str, low: int, high: int, value: int) -> QSpinBox:
        box = QSpinBox()
        box.setRange(low, high)
        box.setValue(value)
        self.form.addRow(label, box)
        return box


def _grouping(attributes: list[str], kind: bool) -> list[tuple[str, str | None]]:
    items: list[tuple[str, str | None]] = [(NO_GROUPING, None)]
    if kind:
        items.append(("Document kind", "kind"))
    return items + [(name, name) for name in attributes]


class MatrixDialog(OptionsDialog):
    """Themes × a framework's priorities or items, or (``attributes`` given) × an attribute."""

    def __init__(
        self,
        frameworks: list[str],
        attributes: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        by_attribute = attributes is not None
        title = "Theme × attribute matrix" if by_attribute else "Theme × priority matrix"
        note = (
            "Each coding counts under the value of its speaker's case (or its document)."
            if by_attribute
            else "Counts each theme's evidence under the framework items it is linked to."
        )
        super().__init__(title, note, parent)
        self.framework: QComboBox | None = None
        self.level: QComboBox | None = None
        self.attribute: QComboBox | None = None
        if attributes is not None:
            self.attribute = self.combo("Attribute", [(a, a) for a in attributes])
        else:
            self.framework = self.combo("Framework", [(f, f) for f in frameworks])
            self.level = self.combo(
                "Columns", [("Priorities (top level)", "priority"), ("Every item", "item")]
            )
        self.measures: dict[str, QCheckBox] = {}
        for i, measure in enumerate(MEASURES):
            box = QCheckBox(measure.capitalize())
            box.setChecked(measure in DEFAULT_MEASURES)
            box.toggled.connect(self._measures_changed)
            self.form.addRow("Measures" if i == 0 else "", box)
            self.measures[measure] = box

    def _measures_changed(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(any(b.isChecked() for b in self.measures.values()))

    def options(self) -> MatrixOptions:
        measures = tuple(m for m, box in self.measures.items() if box.isChecked())
        if self.attribute is not None:
            return MatrixOptions(measures=measures, by_attribute=self.attribute.currentData())
        assert self.framework is not None and self.level is not None
        return MatrixOptions(self.framework.currentData(), self.level.currentData(), measures)


class ReportDialog(OptionsDialog):
    """The Word theme report: which framework orders it, which quotes, how they look, whose
    styles (an organisation's .docx or .dotx template)."""

    def __init__(self, frameworks: list[str], parent: QWidget | None = None) -> None:
        super().__init__(
            "Theme report",
            "An A4 Word section: one heading per priority, each theme with its definition, "
            "write-up, evidence counts and quotes, and a method appendix.",
            parent,
        )
        self.framework, self.quotes, self.quote_style = _quote_choices(self, frameworks, "italic")
        self.template: Path | None = None
        self.template_label = QLabel("None: Word's standard styles")
        self.template_label.setTextFormat(Qt.TextFormat.PlainText)
        choose, clear = QPushButton("Choose…"), QPushButton("None")
        choose.clicked.connect(self._choose_template)
        clear.clicked.connect(lambda: self._set_template(None))
        row = QHBoxLayout()
        row.addWidget(self.template_label, 1)
        row.addWidget(choose)
        row.addWidget(clear)
        self.form.addRow("Styles from", row)

    def _choose_template(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Styles from", "", "Word document or template (*.docx *.dotx)"
        )
        if chosen:
            self._set_template(Path(chosen))

    def _set_template(self, path: Path | None) -> None:
        self.template = path
        self.template_label.setText(path.name if path else "None: Word's standard styles")

    def options(self) -> ReportOptions:
        return ReportOptions(
            self.framework.currentData(),
            self.quotes.currentData(),
            self.quote_style.currentData(),
            self.template,
        )


class QuoteBankDialog(OptionsDialog):
    """The Word quote bank: which framework's priorities head it, which quotes, how they look."""

    def __init__(self, frameworks: list[str], parent: QWidget | None = None) -> None:
        super().__init__(
            "Quote bank",
            "An A4 Word document: one heading per priority, each theme with its definition and "
            "quotes with attributions, each quote once.",
            parent,
        )
        self.framework, self.quotes, self.quote_style = _quote_choices(
            self, frameworks, "blue-italic"
        )

    def options(self) -> QuoteBankOptions:
        return QuoteBankOptions(
            self.framework.currentData(), self.quotes.currentData(), self.quote_style.currentData()
        )


def _quote_choices(
    dialog: OptionsDialog, frameworks: list[str], style: str
) -> tuple[QComboBox, QComboBox, QComboBox]:
    """Framework, quotes (key or all) and quote style, as ``qualcode export report|quotes``
    offer them; ``style`` is the command's default and comes first."""
    offered: list[tuple[str, str | None]] = [(f, f) for f in frameworks]
    framework = dialog.combo("Framework", offered or [("None yet: themes in one list", None)])
    quotes = dialog.combo("Quotes", [("Key extracts", "key"), ("Every coded extract", "all")])
    styles = {"italic": "Italic", "plain": "Plain", "blue-italic": "Blue italic"}
    ordered = [style, *(s for s in styles if s != style)]
    quote_style = dialog.combo("Quote style", [(styles[s], s) for s in ordered])
    return framework, quotes, quote_style


class CodebookDialog(OptionsDialog):
    def __init__(self, attributes: list[str], parent: QWidget | None = None) -> None:
        super().__init__(
            "Codebook",
            "The codebook with definitions, themes and counts; optionally with the extracts "
            "counted by the values of an attribute.",
            parent,
        )
        self.by = self.combo("Count by", _grouping(attributes, kind=False))

    def options(self) -> CodebookOptions:
        return CodebookOptions(self.by.currentData())


class CountsDialog(OptionsDialog):
    def __init__(self, attributes: list[str], parent: QWidget | None = None) -> None:
        super().__init__(
            "Counts workbook",
            "Code frequencies by group, co-occurrence, coverage and word counts. With CSV, one "
            "file per table is written beside the workbook (NAME-<table>.csv).",
            parent,
        )
        self.by = self.combo("Group by", _grouping(attributes, kind=True))
        self.words = self.spin("Top words (0: none)", 0, 100_000, 50)
        self.surface = self.check("Count words as written, not lemmas")
        self.stop_words = self.check("Keep stop words (the, and…)")
        self.csv = self.check("Also write one CSV file per table")

    def options(self) -> CountsOptions:
        return CountsOptions(
            self.by.currentData(),
            self.csv.isChecked(),
            self.words.value(),
            not self.surface.isChecked(),
            self.stop_words.isChecked(),
        )


class ChartDialog(OptionsDialog):
    def __init__(self, attributes: list[str], parent: QWidget | None = None) -> None:
        super().__init__(
            "Chart",
            "Saved as PNG or SVG: choose by the file type in the next step.",
            parent,
        )
        self.kind = self.combo(
            "Chart",
            [
                ("Code frequencies", "codes"),
                ("Code co-occurrence", "cooccurrence"),
                ("Coding coverage per document", "coverage"),
            ],
        )
        self.by = self.combo("Panels by", _grouping(attributes, kind=True))
        self.measure = self.combo(
            "Measure",
            [
                ("Extracts", "extracts"),
                ("Documents", "documents"),
                ("Participants", "participants"),
            ],
        )
        self.mode = self.combo(
            "Co-occurrence",
            [("Overlapping codings", "overlap"), ("Same turn or answer", "turn")],
        )
        self.top = self.spin("Top codes", 1, 10_000, 30)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        """Offer only what the chosen chart uses (the CLI ignores the rest)."""
        kind = self.kind.currentData()
        self.by.setEnabled(kind == "codes")
        self.measure.setEnabled(kind == "codes")
        self.mode.setEnabled(kind == "cooccurrence")
        self.top.setEnabled(kind != "coverage")

    def options(self) -> ChartOptions:
        return ChartOptions(
            self.kind.currentData(),
            self.by.currentData(),
            self.mode.currentData(),
            self.top.value(),
            self.measure.currentData(),
        )


class QdpxDialog(OptionsDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "REFI-QDA project",
            "Code points are the REFI-QDA standard (ATLAS.ti, MAXQDA, QualCoder). NVivo counts "
            "UTF-16 units in CRLF text: choose that when the file is going to NVivo.",
            parent,
        )
        self.positions = self.combo(
            "Positions",
            [("Code points (standard)", "codepoint"), ("UTF-16 units and CRLF (NVivo)", "utf16")],
        )
        self.themes_as_codes = self.check("Also write themes as parent codes (tools without sets)")

    def options(self) -> QdpxOptions:
        return QdpxOptions(self.positions.currentData(), self.themes_as_codes.isChecked())
