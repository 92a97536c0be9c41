"""Paragraphs out of Word (.docx) and OpenDocument (.odt) files, in document order.

Transcription services often deliver a transcript as a table (speaker | words), so tables are read
where they stand, between the paragraphs, one row per block with the cells joined by " | ".

Both formats are zips of XML. The zip is checked for bombs first (``safety.check_zip``). Word XML is
parsed by python-docx, whose lxml parser does not expand entities. OpenDocument XML is parsed here
with defusedxml, which refuses DOCTYPEs and so entity-expansion attacks ("billion laughs");
odfpy's own loader uses a plain SAX parser and is not used for reading.

Text boxes, footnotes, comments, headers and footers are left out: they are not the transcript's
running text, and pulling them in would break paragraph order.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped]
import docx
from defusedxml import DefusedXmlException
from docx.opc.exceptions import PackageNotFoundError

from qualcode.importers.boundary import cause
from qualcode.importers.model import FileImportError
from qualcode.importers.safety import check_zip

_CELL_SEPARATOR = " | "
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# --- Word -------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_W_P, _W_TBL, _W_TR, _W_TC, _W_R = (f"{_W}{t}" for t in ("p", "tbl", "tr", "tc", "r"))
# Elements that only wrap content (content controls, custom XML, tracked insertions, links).
_W_WRAPPERS = frozenset(
    f"{_W}{t}"
    for t in [
        "sdt",
        "sdtContent",
        "customXml",
        "smartTag",
        "ins",
        "moveTo",
        "hyperlink",
        "fldSimple",
        "dir",
        "bdo",
    ]
)
# Inside a paragraph: properties, deleted text and things that are not running text.
_W_SKIP = frozenset(f"{_W}{t}" for t in ("pPr", "rPr", "del", "moveFrom", "sdtPr", "sdtEndPr"))
_W_RUN_TEXT = {
    f"{_W}tab": "\t",
    f"{_W}br": "\n",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "-",
    f"{_W}softHyphen": "",
}


def read_docx(
    path: Path, found: list[str], data: bytes | None = None
) -> tuple[list[str], str | None]:
    """The body's paragraphs and table rows, in order; notes on skipped content go to ``found``.

    With ``data`` the document is read from those bytes in memory (``path`` only names it): a
    .docx inside a REFI archive is never written out to a temporary file."""
    name = path.name
    if data is not None:
        magic = data[: len(_OLE_MAGIC)]
    else:
        with path.open("rb") as f:
            magic = f.read(len(_OLE_MAGIC))
    if magic == _OLE_MAGIC:
        raise FileImportError(
            name,
            "this is an old Word 97-2003 (.doc) file or a password-protected document; "
            "open it in Word and save it as an unprotected .docx",
        )
    check_zip(path, "Word document", data)
    try:
        document = docx.Document(io.BytesIO(data) if data is not None else str(path))
        body = document.element.body
        blocks = list(_docx_blocks(body))
        boxes = sum(1 for _ in body.iter(f"{_W}txbxContent"))
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        zlib.error,
        KeyError,
        ValueError,
        SyntaxError,  # lxml's XMLSyntaxError
        OSError,
    ) as exc:
        raise FileImportError(name, f"the Word document is damaged ({cause(exc)})") from exc
    except RecursionError as exc:
        raise FileImportError(name, "the Word document is nested too deeply to read") from exc
    if boxes:
        found.append(f"text in {boxes} text box(es) was not imported")
    return blocks, None


def _docx_blocks(container: Any) -> Iterator[str]:
    for child in container:
        tag = child.tag
        if tag == _W_P:
            yield _docx_paragraph(child)
        elif tag == _W_TBL:
            for row in _docx_children(child, _W_TR):
                cells = (
                    " ".join(_cell_lines(_docx_blocks(cell))) for cell in _docx_children(row, _W_TC)
                )
                yield _CELL_SEPARATOR.join(cell for cell in cells if cell)
        elif tag in _W_WRAPPERS:
            yield from _docx_blocks(child)


def _docx_children(element: Any, tag: str) -> Iterator[Any]:
    """Children with ``tag``, looking through content-control and custom-XML wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _W_WRAPPERS:
            yield from _docx_children(child, tag)


def _docx_paragraph(paragraph: Any) -> str:
    pieces: list[str] = []
    _docx_inline(paragraph, pieces)
    return "".join(pieces)


