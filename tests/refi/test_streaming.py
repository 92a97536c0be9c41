"""The .qdpx is read as a stream: the same safety, the same result whatever the section order."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.importers.model import FileImportError
from qualcode.importers.refi_import import read_qdpx
from tests.refi.build import make_qdpx

NS = "urn:QDA-XML:project:1.0"
SRC = "aaaaaaaa-1111-2222-3333-444444444444"
CODE = "bbbbbbbb-1111-2222-3333-444444444444"
CASE = "cccccccc-1111-2222-3333-444444444444"
SOURCES = (
    f'<Sources><TextSource guid="{SRC}" name="S" plainTextPath="internal://{SRC}.txt">'
    '<PlainTextSelection guid="dddddddd-1111-2222-3333-444444444444" startPosition="0" '
    f'endPosition="5"><Coding guid="eeeeeeee-1111-2222-3333-444444444444">'
    f'<CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection></TextSource></Sources>'
)
HEAD = (
    f'<CodeBook><Codes><Code guid="{CODE}" name="Care" isCodable="true"/></Codes></CodeBook>'
    f'<Cases><Case guid="{CASE}" name="Ann"><SourceRef targetGUID="{SRC}"/></Case></Cases>'
)


def _qdpx(tmp: Path, body: str, prolog: str = "") -> Path:
    qde = f'<?xml version="1.0" encoding="utf-8"?>\n{prolog}<Project xmlns="{NS}" name="t">'
    return make_qdpx(tmp / "p.qdpx", qde + body + "</Project>", {f"sources/{SRC}.txt": b"Hello"})


@pytest.mark.parametrize("body", [HEAD + SOURCES, SOURCES + HEAD], ids=["schema", "reversed"])
def test_sections_in_any_order(tmp_path: Path, body: str) -> None:
    data = read_qdpx(_qdpx(tmp_path, body))
    assert [c.name for c in data.codes] == ["Care"]
    assert [(c.name, c.source_guids) for c in data.cases] == [("Ann", [SRC])]
    [source] = data.sources
    assert source.text == "Hello"
    assert [(s.start, s.end, [c.code_guid for c in s.codings]) for s in source.selections] == [
        (0, 5, [CODE])
    ]


def test_a_doctype_beyond_the_first_64_kb_is_refused(tmp_path: Path) -> None:
    padding = "<!--" + "x" * 70_000 + "-->\n"
    doctype = '<!DOCTYPE p [<!ENTITY e "boom">]>\n'
    with pytest.raises(FileImportError, match="DOCTYPE"):
        read_qdpx(_qdpx(tmp_path, HEAD + SOURCES, padding + doctype))


def test_malformed_source_names_its_line(tmp_path: Path) -> None:
    broken = SOURCES.replace("</TextSource>", "")
    with pytest.raises(FileImportError, match=r"line 2"):
        read_qdpx(_qdpx(tmp_path, HEAD + broken))
