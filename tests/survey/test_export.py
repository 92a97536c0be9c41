"""The survey workbook read back with openpyxl, and ``qualcode export survey`` as a user runs it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qualcode.cli import main
from qualcode.domain.errors import ValidationError
from qualcode.services.survey.export import export_survey
from qualcode.storage.project import Project
from tests.survey.world import AREA, USED, VISITS


def _find(ws, text: str) -> int:  # type: ignore[no-untyped-def]
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == text:
            return int(row[0].row)
    raise AssertionError(f"{text!r} not in column A of {ws.title}")


def sheet(wb, question: str):  # type: ignore[no-untyped-def]
    """A question's sheet, found as a reader does: through the Contents sheet's link."""
    for row in wb["Contents"].iter_rows():
        if row[0].value == question:
            return wb[row[5].value]
    raise AssertionError(f"{question!r} is not listed on Contents")


def test_workbook_numbers_formats_bases_and_flags(survey_world: Path, tmp_path: Path) -> None:
    out = tmp_path / "survey.xlsx"
    with Project.open(survey_world, readonly=True) as p:
        export_survey(p, out, by=AREA)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    wb = load_workbook(out)
    assert wb.sheetnames[:2] == ["Contents", "Sample"]
    ws = sheet(wb, VISITS)
    row = _find(ws, "Monthly")
    n, share = ws.cell(row, 2), ws.cell(row, 3)
    assert n.value == 4 and n.number_format == '#,##0"*"'  # a number, flagged by its format
    assert share.value == pytest.approx(0.19) and share.number_format == "0%"
    weekly = ws.cell(_find(ws, "Weekly"), 2)
    assert weekly.value == 5 and weekly.number_format == "#,##0"  # at the threshold: not small
    texts = [c.value for c in ws["A"] if isinstance(c.value, str)]
    assert "Base: 21 respondents who answered (of 24 asked; 3 did not answer)." in texts
    assert any("Counts under 5 are flagged" in t for t in texts)
    assert f"By {AREA}" in texts and "Base (answered)" in texts
    assert len(ws._charts) == 1
    assert int(ws.page_setup.paperSize) == 9  # A4
    contents = wb["Contents"]
    listed = {r[0].value: r[3].value for r in contents.iter_rows(min_row=1) if r[3].value}
    assert listed[USED] == 20


def test_suppressed_cells_show_under_n_and_hide_their_share(
    survey_world: Path, tmp_path: Path
) -> None:
    out = tmp_path / "survey.xlsx"
    with Project.open(survey_world, readonly=True) as p:
        export_survey(p, out, min_cell=5, suppress=True)
    ws = sheet(load_workbook(out), VISITS)
    row = _find(ws, "Monthly")
    assert ws.cell(row, 2).value == "<5" and ws.cell(row, 3).value is None
    assert ws.cell(_find(ws, "Rarely"), 2).value == 12


def test_a_failed_export_writes_nothing(survey_world: Path, tmp_path: Path) -> None:
    with Project.open(survey_world, readonly=True) as p, pytest.raises(ValidationError):
        export_survey(p, tmp_path / "survey.docx")
    assert list(tmp_path.iterdir()) == []


def test_cli_export_survey(survey_world: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "tables.xlsx"
    args = ["export", "survey", str(survey_world), str(out), "--crosstab", AREA]
    assert main([*args, "--min-cell", "3", "--suppress"]) == 0
    assert "5 closed questions" in capsys.readouterr().out
    assert sheet(load_workbook(out), VISITS).cell(1, 1).value == VISITS
    code = main(["export", "survey", str(survey_world), str(out), "--crosstab", "Postcode"])
    err = capsys.readouterr().err
    assert code != 0 and "no case attribute 'Postcode'" in err and "Traceback" not in err


def test_counts_workbook_and_theme_report_show_who_took_part(
    survey_world: Path, tmp_path: Path
) -> None:
    from docx import Document

    from qualcode.services.counts.counts_report import export_counts
    from qualcode.services.reports.theme_report import export_theme_report
    from qualcode.services.survey.overview import sample_overview

    with Project.open(survey_world, readonly=True) as p:
        export_counts(p, tmp_path / "counts.xlsx", None, words=0)
        export_theme_report(p, tmp_path / "report.docx")
        overview = sample_overview(p)
    ws = load_workbook(tmp_path / "counts.xlsx")["Sample"]
    row = _find(ws, "Documents by kind") + 2
    assert [ws.cell(row, c).value for c in (1, 2)] == ["Focus group", 1]
    assert ws.cell(row, 3).value == 0.5 and ws.cell(row, 3).number_format == "0%"
    survey = _find(ws, "Participants by kind of document") + 3
    assert ws.cell(survey, 1).value == "Survey"
    assert ws.cell(survey, 2).value == overview.participants.frame.at["Survey", "n"]
    doc = Document(str(tmp_path / "report.docx"))
    heading = next(p for p in doc.paragraphs if p.text == "Who took part")
    assert heading.style.name == "Heading 2"
    kinds = doc.tables[0]
    assert [c.text for c in kinds.rows[0].cells] == ["Kind of document", "Documents", "%"]
    assert [c.text for c in kinds.rows[1].cells] == ["Focus group", "1", "50%"]
    people = {r.cells[0].text: r.cells[1].text for r in doc.tables[1].rows[1:]}
    assert people == {
        "Focus group": "2*",
        "Survey": str(overview.participants.frame.at["Survey", "n"]),
    }
    assert any(p.text == "Base: 2 documents." for p in doc.paragraphs)
