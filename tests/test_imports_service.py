"""Writing import batches: one transaction, matching, duplicates, cancel."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qualcode.importers.model import (
    FileImportError,
    ImportBatch,
    ImportedCase,
    ImportedDocument,
    ImportedPart,
    ImportedQuestion,
)
from qualcode.services.documents.cases import case_attributes
from qualcode.services.documents.imports import ImportCancelled, import_batches
from qualcode.storage.models import Case, Part, Question
from tests.helpers import dump

TEXT = "Facilitator: Welcome.\n\nJo: We waited nine days.\n\nJO: Nobody rang."


def _transcript(source: str = "fg1.txt", text: str = TEXT, age: str = "34") -> ImportBatch:
    turns = [(13, 21, "facilitator"), (27, 47, "jo"), (53, 65, "jo")]
    doc = ImportedDocument(
        "FG1", "focus_group", text, [ImportedPart(a, b, "turn", who) for a, b, who in turns]
    )
    return ImportBatch(
        source,
        "h-" + source,
        [doc],
        cases={
            "facilitator": ImportedCase("Facilitator", is_facilitator=True),
            "jo": ImportedCase("Jo", {"age": age}),
        },
        attribute_types={"age": "number"},
    )


def _survey() -> ImportBatch:
    q = ImportedQuestion("Q1", "What helped?", "Lived experience")
    text = "Respondent 1:\nThe nurse.\n\nRespondent 2:\nMy sister."
    doc = ImportedDocument(
        "Lived experience - Q1",
        "survey",
        text,
        [
            ImportedPart(14, 24, "answer", "r1", question=q.key),
            ImportedPart(40, 50, "answer", "r2", question=q.key),
        ],
    )
    return ImportBatch(
        "survey.csv",
        "h-s",
        [doc],
        questions={q.key: q},
        cases={"r1": ImportedCase("LE 1"), "r2": ImportedCase("jo")},
    )


def test_batches_are_written_with_parts_cases_and_questions(project) -> None:
    reports = import_batches(project, [_transcript(), _survey()])
    assert [r.documents[0][1] for r in reports] == ["FG1", "Lived experience - Q1"]
    assert reports[0].cases_created == 2 and reports[1].cases_matched == 1  # "jo" is Jo
    with project.session() as s:
        cases = {c.name: c for c in s.scalars(select(Case))}
        assert set(cases) == {"Facilitator", "Jo", "LE 1"}
        assert cases["Facilitator"].is_facilitator and not cases["Jo"].is_facilitator
        parts = s.execute(
            select(Part.start, Part.end, Case.name, Question.label)
            .outerjoin(Case, Case.id == Part.case_id)
            .outerjoin(Question, Question.id == Part.question_id)
            .order_by(Part.id)
        ).all()
    assert [tuple(p) for p in parts] == [
        (13, 21, "Facilitator", None),
        (27, 47, "Jo", None),
        (53, 65, "Jo", None),
        (14, 24, "LE 1", "Q1"),
        (40, 50, "Jo", "Q1"),
    ]
    assert case_attributes(project, cases["Jo"].id) == {"age": "34"}


def test_a_bad_value_anywhere_leaves_the_project_unchanged(project) -> None:
    import_batches(project, [_survey()])
    before = dump(project, skip=())
    with pytest.raises(FileImportError, match=r"fg2.txt: age of Jo: 'about forty'"):
        import_batches(
            project,
            [
                _transcript("fg1.txt", TEXT + " "),
                _transcript("fg2.txt", TEXT + "  ", age="about forty"),
            ],
        )
    assert dump(project, skip=()) == before


def test_reimport_is_detected_and_skipped(project) -> None:
    import_batches(project, [_transcript()])
    before = dump(project)
    (report,) = import_batches(project, [_transcript("copy-of-fg1.txt")])
    assert report.skipped and report.duplicate_of == ["FG1"]
    assert "imported before" in report.warnings[0]
    assert dump(project) == before
    (forced,) = import_batches(project, [_transcript()], allow_duplicates=True)
    assert len(forced.documents) == 1


def test_cancel_writes_nothing(project) -> None:
    before = dump(project, skip=())
    calls: list[str] = []

    def progress(done: int, total: int, what: str) -> None:
        calls.append(what)

    with pytest.raises(ImportCancelled):
        import_batches(
            project,
            [_transcript(), _survey()],
            progress=progress,
            cancelled=lambda: len(calls) >= 2,
        )
    assert dump(project, skip=()) == before
    assert calls == ["fg1.txt", "survey.csv"]


def test_parts_outside_text_are_refused(project) -> None:
    batch = _transcript()
    batch.documents[0].parts.append(ImportedPart(60, 999, "turn", "jo"))
    before = dump(project, skip=())
    with pytest.raises(FileImportError, match="outside its text"):
        import_batches(project, [batch])
    assert dump(project, skip=()) == before
