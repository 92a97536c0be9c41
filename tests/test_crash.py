"""Kill a writing process (SIGKILL) at random moments: the project still opens, passes the check,
and every action is wholly present or wholly absent."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qualcode.services.documents.documents import add_document
from qualcode.services.project.inspect import check_project
from qualcode.storage.models import ChangeLog, Code, Coding
from qualcode.storage.project import Project

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("compound", [False, True], ids=["separate", "compound"])
def test_kill_at_random_moments_leaves_whole_actions(project_path: Path, compound: bool) -> None:
    """Separate actions: a code may stand without codings (its coding action never ran).
    Compound (create a code and code with it): never a code without its codings."""
    with Project.create(project_path) as p:
        add_document(p, "Doc", "x" * 200)
    rng = random.Random(20261126 + compound)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    first = 0
    for _round in range(6 if not compound else 5):
        child = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "tests" / "crash_writer.py"),
                str(project_path),
                str(first),
                "compound" if compound else "separate",
            ],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.05, 0.5))
        child.send_signal(signal.SIGKILL)
        child.wait()
        first += 10_000
        with Project.open(project_path) as p:  # the dead writer's lock is taken over
            assert check_project(p) == []
            with p.session() as s:
                codes = dict(s.execute(select(Code.name, Code.id)).all())
                logged = set(
                    s.scalars(select(ChangeLog.summary).where(ChangeLog.action == "create"))
                )
                counts = dict(
                    s.execute(select(Coding.code_id, func.count()).group_by(Coding.code_id)).all()
                )
                autocoded = set(
                    s.scalars(select(ChangeLog.summary).where(ChangeLog.action == "autocode"))
                )
            for name, code_id in codes.items():
                assert f"Created code '{name}'" in logged  # code and its log: together
                k = 2 + int(name.split("-")[1]) % 5
                n = counts.get(code_id, 0)
                assert n in ((k,) if compound else (0, k)), f"{name}: {n} of {k} codings"
                assert (n == k) == (f"Coded {k} spans with '{name}'" in autocoded)
            assert len(logged) == len(codes) + 1  # + the document
    assert len(codes) > 6, "the writer barely ran; the test proved little"


HOT_JOURNAL_WRITER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA cache_size=1")
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE document SET name = 'torn', text = text || text")
print("spilled", flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_hot_journal_from_killed_writer_is_rolled_back_on_read(project_path: Path) -> None:
    with Project.create(project_path) as p:
        for i in range(40):
            add_document(p, f"Doc {i}", "words " * 2000)
    child = subprocess.Popen(
        [sys.executable, "-c", HOT_JOURNAL_WRITER, str(project_path)], stdout=subprocess.PIPE
    )
    assert child.stdout is not None and child.stdout.readline().strip() == b"spilled"
    child.send_signal(signal.SIGKILL)
    child.wait()
    journal = project_path.with_name(project_path.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0, "no hot journal: test proves little"
    with Project.open(project_path, readonly=True) as p:  # what `qualcode info` does
        assert check_project(p) == []
        from qualcode.services.coding.overview import document_rows

        assert {d.name for d in document_rows(p)} == {f"Doc {i}" for i in range(40)}
    assert not journal.exists()
