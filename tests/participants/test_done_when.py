"""Issue 15's "Done when", at service and CLI level: from a fresh project, import a focus group
whose speakers are named, a participant sheet with gender and age, derive age_band, set the
template ``({gender}, aged {age_band})``; every quote in the quote bank, the matrix and the
attribution preview then carries its speaker's attribution."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from docx import Document as Docx
from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlalchemy import select

from qualcode.cli import main
from qualcode.services.coding import codes, codings
from qualcode.services.themes import review, themes
from qualcode.storage.models import Coding, Document
from qualcode.storage.project import Project

TRANSCRIPT = """Facilitator: What has helped you most?
Jane Smith: The nurse listened to me every single week.
Omar Farouk: Waiting lists were far too long for me.
Facilitator: Anything else you want to add?
Jane Smith: My sister drove me to every appointment.
Omar Farouk: The bus never came on time, so I gave up.
"""
SHEET = "Name,Gender,Age\nJane Smith,Female,44\nOmar Farouk,Male,23\n"
WANTED = {"Jane Smith": "(Female, aged 40-55)", "Omar Farouk": "(Male, aged 18-24)"}


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> str:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def _code_every_participant_turn(path: Path) -> dict[str, str]:
    """Code each participant sentence, put the codes under a theme, flag every extract key;
    returns extract text → speaker."""
    with Project.open(path) as project:
        with project.read() as s:
            doc_id, text = s.execute(select(Document.id, Document.text)).one()
        support = codes.create_code(project, "Support").entity_id or 0
        access = codes.create_code(project, "Access").entity_id or 0
        spoken: dict[str, str] = {}
        for m in re.finditer(r"^(Jane Smith|Omar Farouk): (.+)$", text, re.M):
            code = support if m.group(1) == "Jane Smith" else access
            codings.add_coding(project, doc_id, code, m.start(2), m.end(2))
            spoken[m.group(2)] = m.group(1)
        theme = themes.create_theme(project, "Getting help").entity_id or 0
        themes.link_code(project, theme, support)
        themes.link_code(project, theme, access)
        with project.read() as s:
            ids = list(s.scalars(select(Coding.id)))
        for coding_id in ids:
            review.flag_key_extract(project, coding_id)
    return spoken


def test_attributed_quotes_everywhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "study.qcproj"
    (tmp_path / "group.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (tmp_path / "people.csv").write_text(SHEET, encoding="utf-8")
    _run(capsys, "new", project)
    _run(capsys, "import", project, tmp_path / "group.txt", "--kind", "focus_group")
    preview = _run(capsys, "cases", "import", project, tmp_path / "people.csv", "--preview")
    assert "2 rows matched, 0 new cases" in preview
    _run(capsys, "cases", "import", project, tmp_path / "people.csv")
    _run(capsys, "cases", "band", project, "Age", "--cuts", "18,25,40,56,66", "--name", "age_band")
    _run(capsys, "attribution", project, "({gender}, aged {age_band})")
    listed = json.loads(_run(capsys, "cases", project, "--json"))
    jane = next(c for c in listed if c["name"] == "Jane Smith")
    assert jane["attributes"]["age_band"] == "40-55"
    spoken = _code_every_participant_turn(project)
    assert len(spoken) == 4

    _run(capsys, "export", "quotes", project, tmp_path / "bank.docx", "--quotes", "all")
    paragraphs = [p.text for p in Docx(str(tmp_path / "bank.docx")).paragraphs]
    for quote, speaker in spoken.items():
        [where] = [p for p in paragraphs if quote in p]
        assert WANTED[speaker] in where, where

    _run(
        capsys, "export", "matrix", project, tmp_path / "m.xlsx", "--by", "Gender",
        "--measures", "extracts,quotes",
    )  # fmt: skip
    rows = [
        [str(v) if v is not None else "" for v in row]
        for ws in load_workbook(tmp_path / "m.xlsx").worksheets
        for row in ws.iter_rows(values_only=True)
    ]
    for quote, speaker in spoken.items():
        holding = [r for r in rows if quote in r]
        assert len(holding) == 2, quote  # the Quotes sheet and the theme's sheet
        for row in holding:
            assert row[row.index(quote) + 1] == WANTED[speaker], row

    out = _run(capsys, "attribution", project, "({gender}, aged {age_band})", "--preview", "10")
    lines = [x for x in out.splitlines() if "“" in x]
    assert len(lines) == 4
    for quote, speaker in spoken.items():
        [line] = [x for x in lines if quote[:40] in x]
        assert line.startswith(WANTED[speaker]), line
    assert "4 coded extracts" in out
