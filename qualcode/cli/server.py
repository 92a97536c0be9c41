"""``qualcode copy`` and ``qualcode team``: a project between a file and a team server, and who
may do what on the server.

A copy reads its source read-only and refuses a destination that holds anything, so neither side
can lose work. Server addresses never carry a password here: ~/.pgpass, PGPASSWORD or a prompt.
"""

from __future__ import annotations

import argparse
from typing import Any

from qualcode.cli.locations import project_location


def add_parsers(sub: Any) -> None:
    c = sub.add_parser(
        "copy", help="copy a project between a file and a PostgreSQL server, either way"
    )
    c.add_argument("source", type=project_location, help="a .qcproj file or postgresql://…")
    c.add_argument("dest", type=project_location, help="a new file or an empty database")
    t = sub.add_parser("team", help="roles on a team project: owner, coder, reviewer")
    actions = t.add_subparsers(dest="team_action", required=True)
    s = actions.add_parser("setup", help="create the project's roles and row-level security")
    s.add_argument("project", type=project_location, help="postgresql://… (as its owner)")
    a = actions.add_parser("add", help="give a person (a database login) a role")
    a.add_argument("project", type=project_location)
    a.add_argument("user", help="their database login (created if new)")
    a.add_argument("--role", choices=("owner", "coder", "reviewer"), default="coder")
    a.add_argument(
        "--password", action="store_true", help="set their login password (asked, not echoed)"
    )
    m = actions.add_parser("list", help="who has which role")
    m.add_argument("project", type=project_location)


def run_copy(args: argparse.Namespace) -> int:
    from qualcode.cli.locations import is_address, open_project, prompt_password
    from qualcode.domain.team_errors import PasswordNeededError
    from qualcode.storage.copy import copy_project

    with open_project(args.source, readonly=True) as project:
        try:
            shown = copy_project(project, args.dest)
        except PasswordNeededError as exc:
            if not is_address(args.dest):
                raise
            shown = copy_project(project, args.dest, password=prompt_password("copy to", exc))
        print(f"Copied {project.location} to {shown}")
    return 0


def run_team(args: argparse.Namespace) -> int:
    import getpass

    from qualcode.cli.locations import open_project
    from qualcode.services.server import roles

    with open_project(args.project) as project:
        if args.team_action == "setup":
            names = roles.setup_roles(project)
            print(f"Roles on {project.location}: {', '.join(names)}")
            print("Codings are protected by row-level security: each coder changes only their own.")
        elif args.team_action == "add":
            password = getpass.getpass(f"Password for {args.user}: ") if args.password else None
            member = roles.add_member(project, args.user, args.role, password)
            print(f"{member.name} is now a {member.role} on {project.location}")
        else:
            for member in roles.members(project):
                print(f"{member.name}\t{member.role}")
    return 0
