"""Hits read in the index's id order are the hits in document order.

A fresh index numbers passages in document order, so a search reads them unsorted; once a
document is indexed out of turn (its deletion undone) the search sorts again. Either way the
results are those of the sorted reading, restrictions and limits included.
"""

from __future__ import annotations

import pytest

from qualcode.services.documents import documents
from qualcode.services.search import search as search_module
from qualcode.services.search.index_order import index_order
from qualcode.services.search.search import SearchQuery, search
from qualcode.services.search.search_choices import resolve_speakers
from qualcode.services.search.search_index import refresh_index
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.project import Project

QUERIES = [
    (SearchQuery("the"), None),
    (SearchQuery("the"), 2),
    (SearchQuery("help*"), 3),
    (SearchQuery("waiting list"), None),
    (SearchQuery("help", include_facilitators=False), 1),
    (SearchQuery("the", kinds=frozenset({"field_notes", "survey"})), None),
    (SearchQuery(r"\bhe\w+", "regex"), 4),
]


def _results(project: Project) -> list[tuple[list[tuple[int, int, int]], int, bool]]:
    out = []
    for query, limit in QUERIES:
        r = search(project, query, limit=limit)
        out.append(([(h.document_id, h.start, h.end) for h in r.hits], r.passages, r.truncated))
    return out


def _sorted_reading(project: Project, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    with monkeypatch.context() as m:
        m.setattr(search_module, "index_order", lambda _p, _s: None)
        return list(_results(project))


def test_a_fresh_index_is_read_in_id_order(study, monkeypatch: pytest.MonkeyPatch) -> None:
    project, _ids = study
    refresh_index(project)
    with project.read() as s:
        order = index_order(project, s)
    assert order is not None and order.in_id_order and not order.orphans
    fast = _results(project)
    assert fast == _sorted_reading(project, monkeypatch)
    jo = SearchQuery("help*", speaker_ids=resolve_speakers(project, ["jo"]))
    assert {h.speaker for h in search(project, jo, limit=1).hits} == {"Jo"}


def test_a_document_indexed_out_of_turn_is_sorted(study, monkeypatch: pytest.MonkeyPatch) -> None:
    project, ids = study
    refresh_index(project)
    change = documents.delete_document(project, ids["FG1"])
    refresh_index(project)
    apply_reversal(project, change.reversal)  # FG1 is back, first in order, indexed last
    refresh_index(project)
    with project.read() as s:
        order = index_order(project, s)
    assert order is not None and not order.in_id_order and order.orphans
    got = _results(project)
    assert got == _sorted_reading(project, monkeypatch)
    assert search(project, SearchQuery("the"), limit=1).hits[0].document_id == ids["FG1"]
    # the full-text rows of the deleted copy are not counted as passages
    assert got[1][1] == search(project, SearchQuery("the"), limit=None).passages
