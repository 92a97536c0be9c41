"""``qualcode export counts`` and ``qualcode chart`` on the sample project, as a user runs them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qualcode.cli import main
from qualcode.storage.project import Project

ROLE_LIKE = "Which of these best describes you?"


@pytest.fixture(scope="module")
def sample(prebuilt_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the sample for the module (the commands only read it), kept out of each
    test's tmp_path, whose contents some tests check."""
    path = tmp_path_factory.mktemp("sample") / "sample.qcproj"
    shutil.copyfile(prebuilt_sample, path)
    return path


def qc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qualcode", *args], capture_output=True, text=True, timeout=300
    )


def test_export_counts_by_attribute_end_to_end(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "counts.xlsx"
    r = qc("export", "counts", str(sample), str(out), "--by", ROLE_LIKE, "--csv", "--words", "25")
    assert r.returncode == 0, r.stderr
    assert f"Wrote {out}" in r.stdout
    wb = load_workbook(out, read_only=True)
    assert wb.sheetnames[0] == "About" and "Code frequencies" in wb.sheetnames
    head = next(wb["Code frequencies"].iter_rows(min_row=3, max_row=3, values_only=True))
    groups = [g.split("\n")[0] for g in head[2:] if g]  # "Group\nof N documents, …"
    assert groups[-1] == "All" and "I use or have used drugs" in groups
    words = list(wb["Word frequencies"].iter_rows(min_row=4, values_only=True))
    assert len(words) == 25
    assert sorted(p.name for p in tmp_path.glob("counts-*.csv")) == [
        "counts-code-frequencies.csv",
        "counts-cooccurrence-overlap.csv",
        "counts-cooccurrence-turn.csv",
        "counts-coverage.csv",
        "counts-word-frequencies.csv",
    ]


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("codes.png", ["--kind", "codes", "--by", "Gender"]),
        ("codes.svg", ["--kind", "codes", "--measure", "participants", "--codes", "5"]),
        ("co.png", ["--kind", "cooccurrence", "--mode", "turn"]),
        ("cover.svg", ["--kind", "coverage"]),
    ],
)
def test_chart(sample: Path, tmp_path: Path, name: str, extra: list[str]) -> None:
    out = tmp_path / name
    assert main(["chart", str(sample), str(out), *extra]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG") if name.endswith(".png") else b"<svg" in data
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left


def _error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_errors_are_one_line(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "c.xlsx")
    err = _error(capsys, ["export", "counts", str(sample), out, "--by", "Shoe size"])
    assert "no attribute 'Shoe size'" in err and "Gender" in err
    err = _error(capsys, ["export", "counts", str(sample), str(tmp_path / "no" / "c.xlsx")])
    assert "no such folder" in err and str(tmp_path / "no") in err
    err = _error(capsys, ["export", "counts", str(tmp_path / "missing.qcproj"), out])
    assert "missing.qcproj" in err
    err = _error(capsys, ["chart", str(sample), str(tmp_path / "c.gif")])
    assert "c.gif" in err and ".png or .svg" in err
    err = _error(capsys, ["chart", str(sample), str(tmp_path / "c.png"), "--by", "Shoe size"])
    assert "Shoe size" in err
    Project.create(tmp_path / "empty.qcproj").close()
    err = _error(capsys, ["export", "counts", str(tmp_path / "empty.qcproj"), out])
    assert "empty.qcproj has no documents" in err
    err = _error(capsys, ["chart", str(tmp_path / "empty.qcproj"), str(tmp_path / "c.png")])
    assert "no codings" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.qcproj"]
