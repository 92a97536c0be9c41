"""The bundled sample project builds from every sample file, passes the check, and codes whole
sentences of participants' turns and answers."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from qualcode.services.inspect import check_project, project_info
from qualcode.services.overview import code_rows, document_text
from qualcode.services.samples import CODEBOOK, build_sample, sample_files, samples_dir
from qualcode.storage.models import Case, Coding, Part


def test_sample_project(tmp_path: Path) -> None:
    with build_sample(tmp_path / "sample.qcproj") as p:
        info = project_info(p)
        assert info.counts["document"] == 6 + 5 + 1 + 3 + 1 + 1  # each survey: 3 documents
        assert info.counts["question"] == 3 + 3 + 5 + 11
        assert len(sample_files(samples_dir())) == 13
        assert check_project(p) == []
        rows = {r.name: r for r in code_rows(p)}
        assert set(rows) == set(CODEBOOK)
        assert all(rows[name].codings > 0 for name, (_p, _d, terms) in CODEBOOK.items() if terms)
        assert rows["Naloxone"].documents >= 3
        with p.session() as s:
            spans = s.execute(select(Coding.document_id, Coding.start, Coding.end)).all()
            facilitator_parts = s.execute(
                select(Part.document_id, Part.start, Part.end)
                .join(Case, Case.id == Part.case_id)
                .where(Case.is_facilitator)
            ).all()
        for doc, start, end in spans:
            extract = document_text(p, doc)[start:end]
            assert extract == extract.strip() and extract, extract
            assert not any(d == doc and a <= start < b for d, a, b in facilitator_parts)
