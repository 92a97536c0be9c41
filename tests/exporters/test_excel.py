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

from .conftest import LONG, Q_FORMULA, Q_LONG, Q_STIGMA, Q_TRUST, Q_WAIT, build_book

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
    assert names[:6] == ["About", "Extracts", "Documents", "Participants", "Quotes", "Codebook"]
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


def test_one_sheet_of_numbers_per_measure_grouped_by_priority(
    tmp_path: Path, book: Workbook
) -> None:
    wb = written(tmp_path, book)
    assert wb.sheetnames[1:4] == ["Extracts", "Documents", "Participants"]
    ws = wb["Extracts"]
    assert ws["A1"].value == "Themes by priority: Wirral Drugs Strategy 2023-27: extracts"
    assert "Bold = primary link" in ws["A3"].value and "plain = secondary" in ws["A3"].value
    assert ws.freeze_panes == "B6"
    assert [c.value for c in ws[5]] == [
        "Theme",
        "All evidence",
        "P1 Building a positive culture",
        "P2 Treatment and recovery",
        "Not mapped",
        "Cross-cutting",
    ]
    assert [ws.cell(row=r, column=1).value for r in range(6, 16)] == [
        "P1 Building a positive culture",  # group row
        "Stigma",
        "Stigma from services",
        "At the pharmacy",
        "P2 Treatment and recovery",
        "Waiting for treatment",
        "Overarching (cross-cutting) themes",
        "Trust in keyworkers",
        "Other themes",
        "Miscellaneous",
    ]
    assert [ws.cell(row=r, column=1).alignment.indent for r in (7, 8, 9)] == [0, 2, 4]
    assert ws.row_dimensions[8].outline_level == 1
    stigma = [c.value for c in ws[7]]
    assert stigma == ["Stigma", 20, 12, None, None, None]
    for row in ws.iter_rows(min_row=6, min_col=2):
        for cell in row:
            assert cell.value is None or (isinstance(cell.value, int) and cell.data_type == "n")
    assert ws["C7"].font.bold  # primary
    assert ws["C8"].value == 1 and not ws["C8"].font.bold  # secondary: plain
    assert ws["D9"].value == 3 and not ws["D9"].font.bold
    assert ws["E15"].value == 2 and ws["C15"].value is None  # all-zero cell left empty
    assert wb["Participants"]["C7"].value == 4 and wb["Documents"]["C7"].value == 5


def test_every_sheet_prints_on_a4_one_page_wide(tmp_path: Path, book: Workbook) -> None:
    wb = written(tmp_path, book)
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9, ws.title  # A4
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert wb["Extracts"].print_title_rows == "$5:$5"
    assert wb["Quotes"].print_title_rows == "$3:$3"


def test_quotes_sheet_holds_each_quote_once_with_its_place(tmp_path: Path, book: Workbook) -> None:
    book.quotes = [*book.quotes, ("Stigma", "P2", Q_STIGMA), ("Trust", "*", Q_TRUST)]
    quotes = written(tmp_path, book)["Quotes"]
    assert [c.value for c in quotes[3]] == ["Theme", "Linked to", "Quote", "Attribution", "Place"]
    assert quotes.freeze_panes == "A4"
    texts = [quotes.cell(row=r, column=3).value for r in range(4, quotes.max_row + 1)]
    assert texts == [Q_WAIT.text, clean_text(Q_STIGMA.text), Q_TRUST.text]  # no repeats
    assert quotes.cell(row=4, column=2).value == "P2"
    assert quotes.cell(row=4, column=4).value == "(Lived Experience Interview)"
    assert quotes.cell(row=4, column=5).value == "00:12:03"


def test_quotes_are_text_never_formulas_and_fit_excel(tmp_path: Path, book: Workbook) -> None:
    book.quotes = [("Stigma", "P1", Q_FORMULA), ("Stigma", "P1", Q_LONG)]
    quotes = written(tmp_path, book)["Quotes"]
    assert quotes["C4"].value == Q_FORMULA.text and quotes["C4"].data_type == "s"
    long = quotes["C5"].value
    assert len(long) == EXCEL_MAX_CHARS and long.endswith("…") and len(LONG) > EXCEL_MAX_CHARS


def test_a_single_measure_still_gets_its_sheet(tmp_path: Path) -> None:
    wb = written(tmp_path, build_book(["participants"]))
    assert "Participants" in wb.sheetnames and "Extracts" not in wb.sheetnames
    assert wb["Participants"]["C7"].value == 4
    wb = written(tmp_path, build_book(["strength"]))  # no count asked: extracts, bold/plain
    assert wb["Extracts"]["C7"].value == 12 and wb["Extracts"]["C7"].font.bold


def test_front_sheet_explains_the_measures(tmp_path: Path, book: Workbook) -> None:
    ws = written(tmp_path, book)["About"]
    text: dict[object, object] = {}
    for r in range(1, ws.max_row + 1):  # a measure's meaning comes before its sheet's line
        text.setdefault(ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value)
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
    assert ws.cell(row=fields_row(ws, 2), column=4).value == "Q3"  # the place
    assert ws.cell(row=fields_row(ws, 1), column=2).font.italic


def fields_row(ws: openpyxl.worksheet.worksheet.Worksheet, value: object) -> int:
    return next(int(c.row) for c in ws["A"] if c.value == value)


def test_a_workbook_without_a_matrix(tmp_path: Path, book: Workbook) -> None:
    book.matrix = None
    book.codebook = []
    wb = written(tmp_path, book)
    assert wb.sheetnames[:2] == ["About", "Quotes"] and "Extracts" not in wb.sheetnames
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
