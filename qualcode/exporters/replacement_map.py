"""Write a pseudonymisation map (real, replacement, what it is, how often it occurs) as a CSV for
the user to review and keep outside the project. Written whole or not at all, owner-only."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from qualcode.exporters.atomic import replace_atomically


def write_replacement_map(path: Path, rows: Iterable[tuple[str, str, str, int]]) -> Path:
    """``rows``: (real, suggested replacement, kind, occurrences)."""

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            out = csv.writer(fh)
            out.writerow(["real", "replacement", "kind", "occurrences"])
            for real, new, kind, count in rows:
                out.writerow([real, new, kind, count])

    replace_atomically(Path(path), write)
    return Path(path)
