"""Create and open a project on a PostgreSQL server (``Project.create``/``open`` delegate here).

A server database is created empty by its administrator (see the README's team guide); QualCode
then builds the same tables and stamps the same Alembic revision as for a file, and upgrades an
older schema in one transaction (PostgreSQL's DDL is transactional: a failed upgrade leaves the
project as it was, so no backup copy is needed). The person is the database login: their coder
row is named after ``current_user``, which the row-level security policies compare with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alembic import command
from sqlalchemy import Engine, text

from qualcode.domain.errors import (
    MigrationError,
    NewerProjectError,
    NotAProjectError,
    ProjectExistsError,
)
from qualcode.storage import fulltext, migrate, server
from qualcode.storage.models import Base

if TYPE_CHECKING:
    from qualcode.storage.project import Project


def create(cls: type[Project], location: str, *, password: str | None = None) -> Project:
    """Build the schema in an empty database and open it."""
    url = server.server_url(location)
    shown = server.display(url)
    engine = server.make_server_engine(url, password=password)
    try:
        with engine.begin() as conn:
            tables = server.user_tables(conn)
            if tables:
                raise ProjectExistsError(
                    f"{shown} already holds tables ({', '.join(tables[:3])}…); create a new "
                    "empty database for the project."
                    if len(tables) > 3
                    else f"{shown} already holds tables ({', '.join(tables)}); create a new "
                    "empty database for the project."
                )
            Base.metadata.create_all(conn)
            fulltext.ensure(conn)
            migrate.stamp_head(conn)
    finally:
        engine.dispose()
    return open_project(cls, location, password=password)


def _upgrade(engine: Engine, shown: str) -> None:
    """Upgrade in one transaction. On a project with team roles the new tables must belong to
    the owner group (so coders get their grants by default): the upgrade runs as that role."""
    try:
        with engine.begin() as conn:
            owner = conn.execute(
                text(
                    "SELECT rolname FROM pg_roles WHERE rolname = current_database() || '_owner' "
                    "AND pg_has_role(current_user, oid, 'MEMBER')"
                )
            ).scalar()
            if owner is not None:
                quoted = conn.dialect.identifier_preparer.quote_identifier(str(owner))
                conn.execute(text(f"SET LOCAL ROLE {quoted}"))
            command.upgrade(migrate.alembic_config(conn), "head")
    except Exception as exc:
        raise MigrationError(f"Upgrading {shown} failed ({exc}); it was not changed.") from None


def open_project(
    cls: type[Project], location: str, *, readonly: bool = False, password: str | None = None
) -> Project:
    url = server.server_url(location)
    shown = server.display(url)
    engine = server.make_server_engine(url, password=password)
    try:
        with engine.connect() as conn:
            if not server.has_schema(conn):
                raise NotAProjectError(
                    f"{shown} is not a QualCode project (no QualCode tables); make one with "
                    f"'qualcode new {shown}' or 'qualcode copy FILE {shown}'."
                )
            revision = migrate.current_revision(conn)
            writer = server.can_write(conn)
            user = server.connection_user(conn)
        known = migrate.known_revisions()
        if revision not in known:
            raise NewerProjectError(
                f"{shown} was saved by a newer version of QualCode (schema {revision}); "
                "update QualCode to open it. It was not changed."
            )
        if revision != known[-1]:
            _upgrade(engine, shown)
    finally:
        engine.dispose()
    readonly = readonly or not writer
    engine = server.make_server_engine(url, password=password, readonly=readonly)
    project = cls(server.project_name(url), engine, None, readonly=readonly, location=shown)
    if not readonly:
        project.coder_id = project._ensure_coder(user)
    else:
        project.coder_id = project.find_coder(user)
    return project
