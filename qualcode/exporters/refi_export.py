"""Write REFI-QDA files: the .qdc codebook, and the element builders the .qdpx writer shares.

Input is a :class:`RefiProject` with code-point offsets into ``\\n`` texts. Elements are written in
the order the schemas require; files are written to a temporary name and renamed, so a failed
export never leaves half a file. The whole project (.qdpx) is streamed by
:mod:`qualcode.exporters.refi_qdpx`, which builds its elements with the :class:`Writer` here.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from qualcode.domain.errors import QualCodeError
from qualcode.domain.refi import (
    RefiCode,
    RefiProject,
    RefiValue,
    is_plain_guid,
    name_guid,
    normalise_guid,
)
from qualcode.exporters.atomic import replace_atomically

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_ID_ATTRIBUTES = frozenset({"guid", "targetGUID", "originGUID", "creatingUser"})
_VALUE_ELEMENT = {
    "Text": "TextValue",
    "Boolean": "BooleanValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Date": "DateValue",
    "DateTime": "DateTimeValue",
}


@functools.lru_cache(maxsize=4096)  # a selection and its coding share one; imports share many
def stamp(value: dt.datetime | None) -> str | None:
    return value.replace(microsecond=0).isoformat() + "Z" if value is not None else None


def _decimal(raw: str) -> str:
    try:
        return format(Decimal(raw), "f")
    except InvalidOperation:
        raise QualCodeError(f"'{raw}' is not a number; cannot export it.") from None


class Writer:
    """Builds elements in one namespace; ``memberattr`` differs between .qdc and .qde sets."""

    def __init__(self, ns: str) -> None:
        self.ns = ns
        self.fresh: dict[str, str] = {}  # an id that is not a GUID -> the GUID written for it

    def guid(self, value: str) -> str:
        """``value`` if it is a GUID; else a fresh GUID, the same for every use in this export
        (a project may hold ids other tools wrote, such as ``c001``; the schema wants GUIDs)."""
        if is_plain_guid(value) or normalise_guid(value) is not None:
            return value
        return self.fresh.setdefault(value, str(uuid.uuid4()))

    def el(self, parent: etree._Element | None, tag: str, **attrs: str | None) -> etree._Element:
        clean = {
            k: (self.guid(v) if k in _ID_ATTRIBUTES else v)
            for k, v in attrs.items()
            if v is not None
        }
        name = f"{{{self.ns}}}{tag}"
        if parent is None:
            return etree.Element(name, clean, nsmap={None: self.ns})
        return etree.SubElement(parent, name, clean)

    def text(self, parent: etree._Element, tag: str, value: str) -> None:
        if value:
            self.el(parent, tag).text = value

    def refs(self, parent: etree._Element, tag: str, guids: Iterable[str]) -> None:
        for guid in guids:
            self.el(parent, tag, targetGUID=guid)

    def code(self, parent: etree._Element, code: RefiCode, with_notes: bool) -> None:
        el = self.el(
            parent,
            "Code",
            guid=code.guid,
            name=code.name,
            isCodable="true" if code.codable else "false",
            color=code.colour,
        )
        self.text(el, "Description", code.description)
        if with_notes:
            self.refs(el, "NoteRef", code.note_guids)
        for child in code.children:
            self.code(el, child, with_notes)

    def value(self, parent: etree._Element, value: RefiValue, types: dict[str, str]) -> None:
        kind = types[value.variable_guid]
        el = self.el(parent, "VariableValue")
        self.el(el, "VariableRef", targetGUID=value.variable_guid)
        text = value.value
        if kind == "Float":
            text = _decimal(text)
        self.el(el, _VALUE_ELEMENT[kind]).text = text


def codebook_tree(project: RefiProject) -> etree._Element:
    """The ``CodeBook`` element of a .qdc: codes (with hierarchy) and sets of codes."""
    w = Writer(CODEBOOK_NS)
    root = w.el(None, "CodeBook", origin=project.origin or None)
    codes = w.el(root, "Codes")
    for code in project.codes:
        w.code(codes, code, with_notes=False)
    code_sets = [s for s in project.sets if s.code_guids or s.description]
    if code_sets:
        holder = w.el(root, "Sets")
        for item in code_sets:
            el = w.el(holder, "Set", guid=item.guid, name=item.name)
            w.text(el, "Description", item.description)
            for guid in item.code_guids:
                w.el(el, "MemberCode", guid=guid)
    return root


def selection_guid(coding_guid: str) -> str:
    """The GUID of the selection that carries one coding (stable across exports)."""
    return name_guid(uuid.NAMESPACE_OID, f"qualcode-selection:{coding_guid}")


def write_qdc(project: RefiProject, path: Path) -> None:
    data = etree.tostring(codebook_tree(project), xml_declaration=True, encoding="utf-8")

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    replace_atomically(Path(path), write)
