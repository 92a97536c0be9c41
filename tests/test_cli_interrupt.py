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
    "sig, delay",
    [(signal.SIGINT, 0.3), (signal.SIGTERM, 2.0)],
    ids=["Ctrl+C while reading", "SIGTERM while writing"],
)
def test_an_interrupted_import_changes_nothing(
    tmp_path: Path, sig: signal.Signals, delay: float
) -> None:
    """80 transcripts take about 4 s to import here: reading, then one write transaction."""
    project = tmp_path / "study.qcproj"
    Project.create(project).close()
    files = transcripts(tmp_path / "files", 80)
    child = subprocess.Popen(
        [sys.executable, "-m", "qualcode", "import", str(project), *files],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        text=True,
    )
    deadline = time.monotonic() + 30
    while not lock_path(project).exists():  # the import has opened the project
        assert child.poll() is None and time.monotonic() < deadline, child.communicate()
        time.sleep(0.02)
    time.sleep(delay)
    child.send_signal(sig)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130, (out, err)
    assert err.strip() == "qualcode: interrupted"
    assert not lock_path(project).exists()
    with Project.open(project) as p:
        assert check_project(p) == []
        assert project_info(p).counts["document"] == 0
