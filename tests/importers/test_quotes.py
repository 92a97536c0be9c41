"""Quote sheets: one QUOTES document, each quote an exact part tied to a case with attributes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from qualcode.domain.values import DocumentKind
from qualcode.importers.model import FileImportError, ImportBatch
from qualcode.importers.quotes import (
    attribution_name,
    detect_quote_columns,
    quotes_from_table,
    strip_wrapping_quotes,
)
from qualcode.importers.table import Table, read_table

SHEET = [
    ["Quote", "Attribution", "Theme", "Priority", "Source", "Area"],
    ["“The first time anyone asked what I wanted was in rehab.”", "(Female, aged 40-55)",
     "Being heard", "1", "Interview", "Northgate"],
    ['"You ring and ring and nobody picks up."', "(Male, aged 25-39)", "Access",
     "2", "Focus group", ""],
    ["", "(Male, aged 25-39)", "Access", "3", "Focus group", ""],
    ['I said "no thanks" and that was the end of it', "(Female, aged 40-55)", "Access",
     "1", "Interview", "Northgate"],
    ["  My GP was brilliant, the pharmacy less so.  ", "(Carer)", "", "", "Survey", ""],
]  # fmt: skip


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def sheet_table(tmp_path: Path, rows: list[list[str]] = SHEET) -> Table:
    return read_table(write_csv(tmp_path / "Key quotes.csv", rows))


def quotes_of(batch: ImportBatch) -> list[tuple[str, str]]:
    doc = batch.documents[0]
    return [(doc.text[p.start : p.end], batch.cases[p.speaker or ""].name) for p in doc.parts]


def test_columns_are_detected_from_headers(tmp_path: Path) -> None:
    columns = detect_quote_columns(sheet_table(tmp_path))
    assert columns is not None
    assert (columns.quote, columns.attribution, columns.theme) == ("Quote", "Attribution", "Theme")
    assert (columns.priority, columns.source, columns.participant) == ("Priority", "Source", None)


def test_quotes_become_exact_parts_with_cases_per_attribution(tmp_path: Path) -> None:
    batch = quotes_from_table(sheet_table(tmp_path), content_hash="abc")
    assert batch.content_hash == "abc"
    [doc] = batch.documents
    assert doc.name == "Key quotes"
    assert doc.kind == DocumentKind.QUOTES.value
    assert all(p.kind == "quote" for p in doc.parts)
    assert quotes_of(batch) == [
        ("The first time anyone asked what I wanted was in rehab.", "Female, aged 40-55"),
        ("You ring and ring and nobody picks up.", "Male, aged 25-39"),
        ('I said "no thanks" and that was the end of it', "Female, aged 40-55"),
        ("My GP was brilliant, the pharmacy less so.", "Carer"),
    ]
    assert doc.text.count("\n\n") == 3
    assert batch.warnings == [
        "Skipped 1 row(s) with no quote: row 4.",
        "Some cases are quoted under more than one Theme; their values were joined with '; '.",
    ]


def test_case_attributes_keep_the_attribution_label(tmp_path: Path) -> None:
    batch = quotes_from_table(sheet_table(tmp_path), content_hash="")
    female = batch.cases["female, aged 40-55"]
    assert female.attributes == {
        "attribution": "(Female, aged 40-55)",
        "Theme": "Being heard; Access",
        "Priority": "1",
        "Source": "Interview",
        "Area": "Northgate",
    }
    assert batch.attribute_types["Priority"] == "number"
    assert batch.attribute_types["Source"] == "category"
    assert batch.cases["carer"].attributes == {"attribution": "(Carer)", "Source": "Survey"}


def test_participant_column_names_the_case(tmp_path: Path) -> None:
    rows = [
        ["Pseudonym", "Verbatim extract", "Method"],
        ["Dee", "Meetings in the church hall felt safer than the clinic.", "Interview"],
        ["", "Nobody explained the methadone script to me.", "Focus group"],
        ["dee ", "I still go on Tuesdays.", "Interview"],
    ]
    batch = quotes_from_table(sheet_table(tmp_path, rows), content_hash="")
    assert [name for _, name in quotes_of(batch)] == ["Dee", "Quote 2", "Dee"]
    assert len(batch.cases) == 2
    assert batch.cases["dee"].attributes == {"Method": "Interview"}


def test_explicit_columns_override_detection(tmp_path: Path) -> None:
    rows = [["Notes", "Who"], ["Outreach found me sleeping in the car park.", "P07"]]
    table = sheet_table(tmp_path, rows)
    batch = quotes_from_table(
        table, content_hash="", quote_column="Notes", participant_column="Who"
    )
    assert quotes_of(batch) == [("Outreach found me sleeping in the car park.", "P07")]


def test_no_quote_column_lists_the_columns(tmp_path: Path) -> None:
    table = sheet_table(tmp_path, [["Area", "Count"], ["Northgate", "3"]])
    with pytest.raises(FileImportError, match=r"Key quotes\.csv.*no quote column.*Area, Count"):
        quotes_from_table(table, content_hash="")
    with pytest.raises(FileImportError, match=r"'Extract'.*Area, Count"):
        quotes_from_table(table, content_hash="", quote_column="Extract")


def test_sheet_without_any_quote_is_refused(tmp_path: Path) -> None:
    table = sheet_table(tmp_path, [["Quote", "Theme"], ["", "Access"], ["“”", "Stigma"]])
    with pytest.raises(FileImportError, match=r"Key quotes\.csv.*holds no quotes"):
        quotes_from_table(table, content_hash="")


def test_xlsx_quote_sheet(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Respondent", "Text", "Priority"])
    ws.append([1043, "It felt like the service was built for someone else.", 2])
    ws.append([1044, "The needle exchange van is the only place I feel normal.", None])
    wb.save(tmp_path / "extracts.xlsx")
    batch = quotes_from_table(read_table(tmp_path / "extracts.xlsx"), content_hash="")
    assert [name for _, name in quotes_of(batch)] == ["1043", "1044"]
    assert batch.documents[0].name == "extracts"


def test_numbering_columns_are_not_taken_for_quotes(tmp_path: Path) -> None:
    rows = [["Quote ID", "Quote text", "Participant ID"], ["Q1", "It took a crisis.", "P2"]]
    columns = detect_quote_columns(sheet_table(tmp_path, rows))
    assert columns is not None
    assert (columns.quote, columns.participant) == ("Quote text", "Participant ID")


def test_helpers() -> None:
    assert strip_wrapping_quotes(" “Hello” ") == "Hello"
    assert strip_wrapping_quotes('"a" and "b"') == '"a" and "b"'
    assert strip_wrapping_quotes("“He said “no””") == "“He said “no””"
    assert attribution_name("(Female, aged 40-55)") == "Female, aged 40-55"
    assert attribution_name("— Service user, 30s") == "Service user, 30s"
    assert attribution_name("[Carer]") == "Carer"
