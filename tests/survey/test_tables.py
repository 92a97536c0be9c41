"""Closed-question tables against pandas computed here, from the raw rows of the fixture."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from qualcode.domain.errors import NotFoundError
from qualcode.exporters.survey_model import Disclosure, QuestionTable, round_share
from qualcode.services.survey.closed import question_tables
from qualcode.storage.project import Project
from tests.survey.world import AGE, AREA, ROWS, SCORE, USED, VISITS

RAW = pd.DataFrame(ROWS).replace("", pd.NA)


def tables(path: Path, by: str | None = None) -> dict[str, QuestionTable]:
    with Project.open(path, readonly=True) as p:
        return {t.key: t for t in question_tables(p, by)}


def close_to(share: float, n: float, base: float) -> bool:
    """A rounded share within half a percentage point of the exact one."""
    return abs(share - n / base) <= 0.005 + 1e-9


def test_single_choice_frequencies_bases_and_order(survey_world: Path) -> None:
    t = tables(survey_world)[VISITS]
    answered = RAW[VISITS].dropna()
    expected = answered.value_counts()
    assert t.kind == "single" and t.asked == len(RAW) and t.answered == len(answered)
    assert t.not_answered == RAW[VISITS].isna().sum() == 3
    # the options in their order (first appearance in the file), not by frequency
    assert list(t.frame.index) == list(dict.fromkeys(RAW[VISITS].dropna()))
    for option, n in expected.items():
        assert t.frame.at[option, "n"] == n
        assert close_to(t.frame.at[option, "share"], n, len(answered))
    assert t.base_line() == "Base: 21 respondents who answered (of 24 asked; 3 did not answer)."


def test_multiple_choice_shares_are_of_respondents_who_answered(survey_world: Path) -> None:
    t = tables(survey_world)[USED]
    answered = RAW[USED].dropna()
    ticks = answered.str.split("; ").explode().value_counts()
    assert t.kind == "multiple" and t.answered == len(answered) == 20
    assert dict(t.frame["n"]) == dict(ticks)
    for option, n in ticks.items():
        assert close_to(t.frame.at[option, "share"], n, len(answered))
    assert t.frame["share"].sum() > 1  # respondents tick more than one
    assert "each could tick more than one option" in t.base_line()


def test_rating_lists_every_point_and_numbers_are_banded(survey_world: Path) -> None:
    found = tables(survey_world)
    rating = found[SCORE]
    scores = pd.to_numeric(RAW[SCORE]).dropna().astype(int)
    assert rating.kind == "rating" and list(rating.frame.index) == ["1", "2", "3", "4", "5"]
    assert rating.frame.at["2", "n"] == 0  # nobody gave 2, still listed
    assert {int(k): v for k, v in rating.frame["n"].items() if v} == dict(scores.value_counts())
    assert rating.stats["Mean"] == round(scores.mean(), 1)
    ages = pd.to_numeric(RAW[AGE]).dropna()
    age = found[AGE]
    assert age.kind == "number" and age.frame["n"].sum() == len(ages) == age.answered
    decades = (ages // 10 * 10).astype(int).value_counts()
    for decade, n in decades.items():
        assert age.frame.at[f"{decade}–{decade + 9}", "n"] == n
    assert age.stats["Median"] == ages.median()


def test_crosstab_column_percentages_and_bases(survey_world: Path) -> None:
    t = tables(survey_world, by=AREA)[VISITS]
    assert t.crosstab is not None
    both = RAW.dropna(subset=[VISITS]).fillna({AREA: "No value"})
    expected = pd.crosstab(both[VISITS], both[AREA])
    bases = expected.sum(axis=0)
    for area in expected.columns:
        assert t.crosstab.bases[area] == bases[area]
        for option in expected.index:
            n = expected.at[option, area]
            assert t.crosstab.counts.at[option, area] == n
            assert close_to(t.crosstab.shares.at[option, area], n, bases[area])
    assert t.crosstab.bases["All"] == t.answered
    assert list(t.crosstab.counts.columns) == ["North", "South", "East", "No value", "All"]


def test_multiple_choice_crosstab_bases_are_those_who_answered(survey_world: Path) -> None:
    t = tables(survey_world, by=AREA)[USED]
    assert t.crosstab is not None
    answered = RAW.dropna(subset=[USED]).fillna({AREA: "No value"})
    bases = answered[AREA].value_counts()
    ticked = answered.assign(option=answered[USED].str.split("; ")).explode("option")
    expected = pd.crosstab(ticked["option"], ticked[AREA])
    for area, base in bases.items():
        assert t.crosstab.bases[area] == base
        for option in expected.index:
            assert t.crosstab.counts.at[option, area] == expected.at[option, area]


def test_a_question_by_itself_has_no_crosstab_and_unknown_attribute_is_named(
    survey_world: Path,
) -> None:
    assert tables(survey_world, by=AREA)[AREA].crosstab is None
    with pytest.raises(NotFoundError, match="no case attribute 'Postcode'"):
        tables(survey_world, by="Postcode")


def test_rounding_is_half_up_and_stated() -> None:
    assert round_share(1, 8) == 0.13  # 12.5% -> 13%, not the banker's 12%
    assert round_share(1, 8, decimals=1) == 0.125
    assert round_share(3, 0) is None
    assert "whole numbers" in Disclosure().rule()


def test_small_cells_at_the_threshold_edge(survey_world: Path) -> None:
    t = tables(survey_world)[VISITS]
    flag, hide = Disclosure(5), Disclosure(5, suppress=True)
    monthly, weekly = int(t.frame.at["Monthly", "n"]), int(t.frame.at["Weekly", "n"])
    assert (monthly, weekly) == (4, 5)
    assert flag.small(monthly) and not flag.small(weekly) and not flag.small(0)
    assert flag.shows(monthly) == 4 and hide.shows(monthly) == "<5" and hide.shows(weekly) == 5
    assert "flagged" in flag.rule() and "“<5”" in hide.rule()
    assert not Disclosure(0).small(1) and "No small-cell rule" in Disclosure(0).rule()
