"""A project on a PostgreSQL server: its address, its engine and its errors.

Why a server at all: a team codes one project at once from several machines, which one SQLite
file cannot offer. The schema and migrations are the same as a file's; what differs is kept
here: no lock file (the server arbitrates), no pragmas, no file permissions, and the identity
of the person is the database login (roles and row-level security rest on it).

Passwords are never part of what is stored or printed: libpq reads ``~/.pgpass`` and
``PGPASSWORD`` itself, a prompted password travels beside the address (``connect_args``), and
:func:`display` gives the address without any password for titles, messages and recent lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, Connection, ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError

from qualcode.domain.errors import StorageError
from qualcode.domain.team_errors import (
    ConflictError,
    NotPermittedError,
    PasswordNeededError,
    ServerError,
)
from qualcode.storage import dialects  # noqa: F401  (registers the PostgreSQL spellings)

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def is_server_location(location: object) -> bool:
    """Whether a project argument names a database server rather than a file."""
    if not isinstance(location, str):
        return False
    return location.split("://", 1)[0].lower() in SCHEMES and "://" in location


def server_url(location: str) -> URL:
    """The SQLAlchemy address, always through psycopg 3."""
    try:
        url = make_url(location)
    except ArgumentError:
        raise ServerError(f"'{strip_password(location)}' is not a database address.") from None
    if url.get_backend_name() not in ("postgresql", "postgres"):
        raise ServerError(f"{display(url)}: only PostgreSQL servers are supported.")
    if not url.database:
        raise ServerError(f"{display(url)}: the address names no database.")
    return url.set(drivername="postgresql+psycopg")


def strip_password(location: str) -> str:
    """``location`` as it may be shown or remembered: without a password."""
    try:
        return display(make_url(location))
    except ArgumentError:
        return location.split("@", 1)[-1] if "@" in location else location


def display(url: URL) -> str:
    """The address without any password, in the short ``postgresql://`` form."""
    shown = url._replace(password=None)  # URL.set(password=None) would keep it
    if shown.drivername == "postgresql+psycopg":
        shown = shown.set(drivername="postgresql")
    return unquote(shown.render_as_string(hide_password=False))


def make_server_engine(url: URL, *, password: str | None = None, readonly: bool = False) -> Engine:
    """An engine on the server; ``password`` (a prompted one) is passed beside the address."""
    connect: dict[str, Any] = {"connect_timeout": 10, "application_name": "QualCode"}
    if password is not None:
        connect["password"] = password
    shown = display(url)
    # REPEATABLE READ: an action that read a row another person changed and committed since
    # fails with a serialization error (shown as a ConflictError) instead of overwriting it
    engine = create_engine(
        url,
        hide_parameters=True,
        pool_pre_ping=True,
        pool_size=2,
        isolation_level="REPEATABLE READ",
        connect_args=connect,
    )

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> BaseException | None:
        return server_error(context.original_exception, shown)

    if readonly:  # the server itself refuses any write in these transactions
        return engine.execution_options(postgresql_readonly=True)
    return engine


def server_error(exc: BaseException, shown: str) -> Exception | None:
    """The user's error for a failure the server reported; None for anything else (a bug)."""
    import psycopg

    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        detail = str(exc).split("\n", 1)[0]
        if "row-level security" in detail:
            return NotPermittedError(
                f"{shown}: the server refused this change: each coder can change only their "
                "own codings. Nothing was changed."
            )
        return NotPermittedError(
            f"{shown}: your role on this project does not allow changes (read-only, e.g. a "
            f"reviewer). Nothing was changed. (The server said: {detail})"
        )
    if isinstance(exc, psycopg.errors.SerializationFailure | psycopg.errors.DeadlockDetected):
        return ConflictError(
            f"{shown}: someone else changed the same items at the same moment; nothing was "
            "changed. Try again."
        )
    if isinstance(exc, psycopg.errors.ForeignKeyViolation):
        return ConflictError(
            f"{shown}: what this action refers to (a code, a document, a theme…) was deleted by "
            "someone else meanwhile; nothing was changed. The views now show the project as it "
            "is."
        )
    if isinstance(exc, psycopg.errors.UniqueViolation):
        return ConflictError(
            f"{shown}: someone else added the same item at the same moment; nothing was "
            "changed. Try again."
        )
    if isinstance(exc, psycopg.errors.ReadOnlySqlTransaction):
        return NotPermittedError(f"{shown} is open read-only; nothing was changed.")
    if isinstance(exc, psycopg.OperationalError):
        message = str(exc).strip()
        if "no password supplied" in message or "password authentication failed" in message:
            return PasswordNeededError(
                f"{shown}: the server asks for a password (none was given, or it was wrong).",
                shown,
            )
        if "does not exist" in message and "database" in message:
            return ServerError(
                f"{shown}: the database does not exist; ask the project administrator to "
                "create it (see the README's team guide)."
            )
        first = message.splitlines()[-1] if message else "no answer"
        return StorageError(f"{shown}: the server cannot be reached ({first[:200]}).")
    return None


def connection_user(conn: Connection) -> str:
    return str(conn.execute(text("SELECT current_user")).scalar_one())


def has_schema(conn: Connection) -> bool:
    return bool(conn.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar())


def user_tables(conn: Connection) -> list[str]:
    rows = conn.execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    ).scalars()
    return sorted(str(r) for r in rows)


def can_write(conn: Connection) -> bool:
    """Whether this login may add codings (coders and owners may, reviewers may not)."""
    return bool(
        conn.execute(text("SELECT has_table_privilege(current_user, 'coding', 'INSERT')")).scalar()
    )


def project_name(url: URL) -> Path:
    """What services call the project (``path.name``/``path.stem``): the database's name."""
    return Path(url.database or "project")


def probe(location: str, password: str | None = None) -> None:
    """Log in once, to learn before a long job whether the server wants a password (raises
    PasswordNeededError) or cannot be reached."""
    engine = make_server_engine(server_url(location), password=password)
    try:
        with engine.connect():
            pass
    finally:
        engine.dispose()
