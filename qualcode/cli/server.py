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
