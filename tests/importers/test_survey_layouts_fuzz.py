"""No survey layout detector crashes or hangs on arbitrary tables: header rows built from every
tool's vocabulary (metadata names, import ids, ``V1``, ``Q01[SQ001]``, sub-answer labels) mixed
with arbitrary text; the only failure a user can meet is a one-line FileImportError."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.importers.model import FileImportError
from qualcode.importers.survey import SurveyOptions, suggest_roles, survey_from_table
from qualcode.importers.survey_layouts import recognise
from qualcode.importers.table import read_table

VOCABULARY = [
    "Timestamp", "ID", "Start time", "Completion time", "Email", "Name", "Respondent ID",
    "Collector ID", "Start Date", "IP Address", "Response", "Open-Ended Response",
    "Other (please specify)", "StartDate", "ResponseId", "Duration (in seconds)", "Q2",
    "Q3_4_TEXT", "Q3_TEXT", '{"ImportId":"QID2"}', '{"ImportId":"startDate"}', "V1", "V2", "V10",
    "id", "submitdate", "lastpage", "Q01[SQ001]", "Q01[other]", "Submission Date",
    "Submission ID", "Yes", "", "", "A, B", "A;B;", "2024-01-02", "12", "[", "]", "_TEXT",
]  # fmt: skip
cells = st.one_of(
    st.sampled_from(VOCABULARY),
    st.text(
        alphabet=st.characters(
            whitelist_categories=("L", "N", "P", "Zs"), whitelist_characters="\n[]{}:_;,"
        ),
        max_size=40,
    ),
)
tables = st.lists(st.lists(cells, min_size=1, max_size=8), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(cells, max_size=12), st.lists(st.lists(cells, max_size=12), max_size=3))
def test_recognise_never_raises(header: list[str], following: list[list[str]]) -> None:
    layout = recognise(header, following)
    assert layout.header_rows in (1, 2, 3)
    assert all(0 <= i < max(len(layout.headers), 1) for i in layout.metadata)
    if layout.id_index is not None:
        assert layout.id_index not in layout.metadata


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tables)
def test_any_table_imports_or_fails_with_one_line(tmp_path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path = tmp_path / "any.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    started = time.perf_counter()
    try:
        table = read_table(path)
        roles = suggest_roles(table)
        if not roles.question_columns:
            roles.question_columns = [h for h in table.headers if h != roles.id_column][:2]
            roles.attribute_columns = [
                h for h in roles.attribute_columns if h not in roles.question_columns
            ]
        batch = survey_from_table(table, SurveyOptions.from_roles(roles), content_hash="")
    except FileImportError as exc:
        assert "\n" not in str(exc)
        return
    finally:
        assert time.perf_counter() - started < 5.0
    assert set(batch.column_roles) == set(table.headers)
    for doc in batch.documents:
        for p in doc.parts:
            assert 0 <= p.start < p.end <= len(doc.text)
            assert p.speaker in batch.cases and p.question in batch.questions
    for case in batch.cases.values():
        for name in case.attributes:
            assert name in batch.attribute_types
