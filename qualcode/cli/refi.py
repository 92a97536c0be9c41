"""``qualcode export qdc|qdpx``, ``qualcode import PROJECT FILE.qdpx`` and ``new --from``.

REFI-QDA is how projects travel to and from NVivo, ATLAS.ti, MAXQDA and QualCoder. The lead wires
these into :mod:`qualcode.cli`; each function prints what happened (the import's data-loss report
included) and raises :class:`QualCodeError` subclasses for the CLI to print on one line.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
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


# Runs ``qualcode`` and, as it ends, prints the peak memory of the process's own address space.
# The kernel's figure for a child (``ru_maxrss``) starts from its parent's size when it was
# started (the memory it shared before ``exec``): a bench that has grown would be charged to it.
_PEAK_PROBE = """
import atexit, sys
def _peak():
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    print("qualcode-peak-kb:", line.split()[1], file=sys.stderr, flush=True)
    except OSError:
        pass
atexit.register(_peak)
from qualcode.cli import main
raise SystemExit(main(sys.argv[1:]))
"""
_PEAK = re.compile(rb"qualcode-peak-kb: (\d+)")


def _fresh(*argv: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak memory (MB) of one fresh ``qualcode``
    process: what the user waits for, what it cost on a loaded machine, what it held."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        command = [sys.executable, "-c", _PEAK_PROBE, *argv]
        proc = subprocess.Popen(command, stdout=log, stderr=log)
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t0
        log.seek(0)
        output = log.read()
        if proc.returncode:
            raise QualCodeError(f"qualcode {' '.join(argv)} failed: {output[-500:]!r}")
    found = _PEAK.findall(output)
    peak_mb = int(found[-1]) / 1024 if found else usage.ru_maxrss / 1024  # no /proc: the kernel's
    return wall, usage.ru_utime + usage.ru_stime, peak_mb


def _part_kinds(path: Path) -> dict[str, int]:
    from sqlalchemy import func, select

    from qualcode.storage.models import Part
    from qualcode.storage.project import Project

    with Project.open(path, readonly=True) as project, project.read() as s:
        rows = s.execute(select(Part.kind, func.count()).group_by(Part.kind)).all()
    return {kind: n for kind, n in rows}


def bench_refi(project_path: Path, folder: Path) -> list[tuple[str, float, str]]:
    """Export ``project_path`` as .qdpx and import that into a new project, each from the CLI in
    a fresh process: wall and CPU time, peak memory, and whether the parts kept their kinds."""
    folder = Path(folder)
    with tempfile.TemporaryDirectory(prefix="qualcode-refi-", dir=folder) as tmp:
        out = Path(tmp) / "export.qdpx"
        imported = Path(tmp) / "imported.qcproj"
        ex_wall, ex_cpu, ex_mb = _fresh("export", "qdpx", str(project_path), str(out))
        size = out.stat().st_size / 1e6
        im_wall, im_cpu, im_mb = _fresh("new", str(imported), "--from", str(out))
        before, after = _part_kinds(Path(project_path)), _part_kinds(imported)
    kept = "parts kept their kinds" if before == after else f"parts {before} came back {after}"
    return [
        (
            "REFI-QDA export .qdpx",
            ex_wall,
            f"CPU {ex_cpu:.1f} s, {size:.0f} MB file; target < 60 s",
        ),
        ("REFI-QDA export peak memory (MB)", ex_mb, "target < 400 MB"),
        ("REFI-QDA import .qdpx (new project)", im_wall, f"CPU {im_cpu:.1f} s; target < 60 s"),
        ("REFI-QDA import peak memory (MB)", im_mb, f"target < 400 MB; {kept}"),
    ]
