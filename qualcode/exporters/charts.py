"""Charts for reports and the GUI: code frequencies by group, co-occurrence, coding coverage.

Drawn with matplotlib's object API on the Agg canvas only: no pyplot (its global figure registry
leaks memory in a long-running app and picks a GUI backend) and no Qt backend (this layer has no
Qt), so the same code renders in the CLI, in a GUI worker thread and on a headless server. The GUI
shows the PNG bytes, or embeds the :class:`Figure` the ``*_figure`` functions return.

Charts are made to be read, not decoded: every title says what a bar or a cell counts, long names
are wrapped then cut with an ellipsis (never overlapping), the figure grows with the number of
rows instead of shrinking the type, and codes keep the colours researchers gave them. SVG keeps
its text as text, so names stay searchable and selectable.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import Literal

import matplotlib
import numpy as np
import pandas as pd  # type: ignore[import-untyped]
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap, is_color_like
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

from qualcode.domain.errors import ValidationError

Format = Literal["png", "svg"]
FORMATS: tuple[Format, ...] = ("png", "svg")
MAX_ROWS = 100  # bars in one chart; beyond that pick the top ones (the CLI's --codes)
MAX_MATRIX = 60  # codes in one heatmap
MAX_PANELS = 12  # groups side by side
DPI = 150
_FONT = 9.0
_CHAR_IN = 0.56 * _FONT / 72  # average width of a character, inches
_GREY = "#555555"
_KIND_COLOURS = ("#4C78A8", "#F58518", "#54A24B", "#B279A2", "#E45756", "#72B7B2", "#9D755D")


def _tex(text: str) -> str:
    """Text matplotlib must not read as mathematics ("$5 a day" stays as written)."""
    return text.replace("$", r"\$")


def short_label(text: str, width: int = 30, lines: int = 2) -> str:
    """``text`` wrapped to ``width`` characters on at most ``lines`` lines, the rest cut with an
    ellipsis."""
    flat = " ".join(str(text).split()) or "(no name)"
    wrapped = textwrap.wrap(flat, width, break_on_hyphens=True) or [flat]
    if len(wrapped) > lines:
        rest = " ".join(wrapped[lines - 1 :])
        wrapped = [*wrapped[: lines - 1], rest[: width - 1].rstrip() + "…"]
    return _tex("\n".join(wrapped))


def _text_width(labels: Sequence[str], size: float = _FONT) -> float:
    """Inches the widest line of ``labels`` needs at ``size`` points."""
    longest = max((len(line) for lab in labels for line in lab.split("\n")), default=1)
    return longest * 0.56 * size / 72


def render(fig: Figure, fmt: Format = "png", dpi: int = DPI) -> bytes:
    """The figure as PNG or SVG bytes (SVG text stays text; no timestamps, stable output)."""
    if fmt not in FORMATS:
        raise ValidationError(f"Charts are written as PNG or SVG, not '{fmt}'.")
    canvas = FigureCanvasAgg(fig)
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "qualcode"}):
        if fmt == "svg":
            fig.savefig(buf, format="svg", metadata={"Date": None})
        else:
            fig.set_dpi(dpi)
            canvas.print_png(buf, metadata={"Software": "QualCode"})  # type: ignore[no-untyped-call]
    return buf.getvalue()


def _colour(value: str) -> str:
    return value if isinstance(value, str) and is_color_like(value) else "#A9A9A9"


def _subtitle(text: str, width: float) -> tuple[str, float]:
    """``text`` wrapped to the figure's width, and the extra inches its further lines need."""
    lines = textwrap.wrap(" ".join(text.split()), max(int((width - 0.3) / _CHAR_IN), 20))
    return "\n".join(lines), 0.17 * max(len(lines) - 1, 0)


