"""Research grids: header fields to one case, numbered questions to answer parts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.domain.values import AttributeType
from qualcode.importers.grid import attribute_type, grid_from_text
from qualcode.importers.model import FileImportError, ImportBatch
from tests.importers.test_transcript import check_batch

GRID = """Research grid: experiences of family support
Northshire Families Study

Date: 14/03/2024
Venue: Riverside Family Hub
Pseudonym: Kerry
Age: 34
Age band: 30-39
Gender: Female
Ethnicity: White British
Occupation: Care worker (part time)

Q1. What made you first contact the service?
My sister told me about it after my son was arrested.

I was scared of social services finding out.

Q2: What has helped you most?
1. The parents' group on Tuesdays
2. Having someone to ring at night

Question 3: What would you change?
   Longer opening hours.

4) Anything else you would like to tell us?

""".replace("hours.", "hours.   ")  # trailing spaces are not part of the answer


def grid(text: str = GRID, name: str = "Grid 07") -> ImportBatch:
    return grid_from_text(text, name=name, source="grid07.docx", content_hash="h")


def answers(batch: ImportBatch) -> list[tuple[str | None, str]]:
    document = batch.documents[0]
    return [
        ((p.question or "").split("\x1f")[1], document.text[p.start : p.end])
        for p in document.parts
    ]


def test_header_fields_become_one_case_and_document_attributes() -> None:
    batch = grid()
    assert list(batch.cases) == ["kerry"]
    case = batch.cases["kerry"]
    assert case.name == "Kerry"
    assert case.attributes == {
        "Date": "2024-03-14",
        "Venue": "Riverside Family Hub",
        "Age": "34",
        "Age band": "30-39",
        "Gender": "Female",
        "Ethnicity": "White British",
        "Occupation": "Care worker (part time)",
    }
    document = batch.documents[0]
    assert document.kind == "research_grid"
    assert document.attributes["Pseudonym"] == "Kerry"
    assert document.attributes["Date"] == "2024-03-14"
    assert batch.attribute_types["Date"] == "date"
    assert batch.attribute_types["Age"] == "number"
    assert batch.attribute_types["Age band"] == "category"
    assert batch.attribute_types["Gender"] == "category"


def test_questions_and_answers() -> None:
    batch = grid()
    questions = {q.label: q.text for q in batch.questions.values()}
    assert questions == {
        "Q1": "What made you first contact the service?",
        "Q2": "What has helped you most?",
        "Q3": "What would you change?",
        "Q4": "Anything else you would like to tell us?",
    }
    assert all(q.instrument == "Research grid" for q in batch.questions.values())
    assert answers(batch) == [
        (
            "Q1",
            "My sister told me about it after my son was arrested.\n\n"
            "I was scared of social services finding out.",
        ),
        ("Q2", "1. The parents' group on Tuesdays\n2. Having someone to ring at night"),
        ("Q3", "Longer opening hours."),
    ]
    parts = batch.documents[0].parts
    assert all(p.kind == "answer" and p.speaker == "kerry" for p in parts)
    check_batch(batch)


def test_case_named_by_participant_id_or_document() -> None:
    batch = grid("Participant ID: FS-012\nGender: Male\n\nQ1. Why?\nBecause.\n")
    assert list(batch.cases) == ["fs-012"]
    assert batch.attribute_types["Participant ID"] == "text"
    batch = grid("Date: 1 May 2024\n\nQ1. Why?\nBecause.\n", name="Grid 3")
    assert list(batch.cases) == ["grid 3"]
    assert batch.cases["grid 3"].attributes == {"Date": "2024-05-01"}


def test_question_wording_on_the_next_line() -> None:
    batch = grid("Pseudonym: Ade\n\nQ1.\nHow did you hear about us?\nFrom my GP.\n")
    assert [q.text for q in batch.questions.values()] == ["How did you hear about us?"]
    assert answers(batch) == [("Q1", "From my GP.")]


def test_custom_instrument_and_duplicate_question() -> None:
    batch = grid_from_text(
        "Q1. First?\nA.\nQ1. Again?\nB.\n",
        name="g",
        source="g.txt",
        content_hash="h",
        instrument="Carers grid",
    )
    assert list(batch.questions) == ["Carers grid\x1fQ1"]
    assert batch.warnings == ["g.txt: question Q1 appears twice; answers are merged"]
    assert len(batch.documents[0].parts) == 2


def test_no_questions_is_an_error() -> None:
    with pytest.raises(FileImportError, match=r"grid07\.docx: no numbered questions found"):
        grid("Pseudonym: Kerry\nJust some notes, nothing numbered.")


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("34", AttributeType.NUMBER),
        ("007", AttributeType.CATEGORY),
        ("2024-03-14", AttributeType.DATE),
        ("14 March 2024", AttributeType.DATE),
        ("Female", AttributeType.CATEGORY),
        ("x" * 80, AttributeType.TEXT),
    ],
)
def test_attribute_type(value: str, kind: AttributeType) -> None:
    assert attribute_type(value) is kind


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=60),
            st.sampled_from(["Q1. Why?", "2) What?", "Question 3:", "Age: 3", "Pseudonym: ", ""]),
        ),
        max_size=15,
    )
)
def test_fuzz_grid(lines: list[str]) -> None:
    try:
        batch = grid("\n".join(lines))
    except FileImportError:
        return
    check_batch(batch)
