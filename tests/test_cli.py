"""The ``qualcode`` command as a user runs it: real processes, real files."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from qualcode.services.coding import codes, codings
from qualcode.services.documents import documents
from qualcode.storage.migrate import head_revision
from qualcode.storage.project import Project


def qc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qualcode", *args], capture_output=True, text=True, timeout=120
    )


def test_new_then_info_json(tmp_path: Path) -> None:
    path = tmp_path / "a.qcproj"
    r = qc("new", str(path))
    assert r.returncode == 0, r.stderr
    r = qc("info", str(path), "--json")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["revision"] == head_revision()
    assert info["counts"]["document"] == 0 and info["counts"]["coder"] == 1
    assert set(info["counts"]) >= {
        "document",
        "part",
        "case",
        "code",
        "coding",
        "theme",
        "framework",
        "quote",
        "memo",
        "change_log",
    }


def test_new_adds_suffix_and_refuses_overwrite(tmp_path: Path) -> None:
    assert qc("new", str(tmp_path / "b")).returncode == 0
    assert (tmp_path / "b.qcproj").exists()
    r = qc("new", str(tmp_path / "b.qcproj"))
    assert r.returncode != 0 and "already exists" in r.stderr


def test_info_counts_what_is_there(tmp_path: Path) -> None:
    path = tmp_path / "c.qcproj"
    with Project.create(path) as p:
        doc = documents.add_document(p, "FG", "Amy: hello there").entity_id
        code = codes.create_code(p, "Greeting").entity_id
        assert doc and code
        codings.add_coding(p, doc, code, 5, 10)
    r = qc("info", str(path))
    assert r.returncode == 0
    assert "coding" in r.stdout and "words: 3" in r.stdout


def test_non_project_gets_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("just some notes")
    for command in ("info", "check"):
        r = qc(command, str(bad))
        assert r.returncode == 2
        assert r.stderr.strip().count("\n") == 0, r.stderr
        assert "notes.txt is not a QualCode project" in r.stderr
        assert "Traceback" not in r.stderr
    r = qc("info", str(tmp_path / "missing.qcproj"))
    assert r.returncode == 2 and "no such file" in r.stderr


def test_check_lists_problems_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "d.qcproj"
    with Project.create(path) as p:
        doc = documents.add_document(p, "FG", "short").entity_id
        code = codes.create_code(p, "X").entity_id
        assert doc and code
        codings.add_coding(p, doc, code, 0, 5)
    assert qc("check", str(path)).returncode == 0
    with sqlite3.connect(path) as db:  # damage it behind QualCode's back
        db.execute('UPDATE coding SET "end" = 50')
        db.execute("PRAGMA foreign_keys=OFF")
        db.execute(
            'INSERT INTO coding (guid, document_id, code_id, start, "end", created_at)'
            " VALUES ('g', 77, 1, 0, 1, '2026-01-01')"
        )
    db.close()
    r = qc("check", str(path))
    assert r.returncode == 1
    assert "span 0-50 is outside document 1 (length 5)" in r.stdout
    assert "foreign key: coding" in r.stdout


def test_bench_prints_figures(tmp_path: Path) -> None:
    kept = tmp_path / "bench.qcproj"
    kept.write_bytes(b"")  # not a project: refused before any work
    r = qc("bench", "--preset", "tiny", "--keep", str(kept))
    assert r.returncode == 2 and "not a QualCode project" in r.stderr
    kept.unlink()
    r = qc("bench", "--preset", "tiny", "--json", "--keep", str(kept))
    assert r.returncode == 0, r.stderr
    # scratch files stay out of the --keep folder, so running again meets nothing of this run
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bench.qcproj"]
    results = {row["operation"]: row["value"] for row in json.loads(r.stdout)["results"]}
    assert {
        "populate",
        "open + document list + codebook",
        "info (counts)",
        "check",
        "code one span (commit incl.)",
        "undo one coding",
    } <= set(results)
    assert all(v > 0 for v in results.values())
    r = qc("bench", "--preset", "gigantic")
    assert r.returncode == 2 and "Unknown preset" in r.stderr
