"""REFI-QDA files as other tools write them: ids that are not GUIDs (``c001``), source paths as
bare or relative names, and elements that cannot be imported (a coding of a code not in the file, a
source whose text is missing) named in the report instead of the whole file being refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]
from sqlalchemy import select, update

from qualcode.domain.refi import normalise_guid
from qualcode.importers.refi_import import read_refi
from qualcode.services.refi.refi import export_qdc, export_qdpx, import_refi, new_project_from
from qualcode.storage.models import Code
from tests.refi.build import build_source, make_qdpx, project_xml, summary

TEXT_1 = "Waiting lists were the worst part.\nNobody called back."
TEXT_2 = "I trusted the nurse because she remembered my name."
TEXT_3 = "Observed: the queue reached the door by nine."
BODY = """
<Users><User guid="u1" name="Sam"/></Users>
<CodeBook><Codes>
  <Code guid="c001" name="Access" isCodable="true">
    <Code guid="c002" name="Waiting lists" isCodable="true"/>
  </Code>
  <Code guid="c003" name="Trust" isCodable="true"/>
</Codes></CodeBook>
<Cases><Case guid="case1" name="Participant 1"><SourceRef targetGUID="s1"/></Case></Cases>
<Sources>
  <TextSource guid="s1" name="Interview 1" plainTextPath="Interview1.txt">
    <PlainTextSelection guid="sel1" startPosition="0" endPosition="13" creatingUser="u1">
      <Coding guid="cod1" creatingUser="u1"><CodeRef targetGUID="c002"/></Coding>
    </PlainTextSelection>
    <PlainTextSelection guid="sel2" startPosition="35" endPosition="54">
      <Coding guid="cod2"><CodeRef targetGUID="c999"/></Coding>
    </PlainTextSelection>
  </TextSource>
  <TextSource guid="s2" name="Interview 2" plainTextPath="sources/Interview2.txt">
    <PlainTextSelection guid="sel3" startPosition="2" endPosition="9">
      <Coding guid="cod3"><CodeRef targetGUID="c003"/></Coding>
    </PlainTextSelection>
  </TextSource>
  <TextSource guid="s3" name="Site visit" plainTextPath="./visit.txt">
    <PlainTextSelection guid="sel4" startPosition="14" endPosition="45">
      <Coding guid="cod4"><CodeRef targetGUID="c001"/></Coding>
    </PlainTextSelection>
  </TextSource>
  <TextSource guid="s4" name="Lost interview" plainTextPath="Lost.txt">
    <PlainTextSelection guid="sel5" startPosition="0" endPosition="4">
      <Coding guid="cod5"><CodeRef targetGUID="c003"/></Coding>
    </PlainTextSelection>
  </TextSource>
