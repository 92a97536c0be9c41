"""The window's kept theme counts agree with a full count, sliced or updated after codings."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from qualcode.services.coding.codings import add_coding, remove_coding
from qualcode.services.themes.evidence_cache import build_cache
from qualcode.services.themes.theme_counts import ThemeNode, theme_tree
from qualcode.storage.models import Coding, ThemeCode
from qualcode.storage.project import Project


def _full(project: Project) -> dict[int, tuple[int, int, int]]:
    out: dict[int, tuple[int, int, int]] = {}

    def walk(node: ThemeNode) -> None:
        out[node.id] = (node.extracts, node.documents, node.participants)
        for child in node.children:
            walk(child)

    for root in theme_tree(project):
        walk(root)
    return out


def test_sliced_count_equals_the_full_count(sample_path: Path) -> None:
    with Project.open(sample_path) as project:
        expected = _full(project)
        assert any(n for n, _d, _p in expected.values())  # the sample's themes have evidence
        for size in (1, 2, 1000):
            cache = build_cache(project, slice_size=size)
            assert cache is not None and cache.counts() == expected


def test_updating_only_changed_codes_follows_codings_and_their_removal(sample_path: Path) -> None:
    with Project.open(sample_path) as project:
        cache = build_cache(project)
        assert cache is not None
        with project.read() as s:
            code = s.scalars(select(ThemeCode.code_id)).first()
            docs = sorted(set(s.scalars(select(Coding.document_id))))
        assert code is not None
        changes = [add_coding(project, doc, code, 0, 5) for doc in docs[:3]]
        cache = cache.updated(project, {code})
        assert cache.counts() == _full(project)
        for change in changes:
            assert change.entity_id is not None
            remove_coding(project, change.entity_id)
        assert cache.updated(project, {code}).counts() == _full(project)


def test_a_code_linked_to_no_theme_reads_nothing(sample_path: Path) -> None:
    with Project.open(sample_path) as project:
        cache = build_cache(project)
        assert cache is not None
        assert cache.updated(project, {10_000_000}) is cache


def test_cancelled_count_returns_nothing(sample_path: Path) -> None:
    with Project.open(sample_path) as project:
        assert build_cache(project, cancelled=lambda: True, slice_size=1) is None
