"""The report exports end to end on the sample project: matrix and codebook workbooks read back
with openpyxl, the quote bank with python-docx; bad options change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from qualcode.services.frameworks.matrices import theme_item_matrix
from tests.test_cli import qc


@pytest.fixture(scope="module")
def sample(prebuilt_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the sample for the module (the commands only read it), kept out of each
    test's tmp_path, whose contents some tests check."""
    path = tmp_path_factory.mktemp("reports") / "sample.qcproj"
    shutil.copyfile(prebuilt_sample, path)
    return path


def test_matrix_workbook_has_the_priorities_and_right_counts(sample: Path, tmp_path) -> None:
    out = tmp_path / "matrix.xlsx"
    r = qc("export", "matrix", str(sample), str(out), "--measures", "extracts")
    assert r.returncode == 0, r.stderr
    book = openpyxl.load_workbook(out)
    assert {"About", "Extracts", "Codebook"} <= set(book.sheetnames)  # no quotes measure asked
    assert "Quotes" not in book.sheetnames and "Documents" not in book.sheetnames
    sheet = book["Extracts"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(row for row in cells if row and row[-1] == "Cross-cutting")
    assert header[-2] == "Not mapped" and header[1] == "All evidence"
    assert any("Protecting children and young people" in str(h) for h in header)
    from qualcode.storage.project import Project

    with Project.open(sample, readonly=True) as p:
        matrix = theme_item_matrix(p)
    col = {c.label: i for i, c in enumerate(matrix.columns)}
    by_name = {str(r[0]): r for r in cells[cells.index(header) + 1 :] if r[0]}
    for row in matrix.rows:
        written = by_name[row.name]
        for column in matrix.columns:
            expected = matrix.cells.get((row.theme_id, column.key))
            value = written[2 + col[column.label]]
            assert value is None or isinstance(value, int)
            assert (value or 0) == (expected.extracts if expected else 0), (row.name, column)
    groups = [r[0] for r in cells if r[0] and r[1] is None and str(r[0])[:1] == "P"]
    assert [g.split()[0] for g in groups] == ["P2", "P3", "P4"]  # priorities with themes


def test_matrix_quotes_sheet_names_the_place_and_repeats_nothing(sample: Path, tmp_path) -> None:
    out = tmp_path / "matrix.xlsx"
    r = qc("export", "matrix", str(sample), str(out), "--measures", "extracts,quotes")
    assert r.returncode == 0, r.stderr
    rows = list(openpyxl.load_workbook(out)["Quotes"].iter_rows(min_row=4, values_only=True))
    assert rows and len({row[2] for row in rows}) == len(rows)
    for row in rows:
        assert "characters" not in str(row[4]) and " · " in str(row[4])
    assert any(str(row[4]).endswith("turn 38") for row in rows)


def test_codebook_and_quote_bank(sample: Path, tmp_path) -> None:
    out = tmp_path / "codebook.xlsx"
    assert qc("export", "codebook", str(sample), str(out), "--by", "Gender").returncode == 0
    rows = list(openpyxl.load_workbook(out)["Codebook"].iter_rows(values_only=True))
    assert any(row and row[0] == "Harm reduction › Naloxone" for row in rows) or any(
        row and "Naloxone" in str(row[0]) for row in rows
    )
    bank = tmp_path / "quotes.docx"
    assert qc("export", "quotes", str(sample), str(bank)).returncode == 0
    document = docx.Document(str(bank))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Help that comes too late" in headings
    assert any(run.italic for p in document.paragraphs for run in p.runs)


def test_bad_options_leave_no_file(sample: Path, tmp_path) -> None:
    out = tmp_path / "m.xlsx"
    r = qc("export", "matrix", str(sample), str(out), "--measures", "vibes")
    assert r.returncode == 2 and "Unknown measure" in r.stderr and not out.exists()
    r = qc("export", "matrix", str(sample), str(tmp_path / "nope" / "m.xlsx"))
    assert r.returncode == 2 and "no such folder" in r.stderr


def test_theme_report_places_themes_under_priorities_with_each_quote_once(
    sample: Path, tmp_path: Path
) -> None:
    from qualcode.services.themes.theme_counts import theme_tree
    from qualcode.storage.project import Project

    out = tmp_path / "report.docx"
    r = qc("export", "report", str(sample), str(out), "--quotes", "all", "--quote-style", "plain")
    assert r.returncode == 0, r.stderr
    assert "Wrote" in r.stdout and "sections" in r.stdout
    document = docx.Document(str(out))
    outline = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    tops = [text for style, text in outline if style == "Heading 1"]
    assert tops[:5] == [t for t in tops if t[:1] == "P"]  # priorities first, in framework order
    assert [t.split()[0] for t in tops[:5]] == ["P1", "P2", "P3", "P4", "P5"]
    assert tops[5:] == ["Overarching themes", "Other themes", "Appendix: method"]
    under = {}
    current = ""
    for style, text in outline:
        if style == "Heading 1":
            current = text
        else:
            under[text] = (style, current)
    assert under["Help that comes too late"] == ("Heading 2", tops[2])  # primary P3.1
    assert under["Services built for someone else"] == ("Heading 3", tops[2])  # nested
    assert under["Families carry it"] == ("Heading 2", tops[1])  # primary P2.3, secondary P3.4
    assert under["Being believed"] == ("Heading 2", "Overarching themes")
    assert under["Miscellaneous"] == ("Heading 2", "Other themes")
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert len(quotes) > 50 and len(quotes) == len(set(quotes))  # every extract, each once
    assert not any(run.italic for p in document.paragraphs if p.style.name == "Quote"
                   for run in p.runs)  # fmt: skip
    text = "\n".join(p.text for p in document.paragraphs)
    with Project.open(sample, readonly=True) as p:
        first = theme_tree(p)[0]
    assert f"{first.extracts} extracts from {first.documents} of 17 documents" in text
    assert "How a theme's extracts" not in text and "facilitators" in text
    for section in document.sections:
        assert abs(section.page_width.cm - 21.0) < 0.01
        assert abs(section.page_height.cm - 29.7) < 0.01
    r = qc("export", "report", str(sample), str(tmp_path / "x.docx"), "--template", "nope.dotx")
    assert r.returncode == 2 and "nope.dotx: no such file" in r.stderr
