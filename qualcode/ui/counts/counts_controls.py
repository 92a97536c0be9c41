"""What the Counts tab counts: its control column, and the worker function that counts and draws.

The controls only describe a request (:class:`CountsSpec`); :func:`compute` asks the counting
services for a DataFrame and draws the chart from that same DataFrame with
:mod:`qualcode.exporters.charts`, so the table under the chart always shows the charted numbers.
:func:`compute` runs in a worker thread: no widgets here beyond the control column itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd  # type: ignore[import-untyped]
from matplotlib.figure import Figure
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.errors import QualCodeError
from qualcode.domain.wording import plural
from qualcode.exporters import charts
from qualcode.services.counts import counts, counts_report
from qualcode.storage.project import Project
from qualcode.ui.counts.chart_view import MPL_LOCK

KINDS = (
    ("codes", "Code frequencies by group"),
    ("cooccurrence", "Co-occurrence of codes"),
    ("coverage", "Coverage per document"),
    ("words", "Word frequencies"),
)
MEASURES = (("extracts", "Extracts (codings)"), ("documents", "Documents"),
            ("participants", "Participants"))  # fmt: skip
WORD_COLOUR = "#4C78A8"
COVERAGE_COLUMNS = {
    "kind": "Kind",
    "characters": "Characters",
    "coded_characters": "Coded characters",
    "percent": "Percent coded",
    "codings": "Codings",
}


@dataclass(frozen=True)
class CountsSpec:
    what: str = "codes"
    by: str | None = None  # an attribute name, "kind" (word counts only) or None
    mode: str = "overlap"
    measure: str = "extracts"
    top: int = 20
    code_ids: tuple[int, ...] | None = None  # None: the top codes
    lemma: bool = True
    stop_words: bool = False


@dataclass(frozen=True)
class Result:
    spec: CountsSpec
    table: pd.DataFrame
    index_title: str
    figure: Figure | None
    caption: str
    message: str = ""  # why there is no figure


def _figure(build: object) -> tuple[Figure | None, str]:
    with MPL_LOCK:
        try:
            return build(), ""  # type: ignore[operator]
        except QualCodeError as exc:
            return None, str(exc)


def _codes(project: Project, spec: CountsSpec) -> Result:
    freq = counts.code_frequencies(project, spec.by, spec.code_ids)
    totals = freq.table[(counts.ALL, spec.measure)].to_numpy()
    if spec.code_ids is None:
        keep = set(counts.top_codes(freq, spec.top, spec.measure))
        rows = [i for i, c in enumerate(freq.codes) if c.id in keep and totals[i] > 0]
    else:
        rows = list(range(len(freq.codes)))
    table = freq.measure(spec.measure, total=True).iloc[rows]
    shown = freq.measure(spec.measure, total=freq.attribute is None).iloc[rows]
    colours = [freq.codes[i].colour for i in rows]
    title, subtitle = counts_report.code_chart_text(spec.measure, freq.attribute, freq.scope)
    figure, message = _figure(
        lambda: charts.code_bars_figure(
            shown, colours, title=title, subtitle=subtitle, measure=spec.measure
        )
    )
    caption = f"{title}: the charted numbers, with the All column counting every coding."
    return Result(spec, table, "Code", figure, caption, message)


def _cooccurrence(project: Project, spec: CountsSpec) -> Result:
    ids = list(spec.code_ids) if spec.code_ids is not None else None
    if ids is None:
        freq = counts.code_frequencies(project, None)
        totals = freq.table[(counts.ALL, "extracts")].to_numpy()
        ranked = counts.top_codes(freq, min(spec.top, charts.MAX_MATRIX), "extracts")
        ids = [c.id for i, c in enumerate(freq.codes) if c.id in set(ranked) and totals[i] > 0]
    mode: counts.Mode = "turn" if spec.mode == "turn" else "overlap"
    matrix = counts.cooccurrence(project, mode, ids).matrix
    title, counted, cell = counts_report.cooccurrence_text(mode)
    figure, message = _figure(
        lambda: charts.cooccurrence_figure(matrix, title=title, subtitle=cell, counted=counted)
    )
    return Result(spec, matrix, "Code", figure, f"{title}. {cell}", message)


def _coverage(project: Project, spec: CountsSpec) -> Result:
    frame = counts.coverage(project)
    title = "Coding coverage per document"
    subtitle = "Share of each document's characters inside at least one coding."
    shown = frame.head(charts.MAX_ROWS * 2)
    figure, message = _figure(lambda: charts.coverage_figure(shown, title=title, subtitle=subtitle))
    table = frame.set_index("document").rename(columns=COVERAGE_COLUMNS)
    return Result(spec, table, "Document", figure, f"{title}. {subtitle}", message)


def _words(project: Project, spec: CountsSpec) -> Result:
    table = counts.word_frequencies(project, spec.by, spec.lemma, spec.top, spec.stop_words)
    grouped = len(table.columns) > 1
    shown = table.drop(columns=counts.ALL) if grouped else table
    what = "lemmas" if spec.lemma else "words"
    group = {None: "", "kind": " by document kind"}.get(spec.by, f" by {spec.by}")
    title = f"Most frequent {what}{group}"
    subtitle = (
        ("Each lemma counts all its forms ('waited', 'waiting' → 'wait'). " if spec.lemma else "")
        + "Words said in turns and answers; "
        + ("stop words kept." if spec.stop_words else "stop words ('the', 'and'…) left out.")
    )
    figure, message = _figure(
        lambda: charts.code_bars_figure(
            shown, [WORD_COLOUR] * len(shown), title=title, subtitle=subtitle, measure="occurrences"
        )
    )
    return Result(spec, table, "Word", figure, f"{title}. {subtitle}", message)


def compute(project: Project, spec: CountsSpec) -> Result:
    """Count and draw what ``spec`` asks for (runs in a worker)."""
    if spec.code_ids is not None and not spec.code_ids and spec.what in ("codes", "cooccurrence"):
        raise QualCodeError("Select one or more codes in the Codebook, or choose the top codes.")
    return {"codes": _codes, "cooccurrence": _cooccurrence, "coverage": _coverage,
            "words": _words}[spec.what](project, spec)  # fmt: skip


def _heading(text: str) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    label.setContentsMargins(0, 8, 0, 0)
    return label


class CountsControls(QWidget):
    """The left column of the Counts tab; ``changed`` fires on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.selected_codes: list[int] = []
        self.what = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(_heading("What"))
        for i, (_key, label) in enumerate(KINDS):
            button = QRadioButton(label)
            self.what.addButton(button, i)
            layout.addWidget(button)
        self.what.button(0).setChecked(True)
        self.mode = QComboBox()
        self.mode.addItem("Overlapping codings", "overlap")
        self.mode.addItem("Same turn or answer", "turn")
        self.by = QComboBox()
        self.measure = QComboBox()
        for key, label in MEASURES:
            self.measure.addItem(label, key)
        self.top = QSpinBox(minimum=1, maximum=charts.MAX_ROWS, value=20)
        self.use_top = QRadioButton("Top")
        self.use_selected = QRadioButton("Codes selected in the Codebook")
        self.use_top.setChecked(True)
        self.lemma = QCheckBox("Count lemmas (all forms)")
        self.lemma.setChecked(True)
        self.stop_words = QCheckBox("Include stop words")
        self.sections: dict[str, QWidget] = {}
        top_row = QHBoxLayout()
        top_row.setContentsMargins(0, 0, 0, 0)
        top_row.addWidget(self.use_top)
        top_row.addWidget(self.top)
        self.top_label = QLabel("codes")
        top_row.addWidget(self.top_label)
        top_row.addStretch(1)
        sections: list[tuple[str, str, list[QWidget | QHBoxLayout]]] = [
            ("mode", "Counted by", [self.mode]),
            ("by", "Group by", [self.by]),
            ("measure", "Measure", [self.measure]),
            ("top", "Show", [top_row, self.use_selected]),
            ("words", "Words", [self.lemma, self.stop_words]),
        ]
        for key, title, widgets in sections:
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(_heading(title))
            for w in widgets:
                if isinstance(w, QHBoxLayout):
                    column.addLayout(w)
                else:
                    column.addWidget(w)
            self.sections[key] = box
            layout.addWidget(box)
        layout.addStretch(1)
        self.save_chart = QPushButton("Save chart…")
        self.export_excel = QPushButton("Export Excel…")
        self.export_csv = QPushButton("Export CSV…")
        for push in (self.save_chart, self.export_excel, self.export_csv):
            layout.addWidget(push)
        self.setFixedWidth(220)
        self.what.idToggled.connect(self._kind_toggled)
        for combo in (self.mode, self.by, self.measure):
            combo.currentIndexChanged.connect(self.changed)
        self.top.valueChanged.connect(self.changed)
        for box in (self.use_top, self.lemma, self.stop_words):
            box.toggled.connect(self.changed)
        self._attributes: dict[str, list[str]] = {}
        self._kind_changed(emit=False)

    def set_attributes(self, attributes: dict[str, list[str]]) -> None:
        self._attributes = dict(attributes)
        self._fill_by()

    def _fill_by(self) -> None:
        current = self.by.currentData()
        self.by.blockSignals(True)
        self.by.clear()
        self.by.addItem("(no grouping)", None)
        if self.kind() in ("words", "codes"):
            self.by.addItem("Document kind", "kind")
        for name, values in self._attributes.items():
            self.by.addItem(f"{name}  ({len(values)})", name)
            self.by.setItemData(self.by.count() - 1, f"{name}: {plural(len(values), 'value')}", 3)
        at = self.by.findData(current)
        self.by.setCurrentIndex(max(at, 0))
        self.by.blockSignals(False)

    def kind(self) -> str:
        return KINDS[max(self.what.checkedId(), 0)][0]

    def _kind_toggled(self, _id: int, on: bool) -> None:
        if on:
            self._kind_changed()

    def _kind_changed(self, emit: bool = True) -> None:
        kind = self.kind()
        shown = {
            "codes": {"by", "measure", "top"},
            "cooccurrence": {"mode", "top"},
            "coverage": set(),
            "words": {"by", "top", "words"},
        }[kind]
        for key, box in self.sections.items():
            box.setVisible(key in shown)
        self.use_selected.setVisible(kind != "words")
        self.top_label.setText("words" if kind == "words" else "codes")
        if kind == "words":
            self.use_top.setChecked(True)
        self._fill_by()
        if emit:
            self.changed.emit()

    def set_kind(self, kind: str) -> None:
        self.what.button([k for k, _ in KINDS].index(kind)).setChecked(True)

    def spec(self) -> CountsSpec:
        kind = self.kind()
        selected = self.use_selected.isChecked() and kind != "words"
        return CountsSpec(
            what=kind,
            by=self.by.currentData() if kind in ("codes", "words") else None,
            mode=self.mode.currentData(),
            measure=self.measure.currentData(),
            top=self.top.value(),
            code_ids=tuple(self.selected_codes) if selected else None,
            lemma=self.lemma.isChecked(),
            stop_words=self.stop_words.isChecked(),
        )
