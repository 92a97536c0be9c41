"""Derived attributes: age bands with the user's cuts and recodes, recomputed whenever the source
changes and restored by undo together with it."""

from __future__ import annotations

import pytest

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.services.documents import cases
from qualcode.services.participants.derived import (
    define_band,
    define_recode,
    derived_definitions,
    suggest_recode,
)
from qualcode.services.participants.derived_values import band_labels, band_of
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.project import Project

CUTS = (18, 25, 40, 56, 66)


def _people(project: Project, ages: dict[str, str]) -> tuple[int, dict[str, int]]:
    age = cases.define_attribute(project, "Age", "number").entity_id or 0
    ids = {}
    for name, value in ages.items():
        ids[name] = cases.create_case(project, name).entity_id or 0
        if value:
            cases.set_attribute_value(project, age, value, case_id=ids[name])
    return age, ids


def _values(project: Project, ids: dict[str, int], attribute: str) -> dict[str, str]:
    return {
        name: cases.case_attributes(project, case_id).get(attribute, "")
        for name, case_id in ids.items()
    }


def test_the_issue_cuts_give_the_issue_bands() -> None:
    assert band_labels(CUTS) == ["under 18", "18-24", "25-39", "40-55", "56-65", "66+"]


@pytest.mark.parametrize(
    ("age", "band"),
    [
        ("17", "under 18"),
        ("0", "under 18"),
        ("18", "18-24"),
        ("24", "18-24"),
        ("24.9", "18-24"),
        ("25", "25-39"),
        ("39", "25-39"),
        ("40", "40-55"),
        ("55", "40-55"),
        ("56", "56-65"),
        ("65", "56-65"),
        ("66", "66+"),
        ("103", "66+"),
        ("forty", ""),
        ("", ""),
        ("nan", ""),
    ],
)
def test_band_edges(age: str, band: str) -> None:
    assert band_of(age, [float(c) for c in CUTS]) == band


def test_fractional_cuts_say_to_under() -> None:
    assert band_labels([1.5, 2.5]) == ["under 1.5", "1.5 to under 2.5", "2.5+"]


def test_define_band_fills_a_category_in_band_order(project: Project) -> None:
    _age, ids = _people(project, {"Ann": "44", "Bob": "17", "Cy": "66", "Di": ""})
    change = define_band(project, "age", CUTS)
    assert _values(project, ids, "Age_band") == {
        "Ann": "40-55",
        "Bob": "under 18",
        "Cy": "66+",
        "Di": "",
    }
    [definition] = derived_definitions(project)
    assert (definition.name, definition.source, definition.kind) == ("Age_band", "Age", "band")
    assert definition.cuts == (18, 25, 40, 56, 66)
    apply_reversal(project, change.reversal)
    assert derived_definitions(project) == []
    assert _values(project, ids, "Age_band") == dict.fromkeys(ids, "")


def test_band_follows_its_source_and_undo(project: Project) -> None:
    age, ids = _people(project, {"Ann": "44"})
    define_band(project, "Age", CUTS, name="age_band")
    change = cases.set_attribute_value(project, age, "38", case_id=ids["Ann"])
    assert _values(project, ids, "age_band") == {"Ann": "25-39"}
    apply_reversal(project, change.reversal)
    assert _values(project, ids, "Age") == {"Ann": "44"}
    assert _values(project, ids, "age_band") == {"Ann": "40-55"}
    cleared = cases.set_attribute_value(project, age, "", case_id=ids["Ann"])
    assert _values(project, ids, "age_band") == {"Ann": ""}
    apply_reversal(project, cleared.reversal)
    assert _values(project, ids, "age_band") == {"Ann": "40-55"}
    ben = cases.create_case(project, "Ben").entity_id or 0
    cases.set_attribute_value(project, age, "70", case_id=ben)
    assert cases.case_attributes(project, ben)["age_band"] == "66+"


def test_bad_cuts_and_names_are_refused(project: Project) -> None:
    _people(project, {"Ann": "44"})
    with pytest.raises(ValidationError, match="must increase"):
        define_band(project, "Age", [18, 40, 25])
    with pytest.raises(ValidationError, match="at least one"):
        define_band(project, "Age", [])
    with pytest.raises(NotFoundError, match="no attribute called 'height'"):
        define_band(project, "height", CUTS)
    cases.define_attribute(project, "taken", "text")
    with pytest.raises(ValidationError, match="already exists"):
        define_band(project, "Age", CUTS, name="taken")


def test_defining_the_band_again_replaces_its_cuts(project: Project) -> None:
    _age, ids = _people(project, {"Ann": "44"})
    define_band(project, "Age", CUTS, name="age_band")
    define_band(project, "Age", [30, 50], name="age_band")
    assert _values(project, ids, "age_band") == {"Ann": "30-49"}
    assert [d.cuts for d in derived_definitions(project)] == [(30, 50)]


