"""Preparing the search index reports each document and stops between documents when asked.

The first lemma search on a project builds the index; with a trained model that takes long
enough that the researcher must see it move and be able to cancel. A cancel keeps the documents
already analysed (written whole) and leaves the project as `qualcode check` expects it; the next
refresh carries on and the search finds exactly what a build in one go finds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from qualcode.domain.errors import Cancelled
from qualcode.services.project.inspect import check_project
from qualcode.services.search.search import SearchQuery, search
from qualcode.services.search.search_index import index_status, refresh_index
from qualcode.storage.models import Document
from qualcode.storage.project import Project


def _names(project: Project) -> list[str]:
    with project.read() as s:
        return list(s.scalars(select(Document.name).order_by(Document.position, Document.id)))


def test_progress_counts_every_document_by_name(sample_path: Path) -> None:
    reports: list[tuple[int, int, str]] = []
    with Project.open(sample_path) as p:
        names = _names(p)
        assert index_status(p).stale == len(names) > 1
        refresh_index(p, progress=lambda d, t, doc: reports.append((d, t, doc)))
        assert index_status(p).stale == 0
        refresh_index(p, progress=lambda d, t, doc: reports.append((d, t, doc)))  # nothing to do
    total = len(names)
    assert reports[0] == (0, total, "")  # shown before the first (slow) document
    assert [d for d, _t, _n in reports] == list(range(total + 1))
    assert {t for _d, t, _n in reports} == {total}
    assert [n for _d, _t, n in reports[1:]] == names


@pytest.mark.parametrize("stop_after", [1, 5])
def test_cancel_keeps_finished_documents_and_the_next_build_matches(
    sample_path: Path, tmp_path: Path, stop_after: int
) -> None:
    whole = tmp_path / "whole.qcproj"
    shutil.copyfile(sample_path, whole)
    done: list[int] = []
    with Project.open(sample_path) as p:
        total = index_status(p).documents
        with pytest.raises(Cancelled, match="kept"):
            refresh_index(
                p,
                progress=lambda d, _t, _doc: done.append(d),
                cancel=lambda: len(done) > stop_after,
            )
        assert index_status(p).indexed == stop_after < total
        assert check_project(p) == []
        query = SearchQuery("wait", "lemma")
        partial = search(p, query, limit=None, refresh=False)  # unindexed ones read directly
        refresh_index(p)
        assert index_status(p).stale == 0 and check_project(p) == []
        resumed = search(p, query, limit=None, refresh=False)
    with Project.open(whole) as p:
        refresh_index(p)
        expected = search(p, query, limit=None, refresh=False)
    spans = [(h.document_id, h.start, h.end) for h in expected.hits]
    assert spans and [(h.document_id, h.start, h.end) for h in resumed.hits] == spans
    assert [(h.document_id, h.start, h.end) for h in partial.hits] == spans
