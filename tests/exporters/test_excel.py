"""The Excel report: values, styling, links and sheet names survive a round trip; atomic writes."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook as XlWorkbook

from qualcode.domain.errors import StorageError
from qualcode.exporters.excel import EXCEL_MAX_CHARS, clean_text, sheet_title, write_workbook
from qualcode.exporters.report_model import Workbook

from .conftest import LONG, Q_FORMULA, Q_STIGMA, Q_TRUST, Q_WAIT, build_book

BAD = re.compile(r"[\[\]:*?/\\]")


def written(tmp_path: Path, book: Workbook) -> XlWorkbook:
    path = tmp_path / "report.xlsx"
    write_workbook(path, book)
    return openpyxl.load_workbook(path)


def row_of(ws: openpyxl.worksheet.worksheet.Worksheet, label: str) -> int:
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == label:
            return int(row[0].row)
    raise AssertionError(f"{label!r} not in column A of {ws.title}")


def test_sheets_are_named_validly_and_uniquely(tmp_path: Path, book: Workbook) -> None:
    wb = written(tmp_path, book)
    names = wb.sheetnames
    assert names[:4] == ["About", "Matrix", "Quotes", "Codebook"]
    assert len({n.lower() for n in names}) == len(names)
    for name in names:
        assert 0 < len(name) <= 31 and not BAD.search(name) and not name.startswith("'")
    assert "Quotes (2)" in names  # the theme called "Quotes"
    assert "Trust" in names and "trust (2)" in names
    assert "Access -draft-- what-why--" in names
    long = [n for n in names if n.startswith("A very long")]
    assert len(long) == 2 and long[1].endswith(" (2)") and len(long[1]) == 31


def test_sheet_title_rules() -> None:
    taken: set[str] = set()
    assert sheet_title("", taken) == "Sheet"
    assert sheet_title("'quoted'", taken) == "quoted"
    assert sheet_title("History", taken) == "History sheet"
    assert sheet_title("x" * 40, taken) == "x" * 31
    assert sheet_title("x" * 40, taken) == "x" * 27 + " (2)"
    assert sheet_title("X" * 31, taken) == "X" * 27 + " (3)"


def test_matrix_layout_and_styling(tmp_path: Path, book: Workbook) -> None:
    ws = written(tmp_path, book)["Matrix"]
    assert ws["A1"].value == "Themes by priority: Wirral Drugs Strategy 2023-27"
    assert ws.freeze_panes == "B4"
    headers = [c.value for c in ws[3]]
    assert headers == [
        "Theme",
        "P1 Building a positive culture",
        "P2 Treatment and recovery",
        "Not mapped",
        "Cross-cutting",
    ]
    for cell in ws[3]:
        assert cell.font.bold and cell.font.color.rgb.endswith("FFFFFF")
        assert cell.fill.fill_type == "solid" and cell.alignment.wrap_text
    assert ws["B3"].fill.fgColor.rgb.endswith("1F4E79")
    for col in "DE":  # Not mapped / Cross-cutting: darker grey header, grey body, thick left rule
        assert ws[f"{col}3"].fill.fgColor.rgb.endswith("595959")
        assert ws[f"{col}5"].fill.fgColor.rgb.endswith("F2F2F2")
        assert ws[f"{col}5"].border.left.style == "medium"
    assert ws["B5"].fill.fill_type is None
    assert ws.column_dimensions["A"].width == 44 and ws.column_dimensions["B"].width == 48
    # themes indented and outlined by depth; top-level themes bold
    labels = {r: ws.cell(row=r, column=1) for r in range(4, 10)}
    assert [c.value for c in labels.values()] == [
        "Stigma",
        "Stigma from services",
        "At the pharmacy",
        "Waiting for treatment",
        "Trust in keyworkers",
        "Miscellaneous",
    ]
    assert [c.alignment.indent for c in labels.values()] == [0, 2, 4, 0, 0, 0]
    assert {c.alignment.horizontal for c in labels.values()} == {"left"}
    assert labels[4].font.bold and not labels[5].font.bold
    assert ws.row_dimensions[5].outline_level == 1 and ws.row_dimensions[6].outline_level == 2
    assert labels[4].comment is not None and "\x0b" not in labels[4].comment.text


def test_cells_show_all_measures_with_quotes(tmp_path: Path, book: Workbook) -> None:
    ws = written(tmp_path, book)["Matrix"]
    b4 = ws["B4"].value
    assert b4.startswith("12 extracts · 5 docs · 4 people\n● Primary\n\n“They")
    assert (
        "“They look at you like you're nothing, like you don't matter.” (Female, aged 40-55)" in b4
    )
    assert "“=SUM(A1) is what they reduce us to”" in b4
    assert ws["B5"].value.startswith("1 extract · 1 doc · 1 person\n○ Secondary\n\n“I waited")
    assert ws["C6"].value == "3 extracts · 2 docs · 2 people\n○ Secondary"  # no quotes
    assert ws["B9"].value is None  # an all-zero cell is left empty
    assert ws["C4"].value is None  # no cell at all
    assert ws["D9"].value == "2 extracts · 2 docs · 1 person"
    assert ws["E8"].value.endswith("“My keyworker actually listens [to me].” (Male, aged 20-35)")
    assert len(ws["B5"].value) <= EXCEL_MAX_CHARS
    assert ws.row_dimensions[4].height > 60  # rows grown to show wrapped quotes


def test_quote_cells_link_to_their_first_quote(tmp_path: Path, book: Workbook) -> None:
    wb = written(tmp_path, book)
    ws, quotes = wb["Matrix"], wb["Quotes"]
    assert [c.value for c in quotes[3]] == [
        "Theme",
        "Framework item",
        "Quote",
        "Attribution",
        "Document",
        "Place",
    ]
    assert quotes.freeze_panes == "A4"
    expected = {"B4": Q_STIGMA, "C7": Q_WAIT, "E8": Q_TRUST}
    for coord, quote in expected.items():
        link = ws[coord].hyperlink
        assert link is not None and link.target is None
        m = re.fullmatch(r"'Quotes'!A(\d+)", link.location)
        assert m, link.location
        assert quotes.cell(row=int(m[1]), column=3).value == clean_text(quote.text)
    assert ws["C6"].hyperlink is None and ws["D9"].hyperlink is None
    # the quotes given come first, in order; matrix-only quotes are appended after them
    texts = [quotes.cell(row=r, column=3).value for r in range(4, quotes.max_row + 1)]
    assert texts[:2] == [Q_WAIT.text, clean_text(Q_STIGMA.text)]
    assert Q_FORMULA.text in texts and Q_TRUST.text in texts
    assert len(texts) == 5  # each quote once
    formula = quotes.cell(row=4 + texts.index(Q_FORMULA.text), column=3)
    assert formula.data_type == "s"  # kept as text, not turned into a formula
    long = (
        texts[-1]
        if texts[-1].startswith("I waited")
        else next(t for t in texts if t.startswith("I waited"))
    )
    assert len(long) == EXCEL_MAX_CHARS and long.endswith("…") and len(LONG) > EXCEL_MAX_CHARS
    assert quotes.cell(row=4, column=2).value == "P2"
    assert quotes.cell(row=4, column=4).value == "(Lived Experience Interview)"
    assert quotes.cell(row=4, column=6).value == "00:12:03"


def test_theme_labels_link_to_theme_sheets(tmp_path: Path, book: Workbook) -> None:
    ws = written(tmp_path, book)["Matrix"]
    assert ws["A4"].hyperlink.location == "'Stigma'!A1"
    assert ws["A5"].hyperlink is None  # no sheet for that sub-theme


def test_single_measure_is_a_number(tmp_path: Path) -> None:
    ws = written(tmp_path, build_book(["participants"]))["Matrix"]
    assert ws["B4"].value == 4 and ws["B4"].alignment.horizontal == "center"
    assert ws["B4"].hyperlink is None
    ws = written(tmp_path, build_book(["strength"]))["Matrix"]
    assert ws["B4"].value == "● Primary" and ws["D9"].value is None


def test_front_sheet_explains_the_measures(tmp_path: Path, book: Workbook) -> None:
    ws = written(tmp_path, book)["About"]
    text = {
        ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value
        for r in range(1, ws.max_row + 1)
    }
    assert ws["A1"].value == "Wirral Drugs Study"
    assert text["Generated"] == "02 May 2024, 14:30"
    assert text["Framework"] == "Wirral Drugs Strategy 2023-2027"
    assert text["Participants"] == "Distinct pseudonymised participants."  # the report's own note
    assert "coded extracts" in text["Extracts"]  # the default note
    assert "'Not mapped'" in text["How to read the matrix"]
    assert "'Cross-cutting'" in text["How to read the matrix"]
    assert text["Quotes (2)"].startswith("Theme")


def test_codebook_and_theme_sheets(tmp_path: Path, book: Workbook) -> None:
    wb = written(tmp_path, book)
    cb = wb["Codebook"]
    assert [c.value for c in cb[3]] == [
        "Code",
        "Definition",
        "Themes",
        "Extracts",
        "Documents",
        "Participants",
        "Gender: Female",
        "Gender: Male",
        "Gender: Prefer not to say",
    ]
    assert [c.value for c in cb[4]] == [
        "Access / Waiting",
        "Any wait for help",
        "Waiting for treatment",
        9,
        4,
        3,
        5,
        4,
        0,
    ]
    assert [c.value for c in cb[5]][6:] == [0, 2, 1]
    ws = wb["Stigma"]
    fields = {
        ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value
        for r in range(1, ws.max_row + 1)
    }
    assert fields["Definition"] == "Being judged for using drugs."
    assert fields["Central organising concept"] == "Shame"
    assert fields["Framework items"] == "P1, P2"
    assert fields["Codes"] == "Stigma / Services\nStigma / Family"
    assert fields[2] == Q_FORMULA.text and ws.cell(row=fields_row(ws, 2), column=3).value == (
        "(CGL staff member, Survey)"
    )
    assert ws.cell(row=fields_row(ws, 1), column=2).font.italic


def fields_row(ws: openpyxl.worksheet.worksheet.Worksheet, value: object) -> int:
    return next(int(c.row) for c in ws["A"] if c.value == value)


def test_a_workbook_without_a_matrix(tmp_path: Path, book: Workbook) -> None:
    book.matrix = None
    book.codebook = []
    wb = written(tmp_path, book)
    assert wb.sheetnames[:2] == ["About", "Quotes"] and "Matrix" not in wb.sheetnames
    assert wb["About"]["A1"].value == "QualCode export"


def test_failed_write_keeps_the_old_file(
    tmp_path: Path, book: Workbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "report.xlsx"
    write_workbook(path, book)
    good = path.read_bytes()

    def broken_save(self: XlWorkbook, filename: str) -> None:
        Path(filename).write_bytes(b"PK\x03\x04 half a zip")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(XlWorkbook, "save", broken_save)
    with pytest.raises(StorageError, match=r"report\.xlsx: the disk is full; nothing was written"):
        write_workbook(path, build_book(["extracts"]))
    assert path.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]
    with pytest.raises(StorageError, match=r"new\.xlsx"):
        write_workbook(tmp_path / "new.xlsx", book)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]


def test_clean_text() -> None:
    assert clean_text("a\x00b\x1fc\td\ne\r\nf\rg\ud800h\uffff") == "abc\td\ne\nf\ngh"
    assert clean_text("abcdef", 4) == "abc…"
