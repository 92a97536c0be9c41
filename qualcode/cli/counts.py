"""``qualcode export counts`` and ``qualcode chart``: counts and comparisons for the write-up.

Thin: parse, open the project read-only, call :mod:`qualcode.services.counts.counts_report`, say
what was written. Every user error is a :class:`QualCodeError` the main entry point prints on one
line.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from qualcode.domain.errors import QualCodeError, ValidationError


def add_parsers(formats: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``export counts`` (under ``qualcode export``)."""
    c = formats.add_parser(
        "counts",
        help="code frequencies by group, co-occurrence, coverage and word counts (.xlsx / CSV)",
    )
    c.add_argument("project", type=Path)
    c.add_argument("out", type=Path, help="the .xlsx to write (with --csv: the CSV files' stem)")
    c.add_argument(
        "--by",
        metavar="ATTRIBUTE",
        help="group by this case or document attribute's values (e.g. a role)",
    )
    c.add_argument(
        "--csv", action="store_true", help="also write one CSV per table: OUT-<table>.csv"
    )
    c.add_argument(
        "--words", type=int, default=50, metavar="N", help="top N words (0: no word counts)"
    )
    c.add_argument("--surface", action="store_true", help="count words as written, not lemmas")
    c.add_argument("--stop-words", action="store_true", help="keep stop words (the, and...)")
    c.add_argument(
        "--bands",
        metavar="WORD=PERCENT,...",
        help="verbal quantifiers for shares, e.g. 'all=100,most=75,many=50,some=25,a few=0' "
        "(the default)",
    )


def add_chart_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``qualcode chart``."""
    ch = sub.add_parser("chart", help="draw a chart as PNG or SVG")
    ch.add_argument("project", type=Path)
    ch.add_argument("out", type=Path, help="OUT.png or OUT.svg")
    ch.add_argument("--kind", choices=("codes", "cooccurrence", "coverage"), default="codes")
    ch.add_argument("--by", metavar="ATTRIBUTE", help="codes: one panel per value of this")
    ch.add_argument("--mode", choices=("overlap", "turn"), default="overlap")
    ch.add_argument("--codes", type=int, default=30, metavar="N", help="show the top N codes")
    ch.add_argument(
        "--measure", choices=("extracts", "documents", "participants"), default="extracts"
    )


def _folder(out: Path) -> None:
    if not out.parent.is_dir():
        raise QualCodeError(f"{out.parent}: no such folder.")


def run_counts(args: argparse.Namespace) -> int:
    from qualcode.domain.quantifiers import DEFAULT_BANDS, parse_bands
    from qualcode.services.counts.counts_report import export_counts
    from qualcode.storage.project import Project

    out: Path = args.out
    _folder(out)
    if args.words < 0:
        raise ValidationError(f"--words must be 0 or more, not {args.words}.")
    bands = parse_bands(args.bands) if args.bands is not None else DEFAULT_BANDS
    with Project.open(args.project, readonly=True) as project:
        written = export_counts(
            project,
            out,
            args.by,
            csv=args.csv,
            words=args.words,
            lemma=not args.surface,
            stop_words=args.stop_words,
            bands=bands,
        )
    for path in written:
        print(f"Wrote {path}")
    return 0


def run_chart(args: argparse.Namespace) -> int:
    from qualcode.services.counts.counts_report import chart
    from qualcode.storage.project import Project

    out: Path = args.out
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise ValidationError(f"{out.name}: a chart is written as .png or .svg.")
    _folder(out)
    if args.codes < 1:
        raise ValidationError(f"--codes must be 1 or more, not {args.codes}.")
    with Project.open(args.project, readonly=True) as project:
        data = chart(
            project,
            args.kind,
            "svg" if fmt == "svg" else "png",
            by=args.by,
            mode=args.mode,
            top=args.codes,
            measure=args.measure,
        )
    from qualcode.exporters.atomic import write_bytes_atomically

    write_bytes_atomically(out, data)
    print(f"Wrote {out}")
    return 0
