"""Participant sheets: the preview a researcher checks before importing, the import as one undo
step (refused, changing nothing, on duplicated ids), and export → import changing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from qualcode.domain.errors import ValidationError
from qualcode.services.documents import cases, documents
from qualcode.services.participants.derived import define_band
from qualcode.services.participants.sheets import export_sheet, import_sheet, preview_sheet
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.models import Part
from qualcode.storage.project import Project
from tests.helpers import dump


def _csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def people(project: Project) -> dict[str, int]:
    doc = documents.add_document(project, "FG1", "P3: hello there\nAmy: hi\n", "focus_group")
    ids = {n: cases.create_case(project, n).entity_id or 0 for n in ("Amy", "Jane Doe", "Zed")}
    with project.session() as s:
        s.add(
            Part(
                document_id=doc.entity_id,
                start=0,
                end=15,
                case_id=ids["Jane Doe"],
                speaker_label="P3",
            )
        )
    return ids


SHEET = (
    "Participant,Gender,Age,Joined,Consent,Area,Notes\n"
    "Amy,Female,44,03/02/2024,yes,Area 10,likes tea\n"
    "p3,Male,19,2024-05-01,no,Area 2,quiet\n"
    "Bob,Male,70,2024-06-01,yes,Area 2,new here\n"
)


def test_preview_matches_rows_and_types_columns(
    project: Project, people: dict[str, int], tmp_path: Path
) -> None:
    preview = preview_sheet(project, _csv(tmp_path / "p.csv", SHEET))
    assert preview.id_column == "Participant"
    assert [(r.id, r.case_name, r.matched_by) for r in preview.matched] == [
        ("Amy", "Amy", "name"),
        ("p3", "Jane Doe", "speaker label"),
    ]
    assert [(r.row, r.id) for r in preview.new] == [(4, "Bob")]
    assert preview.unmatched == [(people["Zed"], "Zed")]
    types = {c.name: (c.type, c.options) for c in preview.columns}
    assert types["Gender"] == ("category", ("Female", "Male"))
    assert types["Age"] == ("number", ())
    assert types["Joined"] == ("date", ())
    assert types["Consent"] == ("boolean", ())
    assert types["Area"] == ("category", ("Area 2", "Area 10"))
    assert types["Notes"][0] == "category"
    assert preview.can_import and preview.problems == []
    assert "2 rows matched, 1 new case, 1 case not in the sheet" in preview.summary()


def test_problems_name_the_file_row_and_column(project: Project, tmp_path: Path) -> None:
    text = "id,Age\nA1,40\n,,\nA2,fifty\nA1,33\nA3,28\n,61\n"
    preview = preview_sheet(project, _csv(tmp_path / "bad.csv", text))
    kinds = {p.kind: p for p in preview.problems}
    assert set(kinds) == {"empty_row", "duplicate_id", "mixed_type", "missing_id"}
    assert kinds["empty_row"].message == "bad.csv (row 3): the row is empty; skipped"
    assert kinds["duplicate_id"].row == 5
    assert (
        "bad.csv (row 5, column 'id'): the id 'A1' is also on row 2"
        in kinds["duplicate_id"].message
    )
    assert "bad.csv (row 4, column 'Age'): 'fifty'" in kinds["mixed_type"].message
    assert kinds["missing_id"].row == 7
    assert not preview.can_import
    before = dump(project)
    with pytest.raises(ValidationError, match=r"Nothing was imported.*also on row 2"):
        import_sheet(project, tmp_path / "bad.csv")
    assert dump(project) == before


def test_unknown_id_column(project: Project, tmp_path: Path) -> None:
    path = _csv(tmp_path / "x.csv", "who,Age\nA,4\n")
    [problem] = preview_sheet(project, path).problems
    assert problem.kind == "unknown_id_column" and problem.blocking
    assert "x.csv" in problem.message and "who, Age" in problem.message
    assert preview_sheet(project, path, id_column="WHO").id_column == "who"
    assert preview_sheet(project, path, id_column="nope").problems[0].kind == "unknown_id_column"


def test_bom_and_latin1_csv(project: Project, tmp_path: Path) -> None:
    bom = preview_sheet(project, _csv(tmp_path / "b.csv", "name,Town\nZoë,Brühl\n", "utf-8-sig"))
    assert bom.id_column == "name" and [r.id for r in bom.new] == ["Zoë"]
    latin = "name,Town,Note\nJosé,Málaga,café con leche\nRenée,Besançon,très bien\n"
    found = preview_sheet(project, _csv(tmp_path / "l.csv", latin, "latin-1"))
    assert [r.id for r in found.new] == ["José", "Renée"]
    assert found.columns[0].options == ("Besançon", "Málaga")


def test_xlsx_sheet(project: Project, people: dict[str, int], tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Case", "Age", "Gender"])
    ws.append(["amy", 44, "Female"])
    ws.append([None, None, None])
    ws.append(["Ben", 31.5, "Male"])
    wb.save(tmp_path / "s.xlsx")
    preview = preview_sheet(project, tmp_path / "s.xlsx")
    assert [(r.id, r.matched_by) for r in preview.matched] == [("amy", "name, ignoring case")]
    assert [p.kind for p in preview.problems] == ["empty_row"]
    import_sheet(project, tmp_path / "s.xlsx")
    assert cases.case_attributes(project, people["Amy"]) == {"Age": "44", "Gender": "Female"}


def test_import_is_one_undo_step_and_bands_follow(
    project: Project, people: dict[str, int], tmp_path: Path
) -> None:
    age = cases.define_attribute(project, "Age", "number").entity_id or 0
    cases.set_attribute_value(project, age, "30", case_id=people["Amy"])
    define_band(project, "Age", [18, 25, 40, 56, 66], name="age_band")
    before = dump(project)
    change = import_sheet(project, _csv(tmp_path / "p.csv", SHEET))
    assert change.summary == "Imported p.csv: 2 cases matched, 1 case added, 18 values set"
    amy = cases.case_attributes(project, people["Amy"])
    assert amy["Age"] == "44" and amy["age_band"] == "40-55" and amy["Joined"] == "2024-02-03"
    assert amy["Consent"] == "true"
    assert cases.case_attributes(project, people["Jane Doe"])["Gender"] == "Male"
    bob = cases.find_case(project, "Bob")
    assert cases.case_attributes(project, bob)["age_band"] == "66+"
    apply_reversal(project, change.reversal)
    assert dump(project) == before


def test_no_new_cases_when_asked(project: Project, people: dict[str, int], tmp_path: Path) -> None:
    import_sheet(project, _csv(tmp_path / "p.csv", SHEET), create_missing=False)
    with pytest.raises(Exception, match="no case called 'Bob'"):
        cases.find_case(project, "Bob")


def test_a_value_the_existing_attribute_cannot_hold_is_refused(
    project: Project, people: dict[str, int], tmp_path: Path
) -> None:
    cases.define_attribute(project, "Joined", "number")
    preview = preview_sheet(project, _csv(tmp_path / "p.csv", SHEET))
    [clash] = [p for p in preview.problems if p.kind == "clash"]
    assert "p.csv (row 2, column 'Joined')" in clash.message and "is a number" in clash.message
    with pytest.raises(ValidationError):
        import_sheet(project, tmp_path / "p.csv")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_changes_nothing(
    project: Project, people: dict[str, int], tmp_path: Path, suffix: str
) -> None:
    import_sheet(project, _csv(tmp_path / "p.csv", SHEET))
    define_band(project, "Age", [18, 25, 40, 56, 66], name="age_band")
    out = export_sheet(project, tmp_path / f"out{suffix}")
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    before = dump(project)
    change = import_sheet(project, out)
    assert "0 values set" in change.summary
    assert dump(project) == before
    if suffix == ".xlsx":
        ws = load_workbook(out).active
        header = [c.value for c in ws[1]]
        assert header[:3] == ["case", "Gender", "Age"]
        amy = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "Amy")
        assert amy[2] == 44  # a number, not the text "44"
        assert int(ws.page_setup.paperSize) == 9  # A4
    else:
        assert out.read_text("utf-8-sig").splitlines()[0].startswith("case,Gender,Age,")


def test_export_refuses_other_formats(project: Project, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"\.csv or \.xlsx"):
        export_sheet(project, tmp_path / "x.docx")


def test_category_values_take_the_existing_spelling(
    project: Project, people: dict[str, int], tmp_path: Path
) -> None:
    cases.define_attribute(project, "Gender", "category", options=["Female", "Male"])
    path = _csv(tmp_path / "g.csv", "name,gender\nAmy,female\nZed,Non-binary\n")
    [column] = preview_sheet(project, path).columns
    assert column.options == ("Female", "Male", "Non-binary")
    assert column.note == "fills the existing category attribute 'Gender', adding Non-binary"
    import_sheet(project, path)
    assert cases.case_attributes(project, people["Amy"]) == {"Gender": "Female"}
    assert cases.case_attributes(project, people["Zed"]) == {"Gender": "Non-binary"}


def test_empty_and_unnamed_columns(project: Project, tmp_path: Path) -> None:
    path = _csv(tmp_path / "c.csv", "id,Age,,Notes\nA,4,x,\nB,5,y,\n")
    preview = preview_sheet(project, path)
    assert [c.name for c in preview.columns] == ["Age", "Column 3"]
    assert [(p.kind, p.message) for p in preview.problems] == [
        ("unnamed_column", "c.csv (column 3): the column has no heading; its values become the "
         "attribute 'Column 3'"),
        ("empty_column", "c.csv (column 'Notes'): the column is empty; skipped"),
    ]  # fmt: skip
    assert preview.can_import
