"""Benchmark for the theme × priority matrix, run on a copy of the bench project.

Targets on the large project (2,000 documents, 200,000 codings, 1,000 codes, 60 themes): the
matrix with counts in under 2 s, with key quotes and their attribution labels in under 5 s. The
mapping is set up in bulk (Core inserts): the bench times reading the matrix, not building it.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, insert, select

from benchmarks.themes_bench import bench_copy, build_bench_themes
from qualcode.services.frameworks.framework_links import set_cross_cutting
from qualcode.services.frameworks.frameworks import add_bundled_framework, framework_items
from qualcode.services.frameworks.matrices import theme_item_matrix
from qualcode.services.reports.attribution import set_attribution_template
from qualcode.storage.models import Coding, Quote, Theme, ThemeCode, ThemeItem, new_guid
from qualcode.storage.project import Project

Row = tuple[str, float, str]


def build_bench_mapping(project: Project, quotes_per_theme: int = 5) -> int:
    """Add the Wirral framework (and 60 themes if there are none); link nine in ten themes to one
    or two items (a third secondary), mark two cross-cutting, flag key quotes. Returns the
    framework's id."""
    rng = random.Random(7)
    with project.read() as s:
        has_themes = bool(s.scalar(select(func.count(Theme.id))))
    if not has_themes:
        build_bench_themes(project)
    framework = add_bundled_framework(project, "wirral").entity_id or 0
    items = [i.id for i in framework_items(project, framework)]
    set_attribution_template(project, "({speaker}, {kind})", "(Participant)")
    with project.session() as s:
        themes = list(s.scalars(select(Theme.id).order_by(Theme.id)))
        links: dict[tuple[int, int], str] = {}
        for theme in themes:
            if rng.random() < 0.1:
                continue  # not mapped
            for item in rng.sample(items, rng.choice((1, 2))):
                links[(theme, item)] = "secondary" if rng.random() < 0.33 else "primary"
        s.execute(
            insert(ThemeItem),
            [{"theme_id": t, "item_id": i, "strength": st, "rationale": ""}
             for (t, i), st in sorted(links.items())],
        )  # fmt: skip
        quote_rows = []
        next_id = (s.scalar(select(func.max(Quote.id))) or 0) + 1
        for theme in themes:
            codings = s.execute(
                select(Coding.id, Coding.document_id, Coding.start, Coding.end)
                .join(ThemeCode, ThemeCode.code_id == Coding.code_id)
                .where(ThemeCode.theme_id == theme)
                .limit(quotes_per_theme)
            ).all()
            for cid, doc, start, end in codings:
                quote_rows.append(
                    {"id": next_id, "guid": new_guid(), "coding_id": cid, "document_id": doc,
                     "start": start, "end": end, "edited_text": "", "attribution": "",
                     "is_key": True}
                )  # fmt: skip
                next_id += 1
        if quote_rows:
            s.execute(insert(Quote), quote_rows)
    for theme in themes[1:3]:
        set_cross_cutting(project, theme, framework)
    return framework


def bench_matrices(project_path: Path, folder: Path) -> list[Row]:
    """Copy the bench project, map its themes onto the Wirral strategy, time the matrices."""
    copy = bench_copy(project_path, folder, "matrices-bench.qcproj")
    rows: list[Row] = []
    with Project.open(copy, author="bench") as project:
        t0 = time.perf_counter()
        framework = build_bench_mapping(project)
        rows.append(("matrix: add framework, links, key quotes", time.perf_counter() - t0, "setup"))
        t0 = time.perf_counter()
        counts = theme_item_matrix(project, framework, "priority")
        total = sum(c.extracts for c in counts.cells.values())
        rows.append(
            (
                "theme x priority matrix (counts)",
                time.perf_counter() - t0,
                f"{len(counts.rows)} themes x {len(counts.columns)} columns, "
                f"{total:,} extracts in cells; target < 2 s",
            )
        )
        t0 = time.perf_counter()
        with_quotes = theme_item_matrix(project, framework, "priority", quotes=True)
        n = sum(len(c.quotes) for c in with_quotes.cells.values())
        rows.append(
            (
                "theme x priority matrix (with quotes)",
                time.perf_counter() - t0,
                f"{n:,} quotes in cells, labelled; target < 5 s",
            )
        )
        t0 = time.perf_counter()
        theme_item_matrix(project, framework, "item", quotes=True)
        rows.append(("theme x item matrix (with quotes)", time.perf_counter() - t0, "33 items"))
    rows += bench_cli_exports(copy, folder)
    copy.unlink(missing_ok=True)
    return rows


def bench_cli_exports(project: Path, folder: Path) -> list[Row]:
    """Each report export as a researcher's script runs it: a fresh ``qualcode`` process, from
    start-up to the file written (interpreter, imports, reading, writing)."""
    rows: list[Row] = []
    for kind, name in (
        ("matrix", "matrix.xlsx"),
        ("codebook", "codebook.xlsx"),
        ("quotes", "quotes.docx"),
        ("report", "report.docx"),
    ):
        out = folder / name
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "qualcode", "export", kind, str(project), str(out)],
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - t0
        size = out.stat().st_size
        out.unlink()
        rows.append((f"CLI: export {kind}", seconds, f"{size / 1e6:.1f} MB; target < 5 s"))
    return rows
