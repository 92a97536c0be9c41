"""Recounting a few codes (the path taken after each coding) gives the full count's figures."""

from __future__ import annotations

from pathlib import Path

from qualcode.services.coding.overview import code_rows
from qualcode.storage.project import Project


def test_a_few_codes_recounted_match_the_full_count(sample_path: Path) -> None:
    with Project.open(sample_path) as project:
        full = {r.id: r for r in code_rows(project)}
        parents = {r.parent_id for r in full.values() if r.parent_id is not None}
        assert parents  # the sample has sub-codes, so roll-ups are exercised
        for wanted in ({min(parents)}, set(list(full)[:5]), parents | {max(full)}):
            few = code_rows(project, only=wanted)
            assert {r.id for r in few} == wanted
            assert all(r == full[r.id] for r in few)
