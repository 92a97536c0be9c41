"""Alembic on open: find the scripts, read a file's revision, upgrade safely.

The scripts live in the top-level ``migrations/`` folder of a checkout and are shipped inside the
wheel as ``qualcode/_migrations``. Upgrades run with foreign keys OFF (batch migrations recreate
tables, and with FKs on the cascades would silently delete codings), then
``PRAGMA foreign_key_check`` must come back empty.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from qualcode.domain.errors import MigrationError


def migrations_dir() -> Path:
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_migrations", here.parent / "migrations"):
        if (candidate / "env.py").is_file():
            return candidate
    raise MigrationError("QualCode's migration scripts are missing from this installation.")


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@lru_cache(maxsize=1)
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _script().get_current_head()
    if head is None:
        raise MigrationError("No migration head found.")
    return head


def known_revisions() -> list[str]:
    """Every revision, oldest first."""
    return [rev.revision for rev in reversed(list(_script().walk_revisions()))]


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def stamp_head(connection: Connection) -> None:
    command.stamp(alembic_config(connection), "head")


def upgrade(engine_fk_off: Engine, target: str = "head") -> None:
    """Upgrade on an engine whose connections have foreign keys OFF; verify FKs after."""
    with engine_fk_off.connect() as conn:
        command.upgrade(alembic_config(conn), target)
        conn.commit()
        problems = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
    if problems:
        raise MigrationError(
            f"After the upgrade {len(problems)} rows point at missing rows "
            f"(first: table {problems[0][0]}, row {problems[0][1]})."
        )
