"""Inter-coder agreement arithmetic: units, percent agreement, Cohen's kappa, Krippendorff's alpha.

Why this shape: a project can hold ten million characters, so character-level agreement is never
computed character by character. Each coder's codings of one code in one document are merged into
disjoint intervals; the union of their end points cuts the document into *segments* inside which
every coder's yes/no is constant. A segment then stands for all its characters at once, as a
weight. Turn-level agreement uses the same shape with one unit per turn (weight 1). Every figure
below is computed from that pair (weights, who-covers-what), so both unit kinds share one path.

Krippendorff's alpha here is the nominal alpha of binary data where every coder codes every unit
(absence of the code is a value: 0). For turns the ``krippendorff`` package computes it from the
reliability matrix; for characters the same coincidence formula runs on weighted segments (the
package takes one column per unit, which at character level would be one per character), and a
test checks the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Intervals = npt.NDArray[np.int64]  # shape (k, 2): start, end (end exclusive)


@dataclass(frozen=True)
class Units:
    """Units of one code: ``weights[j]`` characters (or 1 turn) where coder ``i`` said
    ``cover[i, j]`` (applied the code or not); ``spans[j]`` is where the unit is."""

    weights: npt.NDArray[np.float64]
    cover: npt.NDArray[np.bool_]  # shape (coders, units)
    spans: npt.NDArray[np.int64]  # shape (units, 2)


def merged(intervals: Intervals) -> Intervals:
    """Sorted, disjoint intervals covering the same characters (overlapping or touching ones
    joined)."""
    if len(intervals) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    order = np.lexsort((intervals[:, 1], intervals[:, 0]))
    iv = intervals[order]
    reach = np.maximum.accumulate(iv[:, 1])
    starts_new = np.ones(len(iv), dtype=bool)
    starts_new[1:] = iv[1:, 0] > reach[:-1]
    group = np.cumsum(starts_new) - 1
    out = np.zeros((int(group[-1]) + 1, 2), dtype=np.int64)
    out[:, 0] = iv[starts_new, 0]
    ends = np.zeros(len(out), dtype=np.int64)
    np.maximum.at(ends, group, iv[:, 1])
    out[:, 1] = ends
    return out


def character_units(length: int, per_coder: list[Intervals]) -> Units:
    """Segments of a ``length``-character document, each coder's yes/no constant inside one."""
    coders = [merged(iv) for iv in per_coder]
    points = [np.array([0, length], dtype=np.int64), *(iv.ravel() for iv in coders)]
    bounds = np.unique(np.concatenate(points))
    bounds = bounds[(bounds >= 0) & (bounds <= length)]
    cover = np.zeros((len(coders), len(bounds) - 1), dtype=bool)
    for i, iv in enumerate(coders):
        delta = np.zeros(len(bounds), dtype=np.int64)
        np.add.at(delta, np.searchsorted(bounds, iv[:, 0]), 1)
        np.add.at(delta, np.searchsorted(bounds, iv[:, 1]), -1)
        cover[i] = np.cumsum(delta)[:-1] > 0
    spans = np.stack([bounds[:-1], bounds[1:]], axis=1)
    return Units(np.diff(bounds).astype(np.float64), cover, spans)


def turn_units(turns: Intervals, per_coder: list[Intervals]) -> Units:
    """One unit per turn: a coder applied the code to a turn when one of their codings overlaps
    it."""
    turns = turns[np.argsort(turns[:, 0], kind="stable")] if len(turns) else turns
    cover = np.zeros((len(per_coder), len(turns)), dtype=bool)
    for i, raw in enumerate(per_coder):
        iv = merged(raw)
        if len(iv) == 0 or len(turns) == 0:
            continue
        began = np.searchsorted(iv[:, 0], turns[:, 1], side="left")  # start < turn end
        ended = np.searchsorted(iv[:, 1], turns[:, 0], side="right")  # end <= turn start
        cover[i] = began - ended > 0
    return Units(np.ones(len(turns), dtype=np.float64), cover, turns.reshape(-1, 2))


def concat(parts: list[Units], coders: int) -> Units:
    if not parts:
        return Units(
            np.zeros(0, dtype=np.float64),
            np.zeros((coders, 0), dtype=bool),
            np.zeros((0, 2), dtype=np.int64),
        )
    return Units(
        np.concatenate([p.weights for p in parts]),
        np.concatenate([p.cover for p in parts], axis=1),
        np.concatenate([p.spans for p in parts]),
    )