def _titles(fig: Figure, title: str, subtitle: str, height: float) -> None:
    fig.text(0.012, 1 - 0.14 / height, _tex(title), fontsize=12, weight="bold", va="top")
    if subtitle:
        fig.text(0.012, 1 - 0.42 / height, _tex(subtitle), fontsize=_FONT, color=_GREY, va="top")


def code_bars_figure(
    table: pd.DataFrame,
    colours: Sequence[str],
    *,
    title: str,
    subtitle: str = "",
    measure: str = "extracts",
) -> Figure:
    """Small multiples: one panel per column of ``table`` (a group), a bar per row (a code, in
    the code's colour), the codes on one shared axis and the same scale in every panel."""
    rows, groups = [str(i) for i in table.index], [str(c) for c in table.columns]
    if not rows or not groups:
        raise ValidationError("There are no codes to chart.")
    if len(rows) > MAX_ROWS:
        raise ValidationError(f"{len(rows)} codes are too many for one chart (at most {MAX_ROWS}).")
    if len(groups) > MAX_PANELS:
        raise ValidationError(
            f"{len(groups)} groups are too many to compare side by side (at most {MAX_PANELS})."
        )
    values = table.to_numpy(dtype=float)
    labels = [short_label(r, 34, 2) for r in rows]
    two_lines = any("\n" in lab for lab in labels)
    row_in = 0.40 if two_lines else 0.28
    panel_in = 2.1 if len(groups) <= 3 else 1.6
    heads = [short_label(g, int(panel_in * 11), 3) for g in groups]
    head_lines = max(h.count("\n") + 1 for h in heads)
    left_in = _text_width(labels) + 0.35
    top_in, bottom_in = 0.75 + 0.16 * head_lines, 0.62
    width = max(left_in + panel_in * len(groups) + 0.3, 6.0)
    subtitle, extra = _subtitle(subtitle, width)
    top_in += extra
    height = top_in + bottom_in + row_in * len(rows)
    fig = Figure(figsize=(width, height))
    fig.subplots_adjust(
        left=left_in / width,
        right=1 - 0.3 / width,
        top=1 - top_in / height,
        bottom=bottom_in / height,
        wspace=0.12,
    )
    axes = fig.subplots(1, len(groups), sharey=True, sharex=True, squeeze=False)[0]
    top = float(np.nanmax(values)) if values.size else 0.0
    y = np.arange(len(rows))
    bar_colours = [_colour(c) for c in colours]
    for k, (ax, head) in enumerate(zip(axes, heads, strict=True)):
        _bar_panel(ax, y, values[:, k], bar_colours, top)
        ax.set_title(head, fontsize=_FONT, weight="bold", loc="left")
        if k:
            ax.tick_params(axis="y", left=False, labelleft=False)
    axes[0].set_yticks(y, labels, fontsize=_FONT)
    axes[0].set_ylim(len(rows) - 0.5, -0.5)
    fig.supxlabel(f"Number of {measure}", fontsize=_FONT, y=0.2 / height, va="center")
    _titles(fig, title, subtitle, height)
    return fig


def _bar_panel(ax: Axes, y: np.ndarray, values: np.ndarray, colours: list[str], top: float) -> None:
    for row in range(0, len(y), 2):
        ax.axhspan(row - 0.5, row + 0.5, color="#F3F3F3", zorder=0, linewidth=0)
    ax.barh(y, values, color=colours, edgecolor="#3A3A3A", linewidth=0.4, height=0.68, zorder=2)
    pad = max(top, 1.0) * 0.03
    for row, v in zip(y, values, strict=True):
        shown = f"{int(v):,}" if float(v).is_integer() else f"{v:.1f}"
        ax.text(v + pad, row, shown, va="center", fontsize=_FONT - 1,
                color="#9A9A9A" if v == 0 else "#222222", zorder=3)  # fmt: skip
    ax.set_xlim(0, max(top, 1.0) * 1.22)
    ax.xaxis.set_major_locator(MaxNLocator(4, integer=True))
    ax.tick_params(axis="x", labelsize=_FONT - 1, colors=_GREY)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6, zorder=1)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color("#BBBBBB")
    ax.spines["bottom"].set_color("#BBBBBB")


