"""Migration harness: every earlier revision upgrades to head keeping every row, and the
upgraded schema matches the models exactly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from qualcode.storage import migrate
from qualcode.storage.engine import APPLICATION_ID, make_engine
from qualcode.storage.models import Base
from qualcode.storage.project import Project

EARLIER = migrate.known_revisions()[:-1]

# Rows valid at every revision (columns of the first schema only).
SEED = [
    "INSERT INTO coder (id, guid, name, created_at) VALUES (1, 'c-1', 'ann', '2026-01-01')",
    "INSERT INTO \"case\" (id, guid, name, is_facilitator) VALUES (1, 'k-1', 'Amy', 0)",
    'INSERT INTO part (id, document_id, kind, start, "end", case_id) '
    "VALUES (1, 1, 'turn', 5, 24, 1)",
    "INSERT INTO code (id, guid, name, colour, definition, inclusion, exclusion, position, "
    "created_at) VALUES (1, 'k1', 'Waiting', '#FF0000', '', '', '', 1, '2026-01-01')",
    'INSERT INTO coding (id, guid, document_id, code_id, start, "end", coder_id, created_at) '
    "VALUES (1, 'g-1', 1, 1, 9, 24, 1, '2026-01-01')",
    "INSERT INTO memo (id, guid, kind, title, text, created_at, updated_at, coding_id) "
    "VALUES (1, 'm-1', 'analytic', 't', 'note', '2026-01-01', '2026-01-01', 1)",
]


def _file_at(path: Path, revision: str) -> None:
    engine = make_engine(path)
    with engine.connect() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        command.upgrade(migrate.alembic_config(conn), revision)
        conn.commit()
    engine.dispose()
    with sqlite3.connect(path) as db:
        # Columns added by later revisions get the value that revision would have written.
        doc = {
            "id": 1,
            "guid": "d-1",
            "name": "FG1",
            "kind": "focus_group",
            "text": "Amy: we waited for weeks",
            "content_hash": "h",
            "imported_at": "2026-01-01",
            "position": 1,
        }
        columns = {row[1] for row in db.execute("PRAGMA table_info(document)")}
        doc |= {k: v for k, v in (("word_count", 5), ("char_count", 24)) if k in columns}
        db.execute(
            f"INSERT INTO document ({', '.join(doc)}) VALUES ({', '.join('?' * len(doc))})",
            list(doc.values()),
        )
        for sql in SEED:
            db.execute(sql)
    db.close()


def _rows(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return {
            t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in ("coder", "document", "case", "part", "code", "coding", "memo")
        }


def test_there_is_more_than_one_revision() -> None:
    assert len(migrate.known_revisions()) >= 2


@pytest.mark.parametrize("revision", EARLIER)
def test_upgrade_from_earlier_revision_keeps_every_row(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "old.qcproj"
    _file_at(path, revision)
    before = _rows(path)
    with Project.open(path) as p:
        assert p.revision() == migrate.head_revision()
    after = _rows(path)
    assert after.pop("coder") == before.pop("coder") + 1  # the opening author joins
    assert after == before
    assert (tmp_path / f"old.{revision}.bak").exists()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT word_count, char_count FROM document").fetchone() == (5, 24)
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        # the cascade from coding to memo survived the table rebuilds
        assert db.execute("SELECT coding_id FROM memo").fetchone()[0] == 1


@pytest.mark.parametrize("revision", EARLIER)
def test_upgraded_blank_file_matches_models(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "blank.qcproj"
    engine = make_engine(path)
    with engine.connect() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        command.upgrade(migrate.alembic_config(conn), revision)
        conn.commit()
    engine.dispose()
    Project.open(path).close()
    engine = make_engine(path)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_new_file_matches_models(project) -> None:
    with project.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
