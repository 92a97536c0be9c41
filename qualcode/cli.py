"""The ``qualcode`` command: the same services as the GUI, for scripts, tests and benchmarks.

Errors a user can meet print one line on stderr and exit non-zero; never a traceback (set
``QUALCODE_DEBUG=1`` to see one for a genuine bug).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from qualcode.domain.errors import QualCodeError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="qualcode",
        description="Qualitative coding and thematic analysis. With no command, opens the app.",
    )
    sub = p.add_subparsers(dest="command")
    g = sub.add_parser("gui", help="open the app (optionally on a project)")
    g.add_argument("project", nargs="?", type=Path)
    n = sub.add_parser("new", help="create an empty project file")
    n.add_argument("project", type=Path)
    n.add_argument(
        "--from",
        dest="from_",
        type=Path,
        metavar="FILE.qdpx",
        help="start from a REFI-QDA project exported by another tool",
    )
    i = sub.add_parser("info", help="schema revision and counts of every entity")
    i.add_argument("project", type=Path)
    i.add_argument("--json", action="store_true", help="machine-readable output")
    c = sub.add_parser("check", help="integrity, foreign keys, codings inside their text")
    c.add_argument("project", type=Path)
    from qualcode.cli_import import add_parser as add_import_parser

    add_import_parser(sub)
    from qualcode.cli_refi import add_parsers as add_refi_parsers

    export = sub.add_parser("export", help="export: REFI-QDA files, matrices, codebooks, quotes")
    formats = export.add_subparsers(dest="format", required=True)
    add_refi_parsers(formats)
    from qualcode.cli_reports import add_parsers as add_report_parsers

    add_report_parsers(formats)
    from qualcode.cli_counts import add_chart_parser
    from qualcode.cli_counts import add_parsers as add_counts_parsers

    add_counts_parsers(formats)
    add_chart_parser(sub)
    from qualcode.cli_frameworks import add_parsers as add_framework_parsers

    add_framework_parsers(sub)
    from qualcode.cli_frameworks import add_attribution_parser

    add_attribution_parser(sub)
    from qualcode.cli_themes import add_parser as add_themes_parser

    add_themes_parser(sub)
    from qualcode.cli_search import add_parsers as add_search_parsers

    add_search_parsers(sub)
    sm = sub.add_parser("sample", help="build the sample project (fictional data)")
    sm.add_argument("project", type=Path)
    b = sub.add_parser("bench", help="time the core operations on a synthetic project")
    b.add_argument("--preset", default="small", help="tiny, small, medium or large")
    b.add_argument("--documents", type=int)
    b.add_argument("--words", type=int, help="words per document")
    b.add_argument("--speakers", type=int)
    b.add_argument("--codes", type=int)
    b.add_argument("--codings", type=int)
    b.add_argument("--import-files", type=int, help="transcripts to write and import")
    b.add_argument("--keep", type=Path, help="keep the generated project at this path")
    b.add_argument("--json", action="store_true")
    return p


def _new(args: argparse.Namespace) -> int:
    from qualcode.storage.project import SUFFIX, Project

    path: Path = args.project
    if getattr(args, "from_", None) is not None:
        from qualcode.cli_refi import new_from

        return new_from(path, args.from_)
    if path.suffix != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    Project.create(path).close()
    print(f"Created {path}")
    return 0


def _info(args: argparse.Namespace) -> int:
    from qualcode.services.inspect import project_info
    from qualcode.storage.project import Project

    with Project.open(args.project, readonly=True) as project:
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


def _check(args: argparse.Namespace) -> int:
    from qualcode.services.inspect import check_project
    from qualcode.storage.project import Project

    with Project.open(args.project, readonly=True) as project:
        problems = check_project(project)
    if problems:
        print(f"{args.project}: {len(problems)} problem(s)")
        for line in problems:
            print(f"  {line}")
        return 1
    print(f"{args.project}: OK")
    return 0


def _sample(args: argparse.Namespace) -> int:
    from qualcode.services.samples import build_sample

    build_sample(args.project).close()
    print(f"Created the sample project {args.project}")
    return 0


def _gui(args: argparse.Namespace) -> int:
    from qualcode.ui.app import run_app

    return run_app(getattr(args, "project", None))


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {
        "new": _new,
        "info": _info,
        "check": _check,
        "gui": _gui,
        "sample": _sample,
        None: _gui,
    }
    if args.command == "bench":
        from qualcode.bench import run_bench

        handler = run_bench
    elif args.command in ("search", "autocode"):
        from qualcode.cli_search import run_autocode, run_search

        handler = run_search if args.command == "search" else run_autocode
    elif args.command == "themes":
        from qualcode.cli_themes import run_themes

        handler = run_themes
    elif args.command == "export" and args.format in ("qdc", "qdpx"):
        from qualcode.cli_refi import run_export

        handler = run_export
    elif args.command == "export" and args.format == "counts":
        from qualcode.cli_counts import run_counts

        handler = run_counts
    elif args.command == "chart":
        from qualcode.cli_counts import run_chart

        handler = run_chart
    elif args.command == "export":
        from qualcode.cli_reports import run_report

        handler = run_report
    elif args.command == "framework":
        from qualcode.cli_frameworks import run_framework

        handler = run_framework
    elif args.command == "attribution":
        from qualcode.cli_frameworks import run_attribution

        handler = run_attribution
    elif args.command == "link":
        from qualcode.cli_frameworks import run_link

        handler = run_link
    elif args.command == "import":
        from qualcode.cli_import import run_import

        handler = run_import
    else:
        handler = handlers[args.command]
    try:
        return handler(args)
    except QualCodeError as exc:
        print(f"qualcode: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"qualcode: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("qualcode: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("QUALCODE_DEBUG"):
            raise
        print(
            f"qualcode: internal error: {type(exc).__name__}: {exc} "
            "(run with QUALCODE_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
