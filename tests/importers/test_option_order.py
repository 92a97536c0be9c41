"""Age bands and other numeric bands come out in numeric order; other options keep theirs."""

from __future__ import annotations

from qualcode.importers.option_order import natural_order
from qualcode.importers.survey_attributes import attribute_columns


def test_bands_in_numeric_order() -> None:
    given = ["35-44", "25-34", "45-54", "55-64", "18-24", "65+", "Under 18"]
    assert natural_order(given) == ["Under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
    assert natural_order(["1-2 years", "Less than 1 year", "10 or more years", "3-5 years"]) == [
        "Less than 1 year",
        "1-2 years",
        "3-5 years",
        "10 or more years",
    ]


def test_other_lists_keep_their_order() -> None:
    for given in (["Weekly", "Monthly", "Rarely"], ["18-24", "Prefer not to say", "25-34"]):
        assert natural_order(given) == given


def test_a_survey_age_column_is_a_category_in_band_order() -> None:
    values = ["35-44", "25-34", "", "18-24", "65+", "35-44"]
    name = "What is your age?"
    (column,) = attribute_columns([name], {name: values}, {name: name})
    assert column.options == ["18-24", "25-34", "35-44", "65+"]
    assert column.values == values  # each respondent keeps their own answer
