"""``qualcode coders``, ``agreement`` and ``merge`` as a user runs them; the workbook as opened."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from qualcode.cli import main
from qualcode.services.team.coders import coder_rows
from qualcode.storage.project import Project
from tests.team.conftest import Separate, TwoCoders


def test_agreement_json_and_workbook(
    two_coders: TwoCoders, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "agreement.xlsx"
    args = ["agreement", str(two_coders.path), "--coders", "Alex,Bea", "--json", "--out", str(out)]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    x = next(c for c in data["codes"] if c["code"] == "X")
    assert x["kappa"] == pytest.approx(0.3) and x["percent"] == pytest.approx(65.0)
    assert data["left_out"] == ["Interview 2"]
    assert len(data["disagreements"]) == 3
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    wb = load_workbook(out)
    assert wb.sheetnames == ["Notes", "Agreement", "Disagreements"]
    notes = " ".join(str(c.value) for c in wb["Notes"]["A"] if c.value)
    assert "reflexive thematic analysis does not need it" in notes
    sheet = wb["Agreement"]
    header = [c.value for c in sheet[1]]
    row = {header[i]: c for i, c in enumerate(sheet[2])}
    assert row["Code"].value == "X"
    assert isinstance(row["Cohen's kappa"].value, float)
    assert row["Cohen's kappa"].value == pytest.approx(0.3)
    assert row["Cohen's kappa"].number_format == "0.000"
    assert sheet[4][0].value == "All codes"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    d = wb["Disagreements"]
    assert [c.value for c in d[2]] == ["Interview 1", 2, 4, "X", "Alex", "Bea", "cd"]


def test_agreement_text_and_errors(
    two_coders: TwoCoders, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agreement", str(two_coders.path), "--unit", "turn"]) == 0
    text = capsys.readouterr().out
    assert "Agreement between Alex, Bea (turns and answers)" in text
    assert "All codes" in text and "3 disagreements to discuss." in text
    assert main(["agreement", str(two_coders.path), "--coders", "Alex,Zed"]) == 2
    assert "no coder called 'Zed'" in capsys.readouterr().err


def test_coders_command(two_coders: TwoCoders, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coders", str(two_coders.path), "--codes"]) == 0
    out = capsys.readouterr().out
    assert "Alex: 4 codings in 2 documents" in out
    assert "Bea: 3 codings in 1 document" in out
    assert "X — Bea: 2 codings" in out


def test_merge_preview_then_merge(separate: Separate, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["merge", str(separate.target), str(separate.source), "--preview"]) == 0
    out = capsys.readouterr().out
    assert "Preview: nothing was changed." in out and "Bea: 4 codings" in out
    with Project.open(separate.target, readonly=True) as p:
        assert "Bea" not in [r.name for r in coder_rows(p)]
    assert main(["merge", str(separate.target), str(separate.source), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["codings_by_coder"] == {"Bea": 4}
    with Project.open(separate.target, readonly=True) as p:
        counts = {r.name: r.codings for r in coder_rows(p)}
    assert counts["Alex"] == 3 and counts["Bea"] == 4
