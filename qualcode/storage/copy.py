"""Copy a whole project between an SQLite file and a PostgreSQL database, either way, losslessly.

Why row by row through SQLAlchemy rather than a dump: the two databases share the models, so
every row keeps its id, guid, timestamps and links, and the copy works whichever way it goes.
The source is read in one snapshot (a copy taken while a team codes is consistent); the
destination is written in one transaction (a server) or built under a temporary name and renamed
(a file), so a failed copy leaves nothing. Rows whose table refers to itself (codes, themes,
framework items) go parents first, since the server checks every link at once. The full-text
index is derived data: it is not copied, and the copy rebuilds it on its first search. On the
server each table's id sequence is moved past the copied ids, so new rows do not collide.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Table, insert, select, text

from qualcode.domain.errors import ProjectExistsError, QualCodeError
from qualcode.domain.files import private_temp, write_error
from qualcode.storage import fulltext, migrate, server
from qualcode.storage.engine import APPLICATION_ID, make_engine
from qualcode.storage.models import Base

if TYPE_CHECKING:
    from qualcode.storage.project import Project

# derived from the documents and rebuilt on demand: never copied (nor exported)
DERIVED = ("search_unit", "search_document", "search_form")
_BATCH = 500


def copied_tables() -> list[Table]:
    """The tables a copy carries, links before the rows that point at them."""
    return [t for t in Base.metadata.sorted_tables if t.name not in DERIVED]


def _parents_first(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of a table that refers to itself, ordered so each row's parent comes before it."""
    own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    if not own:
        return rows
    key = own[0]
    placed: set[Any] = set()
    out: list[dict[str, Any]] = []
    waiting = rows
    while waiting:
        ready = [r for r in waiting if r[key] is None or r[key] in placed]
        if not ready:  # a cycle cannot be stored by either database; keep the rest as they are
            out += waiting
            break
        out += ready
        placed.update(r["id"] for r in ready)
        taken = {id(r) for r in ready}
        waiting = [r for r in waiting if id(r) not in taken]
    return out


def _rows(conn: Connection, table: Table) -> list[dict[str, Any]]:
    order = list(table.primary_key.columns)
    return [dict(r._mapping) for r in conn.execute(select(table).order_by(*order))]


def _write(source: Connection, dest: Connection) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in copied_tables():
        rows = _parents_first(table, _rows(source, table))
        for i in range(0, len(rows), _BATCH):
            dest.execute(insert(table), rows[i : i + _BATCH])
        counts[table.name] = len(rows)
    return counts


def reset_sequences(conn: Connection) -> None:
    """Move each id sequence past the largest id (after rows were written with their ids)."""
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                f'coalesce((SELECT max(id) FROM "{table.name}"), 0) + 1, false)'
            )
        )


@contextlib.contextmanager
def _snapshot(project: Project) -> Iterator[Connection]:
    """One read transaction over the whole source: a consistent copy while others write."""
    options: dict[str, Any] = {}
    if project.is_server:
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with project.engine.connect().execution_options(**options) as conn, conn.begin():
        yield conn


def _build_schema(conn: Connection) -> None:
    Base.metadata.create_all(conn)
    migrate.stamp_head(conn)


def copy_to_server(
    project: Project, location: str, *, password: str | None = None
) -> dict[str, int]:
    """Copy ``project`` into the empty database ``location`` names; the row counts per table."""
    url = server.server_url(location)
    shown = server.display(url)
    engine = server.make_server_engine(url, password=password)
    try:
        with engine.begin() as dest:
            tables = server.user_tables(dest)
            if tables:
                raise ProjectExistsError(
                    f"{shown} is not empty ({len(tables)} tables, e.g. {tables[0]}); copy into "
                    "a new empty database so nothing there is overwritten."
                )
            _build_schema(dest)
            fulltext.ensure(dest)
            with _snapshot(project) as source:
                counts = _write(source, dest)
            reset_sequences(dest)
    finally:
        engine.dispose()
    return counts


def copy_to_file(project: Project, path: Path) -> dict[str, int]:
    """Copy ``project`` into a new project file ``path`` (refused if it exists)."""
    path = Path(path)
    if path.exists():
        raise ProjectExistsError(f"{path} already exists; choose another name.")
    if not path.parent.is_dir():
        raise QualCodeError(f"{path.parent}: no such folder.")
    tmp = private_temp(path, "copy")
    engine: Engine = make_engine(tmp, shown_as=path)
    try:
        with engine.connect() as dest:
            dest.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            _build_schema(dest)
            with _snapshot(project) as source:
                counts = _write(source, dest)
            dest.commit()
        engine.dispose()
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise write_error(exc, path) from None
    finally:
        engine.dispose()
        tmp.unlink(missing_ok=True)
    return counts


def copy_project(project: Project, dest: Path | str, *, password: str | None = None) -> str:
    """Copy to a file or a server database; what the copy is called (without a password)."""
    if server.is_server_location(dest):
        copy_to_server(project, str(dest), password=password)
        return server.strip_password(str(dest))
    copy_to_file(project, Path(dest))
    return str(dest)
