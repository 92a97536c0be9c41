"""``qualcode import`` as a user runs it: detection, options, preview, and bad files that change
nothing and get one clear line naming the file and the place."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from qualcode.storage.project import Project
from tests.helpers import dump
from tests.test_cli import qc

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    path = tmp_path / "study.qcproj"
    Project.create(path).close()
    return path


def _counts(path: Path) -> dict[str, int]:
    r = qc("info", str(path), "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["counts"]


def test_import_several_formats_then_reimport_is_skipped(proj: Path) -> None:
    files = [
        str(SAMPLES / n)
        for n in (
            "focus-group-40-55.txt",
            "interview-video-call.vtt",
            "research-grid-03.txt",
            "survey-professionals.xlsx",
        )
    ]
    r = qc("import", str(proj), *files)
    assert r.returncode == 0, r.stderr
    assert "focus-group-40-55.txt: 1 document, 38 parts" in r.stdout
    counts = _counts(proj)
    assert counts["document"] == 1 + 1 + 1 + 3
    assert counts["question"] == 5 + 3
    r = qc("import", str(proj), files[0])
    assert r.returncode == 0 and "already in the project" in r.stdout
    assert _counts(proj) == {**counts, "change_log": counts["change_log"]}


def test_options_remap_and_facilitator(proj: Path, tmp_path: Path) -> None:
    text = tmp_path / "fg.txt"
    text.write_text("Sam: Hello all.\nJo: Hi.\nJ: Still me.\nSam: Thanks.\nJo: Bye.\n")
    r = qc("import", str(proj), str(text), "--map", "J=Jo", "--facilitator", "Sam", "--preview")
    assert r.returncode == 0, r.stderr
    assert "case 'Sam' [facilitator]: 2 parts" in r.stdout
    assert "case 'Jo': 2 parts" in r.stdout  # "Jo" then "J" (now Jo) in a row: one turn
    assert _counts(proj)["document"] == 0  # preview writes nothing


def test_survey_columns_and_layout_options(proj: Path) -> None:
    r = qc(
        "import",
        str(proj),
        str(SAMPLES / "survey-professionals.xlsx"),
        "--layout",
        "per_respondent",
        "--instrument",
        "Professionals",
    )
    assert r.returncode == 0, r.stderr
    assert "15 new and 0 existing cases" in r.stdout
    assert _counts(proj)["document"] == 14  # one respondent answered nothing open-ended


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):
                member.write(chunk)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "empty.txt: the file is empty"),
        ("junk.txt", bytes(range(256)) * 40, "junk.txt: this is not a text file"),
        ("half.docx", None, "half.docx"),
        ("bomb.docx", None, "zip bomb"),
        ("ragged.csv", b"id,age,answer\n1,30,fine\n2,40,ok,extra,more\n", "ragged.csv (row 3)"),
        (
            "repeat.csv",
            b"Respondent ID,What helped you most in recovery?\n7,A long answer "
            b"about peer support and my worker\n7,Another long answer about housing and the "
            b"hostel\n",
            "appears in rows 2 and 3",
        ),
        ("bad.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:0X.000\nHello\n", "bad.vtt (cue 1"),
        ("notes.xyz", b"hello", "cannot import '.xyz'"),
    ],
)
def test_bad_files_change_nothing(
    proj: Path, tmp_path: Path, name: str, content: bytes | None, expected: str
) -> None:
    bad = tmp_path / name
    if name == "half.docx":
        whole = (SAMPLES / "research-grid-01.docx").read_bytes()
        bad.write_bytes(whole[: len(whole) // 2])
    elif name == "bomb.docx":
        _zip_bomb(bad)
    else:
        assert content is not None
        bad.write_bytes(content)
    good = SAMPLES / "research-grid-03.txt"
    with Project.open(proj) as p:
        before = dump(p, skip=())
    r = qc("import", str(proj), str(good), str(bad))  # the good file is not imported either
    assert r.returncode == 2
    assert expected in r.stderr, r.stderr
    assert r.stderr.strip().count("\n") == 0 and "Traceback" not in r.stderr
    with Project.open(proj) as p:
        after = dump(p, skip=())
    after["coder"] = before["coder"]
    assert after == before
