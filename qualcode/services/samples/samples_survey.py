"""A small community survey with closed questions, so the sample shows the closed-question tables.

The two SurveyMonkey exports among the sample files have single-choice columns only. This one (40
fictional respondents in ``samples/closed-questions/community-survey.csv``) has what a needs
assessment's survey usually has: where people live (single choice), how often they used support
(single choice, the options in their natural order), which services (multiple choice, joined with
"; "), a 1-5 satisfaction rating, an age, and one free-text question; some answers are skipped.
It is imported through the ordinary survey importer with the roles a researcher would choose, and
after the codebook is applied, so its free-text answers are left for the newcomer to code.
It lives in a sub-folder so the sample's main file list (:func:`sample_files`) does not import it
a second time with guessed roles.
"""

from __future__ import annotations

import csv
from pathlib import Path

from qualcode.importers.detect import ImportOptions, load_file
from qualcode.services.documents.imports import import_batches
from qualcode.storage.project import Project

FOLDER = "closed-questions"
FILE = "community-survey.csv"
INSTRUMENT = "Community survey"


def add_community_survey(project: Project, samples: Path) -> None:
    """Import the community survey when the sample folder has it (an old install may not)."""
    path = samples / FOLDER / FILE
    if not path.is_file():
        return
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    options = ImportOptions(
        as_="survey",
        id_column=header[0],
        attribute_columns=header[1:-1],
        question_columns=header[-1:],
        instrument=INSTRUMENT,
    )
    import_batches(project, [load_file(path, options)])
