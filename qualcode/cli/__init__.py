"""The ``qualcode`` command: the same services as the GUI, for scripts, tests and benchmarks.

Errors a user can meet print one line on stderr and exit non-zero; never a traceback (set
``QUALCODE_DEBUG=1`` to see one for a genuine bug).
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from qualcode.cli.locations import accept_addresses, project_location
from qualcode.domain.errors import QualCodeError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="qualcode",
        description="Qualitative coding and thematic analysis. With no command, opens the app.",
    )
    sub = p.add_subparsers(dest="command")
    g = sub.add_parser("gui", help="open the app (optionally on a project)")
    g.add_argument("project", nargs="?", type=project_location)
    n = sub.add_parser("new", help="create an empty project file (or one on a team server)")
    n.add_argument("project", type=project_location)
    n.add_argument(
        "--from",
        dest="from_",
        type=Path,
        metavar="FILE.qdpx",
        help="start from a REFI-QDA project exported by another tool",
    )
    i = sub.add_parser("info", help="schema revision and counts of every entity")
    i.add_argument("project", type=project_location)
    i.add_argument("--json", action="store_true", help="machine-readable output")
    c = sub.add_parser("check", help="integrity, foreign keys, codings inside their text")
    c.add_argument("project", type=project_location)
    from qualcode.cli.imports import add_parser as add_import_parser

    add_import_parser(sub)
    from qualcode.cli.refi import add_parsers as add_refi_parsers

    export = sub.add_parser("export", help="export: REFI-QDA files, matrices, codebooks, quotes")
    formats = export.add_subparsers(dest="format", required=True)
    add_refi_parsers(formats)
    from qualcode.cli.reports import add_parsers as add_report_parsers

    add_report_parsers(formats)
    from qualcode.cli.counts import add_chart_parser
    from qualcode.cli.counts import add_parsers as add_counts_parsers

    add_counts_parsers(formats)
    from qualcode.cli.survey import add_parsers as add_survey_parsers

    add_survey_parsers(formats)
    add_chart_parser(sub)
    from qualcode.cli.recommendations import add_export_parser as add_register_export

    add_register_export(formats)
    from qualcode.cli.frameworks import add_parsers as add_framework_parsers

    add_framework_parsers(sub)
    from qualcode.cli.frameworks import add_attribution_parser

    add_attribution_parser(sub)
    from qualcode.cli.cases import add_parser as add_cases_parser

    add_cases_parser(sub)
    from qualcode.cli.themes import add_parser as add_themes_parser

    add_themes_parser(sub)
    from qualcode.cli.search import add_parsers as add_search_parsers

    add_search_parsers(sub)
    from qualcode.cli.protection import add_parsers as add_protection_parsers
    from qualcode.cli.recommendations import add_parser as add_register_parser

    add_register_parser(sub)
    from qualcode.cli.protection import add_withdraw_parser

    add_protection_parsers(sub)
    add_withdraw_parser(sub)
    from qualcode.cli.team import add_parsers as add_team_parsers

    add_team_parsers(sub)
    from qualcode.cli.server import add_parsers as add_server_parsers

    add_server_parsers(sub)
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
    accept_addresses(p, files_only=("sample",))  # PROJECT may be postgresql://… everywhere
    return p


# sub-command (and export format) -> (module, function): a command imports only what it runs
_HANDLERS: dict[str, tuple[str, str]] = {
    "new": ("qualcode.cli.project", "run_new"),
    "info": ("qualcode.cli.project", "run_info"),
    "check": ("qualcode.cli.project", "run_check"),
    "sample": ("qualcode.cli.project", "run_sample"),
    "gui": ("qualcode.cli.project", "run_gui"),
    "copy": ("qualcode.cli.server", "run_copy"),
    "team": ("qualcode.cli.server", "run_team"),
    "search": ("qualcode.cli.search", "run_search"),
    "autocode": ("qualcode.cli.search", "run_autocode"),
    "themes": ("qualcode.cli.themes", "run_themes"),
    "chart": ("qualcode.cli.counts", "run_chart"),
    "framework": ("qualcode.cli.frameworks", "run_framework"),
    "attribution": ("qualcode.cli.frameworks", "run_attribution"),
    "cases": ("qualcode.cli.cases", "run_cases"),
    "link": ("qualcode.cli.frameworks", "run_link"),
    "import": ("qualcode.cli.imports", "run_import"),
    "pseudonymise": ("qualcode.cli.protection", "run_pseudonymise"),
    "withdraw": ("qualcode.cli.protection", "run_withdraw"),
    "coders": ("qualcode.cli.team", "run_coders"),
    "agreement": ("qualcode.cli.team", "run_agreement"),
    "merge": ("qualcode.cli.team", "run_merge"),
    "export qdc": ("qualcode.cli.refi", "run_export"),
    "export qdpx": ("qualcode.cli.refi", "run_export"),
    "export counts": ("qualcode.cli.counts", "run_counts"),
    "export survey": ("qualcode.cli.survey", "run_export_survey"),
    "export recommendations": ("qualcode.cli.recommendations", "run_export"),
    "recommendations": ("qualcode.cli.recommendations", "run_recommendations"),
    "export": ("qualcode.cli.reports", "run_report"),
    # the benchmarks live beside the package in a checkout, not in the installed wheel
    "bench": ("benchmarks.runner", "run_bench"),
}


def _handler(args: argparse.Namespace) -> Callable[[argparse.Namespace], int]:
    command = args.command or "gui"
    key = f"{command} {args.format}" if command == "export" else command
    module_name, function = _HANDLERS.get(key) or _HANDLERS[command]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if command == "bench" and exc.name in ("benchmarks", "benchmarks.runner"):
            raise QualCodeError(
                "qualcode bench runs from a source checkout (the benchmarks are not installed)."
            ) from None
        raise
    handler: Callable[[argparse.Namespace], int] = getattr(module, function)
    return handler


def _terminate(_signum: int, _frame: object) -> None:
    # SIGTERM (a closed terminal, a job killed by a script) unwinds like Ctrl+C: the open
    # transaction rolls back and the project's lock is released
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command not in (None, "gui") and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    try:
        return _handler(args)(args)
    except QualCodeError as exc:
        print(f"qualcode: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"qualcode: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("qualcode: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("QUALCODE_DEBUG"):
            raise
        # one line, and short: a library's message may run on (or, for a bug, hold text)
        lines = str(exc).strip().splitlines()
        detail = f": {lines[0][:160]}" if lines else ""
        print(
            f"qualcode: internal error: {type(exc).__name__}{detail} "
            "(run with QUALCODE_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
