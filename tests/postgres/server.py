"""One throw-away PostgreSQL server per test process, and a fresh project database per test.

The server starts on first use and stops when the process ends. Every test database is a copy
of a template that already holds the migrated schema (``CREATE DATABASE ... TEMPLATE``), so a
fresh project costs a fraction of a second. Without server binaries the tests skip, saying why,
unless ``QUALCODE_REQUIRE_POSTGRES=1`` (CI), where they fail instead.
"""

from __future__ import annotations

import atexit
import itertools
import os

import psycopg
import pytest

from tests.pg import Server, find_binaries, start_server

TEMPLATE = "qualcode_template"
USER = "tester"
_server: Server | None = None
_numbers = itertools.count(1)


def shared_server() -> Server:
    """The process's server (started, with the template database, the first time)."""
    global _server
    if _server is not None:
        return _server
    if find_binaries() is None:
        reason = "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
        if os.environ.get("QUALCODE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason}, and QUALCODE_REQUIRE_POSTGRES=1 requires them")
        pytest.skip(reason)
    server = start_server()
    atexit.register(server.stop)
    # projects are opened as "tester", the author the file tests write as (tests/conftest.py),
    # who owns the databases as a project's owner would
    admin(
        server, f"CREATE ROLE {USER} LOGIN CREATEROLE", f"CREATE DATABASE {TEMPLATE} OWNER {USER}"
    )
    from qualcode.storage.project import Project

    Project.create(server.url(TEMPLATE, user=USER)).close()
    _server = server
    return server


def stop_shared_server() -> None:
    """Stop the process's server now (the end of a test session), if one was started."""
    global _server
    if _server is not None:
        _server.stop()
        _server = None


def admin(server: Server, *statements: str, database: str = "postgres") -> None:
    """Run statements as the superuser, outside a transaction (CREATE DATABASE needs that)."""
    with psycopg.connect(
        host=str(server.folder), port=server.port, user="postgres", dbname=database,
        autocommit=True,
    ) as conn:  # fmt: skip
        for stmt in statements:
            conn.execute(stmt)  # type: ignore[arg-type]


def fresh_database(*, empty: bool = False) -> str:
    """A new database's address: with the project schema, or ``empty``."""
    server = shared_server()
    name = f"qc_test_{os.getpid()}_{next(_numbers)}"
    template = "template0" if empty else TEMPLATE
    admin(server, f"CREATE DATABASE {name} TEMPLATE {template} OWNER {USER}")
    return server.url(name, user=USER)


def drop_database(url: str) -> None:
    server = shared_server()
    name = url.split("@/", 1)[1].split("?", 1)[0]
    admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
