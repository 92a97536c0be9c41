"""The full-text index behind one small interface (FTS5 on SQLite).

Services hand it passages (an id, their words and their lemmas) and ask which passages match a
filter; nothing else in the program writes FTS5 syntax to the database. The index is
contentless: the text already lives in the document rows, so the index stores only its token
lists (about the size of the text again, not twice). Its rows cannot be deleted one by one, so
rows of deleted documents stay until :func:`drop` and a rebuild; searches join on ``search_unit``,
which loses them at once (its rows cascade with the document).

Tokens are Unicode words, case-folded, diacritics kept (so that the index and the matcher, which
compares characters, agree about "café").
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Integer, Subquery, column, text
from sqlalchemy.exc import OperationalError

from qualcode.domain.errors import ValidationError

TABLE = "search_fts"
_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "words, lemmas, content='', tokenize='unicode61 remove_diacritics 0')"
)


def exists(conn: Connection) -> bool:
    found = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": TABLE}
    ).first()
    return found is not None


def ensure(conn: Connection) -> None:
    """Create the index table if this project has none yet (inside the caller's transaction)."""
    conn.execute(text(_CREATE))


def drop(conn: Connection) -> None:
    conn.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))


def add(conn: Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    """Index passages: (passage id, its text, its lemmas separated by spaces)."""
    batch = [{"id": i, "w": w, "l": lem} for i, w, lem in rows]
    if batch:
        conn.execute(
            text(f"INSERT INTO {TABLE} (rowid, words, lemmas) VALUES (:id, :w, :l)"), batch
        )


def row_count(conn: Connection) -> int:
    """Rows in the index, including those of deleted documents."""
    if not exists(conn):
        return 0
    return int(conn.execute(text(f"SELECT count(*) FROM {TABLE}_docsize")).scalar() or 0)


def max_row_id(conn: Connection) -> int:
    """The highest passage id ever indexed (rows of deleted documents included): new passages
    take ids above it, so a stale row never points at a new passage."""
    if not exists(conn):
        return 0
    return int(conn.execute(text(f"SELECT max(id) FROM {TABLE}_docsize")).scalar() or 0)


def match_subquery(expression: str) -> Subquery:
    """A subquery of the ids (column ``id``) of passages matching an FTS5 expression built by
    ``analysis.query``, to join with ``search_unit``."""
    stmt = text(f"SELECT rowid AS id FROM {TABLE} WHERE {TABLE} MATCH :q").bindparams(q=expression)
    return stmt.columns(column("id", Integer)).subquery("fts_match")


def check(conn: Connection, expression: str) -> None:
    """Refuse an expression the index cannot read, with the reason (before a long query)."""
    try:
        conn.execute(
            text(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH :q LIMIT 1"), {"q": expression}
        ).all()
    except OperationalError as exc:
        raise ValidationError(f"The index cannot read this search: {exc.orig}") from None
