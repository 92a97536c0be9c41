"""``qualcode bench`` figures for search: building the index, word, phrase and lemma searches,
and autocoding 10,000 matches, then the counts (frequencies, co-occurrence, coverage, words), on
a copy of the bench project.

Each search is timed twice and the second (warm: the pipeline loaded, SQLite's page cache
filled, as in a session) is reported beside the first. The synthetic texts draw every word from a
140-word vocabulary, so a single word occurs about 70,000 times: searches report the first 1,000
hits, as the search pane shows them, and how many passages hold the word.
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.themes_bench import bench_copy
from qualcode.services.counts.counts import (
    code_frequencies,
    cooccurrence,
    coverage,
    word_frequencies,
)
from qualcode.services.search.autocode import UNITS, autocode_hits
from qualcode.services.search.search import SearchQuery, search
from qualcode.services.search.search_index import refresh_index
from qualcode.storage.project import Project

Row = tuple[str, float, str]


def _twice(project: Project, query: SearchQuery, limit: int | None) -> tuple[float, float, str]:
    t0 = time.perf_counter()
    search(project, query, limit=limit)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = search(project, query, limit=limit)
    warm = time.perf_counter() - t0
    shown = f"{len(result.hits):,} hits{'+' if result.truncated else ''}"
    return cold, warm, f"{shown} in {result.passages:,} passages"


def _raw_fts(project: Project, column: str, expression: str, limit: int | None) -> float:
    """The same passages found by raw SQL on the FTS5 table: the floor the search is measured
    against (the search also locates the words inside each passage and builds context)."""
    with project.read() as s:
        conn = s.connection().connection.driver_connection
        assert conn is not None
        sql = (
            'SELECT u.document_id, u.start, u."end", substr(d.text, u.start + 1, u."end" - u.start)'
            " FROM search_fts JOIN search_unit u ON u.id = search_fts.rowid"
            " JOIN document d ON d.id = u.document_id"
            " WHERE search_fts MATCH ? ORDER BY u.document_id, u.start LIMIT ?"
        )
        t0 = time.perf_counter()
        conn.execute(sql, (f"{column}:{expression}", -1 if limit is None else limit)).fetchall()
        return time.perf_counter() - t0


def bench_search(project_path: Path, folder: Path) -> list[Row]:
    copy = bench_copy(project_path, folder, "search-bench.qcproj")
    rows: list[Row] = []
    before = copy.stat().st_size
    with Project.open(copy, author="bench") as project:
        t0 = time.perf_counter()
        status = refresh_index(project)
        rows.append(
            (
                "search: build the index",
                time.perf_counter() - t0,
                f"{status.documents:,} documents; target < 120 s",
            )
        )
        grown = (copy.stat().st_size - before) / 1e6
        rows.append(("search: index size (MB in the project file)", grown, ""))
        for label, query, limit, target in (
            ("word, first 1,000 hits", SearchQuery("stigma"), 1000, "target < 200 ms"),
            ("phrase, every hit", SearchQuery("waiting list"), None, "target < 200 ms"),
            ("lemma 'child', first 1,000", SearchQuery("child", "lemma"), 1000, "target < 2 s"),
            ("lemma phrase, every hit", SearchQuery("feel safe", "lemma"), None, "target < 2 s"),
            ("regex, first 1,000", SearchQuery(r"\bhope\w*", "regex"), 1000, "no index"),
        ):
            cold, warm, note = _twice(project, query, limit)
            rows.append((f"search: {label} (first run)", cold, note))
            rows.append((f"search: {label}", warm, f"{note}; {target}"))
            if query.mode in ("words", "lemma"):
                column = "words" if query.mode == "words" else "lemmas"
                raw = _raw_fts(project, column, f'"{query.text}"', limit)
                rows.append(
                    (f"search: {label}, raw FTS5", raw, f"ratio {warm / max(raw, 1e-9):.1f}x")
                )
        for unit in UNITS[:2]:
            t0 = time.perf_counter()
            hits = search(project, SearchQuery("trust"), limit=10_000).hits
            found = time.perf_counter() - t0
            autocode_hits(project, 1, hits, unit)
            total = time.perf_counter() - t0
            rows.append(
                (
                    f"autocode {len(hits):,} matches by {unit}",
                    total,
                    f"search {found:.2f} s + code; target < 5 s",
                )
            )
        for label, run in (
            ("counts: code frequencies", lambda: code_frequencies(project, None)),
            ("counts: co-occurrence, overlapping codings", lambda: cooccurrence(project)),
            ("counts: co-occurrence, same turn", lambda: cooccurrence(project, "turn")),
            ("counts: coverage per document", lambda: coverage(project)),
            ("counts: lemma frequencies, whole project", lambda: word_frequencies(project, None)),
        ):
            t0 = time.perf_counter()
            run()
            rows.append((label, time.perf_counter() - t0, ""))
    copy.unlink(missing_ok=True)
    return rows
