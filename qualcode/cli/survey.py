"""``qualcode export survey``: the closed survey questions' tables as a workbook."""

from __future__ import annotations

import argparse
from pathlib import Path

from qualcode.domain.errors import QualCodeError


def add_parsers(formats: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``export survey`` (under ``qualcode export``)."""
    s = formats.add_parser(
        "survey",
        help="closed survey questions: frequency tables with bases, crosstabs, charts (.xlsx)",
    )
    s.add_argument("project", type=Path)
    s.add_argument("out", type=Path, help="the .xlsx to write")
    s.add_argument(
        "--crosstab",
        metavar="ATTRIBUTE",
        help="also cross-tabulate every question by this case attribute (column percentages)",
    )
    s.add_argument(
        "--min-cell",
        type=int,
        default=5,
        metavar="N",
        help="counts from 1 to N-1 are small cells, flagged or suppressed (default 5; 0: off)",
    )
    s.add_argument(
        "--suppress",
        action="store_true",
        help="show small cells as '<N' and hide their percentages (default: flag them)",
    )


def run_export_survey(args: argparse.Namespace) -> int:
    from qualcode.domain.wording import plural
    from qualcode.services.survey.export import export_survey
    from qualcode.storage.project import Project

    out: Path = args.out
    if not out.parent.is_dir():
        raise QualCodeError(f"{out.parent}: no such folder.")
    with Project.open(args.project, readonly=True) as project:
        book = export_survey(project, out, args.crosstab, args.min_cell, args.suppress)
    print(f"Wrote {out}: {plural(len(book.questions), 'closed question')}.")
    return 0
