"""The full-text index on PostgreSQL: a table of passages with ``tsvector`` columns under GIN.

Why this shape: the services speak the FTS5 filter language that ``analysis.query`` writes
(``words : "phrase"``, ``lemmas : "stem"*``, AND, OR, brackets), and the index is only a filter:
every passage it lets through is checked again by the exact matcher, which compares characters.
So each FTS5 term becomes ``column @@ plainto_tsquery('simple', term)``: the term's words all
present, found by PostgreSQL's own parser on both sides, case-folded the same way (the 'simple'
configuration neither stems nor drops stop words). That lets through a superset of what the
phrase matches (words present, not necessarily adjacent) and the matcher keeps the exact hits.
A prefix term adds ``:*`` to its last word.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.sql.compiler import SQLCompiler

TABLE = "search_fts"
_CREATE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    "id integer PRIMARY KEY, words text NOT NULL, lemmas text NOT NULL, "
    "words_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', words)) STORED, "
    "lemmas_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', lemmas)) STORED)"
)
_INDEXES = (
    f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_words ON {TABLE} USING gin (words_tsv)",
    f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_lemmas ON {TABLE} USING gin (lemmas_tsv)",
)
_TOKEN = re.compile(r'\s*(?:(\()|(\))|(AND|OR|NOT)\b|(words|lemmas)\s*:\s*"((?:[^"]|"")*)"(\*?))')


def exists(conn: Connection) -> bool:
    return bool(conn.execute(text(f"SELECT to_regclass('{TABLE}') IS NOT NULL")).scalar())


def ensure(conn: Connection) -> None:
    if exists(conn):
        return
    conn.execute(text(_CREATE))
    for stmt in _INDEXES:
        conn.execute(text(stmt))


def drop(conn: Connection) -> None:
    """Empty the index. Its rows are deleted, not the table: only the owner may drop it, and a
    coder's search may rebuild the index."""
    if exists(conn):
        conn.execute(text(f"DELETE FROM {TABLE}"))


def row_count(conn: Connection) -> int:
    if not exists(conn):
        return 0
    return int(conn.execute(text(f"SELECT count(*) FROM {TABLE}")).scalar() or 0)


def max_row_id(conn: Connection) -> int:
    if not exists(conn):
        return 0
    return int(conn.execute(text(f"SELECT max(id) FROM {TABLE}")).scalar() or 0)


def allocate_ids(conn: Connection, count: int, above: int) -> list[int]:
    """Ids from ``search_unit``'s sequence, first moved past ``above`` (ids written before by
    number). Sequences are outside transactions: concurrent sessions get distinct ids."""
    seq = "pg_get_serial_sequence('search_unit', 'id')"
    conn.execute(
        text(
            f"SELECT setval({seq}, :above) "
            f"WHERE :above > coalesce(pg_sequence_last_value({seq}::regclass), 0)"
        ),
        {"above": above},
    )
    if count <= 0:
        return []
    rows = conn.execute(
        text(f"SELECT nextval({seq}) FROM generate_series(1, :n)"), {"n": count}
    ).scalars()
    return [int(i) for i in rows]


def translate(expression: str) -> tuple[str, list[tuple[str, bool]]]:
    """An FTS5 filter as a SQL condition with numbered placeholders ``{0}``, ``{1}``… and the
    (term, prefix) each stands for. Raises ValueError on anything ``analysis.query`` never
    writes."""
    out: list[str] = []
    terms: list[tuple[str, bool]] = []
    pos = 0
    expression = expression.rstrip()
    while pos < len(expression):
        m = _TOKEN.match(expression, pos)
        if m is None:
            raise ValueError(f"unexpected text at position {pos + 1}")
        opening, closing, operator, column, term, star = m.groups()
        if opening or closing:
            out.append(opening or closing)
        elif operator:
            out.append(f" {operator} ")
        else:
            out.append(f"{column}_tsv @@ {{{len(terms)}}}")
            terms.append((term.replace('""', '"'), bool(star)))
        pos = m.end()
    return "".join(out), terms


def compile_match(compiler: SQLCompiler, expression: str, **kw: Any) -> str:
    """The WHERE condition for :class:`fulltext.FtsMatch` on PostgreSQL."""
    from sqlalchemy import bindparam

    condition, terms = translate(expression)
    pieces = []
    for i, (term, prefix) in enumerate(terms):
        param = compiler.process(bindparam(f"fts_{i}", term, unique=True), **kw)
        query = f"plainto_tsquery('simple', {param})"
        if prefix:  # a tsquery's text form ends with its last word: make that word a prefix
            query = (
                f"(CASE WHEN {query}::text = '' THEN {query} "
                f"ELSE ({query}::text || ':*')::tsquery END)"
            )
        pieces.append(query)
    return condition.format(*pieces)
