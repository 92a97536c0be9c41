"""``qualcode new|info|check|sample|gui``: the project file itself, and opening the app."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from qualcode.domain.wording import plural


def run_new(args: argparse.Namespace) -> int:
    from qualcode.cli.locations import create_project, is_address
    from qualcode.storage.project import SUFFIX

    path: Path | str = args.project
    if is_address(path):
        project = create_project(path)
        print(f"Created {project.location}")
        project.close()
        return 0
    assert isinstance(path, Path)
    if getattr(args, "from_", None) is not None:
        from qualcode.cli.refi import new_from

        return new_from(path, args.from_)
    if path.suffix != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    create_project(path).close()
    print(f"Created {path}")
    return 0


def run_info(args: argparse.Namespace) -> int:
    from qualcode.cli.locations import open_project
    from qualcode.services.project.inspect import project_info

    with open_project(args.project, readonly=True) as project:
        info = project_info(project)
    if args.json:
        print(
            json.dumps(
                {
                    "path": info.path,
                    "revision": info.revision,
                    "words": info.words,
                    "counts": info.counts,
                },
                indent=2,
            )
        )
    else:
        print(f"{info.path}\nschema revision: {info.revision}\nwords: {info.words:,}")
        width = max(len(k) for k in info.counts)
        for name, count in info.counts.items():
            print(f"  {name.replace('_', ' '):<{width}}  {count:>10,}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from qualcode.cli.locations import open_project
    from qualcode.services.project.inspect import check_project

    with open_project(args.project, readonly=True) as project:
        problems = check_project(project)
    if problems:
        print(f"{args.project}: {plural(len(problems), 'problem')}")
        for line in problems:
            print(f"  {line}")
        return 1
    print(f"{args.project}: OK")
    return 0


def run_sample(args: argparse.Namespace) -> int:
    from qualcode.services.samples.samples import build_sample

    build_sample(args.project).close()
    print(f"Created the sample project {args.project}")
    return 0


def run_gui(args: argparse.Namespace) -> int:
    from qualcode.ui.shell.app import run_app

    return run_app(getattr(args, "project", None))