def test_recode_in_place_and_suggestions(project: Project) -> None:
    gender = cases.define_attribute(project, "gender", "text").entity_id or 0
    ids = {}
    for name, value in {"A": "F", "B": "female", "C": "Female", "D": "Female", "E": "male"}.items():
        ids[name] = cases.create_case(project, name).entity_id or 0
        cases.set_attribute_value(project, gender, value, case_id=ids[name])
    assert suggest_recode(project, "gender") == {"F": "Female", "female": "Female"}
    change = define_recode(project, "gender", {"F": "Female", "female": "Female", "male": "Male"})
    assert set(_values(project, ids, "gender").values()) == {"Female", "Male"}
    assert derived_definitions(project) == []  # in place: a one-off clean-up
    apply_reversal(project, change.reversal)
    assert _values(project, ids, "gender")["A"] == "F"


def test_recode_into_a_new_attribute_follows_the_source(project: Project) -> None:
    gender = cases.define_attribute(project, "gender", "text").entity_id or 0
    ann = cases.create_case(project, "Ann").entity_id or 0
    cases.set_attribute_value(project, gender, "F", case_id=ann)
    define_recode(project, "gender", {"F": "Female", "M": "Male"}, name="Gender (clean)")
    assert cases.case_attributes(project, ann)["Gender (clean)"] == "Female"
    cases.set_attribute_value(project, gender, "M", case_id=ann)
    assert cases.case_attributes(project, ann)["Gender (clean)"] == "Male"
    cases.set_attribute_value(project, gender, "Other", case_id=ann)
    assert cases.case_attributes(project, ann)["Gender (clean)"] == "Other"
    [d] = derived_definitions(project)
    assert (d.kind, d.mapping) == ("recode", {"F": "Female", "M": "Male"})
    with pytest.raises(ValidationError, match="maps no value"):
        define_recode(project, "gender", {"": "x"})


def test_a_band_of_a_document_attribute(project: Project) -> None:
    from tests.seed import seed

    ids = seed(project)
    size = cases.define_attribute(project, "group size", "number", scope="document").entity_id
    assert size is not None
    cases.set_attribute_value(project, size, "7", document_id=ids["doc_a"])
    define_band(project, "group size", [5, 10], name="size band")
    from qualcode.services.documents.document_details import document_attributes

    values = {a.name: a.value for a in document_attributes(project, ids["doc_a"])}
    assert values["size band"] == "5-9"


def test_an_import_bands_the_ages_it_brings(project: Project) -> None:
    from qualcode.importers.model import ImportBatch, ImportedCase, ImportedDocument, ImportedPart
    from qualcode.services.documents.imports import import_batches

    _people(project, {"Ann": "44"})
    define_band(project, "Age", CUTS, name="age_band")
    text = "Zed: I waited."
    batch = ImportBatch(
        "grid.txt",
        "hash-1",
        [
            ImportedDocument(
                "grid", "research_grid", text, [ImportedPart(0, len(text), speaker="zed")]
            )
        ],
        {"zed": ImportedCase("Zed", {"Age": "70"})},
        attribute_types={"Age": "number"},
    )
    import_batches(project, [batch])
    assert cases.case_attributes(project, cases.find_case(project, "Zed")) == {
        "Age": "70",
        "age_band": "66+",
    }


def test_a_derived_value_is_not_typed(project: Project) -> None:
    _age, ids = _people(project, {"Ann": "44"})
    band = define_band(project, "Age", CUTS, name="age_band").entity_id or 0
    with pytest.raises(ValidationError, match=r"'age_band' is derived \(bands of 'Age'\)"):
        cases.set_attribute_value(project, band, "66+", case_id=ids["Ann"])
    assert _values(project, ids, "age_band") == {"Ann": "40-55"}


def test_band_summary_counts_and_refuses_dates(project: Project) -> None:
    _people(project, {"Ann": "44", "Bob": "17"})
    text = cases.define_attribute(project, "Age (as written)", "text").entity_id or 0
    cases.set_attribute_value(project, text, "forty", case_id=cases.find_case(project, "Ann"))
    cases.set_attribute_value(project, text, "18", case_id=cases.find_case(project, "Bob"))
    change = define_band(project, "Age (as written)", CUTS)
    assert change.summary.endswith("; 1 value banded, 1 value not a number left without a band")
    assert define_band(project, "Age", CUTS).summary.endswith("; 2 values banded")
    cases.define_attribute(project, "Joined", "date")
    with pytest.raises(ValidationError, match="Bands need numbers; 'Joined' is a date"):
        define_band(project, "Joined", CUTS)
