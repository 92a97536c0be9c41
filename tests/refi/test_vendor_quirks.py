"""What real vendor files do is tolerated: odd names, namespaces, flattened hierarchies, braces
GUIDs, zero-length selections, memos in Descriptions, nameless cases, docx-only sources."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from sqlalchemy import select

from qualcode.services.refi.refi import import_refi
from qualcode.storage.models import AttributeValue, Code, Coding, Document, Memo
from qualcode.storage.project import Project
from tests.refi.build import make_qdpx, project_xml

SRC = "AAAAAAAA-1111-2222-3333-444444444444"
CODE = "{BBBBBBBB-1111-2222-3333-444444444444}"
CHILD = "cccccccc-1111-2222-3333-444444444444"
VAR = "dddddddd-1111-2222-3333-444444444444"
TEXT = "The nurse was kind. The room was cold."


def _body(selections: str, extra: str = "", path: str = f"internal://{SRC}.TXT") -> str:
    return (
        f'<CodeBook><Codes><Code guid="{CODE}" name="Care" isCodable="true"/>'
        f'<Code guid="{CHILD}" name="Care::Kindness" isCodable="true" color="#0a0"/>'
        "</Codes></CodeBook>"
        f'<Variables><Variable guid="{VAR}" name="Site" typeOfVariable="Text"/></Variables>'
        f'<Cases><Case guid="eeeeeeee-1111-2222-3333-444444444444">'
        f'<VariableValue><VariableRef targetGUID="{VAR}"/>'
        "<TextValue>Leeds</TextValue></VariableValue>"
        f'<SourceRef targetGUID="{SRC.lower()}"/></Case></Cases>'
        f'<Sources><TextSource guid="{{{SRC}}}" name="Interview" plainTextPath="{path}">'
        f"{selections}</TextSource></Sources>{extra}"
    )


SELECTIONS = (
    '<PlainTextSelection guid="f0000000-0000-0000-0000-000000000001" startPosition="14" '
    'endPosition="18"><Description>Kind is the key word</Description>'
    f'<Coding guid="f0000000-0000-0000-0000-000000000002"><CodeRef targetGUID="{CHILD.upper()}"/>'
    "</Coding></PlainTextSelection>"
    '<PlainTextSelection guid="f0000000-0000-0000-0000-000000000003" startPosition="20" '
    'endPosition="20"><Coding guid="f0000000-0000-0000-0000-000000000004">'
    f'<CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection>'
)


@pytest.mark.parametrize(
    "ns", ["urn:QDA-XML:project:1.0", "urn:QDA-XML:project:0:4", "urn:QDA-XML:project:1:0"]
)
def test_vendor_style_project(tmp_path: Path, project: Project, ns: str) -> None:
    path = make_qdpx(
        tmp_path / "nvivo.QDPX",
        project_xml(_body(SELECTIONS), ns),
        {f"Sources/{SRC}.TXT": TEXT.encode("utf-8")},
        qde_name="My Project.QDE",
    )
    report = import_refi(project, path)
    with project.session() as s:
        codes = {c.name: c for c in s.scalars(select(Code))}
        assert set(codes) == {"Care", "Kindness"}
        assert codes["Kindness"].parent_id == codes["Care"].id
        assert codes["Kindness"].colour == "#00AA00"
        assert codes["Care"].guid == CODE.strip("{}").lower()
        coding = s.scalars(select(Coding)).one()
        assert (coding.start, coding.end, coding.code_id) == (14, 18, codes["Kindness"].id)
        memo = s.scalars(select(Memo)).one()
        assert memo.coding_id == coding.id and memo.text == "Kind is the key word"
        value = s.scalars(select(AttributeValue)).one()
        doc = s.scalars(select(Document)).one()
        assert value.document_id == doc.id and value.value == "Leeds"
    text = "\n".join(report.lines)
    assert "zero-length" in text
    assert "Parent::Child" in text


def test_codebook_namespaces_and_flat_names(tmp_path: Path, project: Project) -> None:
    for i, ns in enumerate(("urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:0:4")):
        qdc = tmp_path / f"book{i}.QDC"
        qdc.write_text(
            f'<?xml version="1.0"?><CodeBook xmlns="{ns}"><Codes>'
            f'<Code guid="{{0000000{i}-AAAA-BBBB-CCCC-DDDDDDDDDDDD}}" '
            'name="Top::Leaf" isCodable="true"/>'
            "</Codes></CodeBook>",
            encoding="utf-8",
        )
        import_refi(project, qdc)
    with project.session() as s:
        rows = s.execute(select(Code.name, Code.parent_id)).all()
    # The second file's "Top::Leaf" has another GUID but the same name path: merged, not added.
    assert sorted(n for n, _ in rows) == ["Leaf", "Top"]


def test_docx_only_source(tmp_path: Path, project: Project) -> None:
    document = docx.Document()
    document.add_paragraph(TEXT)
    docx_path = tmp_path / "s.docx"
    document.save(str(docx_path))
    body = _body(SELECTIONS.split("<PlainTextSelection", 2)[1].join(("<PlainTextSelection", "")))
    body = body.replace(
        f'plainTextPath="internal://{SRC}.TXT"',
        f'plainTextPath="internal://{SRC}.txt" richTextPath="internal://{SRC}.docx"',
    )
    path = make_qdpx(
        tmp_path / "mac.qdpx",
        project_xml(body),
        {f"sources/{SRC}.txt": b"", f"sources/{SRC}.docx": docx_path.read_bytes()},
    )
    report = import_refi(project, path)
    with project.session() as s:
        assert s.scalars(select(Document.text)).one() == TEXT
        assert s.scalars(select(Coding)).one().start == 14
    assert any(".docx" in n for n in report.notes)
