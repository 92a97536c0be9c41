"""``qualcode import``: files in, with a preview mode and a progress bar on a terminal.

Files are read and parsed first (the slow part, with progress); then everything is written in one
transaction. Ctrl+C at any point leaves the project unchanged.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from qualcode.domain.wording import noun, plural
from qualcode.importers.detect import KINDS, ImportOptions, load_file
from qualcode.importers.model import ImportBatch


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("import", help="import transcripts, grids, surveys, consultations, quotes")
    p.add_argument("project", type=Path)
    p.add_argument("files", type=Path, nargs="+")
    p.add_argument("--as", dest="as_", choices=KINDS, help="skip detection")
    p.add_argument("--kind", help="document kind, e.g. interview, focus_group, field_notes")
    p.add_argument("--name", help="document name (one file only)")
    p.add_argument(
        "--speaker-pattern",
        help="regex with (?P<speaker>...) and optional (?P<time>...) matching the start of a turn",
    )
    p.add_argument(
        "--keep-same-speaker-blocks",
        action="store_true",
        help="keep consecutive blocks by one speaker as separate turns (default: one turn)",
    )
    p.add_argument(
        "--facilitator",
        action="append",
        default=[],
        metavar="NAME",
        help="mark this speaker as facilitator (repeatable)",
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="LABEL=NAME",
        help="remap a speaker label to a case name (repeatable)",
    )
    p.add_argument("--question-pattern", help="consultation question-id regex")
    p.add_argument("--respondent", help="consultation: the responding organisation")
    p.add_argument("--instrument", help="survey or grid instrument name")
    p.add_argument("--id-column")
    p.add_argument("--attribute-column", action="append", metavar="COLUMN")
    p.add_argument("--question-column", action="append", metavar="COLUMN")
    p.add_argument("--layout", choices=("per_question", "per_respondent"), default="per_question")
    p.add_argument("--sheet", help="worksheet of an .xlsx")
    p.add_argument(
        "--allow-duplicates",
        action="store_true",
        help="import even if the same content is already in the project",
    )
    p.add_argument(
        "--preview", action="store_true", help="show what would be created; write nothing"
    )


def _options(args: argparse.Namespace) -> ImportOptions:
    mapping: dict[str, str] = {}
    for item in args.map:
        label, sep, name = item.partition("=")
        if not sep or not label.strip() or not name.strip():
            raise SystemExit(f"qualcode: --map needs LABEL=NAME, not '{item}'")
        mapping[label.strip()] = name.strip()
    if args.name and len(args.files) > 1:
        raise SystemExit("qualcode: --name applies to one file only")
    return ImportOptions(
        as_=args.as_,
        name=args.name,
        document_kind=args.kind,
        speaker_pattern=args.speaker_pattern,
        facilitators=args.facilitator,
        speaker_map=mapping,
        question_pattern=args.question_pattern,
        respondent=args.respondent,
        instrument=args.instrument,
        id_column=args.id_column,
        attribute_columns=args.attribute_column,
        question_columns=args.question_column,
        layout=args.layout,
        sheet=args.sheet,
        keep_same_speaker_blocks=args.keep_same_speaker_blocks,
    )


class Bar:
    """A one-line progress bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int, what: str) -> None:
        if not self.tty or total == 0:
            return
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {what[:40]:<40}"
        )
        sys.stderr.flush()

    def end(self) -> None:
        if self.tty:
            sys.stderr.write("\r" + " " * 90 + "\r")


def describe(batch: ImportBatch) -> list[str]:
    """What a batch would create, for the preview."""
    lines = [f"{batch.source}:"]
    if batch.layout:
        lines.append(f"  layout: {batch.layout}")
    turns: Counter[str] = Counter()
    for doc in batch.documents:
        kinds = Counter(p.kind for p in doc.parts)
        shown = ", ".join(plural(n, k) for k, n in kinds.items()) or "no parts"
        lines.append(f"  document '{doc.name}' ({doc.kind}): {shown}")
        turns.update(p.speaker for p in doc.parts if p.speaker)
    for key, case in batch.cases.items():
        flag = " [facilitator]" if case.is_facilitator else ""
        attrs = ", ".join(f"{k}={v}" for k, v in case.attributes.items())
        lines.append(
            f"  case '{case.name}'{flag}: {plural(turns[key], 'part')}"
            + (f"; {attrs}" if attrs else "")
        )
    for q in batch.questions.values():
        lines.append(f"  question {q.label}: {q.text[:70]}")
    lines += [f"  warning: {w}" for w in batch.warnings]
    return lines


def run_import(args: argparse.Namespace) -> int:
    from qualcode.cli.refi import import_refi, is_refi_file
    from qualcode.services.documents.imports import import_batches
    from qualcode.storage.project import Project

    refi = [f for f in args.files if is_refi_file(f)]
    if refi:
        if len(refi) != len(args.files):
            raise SystemExit("qualcode: import .qdpx/.qdc files on their own, not with others")
        return max(import_refi(args.project, f, preview=args.preview) for f in refi)
    options = _options(args)
    bar = Bar()
    project = None
    try:
        if not args.preview:
            project = Project.open(args.project)
        batches = []
        for i, path in enumerate(args.files):
            bar(i, len(args.files), f"reading {path.name}")
            batches.append(load_file(path, options))
        bar.end()
        if project is None:
            for batch in batches:
                print("\n".join(describe(batch)))
            return 0
        reports = import_batches(
            project, batches, allow_duplicates=args.allow_duplicates, progress=bar
        )
        bar.end()
    finally:
        if project is not None:
            project.close()
    for r in reports:
        if r.skipped:
            print(f"{r.source}: already in the project (as {', '.join(r.duplicate_of)}); skipped")
        else:
            print(
                f"{r.source}: {plural(len(r.documents), 'document')}, "
                f"{plural(r.parts, 'part')}, {r.cases_created:,} new and "
                f"{r.cases_matched:,} existing {noun(r.cases_matched, 'case')}, "
                f"{plural(r.questions_created, 'new question')}"
            )
        for w in r.warnings:
            if not r.skipped:
                print(f"  warning: {w}")
    return 0
