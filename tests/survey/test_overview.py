"""The sample overview against pandas computed here from the fixture's raw rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd

from qualcode.services.survey.overview import sample_overview
from qualcode.storage.project import Project
from tests.survey.world import AREA, COMMENT, INSTRUMENT, ROWS, USED, VISITS

RAW = pd.DataFrame(ROWS).replace("", pd.NA)


def test_documents_and_participants_by_kind(survey_world: Path) -> None:
    with Project.open(survey_world, readonly=True) as p:
        o = sample_overview(p)
    assert dict(o.documents.frame["n"]) == {"Focus group": 1, "Survey": 1}
    assert o.documents.base_line == "Base: 2 documents."
    # participants speak in a turn or an answer: the respondents who wrote a comment, and the
    # focus group's two speakers; the facilitator apart
    writers = int(RAW[COMMENT].notna().sum())
    assert dict(o.participants.frame["n"]) == {"Focus group": 2, "Survey": writers}
    assert o.participants.base == writers + 2 and o.facilitators == 1
    assert o.participants.frame.at["Survey", "share"] == round(writers / (writers + 2), 2)
    assert "facilitators and interviewers apart" in o.rule


def test_survey_completion_per_question(survey_world: Path) -> None:
    with Project.open(survey_world, readonly=True) as p:
        o = sample_overview(p)
    [survey] = o.surveys
    assert survey.instrument == INSTRUMENT and survey.respondents == len(RAW)
    answered = {q.text: q.answered for q in survey.questions}
    for column in (AREA, VISITS, USED, COMMENT):
        assert answered[column] == RAW[column].notna().sum(), column
    kinds = {q.text: q.kind for q in survey.questions}
    assert kinds[USED] == "Multiple choice" and kinds[COMMENT] == "Open"
    assert all(q.base == len(RAW) for q in survey.questions)


def test_participants_by_role_on_the_sample(sample_path: Path) -> None:
    """The sample's Role is held by every participant: the overview's table is pandas'
    value_counts of the speakers' roles, read here straight from the file."""
    with sqlite3.connect(sample_path) as db:
        speakers = pd.read_sql(
            'SELECT DISTINCT p.case_id FROM part p JOIN "case" c ON c.id = p.case_id '
            "WHERE NOT c.is_facilitator",
            db,
        )
        roles = pd.read_sql(
            "SELECT v.case_id, v.value FROM attribute_value v JOIN attribute a "
            "ON a.id = v.attribute_id WHERE a.name = 'Role' AND a.scope = 'case'",
            db,
        )
    values = speakers.merge(roles, on="case_id", how="left")["value"]
    expected = values.fillna("No value").value_counts()  # the community survey has no Role
    with Project.open(sample_path, readonly=True) as p:
        o = sample_overview(p)
    by_role = next(t for t in o.by_attribute if t.title == "Participants by Role")
    assert dict(by_role.frame["n"]) == dict(expected)
    assert by_role.base == len(speakers) == o.participants.base
    assert list(by_role.frame.index)[:2] == ["Lived experience", "Family member or carer"]