def _docx_inline(element: Any, pieces: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == _W_R:
            for item in child:  # only the run's own children: text boxes live deeper
                if item.tag == f"{_W}t":
                    pieces.append(item.text or "")
                else:
                    pieces.append(_W_RUN_TEXT.get(item.tag, ""))
        elif tag == f"{_MC}AlternateContent":
            for choice in child[:1]:  # Choice and Fallback hold the same content twice
                _docx_inline(choice, pieces)
        elif tag not in _W_SKIP and isinstance(tag, str):
            _docx_inline(child, pieces)


def _cell_lines(blocks: Iterator[str]) -> Iterator[str]:
    """A table cell's text as words on one line: its paragraphs joined with a space."""
    for block in blocks:
        text = " ".join(block.split())
        if text:
            yield text


# --- OpenDocument -----------------------------------------------------------------------------

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_ODT_MIME = "application/vnd.oasis.opendocument.text"
_ODT_PARAGRAPHS = frozenset({f"{_TEXT}p", f"{_TEXT}h"})
_ODT_ROW_GROUPS = frozenset(
    f"{_TABLE}{t}" for t in ("table-header-rows", "table-rows", "table-row-group")
)
# Block-level content that is not running text: declarations, generated indexes, revision marks.
_ODT_SKIP_BLOCKS = frozenset(
    [f"{_TEXT}{t}" for t in ("tracked-changes", "sequence-decls", "variable-decls")]
    + [f"{_TEXT}{t}" for t in ("user-field-decls", "dde-connection-decls", "table-of-content")]
    + [f"{_TEXT}{t}" for t in ("illustration-index", "table-index", "alphabetical-index")]
    + [f"{_OFFICE}forms", f"{_TABLE}table-columns", f"{_TABLE}table-column"]
)
# Inline content that is not running text: notes, comments, frames, ruby annotations.
_ODT_SKIP_INLINE = frozenset(
    [f"{_TEXT}note", f"{_TEXT}ruby-text", f"{_OFFICE}annotation", f"{_DRAW}frame"]
    + [f"{_DRAW}{t}" for t in ("a", "custom-shape", "rect", "g", "control")]
)
# Placeholders for ODF's explicit spacing, kept apart from XML whitespace until it is collapsed.
_SPACE, _TABSTOP, _NEWLINE = "\ue000", "\ue001", "\ue002"
_MAX_SPACES = 1000


def read_odt(path: Path, found: list[str]) -> tuple[list[str], str | None]:
    """The office:text body's headings, paragraphs, list items and table rows, in order."""
    name = path.name
    check_zip(path, "OpenDocument text")
    try:
        with zipfile.ZipFile(path) as zf:
            members = set(zf.namelist())
            if "mimetype" in members:
                mime = zf.read("mimetype").decode("ascii", "replace").strip()
                if mime != _ODT_MIME:
                    raise FileImportError(
                        name, f"this is not an OpenDocument text document (it is {mime})"
                    )
            if "content.xml" not in members:
                raise FileImportError(name, "the OpenDocument file has no content.xml")
            content = zf.read("content.xml")
    except (zipfile.BadZipFile, zlib.error, OSError) as exc:
        raise FileImportError(name, f"the OpenDocument file is damaged ({cause(exc)})") from exc
    try:
        root: Element = SafeET.fromstring(content, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise FileImportError(
            name,
            "content.xml declares a DTD or entities, which OpenDocument never needs; "
            "refusing it as a possible entity-expansion attack",
        ) from exc
    except ParseError as exc:
        raise FileImportError(name, f"content.xml is not valid XML ({cause(exc)})") from exc
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise FileImportError(name, "this OpenDocument file has no text body")
    try:
        blocks = list(_odt_blocks(body))
    except RecursionError as exc:
        raise FileImportError(name, "the document is nested too deeply to read") from exc
    boxes = sum(1 for _ in body.iter(f"{_DRAW}text-box"))
    if boxes:
        found.append(f"text in {boxes} text box(es) was not imported")
    return blocks, None


def _odt_blocks(container: Element) -> Iterator[str]:
    for child in container:
        tag = child.tag
        if tag in _ODT_PARAGRAPHS:
            yield _odt_paragraph(child)
        elif tag == f"{_TABLE}table":
            for row in _odt_rows(child):
                cells = (
                    " ".join(_cell_lines(_odt_blocks(cell)))
                    for cell in row
                    if cell.tag == f"{_TABLE}table-cell"
                )
                yield _CELL_SEPARATOR.join(cell for cell in cells if cell)
        elif tag not in _ODT_SKIP_BLOCKS and not tag.startswith(_DRAW):
            # lists, list items, sections, soft page breaks (no children)
            yield from _odt_blocks(child)


def _odt_rows(table: Element) -> Iterator[Element]:
    for child in table:
        if child.tag == f"{_TABLE}table-row":
            yield child
        elif child.tag in _ODT_ROW_GROUPS:
            yield from _odt_rows(child)


def _odt_paragraph(paragraph: Element) -> str:
    pieces: list[str] = []
    _odt_inline(paragraph, pieces)
    # ODF collapses runs of XML whitespace to one space; text:s, text:tab and text:line-break
    # are the explicit spacing, restored after the collapse.
    text = " ".join("".join(pieces).split())
    return text.replace(_SPACE, " ").replace(_TABSTOP, "\t").replace(_NEWLINE, "\n")


def _odt_inline(element: Element, pieces: list[str]) -> None:
    if element.text:
        pieces.append(element.text)
    for child in element:
        tag = child.tag
        if tag == f"{_TEXT}s":
            pieces.append(_SPACE * _space_count(child.get(f"{_TEXT}c")))
        elif tag == f"{_TEXT}tab":
            pieces.append(_TABSTOP)
        elif tag == f"{_TEXT}line-break":
            pieces.append(_NEWLINE)
        elif tag not in _ODT_SKIP_INLINE:
            _odt_inline(child, pieces)
        if child.tail:
            pieces.append(child.tail)


def _space_count(value: str | None) -> int:
    if value is None or not value.isdigit():
        return 1
    return max(1, min(int(value), _MAX_SPACES))
