"""The REFI-QDA import preview (what a merge would do, nothing written) and cancelling an import."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.cli import main as cli_main
from qualcode.domain.errors import Cancelled, QualCodeError
from qualcode.services.project.inspect import project_info
from qualcode.services.refi.refi import export_qdpx, import_refi, new_project_from, preview_refi
from qualcode.storage.project import Project
from tests.refi.build import build_source, summary


@pytest.fixture
def qdpx(tmp_path: Path) -> Path:
    with build_source(tmp_path / "source.qcproj") as source:
        export_qdpx(source, tmp_path / "source.qdpx")
    return tmp_path / "source.qdpx"


def test_preview_counts_what_the_import_does_and_writes_nothing(
    project: Project, qdpx: Path
) -> None:
    before = (summary(project), project_info(project).counts)
    preview = preview_refi(project, qdpx)
    assert (summary(project), project_info(project).counts) == before
    assert preview.created["documents"] == 2 and preview.created["codes"] == 3
    report = import_refi(project, qdpx)
    assert (report.created, report.matched, report.notes) == (
        preview.created,
        preview.matched,
        preview.notes,
    )
    again = preview_refi(project, qdpx)  # a second import would only match
    assert "documents" not in again.created and again.matched["documents"] == 2


def test_a_cancelled_import_rolls_back_whole(project: Project, qdpx: Path) -> None:
    before = project_info(project).counts
    calls: list[int] = []

    def cancelled() -> bool:  # say so only at the last check, after the merge ran
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(Cancelled, match=r"source\.qdpx"):
        import_refi(project, qdpx, cancelled=cancelled)
    assert len(calls) == 2 and project_info(project).counts == before


def test_a_cancelled_new_project_leaves_no_file(tmp_path: Path, qdpx: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Cancelled):
        new_project_from(out / "new.qcproj", qdpx, cancelled=lambda: True)
    assert list(out.iterdir()) == []


def test_no_preview_inside_another_unit_of_work(project: Project, qdpx: Path) -> None:
    with project.session(), pytest.raises(QualCodeError, match="preview"):
        preview_refi(project, qdpx)


def test_cli_import_preview_writes_nothing(
    project: Project, qdpx: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project.path
    project.close()
    with Project.open(path) as p:
        before = project_info(p).counts
    assert cli_main(["import", str(path), str(qdpx), "--preview"]) == 0
    out = capsys.readouterr().out
    assert "would add (nothing was written)" in out and "2 documents added" in out
    with Project.open(path) as p:
        assert project_info(p).counts == before
