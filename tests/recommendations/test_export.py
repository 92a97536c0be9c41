"""The register as a reader gets it: Word read back with python-docx, Excel with openpyxl, and
the command line, all on the sample project's register."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.shared import Cm

from qualcode.cli import main
from qualcode.services.recommendations.export import export_recommendations
from qualcode.services.recommendations.register import recommendation_register
from qualcode.services.samples.samples_recommendations import RECOMMENDATIONS
from qualcode.storage.project import Project


def test_word_register_reads_like_a_report_section(sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "register.docx"
    with Project.open(sample_path) as p:
        export_recommendations(p, out)
    document = docx.Document(str(out))
    heads = [(par.style.name, par.text) for par in document.paragraphs
             if par.style.name.startswith("Heading")]  # fmt: skip
    assert heads[0] == ("Heading 1", "Recommendations")
    priorities = [t for style, t in heads if style == "Heading 2"]
    assert [t.split()[0] for t in priorities] == ["P1", "P3", "P4", "P5"]
    texts = [par.text for par in document.paragraphs]
    # "3. Title: text", the title bold, as the needs assessments print them
    numbered = [par for par in document.paragraphs if par.runs and par.runs[0].bold
                and par.text[:1].isdigit()]  # fmt: skip
    assert [p.runs[0].text for p in numbered] == [
        f"{n}. {r[1]}:" for n, r in enumerate(RECOMMENDATIONS, start=1)
    ]
    assert numbered[2].text == f"3. {RECOMMENDATIONS[2][1]}: {RECOMMENDATIONS[2][2]}"
    assert "Based on themes: Help that comes too late." in texts
    assert "Based on themes: no theme linked yet." in texts
    assert any(t.startswith("Owner: Treatment provider; Timescale: 3 months") for t in texts)
    # the waiting recommendation's key extract, quoted with its attribution
    quotes = [par.text for par in document.paragraphs if par.style.name == "Quote"]
    assert len(quotes) == 1 and quotes[0].startswith("“") and quotes[0].endswith(")")
    section = document.sections[0]
    assert (round(section.page_width / Cm(1)), round(section.page_height / Cm(1))) == (21, 30)
    assert out.stat().st_mode & 0o777 == 0o600


def test_excel_register_is_one_row_per_recommendation(sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "register.xlsx"
    with Project.open(sample_path) as p:
        register = recommendation_register(p)
        export_recommendations(p, out)
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[3]]
    assert header[:8] == ["No.", "Title", "Recommendation", "Priority", "Owner / partner",
                          "Timescale", "Status", "Based on themes"]  # fmt: skip
    rows = [list(r) for r in ws.iter_rows(min_row=4, values_only=True)]
    assert len(rows) == len(register.entries) == len(RECOMMENDATIONS)
    third = rows[2]
    entry = register.entries[2]
    assert third[:3] == [3, "Answer the first call within a week", entry.text]
    assert third[3].startswith("P3 ")
    assert third[6] == "In progress" and third[7] == "Help that comes too late"
    assert third[8:11] == [entry.extracts, entry.participants, 1]  # numbers, not text
    assert all(isinstance(v, int) for v in third[8:11])
    assert ws.freeze_panes == "C4"
    assert ws.auto_filter.ref.startswith("A3:")
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws["C4"].alignment.wrap_text
    assert register.base in ws["A2"].value  # the counts state what they are out of


def test_refused_format_writes_nothing(sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "register.pdf"
    assert main(["export", "recommendations", str(sample_path), str(out)]) == 2
    assert not out.exists() and list(tmp_path.iterdir()) == [sample_path]


def test_cli_json_lists_the_register_and_its_check(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["recommendations", str(sample_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    listed = [(r["number"], r["title"], [t["name"] for t in r["themes"]])
              for s in data["sections"] for r in s["recommendations"]]  # fmt: skip
    assert listed == [(n, r[1], list(r[6])) for n, r in enumerate(RECOMMENDATIONS, start=1)]
    assert data["check"]["without_theme"] == [6]
    with sqlite3.connect(sample_path) as db:  # the bases, counted apart
        codings = db.execute("SELECT count(*) FROM coding").fetchone()[0]
        people = db.execute(
            'SELECT count(DISTINCT p.case_id) FROM part p JOIN "case" c ON c.id = p.case_id '
            "WHERE NOT c.is_facilitator"
        ).fetchone()[0]
    assert data["base"] == {"extracts": codings, "participants": people}
    assert [t["name"] for t in data["check"]["unused_themes"]] == ["Families carry it"]
    assert main(["recommendations", str(sample_path)]) == 0
    text = capsys.readouterr().out
    assert "6 recommendations." in text and "No supporting theme: 6." in text


def test_cli_export_both_formats(sample_path: Path, tmp_path: Path) -> None:
    for name in ("r.docx", "r.xlsx"):
        assert main(["export", "recommendations", str(sample_path), str(tmp_path / name)]) == 0
        assert (tmp_path / name).stat().st_size > 0


def test_theme_report_ends_with_the_register_before_its_appendix(
    sample_path: Path, tmp_path: Path
) -> None:
    from qualcode.services.reports.theme_report import export_theme_report

    out = tmp_path / "themes.docx"
    with Project.open(sample_path) as p:
        export_theme_report(p, out)
    heads = [(par.style.name, par.text) for par in docx.Document(str(out)).paragraphs
             if par.style.name.startswith("Heading")]  # fmt: skip
    level1 = [t for style, t in heads if style == "Heading 1"]
    assert level1[-2:] == ["Recommendations", "Appendix: method"]
    at = heads.index(("Heading 1", "Recommendations"))
    assert heads[at + 1][0] == "Heading 2" and heads[at + 1][1].startswith("P1 ")
    texts = [par.text for par in docx.Document(str(out)).paragraphs]
    assert any(t.startswith(f"1. {RECOMMENDATIONS[0][1]}: ") for t in texts)
