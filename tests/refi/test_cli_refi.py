"""The CLI functions the lead wires into ``qualcode``: export, import, new --from."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from qualcode.cli import _parser
from qualcode.cli.refi import import_refi, new_from, run_export
from tests.refi.build import build_source


def _parse(*argv: str) -> argparse.Namespace:
    return _parser().parse_args(argv)


def test_export_import_new_from(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build_source(tmp_path / "s.qcproj").close()
    args = _parse(
        "export",
        "qdpx",
        str(tmp_path / "s.qcproj"),
        str(tmp_path / "o.qdpx"),
        "--positions",
        "utf16",
        "--themes-as-codes",
    )
    assert run_export(args) == 0
    assert (
        run_export(_parse("export", "qdc", str(tmp_path / "s.qcproj"), str(tmp_path / "o.qdc")))
        == 0
    )
    assert new_from(tmp_path / "n", tmp_path / "o.qdpx") == 0
    assert (tmp_path / "n.qcproj").exists()
    assert import_refi(tmp_path / "n.qcproj", tmp_path / "o.qdc") == 0
    out = capsys.readouterr().out
    assert "Wrote" in out and "Imported o.qdpx" in out and "matched" in out
