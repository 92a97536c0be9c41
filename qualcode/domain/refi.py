"""The REFI-QDA exchange model: what a .qdc or .qdpx file says, as plain dataclasses.

Why a model of its own: the exporter (plain data -> XML), the importer (XML -> plain data) and the
service that reads or writes the database meet here, so neither side needs the other, and tests can
check a round trip at each layer. It lives in ``domain`` because both ``importers`` and
``exporters`` use it and neither may import the other's internals.

Conventions:
- GUIDs are normalised (lower case, no braces) by whoever builds the model;
- selection offsets are Python code-point indices into ``RefiSource.text`` (``\\n`` line endings),
  end exclusive, whatever the file used: the exporter converts on the way out, the importer on the
  way in;
- colours are ``#RRGGBB`` or ``None``; variable types are the schema's names (Text, Boolean,
  Integer, Float, Date, DateTime).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

VARIABLE_TYPES = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")

# How QualCode carries what the standard has no field for, in places other tools show as text.
CATEGORY_PREFIX = "Categories: "  # + JSON list, in a Variable's Description
MEMO_KIND_SET_PREFIX = "QualCode memos: "  # + kind, a Set of Notes
SET_PATH_SEPARATOR = "::"  # sub-theme Sets are named "Parent::Child"
PART_PREFIX = "QualCode part: "  # + kind, the name of a selection that is a document part

_GUID = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)
_PLAIN_GUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_INCLUDE = "\n\nInclude: "
_EXCLUDE = "\n\nExclude: "


def name_guid(namespace: uuid.UUID, name: str) -> str:
    """``str(uuid.uuid5(namespace, name))``, without building UUID objects: an export derives
    one for each of 300,000 selections."""
    digest = bytearray(hashlib.sha1(namespace.bytes + name.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    x = digest.hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


def is_plain_guid(value: str) -> bool:
    """Whether ``value`` is a GUID as QualCode stores them (36 characters, no braces)."""
    return len(value) == 36 and _PLAIN_GUID.match(value) is not None


def normalise_guid(raw: str) -> str | None:
    """``{ABC...}`` and ``abc...`` are the same GUID; ``None`` when ``raw`` is not a GUID."""
    found = _GUID.match(raw.strip())
    return found.group(1).lower() if found else None


def join_description(definition: str, inclusion: str = "", exclusion: str = "") -> str:
    """A code's definition with its inclusion and exclusion notes, as one Description."""
    out = definition.strip()
    if inclusion.strip():
        out += _INCLUDE + inclusion.strip()
    if exclusion.strip():
        out += _EXCLUDE + exclusion.strip()
    return out.strip()


def split_description(text: str) -> tuple[str, str, str]:
    """The inverse of :func:`join_description`; other programs' text is all definition."""
    text = "\n\n" + text.strip()
    rest, _, exclusion = text.partition(_EXCLUDE)
    definition, _, inclusion = rest.partition(_INCLUDE)
    return definition.strip(), inclusion.strip(), exclusion.strip()


@dataclass
class RefiUser:
    guid: str
    name: str


@dataclass
class RefiCode:
    guid: str
    name: str
    colour: str | None = None
    description: str = ""
    codable: bool = True
    children: list[RefiCode] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)


@dataclass
class RefiSet:
    guid: str
    name: str
    description: str = ""
    code_guids: list[str] = field(default_factory=list)
    source_guids: list[str] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)


@dataclass
class RefiVariable:
    guid: str
    name: str
    type: str  # one of VARIABLE_TYPES
    description: str = ""


@dataclass(slots=True)
class RefiValue:
    variable_guid: str
    value: str  # as the schema writes it: ISO dates, true/false, decimal numbers


@dataclass
class RefiCase:
    guid: str
    name: str | None  # None: a nameless case carrying file variables
    description: str = ""
    values: list[RefiValue] = field(default_factory=list)
    source_guids: list[str] = field(default_factory=list)
    selection_guids: list[str] = field(default_factory=list)


@dataclass(slots=True)  # one per coding: 200,000 in a large project
class RefiCoding:
    guid: str
    code_guid: str
    user_guid: str | None = None
    created: dt.datetime | None = None  # naive UTC
    note_guids: Sequence[str] = ()  # a tuple when empty: one per coding adds up


@dataclass(slots=True)  # one per coding too
class RefiSelection:
    guid: str
    start: int
    end: int
    user_guid: str | None = None
    created: dt.datetime | None = None
    description: str = ""
    codings: Sequence[RefiCoding] = ()  # a tuple when empty, like note_guids
    note_guids: Sequence[str] = ()  # a tuple when empty: one per coding adds up
    name: str = ""  # PART_PREFIX + kind for a QualCode document part (a turn, an answer...)


@dataclass
class RefiSource:
    guid: str
    name: str
    text: str
    user_guid: str | None = None
    created: dt.datetime | None = None
    description: str = ""
    selections: list[RefiSelection] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)
    values: list[RefiValue] = field(default_factory=list)


@dataclass
class RefiNote:
    guid: str
    name: str
    text: str
    user_guid: str | None = None
    created: dt.datetime | None = None


@dataclass
class RefiLink:
    guid: str
    name: str
    origin_guid: str | None
    target_guid: str | None


@dataclass
class RefiExportSummary:
    """What a .qdpx export wrote (the sources are streamed, so no :class:`RefiProject` holds
    them all): counts for the user, and each document's GUID as written with its name."""

    codes: int = 0
    memos: int = 0
    codings: int = 0
    sources: list[tuple[str, str]] = field(default_factory=list)  # (GUID, name)

    @property
    def documents(self) -> int:
        return len(self.sources)


@dataclass
class RefiProject:
    """A whole project, or (with only ``codes`` and ``sets``) a codebook."""

    name: str
    users: list[RefiUser] = field(default_factory=list)
    codes: list[RefiCode] = field(default_factory=list)
    sets: list[RefiSet] = field(default_factory=list)
    variables: list[RefiVariable] = field(default_factory=list)
    cases: list[RefiCase] = field(default_factory=list)
    sources: list[RefiSource] = field(default_factory=list)
    notes: list[RefiNote] = field(default_factory=list)
    links: list[RefiLink] = field(default_factory=list)
    project_note_guids: list[str] = field(default_factory=list)
    origin: str = ""
    # What the reader noticed and could not carry; the import service adds its own lines.
    warnings: list[str] = field(default_factory=list)
    # GUID -> the id as the file wrote it, for ids that were not GUIDs ("c001"), for reports.
    ids_as_written: dict[str, str] = field(default_factory=dict)

    def iter_codes(self) -> list[RefiCode]:
        """Every code, parents before children."""
        out: list[RefiCode] = []
        stack = list(reversed(self.codes))
        while stack:
            code = stack.pop()
            out.append(code)
            stack.extend(reversed(code.children))
        return out
