"""``qualcode cases`` and ``qualcode attribution --preview``: what a script sees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from qualcode.cli import main
from qualcode.services.reports.attribution import attribution_template
from qualcode.storage.models import Document
from qualcode.storage.project import Project

TRANSCRIPT = """Interviewer: How did it go?
P1: The nurse listened to me.
Interviewer: And then?
P1: I waited two months for a call back.
"""


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def study(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "s.qcproj"
    (tmp_path / "int.txt").write_text(TRANSCRIPT, encoding="utf-8")
    assert _run(capsys, "new", path)[0] == 0
    assert _run(capsys, "import", path, tmp_path / "int.txt", "--kind", "interview")[0] == 0
    return path


def test_cases_json_shape(study: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "people.csv"
    sheet.write_text("id,Gender,Age\nP1,Female,61\nP2,Male,30\n", encoding="utf-8")
    code, out, _err = _run(capsys, "cases", "import", study, sheet, "--preview")
    assert code == 0
    assert "row 2: P1 → P1 (by name)" in out and "row 3: P2 → a new case" in out
    assert "column 'Age': number; a new attribute" in out
    code, out, _err = _run(capsys, "cases", "import", study, sheet)
    assert (code, out.strip()) == (
        0,
        "Imported people.csv: 1 case matched, 1 case added, 4 values set",
    )
    code, out, _err = _run(capsys, "cases", "band", study, "age", "--cuts", "18,25,40,56,66")
    assert code == 0 and "Added 'Age_band'" in out
    code, out, _err = _run(capsys, "cases", study, "--json")
    listed = json.loads(out)
    assert [c["name"] for c in listed] == ["Interviewer", "P1", "P2"]
    p1 = listed[1]
    assert p1["attributes"] == {"Gender": "Female", "Age": "61", "Age_band": "56-65"}
    assert p1["speakers"] == [{"document": "int", "label": "P1"}]
    assert listed[0]["facilitator"] is True and listed[2]["speakers"] == []
    code, out, _err = _run(capsys, "cases", study)
    assert "P1\n    Gender: Female\n" in out and "speaks as: P1 in int" in out
    assert out.rstrip().endswith("3 cases")


def test_import_preview_with_problems_exits_1_and_import_refuses(
    study: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "dup.csv"
    sheet.write_text("name,Age\nP1,40\nP1,41\n", encoding="utf-8")
    code, out, _err = _run(capsys, "cases", "import", study, sheet, "--preview")
    assert code == 1 and "problem: dup.csv (row 3, column 'name')" in out
    code, _out, err = _run(capsys, "cases", "import", study, sheet)
    assert code == 2 and "Nothing was imported" in err and "Traceback" not in err
    code, _out, err = _run(capsys, "cases", "import", study, sheet, "--id-column", "who")
    assert code == 2 and "there is no column 'who'" in err


def test_link_and_suggest(study: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Project.open(study) as project:
        from qualcode.services.documents.cases import create_case

        create_case(project, "Pat (P1)")
    code, out, _err = _run(capsys, "cases", "link", study, "--suggest")
    assert code == 0 and out.splitlines()[0].startswith("int: P1 → Pat (P1) (")
    assert out.splitlines()[-1] == "1 suggestion"
    code, out, _err = _run(capsys, "cases", "link", study, "INT", "p1", "pat (p1)")
    assert (code, out.strip()) == (0, "Linked 'p1' in 'int' to 'Pat (P1)'")
    listed = json.loads(_run(capsys, "cases", study, "--json")[1])
    pat = next(c for c in listed if c["name"] == "Pat (P1)")
    assert pat["speakers"] == [{"document": "int", "label": "P1"}]
    code, _out, err = _run(capsys, "cases", "link", study, "int", "Bob", "Pat (P1)")
    assert code == 2 and "No one speaks as 'Bob' in 'int'" in err


def test_usage_errors_are_one_line(study: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, "cases", "band", study, "Age")
    assert code == 2 and "--cuts" in err
    code, _out, err = _run(capsys, "cases", "band", study, "Age", "--cuts", "a,b")
    assert code == 2 and "not a list of numbers" in err
    code, _out, err = _run(capsys, "cases", "link", study, "int")
    assert code == 2 and "usage: qualcode cases link PROJECT DOCUMENT SPEAKER CASE" in err


def test_attribution_preview_saves_nothing(study: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Project.open(study) as project:
        from qualcode.services.coding import codes, codings

        code_id = codes.create_code(project, "Care").entity_id or 0
        with project.read() as s:
            text = s.scalar(select(Document.text)) or ""
        nurse = text.index("The nurse")
        codings.add_coding(project, 1, code_id, nurse, nurse + 20)
        codings.add_coding(project, 1, code_id, text.index("How did"), text.index("How did") + 7)
    code, out, _err = _run(capsys, "attribution", study, "({speaker}, {kind})", "--preview", "5")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "template: ({speaker}, {kind})"
    assert lines[1].startswith("(P1, Interview)  int: “The nurse listened")
    assert lines[2] == "(Interviewer, Interview)  int: “How did”"
    assert lines[-1] == "2 coded extracts"
    with Project.open(study, readonly=True) as project:
        assert attribution_template(project)[0] == "({speaker})"
    code, _out, err = _run(capsys, "attribution", study, "({age})", "--preview", "5")
    assert code == 2 and "Unknown placeholder {age}" in err


def test_recode(study: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "g.csv"
    sheet.write_text("id,Gender\nP1,F\nA,female\nB,Female\nC,Male\n", encoding="utf-8")
    assert _run(capsys, "cases", "import", study, sheet)[0] == 0
    code, out, _err = _run(capsys, "cases", "recode", study, "gender")
    assert code == 0
    assert out.splitlines() == [
        "  F → Female",
        "  female → Female",
        "Recoded 'Gender': 2 values harmonised",
    ]
    code, out, _err = _run(capsys, "cases", "recode", study, "gender")
    assert (code, out.strip()) == (0, "Nothing to harmonise in 'gender'.")
    code, out, _err = _run(
        capsys, "cases", "recode", study, "Gender", "--map", "Female=W;Male=M", "--name", "Sex"
    )
    assert code == 0 and out.strip().endswith("Added 'Sex': 'Gender' recoded (2 values)")
    listed = {
        c["name"]: c["attributes"] for c in json.loads(_run(capsys, "cases", study, "--json")[1])
    }
    assert listed["P1"] == {"Gender": "Female", "Sex": "W"}
    code, _out, err = _run(capsys, "cases", "recode", study, "Gender", "--map", "Female")
    assert code == 2 and "is not OLD=NEW" in err
