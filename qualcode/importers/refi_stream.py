"""Parse a .qdpx's project.qde as a stream, one source at a time, with the same safety rules.

Why: the whole-tree parse of a large project (2,000 documents, 200,000 codings, 75 MB of XML)
held the tree and the model built from it at once, close to a gigabyte. Here the XML is read with
``lxml.etree.iterparse`` straight from the zip member; each child of ``<Sources>`` is handed to the
caller when it is complete and cleared afterwards, so only one source's elements are alive at a
time. The other sections (users, codes, cases, notes, sets) are small and stay under the root,
where the whole-tree readers find them.

The safety rules are those of :func:`qualcode.importers.refi_xml.parse_xml`: a DOCTYPE or entity
declaration is refused before parsing (in the first 64 KB) and again by the parser's own record of
it; entities are never resolved, the network never touched, no DTD loaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Literal

from lxml import etree  # type: ignore[import-untyped]

from qualcode.importers.model import FileImportError
from qualcode.importers.refi_xml import local, refuse_doctype

_HEAD = 65536
Event = Literal["root", "section", "item"]


class _Replay:
    """A reader that returns ``head`` first, then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self.head = head
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        if self.head:
            if size < 0 or size >= len(self.head):
                out, self.head = self.head, b""
                return out
            out, self.head = self.head[:size], self.head[size:]
            return out
        return self.stream.read(size)


def stream_xml(
    stream: IO[bytes], name: str, section: str
) -> Iterator[tuple[Event, etree._Element]]:
    """Yield ``("root", root)`` as soon as the root starts; ``("section", el)`` when the root's
    ``section`` child starts (the sections before it are then complete); ``("item", el)`` for each
    child of that section once it is complete (cleared when the caller asks for the next one).

    After the last one the root holds every other section, complete. :class:`FileImportError`
    names the line when the XML is malformed."""
    head = stream.read(_HEAD)
    refuse_doctype(head, name)
    events = etree.iterparse(
        _Replay(head, stream),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    depth = 0
    try:
        for event, el in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    docinfo = el.getroottree().docinfo
                    if docinfo.doctype or docinfo.internalDTD is not None:
                        raise FileImportError(name, "the XML declares a DOCTYPE; refusing it")
                    yield "root", el
                elif depth == 2 and local(el) == section:
                    yield "section", el
                continue
            depth -= 1
            if depth != 2:
                continue
            parent = el.getparent()
            if parent is None or local(parent) != section:
                continue
            yield "item", el
            el.clear(keep_tail=False)
            while el.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        where = f"line {line}" if line else None
        raise FileImportError(name, f"the XML is malformed ({exc.msg})", where) from None
