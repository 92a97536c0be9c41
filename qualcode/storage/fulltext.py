"""The full-text index behind one small interface (FTS5 on SQLite, text search on PostgreSQL).

Services hand it passages (an id, their words and their lemmas) and ask which passages match a
filter; nothing else in the program writes FTS5 syntax to the database. The index is
contentless: the text already lives in the document rows, so the index stores only its token
lists (about the size of the text again, not twice). Its rows cannot be deleted one by one, so
rows of deleted documents stay until :func:`drop` and a rebuild; searches join on ``search_unit``,
which loses them at once (its rows cascade with the document).

Tokens are Unicode words, case-folded, diacritics kept (so that the index and the matcher, which
compares characters, agree about "café").

On a team server the same functions use ``fulltext_pg`` (a table with GIN-indexed ``tsvector``
columns); the filter expressions stay FTS5's and are translated there, so the services need not
know which database they search.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Integer, Subquery, bindparam, column, func, select, table, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.types import NullType, TypeEngine

from qualcode.domain.errors import ValidationError
from qualcode.storage import fulltext_pg

TABLE = "search_fts"
_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "words, lemmas, content='', tokenize='unicode61 remove_diacritics 0')"
)


def _server(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def exists(conn: Connection) -> bool:
    if _server(conn):
        return fulltext_pg.exists(conn)
    found = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": TABLE}
    ).first()
    return found is not None


def ensure(conn: Connection) -> None:
    """Create the index table if this project has none yet (inside the caller's transaction)."""
    if _server(conn):
        fulltext_pg.ensure(conn)
        return
    conn.execute(text(_CREATE))


def drop(conn: Connection) -> None:
    if _server(conn):
        fulltext_pg.drop(conn)
        return
    conn.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))


def add(conn: Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    """Index passages: (passage id, its text, its lemmas separated by spaces)."""
    batch = [{"id": i, "w": w, "l": lem} for i, w, lem in rows]
    if batch and _server(conn):
        conn.execute(text(f"INSERT INTO {TABLE} (id, words, lemmas) VALUES (:id, :w, :l)"), batch)
    elif batch:
        conn.execute(
            text(f"INSERT INTO {TABLE} (rowid, words, lemmas) VALUES (:id, :w, :l)"), batch
        )


def row_count(conn: Connection) -> int:
    """Rows in the index, including those of deleted documents."""
    if _server(conn):
        return fulltext_pg.row_count(conn)
    if not exists(conn):
        return 0
    return int(conn.execute(text(f"SELECT count(*) FROM {TABLE}_docsize")).scalar() or 0)


def count_matches(conn: Connection, expression: str) -> int:
    """Rows matching ``expression``, rows of deleted documents included (the caller knows
    whether there are any)."""
    stmt = select(func.count()).select_from(match_subquery(expression))
    return int(conn.execute(stmt).scalar() or 0)


def max_row_id(conn: Connection) -> int:
    """The highest passage id ever indexed (rows of deleted documents included): new passages
    take ids above it, so a stale row never points at a new passage."""
    if _server(conn):
        return fulltext_pg.max_row_id(conn)
    if not exists(conn):
        return 0
    return int(conn.execute(text(f"SELECT max(id) FROM {TABLE}_docsize")).scalar() or 0)


def allocate_ids(conn: Connection, count: int, above: int) -> list[int]:
    """``count`` new passage ids, all above ``above`` (the highest id ever indexed). On a
    server they come from the passages' sequence, which never hands one id out twice, so two
    people indexing at the same moment cannot pick the same ids."""
    if not _server(conn):
        return list(range(above + 1, above + 1 + count))
    return fulltext_pg.allocate_ids(conn, count, above)


def match_subquery(expression: str) -> Subquery:
    """A subquery of the ids (column ``id``) of passages matching an FTS5 expression built by
    ``analysis.query``, to join with ``search_unit``."""
    index = table(TABLE, column("rowid", Integer))
    stmt = select(_RowId().label("id")).select_from(index).where(FtsMatch(expression))
    return stmt.subquery("fts_match")


class _RowId(ColumnElement[int]):
    """The passage id: FTS5's ``rowid``, the server table's ``id``."""

    inherit_cache = True
    type = Integer()


class FtsMatch(ColumnElement[Any]):
    """``search_fts MATCH expression``, written for whichever database runs it."""

    inherit_cache = False  # the expression is part of the SQL text on the server
    type: TypeEngine[Any] = NullType()  # not Boolean: SQLite would then compare the MATCH with 1

    def __init__(self, expression: str) -> None:
        self.fts_expression = expression


@compiles(_RowId)
def _rowid_sqlite(_element: _RowId, _compiler: SQLCompiler, **_kw: Any) -> str:
    return f"{TABLE}.rowid"


@compiles(_RowId, "postgresql")
def _rowid_pg(_element: _RowId, _compiler: SQLCompiler, **_kw: Any) -> str:
    return f"{TABLE}.id"


@compiles(FtsMatch)
def _match_sqlite(element: FtsMatch, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{TABLE} MATCH " + compiler.process(_param(element.fts_expression), **kw)


@compiles(FtsMatch, "postgresql")
def _match_pg(element: FtsMatch, compiler: SQLCompiler, **kw: Any) -> str:
    return fulltext_pg.compile_match(compiler, element.fts_expression, **kw)


def _param(value: str) -> Any:
    return bindparam("q", value, unique=True)


def check(conn: Connection, expression: str) -> None:
    """Refuse an expression the index cannot read, with the reason (before a long query)."""
    if _server(conn):
        try:
            fulltext_pg.translate(expression)
        except ValueError as exc:
            raise ValidationError(f"The index cannot read this search: {exc}") from None
        return
    try:
        conn.execute(
            text(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH :q LIMIT 1"), {"q": expression}
        ).all()
    except OperationalError as exc:
        raise ValidationError(f"The index cannot read this search: {exc.orig}") from None
