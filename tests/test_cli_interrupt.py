"""Ctrl+C or SIGTERM in the middle of a CLI command: the command says so, exits 130, and the
project is exactly as before (the open transaction rolled back, the lock released)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qualcode.services.project.inspect import check_project, project_info
from qualcode.storage.lock import lock_path
from qualcode.storage.project import Project

ROOT = Path(__file__).resolve().parent.parent


def transcripts(folder: Path, n: int) -> list[str]:
    folder.mkdir()
    paths = []
    for i in range(n):
        turns = [f"Speaker {j % 4}: turn {j} of file {i} " + "word " * 60 for j in range(150)]
        path = folder / f"t{i:03d}.txt"
        path.write_text("\n\n".join(turns), encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(
    "sig, moment",
    [(signal.SIGINT, "lock"), (signal.SIGTERM, "journal")],
    ids=["Ctrl+C while reading the files", "SIGTERM while writing"],
)
def test_an_interrupted_import_changes_nothing(
    tmp_path: Path, sig: signal.Signals, moment: str
) -> None:
    """The lock appears when the project is opened (the files are read next); the rollback
    journal exists only while the import's write transaction is open."""
    project = tmp_path / "study.qcproj"
    Project.create(project).close()
    files = transcripts(tmp_path / "files", 120)
    child = subprocess.Popen(
        [sys.executable, "-m", "qualcode", "import", str(project), *files],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        text=True,
    )
    sign = lock_path(project) if moment == "lock" else project.with_name(project.name + "-journal")
    deadline = time.monotonic() + 60
    while not sign.exists():
        assert child.poll() is None, f"finished before {sign.name} appeared"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    child.send_signal(sig)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130, (out, err)
    assert err.strip() == "qualcode: interrupted"
    assert not lock_path(project).exists()
    with Project.open(project) as p:
        assert check_project(p) == []
        assert project_info(p).counts["document"] == 0
