"""The exported map is read in reports: every code's name whole (wrapped onto a second line, not
cut), and the file written like every export (whole or not at all, owner-only)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from qualcode.domain.errors import StorageError
from qualcode.ui.themes.map_items import CodeNode
from qualcode.ui.themes.map_model import MapCode, MapData, MapTheme
from qualcode.ui.themes.thematic_map import ThematicMapView

LONG = "Peer support and lived experience"


@pytest.fixture
def view(qtbot) -> ThematicMapView:  # type: ignore[no-untyped-def]
    v = ThematicMapView()
    qtbot.addWidget(v)
    themes = [MapTheme(1, "Being believed", None, "reviewed", "#4363d8", False, None, None)]
    codes = [MapCode(1, LONG, "#bfef45"), MapCode(2, "Naloxone", "#42d4f4")]
    v.set_data(MapData(themes, codes, [(1, 1), (1, 2)]))
    return v


def test_long_code_names_wrap_instead_of_being_cut(view: ThematicMapView) -> None:
    nodes = {n.code.name: n for n in view.scene().items() if isinstance(n, CodeNode)}
    long, short = nodes[LONG], nodes["Naloxone"]
    assert "…" not in long.label and long.label.replace("\n", " ") == LONG
    assert "\n" in long.label and "\n" not in short.label
    assert long.boundingRect().height() > short.boundingRect().height()


def test_png_and_svg_are_written_whole_and_owner_only(
    view: ThematicMapView, tmp_path: Path
) -> None:
    old = os.umask(0o022)
    try:
        view.export_png(tmp_path / "map.png")
        view.export_svg(tmp_path / "map.svg")
    finally:
        os.umask(old)
    assert not QImage(str(tmp_path / "map.png")).isNull()
    svg = (tmp_path / "map.svg").read_text(encoding="utf-8")
    assert "Peer support and lived" in svg and "experience" in svg
    for name in ("map.png", "map.svg"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.png", "map.svg"]


def test_a_missing_folder_is_a_clear_error(view: ThematicMapView, tmp_path: Path) -> None:
    with pytest.raises(StorageError, match=r"map\.png"):
        view.export_png(tmp_path / "gone" / "map.png")
