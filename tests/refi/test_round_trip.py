"""Export then import into a new project keeps what the standard can carry."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.services.refi.refi import export_qdc, export_qdpx, import_refi, new_project_from
from qualcode.storage.project import Project
from tests.helpers import dump
from tests.refi.build import build_source, summary


@pytest.mark.parametrize("positions", ["codepoint", "utf16"])
def test_qdpx_round_trip(tmp_path: Path, positions: str) -> None:
    source = build_source(tmp_path / "source.qcproj")
    export_qdpx(source, tmp_path / "p.qdpx", positions=positions)
    expected = summary(source)
    source.close()
    target, report = new_project_from(tmp_path / "copy.qcproj", tmp_path / "p.qdpx")
    got = summary(target)
    for key in expected:
        assert got[key] == expected[key], key
    assert any("codings" in line for line in report.lines)
    target.close()


def test_themes_as_codes_round_trip(tmp_path: Path) -> None:
    source = build_source(tmp_path / "source.qcproj")
    export_qdpx(source, tmp_path / "p.qdpx", themes_as_codes=True)
    expected = summary(source)
    source.close()
    target, report = new_project_from(tmp_path / "copy.qcproj", tmp_path / "p.qdpx")
    assert summary(target)["codes"] == expected["codes"]
    assert summary(target)["themes"] == expected["themes"]
    assert any("written as codes were read as themes" in n for n in report.notes)
    target.close()


def test_reimport_changes_nothing(tmp_path: Path) -> None:
    source = build_source(tmp_path / "source.qcproj")
    export_qdpx(source, tmp_path / "p.qdpx")
    before = dump(source, skip=("change_log", "coder"))
    report = import_refi(source, tmp_path / "p.qdpx")
    assert dump(source, skip=("change_log", "coder")) == before
    assert "codings" not in report.created or report.created["codings"] == 0
    source.close()


def test_qdc_round_trip(tmp_path: Path) -> None:
    source = build_source(tmp_path / "source.qcproj")
    export_qdc(source, tmp_path / "book.qdc")
    expected = summary(source)
    source.close()
    target = Project.create(tmp_path / "copy.qcproj")
    import_refi(target, tmp_path / "book.qdc")
    got = summary(target)
    assert got["codes"] == expected["codes"]
    assert got["themes"] == expected["themes"]
    assert got["theme_codes"] == expected["theme_codes"]
    assert got["codings"] == []
    target.close()
