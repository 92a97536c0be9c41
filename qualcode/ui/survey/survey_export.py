"""File › Export › Survey tables…: the closed-question workbook, as ``qualcode export survey``.

The dialog offers the command's options with its defaults (crosstab attribute, small-cell
threshold, flag or suppress); the Sample & survey tab opens it with its own current choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from qualcode.domain.wording import plural
from qualcode.exporters.survey_model import DEFAULT_MIN_CELL
from qualcode.storage.project import Project
from qualcode.ui.shell import export_dialogs as dialogs

if TYPE_CHECKING:
    from qualcode.ui.shell.export_menu import ExportMenu
    from qualcode.ui.shell.long_task import LongTask


@dataclass(frozen=True)
class SurveyOptions:
    crosstab: str | None = None
    min_cell: int = DEFAULT_MIN_CELL
    suppress: bool = False

    def cli_args(self) -> list[str]:
        args = ["--crosstab", self.crosstab] if self.crosstab else []
        args += ["--min-cell", str(self.min_cell)] if self.min_cell != DEFAULT_MIN_CELL else []
        return args + (["--suppress"] if self.suppress else [])


class SurveyDialog(dialogs.OptionsDialog):
    def __init__(
        self, attributes: list[str], chosen: SurveyOptions, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "Survey tables",
            "One sheet per closed survey question: respondents per option with their share of "
            "those who answered, the base, a chart, and the crosstab if chosen. Counts under "
            "the threshold are flagged, or suppressed as “<N”.",
            parent,
        )
        self.crosstab = self.combo(
            "Crosstab by", [(dialogs.NO_GROUPING, None), *((a, a) for a in attributes)]
        )
        self.crosstab.setCurrentIndex(max(self.crosstab.findData(chosen.crosstab), 0))
        self.min_cell = self.spin("Small cells under", 0, 100, chosen.min_cell)
        self.suppress = self.check("Suppress small cells (“<N”) instead of flagging them")
        self.suppress.setChecked(chosen.suppress)

    def options(self) -> SurveyOptions:
        return SurveyOptions(
            self.crosstab.currentData(), self.min_cell.value(), self.suppress.isChecked()
        )


def export_survey_tables(
    menu: ExportMenu,
    crosstab: str | None = None,
    min_cell: int = DEFAULT_MIN_CELL,
    suppress: bool = False,
) -> LongTask | None:
    project = menu._project()
    if project is None:
        return None
    from qualcode.services.survey.closed import crosstab_choices

    choices = crosstab_choices(project)
    chosen = SurveyOptions(crosstab, min_cell, suppress)
    dialog = SurveyDialog(choices, chosen, menu.window)
    if not dialogs.run_dialog(dialog):
        return None
    o = dialog.options()

    def write(p: Project, out: Path) -> str:
        from qualcode.services.survey.export import export_survey

        book = export_survey(p, out, o.crosstab, o.min_cell, o.suppress)
        return f"{plural(len(book.questions), 'closed question')}."

    xlsx = "Excel workbook (*.xlsx)"
    return menu._export(project, "Export survey tables", "survey", xlsx, ".xlsx", write)
