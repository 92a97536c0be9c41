"""``qualcode export qdc|qdpx``, ``qualcode import PROJECT FILE.qdpx`` and ``new --from``.

REFI-QDA is how projects travel to and from NVivo, ATLAS.ti, MAXQDA and QualCoder. The lead wires
these into :mod:`qualcode.cli`; each function prints what happened (the import's data-loss report
included) and raises :class:`QualCodeError` subclasses for the CLI to print on one line.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from qualcode.domain.errors import QualCodeError
from qualcode.domain.wording import plural

# The REFI services (lxml, the database layer) load when a command runs, not when the parser is
# built for every ``qualcode`` call.

REFI_SUFFIXES = (".qdpx", ".qdc")


def add_parsers(formats: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``qdc`` and ``qdpx`` formats to ``qualcode export``."""
    qdc = formats.add_parser("qdc", help="the codebook (codes and themes) as a .qdc file")
    qdc.add_argument("project", type=Path)
    qdc.add_argument("out", type=Path)
    qdpx = formats.add_parser("qdpx", help="the whole project as a .qdpx file")
    qdpx.add_argument("project", type=Path)
    qdpx.add_argument("out", type=Path)
    qdpx.add_argument(
        "--positions",
        choices=("codepoint", "utf16"),
        default="codepoint",
        help="codepoint (the standard) or utf16 (UTF-16 units and CRLF text, for NVivo)",
    )
    qdpx.add_argument(
        "--themes-as-codes",
        action="store_true",
        help="also write themes as non-codable parent codes, for programs without sets",
    )


def run_export(args: argparse.Namespace) -> int:
    from qualcode.services.refi.refi import export_qdc, export_qdpx
    from qualcode.storage.project import Project

    out: Path = args.out
    if not out.parent.is_dir():
        raise QualCodeError(f"{out.parent}: no such folder.")
    with Project.open(args.project, readonly=True) as project:
        if args.format == "qdc":
            data = export_qdc(project, out)
            codes = plural(len(data.iter_codes()), "code")
            print(f"Wrote {out}: {codes}, {plural(len(data.sets), 'set')}.")
            return 0
        summary = export_qdpx(
            project, out, positions=args.positions, themes_as_codes=args.themes_as_codes
        )
    print(
        f"Wrote {out}: {plural(summary.documents, 'document')}, "
        f"{plural(summary.codes, 'code')}, {plural(summary.codings, 'coding')}, "
        f"{plural(summary.memos, 'memo')} (positions: {args.positions})."
    )
    return 0


def is_refi_file(path: Path) -> bool:
    return Path(path).suffix.lower() in REFI_SUFFIXES


def import_refi(project_path: Path, file: Path, *, preview: bool = False) -> int:
    """``qualcode import PROJECT FILE.qdpx|.qdc``: merge into an existing project (with
    ``--preview``: say what the merge would add and match, and write nothing)."""
    from qualcode.services.refi import refi as refi_service
    from qualcode.storage.project import Project

    with Project.open(Path(project_path)) as project:
        if preview:
            report = refi_service.preview_refi(project, Path(file))
            lines = [f"Importing {report.file} would add (nothing was written):", *report.lines[1:]]
            print("\n".join(lines))
            return 0
        report = refi_service.import_refi(project, Path(file))
    print("\n".join(report.lines))
    return 0


def new_from(project_path: Path, file: Path) -> int:
    """``qualcode new PROJECT --from FILE.qdpx``: a new project holding the file's contents."""
    from qualcode.services.refi.refi import new_project_from
    from qualcode.storage.project import SUFFIX

    path = Path(project_path)
    if path.suffix != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    project, report = new_project_from(path, Path(file))
    project.close()
    print(f"Created {path}")
    print("\n".join(report.lines))
    return 0


def bench_refi(project_path: Path, folder: Path) -> list[tuple[str, float, str]]:
    """Time exporting ``project_path`` as .qdpx and importing that into a new project."""
    from qualcode.services.refi.refi import export_qdpx, new_project_from
    from qualcode.storage.project import Project

    folder = Path(folder)
    with tempfile.TemporaryDirectory(prefix="qualcode-refi-", dir=folder) as tmp:
        out = Path(tmp) / "export.qdpx"
        t0 = time.perf_counter()
        with Project.open(Path(project_path), readonly=True) as project:
            summary = export_qdpx(project, out)
        export_s = time.perf_counter() - t0
        size = out.stat().st_size / 1e6
        t0 = time.perf_counter()
        project, report = new_project_from(Path(tmp) / "imported.qcproj", out)
        project.close()
        import_s = time.perf_counter() - t0
    note = f"{summary.documents:,} documents, {summary.codings:,} codings, {size:.0f} MB"
    return [
        ("REFI-QDA export .qdpx", export_s, f"{note}; target < 60 s"),
        (
            "REFI-QDA import .qdpx (new project)",
            import_s,
            f"{report.created.get('codings', 0):,} codings; target < 60 s",
        ),
    ]
