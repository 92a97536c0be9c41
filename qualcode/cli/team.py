"""``qualcode coders``, ``qualcode agreement`` and ``qualcode merge``: team work from a terminal.

Thin: parse, open the project (read-only where nothing is written), call
:mod:`qualcode.services.team`, print. Services load inside the run functions so ``--help`` stays
fast.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from qualcode.domain.errors import QualCodeError


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    c = sub.add_parser("coders", help="the project's coders, with codings per coder and code")
    c.add_argument("project", type=Path)
    c.add_argument("--codes", action="store_true", help="also codings per code and coder")
    c.add_argument("--json", action="store_true", help="machine-readable output")
    a = sub.add_parser(
        "agreement",
        help="inter-coder agreement per code (optional: reflexive TA does not need it)",
    )
    a.add_argument("project", type=Path)
    a.add_argument("--coders", metavar="A,B", help="coders to compare (default: all who coded)")
    a.add_argument("--unit", choices=("character", "turn"), default="character")
    a.add_argument("--json", action="store_true", help="machine-readable output")
    a.add_argument("--out", type=Path, metavar="FILE.xlsx", help="also write an Excel workbook")
    m = sub.add_parser("merge", help="merge projects coded apart into TARGET (codings keep coder)")
    m.add_argument("target", type=Path)
    m.add_argument("sources", type=Path, nargs="+", metavar="SOURCE")
    m.add_argument(
        "--preview", action="store_true", help="say what would be merged; change nothing"
    )
    m.add_argument("--json", action="store_true", help="machine-readable output")


def run_coders(args: argparse.Namespace) -> int:
    from qualcode.domain.wording import plural
    from qualcode.services.team.coders import coder_rows, counts_by_coder
    from qualcode.storage.project import Project

    with Project.open(args.project, readonly=True) as project:
        rows = coder_rows(project)
        per_code = counts_by_coder(project) if args.codes else []
    if args.json:
        out: dict[str, object] = {
            "coders": [
                {"name": r.name, "codings": r.codings, "documents": r.documents} for r in rows
            ]
        }
        if args.codes:
            out["codes"] = [
                {"code": c.code_name, "coder": c.coder_name, "codings": c.codings} for c in per_code
            ]
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    for r in rows:
        print(f"{r.name}: {plural(r.codings, 'coding')} in {plural(r.documents, 'document')}")
    for c in per_code:
        print(f"  {c.code_name} — {c.coder_name}: {plural(c.codings, 'coding')}")
    return 0


def run_agreement(args: argparse.Namespace) -> int:
    from qualcode.services.team.agreement import agreement
    from qualcode.services.team.agreement_export import as_json, as_lines, export_agreement
    from qualcode.storage.project import Project

    names = [n for n in args.coders.split(",") if n.strip()] if args.coders else None
    out: Path | None = args.out
    if out is not None and not out.parent.is_dir():
        raise QualCodeError(f"{out.parent}: no such folder.")
    with Project.open(args.project, readonly=True) as project:
        result = agreement(project, names, args.unit)
    if out is not None:
        export_agreement(result, out, Path(args.project).stem)
    if args.json:
        print(json.dumps(as_json(result), indent=2, ensure_ascii=False))
    else:
        print("\n".join(as_lines(result)))
    if out is not None and not args.json:
        print(f"Wrote {out}")
    return 0


def run_merge(args: argparse.Namespace) -> int:
    from qualcode.services.team.merge import merge_with_report, preview_merge
    from qualcode.storage.project import Project

    with Project.open(args.target) as target:
        if args.preview:
            report = preview_merge(target, args.sources)
        else:
            report = merge_with_report(target, args.sources)[1]
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        if args.preview:
            print("Preview: nothing was changed.")
        print("\n".join(report.lines))
    return 0
