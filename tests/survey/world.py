"""A small survey (24 respondents) and a focus group, imported through the ordinary importers.

The rows are the raw data the tests count again with pandas, independently of the module under
test. Counts are chosen for the edges: "Monthly" is given by exactly 4 respondents and "Weekly"
by exactly 5 (the default small-cell threshold), a rating point (2) nobody gives, skipped answers
in every closed question, and a multiple-choice question whose options add up to more than the
respondents who answered it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from qualcode.importers.detect import ImportOptions, load_file
from qualcode.services.documents.imports import import_batches
from qualcode.storage.project import Project

AREA, VISITS, USED, SCORE, AGE, COMMENT = (
    "Area",
    "How often do you visit?",
    "Which have you used?",
    "Score (1-5)",
    "Age",
    "Anything else?",
)
HEADERS = ["ID", AREA, VISITS, USED, SCORE, AGE, COMMENT]
_VISITS = ["Weekly"] * 5 + ["Monthly"] * 4 + ["Rarely"] * 12 + [""] * 3
_AREAS = ["North", "South", "East"] * 7 + ["North", "South", ""]
_USED = ["GP; Pharmacy", "GP", "Pharmacy", "", "GP; Food bank; Pharmacy", "GP"]
_SCORES = ["1", "3", "4", "5", "3", "", "4", "5"]
ROWS: list[dict[str, str]] = [
    {
        "ID": str(100 + i),
        AREA: _AREAS[i],
        VISITS: _VISITS[(i * 7) % 24],
        USED: _USED[i % 6],
        SCORE: _SCORES[i % 8],
        AGE: "" if i == 23 else str(18 + (i * 13) % 60),
        COMMENT: "" if i % 3 == 0 else f"Comment number {i} about the service.",
    }
    for i in range(24)
]
INSTRUMENT = "Residents"
FOCUS_GROUP = (
    "Facilitator: Welcome, everyone.\n"
    "Alex: I go to the GP most weeks.\n"
    "Bo: The pharmacy is closer for me.\n"
    "Facilitator: Thank you.\n"
)


def survey_csv(path: Path) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=HEADERS)
    writer.writeheader()
    writer.writerows(ROWS)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def build(folder: Path) -> Path:
    """A project with the survey and the focus group; returns its (closed) path."""
    path = folder / "survey.qcproj"
    survey = survey_csv(folder / "residents.csv")
    group = folder / "group.txt"
    group.write_text(FOCUS_GROUP, encoding="utf-8")
    options = ImportOptions(
        as_="survey",
        id_column="ID",
        attribute_columns=[AREA, VISITS, USED, SCORE, AGE],
        question_columns=[COMMENT],
        instrument=INSTRUMENT,
    )
    with Project.create(path) as project:
        import_batches(
            project,
            [
                load_file(survey, options),
                load_file(group, ImportOptions(as_="transcript", document_kind="focus_group")),
            ],
        )
    return path
