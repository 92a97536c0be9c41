"""The bundled sample project builds, passes the check and codes whole sentences."""

from __future__ import annotations

from pathlib import Path

from qualcode.services.inspect import check_project, project_info
from qualcode.services.overview import code_rows, document_text
from qualcode.services.samples import CODEBOOK, build_sample
from qualcode.storage.models import Coding


def test_sample_project(tmp_path: Path) -> None:
    with build_sample(tmp_path / "sample.qcproj") as p:
        info = project_info(p)
        assert info.counts["document"] == 3 and info.counts["case"] == 4
        assert check_project(p) == []
        rows = {r.name: r for r in code_rows(p)}
        assert set(rows) == set(CODEBOOK)
        assert rows["Stigma and shame"].codings == 3
        assert rows["Fear of authorities"].documents == 2
        with p.session() as s:
            spans = [(c.document_id, c.start, c.end) for c in s.query(Coding)]
        for doc, start, end in spans:
            extract = document_text(p, doc)[start:end]
            assert extract[0].isupper() and extract[-1] in ".?!", extract
