"""Who may do what on a team project, enforced by PostgreSQL itself, not by the app.

Why the database: a coder with a psql prompt, or an older QualCode, must meet the same rules.
Three group roles per project database (roles are server-wide, so they carry its name):

- ``<db>_owner`` owns every table: members change anything, manage codes for everyone and
  upgrade the schema (table owners pass row-level security);
- ``<db>_coder`` reads everything and writes codes, themes, memos and their own codings: a
  row-level security policy lets a new or changed coding through only with the coder's own
  ``coder_id`` (the coder row named like the login, ``current_user``), and a trigger refuses
  changing or deleting another coder's coding with a clear error instead of the silent "0 rows"
  a policy alone would give;
- ``<db>_reviewer`` reads only (QualCode opens the project read-only for them).

A person is a login role made a member of one group; their coder row is created with them so
their codings are attributed from the first one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, text

from qualcode.domain.errors import QualCodeError, ValidationError
from qualcode.storage.models import new_guid
from qualcode.storage.project import Project

Role = Literal["owner", "coder", "reviewer"]
ROLES: tuple[Role, ...] = ("owner", "coder", "reviewer")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,62}$")

_OWN_CODER = "(SELECT c.id FROM coder c WHERE c.name = current_user)"
_TRIGGER_FUNCTION = f"""
CREATE OR REPLACE FUNCTION qualcode_own_coding() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE')
       OR OLD.coder_id IS NOT DISTINCT FROM {_OWN_CODER} THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION 'row-level security: coding % belongs to another coder', OLD.id
        USING ERRCODE = 'insufficient_privilege';
END $$
"""


@dataclass(frozen=True)
class Member:
    name: str
    role: Role


def _server(project: Project) -> Connection:
    if not project.is_server:
        raise QualCodeError(
            f"{project.location} is a project file: roles exist only for a project on a server."
        )
    return project.engine.connect()


def group(database: str, role: Role) -> str:
    return f"{database}_{role}"


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def _database(conn: Connection) -> str:
    return str(conn.execute(text("SELECT current_database()")).scalar_one())


def _role_exists(conn: Connection, name: str) -> bool:
    found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
    return found is not None


def setup_roles(project: Project) -> list[str]:
    """Create the three groups, hand the tables to the owner group, grant, and switch on the
    codings' row-level security. Safe to run again. Returns the group names."""
    with _server(project) as conn, conn.begin():
        db = _database(conn)
        names = [group(db, r) for r in ROLES]
        for name in names:
            if not _role_exists(conn, name):
                conn.execute(text(f"CREATE ROLE {_quote(conn, name)} NOLOGIN"))
        owner, coder, reviewer = (_quote(conn, n) for n in names)
        conn.execute(text(f"GRANT {owner} TO current_user"))
        conn.execute(text(f"GRANT USAGE, CREATE ON SCHEMA public TO {owner}"))
        tables = conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).scalars()
        for table in list(tables):
            conn.execute(text(f"ALTER TABLE {_quote(conn, table)} OWNER TO {owner}"))
        for statement in _grants_and_policies(_quote(conn, db), owner, coder, reviewer):
            conn.execute(text(statement))
    return names


def _grants_and_policies(db: str, owner: str, coder: str, reviewer: str) -> list[str]:
    policies = ("qualcode_read", "qualcode_add", "qualcode_change", "qualcode_remove")
    return [
        f"GRANT CONNECT ON DATABASE {db} TO {coder}, {reviewer}",
        f"GRANT USAGE ON SCHEMA public TO {coder}, {reviewer}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reviewer}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {coder}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {coder}",
        # tables and sequences a later upgrade creates (run as the owner group) get the same
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT SELECT ON TABLES TO {reviewer}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {coder}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {coder}",
        "ALTER TABLE coding ENABLE ROW LEVEL SECURITY",
        *(f"DROP POLICY IF EXISTS {policy} ON coding" for policy in policies),
        "CREATE POLICY qualcode_read ON coding FOR SELECT USING (true)",
        f"CREATE POLICY qualcode_add ON coding FOR INSERT WITH CHECK (coder_id = {_OWN_CODER})",
        "CREATE POLICY qualcode_change ON coding FOR UPDATE USING (true) "
        f"WITH CHECK (coder_id = {_OWN_CODER})",
        # deleting is checked by the trigger, which can say why instead of deleting nothing
        "CREATE POLICY qualcode_remove ON coding FOR DELETE USING (true)",
        _TRIGGER_FUNCTION,
        f"ALTER FUNCTION qualcode_own_coding() OWNER TO {owner}",
        "DROP TRIGGER IF EXISTS qualcode_own_coding ON coding",
        "CREATE TRIGGER qualcode_own_coding BEFORE UPDATE OR DELETE ON coding "
        "FOR EACH ROW EXECUTE FUNCTION qualcode_own_coding()",
    ]


def add_member(project: Project, name: str, role: Role, password: str | None = None) -> Member:
    """Make ``name`` (a new or existing login) a member of ``role`` on this project, with a
    coder row of that name; a ``password`` is set on the server, never kept by QualCode."""
    if not _NAME.match(name):
        raise ValidationError(
            f"'{name}' cannot be a database login: use letters, digits, '_', '.' or '-', "
            "starting with a letter."
        )
    if role not in ROLES:
        raise ValidationError(f"The role must be one of {', '.join(ROLES)}, not '{role}'.")
    with _server(project) as conn, conn.begin():
        db = _database(conn)
        if not _role_exists(conn, group(db, "coder")):
            raise QualCodeError(
                f"{project.location} has no team roles yet: run 'qualcode team setup' first."
            )
        who = _quote(conn, name)
        if not _role_exists(conn, name):
            conn.execute(text(f"CREATE ROLE {who} LOGIN"))
        if password:
            _set_password(conn, name, password)
        for other in ROLES:
            if other != role and _role_exists(conn, group(db, other)):
                conn.execute(text(f"REVOKE {_quote(conn, group(db, other))} FROM {who}"))
        conn.execute(text(f"GRANT {_quote(conn, group(db, role))} TO {who}"))
        conn.execute(
            text(
                "INSERT INTO coder (guid, name, created_at) VALUES (:g, :n, now()) "
                "ON CONFLICT (name) DO NOTHING"
            ),
            {"g": new_guid(), "n": name},
        )
    return Member(name, role)


def _set_password(conn: Connection, name: str, password: str) -> None:
    """ALTER ROLE takes no parameters: psycopg quotes the password as a literal (on the
    connection's own transaction), and nothing of it is logged by QualCode."""
    from psycopg import sql

    raw = conn.connection.driver_connection
    assert raw is not None
    statement = sql.SQL("ALTER ROLE {} PASSWORD {}").format(
        sql.Identifier(name), sql.Literal(password)
    )
    raw.execute(statement)


def members(project: Project) -> list[Member]:
    """Each login in one of this project's groups, with its role."""
    out: list[Member] = []
    with _server(project) as conn:
        db = _database(conn)
        for role in ROLES:
            rows = conn.execute(
                text(
                    "SELECT m.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
                    "JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = :g AND m.rolcanlogin "
                    "ORDER BY m.rolname"
                ),
                {"g": group(db, role)},
            )
            out += [Member(str(name), role) for (name,) in rows]
    return out
