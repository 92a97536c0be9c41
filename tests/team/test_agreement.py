"""Agreement figures against hand computations on a 20-character document coded by two coders.

Expected values are worked out here from the definitions, character by character (fine for 20
characters), not with the module under test:
  percentage agreement = share of units where both coders agree (yes-yes or no-no);
  Cohen's kappa = (po - pe) / (1 - pe), pe from each coder's own yes/no rates;
  Krippendorff's alpha (nominal) = 1 - (n - 1) * o01 / (n0 * n1) from the coincidence matrix.
"""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest

from qualcode.analysis import agreement as calc
from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.services.team.agreement import agreement
from qualcode.storage.project import Project
from tests.team.conftest import ALEX, BEA, TEXT, TURNS, TwoCoders, code_as


def vector(spans: list[tuple[str, int, int]], code: str) -> list[int]:
    out = [0] * len(TEXT)
    for name, a, b in spans:
        if name == code:
            for i in range(a, b):
                out[i] = 1
    return out


def per_turn(spans: list[tuple[str, int, int]], code: str) -> list[int]:
    return [int(any(n == code and a < te and b > ts for n, a, b in spans)) for ts, te in TURNS]


def hand_kappa(x: list[int], y: list[int]) -> float:
    n = len(x)
    po = sum(a == b for a, b in zip(x, y, strict=True)) / n
    px, py = sum(x) / n, sum(y) / n
    pe = px * py + (1 - px) * (1 - py)
    return (po - pe) / (1 - pe)


def hand_alpha(x: list[int], y: list[int]) -> float:
    # two coders, every unit pairable: each unit adds its ordered pairs / (m - 1) = 1
    o01 = sum(
        1 for a, b in zip(x, y, strict=True) if a != b
    )  # pairs (0,1) and (1,0): one of each per unit
    n1 = sum(x) + sum(y)
    n0 = 2 * len(x) - n1
    n = n0 + n1
    return 1 - (n - 1) * o01 / (n0 * n1)


def test_character_level_per_code_and_overall(opened: Project) -> None:
    result = agreement(opened, ["Alex", "Bea"], "character")
    assert result.documents == ["Interview 1"]
    assert result.left_out == ["Interview 2"]  # Bea never coded it
    by_name = {c.code_name: c.figures for c in result.codes}
    ax, bx = vector(ALEX, "X"), vector(BEA, "X")
    x = by_name["X"]
    assert x.units == 20 and x.coded == (10, 9) and x.agreed_yes == 6
    assert x.percent == pytest.approx(100 * 13 / 20)
    assert x.kappa == pytest.approx(hand_kappa(ax, bx))
    assert x.kappa == pytest.approx(0.3)
    assert x.alpha == pytest.approx(hand_alpha(ax, bx))
    y = by_name["Y"]
    assert (y.percent, y.kappa, y.alpha) == (100.0, 1.0, 1.0)
    pooled_a = ax + vector(ALEX, "Y")
    pooled_b = bx + vector(BEA, "Y")
    overall = result.overall.figures
    assert overall.units == 40
    assert overall.kappa == pytest.approx(hand_kappa(pooled_a, pooled_b))
    assert overall.alpha == pytest.approx(hand_alpha(pooled_a, pooled_b))
    assert overall.alpha == pytest.approx(
        krippendorff.alpha(
            reliability_data=np.array([pooled_a, pooled_b], dtype=float),
            level_of_measurement="nominal",
        )
    )


def test_disagreements_name_place_text_and_coders(opened: Project) -> None:
    result = agreement(opened, ["Alex", "Bea"])
    found = [
        (d.code_name, d.start, d.end, d.excerpt, d.applied_by, d.not_by)
        for d in result.disagreements
    ]
    assert found == [
        ("X", 2, 4, "cd", ("Alex",), ("Bea",)),
        ("X", 10, 12, "kl", ("Alex",), ("Bea",)),
        ("X", 15, 18, "pqr", ("Bea",), ("Alex",)),
    ]
    assert all(d.document_name == "Interview 1" for d in result.disagreements)


def test_turn_level(opened: Project) -> None:
    result = agreement(opened, ["Alex", "Bea"], "turn")
    x = next(c.figures for c in result.codes if c.code_name == "X")
    ax, bx = per_turn(ALEX, "X"), per_turn(BEA, "X")
    assert (ax, bx) == ([1, 1, 1, 0], [0, 1, 0, 1])
    assert x.units == 4
    assert x.percent == pytest.approx(25.0)
    assert x.kappa == pytest.approx(hand_kappa(ax, bx)) and x.kappa == pytest.approx(-0.5)
    assert x.alpha == pytest.approx(hand_alpha(ax, bx))
    spans = [(d.start, d.end) for d in result.disagreements]
    assert spans == [(0, 3), (10, 14), (14, 20)]  # each disagreeing turn, whole


def test_weighted_alpha_matches_the_package_for_three_coders() -> None:
    rng = np.random.default_rng(7)
    coders = [np.sort(rng.integers(0, 60, size=(4, 2)), axis=1) for _ in range(3)]
    coders = [iv[iv[:, 1] > iv[:, 0]] for iv in coders]
    units = calc.character_units(60, coders)
    chars = np.zeros((3, 60))
    for i, iv in enumerate(coders):
        for a, b in iv:
            chars[i, a:b] = 1
    expected = krippendorff.alpha(reliability_data=chars, level_of_measurement="nominal")
    assert calc.weighted_alpha(units) == pytest.approx(expected)
    assert units.weights.sum() == 60


def test_unknown_coder_and_single_coder_are_clear_errors(opened: Project) -> None:
    with pytest.raises(NotFoundError, match=r"no coder called 'Zoe'.*Alex, Bea"):
        agreement(opened, ["Alex", "Zoe"])
    with pytest.raises(ValidationError, match="two coders"):
        agreement(opened, ["Alex"])
    with pytest.raises(ValidationError, match="Unknown unit"):
        agreement(opened, None, "word")  # type: ignore[arg-type]


def test_three_coders_alpha_over_all_and_no_kappa(two_coders: TwoCoders) -> None:
    cy = [("X", 0, 10)]
    code_as(two_coders.path, "Cy", two_coders.doc, two_coders.codes, cy)
    with two_coders.open() as p:
        result = agreement(p, ["Alex", "Bea", "Cy"])
    x = next(c.figures for c in result.codes if c.code_name == "X")
    chars = np.array([vector(ALEX, "X"), vector(BEA, "X"), vector(cy, "X")], dtype=float)
    assert x.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=chars, level_of_measurement="nominal")
    )
    assert x.kappa is None
    assert any("choose exactly two" in n for n in result.notes)
    everyone = sum(1 for col in chars.T if len(set(col)) == 1)
    assert x.percent == pytest.approx(100 * everyone / 20)
    x_spans = [(d.start, d.end, d.applied_by) for d in result.disagreements if d.code_name == "X"]
    assert x_spans[:3] == [(0, 2, ("Cy",)), (2, 4, ("Alex", "Cy")), (10, 12, ("Alex",))]
    y_spans = [(d.start, d.end, d.not_by) for d in result.disagreements if d.code_name == "Y"]
    assert y_spans == [(0, 5, ("Cy",))]  # Alex and Bea coded Y there, Cy did not
