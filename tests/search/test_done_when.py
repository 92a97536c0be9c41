"""Issue 8's "done when", walked through on the sample project as a researcher would: a phrase
in lemma mode finds its inflected forms across transcripts and survey answers, they are coded by
sentence in one undoable step, and the code's frequency by role shows as a chart and in Excel."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from matplotlib.image import imread

from qualcode.services.coding import codes
from qualcode.services.coding.overview import document_text
from qualcode.services.counts.counts import code_frequencies
from qualcode.services.counts.counts_report import chart, export_counts
from qualcode.services.search.autocode import autocode_hits
from qualcode.services.search.search import SearchQuery, search
from qualcode.services.search.search_index import refresh_index
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.project import Project
from tests.helpers import dump


def test_lemma_phrase_to_autocode_to_counts_by_role(sample_path: Path, tmp_path: Path) -> None:
    project = Project.open(sample_path)
    try:
        refresh_index(project)
        result = search(project, SearchQuery("ring up", "lemma"), limit=None)
        forms = {h.text.lower() for h in result.hits}
        assert forms == {"rang up", "rings up", "ringing up"}
        assert {h.document_kind for h in result.hits} == {"focus_group", "survey"}
        assert not search(project, SearchQuery("ring up"), limit=None).hits  # words mode: literal

        code = codes.create_code(project, "Phoning services").entity_id
        assert code is not None
        before = dump(project)
        change = autocode_hits(project, code, result.hits, "sentence")
        after = dump(project)
        added = [row for row in after["coding"] if row not in before["coding"]]
        assert len(added) == 3
        texts = {h.document_id: document_text(project, h.document_id) for h in result.hits}
        coded = sorted(texts[row[2]][row[4] : row[5]] for row in added)
        assert any(s.startswith("Four months between ringing up") for s in coded)
        assert all(s.strip() == s and "\n" not in s for s in coded)  # whole sentences
        undone = apply_reversal(project, change.reversal)
        assert dump(project) == before  # one step undoes all three
        apply_reversal(project, undone.reversal)
        assert dump(project) == after

        freq = code_frequencies(project, "Role", [code])
        row = freq.measure("extracts").loc["Phoning services"]
        assert (row["Lived experience"], row["All"]) == (3, 3)
        png = chart(project, "codes", "png", by="Role")
        pixels = imread(io.BytesIO(png))
        assert pixels.shape[0] > 200 and pixels[..., :3].std() > 0.05  # not blank
        svg = chart(project, "codes", "svg", by="Role").decode()
        assert "Phoning services" in svg and "Lived experience" in svg
        out = tmp_path / "counts.xlsx"
        export_counts(project, out, "Role", words=10)
    finally:
        project.close()
    ws = openpyxl.load_workbook(out)["Code frequencies"]
    cells = [[c.value for c in r] for r in ws.iter_rows()]

    def lived(value: object) -> bool:  # the group's header also states its base
        return isinstance(value, str) and value.startswith("Lived experience")

    header = next(r for r in cells if any(lived(v) for v in r))
    line = next(r for r in cells if "Phoning services" in r)
    assert line[next(i for i, v in enumerate(header) if lived(v))] == 3
