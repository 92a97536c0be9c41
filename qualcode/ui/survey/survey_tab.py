"""The "Sample & survey" tab: who took part, and each closed question's table and chart.

A report opens with who took part, and a survey section puts the closed questions' frequencies
beside the free-text themes; the researcher checks both here before exporting. The left shows the
sample overview, one table at a time (documents, participants by kind or by any attribute, each
survey's completion); the right a closed question's frequency table, optionally cross-tabulated
by a case attribute, and its chart. The small-cell threshold and flag/suppress choice change what
the table and chart show at once (no recount); the crosstab recounts in a worker. Every table
states its base and the rule under it, as the exported files do.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qualcode.exporters.survey_charts import question_figure
from qualcode.exporters.survey_model import CountTable, Disclosure, QuestionTable
from qualcode.services.survey.export import SurveyView, survey_view
from qualcode.storage.project import Project
from qualcode.ui.counts.chart_view import MPL_LOCK, ChartView, FrameModel
from qualcode.ui.shell.stale_view import StaleView
from qualcode.ui.shell.workers import Latest
from qualcode.ui.survey.survey_frames import completion_frame, count_frame, question_frame

NO_CROSSTAB = "(no crosstab)"


def _table() -> QTableView:
    table = QTableView()
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
    return table


def _caption() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class SurveyTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.view: SurveyView | None = None
        self.work = Latest()
        self.refresh = StaleView(self, self.recount)  # recounts when on screen
        # the overview, left
        self.overview_pick = QComboBox()
        self.overview_model = FrameModel()
        self.overview_table = _table()
        self.overview_table.setModel(self.overview_model)
        self.overview_caption = _caption()
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        title = QLabel("<b>Who took part</b>")
        column.addWidget(title)
        self.overview_pick.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.overview_pick.setMinimumContentsLength(18)
        column.addWidget(self.overview_pick)
        column.addWidget(self.overview_table, 1)
        column.addWidget(self.overview_caption)
        # the closed questions, right
        self.question = QComboBox()
        self.question.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.question.setMinimumContentsLength(18)
        self.by = QComboBox()
        self.by.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.by.setMinimumContentsLength(12)
        self.by.addItem(NO_CROSSTAB, None)
        self.min_cell = QSpinBox()
        self.min_cell.setRange(0, 100)
        self.min_cell.setValue(5)
        self.min_cell.setToolTip("Counts from 1 to this minus one are small cells (0: no rule)")
        self.mode = QComboBox()
        self.mode.addItem("Flag them (*)", False)
        self.mode.addItem("Suppress them (<N)", True)
        self.export_button = QPushButton("Export tables…")
        top = QHBoxLayout()
        top.addWidget(QLabel("Question"))
        top.addWidget(self.question, 1)
        # two short rows rather than one long one: the tab must leave the docks their room
        second = QHBoxLayout()
        second.addWidget(QLabel("Crosstab by"))
        second.addWidget(self.by, 1)
        second.addWidget(self.export_button)
        third = QHBoxLayout()
        third.addWidget(QLabel("Small cells under"))
        third.addWidget(self.min_cell)
        third.addWidget(self.mode)
        third.addStretch(1)
        self.chart = ChartView()
        self.model = FrameModel()
        self.table = _table()
        self.table.setModel(self.model)
        self.caption = _caption()
        below = QWidget()
        rows = QVBoxLayout(below)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addWidget(self.table, 1)
        rows.addWidget(self.caption)
        split = QSplitter(Qt.Orientation.Horizontal)  # side by side: a short window fits both
        split.addWidget(below)
        split.addWidget(self.chart)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.split = split
        self._sized = False
        right = QWidget()
        stack = QVBoxLayout(right)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.addLayout(top)
        stack.addLayout(second)
        stack.addLayout(third)
        stack.addWidget(split, 1)
        outer = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(left)
        outer.addWidget(right)
        outer.setStretchFactor(0, 1)
        outer.setStretchFactor(1, 3)
        left.setMinimumWidth(200)
        outer.setChildrenCollapsible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(outer)
        self.overview_pick.currentIndexChanged.connect(self._show_overview)
        self.question.currentIndexChanged.connect(self._show_question)
        self.by.currentIndexChanged.connect(self.refresh.schedule)
        self.min_cell.valueChanged.connect(self._redraw)
        self.mode.currentIndexChanged.connect(self._redraw)
        self.export_button.clicked.connect(self.export)

    # -- project and refresh ---------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.mark_stale()

    def mark_stale(self) -> None:
        """The project changed: recount now if the tab is on screen, else when it is shown."""
        self.refresh.mark_stale()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # the table and the chart share the width
            self._sized = True
            width = max(self.split.width(), 400)
            self.split.setSizes([width // 2, width - width // 2])
        self.refresh.shown()

    def busy(self) -> bool:
        return self.refresh.pending or self.work.task is not None or self.chart.busy()

    def disclosure(self) -> Disclosure:
        return Disclosure(self.min_cell.value(), bool(self.mode.currentData()))

    def recount(self) -> None:
        project = self.project
        if project is None:
            self.chart.show_message("Open a project to see who took part.")
            return
        self.refresh.stale = False
        by = self.by.currentData()
        self.caption.setText("Counting…")
        self.work.start(lambda _p, _c: survey_view(project, by), self._counted, self._failed)

    def _counted(self, view: SurveyView) -> None:
        self.view = view
        self._fill(self.overview_pick, self._overview_items(view))
        self._fill(self.question, [(q.title, q.key) for q in view.questions])
        by = [(NO_CROSSTAB, None), *((name, name) for name in view.crosstab_choices)]
        self._fill(self.by, by)
        self._show_overview()
        self._show_question()

    def _failed(self, message: str) -> None:
        self.caption.setText("")
        self.chart.show_message("⚠ " + message.split("\n", 1)[0])

    @staticmethod
    def _fill(box: QComboBox, items: Sequence[tuple[str, object]]) -> None:
        """Replace a combo's items, keeping the current choice when it is still there."""
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        for text, data in items:
            box.addItem(text, data)
            box.setItemData(box.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        found = box.findData(current)
        box.setCurrentIndex(found if found >= 0 else 0)
        box.blockSignals(False)

    @staticmethod
    def _overview_items(view: SurveyView) -> list[tuple[str, object]]:
        o = view.overview
        items: list[tuple[str, object]] = [
            (o.documents.title, "documents"),
            (o.participants.title, "participants"),
        ]
        items += [(t.title, f"attribute:{i}") for i, t in enumerate(o.by_attribute)]
        items += [(f"Survey: {s.instrument}", f"survey:{i}") for i, s in enumerate(o.surveys)]
        return items

    # -- showing ---------------------------------------------------------------------------------
    def _redraw(self) -> None:
        self._show_overview()
        self._show_question()

    def _show_overview(self) -> None:
        if self.view is None:
            return
        o, key, rule = self.view.overview, str(self.overview_pick.currentData()), self.disclosure()
        if key.startswith("survey:"):
            survey = o.surveys[int(key.split(":")[1])]
            self.overview_model.set_frame(completion_frame(survey, rule), "Question")
            base = f"Base: {survey.respondents:,} respondents to the survey."
            self.overview_caption.setText(base)
        else:
            table: CountTable = (
                o.documents
                if key == "documents"
                else o.participants
                if key == "participants"
                else o.by_attribute[int(key.split(":")[1])]
            )
            documents = table is o.documents
            shown = Disclosure(0, False, rule.decimals) if documents else rule
            self.overview_model.set_frame(count_frame(table, shown), "Kind" if documents else "")
            extra = f" Facilitators apart: {o.facilitators:,}." if key == "participants" else ""
            self.overview_caption.setText(f"{table.base_line}{extra}")
        self.overview_caption.setToolTip(f"{o.rule}\n{rule.rule()}")
        self.overview_table.setToolTip(o.rule)
        self.overview_table.resizeColumnsToContents()
        header = self.overview_table.horizontalHeader()
        header.resizeSection(0, min(max(header.sectionSize(0), 120), 180))  # full text: tooltip

    def current_question(self) -> QuestionTable | None:
        if self.view is None:
            return None
        key = self.question.currentData()
        return next((q for q in self.view.questions if q.key == key), None)

    def _show_question(self) -> None:
        q, rule = self.current_question(), self.disclosure()
        if q is None:
            self.model.set_frame(question_frame(None, rule))
            self.caption.setText("")
            self.chart.show_message(
                "This project has no closed survey questions. Import a survey with its closed "
                "columns as attributes to see their tables here."
            )
            return
        self.model.set_frame(question_frame(q, rule), "Option")
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.resizeSection(0, min(max(header.sectionSize(0), 140), 320))
        lines = [q.base_line()]
        if q.crosstab is not None:
            lines.append("Column percentages: each of the respondents in the column who answered.")
        lines.append(rule.rule())
        self.caption.setText("\n".join(lines))
        with MPL_LOCK:
            figure = question_figure(q, rule)
        self.chart.set_figure(figure)

    # -- export ----------------------------------------------------------------------------------
    def export(self, path: Path | None = None) -> object:
        """File › Export › Survey tables… with this tab's choices."""
        from qualcode.ui.survey.survey_export import export_survey_tables

        window = self.window()
        menu = getattr(window, "export_menu", None)
        if menu is None:
            return None
        by, rule = self.by.currentData(), self.disclosure()
        return export_survey_tables(menu, by, rule.min_cell, rule.suppress)
