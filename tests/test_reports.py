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
    assert {"About", "Matrix", "Codebook"} <= set(book.sheetnames)  # no quotes measure asked
    sheet = book["Matrix"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(row for row in cells if row and row[-1] == "Cross-cutting")
    assert header[-2] == "Not mapped"
    assert any("Protecting children and young people" in str(h) for h in header)
    from qualcode.storage.project import Project

    with Project.open(sample, readonly=True) as p:
        matrix = theme_item_matrix(p)
    col = {c.label: i for i, c in enumerate(matrix.columns)}
    start = cells.index(header) + 1
    for offset, row in enumerate(matrix.rows):
        written = cells[start + offset]
        assert str(written[0]).strip() == row.name
        for column in matrix.columns:
            expected = matrix.cells.get((row.theme_id, column.key))
            value = written[1 + col[column.label]]
            assert (value or 0) == (expected.extracts if expected else 0), (row.name, column)


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