@dataclass(frozen=True)
class Figures:
    """Agreement on one code (or all codes pooled). ``None``: undefined (no variation)."""

    units: float  # characters or turns compared
    coded: tuple[float, ...]  # units each coder applied the code to
    agreed_yes: float  # units every coder applied the code to
    percent: float | None  # share of units where all coders agree, 0-100
    kappa: float | None  # Cohen's kappa, exactly two coders
    alpha: float | None  # Krippendorff's alpha (nominal)


def two_by_two(u: Units) -> tuple[float, float, float, float]:
    """(both, only first, only second, neither) unit weights for the first two coders."""
    a, b, w = u.cover[0], u.cover[1], u.weights
    return (
        float(w[a & b].sum()),
        float(w[a & ~b].sum()),
        float(w[~a & b].sum()),
        float(w[~a & ~b].sum()),
    )


def cohen_kappa(both: float, only_a: float, only_b: float, neither: float) -> float | None:
    """kappa = (po - pe) / (1 - pe) from a 2x2 table of weights."""
    n = both + only_a + only_b + neither
    if n <= 0:
        return None
    po = (both + neither) / n
    pe = ((both + only_a) * (both + only_b) + (neither + only_a) * (neither + only_b)) / (n * n)
    if pe >= 1:
        return None
    return float((po - pe) / (1 - pe))


def weighted_alpha(u: Units) -> float | None:
    """Nominal Krippendorff's alpha of binary data, every coder coding every unit, on weighted
    units: alpha = 1 - (n - 1) * o01 / (n0 * n1) with the coincidence o01 and value totals."""
    m = u.cover.shape[0]
    if m < 2 or u.weights.sum() <= 0:
        return None
    ones = u.cover.sum(axis=0).astype(np.float64)
    zeros = m - ones
    w = u.weights
    o01 = float((w * ones * zeros).sum()) / (m - 1)
    n1 = float((w * ones).sum())
    n0 = float((w * zeros).sum())
    n = n0 + n1
    if n0 == 0 or n1 == 0:
        return None
    return float(1 - (n - 1) * o01 / (n0 * n1))


def package_alpha(u: Units) -> float | None:
    """Krippendorff's alpha by the ``krippendorff`` package (units are columns: turns)."""
    import krippendorff

    if u.cover.shape[0] < 2 or u.cover.shape[1] == 0:
        return None
    data = u.cover.astype(np.float64)
    if np.all(data == data[0, 0]):
        return None  # one value throughout: alpha is undefined
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def figures(u: Units, *, weighted: bool) -> Figures:
    """All figures for one set of units; ``weighted`` says the units are character segments."""
    total = float(u.weights.sum())
    coded = tuple(float(u.weights[row].sum()) for row in u.cover)
    everyone = u.cover.all(axis=0) if u.cover.shape[1] else np.zeros(0, dtype=bool)
    nobody = ~u.cover.any(axis=0) if u.cover.shape[1] else np.zeros(0, dtype=bool)
    agree = float(u.weights[everyone | nobody].sum())
    percent = 100 * agree / total if total > 0 else None
    kappa = cohen_kappa(*two_by_two(u)) if u.cover.shape[0] == 2 and total > 0 else None
    alpha = weighted_alpha(u) if weighted else package_alpha(u)
    return Figures(total, coded, float(u.weights[everyone].sum()), percent, kappa, alpha)


def disagreeing(u: Units, join: bool = True) -> list[tuple[int, int, tuple[bool, ...]]]:
    """The spans where the coders differ: (start, end, who applied the code). With ``join``
    (character segments), touching segments with the same pattern are one span."""
    if u.cover.shape[1] == 0:
        return []
    differ = u.cover.any(axis=0) & ~u.cover.all(axis=0)
    out: list[tuple[int, int, tuple[bool, ...]]] = []
    for j in np.flatnonzero(differ):
        start, end = int(u.spans[j, 0]), int(u.spans[j, 1])
        who = tuple(bool(x) for x in u.cover[:, j])
        if join and out and out[-1][1] == start and out[-1][2] == who:
            out[-1] = (out[-1][0], end, who)
        else:
            out.append((start, end, who))
    return out
