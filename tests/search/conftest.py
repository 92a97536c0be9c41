"""A small project with turns, speakers, questions and attributes, built through the importer."""

from __future__ import annotations

import pytest

from qualcode.importers.model import (
    ImportBatch,
    ImportedCase,
    ImportedDocument,
    ImportedPart,
    ImportedQuestion,
)
from qualcode.services.documents.imports import import_batches
from qualcode.storage.project import Project

FG = (
    "Facilitator: What got in the way of asking for help?\n\n"
    "Jo: I asked for help twice. The children went to my mum's. Nobody helped.\n\n"
    "Sam: I was waiting on the waiting list for months. Going back was hard 😊 honestly.\n\n"
    "Facilitator: Thank you, that helps."
)
SURVEY = "Asking for help felt impossible.\nThe wait was too long; my child's school knew."


def _parts(text: str, speakers: list[str]) -> list[ImportedPart]:
    out, pos = [], 0
    for key in speakers:
        label = text.index(":", pos)
        start = label + 2
        end = text.find("\n\n", start)
        end = len(text) if end < 0 else end
        out.append(ImportedPart(start, end, "turn", key))
        pos = end
    return out


def fill(project: Project) -> dict[str, int]:
    batch = ImportBatch(
        "study",
        "hash-1",
        [
            ImportedDocument("FG1", "focus_group", FG, _parts(FG, ["f", "jo", "sam", "f"])),
            ImportedDocument(
                "Survey Q1",
                "survey",
                SURVEY,
                [
                    ImportedPart(0, 32, "answer", "r1", question="q1"),
                    ImportedPart(33, len(SURVEY), "answer", "r2", question="q1"),
                ],
            ),
            ImportedDocument("Notes", "field_notes", "Title\n\nThe kids go to the hub. Jo went."),
        ],
        cases={
            "f": ImportedCase("Facilitator", is_facilitator=True),
            "jo": ImportedCase("Jo", {"role": "Lived experience"}),
            "sam": ImportedCase("Sam", {"role": "Family member"}),
            "r1": ImportedCase("R1", {"role": "Lived experience"}),
            "r2": ImportedCase("R2", {"role": "Professional"}),
        },
        questions={"q1": ImportedQuestion("Q1", "What got in the way?", "survey")},
    )
    (report,) = import_batches(project, [batch])
    return {name: doc_id for doc_id, name in report.documents}


@pytest.fixture
def study(project: Project) -> tuple[Project, dict[str, int]]:
    return project, fill(project)
