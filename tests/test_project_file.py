"""The project file: create, reopen, Save As, refusals that leave files untouched, the lock."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from qualcode.domain.errors import (
    NewerProjectError,
    NotAProjectError,
    ProjectExistsError,
    ProjectLockedError,
)
from qualcode.services.coding.codes import create_code
from qualcode.services.coding.overview import code_rows, document_rows
from qualcode.services.documents.documents import add_document
from qualcode.storage.engine import APPLICATION_ID
from qualcode.storage.lock import lock_path
from qualcode.storage.project import Project


def test_create_close_reopen_keeps_data(project_path: Path) -> None:
    with Project.create(project_path) as p:
        add_document(p, "Focus group 1", "Facilitator: Hello\r\nAmy: Hi there")
        create_code(p, "Stigma")
    assert not lock_path(project_path).exists()
    with Project.open(project_path) as p:
        docs = document_rows(p)
        assert [d.name for d in docs] == ["Focus group 1"]
        assert [c.name for c in code_rows(p)] == ["Stigma"]
    with sqlite3.connect(project_path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        text = conn.execute("SELECT text FROM document").fetchone()[0]
    assert text == "Facilitator: Hello\nAmy: Hi there"


def test_connection_pragmas(project) -> None:
    with project.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_failed_unit_of_work_rolls_back_whole(project) -> None:
    with pytest.raises(RuntimeError), project.session() as s:
        from qualcode.storage.models import Code

        s.add(Code(name="half"))
        s.flush()
        raise RuntimeError("boom")
    assert code_rows(project) == []


def test_create_refuses_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "x.qcproj"
    path.write_text("precious")
    with pytest.raises(ProjectExistsError):
        Project.create(path)
    assert path.read_text() == "precious"


def test_save_as_continues_in_the_copy(project, tmp_path: Path) -> None:
    add_document(project, "Interview", "Some text")
    original = project.path
    dest = tmp_path / "copy.qcproj"
    project.save_as(dest)
    assert project.path == dest.resolve()
    assert lock_path(dest).exists() and not lock_path(original).exists()
    create_code(project, "Only in the copy")
    project.close()
    with Project.open(dest) as p:
        assert [c.name for c in code_rows(p)] == ["Only in the copy"]
        assert [d.name for d in document_rows(p)] == ["Interview"]
    with Project.open(original) as p:
        assert code_rows(p) == []


def test_backup_is_a_project(project, tmp_path: Path) -> None:
    add_document(project, "Doc", "text")
    backup = project.backup(tmp_path / "b.qcproj")
    project.close()
    with Project.open(backup) as p:
        assert len(document_rows(p)) == 1
    assert not list(tmp_path.glob(".*tmp"))


@pytest.mark.parametrize("content", [b"", b"hello, not a database\n", b"SQLite format 3\x00tr"])
def test_refuses_non_projects_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "thing.qcproj"
    path.write_bytes(content)
    with pytest.raises(NotAProjectError, match=r"thing\.qcproj"):
        Project.open(path)
    assert path.read_bytes() == content
    assert not lock_path(path).exists()


def test_refuses_other_sqlite_database_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (1)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotAProjectError, match="not a QualCode project"):
        Project.open(path)
    assert path.read_bytes() == before


def test_refuses_newer_file_untouched(project_path: Path) -> None:
    Project.create(project_path).close()
    conn = sqlite3.connect(project_path)
    conn.execute("UPDATE alembic_version SET version_num = 'f00d_from_the_future'")
    conn.commit()
    conn.close()
    before = project_path.read_bytes()
    with pytest.raises(NewerProjectError, match="newer version"):
        Project.open(project_path)
    assert project_path.read_bytes() == before
    assert not lock_path(project_path).exists()


def _write_lock(path: Path, pid: int, host: str) -> None:
    lock_path(path).write_text(
        json.dumps({"pid": pid, "host": host, "user": "alice", "since": "2026-11-26T09:00:00"})
    )


def test_lock_held_by_live_process_is_refused(project_path: Path) -> None:
    Project.create(project_path).close()
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        _write_lock(project_path, holder.pid, socket.gethostname())
        with pytest.raises(ProjectLockedError, match=f"alice on .*process {holder.pid}"):
            Project.open(project_path)
        # Reading (info, check) does not need the lock.
        with Project.open(project_path, readonly=True) as p:
            assert p.readonly
    finally:
        holder.kill()
        holder.wait()


def test_lock_from_another_host_is_refused(project_path: Path) -> None:
    Project.create(project_path).close()
    _write_lock(project_path, 1, "colleagues-laptop")
    with pytest.raises(ProjectLockedError, match="colleagues-laptop"):
        Project.open(project_path)


def test_stale_lock_is_taken_over(project_path: Path) -> None:
    Project.create(project_path).close()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    _write_lock(project_path, dead.pid, socket.gethostname())
    with Project.open(project_path) as p:
        holder = json.loads(lock_path(project_path).read_text())
        assert holder["pid"] == os.getpid()
        assert not p.readonly
    assert not lock_path(project_path).exists()


def test_second_writer_in_same_process_is_refused(project) -> None:
    with pytest.raises(ProjectLockedError):
        Project.open(project.path)
