"""The matrix bench runs end to end on a tiny synthetic project (the figures come from the large
one, through ``qualcode bench``)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.matrices_bench import bench_matrices
from benchmarks.synthetic import PRESETS, populate
from qualcode.storage.project import Project


def test_bench_matrices_runs(tmp_path: Path) -> None:
    path = tmp_path / "bench.qcproj"
    with Project.create(path, author="bench") as p:
        populate(p, PRESETS["tiny"])
    rows = bench_matrices(path, tmp_path)
    assert [op for op, _s, _n in rows][1:3] == [
        "theme x priority matrix (counts)",
        "theme x priority matrix (with quotes)",
    ]
    assert all(seconds >= 0 for _op, seconds, _n in rows)
    assert "60 themes x 7 columns" in rows[1][2]
    assert not (tmp_path / "matrices-bench.qcproj").exists()
