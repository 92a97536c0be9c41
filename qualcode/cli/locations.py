"""Project arguments that may be a file or a team server's ``postgresql://`` address.

argparse's ``type=Path`` would fold an address's ``//`` into ``/`` and lose it, so commands that
accept a server take :func:`project_location`. A password the server asks for (none in
~/.pgpass or PGPASSWORD) is prompted for on the terminal and used for this run only.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.domain.team_errors import PasswordNeededError

if TYPE_CHECKING:
    from qualcode.storage.project import Project

_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_address(location: object) -> bool:
    return isinstance(location, str) and location.lower().startswith(_SCHEMES)


def project_location(value: str) -> Path | str:
    """argparse type: an address stays text, anything else is a file path."""
    return value if is_address(value) else Path(value)


def accept_addresses(parser: argparse.ArgumentParser, files_only: tuple[str, ...]) -> None:
    """Let every command's PROJECT (or merge's TARGET) argument be a server address too: each
    command opens it with ``Project.open``, which takes either. ``files_only``: commands whose
    project must be a file (e.g. ``sample``, which builds one)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if name not in files_only:
                    accept_addresses(sub, files_only)
        elif action.dest in ("project", "target") and action.type is Path:
            action.type = project_location


def prompt_password(action: str, error: PasswordNeededError) -> str:
    """Ask for the password the server wanted (refused without a terminal, naming the fixes)."""
    location = error.location
    if not sys.stdin.isatty():
        raise PasswordNeededError(
            f"{location}: the server asks for a password; put it in ~/.pgpass or PGPASSWORD "
            "(no terminal to ask on).",
            location,
        )
    return getpass.getpass(f"Password to {action} {location}: ")


def open_project(location: Path | str, *, readonly: bool = False) -> Project:
    """Open a file or a server project, asking for the server's password if it wants one."""
    from qualcode.storage.project import Project

    try:
        return Project.open(location, readonly=readonly)
    except PasswordNeededError as exc:
        password = prompt_password("open", exc)
        return Project.open(location, readonly=readonly, password=password)


def create_project(location: Path | str) -> Project:
    from qualcode.storage.project import Project

    try:
        return Project.create(location)
    except PasswordNeededError as exc:
        password = prompt_password("create", exc)
        return Project.create(location, password=password)
