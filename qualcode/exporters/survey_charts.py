"""A closed question's chart: the share of those who answered who gave each option.

Drawn like the counts' charts (:mod:`qualcode.exporters.charts`: matplotlib's object API on the Agg
canvas, no pyplot, no Qt), one panel per crosstab column on the same scale, so the window, a saved
PNG and a report show one picture. Bars are shares, not counts, because the panels' bases differ;
every panel's title states its base. A suppressed small cell draws no bar and says "<5", so the
chart never shows what the table hides.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from qualcode.exporters.charts import _FONT, _GREY, _text_width, _titles, short_label
from qualcode.exporters.survey_model import ALL, KIND_LABELS, Disclosure, QuestionTable

_BAR = "#4C78A8"
_MAX_PANELS = 8


def question_figure(q: QuestionTable, rule: Disclosure, crosstab: bool = True) -> Figure:
    """Bars of each option's share, one panel per group of the crosstab (else one, All)."""
    if crosstab and q.crosstab is not None:
        groups = [str(c) for c in q.crosstab.counts.columns][:_MAX_PANELS]
        counts = q.crosstab.counts[groups]
        shares = q.crosstab.shares[groups]
        bases = [int(q.crosstab.bases[g]) for g in groups]
    else:
        groups, counts = [ALL], q.frame[["n"]].set_axis([ALL], axis=1)
        shares, bases = q.frame[["share"]].set_axis([ALL], axis=1), [q.answered]
    rows = [str(i) for i in counts.index]
    labels = [short_label(r, 34, 2) for r in rows]
    row_in = 0.40 if any("\n" in lab for lab in labels) else 0.30
    panel_in = 2.6 if len(groups) <= 2 else 1.7
    left_in = _text_width(labels) + 0.35
    width = max(left_in + panel_in * len(groups) + 0.3, 6.0)
    top_in, bottom_in = 1.25, 0.55
    height = top_in + bottom_in + row_in * max(len(rows), 1)
    fig = Figure(figsize=(width, height))
    fig.subplots_adjust(
        left=left_in / width,
        right=1 - 0.3 / width,
        top=1 - top_in / height,
        bottom=bottom_in / height,
        wspace=0.15,
    )
    axes = fig.subplots(1, len(groups), sharey=True, sharex=True, squeeze=False)[0]
    y = np.arange(len(rows))
    for k, (ax, group, n_base) in enumerate(zip(axes, groups, bases, strict=True)):
        values = []
        for row in rows:
            n = int(counts.at[row, group])
            hidden = rule.suppress and rule.small(n)
            share = shares.at[row, group]
            values.append(np.nan if hidden or share != share else float(share))
        ax.barh(y, np.nan_to_num(values), color=_BAR, height=0.66, zorder=2)
        for i, row in enumerate(rows):
            n, value = int(counts.at[row, group]), values[i]
            shown = rule.shows(n)
            text = shown if isinstance(shown, str) else ""
            if isinstance(shown, int) and value == value:  # NaN: no base
                text = f"{value * 100:.{max(rule.decimals, 0)}f}%" + ("*" if rule.small(n) else "")
            x = 0.0 if value != value else value
            ax.text(x + 0.02, i, text, va="center", fontsize=_FONT - 1, color="#222222", zorder=3)
        ax.set_xlim(0, 1.15)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.tick_params(axis="x", labelsize=_FONT - 1, colors=_GREY)
        ax.grid(axis="x", color="#DDDDDD", linewidth=0.6, zorder=1)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        head = short_label(f"{group} (base {n_base:,})", int(panel_in * 10), 2)
        ax.set_title(head, fontsize=_FONT, weight="bold", loc="left")
        if k:
            ax.tick_params(axis="y", left=False, labelleft=False)
    axes[0].set_yticks(y, labels, fontsize=_FONT)
    axes[0].set_ylim(len(rows) - 0.5, -0.5)
    what = "% of respondents who answered"
    if q.kind == "multiple":
        what += " (more than one option could be ticked)"
    by = f", by {q.crosstab.by}" if crosstab and q.crosstab is not None else ""
    base = f"Base: {q.answered:,} who answered, of {q.asked:,} asked."
    subtitle = f"{KIND_LABELS[q.kind]}{by}. Bars: {what}. {base}"
    _titles(fig, short_label(q.title, 90, 1), short_label(subtitle, int(width * 14), 2), height)
    return fig
