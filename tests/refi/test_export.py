"""Every export validates against the REFI-QDA schemas, in each option."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from qualcode.exporters.refi_schema import schema_errors, schema_path
from qualcode.services.refi.refi import export_qdc, export_qdpx
from tests.refi.build import TEXT_A, build_source


@pytest.fixture
def source(tmp_path: Path):
    p = build_source(tmp_path / "source.qcproj")
    yield p
    p.close()


def _qde(path: Path) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read("project.qde")


def test_schemas_ship_with_the_licence() -> None:
    for name in ("Codebook", "Project"):
        text = schema_path(name).read_text(encoding="utf-8")
        assert "MIT license" in text
        assert "resources/refi" in schema_path(name).as_posix()


def test_qdc_validates(source, tmp_path: Path) -> None:
    out = tmp_path / "book.qdc"
    export_qdc(source, out)
    assert schema_errors(out.read_bytes(), "Codebook") == []
    root = etree.fromstring(out.read_bytes())
    ns = {"c": "urn:QDA-XML:codebook:1.0"}
    care = root.find("c:Codes/c:Code[@name='Care']", ns)
    assert care is not None and care.get("color") == "#112233"
    assert care.find("c:Code[@name='Safety']", ns) is not None
    sets = root.findall("c:Sets/c:Set", ns)
    assert {s.get("name") for s in sets} == {"Feeling cared for", "Feeling cared for::Safety net"}


@pytest.mark.parametrize("positions", ["codepoint", "utf16"])
@pytest.mark.parametrize("themes_as_codes", [False, True])
def test_qdpx_validates(source, tmp_path: Path, positions: str, themes_as_codes: bool) -> None:
    out = tmp_path / "p.qdpx"
    data = export_qdpx(source, out, positions=positions, themes_as_codes=themes_as_codes)
    assert schema_errors(_qde(out), "Project") == []
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        for guid, _name in data.sources:
            assert f"sources/{guid}.txt" in names
        a = next(guid for guid, name in data.sources if name == "Interview A")
        body = zf.read(f"sources/{a}.txt").decode("utf-8")
    assert body == (TEXT_A if positions == "codepoint" else TEXT_A.replace("\n", "\r\n"))


def test_utf16_positions_count_units_and_crlf(source, tmp_path: Path) -> None:
    out = tmp_path / "p.qdpx"
    export_qdpx(source, out, positions="utf16")
    root = etree.fromstring(_qde(out))
    ns = {"p": "urn:QDA-XML:project:1.0"}
    starts = sorted(
        (int(s.get("startPosition")), int(s.get("endPosition")))
        for s in root.iterfind(".//p:TextSource[@name='Interview A']/p:PlainTextSelection", ns)
    )
    # "safe" is at code points 23-27: one emoji (+1 unit) and one line break (+1 for CRLF) before.
    assert (29, 33) in starts
    # "Waiting 🙂" 52-63: two emoji-ish units before... the end includes the 🙂 itself (+1).
    assert (55, 65) in starts


def test_variables_typed(source, tmp_path: Path) -> None:
    out = tmp_path / "p.qdpx"
    export_qdpx(source, out)
    root = etree.fromstring(_qde(out))
    ns = {"p": "urn:QDA-XML:project:1.0"}
    types = {v.get("name"): v.get("typeOfVariable") for v in root.iterfind(".//p:Variable", ns)}
    assert types == {
        "Age": "Integer",
        "Score": "Float",
        "Joined": "Date",
        "Consent": "Boolean",
        "Group": "Text",
        "Site": "Text",
    }
    nameless = [c for c in root.iterfind(".//p:Case", ns) if c.get("name") is None]
    assert len(nameless) == 1
    assert nameless[0].find("p:VariableValue/p:TextValue", ns).text == "Leeds"
