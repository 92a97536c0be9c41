"""read_table: CSV/TSV/XLSX into trimmed strings, SurveyMonkey headers merged, bad files refused."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from qualcode.importers.model import FileImportError
from qualcode.importers.table import read_table


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def write_xlsx(path: Path, sheets: Mapping[str, Sequence[Sequence[object]]]) -> Path:
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_plain_csv_trims_cells_and_numbers_rows(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(
        "ID , Area,Comment\n1, Northgate , Waited six weeks for a first appointment\n\n"
        "2,Riverside,\n",
        encoding="utf-8",
    )
    table = read_table(path)
    assert table.source == "contacts.csv"
    assert table.headers == ["ID", "Area", "Comment"]
    assert table.rows == [
        ["1", "Northgate", "Waited six weeks for a first appointment"],
        ["2", "Riverside", ""],
    ]
    assert table.row_numbers == [2, 4]  # the blank line is row 3 in Excel
    assert table.layout == "plain"


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_are_sniffed(tmp_path: Path, delimiter: str) -> None:
    rows = [["ID", "Role", "Comment"], ["7", "Outreach worker", "Caseloads are too high, really"]]
    table = read_table(write_csv(tmp_path / "s.csv", rows, delimiter))
    assert table.headers == ["ID", "Role", "Comment"]
    assert table.rows == [rows[1]]


def test_quoted_newlines_stay_in_the_cell(tmp_path: Path) -> None:
    rows = [["ID", "Answer"], ["1", "First line.\nSecond line."], ["2", "Short"]]
    table = read_table(write_csv(tmp_path / "q.csv", rows))
    assert table.rows[0][1] == "First line.\nSecond line."
    assert table.row_numbers == [2, 3]


def test_short_rows_are_padded(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("A,B,C\n1,2\n3,4,5,,\n", encoding="utf-8")
    table = read_table(path)
    assert table.rows == [["1", "2", ""], ["3", "4", "5"]]


def test_long_row_names_file_row_and_counts(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("ID,Area,Comment\n1,North,fine\n2,South,too many, cells\n", encoding="utf-8")
    with pytest.raises(FileImportError) as err:
        read_table(path)
    message = str(err.value)
    assert "ragged.csv" in message
    assert "row 3" in message
    assert "4 cells" in message and "3 columns" in message


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(FileImportError, match=r"empty\.csv.*empty"):
        read_table(path)


def test_blank_lines_only_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text("\n , ,\n\n", encoding="utf-8")
    with pytest.raises(FileImportError, match=r"blank\.csv.*no rows"):
        read_table(path)


def test_binary_junk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(FileImportError, match=r"junk\.csv.*(binary|not a text)"):
        read_table(path)


def test_nul_byte_in_utf8_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"ID,Comment\n1,ok\n2,bad\x00cell\n")
    with pytest.raises(FileImportError, match=r"nul\.csv"):
        read_table(path)


def test_cp1252_csv(tmp_path: Path) -> None:
    path = tmp_path / "windows.csv"
    text = "ID,Comment\n1,The café drop-in costs £2 – it’s worth it\n"
    path.write_bytes(text.encode("cp1252"))
    table = read_table(path)
    assert table.rows[0][1] == "The café drop-in costs £2 – it’s worth it"


@pytest.mark.parametrize("name", ["unicode.csv", "unicode.txt"])
def test_utf16_tab_separated(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    text = "ID\tComment\r\n1\tNaloxone kits saved my friend’s life\r\n"
    path.write_bytes(text.encode("utf-16"))
    table = read_table(path)
    assert table.headers == ["ID", "Comment"]
    assert table.rows == [["1", "Naloxone kits saved my friend’s life"]]


def test_duplicate_and_empty_headers(tmp_path: Path) -> None:
    path = tmp_path / "dupes.csv"
    path.write_text("Comment,comment,,Comment\na,b,c,d\n", encoding="utf-8")
    table = read_table(path)
    assert table.headers == ["Comment", "comment (2)", "Column 3", "Comment (3)"]
    assert len(table.warnings) == 2
    assert "renamed to 'comment (2)'" in table.warnings[0]


SM_HEADER = [
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "What is your age band?",
    "Which services have you used?",
    "",
    "What has helped you most?",
]
SM_SUB = ["", "", "", "", "", "Response", "Alcohol service", "Drug service", "Open-Ended Response"]


def test_surveymonkey_csv_headers_are_merged(tmp_path: Path) -> None:
    rows = [
        SM_HEADER,
        SM_SUB,
        [
            "1001",
            "4412",
            "03/04/2024",
            "03/04/2024",
            "10.0.0.1",
            "25-34",
            "Alcohol service",
            "",
            "A",
        ],
    ]
    table = read_table(write_csv(tmp_path / "sm.csv", rows))
    assert table.layout == "surveymonkey"
    assert table.headers == [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "What is your age band?",
        "Which services have you used? - Alcohol service",
        "Which services have you used? - Drug service",
        "What has helped you most?",
    ]
    assert table.rows == [rows[2]]
    assert table.row_numbers == [3]


def test_plain_table_with_metadata_names_is_not_surveymonkey(tmp_path: Path) -> None:
    rows = [["Respondent ID", "Comment"], ["1", "Response"]]
    table = read_table(write_csv(tmp_path / "plain.csv", rows))
    assert table.layout == "plain"
    assert table.rows == [["1", "Response"]]


def test_xlsx_values_become_canonical_text(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Responses": [
                ["ID", "Visited", "Visits", "Score", "Comment", None],
                [1, dt.datetime(2024, 3, 14), 3.0, 2.5, "  Good\r\nstaff  ", None],
                [2, dt.date(2024, 3, 15), 12, None, None, None],
            ]
        },
    )
    table = read_table(path)
    assert table.headers == ["ID", "Visited", "Visits", "Score", "Comment"]
    assert table.rows == [
        ["1", "2024-03-14", "3", "2.5", "Good\nstaff"],
        ["2", "2024-03-15", "12", "", ""],
    ]
    assert table.row_numbers == [2, 3]


def test_xlsx_sheet_choice_and_unknown_sheet(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "two.xlsx",
        {"Lived experience": [["ID"], ["1"]], "Professionals": [["ID"], ["P1"]]},
    )
    assert read_table(path).rows == [["1"]]
    assert read_table(path, sheet="Professionals").rows == [["P1"]]
    with pytest.raises(FileImportError) as err:
        read_table(path, sheet="Carers")
    assert "two.xlsx" in str(err.value)
    assert "Lived experience, Professionals" in str(err.value)


def test_xlsx_data_beyond_the_header_gets_a_column_name(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "wide.xlsx", {"S": [[None], ["ID", "Comment"], [1, "x", "extra"]]})
    table = read_table(path)
    assert table.headers == ["ID", "Comment", "Column 3"]
    assert table.row_numbers == [3]


def test_surveymonkey_xlsx(tmp_path: Path) -> None:
    data = [
        "1001",
        4412,
        dt.datetime(2024, 4, 3, 9, 30),
        None,
        "10.0.0.1",
        "25-34",
        None,
        None,
        "B",
    ]
    path = write_xlsx(tmp_path / "sm.xlsx", {"Sheet": [SM_HEADER, SM_SUB, data]})
    table = read_table(path)
    assert table.layout == "surveymonkey"
    assert table.headers[7] == "Which services have you used? - Drug service"
    assert table.rows[0][2] == "2024-04-03 09:30"


def test_truncated_xlsx_is_refused(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", {"S": [["ID"], [1]] * 50})
    data = good.read_bytes()
    bad = tmp_path / "half.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(FileImportError, match=r"half\.xlsx"):
        read_table(bad)


def test_text_named_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("ID,Comment\n1,hello\n", encoding="utf-8")
    with pytest.raises(FileImportError, match=r"fake\.xlsx.*not a valid Excel workbook"):
        read_table(path)


def test_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("notes.txt", "not a workbook")
    with pytest.raises(FileImportError, match=r"other\.xlsx"):
        read_table(path)


def test_old_xls_and_other_suffixes_are_refused(tmp_path: Path) -> None:
    for name in ("old.xls", "notes.docx"):
        path = tmp_path / name
        path.write_bytes(b"x")
        with pytest.raises(FileImportError, match=name.replace(".", r"\.")):
            read_table(path)


def test_tsv_suffix_and_stray_control_character(tmp_path: Path) -> None:
    path = tmp_path / "export.tsv"
    path.write_text("ID\tComment\n1\tPasted from Word\x0bwith a stray break\n", encoding="utf-8")
    table = read_table(path)
    assert table.rows == [["1", "Pasted from Word with a stray break"]]
    assert "control character" in table.warnings[0]


def test_damaged_member_in_xlsx_is_refused(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", {"S": [["ID", "Comment"], [1, "fine " * 200]]})
    data = bytearray(good.read_bytes())
    at = data.find(b"xl/worksheets/sheet1.xml") + 60
    data[at : at + 20] = b"\xff" * 20  # inside the sheet's compressed data
    bad = tmp_path / "damaged.xlsx"
    bad.write_bytes(bytes(data))
    with pytest.raises(FileImportError, match=r"damaged\.xlsx"):
        read_table(bad)
