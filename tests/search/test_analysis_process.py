"""The window's background indexing analyses texts in a child process: the index it builds is
the one built in the window's own process; cancelling stops between batches and keeps what was
written; a child that dies leaves the work to the window's process, complete all the same."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from qualcode.domain.errors import Cancelled
from qualcode.services.search.analysis_process import AnalysisProcess
from qualcode.services.search.search import SearchQuery, search
from qualcode.services.search.search_index import index_status, refresh_index
from qualcode.storage.models import SearchForm, SearchUnit
from qualcode.storage.project import Project

QUERIES = [SearchQuery("help"), SearchQuery("child", "lemma"), SearchQuery("waiting list")]


@pytest.fixture
def analyser() -> Iterator[AnalysisProcess]:
    process = AnalysisProcess()
    yield process
    process.close()


def _index(project: Project) -> tuple[list[tuple[int, int, int]], set[tuple[str, str]]]:
    with project.read() as s:
        units = list(s.execute(select(SearchUnit.document_id, SearchUnit.start, SearchUnit.end)))
        forms = set(s.execute(select(SearchForm.lemma, SearchForm.form)))
    return sorted((d, a, b) for d, a, b in units), {(lemma, f) for lemma, f in forms}


def test_the_child_builds_the_same_index(study, analyser: AnalysisProcess, tmp_path) -> None:
    project, _ids = study
    twin = tmp_path / "twin.qcproj"
    project.backup(twin)
    batches: list[tuple[int, int]] = []
    refresh_index(
        project, lambda d, t, _n: batches.append((d, t)), analyser=analyser, batch_characters=60
    )
    assert analyser.started
    assert index_status(project).stale == 0
    assert batches[-1] == (3, 3) and len(batches) >= 3  # progress batch by batch
    with Project.open(twin) as here:
        refresh_index(here)
        assert _index(here) == _index(project)
        for q in QUERIES:
            assert search(here, q).hits == search(project, q).hits, q


def test_cancel_between_batches_keeps_what_was_written(study, analyser: AnalysisProcess) -> None:
    project, _ids = study
    seen: list[int] = []

    def progress(done: int, _total: int, _name: str) -> None:
        seen.append(done)

    with pytest.raises(Cancelled):
        refresh_index(project, progress, lambda: bool(seen and seen[-1] >= 1), 60, analyser)
    assert index_status(project).indexed == seen[-1] >= 1
    refresh_index(project, analyser=analyser)  # the next run carries on
    assert index_status(project).stale == 0


def test_a_child_that_dies_leaves_the_work_to_the_window(
    study, analyser: AnalysisProcess, caplog: pytest.LogCaptureFixture
) -> None:
    project, _ids = study
    refresh_index(project, analyser=analyser, batch_characters=60)  # the child is running now
    child = analyser._child
    assert child is not None
    os.kill(child.pid, signal.SIGKILL)  # what the system does to a process out of memory
    from qualcode.services.documents import documents

    documents.add_document(project, "Later", "The children waited for help.")
    refresh_index(project, analyser=analyser)
    assert "ended unexpectedly" in caplog.text  # said in the log, not hidden
    assert index_status(project).stale == 0
    hits = search(project, SearchQuery("child", "lemma")).hits
    assert "Later" in {h.document_name for h in hits}
