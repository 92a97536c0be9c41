"""``qualcode cases``: participants from the command line, the mirror of the Cases panel.

- ``qualcode cases PROJECT [--json]``: every case, its attributes and the labels it speaks under;
- ``qualcode cases import PROJECT SHEET [--id-column NAME] [--preview]``: a participant sheet;
- ``qualcode cases export PROJECT SHEET.csv|xlsx``: the sheet back;
- ``qualcode cases band PROJECT ATTRIBUTE --cuts 18,25,40,56,66 [--name age_band]``;
- ``qualcode cases recode PROJECT ATTRIBUTE [--map 'F=Female;female=Female'] [--name NAME]``
  (without ``--map``, the suggested harmonisation of case and spelling variants);
- ``qualcode cases link PROJECT DOCUMENT SPEAKER CASE`` (``--suggest`` lists likely links).

``cases PROJECT`` and ``cases import PROJECT …`` share their first word, so the parser takes the
words as they come and :func:`run_cases` reads the first as an action when it names one. The
services are imported when the command runs, so ``qualcode --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from qualcode.domain.errors import ValidationError
from qualcode.domain.wording import plural

ACTIONS = {"import": 2, "export": 2, "band": 2, "recode": 2, "link": 4}
USAGE = """qualcode cases PROJECT [--json]
       qualcode cases import PROJECT SHEET.csv|xlsx [--id-column NAME] [--preview]
       qualcode cases export PROJECT SHEET.csv|xlsx
       qualcode cases band PROJECT ATTRIBUTE --cuts 18,25,40,56,66 [--name NAME]
       qualcode cases recode PROJECT ATTRIBUTE [--map OLD=NEW;...] [--name NAME]
       qualcode cases link PROJECT DOCUMENT SPEAKER CASE
       qualcode cases link PROJECT --suggest"""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "cases",
        help="participants: list, import a sheet, derive bands, link speakers",
        usage=USAGE,
        description="Cases (participants) with their attributes and speaker labels.",
    )
    p.add_argument("words", nargs="+", metavar="ARG", help="an action and its arguments")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--id-column", help="import: the column holding ids or names")
    p.add_argument("--preview", action="store_true", help="import: show what would change")
    p.add_argument("--cuts", help="band: cut points, e.g. 18,25,40,56,66")
    p.add_argument("--name", help="band, recode: the new attribute's name (band: <attribute>_band)")
    p.add_argument("--map", dest="mapping", help="recode: OLD=NEW pairs separated by ;")
    p.add_argument("--suggest", action="store_true", help="link: list suggested links")


def _parse_cuts(text: str | None) -> list[float]:
    if not text:
        raise ValidationError("Give the cut points with --cuts, e.g. --cuts 18,25,40,56,66.")
    try:
        return [float(c) for c in text.replace(" ", "").split(",") if c]
    except ValueError:
        raise ValidationError(f"--cuts '{text}' is not a list of numbers like 18,25,40.") from None


def run_cases(args: argparse.Namespace) -> int:
    words: list[str] = args.words
    action = words[0] if words[0] in ACTIONS and len(words) > 1 else "list"
    rest = words[1:] if action != "list" else words
    needed = 1 if action == "link" and args.suggest else ACTIONS.get(action, 1)
    if len(rest) != needed:
        lines = USAGE.splitlines()
        wanted = [line.strip() for line in lines if line.split()[2:3] == [action]] or [lines[0]]
        raise ValidationError(f"usage: {wanted[0].strip()}")
    handler = {
        "list": _list,
        "import": _import,
        "export": _export,
        "band": _band,
        "recode": _recode,
        "link": _link,
    }
    return handler[action](args, rest)


def _list(args: argparse.Namespace, rest: list[str]) -> int:
    from qualcode.services.participants.listing import list_cases
    from qualcode.storage.project import Project

    with Project.open(Path(rest[0]), readonly=True) as project:
        found = list_cases(project)
    if args.json:
        print(json.dumps([c.as_json() for c in found], indent=2, ensure_ascii=False))
        return 0
    if not found:
        print("No cases.")
        return 0
    for c in found:
        print(c.name + (" (facilitator)" if c.is_facilitator else ""))
        for name, value in c.attributes.items():
            print(f"    {name}: {value}")
        if c.speakers:
            print("    speaks as: " + "; ".join(f"{label} in {doc}" for doc, label in c.speakers))
    print(plural(len(found), "case"))
    return 0


def _import(args: argparse.Namespace, rest: list[str]) -> int:
    from qualcode.services.participants.sheets import import_sheet, preview_sheet
    from qualcode.storage.project import Project

    project_path, sheet = Path(rest[0]), Path(rest[1])
    with Project.open(project_path, readonly=args.preview) as project:
        preview = preview_sheet(project, sheet, args.id_column)
        if args.preview or not preview.can_import:
            _print_preview(preview)
        if args.preview:
            return 0 if preview.can_import else 1
        change = import_sheet(project, sheet, args.id_column)
    for problem in preview.problems:
        print(f"note: {problem.message}")
    print(change.summary)
    return 0


def _print_preview(preview: object) -> None:
    from qualcode.services.participants.sheets import SheetPreview

    assert isinstance(preview, SheetPreview)
    print(preview.summary())
    print(f"id column: {preview.id_column or '(none)'}")
    for r in preview.matched:
        print(f"  row {r.row}: {r.id} → {r.case_name} (by {r.matched_by})")
    for r in preview.new:
        print(f"  row {r.row}: {r.id} → a new case")
    if preview.unmatched:
        print("not in the sheet: " + ", ".join(name for _i, name in preview.unmatched))
    for c in preview.columns:
        options = f" ({', '.join(c.options)})" if c.options else ""
        print(f"  column '{c.name}': {c.type}{options}" + (f"; {c.note}" if c.note else ""))
    for p in preview.problems:
        print(("problem: " if p.blocking else "warning: ") + p.message)


def _export(args: argparse.Namespace, rest: list[str]) -> int:
    from qualcode.services.participants.sheets import export_sheet
    from qualcode.storage.project import Project

    with Project.open(Path(rest[0]), readonly=True) as project:
        out = export_sheet(project, Path(rest[1]))
    print(f"Wrote {out}")
    return 0


def _band(args: argparse.Namespace, rest: list[str]) -> int:
    from qualcode.services.participants.derived import define_band
    from qualcode.storage.project import Project

    cuts = _parse_cuts(args.cuts)
    with Project.open(Path(rest[0])) as project:
        change = define_band(project, rest[1], cuts, args.name)
    print(change.summary)
    return 0


def _parse_mapping(text: str) -> dict[str, str]:
    mapping = {}
    for pair in text.split(";"):
        if not pair.strip():
            continue
        old, sep, new = pair.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise ValidationError(f"--map '{pair.strip()}' is not OLD=NEW, e.g. F=Female.")
        mapping[old.strip()] = new.strip()
    return mapping


def _recode(args: argparse.Namespace, rest: list[str]) -> int:
    from qualcode.services.participants.derived import define_recode, suggest_recode
    from qualcode.storage.project import Project

    with Project.open(Path(rest[0])) as project:
        mapping = _parse_mapping(args.mapping) if args.mapping else suggest_recode(project, rest[1])
        if not mapping:
            print(f"Nothing to harmonise in '{rest[1]}'.")
            return 0
        for old, new in mapping.items():
            print(f"  {old} → {new}")
        change = define_recode(project, rest[1], mapping, args.name)
    print(change.summary)
    return 0


def _link(args: argparse.Namespace, rest: list[str]) -> int:
    from qualcode.services.documents.cases import find_case
    from qualcode.services.participants.speakers import find_document, link_speaker, suggest_links
    from qualcode.storage.project import Project

    if args.suggest:
        with Project.open(Path(rest[0]), readonly=True) as project:
            found = suggest_links(project)
        for s in found:
            who = "a facilitator" if s.is_facilitator else f"{s.case_name} ({s.score:.0f}%)"
            print(f"{s.document}: {s.label} → {who}")
        print(plural(len(found), "suggestion"))
        return 0
    with Project.open(Path(rest[0])) as project:
        doc = find_document(project, rest[1])
        case = find_case(project, rest[3])
        change = link_speaker(project, doc, rest[2], case)
    print(change.summary)
    return 0


def print_attribution_preview(args: argparse.Namespace) -> int:
    """``qualcode attribution PROJECT TEMPLATE --preview N``: N extracts with their label under
    TEMPLATE (the stored one when none is given), nothing saved."""
    from qualcode.services.reports.attribution import attribution_template
    from qualcode.services.reports.attribution_preview import attribution_preview
    from qualcode.storage.project import Project

    with Project.open(Path(args.project), readonly=True) as project:
        template, fallback = attribution_template(project)
        if args.template is not None:
            template, fallback = args.template, args.fallback or fallback
        found = attribution_preview(project, template, fallback, args.preview)
    print(f"template: {template}")
    for e in found:
        print(f"{e.label}  {e.document}: “{e.text}”")
    print(plural(len(found), "coded extract"))
    return 0
