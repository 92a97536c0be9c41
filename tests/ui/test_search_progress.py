"""With a trained pipeline, the first lemma search on the sample project shows the index being
prepared, and can be cancelled: "Preparing the search index: 3 of 17 documents…" with a bar and a
Cancel button, instead of a silent "Searching…". The trained pipeline is stood in for (its lemmas
need every text analysed first) and each document is slowed down so the reports can be seen."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from qualcode.services.project.inspect import check_project
from qualcode.services.search import search_index
from qualcode.services.search.search_index import index_status
from qualcode.ui.search import search_panel
from qualcode.ui.search.index_progress import INDEXING
from qualcode.ui.shell.main_window import MainWindow


@pytest.fixture
def slow_index(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_panel, "lemma_search_needs_index", lambda: True)
    real: Callable[..., search_index.Analysed] = search_index.analyse_documents

    def slow(*args: object) -> search_index.Analysed:
        time.sleep(0.15)
        return real(*args)

    monkeypatch.setattr(search_index, "analyse_documents", slow)


def _start(win: MainWindow, text: str) -> list[tuple[int, int, str, str, bool]]:
    """Start a lemma search; the returned list fills with each report and what the panel showed."""
    panel = win.search
    panel.query.setText(text)
    panel.mode.setCurrentIndex(panel.mode.findData("lemma"))
    panel.run_search()
    assert panel.task is not None
    seen: list[tuple[int, int, str, str, bool]] = []
    panel.task.signals.progress.connect(  # after the panel's own slot: it has updated
        lambda d, t, what: seen.append(
            (d, t, what, panel.status.text(), panel.progress.cancel.isVisible())
        )
    )
    return seen


@pytest.mark.usefixtures("slow_index")
def test_first_lemma_search_shows_the_index_being_prepared(window: MainWindow, qtbot) -> None:
    total = index_status(window.project).stale
    assert total == index_status(window.project).documents > 2  # the sample has no index yet
    panel = window.search
    seen = _start(window, "wait")
    qtbot.waitUntil(lambda: any(s[0] >= 2 for s in seen), timeout=30_000)
    assert panel.progress.isVisible() and panel.progress.bar.maximum() == total
    qtbot.waitUntil(lambda: panel.task is None, timeout=60_000)
    indexing = [s for s in seen if s[2] == INDEXING]
    assert [s[0] for s in indexing] == list(range(indexing[0][0], total + 1))
    done, _t, _w, status, cancel_shown = indexing[1]
    assert status == f"Preparing the search index: {done} of {total} documents…"
    assert cancel_shown
    assert panel.model.hits and not panel.progress.isVisible()
    assert index_status(window.project).stale == 0


@pytest.mark.usefixtures("slow_index")
def test_cancel_while_preparing_keeps_the_project_consistent(window: MainWindow, qtbot) -> None:
    project = window.project
    assert project is not None
    total = index_status(project).documents
    panel = window.search
    seen = _start(window, "wait")
    qtbot.waitUntil(lambda: any(s[0] >= 2 for s in seen), timeout=30_000)
    panel.progress.cancel.click()
    assert panel.status.text() == "Stopping…" and not panel.progress.cancel.isEnabled()
    qtbot.waitUntil(lambda: panel.task is None, timeout=30_000)
    assert "cancelled" in panel.status.text() and "⚠" not in panel.status.text()
    assert not panel.progress.isVisible() and panel.go.text() == "Search"
    assert panel.model.hits == []
    indexed = index_status(project).indexed
    assert 2 <= indexed < total  # what was finished is kept
    assert check_project(project) == []
    panel.query.setText("wait")
    panel.run_search()  # the next search carries on from there
    qtbot.waitUntil(lambda: panel.task is None, timeout=60_000)
    assert panel.model.hits and index_status(project).stale == 0


@pytest.mark.parametrize("mode", ["words", "lemma"])
def test_a_search_does_not_wait_for_the_index(window: MainWindow, qtbot, mode: str) -> None:
    """On a project not indexed yet (a fresh import) a search by words, or by lemma with the
    lookup pipeline, reads the documents directly: no index is prepared first, and it finds
    what the index would find."""
    project = window.project
    assert project is not None
    total = index_status(project).stale
    assert total > 2
    panel = window.search
    panel.query.setText("bus" if mode == "words" else "wait")
    panel.mode.setCurrentIndex(panel.mode.findData(mode))
    panel.run_search()
    assert panel.task is not None
    reports: list[str] = []
    panel.task.signals.progress.connect(lambda _d, _t, what: reports.append(what))
    qtbot.waitUntil(lambda: panel.task is None, timeout=30_000)
    assert INDEXING not in reports
    assert index_status(project).stale == total  # nothing was indexed to answer it
    direct = [(h.document_id, h.start, h.end) for h in panel.model.hits]
    assert direct
    search_index.refresh_index(project)
    panel.run_search()
    qtbot.waitUntil(lambda: panel.task is None, timeout=30_000)
    assert [(h.document_id, h.start, h.end) for h in panel.model.hits] == direct
