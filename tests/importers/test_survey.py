"""Survey exports: roles guessed, respondents as cases, answers as exact parts, bad ids refused."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from qualcode.domain.values import DocumentKind
from qualcode.importers.model import FileImportError, ImportBatch, normalise_speaker
from qualcode.importers.survey import (
    SurveyOptions,
    infer_attribute_type,
    question_label,
    suggest_roles,
    survey_from_table,
)
from qualcode.importers.table import Table, read_table

META = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address"]
LIVED_QUESTIONS = [
    "What has helped you most in your recovery so far?",
    "What made it harder to get support when you first needed it?",
    "If you could change one thing about local services, what would it be?",
]
LIVED_HEADER = [
    *META,
    "What is your age band?",
    "What is your gender?",
    "Which of these describes you best?",
    "Which services have you used in the last year?",
    "",
    "",
    *LIVED_QUESTIONS,
]
LIVED_SUB = [
    *[""] * 5,
    "Response",
    "Response",
    "Response",
    "Alcohol service",
    "Drug service",
    "Needle exchange",
    "Open-Ended Response",
    "Open-Ended Response",
    "Open-Ended Response",
]
LIVED_ROWS = [
    ["1001", "4412", "04/03/2024 09:12", "04/03/2024 09:31", "10.0.0.11", "25-34", "Female",
     "In recovery", "Alcohol service", "", "",
     "My key worker never gave up on me, even when I missed appointments.",
     "Waiting lists. Six weeks is a long time when you are drinking every day.",
     "A drop-in that is open in the evening and at weekends."],
    ["1002", "4412", "04/03/2024 10:02", "04/03/2024 10:40", "10.0.0.12", "35-44", "Male",
     "Currently using services", "", "Drug service", "Needle exchange",
     "Peer mentors who had been through it themselves and did not judge me.",
     "N/A",
     "Stop sending letters to my old address; text me instead please."],
    ["1003", "4412", "05/03/2024 14:20", "05/03/2024 14:29", "10.0.0.13", "45-54", "Female",
     "Family member or carer", "", "", "",
     "   ",
     "Nobody told us where the family support group met or that it even existed.",
     "-"],
    ["1004", "4413", "06/03/2024 11:05", "06/03/2024 11:50", "10.0.0.14", "25-34", "Non-binary",
     "In recovery", "Alcohol service", "Drug service", "",
     "Getting a naloxone kit and being shown how to use it properly.",
     "I was scared my children would be taken away if I asked for help.",
     "More women-only groups, with a crèche, nearer to where people live."],
]  # fmt: skip
PRO_HEADER = [
    *META,
    "Your role",
    "Years in this sector",
    "Do you manage staff?",
    "Q4. What are the main gaps in provision for people who use drugs?",
    "Q5. How well do services work together locally?",
    "Q6: What would improve pathways out of prison into treatment?",
]
PRO_SUB = [*[""] * 5, "Response", "Response", "Response", *["Open-Ended Response"] * 3]
PRO_ROWS = [
    ["1001", "5501", "07/03/2024", "07/03/2024", "10.1.0.1", "Commissioner", "12", "Yes",
     "Dual diagnosis: mental health services will not see someone who is still drinking.",
     "Better than five years ago, but information sharing is still patchy.",
     "Same-day prescribing on release and a named worker who meets them at the gate."],
    ["1002", "5501", "07/03/2024", "07/03/2024", "10.1.0.2", "Outreach worker", "3", "No",
     "Housing. Without a stable address nothing else sticks for very long.",
     "",
     "Release on a Friday afternoon is a disaster; nobody is open until Monday."],
    ["1005", "5502", "08/03/2024", "08/03/2024", "10.1.0.3", "GP", "20.5", "No",
     "Shared care for opioid substitution has almost disappeared from practices.",
     "We hear about overdoses days later, if at all, and usually second-hand.",
     "n/a"],
]  # fmt: skip


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def lived_table(tmp_path: Path) -> Table:
    return read_table(write_csv(tmp_path / "lived.csv", [LIVED_HEADER, LIVED_SUB, *LIVED_ROWS]))


def pro_table(tmp_path: Path) -> Table:
    return read_table(write_csv(tmp_path / "pro.csv", [PRO_HEADER, PRO_SUB, *PRO_ROWS]))


def build(table: Table, instrument: str, **changes: object) -> ImportBatch:
    options = SurveyOptions.from_roles(suggest_roles(table), instrument=instrument, **changes)
    return survey_from_table(table, options, content_hash="h")


def part_texts(batch: ImportBatch) -> list[tuple[str, str, str]]:
    """(respondent key, question label, exact answer text) for every part."""
    found = []
    for doc in batch.documents:
        for p in doc.parts:
            assert p.kind == "answer" and p.speaker and p.question
            found.append((p.speaker, batch.questions[p.question].label, doc.text[p.start : p.end]))
    return found


def test_roles_are_suggested_for_a_surveymonkey_export(tmp_path: Path) -> None:
    roles = suggest_roles(lived_table(tmp_path))
    assert roles.id_column == "Respondent ID"
    assert roles.question_columns == LIVED_QUESTIONS
    assert roles.attribute_columns == [
        "What is your age band?",
        "What is your gender?",
        "Which of these describes you best?",
        "Which services have you used in the last year? - Alcohol service",
        "Which services have you used in the last year? - Drug service",
        "Which services have you used in the last year? - Needle exchange",
    ]
    assert roles.ignored_columns == META[1:]  # never IP addresses as attributes by default


def test_cases_per_respondent_with_typed_attributes(tmp_path: Path) -> None:
    batch = build(pro_table(tmp_path), "Professionals")
    assert [c.name for c in batch.cases.values()] == [
        "Professionals 1001",
        "Professionals 1002",
        "Professionals 1005",
    ]
    gp = batch.cases[normalise_speaker("Professionals 1005")]
    assert gp.attributes == {
        "instrument": "Professionals",
        "Your role": "GP",
        "Years in this sector": "20.5",
        "Do you manage staff?": "false",
    }
    assert batch.attribute_types == {
        "instrument": "category",
        "Your role": "category",
        "Years in this sector": "number",
        "Do you manage staff?": "boolean",
    }
    assert all("IP Address" not in c.attributes for c in batch.cases.values())


def test_questions_take_ids_from_headers_or_column_order(tmp_path: Path) -> None:
    pro = build(pro_table(tmp_path), "Professionals")
    assert [(q.label, q.text, q.instrument) for q in pro.questions.values()] == [
        ("Q4", PRO_HEADER[8], "Professionals"),
        ("Q5", PRO_HEADER[9], "Professionals"),
        ("Q6", PRO_HEADER[10], "Professionals"),
    ]
    lived = build(lived_table(tmp_path), "Lived experience")
    assert [(q.label, q.text) for q in lived.questions.values()] == [
        ("Q1", LIVED_QUESTIONS[0]),
        ("Q2", LIVED_QUESTIONS[1]),
        ("Q3", LIVED_QUESTIONS[2]),
    ]


def test_per_question_documents_hold_exactly_the_answers(tmp_path: Path) -> None:
    batch = build(lived_table(tmp_path), "Lived experience")
    assert [d.name for d in batch.documents] == [
        "Lived experience - Q1: What has helped you most in your recovery so far?",
        "Lived experience - Q2: What made it harder to get support when you first needed it?",
        "Lived experience - Q3: If you could change one thing about local services, what…",
    ]
    assert all(d.kind == DocumentKind.SURVEY.value for d in batch.documents)
    expected = []
    for row in LIVED_ROWS:
        key = normalise_speaker(f"Lived experience {row[0]}")
        for label, answer in zip(("Q1", "Q2", "Q3"), row[11:], strict=True):
            if answer.strip() not in ("", "N/A", "-"):
                expected.append((key, label, answer))
    assert sorted(part_texts(batch)) == sorted(expected)
    assert len(expected) == 9  # three empty answers skipped
    first = batch.documents[0]
    assert first.text.startswith("Respondent 1001:\nMy key worker never gave up on me")
    assert "Respondent 1003" not in first.text  # whitespace-only answer


def test_per_respondent_layout(tmp_path: Path) -> None:
    batch = build(pro_table(tmp_path), "Professionals", layout="per_respondent")
    assert [d.name for d in batch.documents] == [
        "Professionals 1001",
        "Professionals 1002",
        "Professionals 1005",
    ]
    second = batch.documents[1]
    assert second.text == (
        "Q4. What are the main gaps in provision for people who use drugs?\n"
        + PRO_ROWS[1][8]
        + "\n\nQ6. What would improve pathways out of prison into treatment?\n"
        + PRO_ROWS[1][10]
    )
    assert [second.text[p.start : p.end] for p in second.parts] == [PRO_ROWS[1][8], PRO_ROWS[1][10]]
    assert {p.speaker for p in second.parts} == {normalise_speaker("Professionals 1002")}
    assert len(part_texts(batch)) == 7


def test_two_instruments_stay_distinguishable(tmp_path: Path) -> None:
    lived = build(lived_table(tmp_path), "Lived experience")
    pro = build(pro_table(tmp_path), "Professionals")
    assert not set(lived.cases) & set(pro.cases)  # both have a respondent 1001
    assert not set(lived.questions) & set(pro.questions)
    assert lived.cases[normalise_speaker("Lived experience 1001")].attributes["instrument"] == (
        "Lived experience"
    )


def test_instrument_defaults_to_the_file_stem(tmp_path: Path) -> None:
    table = pro_table(tmp_path)
    batch = survey_from_table(
        table, SurveyOptions.from_roles(suggest_roles(table)), content_hash=""
    )
    assert next(iter(batch.cases.values())).name == "pro 1001"


def test_plain_csv_dates_and_numbered_respondents(tmp_path: Path) -> None:
    rows = [
        ["Area", "Last contact", "Comment"],
        ["Northgate", "14/03/2024", "The hub moved and nobody told the people who used it."],
        ["Riverside", "2024-03-20", "Good service but the opening hours clash with work shifts."],
    ]
    table = read_table(write_csv(tmp_path / "plain.csv", rows))
    options = SurveyOptions(
        attribute_columns=["Area", "Last contact"], question_columns=["Comment"]
    )
    batch = survey_from_table(table, options, content_hash="")
    assert batch.attribute_types["Last contact"] == "date"
    assert [c.name for c in batch.cases.values()] == ["plain 1", "plain 2"]
    assert batch.cases["plain 1"].attributes["Last contact"] == "2024-03-14"


def test_repeated_id_names_value_and_rows(tmp_path: Path) -> None:
    rows = [["Respondent ID", "Comment"]] + [[str(1040 + i), f"answer {i}"] for i in range(8)]
    rows[8][0] = "1043"  # file row 9 repeats file row 5
    table = read_table(write_csv(tmp_path / "dupes.csv", rows))
    options = SurveyOptions(id_column="Respondent ID", question_columns=["Comment"])
    with pytest.raises(FileImportError) as err:
        survey_from_table(table, options, content_hash="")
    assert "dupes.csv" in str(err.value)
    assert "Respondent ID 1043 appears in rows 5 and 9" in str(err.value)


def test_empty_id_names_the_row(tmp_path: Path) -> None:
    rows = [["Respondent ID", "Comment"], ["1", "a"], ["2", "b"], ["", "c"]]
    table = read_table(write_csv(tmp_path / "noid.csv", rows))
    options = SurveyOptions(id_column="Respondent ID", question_columns=["Comment"])
    with pytest.raises(FileImportError, match=r"noid\.csv \(row 4\).*Respondent ID is empty"):
        survey_from_table(table, options, content_hash="")


def test_unknown_and_missing_columns(tmp_path: Path) -> None:
    table = pro_table(tmp_path)
    with pytest.raises(FileImportError, match=r"pro\.csv.*'Postcode'.*Respondent ID, Collector"):
        survey_from_table(table, SurveyOptions(question_columns=["Postcode"]), content_hash="")
    with pytest.raises(FileImportError, match=r"pro\.csv.*at least one question"):
        survey_from_table(table, SurveyOptions(id_column="Respondent ID"), content_hash="")
    both = SurveyOptions(attribute_columns=["Your role"], question_columns=["Your role"])
    with pytest.raises(FileImportError, match="one role"):
        survey_from_table(table, both, content_hash="")


def test_header_only_file(tmp_path: Path) -> None:
    table = read_table(write_csv(tmp_path / "head.csv", [["ID", "Comment"]]))
    with pytest.raises(FileImportError, match=r"head\.csv.*no responses"):
        survey_from_table(table, SurveyOptions(question_columns=["Comment"]), content_hash="")


def test_surveymonkey_xlsx_end_to_end(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in [PRO_HEADER, PRO_SUB, *PRO_ROWS]:
        ws.append([int(c) if c.isdigit() else (c or None) for c in row])
    wb.save(tmp_path / "pro.xlsx")
    batch = build(read_table(tmp_path / "pro.xlsx"), "Professionals")
    assert batch.cases[normalise_speaker("Professionals 1001")].attributes[
        "Years in this sector"
    ] == ("12")
    assert len(part_texts(batch)) == 7


def test_helpers() -> None:
    assert question_label("Q3. What helped?", 1) == ("Q3", "What helped?")
    assert question_label("12) Anything else?", 1) == ("Q12", "Anything else?")
    assert question_label("What helped?", 2) == ("Q2", "What helped?")
    assert infer_attribute_type(["Yes", "no", ""]).value == "boolean"
    assert infer_attribute_type(["NaN", "inf"]).value == "category"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_fuzz_only_file_import_errors(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_text(text, encoding="utf-8", newline="")
    try:
        table = read_table(path)
        roles = suggest_roles(table)
        for layout in ("per_question", "per_respondent"):
            options = SurveyOptions.from_roles(roles, layout=layout)
            batch = survey_from_table(table, options, content_hash="")
            for doc in batch.documents:
                for p in doc.parts:
                    assert 0 <= p.start < p.end <= len(doc.text)
                    assert "\r" not in doc.text
    except FileImportError:
        pass


cells = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N", "P", "Zs"), whitelist_characters="\n"),
    max_size=60,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(cells, min_size=1, max_size=5), min_size=1, max_size=8))
def test_fuzz_tables_only_file_import_errors(tmp_path: Path, rows: list[list[str]]) -> None:
    path = write_csv(tmp_path / "grid.csv", rows)
    try:
        table = read_table(path)
        roles = suggest_roles(table)
        if not roles.question_columns:  # reach the builder more often: everything else is asked
            roles.question_columns = roles.attribute_columns + roles.ignored_columns
            roles.attribute_columns, roles.ignored_columns = [], []
        batch = survey_from_table(table, SurveyOptions.from_roles(roles), content_hash="")
    except FileImportError:
        return
    for doc in batch.documents:
        for p in doc.parts:
            assert doc.text[p.start : p.end].strip() == doc.text[p.start : p.end]
            assert p.speaker in batch.cases and p.question in batch.questions


def test_two_thousand_respondents_build_quickly(tmp_path: Path) -> None:
    header = ["Respondent ID", "Age band", *[f"Q{i}. Open question {i}?" for i in range(1, 6)]]
    rows = [header] + [
        [str(100000 + r), ("18-24", "25-34", "35-44")[r % 3]]
        + [f"Answer {r}-{q}: services were hard to reach and the wait was long." for q in range(5)]
        for r in range(2000)
    ]
    path = write_csv(tmp_path / "big.csv", rows)
    started = time.perf_counter()
    table = read_table(path)
    batch = survey_from_table(
        table, SurveyOptions.from_roles(suggest_roles(table)), content_hash=""
    )
    elapsed = time.perf_counter() - started
    print(f"2,000 x 5 survey built in {elapsed:.3f} s")
    assert len(batch.cases) == 2000
    assert sum(len(d.parts) for d in batch.documents) == 10_000
    # a guard against quadratic work (about 0.3 s quiet), not a timing: the bench times imports
    assert elapsed < 20.0


def test_short_distinct_values_are_attributes_not_questions(tmp_path: Path) -> None:
    roles_by_row = ["Pharmacist", "Probation officer", "Peer mentor", "Team leader", "GP"]
    rows = [["ID", "What is your role?", "What gets in the way?"]] + [
        [str(i), role, f"Answer {i}: referral forms go missing between teams and nobody owns them."]
        for i, role in enumerate(roles_by_row, start=1)
    ]
    roles = suggest_roles(read_table(write_csv(tmp_path / "roles.csv", rows)))
    assert roles.id_column == "ID"
    assert roles.attribute_columns == ["What is your role?"]
    assert roles.question_columns == ["What gets in the way?"]
