"""``qualcode pseudonymise``: suggest a map, preview it, apply it (then vacuum the file)."""

from __future__ import annotations

import argparse
from pathlib import Path

from qualcode.domain.errors import QualCodeError
from qualcode.domain.wording import plural


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "pseudonymise",
        help="replace real names, places and contact details everywhere (undoable in the app)",
        description="Replace every real string of a map (CSV: real,replacement) in every "
        "document, speaker label, case name, memo and quote; codings stay on the same words. "
        "Keep the map outside the project. --suggest writes a map to review first.",
    )
    p.add_argument("project", type=Path)
    p.add_argument("--map", type=Path, metavar="MAP.csv", help="real,replacement rows")
    p.add_argument("--suggest", type=Path, metavar="OUT.csv", help="write a map to review")
    p.add_argument("--preview", action="store_true", help="say what would change; write nothing")
    p.add_argument("--ignore-case", action="store_true", help="'MARGARET' matches 'Margaret'")


def add_withdraw_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "withdraw",
        help="remove a participant who withdrew: their words, codings, quotes and attributes",
        description="Cut every turn and answer of CASE from its document (with --keep-context, "
        "blank it to [withdrawn] instead), with the codings and quotes on those words, the "
        "case's attribute values and memos; a document holding only their words is deleted. "
        "The file is then vacuumed. --preview lists what would go.",
    )
    p.add_argument("project", type=Path)
    p.add_argument("case", help="the case's name")
    p.add_argument("--keep-context", action="store_true", help="blank turns to [withdrawn]")
    p.add_argument("--preview", action="store_true", help="list what would go; change nothing")


def run_withdraw(args: argparse.Namespace) -> int:
    from qualcode.services.documents.cases import find_case
    from qualcode.services.protection.withdraw import withdraw, withdrawal_plan
    from qualcode.storage.project import Project

    with Project.open(args.project, readonly=args.preview) as project:
        case_id = find_case(project, args.case)
        plan = withdrawal_plan(project, case_id, keep_context=args.keep_context)
        print("Would remove:" if args.preview else "Removing:")
        for line in plan.lines():
            print(f"  {line}")
        if args.preview:
            return 0
        change = withdraw(project, case_id, keep_context=args.keep_context)
        project.vacuum()  # the removed words must not stay readable in free pages
    print(change.summary)
    return 0


def run_pseudonymise(args: argparse.Namespace) -> int:
    from qualcode.storage.project import Project

    if (args.map is None) == (args.suggest is None):
        raise QualCodeError("Give either --map MAP.csv (to apply or preview) or --suggest OUT.csv.")
    if args.suggest is not None:
        from qualcode.exporters.replacement_map import write_replacement_map
        from qualcode.services.protection.candidates import find_candidates

        with Project.open(args.project, readonly=True) as project:
            found = find_candidates(project)
        write_replacement_map(
            args.suggest, [(c.real, c.suggestion, c.kind, c.occurrences) for c in found]
        )
        print(
            f"Wrote {plural(len(found), 'candidate')} to {args.suggest}: review it, add places "
            "and organisations, keep it outside the project, then use --map."
        )
        return 0
    from qualcode.importers.replacement_map import read_replacement_map
    from qualcode.services.protection.pseudonymise import preview_pseudonymise, pseudonymise

    mapping = read_replacement_map(args.map)
    with Project.open(args.project, readonly=args.preview) as project:
        report = preview_pseudonymise(project, mapping, ignore_case=args.ignore_case)
        if args.preview:
            print(
                f"{plural(report.replacements, 'replacement')} in "
                f"{plural(len(report.per_document), 'document')}, "
                f"{plural(report.fields, 'other value')}, "
                f"{plural(report.spans_moved, 'span')} moved; nothing was changed."
            )
            unused = sorted(k for k in mapping if k not in report.per_string)
            for name, n in sorted(report.per_document.items()):
                print(f"  {name}: {plural(n, 'replacement')}")
            if unused:
                print(f"Not found in any text: {plural(len(unused), 'string')} of the map.")
            return 0
        change = pseudonymise(project, mapping, ignore_case=args.ignore_case)
        project.vacuum()  # the old text must not stay readable in free pages
    print(change.summary)
    return 0
