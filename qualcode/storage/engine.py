"""SQLite engines configured the way the project file needs.

Every connection gets ``foreign_keys=ON``, ``journal_mode=DELETE`` (no WAL side files: projects live
on shared and synced drives) and ``synchronous=FULL``. pysqlite's implicit transactions are turned
off and SQLAlchemy issues ``BEGIN`` itself, so a failed unit of work rolls back whole.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.pool import NullPool

from qualcode.storage.errors import storage_error

APPLICATION_ID = 0x51434F44  # "QCOD"
SQLITE_MAGIC = b"SQLite format 3\x00"


def make_engine(
    path: Path, *, foreign_keys: bool = True, readonly: bool = False, shown_as: Path | None = None
) -> Engine:
    """An engine on ``path``. ``readonly`` opens with ``mode=ro`` so the file cannot change.
    ``shown_as``: the name errors give the file (a project built under a temporary name)."""
    mode = "ro" if readonly else "rwc"
    url = f"sqlite:///file:{quote(path.resolve().as_posix())}?mode={mode}&uri=true"
    # hide_parameters: an error's text never carries the project's text (a passage, a name)
    engine = create_engine(url, poolclass=NullPool, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cur.execute("PRAGMA busy_timeout=5000")
        # sorts, temporary tables and VACUUM's copy stay in memory: a temp file in the system's
        # temp folder would hold project text outside the project file
        cur.execute("PRAGMA temp_store=MEMORY")
        if not readonly:
            cur.execute("PRAGMA journal_mode=DELETE")
            cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writes take the write lock up front (no lock-upgrade deadlocks between writers);
        # reads (``Project.read``) begin deferred so a worker's long read never blocks the GUI.
        reading = readonly or conn.get_execution_options().get("qualcode_read", False)
        conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> BaseException | None:
        return storage_error(context.original_exception, shown_as or path)

    return engine


def read_header(path: Path) -> bytes:
    """The first 100 bytes of the file (the SQLite header), read without opening a database."""
    with path.open("rb") as fh:
        return fh.read(100)


def header_application_id(header: bytes) -> int:
    return int.from_bytes(header[68:72], "big")
