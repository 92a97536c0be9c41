"""``qualcode bench``: build a deterministic synthetic project and time the core operations.

A benchmark, not a test: it prints figures (and JSON with ``--json``) for the closing notes and for
comparing changes. Later features add their operations to :data:`OPERATIONS` order below.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from benchmarks.matrices_bench import bench_matrices
from benchmarks.search_bench import bench_search
from benchmarks.synthetic import PRESETS, Scale, populate, transcript_text
from benchmarks.themes_bench import bench_themes
from qualcode.cli.refi import bench_refi
from qualcode.domain.errors import QualCodeError
from qualcode.importers.detect import load_file
from qualcode.services.coding.codings import add_coding
from qualcode.services.coding.overview import code_rows, document_rows
from qualcode.services.documents.imports import import_batches
from qualcode.services.project.inspect import check_project, project_info
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.project import Project


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def _scale(args: argparse.Namespace) -> Scale:
    if args.preset not in PRESETS:
        raise QualCodeError(f"Unknown preset '{args.preset}'; use {', '.join(PRESETS)}.")
    scale = PRESETS[args.preset]
    overrides = {
        k: v
        for k, v in {
            "documents": args.documents,
            "words_per_document": args.words,
            "speakers": args.speakers,
            "codes": args.codes,
            "codings": args.codings,
        }.items()
        if v is not None
    }
    return replace(scale, **overrides)


def _cold_cli(*argv: str) -> float:
    """Wall time of a fresh ``qualcode`` process (interpreter start and imports included)."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "qualcode", *argv], check=True, capture_output=True)
    return time.perf_counter() - t0


def bench(scale: Scale, path: Path, work: Path | None = None) -> list[tuple[str, float, str]]:
    """Time everything on a new project at ``path``; scratch files go to ``work`` (default:
    ``path``'s folder)."""
    work = work or path.parent
    rows: list[tuple[str, float, str]] = []
    project = Project.create(path, author="bench")
    seconds, _ = _timed(lambda: populate(project, scale))
    project.close()
    words = scale.documents * scale.words_per_document
    rows.append(("populate", seconds, f"{words:,} words, {scale.codings:,} codings"))

    def open_and_show() -> Project:
        p = Project.open(path, author="bench")
        document_rows(p)
        code_rows(p)
        return p

    seconds, project = _timed(open_and_show)
    rows.append(("open + document list + codebook", seconds, "target < 1 s"))
    seconds, _ = _timed(lambda: project_info(project))
    rows.append(("info (counts)", seconds, "target < 1 s"))
    rows.append(("--help, fresh process", _cold_cli("--help"), "target < 0.5 s"))
    rows.append(("info, fresh process", _cold_cli("info", str(path)), "target < 1 s"))
    rows.append(
        (
            "search by words, fresh process, never indexed",
            _cold_cli("search", str(path), "stigma"),
            "first 1,000 hits, documents read directly; target < 2 s",
        )
    )
    seconds, problems = _timed(lambda: check_project(project))
    rows.append(("check", seconds, f"{len(problems)} problems"))
    rows.append(("check, fresh process", _cold_cli("check", str(path)), "target < 5 s"))

    code_times: list[float] = []
    undo_times: list[float] = []
    for i in range(20):
        t0 = time.perf_counter()
        change = add_coding(project, 1 + i % scale.documents, 1 + i % scale.codes, 10, 60)
        code_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        apply_reversal(project, change.reversal)
        undo_times.append(time.perf_counter() - t0)
    rows.append(
        (
            "code one span (commit incl.)",
            statistics.median(code_times),
            f"median of 20, max {max(code_times) * 1000:.1f} ms; target < 20 ms",
        )
    )
    rows.append(("undo one coding", statistics.median(undo_times), "median of 20"))
    project.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("peak memory (MB), core operations", peak, "target < 500 MB"))
    rows += bench_themes(path, work)
    rows += bench_matrices(path, work)
    rows += bench_search(path, work)
    rows += _bench_gui(path, work, 20.0 if scale.documents >= 100 else 3.0)
    rows += bench_import(work, scale.import_files, scale.import_words)
    rows += bench_refi(path, work)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("peak memory (MB), whole bench", peak, "REFI runs in processes of its own"))
    return rows


