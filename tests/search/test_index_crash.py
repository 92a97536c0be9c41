"""Killing the indexer at any moment keeps the project whole: finished batches stay, the next
search indexes the rest, and what it finds is what the texts contain."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from benchmarks.synthetic import transcript_text
from qualcode.services.documents.documents import add_document
from qualcode.services.project.inspect import check_project
from qualcode.services.search.search import SearchQuery, search
from qualcode.services.search.search_index import index_status
from qualcode.storage.models import SearchDocument, SearchUnit
from qualcode.storage.project import Project

ROOT = Path(__file__).resolve().parent.parent.parent
INDEXER = """
import sys
from pathlib import Path
from qualcode.services.search import search_index
from qualcode.storage.project import Project
search_index.BATCH_CHARACTERS = 15_000  # many small transactions
with Project.open(Path(sys.argv[1])) as p:
    search_index.refresh_index(p, progress=lambda d, t, _doc: print("document", d, flush=True))
print("done", flush=True)
"""


def test_kill_during_indexing_keeps_whole_batches(project_path: Path) -> None:
    texts = {}
    with Project.create(project_path) as p:
        for i in range(40):
            text = transcript_text(i, 1500)
            doc = add_document(p, f"FG {i}", text).entity_id
            assert doc is not None
            texts[doc] = text
    rng = random.Random(8)
    seen: list[int] = []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _round in range(3):
        child = subprocess.Popen(
            [sys.executable, "-c", INDEXER, str(project_path)], stdout=subprocess.PIPE, env=env
        )
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        time.sleep(rng.uniform(0.0, 0.3))
        child.send_signal(signal.SIGKILL)
        child.wait()
        with Project.open(project_path) as p:
            assert check_project(p) == []
            with p.read() as s:
                indexed = set(s.scalars(select(SearchDocument.document_id)))
                with_units = set(
                    s.scalars(select(SearchUnit.document_id).group_by(SearchUnit.document_id))
                )
                units = s.scalar(select(func.count(SearchUnit.id))) or 0
            assert indexed == with_units  # a document is indexed whole or not at all
            seen.append(len(indexed))
            if line == b"done":
                assert index_status(p).stale == 0
            assert units >= len(indexed)
    assert any(0 < n < len(texts) for n in seen), f"no kill fell mid-index: {seen}"
    with Project.open(project_path) as p:
        result = search(p, SearchQuery("waiting list"), limit=None)  # indexes what is left
        assert index_status(p).stale == 0
        got = {(h.document_id, h.start, h.end) for h in result.hits}
    want = {
        (doc, m.start(), m.end())
        for doc, text in texts.items()
        for m in re.finditer(r"(?<!\w)waiting\W+list(?!\w)", text, re.IGNORECASE)
    }
    assert got == want and want
