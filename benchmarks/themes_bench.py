"""Benchmarks for the theme features, run by ``qualcode bench`` on a copy of its project.

Targets: the thematic map with 60 themes over 1,000 codes opens (its data) in under 1 s; a theme's
review reader with ~5,000 extracts fills in under 1 s. Themes are inserted in bulk (Core), as the
synthetic project itself is: the bench times reading them, not building them click by click.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from sqlalchemy import func, insert, select

from qualcode.services.themes.review import theme_extracts
from qualcode.services.themes.thematic_map import map_data
from qualcode.storage.models import Code, Coding, Theme, ThemeCode, new_guid
from qualcode.storage.project import Project

Row = tuple[str, float, str]


def build_bench_themes(project: Project, themes: int = 60, extracts: int = 5_000) -> int:
    """Add ``themes`` themes (a fifth of them sub-themes) linking every code, a tenth of codes to
    two themes; theme 1 gathers codes until it has about ``extracts`` codings. Returns its id."""
    rng = random.Random(4)
    with project.session() as s:
        first = (s.scalar(select(func.max(Theme.id))) or 0) + 1
        counts = dict(
            s.execute(select(Coding.code_id, func.count(Coding.id)).group_by(Coding.code_id)).all()
        )
        code_ids = list(s.scalars(select(Code.id).order_by(Code.id)))
        rows = []
        for i in range(themes):
            parent = first + 1 + rng.randrange(i - 1) if i >= 10 and rng.random() < 0.2 else None
            rows.append(
                {"id": first + i, "guid": new_guid(), "name": f"Theme {i + 1}", "parent_id": parent,
                 "status": "candidate", "position": i}
            )  # fmt: skip
        s.execute(insert(Theme), rows)
        links: set[tuple[int, int]] = set()
        gathered, big = 0, []
        for code in code_ids:
            if gathered < extracts:
                big.append(code)
                gathered += counts.get(code, 0)
        for code in code_ids:
            if code in big:
                links.add((first, code))
                continue
            links.add((first + 1 + rng.randrange(themes - 1), code))
            if rng.random() < 0.1:
                links.add((first + rng.randrange(themes), code))
        s.execute(insert(ThemeCode), [{"theme_id": t, "code_id": c} for t, c in sorted(links)])
    return first


def bench_copy(project_path: Path, folder: Path, name: str) -> Path:
    """A fresh copy of the bench project, so a bench's additions never reach the next bench."""
    copy = folder / name
    copy.unlink(missing_ok=True)
    with Project.open(project_path, author="bench") as source:
        source.backup(copy)
    return copy


def bench_themes(project_path: Path, folder: Path) -> list[Row]:
    """Copy the bench project, add themes, and time the map data and the biggest review."""
    copy = bench_copy(project_path, folder, "themes-bench.qcproj")
    rows: list[Row] = []
    with Project.open(copy, author="bench") as project:
        t0 = time.perf_counter()
        big = build_bench_themes(project)
        rows.append(("themes: add 60 themes over all codes", time.perf_counter() - t0, "setup"))
        t0 = time.perf_counter()
        data = map_data(project)
        rows.append(
            (
                "thematic map data",
                time.perf_counter() - t0,
                f"{len(data.themes)} themes, {len(data.codes)} codes, {len(data.links)} links; "
                "target < 1 s",
            )
        )
        t0 = time.perf_counter()
        groups = theme_extracts(project, big)
        n = sum(len(g.extracts) for g in groups)
        rows.append(
            (
                "theme review reader (extracts)",
                time.perf_counter() - t0,
                f"{n:,} extracts in {len(groups)} codes; target < 1 s",
            )
        )
    copy.unlink(missing_ok=True)
    return rows
