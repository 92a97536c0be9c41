"""Frameworks import from CSV and XLSX, the bundled ones have the right shape, bad files say
where they are wrong and change nothing, and items are found by id, alias or label."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.importers.model import FileImportError
from qualcode.services.frameworks.frameworks import (
    add_bundled_framework,
    bundled_frameworks,
    find_item,
    framework_items,
    import_framework,
    list_frameworks,
    remove_framework,
)
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.project import Project
from tests.helpers import dump


def test_bundled_frameworks_import_with_their_hierarchy(project: Project) -> None:
    assert [k for k, _n, _p in bundled_frameworks()] == ["wirral", "harm-to-hope"]
    wirral = add_bundled_framework(project, "wirral").entity_id or 0
    national = add_bundled_framework(project, "harm-to-hope").entity_id or 0
    infos = {i.name: i for i in list_frameworks(project)}
    assert (
        infos["Wirral Drugs Strategy 2023-2027"].priorities,
        infos["Wirral Drugs Strategy 2023-2027"].items,
    ) == (5, 33)
    assert (
        infos["From Harm to Hope (2021)"].priorities,
        infos["From Harm to Hope (2021)"].items,
    ) == (
        3,
        21,
    )
    items = framework_items(project, wirral)
    tops = [i.ref for i in items if i.depth == 0]
    assert tops == ["P1", "P2", "P3", "P4", "P5"]
    refs = {i.id: i.ref for i in items}
    children = {t: [i.ref for i in items if i.parent_id and refs[i.parent_id] == t] for t in tops}
    assert [len(children[t]) for t in tops] == [6, 4, 8, 5, 5]
    assert [i.ref for i in items][:3] == ["P1", "P1.1", "P1.2"]  # depth first
    assert find_item(project, wirral, "p3.2").label == "Increase treatment quality."
    alias = "Preventing children, young people and families from being affected by drugs"
    assert find_item(project, "wirral", alias.upper()).ref == "P2"
    assert find_item(project, national, "prison security").ref == "S1.7"
    assert find_item(project, national, "Securing the border").ref == "S1.2"
    with pytest.raises(ValidationError, match="several frameworks"):
        find_item(project, None, "P1")
    with pytest.raises(ValidationError, match="several items"):
        find_item(project, wirral, "treatment")
    with pytest.raises(NotFoundError):
        find_item(project, wirral, "P9")
    with pytest.raises(ValidationError, match="already exists"):
        add_bundled_framework(project, "wirral")
    with pytest.raises(ValidationError, match="no bundled framework"):
        add_bundled_framework(project, "nope")


def test_xlsx_import_and_undo(project: Project, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for row in (("ID", "Parent ID", "Label", "Aliases"), ("A", None, "Alpha", "First|alpha one"),
                ("A.1", "A", "Alpha one", None), ("B", None, "Beta", None)):  # fmt: skip
        sheet.append(row)
    path = tmp_path / "strategy_2024.xlsx"
    book.save(path)
    before = dump(project)
    change = import_framework(project, path)
    [info] = list_frameworks(project)
    assert (info.name, info.items, info.priorities) == ("strategy 2024", 3, 2)
    assert find_item(project, None, "ALPHA ONE").ref == "A"  # an alias beats a label
    assert find_item(project, None, "A.1").parent_id == find_item(project, None, "A").id
    apply_reversal(project, change.reversal)
    assert dump(project) == before
    again = import_framework(project, path, "Strategy")
    removed = remove_framework(project, again.entity_id or 0)
    assert dump(project) == before
    apply_reversal(project, removed.reversal)
    assert [i.name for i in list_frameworks(project)] == ["Strategy"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,label\nP1,Culture\n", r"row 1\): missing column parent_id"),
        ("id,parent_id,label\nP1,,Culture\np1,,Again\n", r"row 3\): duplicate id 'p1'"),
        ("id,parent_id,label\nP1,,Culture\nP1.1,P7,Voice\n", r"row 3\): the parent 'P7'"),
        ("id,parent_id,label\nP1,,Culture\nP1.1,P1,\n", r"row 3\): the label of 'P1.1' is empty"),
        ("id,parent_id,label\nA,B,Alpha\nB,A,Beta\n", r"row 2\): the parents form a cycle"),
        ("id,parent_id,label\n,,Alpha\n", r"row 2\): the id is empty"),
        ("id,parent_id,label\n", "no items"),
        ("", "the file is empty"),
        ("\n\n", "no rows"),
    ],
)
def test_bad_files_name_the_row_and_change_nothing(
    project: Project, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    before = dump(project, skip=())
    with pytest.raises(FileImportError, match=message) as info:
        import_framework(project, path)
    assert str(info.value).startswith("bad.csv")
    assert dump(project, skip=()) == before
