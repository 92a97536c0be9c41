"""The Cases panel's services: the table a researcher reads, and merge, bulk set and the
facilitator flag, each one undo step that puts everything back."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import insert, select

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.services.coding import memos
from qualcode.services.documents import cases
from qualcode.services.participants.case_table import (
    bulk_set,
    case_table,
    merge_cases,
    set_facilitator,
)
from qualcode.services.participants.derived import define_band
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.models import AttributeValue, Case, Memo, Part
from qualcode.storage.project import Project
from tests.helpers import dump
from tests.seed import seed


def _turn(project: Project, doc: int, case: int, start: int, label: str) -> None:
    with project.session() as s:
        s.add(Part(document_id=doc, start=start, end=start + 5, case_id=case, speaker_label=label))


@pytest.fixture
def world(project: Project) -> dict[str, int]:
    ids = seed(project)
    ids["ben"] = cases.create_case(project, "Ben").entity_id or 0
    ids["amy2"] = cases.create_case(project, "Amy W").entity_id or 0
    ids["age"] = cases.define_attribute(project, "age", "number").entity_id or 0
    ids["gender"] = cases.define_attribute(project, "gender", "text").entity_id or 0
    ids["joined"] = cases.define_attribute(project, "joined", "date").entity_id or 0
    cases.set_attribute_value(project, ids["age"], "44", case_id=ids["amy"])
    cases.set_attribute_value(project, ids["age"], "47", case_id=ids["amy2"])
    cases.set_attribute_value(project, ids["gender"], "Female", case_id=ids["amy2"])
    cases.set_attribute_value(project, ids["joined"], "03/02/2024", case_id=ids["ben"])
    _turn(project, ids["doc_a"], ids["amy"], 26, "Amy")
    _turn(project, ids["doc_b"], ids["amy2"], 30, "Amy")
    _turn(project, ids["doc_b"], ids["ben"], 0, "Ben")
    memos.add_memo(project, "Seems to be Amy again", target="case", target_id=ids["amy2"])
    return ids


def test_table_lists_every_case_with_typed_values_and_documents(
    project: Project, world: dict[str, int]
) -> None:
    table = case_table(project)
    assert [c.name for c in table.cases] == ["Amy", "Amy W", "Ben"]
    assert [a.name for a in table.attributes] == ["age band", "age", "gender", "joined"]
    assert table.attribute("age band").options == ("20-35", "40-55")
    rows = {c.name: c for c in table.cases}
    assert rows["Amy W"].typed(table.attribute("age")) == 47.0
    assert rows["Amy W"].typed(table.attribute("gender")) == "Female"
    assert rows["Ben"].typed(table.attribute("joined")) == dt.date(2024, 2, 3)
    assert rows["Ben"].typed(table.attribute("age")) is None
    assert rows["Amy"].documents == ("FG1",) and rows["Amy W"].documents == ("INT2",)
    assert rows["Ben"].parts == 1 and not rows["Ben"].is_facilitator


def test_merge_moves_turns_memos_and_missing_values_and_reports_conflicts(
    project: Project, world: dict[str, int]
) -> None:
    before = dump(project)
    change = merge_cases(project, world["amy"], [world["amy2"]])
    assert "age: kept '44', dropped '47' (Amy W)" in change.summary
    assert "1 value differed" in change.summary
    table = case_table(project)
    assert [c.name for c in table.cases] == ["Amy", "Ben"]
    amy = table.cases[0]
    assert amy.documents == ("FG1", "INT2") and amy.parts == 2
    assert amy.typed(table.attribute("gender")) == "Female"  # the kept case had none
    assert amy.typed(table.attribute("age")) == 44.0  # the kept case's value wins
    with project.read() as s:
        memo_cases = set(s.scalars(select(Memo.case_id).where(Memo.case_id.is_not(None))))
    assert memo_cases == {world["amy"]}
    apply_reversal(project, change.reversal)
    assert dump(project) == before


def test_merge_refuses_a_single_case_or_an_unknown_one(
    project: Project, world: dict[str, int]
) -> None:
    before = dump(project)
    with pytest.raises(ValidationError, match="at least two"):
        merge_cases(project, world["amy"], [world["amy"]])
    with pytest.raises(NotFoundError, match="no case with id 999"):
        merge_cases(project, world["amy"], [999])
    assert dump(project) == before


def test_bulk_set_is_typed_and_one_undo_step(project: Project, world: dict[str, int]) -> None:
    before = dump(project)
    targets = [world["amy"], world["amy2"], world["ben"]]
    change = bulk_set(project, targets, "Age", "52")
    assert change.summary == "Set age = 52 on 3 cases"  # the attribute's own spelling
    table = case_table(project)
    assert {c.typed(table.attribute("age")) for c in table.cases} == {52.0}
    apply_reversal(project, change.reversal)
    assert dump(project) == before
    with pytest.raises(ValidationError, match="'fifty' is not a number"):
        bulk_set(project, targets, "age", "fifty")
    with pytest.raises(NotFoundError, match="no case attribute called 'height'"):
        bulk_set(project, targets, "height", "1")
    assert dump(project) == before


def test_bulk_set_with_an_empty_value_clears(project: Project, world: dict[str, int]) -> None:
    bulk_set(project, [world["amy"], world["amy2"]], "age", "")
    table = case_table(project)
    assert all(c.typed(table.attribute("age")) is None for c in table.cases)


def test_set_facilitator_and_undo(project: Project, world: dict[str, int]) -> None:
    change = set_facilitator(project, world["ben"], True)
    assert change.summary == "'Ben' is a facilitator"
    assert {c.name for c in case_table(project).cases if c.is_facilitator} == {"Ben"}
    apply_reversal(project, change.reversal)
    assert not any(c.is_facilitator for c in case_table(project).cases)


def test_table_of_2000_cases_reads_quickly(project: Project) -> None:
    age = cases.define_attribute(project, "age", "number").entity_id or 0
    with project.session() as s:
        s.execute(insert(Case), [{"name": f"R{i:04}", "guid": f"g{i}"} for i in range(2000)])
        ids = list(s.scalars(select(Case.id)))
        s.execute(
            insert(AttributeValue),
            [{"attribute_id": age, "case_id": i, "value": str(i % 90)} for i in ids],
        )
    start = time.perf_counter()
    table = case_table(project)
    assert len(table.cases) == 2000
    assert time.perf_counter() - start < 1.0
    start = time.perf_counter()
    bulk_set(project, ids, "age", "40")  # a value on every respondent at once
    assert time.perf_counter() - start < 3.0
    assert {c.values[age] for c in case_table(project).cases} == {"40"}


def test_bulk_set_refuses_a_derived_attribute_and_its_bands_follow(
    project: Project, world: dict[str, int]
) -> None:
    define_band(project, "age", [18, 25, 40, 56, 66], "age_band")
    with pytest.raises(ValidationError, match="derived"):
        bulk_set(project, [world["amy"]], "age_band", "18-24")
    change = bulk_set(project, [world["amy"], world["ben"]], "age", "23")
    table = case_table(project)
    bands = {c.name: c.values.get(table.attribute("age_band").id) for c in table.cases}
    assert bands["Amy"] == "18-24" and bands["Ben"] == "18-24" and bands["Amy W"] == "40-55"
    apply_reversal(project, change.reversal)
    table = case_table(project)
    bands = {c.name: c.values.get(table.attribute("age_band").id) for c in table.cases}
    assert bands["Amy"] == "40-55" and bands["Ben"] is None
