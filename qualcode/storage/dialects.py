"""What differs between SQLite and PostgreSQL in the SQL the services write, in one place.

The services write portable SQLAlchemy; the few SQLite idioms they rely on are given their
PostgreSQL meaning here, so no service needs to ask which database it runs on:
``max(a, b)``/``min(a, b)`` with two or more arguments are SQLite's scalar functions (on
PostgreSQL ``greatest``/``least``), and an insert that skips rows already there is spelt
differently by each dialect.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql import functions
from sqlalchemy.sql.compiler import SQLCompiler


@compiles(functions.max, "postgresql")
def _max_pg(element: functions.max[Any], compiler: SQLCompiler, **kw: Any) -> str:
    if len(element.clauses) > 1:
        return f"greatest({compiler.process(element.clauses, **kw)})"
    return compiler.visit_function(element, **kw)


@compiles(functions.min, "postgresql")
def _min_pg(element: functions.min[Any], compiler: SQLCompiler, **kw: Any) -> str:
    if len(element.clauses) > 1:
        return f"least({compiler.process(element.clauses, **kw)})"
    return compiler.visit_function(element, **kw)


def insert_or_skip(session: Session, table: Any) -> Any:
    """``INSERT ... ON CONFLICT DO NOTHING`` for the database ``session`` is bound to."""
    target: Table | Any = table
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(target).on_conflict_do_nothing()
    return sqlite.insert(target).on_conflict_do_nothing()
