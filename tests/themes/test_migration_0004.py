"""Upgrading a 0003 file to 0004 keeps themes, their links, sub-themes and memos."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from qualcode.services.themes import thematic_map, themes
from qualcode.storage import migrate
from qualcode.storage.engine import APPLICATION_ID, make_engine
from qualcode.storage.project import Project

ROWS = [
    "INSERT INTO code (id, guid, name, colour, definition, inclusion, exclusion, position, "
    "created_at) VALUES (1, 'k1', 'Waiting', '#FF0000', '', '', '', 1, '2026-01-01')",
    "INSERT INTO theme (id, guid, name, status, is_miscellaneous, central_concept, definition, "
    "scope, narrative, colour, position) VALUES "
    "(1, 't1', 'Time lost', 'defined', 0, 'c', 'd', 's', 'n', '#469990', 1), "
    "(2, 't2', 'Weeks', 'candidate', 0, '', '', '', '', '#469990', 2)",
    "UPDATE theme SET parent_id = 1 WHERE id = 2",
    "INSERT INTO theme_code (theme_id, code_id) VALUES (1, 1), (2, 1)",
    "INSERT INTO memo (id, guid, kind, title, text, created_at, updated_at, theme_id) "
    "VALUES (1, 'm-1', 'analytic', 't', 'why', '2026-01-01', '2026-01-01', 2)",
]


def test_0004_keeps_theme_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.qcproj"
    engine = make_engine(path)
    with engine.connect() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        command.upgrade(migrate.alembic_config(conn), "0003")
        conn.commit()
    engine.dispose()
    with sqlite3.connect(path) as db:
        for sql in ROWS:
            db.execute(sql)
    db.close()
    with Project.open(path) as p:
        assert p.revision() == migrate.head_revision() >= "0004"
        data = thematic_map.map_data(p)
        assert [(t.name, t.parent_id, t.status) for t in data.themes] == [
            ("Time lost", None, "defined"),
            ("Weeks", 1, "candidate"),
        ]
        assert len(data.links) == 2
        themes.update_theme(p, 1, status="final", scope_out="not delays at the pharmacy")
        thematic_map.save_version(p, "After upgrade")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT theme_id FROM memo").fetchone()[0] == 2
        assert db.execute("SELECT count(*) FROM theme_code").fetchone()[0] == 2
        assert db.execute("SELECT scope, scope_out FROM theme WHERE id = 1").fetchone() == (
            "s",
            "not delays at the pharmacy",
        )
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()