def _bench_gui(path: Path, work: Path, rhythm_seconds: float) -> list[tuple[str, float, str]]:
    """The workbench's figures, when Qt can start here (offscreen): start-up in a fresh
    process, the workbench, and coding at a natural rhythm on a copy with themes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from benchmarks.rhythm_bench import bench_rhythm
        from benchmarks.startup_bench import bench_first_search, bench_startup
        from benchmarks.workbench_bench import bench_workbench
    except ImportError as exc:  # Qt's system libraries missing: say so, measure the rest
        return [("workbench (skipped)", 0.0, f"Qt unavailable: {exc}")]
    rhythm = bench_rhythm(path, work, rhythm_seconds)
    return bench_startup(path) + bench_first_search(path, work) + bench_workbench(path) + rhythm


def bench_import(folder: Path, files: int, words: int) -> list[tuple[str, float, str]]:
    """Write ``files`` plain-text transcripts and time reading them and importing them."""
    if files == 0:
        return []
    source = folder / "import-source"
    source.mkdir(exist_ok=True)
    for i in range(files):
        (source / f"transcript-{i:04d}.txt").write_text(transcript_text(i, words), encoding="utf-8")
    paths = sorted(source.glob("*.txt"))
    target = folder / "import-target.qcproj"
    project = Project.create(target, author="bench")
    try:
        t0 = time.perf_counter()
        batches = [load_file(p) for p in paths]
        read = time.perf_counter() - t0
        t0 = time.perf_counter()
        reports = import_batches(project, batches)
        write = time.perf_counter() - t0
    finally:
        project.close()
    parts = sum(r.parts for r in reports)
    note = f"{files:,} files x {words:,} words, {parts:,} turns"
    return [
        ("import: read + detect speakers", read, note),
        ("import: write (one transaction)", write, note),
        ("import: total", read + write, "target < 60 s for 1,000 x 10,000 words"),
    ]


def _is_project(path: Path) -> bool:
    from qualcode.storage.engine import APPLICATION_ID, header_application_id, read_header

    try:
        return path.is_file() and header_application_id(read_header(path)) == APPLICATION_ID
    except OSError:
        return False


def run_bench(args: argparse.Namespace) -> int:
    scale = _scale(args)
    keep: Path | None = args.keep
    if keep is not None and keep.exists() and not _is_project(keep):
        raise QualCodeError(f"{keep} exists and is not a QualCode project; choose another path.")
    # everything is built in a scratch folder, so a rerun never meets an earlier run's files;
    # the project is moved to --keep at the end (replacing an earlier bench project there)
    with tempfile.TemporaryDirectory(prefix="qualcode-bench-") as tmp:
        path = Path(tmp) / "bench.qcproj"
        rows = bench(scale, path, Path(tmp))
        if keep is not None:
            shutil.move(str(path), str(keep))
    if args.json:
        print(
            json.dumps(
                {
                    "scale": scale.__dict__,
                    "results": [
                        {"operation": op, "value": round(v, 6), "note": note}
                        for op, v, note in rows
                    ],
                },
                indent=2,
            )
        )
        return 0
    print(
        f"qualcode bench: {scale.documents:,} documents x {scale.words_per_document:,} words, "
        f"{scale.speakers} speakers, {scale.codes:,} codes, {scale.codings:,} codings"
    )
    for op, value, note in rows:
        in_mb = op.startswith("peak") or "(MB" in op
        shown = f"{value:10.1f} MB" if in_mb else f"{value * 1000:10.1f} ms"
        print(f"  {op:<48} {shown}   {note}")
    return 0
