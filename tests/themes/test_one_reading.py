"""Inside one export the evidence behind counts is read once and filtered, giving the same rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from qualcode.services.themes import theme_counts
from qualcode.services.themes.theme_counts import evidence_rows, one_reading, theme_tree
from qualcode.storage.models import Code
from qualcode.storage.project import Project


def test_one_reading_reads_once_and_gives_the_same_rows(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Project.open(sample_path) as project:
        with project.read() as s:
            codes = sorted(s.scalars(select(Code.id)))
        some, others = codes[::2], codes[1::3]
        expected = (evidence_rows(project, some), evidence_rows(project, others))
        tree = [n.extracts for n in theme_tree(project)]
        reads: list[int] = []
        real = theme_counts._evidence_rows

        def counted(*args: Any) -> list[theme_counts.EvidenceRow]:
            reads.append(1)
            return real(*args)

        monkeypatch.setattr(theme_counts, "_evidence_rows", counted)
        with one_reading(project):
            got = (evidence_rows(project, some), evidence_rows(project, others))
            assert [n.extracts for n in theme_tree(project)] == tree
            assert [n.extracts for n in theme_tree(project)] == tree
        assert sorted(got[0]) == sorted(expected[0]) and sorted(got[1]) == sorted(expected[1])
        assert len(reads) == 1  # everything from one read
        evidence_rows(project, some)
        assert len(reads) == 2  # outside the block every call reads afresh