def code_bars(
    table: pd.DataFrame,
    colours: Sequence[str],
    *,
    title: str,
    subtitle: str = "",
    measure: str = "extracts",
    fmt: Format = "png",
) -> bytes:
    """:func:`code_bars_figure` rendered as PNG or SVG."""
    fig = code_bars_figure(table, colours, title=title, subtitle=subtitle, measure=measure)
    return render(fig, fmt)


def cooccurrence_figure(
    matrix: pd.DataFrame, *, title: str, subtitle: str = "", counted: str = "pairs"
) -> Figure:
    """An annotated heatmap of a symmetric codes × codes matrix. The diagonal (a code with
    itself: how often it occurs) is hatched grey and kept off the colour scale, so the
    off-diagonal cells (the co-occurrences) use the whole range."""
    names = [str(i) for i in matrix.index]
    n = len(names)
    if n == 0:
        raise ValidationError("There are no codes to chart.")
    if n > MAX_MATRIX:
        raise ValidationError(f"{n} codes are too many for one heatmap (at most {MAX_MATRIX}).")
    values = matrix.to_numpy(dtype=float)
    off = values.copy()
    np.fill_diagonal(off, np.nan)
    vmax = max(float(np.nanmax(off)) if n > 1 else 0.0, 1.0)
    cell = 0.46 if n <= 12 else 0.36 if n <= 25 else 0.27
    size = 8.0 if n <= 12 else 7.0 if n <= 25 else 6.0
    ylabels = [short_label(x, 30, 2) for x in names]
    xlabels = [short_label(x, 30, 1) for x in names]
    left_in = _text_width(ylabels) + 0.3
    bottom_in = _text_width(xlabels) * 0.72 + 0.3
    top_in, right_in = 0.95, 1.25
    width = max(left_in + cell * n + right_in, 6.5)
    subtitle, extra = _subtitle(subtitle, width)
    top_in += extra
    height = top_in + bottom_in + cell * n
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes(
        (left_in / width, bottom_in / height, cell * n / width, cell * n / height)
    )  # fmt: skip
    # a light blue for the smallest count, so a 1 never looks like an empty (zero) cell
    cmap = ListedColormap(colormaps["Blues"](np.linspace(0.18, 1.0, 256)))
    ax.set_facecolor("#F5F5F5")
    image = ax.imshow(
        np.ma.masked_invalid(np.where(off > 0, off, np.nan)),
        cmap=cmap,
        vmin=0,
        vmax=vmax,
        aspect="equal",
        interpolation="nearest",
    )
    for i in range(n):
        ax.add_patch(Rectangle((i - 0.5, i - 0.5), 1, 1, facecolor="#E6E6E6", hatch="////",
                               edgecolor="#B5B5B5", linewidth=0))  # fmt: skip
    annotate = n <= 40
    for i in range(n):
        for j in range(n):
            v = values[i, j]
            if not annotate or (v == 0 and i != j):
                continue
            dark = i != j and v / vmax > 0.55
            ax.text(j, i, f"{int(v):,}", ha="center", va="center", fontsize=size,
                    color="white" if dark else "#4A4A4A" if i == j else "#1A1A1A",
                    style="italic" if i == j else "normal")  # fmt: skip
    ax.set_xticks(range(n), xlabels, rotation=50, ha="right", rotation_mode="anchor",
                  fontsize=_FONT - 0.5)  # fmt: skip
    ax.set_yticks(range(n), ylabels, fontsize=_FONT - 0.5)
    ax.set_xticks(np.arange(-0.5, n, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.0)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(which="major", length=2, colors="#333333")
    for spine in ax.spines.values():
        spine.set_visible(False)
    cax = fig.add_axes(
        ((left_in + cell * n + 0.25) / width, bottom_in / height, 0.16 / width,
         min(cell * n, 3.0) / height)
    )  # fmt: skip
    bar = fig.colorbar(image, cax=cax)
    bar.set_label(_tex(counted), fontsize=_FONT - 1)
    bar.ax.tick_params(labelsize=_FONT - 1)
    bar.ax.yaxis.set_major_locator(MaxNLocator(5, integer=True))
    _titles(fig, title, subtitle, height)
    return fig


def cooccurrence_heatmap(
    matrix: pd.DataFrame,
    *,
    title: str,
    subtitle: str = "",
    counted: str = "pairs",
    fmt: Format = "png",
) -> bytes:
    """:func:`cooccurrence_figure` rendered as PNG or SVG."""
    return render(cooccurrence_figure(matrix, title=title, subtitle=subtitle, counted=counted), fmt)


def coverage_figure(frame: pd.DataFrame, *, title: str, subtitle: str = "") -> Figure:
    """Horizontal bars: the percent of each document's text inside at least one coding.
    ``frame`` has columns ``document``, ``percent`` (0-100) and optionally ``kind`` (bars are
    coloured by kind, with a legend)."""
    n = len(frame)
    if n == 0:
        raise ValidationError("There are no documents to chart.")
    if n > MAX_ROWS * 2:
        raise ValidationError(f"{n} documents are too many for one chart (at most {MAX_ROWS * 2}).")
    labels = [short_label(str(d), 44, 2) for d in frame["document"]]
    percents = frame["percent"].to_numpy(dtype=float)
    kinds = [str(k) for k in frame["kind"]] if "kind" in frame else [""] * n
    palette = {k: _KIND_COLOURS[i % len(_KIND_COLOURS)] for i, k in enumerate(dict.fromkeys(kinds))}
    row_in = 0.40 if any("\n" in lab for lab in labels) else 0.28
    left_in = _text_width(labels) + 0.35
    legend_rows = (len(palette) + 3) // 4 if len(palette) > 1 else 0
    top_in, bottom_in = 0.95 + 0.22 * legend_rows, 0.6
    width = max(left_in + 5.0, 7.0)
    subtitle, extra = _subtitle(subtitle, width)
    top_in += extra
    height = top_in + bottom_in + row_in * n
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes(
        (left_in / width, bottom_in / height, 1 - (left_in + 0.3) / width,
         row_in * n / height)
    )  # fmt: skip
    y = np.arange(n)
    for row in range(0, n, 2):
        ax.axhspan(row - 0.5, row + 0.5, color="#F3F3F3", zorder=0, linewidth=0)
    ax.barh(y, percents, color=[palette[k] for k in kinds], height=0.66, zorder=2)
    for at, v in enumerate(percents.tolist()):
        ax.text(v + 1.2, at, f"{v:.0f}%", va="center", fontsize=_FONT - 1, zorder=3)
    ax.set_yticks(y, labels, fontsize=_FONT)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, 110)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f}%"))
    ax.tick_params(axis="x", labelsize=_FONT - 1, colors=_GREY)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6, zorder=1)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("Share of the document's characters inside at least one coding",
                  fontsize=_FONT, color=_GREY)  # fmt: skip
    if legend_rows:
        handles = [Patch(color=c, label=_tex(k)) for k, c in palette.items()]
        anchor = (left_in / width - 0.01, 1 - (0.66 + extra) / height)
        fig.legend(handles=handles, loc="upper left", ncols=4, frameon=False,
                   fontsize=_FONT - 1, bbox_to_anchor=anchor)  # fmt: skip
    _titles(fig, title, subtitle, height)
    return fig


def coverage_bars(
    frame: pd.DataFrame, *, title: str, subtitle: str = "", fmt: Format = "png"
) -> bytes:
    """:func:`coverage_figure` rendered as PNG or SVG."""
    return render(coverage_figure(frame, title=title, subtitle=subtitle), fmt)
