"""REFI-QDA round trip of participants: cases with their typed variables (bands included) and
document variables come back typed; a merged .qdpx that changes an age moves its band."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from lxml import etree
from sqlalchemy import select

from qualcode.services.documents import cases, documents
from qualcode.services.participants.derived import define_band
from qualcode.services.refi.refi import export_qdpx, import_refi, new_project_from
from qualcode.storage.models import Attribute, Case, Part
from qualcode.storage.project import Project

NS = {"q": "urn:QDA-XML:project:1.0"}


def _study(path: Path) -> Project:
    p = Project.create(path)
    doc = documents.add_document(p, "FG1", "Ann: I waited.\nBen: Me too.\n", "focus_group")
    doc_id = doc.entity_id or 0
    ids = {n: cases.create_case(p, n).entity_id or 0 for n in ("Ann", "Ben")}
    with p.session() as s:
        s.add(Part(document_id=doc_id, start=5, end=14, case_id=ids["Ann"], speaker_label="Ann"))
        s.add(Part(document_id=doc_id, start=20, end=27, case_id=ids["Ben"], speaker_label="Ben"))
    attrs = {
        "Gender": cases.define_attribute(p, "Gender", "category", options=["Female", "Male"]),
        "Age": cases.define_attribute(p, "Age", "number"),
        "Joined": cases.define_attribute(p, "Joined", "date"),
        "Consent": cases.define_attribute(p, "Consent", "boolean"),
        "Area": cases.define_attribute(p, "Area", "text"),
    }
    values = {
        "Ann": {"Gender": "Female", "Age": "44", "Joined": "2024-02-03", "Consent": "yes"},
        "Ben": {"Gender": "Male", "Age": "19", "Area": "North", "Consent": "no"},
    }
    for person, row in values.items():
        for name, value in row.items():
            attr = attrs[name].entity_id or 0
            cases.set_attribute_value(p, attr, value, case_id=ids[person])
    site = cases.define_attribute(p, "Site", "text", scope="document").entity_id or 0
    cases.set_attribute_value(p, site, "Leeds", document_id=doc_id)
    define_band(p, "Age", [18, 25, 40, 56, 66], name="age_band")
    return p


def _typed(p: Project) -> dict[tuple[str, str], tuple[str, list[str] | None]]:
    with p.read() as s:
        return {
            (a.scope, a.name): (a.type, json.loads(a.options) if a.options else None)
            for a in s.scalars(select(Attribute))
        }


def _values(p: Project) -> dict[str, dict[str, str]]:
    with p.read() as s:
        people = dict(s.execute(select(Case.name, Case.id)).all())
    return {n: cases.case_attributes(p, i) for n, i in people.items()}


def test_cases_and_typed_variables_round_trip(tmp_path: Path) -> None:
    source = _study(tmp_path / "a.qcproj")
    export_qdpx(source, tmp_path / "a.qdpx")
    types, values = _typed(source), _values(source)
    source.close()
    with zipfile.ZipFile(tmp_path / "a.qdpx") as z:
        root = etree.fromstring(z.read("project.qde"))
    kinds = {v.get("name"): v.get("typeOfVariable") for v in root.iterfind(".//q:Variable", NS)}
    assert kinds["Age"] == "Integer" and kinds["Joined"] == "Date"
    assert kinds["Consent"] == "Boolean" and kinds["age_band"] == "Text"
    ann = next(c for c in root.iterfind(".//q:Case", NS) if c.get("name") == "Ann")
    assert len(ann.findall("q:VariableValue", NS)) == 5
    copy, _report = new_project_from(tmp_path / "b.qcproj", tmp_path / "a.qdpx")
    assert _typed(copy) == types
    assert _values(copy) == values
    assert values["Ann"]["age_band"] == "40-55" and values["Ann"]["Consent"] == "true"
    copy.close()


def test_a_merged_case_gets_its_band(tmp_path: Path) -> None:
    other = Project.create(tmp_path / "other.qcproj")
    cy = cases.create_case(other, "Cy").entity_id or 0
    age = cases.define_attribute(other, "Age", "number").entity_id or 0
    cases.set_attribute_value(other, age, "70", case_id=cy)
    export_qdpx(other, tmp_path / "other.qdpx")
    other.close()
    source = _study(tmp_path / "a.qcproj")
    import_refi(source, tmp_path / "other.qdpx")
    assert _values(source)["Cy"] == {"Age": "70", "age_band": "66+"}
    source.close()
