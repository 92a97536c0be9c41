"""``qualcode export survey`` and File › Export › Survey tables…: the closed questions' workbook.

Counts everything first (:mod:`~qualcode.services.survey.closed`), then hands the tables to the
pure writer, which writes atomically: a bad option or a refused write leaves no file behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qualcode.domain.errors import ValidationError
from qualcode.exporters.survey_export import write_survey_workbook
from qualcode.exporters.survey_model import (
    DEFAULT_MIN_CELL,
    Disclosure,
    QuestionTable,
    SampleOverview,
    SurveyBook,
)
from qualcode.services.survey.closed import choices_from, tables_from
from qualcode.services.survey.gather import gather
from qualcode.services.survey.overview import overview_from
from qualcode.storage.project import Project


def disclosure(min_cell: int = DEFAULT_MIN_CELL, suppress: bool = False) -> Disclosure:
    if min_cell < 0:
        raise ValidationError(f"The small-cell threshold must be 0 or more, not {min_cell}.")
    return Disclosure(min_cell, suppress)


def survey_book(
    project: Project,
    by: str | None = None,
    min_cell: int = DEFAULT_MIN_CELL,
    suppress: bool = False,
) -> SurveyBook:
    rule = disclosure(min_cell, suppress)
    frames = gather(project)
    tables = tables_from(frames, by or None, rule.decimals)
    return SurveyBook(project.path.stem, tables, rule, by or None, overview_from(frames))


def export_survey(
    project: Project,
    out: Path,
    by: str | None = None,
    min_cell: int = DEFAULT_MIN_CELL,
    suppress: bool = False,
) -> SurveyBook:
    """Write the closed-question workbook to ``out`` (.xlsx); returns what it holds."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise ValidationError(f"{out.name}: the survey tables are written to an .xlsx file.")
    if not out.parent.is_dir():
        raise ValidationError(f"{out.parent}: no such folder.")
    book = survey_book(project, by, min_cell, suppress)
    if not book.questions:
        raise ValidationError(
            f"{project.path.name} has no closed survey questions (import a survey with its "
            "closed columns as attributes)."
        )
    write_survey_workbook(out, book)
    return book


@dataclass(frozen=True)
class SurveyView:
    """What the Sample & survey tab shows: the overview (every attribute), the closed
    questions' tables (crosstab by ``by``) and the attributes a crosstab can go by."""

    overview: SampleOverview
    questions: list[QuestionTable]
    crosstab_choices: list[str]


def survey_view(project: Project, by: str | None = None) -> SurveyView:
    frames = gather(project)
    return SurveyView(
        overview_from(frames, every_attribute=True),
        tables_from(frames, by or None),
        choices_from(frames),
    )
