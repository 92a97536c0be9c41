"""Position conventions are detected per file: code points, NVivo (UTF-16, BOM skipped, CRLF as
2) and ATLAS.ti (CRLF as 1), on texts with emoji, CRLF and a BOM."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.domain.text_offsets import Convention, OffsetMap, crlf_positions
from qualcode.importers.refi_import import read_qdpx
from tests.refi.build import make_qdpx, project_xml

G_SRC = "11111111-1111-1111-1111-111111111111"
G_CODE = "22222222-2222-2222-2222-222222222222"
RAW = (
    "\ufeffWe talked 😀 about the clinic.\r\nShe said 🙂🙂 the waiting room was cold.\r\n"
    "Later 👍 everyone agreed the staff were kind.\r\nThe end."
)
PHRASES = ("clinic", "waiting room", "cold", "everyone agreed", "staff", "kind", "end")


def _selections(convention: Convention) -> tuple[str, list[tuple[int, int]], str]:
    """The normalised text, the phrases' code-point spans, and selections in ``convention``."""
    text, crlf = crlf_positions(RAW.removeprefix("\ufeff"))
    omap = OffsetMap(text, convention, crlf, has_bom=True)
    spans, xml = [], []
    for i, phrase in enumerate(PHRASES):
        start = text.index(phrase)
        spans.append((start, start + len(phrase)))
        xml.append(
            f'<PlainTextSelection guid="33333333-3333-3333-3333-{i:012d}" '
            f'startPosition="{omap.external(start)}" '
            f'endPosition="{omap.external(start + len(phrase))}">'
            f'<Coding guid="44444444-4444-4444-4444-{i:012d}">'
            f'<CodeRef targetGUID="{G_CODE}"/></Coding>'
            "</PlainTextSelection>"
        )
    return text, spans, "".join(xml)


@pytest.mark.parametrize(
    "convention",
    [
        Convention(),  # the standard: code points (BOM skipped, CRLF as 1 or 2 coincide per text)
        Convention(crlf_as_two=True),  # code points of the file as written
        Convention(utf16=True, crlf_as_two=True),  # NVivo for Windows
        Convention(crlf_as_two=False),  # ATLAS.ti: CRLF as one
        Convention(utf16=True, crlf_as_two=True, bom_counted=True),
    ],
    ids=["codepoint", "codepoint-crlf2", "nvivo", "atlasti", "utf16-bom"],
)
def test_detects_convention(tmp_path: Path, convention: Convention) -> None:
    text, spans, selections = _selections(convention)
    body = (
        f'<CodeBook><Codes><Code guid="{G_CODE}" name="C" isCodable="true"/></Codes></CodeBook>'
        f'<Sources><TextSource guid="{G_SRC}" name="S" plainTextPath="internal://{G_SRC}.txt">'
        f"{selections}</TextSource></Sources>"
    )
    path = make_qdpx(
        tmp_path / "p.qdpx",
        project_xml(body),
        {f"sources/{G_SRC}.txt": RAW.encode("utf-8")},
    )
    data = read_qdpx(path)
    source = data.sources[0]
    assert source.text == text
    assert [(s.start, s.end) for s in source.selections] == spans
    detected = next(w for w in data.warnings if w.startswith("Selection positions"))
    assert ("UTF-16" in detected) == convention.utf16
    assert not any("weak" in w for w in data.warnings)


def test_weak_evidence_is_reported(tmp_path: Path) -> None:
    raw = "ab 😀 cd\r\nef"
    body = (
        f'<CodeBook><Codes><Code guid="{G_CODE}" name="C" isCodable="true"/></Codes></CodeBook>'
        f'<Sources><TextSource guid="{G_SRC}" name="S" plainTextPath="internal://{G_SRC}.txt">'
        f'<PlainTextSelection guid="{G_SRC[:-1]}2" startPosition="0" endPosition="2">'
        f'<Coding guid="{G_SRC[:-1]}3"><CodeRef targetGUID="{G_CODE}"/></Coding>'
        "</PlainTextSelection></TextSource></Sources>"
    )
    path = make_qdpx(tmp_path / "p.qdpx", project_xml(body), {f"sources/{G_SRC}.txt": raw.encode()})
    data = read_qdpx(path)
    assert [(s.start, s.end) for s in data.sources[0].selections] == [(0, 2)]
    assert any("weak" in w for w in data.warnings)


def test_offset_map_round_trips_every_boundary() -> None:
    text, crlf = crlf_positions("a😀b\r\nc🙂\r\nd")
    for convention in (Convention(), Convention(True, True), Convention(True, False, True)):
        omap = OffsetMap(text, convention, crlf, has_bom=True)
        for i in range(len(text) + 1):
            assert omap.internal(omap.external(i)) == i
    nvivo = OffsetMap(text, Convention(True, True), crlf)
    assert nvivo.internal(2) is None  # between the halves of 😀
    assert nvivo.internal_rounded(2, up=True) == 2
    assert nvivo.internal(5) is None  # between CR and LF
