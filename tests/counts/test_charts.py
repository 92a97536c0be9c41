"""Charts render to non-blank PNGs and to SVGs that carry the code names as text."""

from __future__ import annotations

import io
import re
from html import unescape

import numpy as np
import pandas as pd
import pytest
from matplotlib.image import imread

from qualcode.domain.errors import ValidationError
from qualcode.exporters import charts

NAMES = [
    "Waiting & delays",
    "Cost: $5 a day",
    "A very long code name about being passed from one service to another without anyone "
    "taking responsibility",
    "Trust",
]
COLOURS = ["#E6194B", "#FFFAC8", "#4363D8", "not a colour"]


def _pixels(png: bytes) -> np.ndarray:
    assert png.startswith(b"\x89PNG")
    return np.asarray(imread(io.BytesIO(png), format="png"))


def _non_blank(png: bytes) -> float:
    """The share of pixels that are not white."""
    rgb = _pixels(png)[..., :3]
    return float((rgb < 0.95).any(axis=-1).mean())


def _svg_text(svg: bytes) -> str:
    text = svg.decode("utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    return unescape(re.sub(r"\s+", " ", text))


def _frequencies() -> pd.DataFrame:
    return pd.DataFrame(
        {"Lived experience": [3, 0, 12, 7], "Professional": [5, 2, 1, 0], "No value": [1, 1, 0, 0]},
        index=NAMES,
    )


def test_code_bars_png_and_svg() -> None:
    png = charts.code_bars(_frequencies(), COLOURS, title="Extracts per code by role")
    assert _non_blank(png) > 0.03
    svg = _svg_text(charts.code_bars(_frequencies(), COLOURS, title="Extracts", fmt="svg"))
    for name in ("Waiting & delays", "Cost: $5 a day", "Trust", "Lived experience"):
        assert name in svg
    assert "A very long code name" in svg and "…" in svg  # cut, never run over the bars


def test_code_bars_use_the_code_colours() -> None:
    rgb = _pixels(charts.code_bars(_frequencies(), COLOURS, title="Extracts"))[..., :3]
    red = np.array([0xE6, 0x19, 0x4B]) / 255
    assert (np.abs(rgb - red).max(axis=-1) < 0.02).sum() > 100


def test_figure_grows_with_rows() -> None:
    small = charts.code_bars_figure(_frequencies(), COLOURS, title="t")
    big_table = pd.DataFrame({"All": range(40)}, index=[f"Code {i}" for i in range(40)])
    big = charts.code_bars_figure(big_table, ["#4363D8"] * 40, title="t")
    assert big.get_size_inches()[1] > small.get_size_inches()[1] * 2
    with pytest.raises(ValidationError, match="too many"):
        charts.code_bars_figure(pd.DataFrame({"All": range(101)}), ["#000000"] * 101, title="t")
    with pytest.raises(ValidationError, match="no codes"):
        charts.code_bars_figure(pd.DataFrame({"All": []}), [], title="t")


def test_cooccurrence_heatmap() -> None:
    m = pd.DataFrame(
        [[9, 2, 0, 1], [2, 4, 0, 0], [0, 0, 5, 3], [1, 0, 3, 7]], index=NAMES, columns=NAMES
    )
    png = charts.cooccurrence_heatmap(m, title="Co-occurrence", counted="pairs")
    assert _non_blank(png) > 0.03
    svg = _svg_text(charts.cooccurrence_heatmap(m, title="Co-occurrence: overlap", fmt="svg"))
    assert "Waiting &amp; delays" not in svg and "Waiting & delays" in svg
    assert "Co-occurrence: overlap" in svg and "Trust" in svg
    big = pd.DataFrame(np.eye(61, dtype=int))
    with pytest.raises(ValidationError, match="at most 60"):
        charts.cooccurrence_figure(big, title="t")


def test_coverage_bars() -> None:
    frame = pd.DataFrame(
        {
            "document": ["Focus group 1", "Survey - Q1: " + "what helped you " * 8, "Notes"],
            "kind": ["Focus group", "Survey", "Field notes"],
            "percent": [42.0, 0.0, 100.0],
        }
    )
    png = charts.coverage_bars(frame, title="Coding coverage per document")
    assert _non_blank(png) > 0.03
    svg = _svg_text(charts.coverage_bars(frame, title="Coverage", fmt="svg"))
    assert "Focus group 1" in svg and "42%" in svg and "100%" in svg and "Field notes" in svg
    with pytest.raises(ValidationError, match="no documents"):
        charts.coverage_figure(frame.iloc[0:0], title="t")


def test_short_label() -> None:
    assert charts.short_label("Trust") == "Trust"
    assert charts.short_label("a b c d e f g h", width=5, lines=2) == "a b c\nd e…"
    assert charts.short_label("$x$") == r"\$x\$"
    with pytest.raises(ValidationError, match="PNG or SVG"):
        charts.render(charts.code_bars_figure(_frequencies(), COLOURS, title="t"), "pdf")  # type: ignore[arg-type]


def test_png_is_written_at_the_requested_resolution() -> None:
    import io

    from matplotlib.figure import Figure
    from matplotlib.image import imread

    from qualcode.exporters.charts import render

    fig = Figure(figsize=(4, 2))
    fig.add_subplot().plot([0, 1], [0, 1])
    assert imread(io.BytesIO(render(fig, "png", dpi=150))).shape[:2] == (300, 600)
    assert imread(io.BytesIO(render(fig, "png", dpi=50))).shape[:2] == (100, 200)
