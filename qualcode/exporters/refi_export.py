"""Write REFI-QDA files: a .qdc codebook and a .qdpx project (project.qde + sources/<guid>.txt).

Input is a :class:`RefiProject` with code-point offsets into ``\\n`` texts. Positions go out in one
of two conventions: ``codepoint`` (the standard; texts keep ``\\n``) or ``utf16`` (UTF-16 code
units, texts written with CRLF and CRLF counted as two: what NVivo for Windows reads). Elements are
written in the order the schemas require; files are written to a temporary name and renamed, so a
failed export never leaves half a file.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zipfile
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Literal

from lxml import etree  # type: ignore[import-untyped]

from qualcode.domain.errors import QualCodeError
from qualcode.domain.refi import (
    RefiCode,
    RefiProject,
    RefiSet,
    RefiSource,
    RefiValue,
    normalise_guid,
)
from qualcode.domain.text_offsets import Convention, OffsetMap
from qualcode.exporters.atomic import replace_atomically

Positions = Literal["codepoint", "utf16"]
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
UTF16_CRLF = Convention(utf16=True, crlf_as_two=True)
_ID_ATTRIBUTES = frozenset({"guid", "targetGUID", "originGUID", "creatingUser"})
_VALUE_ELEMENT = {
    "Text": "TextValue",
    "Boolean": "BooleanValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Date": "DateValue",
    "DateTime": "DateTimeValue",
}


def _stamp(value: dt.datetime | None) -> str | None:
    return value.replace(microsecond=0).isoformat() + "Z" if value is not None else None


def _decimal(raw: str) -> str:
    try:
        return format(Decimal(raw), "f")
    except InvalidOperation:
        raise QualCodeError(f"'{raw}' is not a number; cannot export it.") from None


class _Writer:
    """Builds elements in one namespace; ``memberattr`` differs between .qdc and .qde sets."""

    def __init__(self, ns: str) -> None:
        self.ns = ns
        self.fresh: dict[str, str] = {}  # an id that is not a GUID -> the GUID written for it

    def guid(self, value: str) -> str:
        """``value`` if it is a GUID; else a fresh GUID, the same for every use in this export
        (a project may hold ids other tools wrote, such as ``c001``; the schema wants GUIDs)."""
        if normalise_guid(value) is not None:
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
    w = _Writer(CODEBOOK_NS)
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
    return str(uuid.uuid5(uuid.NAMESPACE_OID, f"qualcode-selection:{coding_guid}"))


def _export_text(source: RefiSource, positions: Positions) -> tuple[str, OffsetMap | None]:
    if positions == "codepoint":
        return source.text, None
    crlf = [i for i, ch in enumerate(source.text) if ch == "\n"]
    omap = OffsetMap(source.text, UTF16_CRLF, crlf)
    return source.text.replace("\n", "\r\n"), (None if omap.trivial else omap)


def project_tree(
    project: RefiProject, positions: Positions = "codepoint"
) -> tuple[etree._Element, dict[str, str]]:
    """The ``Project`` element of a .qde and the source files to put beside it (name -> text)."""
    w = _Writer(PROJECT_NS)
    root = w.el(
        None,
        "Project",
        name=project.name or "QualCode project",
        origin=project.origin or None,
        creationDateTime=_stamp(dt.datetime.now(dt.UTC).replace(tzinfo=None)),
    )
    if project.users:
        users = w.el(root, "Users")
        for user in project.users:
            w.el(users, "User", guid=user.guid, name=user.name)
    if project.codes:
        codes = w.el(w.el(root, "CodeBook"), "Codes")
        for code in project.codes:
            w.code(codes, code, with_notes=True)
    types = {v.guid: v.type for v in project.variables}
    if project.variables:
        holder = w.el(root, "Variables")
        for var in project.variables:
            el = w.el(holder, "Variable", guid=var.guid, name=var.name, typeOfVariable=var.type)
            w.text(el, "Description", var.description)
    if project.cases:
        holder = w.el(root, "Cases")
        for case in project.cases:
            el = w.el(holder, "Case", guid=case.guid, name=case.name)
            w.text(el, "Description", case.description)
            for value in case.values:
                w.value(el, value, types)
            w.refs(el, "SourceRef", case.source_guids)
            w.refs(el, "SelectionRef", case.selection_guids)
    files = _sources(w, root, project, positions, types)
    if project.notes:
        holder = w.el(root, "Notes")
        for note in project.notes:
            el = w.el(
                holder,
                "Note",
                guid=note.guid,
                name=note.name or None,
                creatingUser=note.user_guid,
                creationDateTime=_stamp(note.created),
            )
            w.el(el, "PlainTextContent").text = note.text
    if project.links:
        holder = w.el(root, "Links")
        for link in project.links:
            w.el(
                holder,
                "Link",
                guid=link.guid,
                name=link.name or None,
                direction="OneWay",
                originGUID=link.origin_guid,
                targetGUID=link.target_guid,
            )
    if project.sets:
        holder = w.el(root, "Sets")
        for item in project.sets:
            _set(w, holder, item)
    w.refs(root, "NoteRef", project.project_note_guids)
    return root, files


def _set(w: _Writer, holder: etree._Element, item: RefiSet) -> None:
    el = w.el(holder, "Set", guid=item.guid, name=item.name)
    w.text(el, "Description", item.description)
    w.refs(el, "MemberCode", item.code_guids)
    w.refs(el, "MemberSource", item.source_guids)
    w.refs(el, "MemberNote", item.note_guids)


def _sources(
    w: _Writer,
    root: etree._Element,
    project: RefiProject,
    positions: Positions,
    types: dict[str, str],
) -> dict[str, str]:
    files: dict[str, str] = {}
    if not project.sources:
        return files
    holder = w.el(root, "Sources")
    for source in project.sources:
        text, omap = _export_text(source, positions)
        guid = w.guid(source.guid)
        files[f"sources/{guid}.txt"] = text
        el = w.el(
            holder,
            "TextSource",
            guid=guid,
            name=source.name,
            plainTextPath=f"internal://{guid}.txt",
            creatingUser=source.user_guid,
            creationDateTime=_stamp(source.created),
        )
        w.text(el, "Description", source.description)
        for sel in source.selections:
            start, end = sel.start, sel.end
            if omap is not None:
                start, end = omap.external(start), omap.external(end)
            sel_el = w.el(
                el,
                "PlainTextSelection",
                guid=sel.guid,
                startPosition=str(start),
                endPosition=str(end),
                creatingUser=sel.user_guid,
                creationDateTime=_stamp(sel.created),
            )
            w.text(sel_el, "Description", sel.description)
            for coding in sel.codings:
                c_el = w.el(
                    sel_el,
                    "Coding",
                    guid=coding.guid,
                    creatingUser=coding.user_guid,
                    creationDateTime=_stamp(coding.created),
                )
                w.el(c_el, "CodeRef", targetGUID=coding.code_guid)
                w.refs(c_el, "NoteRef", coding.note_guids)
            w.refs(sel_el, "NoteRef", sel.note_guids)
        w.refs(el, "NoteRef", source.note_guids)
        for value in source.values:
            w.value(el, value, types)
    return files


def write_qdc(project: RefiProject, path: Path) -> None:
    data = etree.tostring(codebook_tree(project), xml_declaration=True, encoding="utf-8")

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    replace_atomically(Path(path), write)


def write_qdpx(project: RefiProject, path: Path, positions: Positions = "codepoint") -> None:
    """Write ``project.qde`` and every source's text (UTF-8) into a zip at ``path``."""
    root, files = project_tree(project, positions)
    qde = etree.tostring(root, xml_declaration=True, encoding="utf-8")

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            zf.writestr("project.qde", qde)
            for name, text in files.items():
                zf.writestr(name, text.encode("utf-8"))

    replace_atomically(Path(path), write)
