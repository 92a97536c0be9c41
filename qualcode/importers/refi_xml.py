"""Parse REFI-QDA XML from outside safely, and read it without caring about the namespace.

A .qde or .qdc comes from another program or another person: it may declare entities that expand
to gigabytes ("billion laughs") or point at local files and URLs (XXE). REFI files never need a
DOCTYPE, so one is refused outright, before and after parsing; lxml is told not to resolve
entities or touch the network in any case. Vendors write several namespace versions
(``urn:QDA-XML:codebook:1.0``, ``:0:4``, ``:1:0``), so elements are found by local name only.

Ids: the standard asks for GUIDs, but some tools write any unique string (``c001``). Inside an
:func:`id_scope` (one per file read), such an id becomes a GUID derived from it and from the file's
origin and project name, so every reference to ``c001`` in the file meets the same GUID, a second
import of the same project matches the first, and another project's ``c001`` stays apart. An
element with no id at all gets a fresh GUID (nothing can refer to it). The ids as written are kept
for the report.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from lxml import etree  # type: ignore[import-untyped]

from qualcode.domain.refi import normalise_guid
from qualcode.importers.model import FileImportError

_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_ID_NAMESPACE = uuid.UUID("3b0d6a8e-2f4c-4d7b-9a51-7c2e9f0b1d64")
_MAX_ID = 1000


@dataclass
class IdScope:
    """The ids of one file: ``written`` maps each derived GUID to the id as written."""

    salt: str
    written: dict[str, str] = field(default_factory=dict)
    unnamed: list[str] = field(default_factory=list)  # "Code (line 12)": elements without an id


_SCOPE: ContextVar[IdScope | None] = ContextVar("refi_id_scope", default=None)


@contextmanager
def id_scope(salt: str) -> Iterator[IdScope]:
    """Read one file's ids: non-GUID ids become GUIDs derived from ``salt`` and the id."""
    scope = IdScope(salt)
    token = _SCOPE.set(scope)
    try:
        yield scope
    finally:
        _SCOPE.reset(token)


def as_guid(raw: str) -> str | None:
    """A GUID for the id ``raw`` (``None`` when empty; a GUID outside an :func:`id_scope` only)."""
    text = raw.strip()
    if not text:
        return None
    found = normalise_guid(text)
    if found is not None:
        return found
    scope = _SCOPE.get()
    if scope is None:
        return None
    text = text[:_MAX_ID]
    guid = str(uuid.uuid5(_ID_NAMESPACE, f"{scope.salt}\x1f{text}"))
    scope.written.setdefault(guid, text)
    return guid


def refuse_doctype(data: bytes, name: str) -> None:
    head = data[:65536]
    if head.startswith(_UTF16_BOMS):
        head = head.decode("utf-16", errors="replace").encode("utf-8")
    root_start = re.search(rb"<[A-Za-z_]", head)
    prolog = head[: root_start.start()] if root_start else head
    if _DOCTYPE.search(prolog):
        raise FileImportError(
            name, "the XML declares a DOCTYPE or entities; REFI-QDA files never need one, refusing"
        )


def parse_xml(data: bytes, name: str) -> etree._Element:
    """The root element of ``data``; :class:`FileImportError` naming the line when malformed."""
    refuse_doctype(data, name)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        where = f"line {line}" if line else None
        raise FileImportError(name, f"the XML is malformed ({exc.msg})", where) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise FileImportError(name, "the XML declares a DOCTYPE; refusing it")
    return root


def local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def kids(el: etree._Element, name: str) -> Iterator[etree._Element]:
    """Direct children called ``name`` in any namespace."""
    for child in el:
        if isinstance(child.tag, str) and child.tag.rpartition("}")[2] == name:
            yield child


def kid(el: etree._Element, name: str) -> etree._Element | None:
    return next(kids(el, name), None)


def kid_text(el: etree._Element, name: str) -> str:
    found = kid(el, name)
    return (found.text or "") if found is not None else ""


def grandkids(el: etree._Element, outer: str, inner: str) -> Iterator[etree._Element]:
    for holder in kids(el, outer):
        yield from kids(holder, inner)


def ref_guids(el: etree._Element, name: str) -> list[str]:
    """The normalised ``targetGUID``s of the children called ``name`` (NoteRef, SourceRef...)."""
    out: list[str] = []
    for child in kids(el, name):
        guid = as_guid(child.get("targetGUID") or child.get("guid") or "")
        if guid:
            out.append(guid)
    return out


def guid_of(el: etree._Element, file: str, attr: str = "guid") -> str:
    raw = el.get(attr) or ""
    guid = as_guid(raw)
    if guid is not None:
        return guid
    scope = _SCOPE.get()
    if scope is None or raw.strip():
        raise FileImportError(
            file, f"a {local(el)} has no valid {attr} ('{raw}')", f"line {el.sourceline}"
        )
    scope.unnamed.append(f"{local(el)} (line {el.sourceline})")
    return str(uuid.uuid4())


def optional_guid(el: etree._Element, attr: str) -> str | None:
    """The GUID in ``attr``, interned: the same few users and codes recur on every coding."""
    raw = el.get(attr)
    guid = as_guid(raw) if raw else None
    return sys.intern(guid) if guid is not None else None


def id_report(scope: IdScope) -> list[str]:
    """Report lines for the ids that were not GUIDs."""
    lines = []
    if scope.written:
        shown = ", ".join(f"'{v}'" for v in list(scope.written.values())[:8])
        more = f" and {len(scope.written) - 8:,} more" if len(scope.written) > 8 else ""
        lines.append(
            f"{len(scope.written):,} id(s) were not GUIDs ({shown}{more}); each was given a GUID, "
            "the same at every reference (a QualCode export writes GUIDs)."
        )
    if scope.unnamed:
        lines.append(
            f"{len(scope.unnamed):,} element(s) had no id and were given one: "
            + ", ".join(scope.unnamed[:8])
            + ("…" if len(scope.unnamed) > 8 else "")
        )
    return lines


def parse_datetime(raw: str | None) -> dt.datetime | None:
    """An xsd:dateTime as naive UTC; ``None`` when absent or unreadable."""
    if not raw:
        return None
    return _parse_datetime(raw)


@functools.lru_cache(maxsize=4096)  # a large file repeats its stamps; one object per stamp
def _parse_datetime(raw: str) -> dt.datetime | None:
    try:
        value = dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.replace(microsecond=0)


def parse_bool(raw: str | None, default: bool = True) -> bool:
    if raw is None:
        return default
    return raw.strip().lower() in ("true", "1")
