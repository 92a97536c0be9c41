"""``qualcode pseudonymise``: suggest a map, review it, preview, apply; a bad map is one line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qualcode.cli import main


def test_suggest_preview_apply(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suggested = tmp_path / "map.csv"
    assert main(["pseudonymise", str(sample_path), "--suggest", str(suggested)]) == 0
    with suggested.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    margaret = next(r for r in rows if r["real"] == "Margaret")
    assert margaret["kind"] == "participant" and int(margaret["occurrences"]) > 0
    before = sample_path.read_bytes()
    capsys.readouterr()
    assert main(["pseudonymise", str(sample_path), "--map", str(suggested), "--preview"]) == 0
    out = capsys.readouterr().out
    assert "nothing was changed" in out and "focus-group-40-55:" in out
    assert sample_path.read_bytes() == before
    assert main(["pseudonymise", str(sample_path), "--map", str(suggested)]) == 0
    assert "Pseudonymised" in capsys.readouterr().out
    assert b"Margaret" not in sample_path.read_bytes()
    assert main(["check", str(sample_path)]) == 0


def test_a_map_with_two_replacements_for_one_name_is_refused(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("real,replacement\nMargaret,P1\nTony,P2\nMargaret,P3\n", encoding="utf-8")
    assert main(["pseudonymise", str(sample_path), "--map", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "qualcode: bad.csv (row 4): 'Margaret' has two replacements (rows 2 and 4)"


def test_withdraw_from_the_command_line(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sample_path.read_bytes()
    assert main(["withdraw", str(sample_path), "margaret", "--preview"]) == 0
    out = capsys.readouterr().out
    assert "Would remove:" in out and "9 turns or answers by Margaret" in out
    assert sample_path.read_bytes() == before
    assert main(["withdraw", str(sample_path), "Margaret"]) == 0
    assert "Withdrew a participant" in capsys.readouterr().out
    assert b"Margaret:" not in sample_path.read_bytes()
    assert main(["withdraw", str(sample_path), "Margaret"]) == 2
    assert "no case called 'Margaret'" in capsys.readouterr().err
