"""A REFI-QDA round trip changes nothing: parts keep their kinds (turns stay turns, answers answers,
with their cases and speakers; they used to come back as whole-document "case" parts), and codings
of no coder are not doubled."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import func, select, update

from qualcode.services.refi.refi import export_qdpx, import_refi, new_project_from
from qualcode.storage.models import Case, Coding, Document, Part
from qualcode.storage.project import Project

Row = tuple[str, str, int, int, str | None, str | None]


def _parts(project: Project) -> list[Row]:
    """(document, kind, start, end, case, speaker) for every part."""
    with project.read() as s:
        rows = s.execute(
            select(Document.name, Part.kind, Part.start, Part.end, Case.name, Part.speaker_label)
            .join(Document, Document.id == Part.document_id)
            .outerjoin(Case, Case.id == Part.case_id)
        ).all()
    return sorted((r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows)


def test_round_trip_keeps_every_part_and_its_kind(sample_path: Path, tmp_path: Path) -> None:
    with Project.open(sample_path, readonly=True) as sample:
        before = _parts(sample)
        export_qdpx(sample, tmp_path / "sample.qdpx")
    kinds = Counter(row[1] for row in before)
    assert kinds["turn"] > 100 and kinds["paragraph"] > 0  # the sample has both sorts
    copy, _report = new_project_from(tmp_path / "copy.qcproj", tmp_path / "sample.qdpx")
    with copy:
        after = _parts(copy)
    by_document = Counter((row[0], row[1]) for row in after)
    assert by_document == Counter((row[0], row[1]) for row in before)
    assert after == before  # same spans, cases and speaker labels too
    assert "case" not in {row[1] for row in after} - {row[1] for row in before}


def test_importing_twice_adds_no_parts(sample_path: Path, tmp_path: Path) -> None:
    with Project.open(sample_path) as sample:
        export_qdpx(sample, tmp_path / "sample.qdpx")
        before = _parts(sample)
        import_refi(sample, tmp_path / "sample.qdpx")
        assert _parts(sample) == before


def test_codings_of_no_coder_are_not_doubled(sample_path: Path, tmp_path: Path) -> None:
    with Project.open(sample_path) as sample:
        with sample.session() as s:
            s.execute(update(Coding).values(coder_id=None))
            count = s.scalar(select(func.count()).select_from(Coding))
        export_qdpx(sample, tmp_path / "sample.qdpx")
        report = import_refi(sample, tmp_path / "sample.qdpx")
        with sample.read() as s:
            assert s.scalar(select(func.count()).select_from(Coding)) == count
    assert report.created.get("codings", 0) == 0