</Sources>
"""


def tolerant_qdpx(path: Path) -> Path:
    return make_qdpx(
        path,
        project_xml(BODY),
        {
            "sources/Interview1.txt": TEXT_1.encode(),
            "sources/Interview2.txt": TEXT_2.encode(),
            "visit.txt": TEXT_3.encode(),
        },
    )


def test_non_guid_ids_bare_paths_and_a_report_by_name(tmp_path: Path) -> None:
    target, report = new_project_from(tmp_path / "copy.qcproj", tolerant_qdpx(tmp_path / "t.qdpx"))
    got = summary(target)
    target.close()
    assert [d[1:] for d in got["documents"]] == [
        ("Interview 1", TEXT_1),
        ("Interview 2", TEXT_2),
        ("Site visit", TEXT_3),
    ]
    assert sorted(c[0] for c in got["codes"]) == ["Access", "Access/Waiting lists", "Trust"]
    assert all(normalise_guid(c[1]) == c[1] for c in got["codes"])
    texts = {d[0]: d[2] for d in got["documents"]}
    codes = {c[1]: c[0] for c in got["codes"]}
    coded = sorted((codes[c[3]], texts[c[0]][c[1] : c[2]]) for c in got["codings"])
    assert coded == [
        ("Access", TEXT_3[14:45]),
        ("Access/Waiting lists", "Waiting lists"),
        ("Trust", "trusted"),
    ]
    assert [c[0] for c in got["cases"]] == ["Participant 1"]
    notes = "\n".join(report.notes)
    assert "1 coding(s) named a code not in the file; skipped: 'Interview 1' 35-54" in notes
    assert "(code 'c999')" in notes
    assert "Source 'Lost interview': its text (Lost.txt) is not in the file" in notes
    assert "were not GUIDs ('u1'" in notes


def test_reimport_matches_the_same_ids(tmp_path: Path) -> None:
    path = tolerant_qdpx(tmp_path / "t.qdpx")
    target, _ = new_project_from(tmp_path / "copy.qcproj", path)
    before = summary(target)
    report = import_refi(target, path)
    assert summary(target) == before
    assert "codes" not in report.created and report.created.get("codings", 0) == 0
    target.close()


def test_another_projects_c001_stays_apart(tmp_path: Path) -> None:
    first = read_refi(tolerant_qdpx(tmp_path / "t.qdpx"))
    other = tmp_path / "o.qdpx"
    make_qdpx(other, project_xml(BODY).replace('name="t"', 'name="another study"'))
    second = read_refi(other)
    assert first.codes[0].guid != second.codes[0].guid
    assert first.ids_as_written[first.codes[0].guid] == "c001"


def test_export_writes_guids_consistently(tmp_path: Path) -> None:
    target, _ = new_project_from(tmp_path / "copy.qcproj", tolerant_qdpx(tmp_path / "t.qdpx"))
    with target.session() as s:  # as if a project held an id another tool wrote
        s.execute(update(Code).where(Code.name == "Trust").values(guid="c003"))
    export_qdpx(target, tmp_path / "out.qdpx")
    export_qdc(target, tmp_path / "out.qdc")
    target.close()
    with zipfile.ZipFile(tmp_path / "out.qdpx") as zf:
        root = etree.fromstring(zf.read("project.qde"))
        members = set(zf.namelist())
    trust = next(el for el in root.iter() if el.get("name") == "Trust").get("guid")
    assert normalise_guid(trust) == trust
    refs = [el.get("targetGUID") for el in root.iter() if el.tag.endswith("CodeRef")]
    assert trust in refs
    for el in root.iter():
        for attr in ("guid", "targetGUID", "creatingUser"):
            if el.get(attr) is not None:
                assert normalise_guid(el.get(attr)) is not None, (el.tag, el.get(attr))
    assert all(m == "project.qde" or normalise_guid(Path(m).stem) for m in members)
    copy, _ = new_project_from(tmp_path / "again.qcproj", tmp_path / "out.qdpx")
    assert len(summary(copy)["codings"]) == 3
    copy.close()
    codebook = etree.parse(str(tmp_path / "out.qdc")).getroot()
    assert all(normalise_guid(el.get("guid") or "") for el in codebook.iter() if el.get("guid"))


def test_qdc_with_string_ids(tmp_path: Path) -> None:
    qdc = tmp_path / "book.qdc"
    qdc.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="SomeTool 1.0"><Codes>'
        '<Code guid="k1" name="Housing" isCodable="true"><Code guid="k2" name="Damp"/></Code>'
        '</Codes><Sets><Set guid="set-a" name="Environment"><MemberCode guid="k2"/></Set></Sets>'
        "</CodeBook>",
        encoding="utf-8",
    )
    project = build_source(tmp_path / "p.qcproj")
    report = import_refi(project, qdc)
    with project.read() as s:
        names = set(s.scalars(select(Code.name)))
    project.close()
    assert {"Housing", "Damp"} <= names
    assert report.created.get("codes") == 2
    assert any("'k1'" in n for n in report.notes)
