"""Write a whole project as a REFI-QDA .qdpx (project.qde + sources/<guid>.txt), streaming.

Why streaming: a large project (2,000 documents, 200,000 codings) made a gigabyte-sized XML tree
when the whole ``Project`` element was built and serialised at once. Here ``project.qde`` is
written with ``lxml.etree.xmlfile`` straight into its zip member, one section or one source at a
time, and the sources come from a *feed* (a function returning an iterable, called twice: once
with their selections for the XML, once for their texts) so the caller can read them from the
database a chunk at a time. What is written is the same as building the tree would give (the
sections and sources written one by one redeclare the default namespace, which changes nothing
for an XML reader).

Positions go out in one of two conventions: ``codepoint`` (the standard; texts keep ``\\n``) or
``utf16`` (UTF-16 code units, texts written with CRLF and CRLF counted as two: what NVivo for
Windows reads). The file is written to a temporary name and renamed, so a failed export never
leaves half a file.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Literal

from lxml import etree  # type: ignore[import-untyped]

from qualcode.domain.refi import RefiExportSummary, RefiProject, RefiSource
from qualcode.domain.text_offsets import Convention, OffsetMap
from qualcode.exporters.atomic import replace_atomically
from qualcode.exporters.refi_export import Writer, stamp

Positions = Literal["codepoint", "utf16"]
# Called with True: the sources with their selections (for the XML); with False: their texts only.
SourceFeed = Callable[[bool], Iterable[RefiSource]]
PROJECT_NS = "urn:QDA-XML:project:1.0"
UTF16_CRLF = Convention(utf16=True, crlf_as_two=True)
_SELECTION_TAGS = ("PlainTextSelection", "Coding", "CodeRef")


def _offsets(source: RefiSource, positions: Positions) -> OffsetMap | None:
    if positions == "codepoint":
        return None
    crlf = [i for i, ch in enumerate(source.text) if ch == "\n"]
    omap = OffsetMap(source.text, UTF16_CRLF, crlf)
    return None if omap.trivial else omap


def _file_text(source: RefiSource, positions: Positions) -> str:
    return source.text if positions == "codepoint" else source.text.replace("\n", "\r\n")


def _head(w: Writer, project: RefiProject, types: dict[str, str]) -> Iterator[etree._Element]:
    """The sections before Sources: Users, CodeBook, Variables, Cases."""
    if project.users:
        users = w.el(None, "Users")
        for user in project.users:
            w.el(users, "User", guid=user.guid, name=user.name)
        yield users
    if project.codes:
        book = w.el(None, "CodeBook")
        codes = w.el(book, "Codes")
        for code in project.codes:
            w.code(codes, code, with_notes=True)
        yield book
    if project.variables:
        holder = w.el(None, "Variables")
        for var in project.variables:
            el = w.el(holder, "Variable", guid=var.guid, name=var.name, typeOfVariable=var.type)
            w.text(el, "Description", var.description)
        yield holder
    if project.cases:
        holder = w.el(None, "Cases")
        for case in project.cases:
            el = w.el(holder, "Case", guid=case.guid, name=case.name)
            w.text(el, "Description", case.description)
            for value in case.values:
                w.value(el, value, types)
            w.refs(el, "SourceRef", case.source_guids)
            w.refs(el, "SelectionRef", case.selection_guids)
        yield holder


def _tail(w: Writer, project: RefiProject) -> Iterator[etree._Element]:
    """The sections after Sources: Notes, Links, Sets, then the project's NoteRefs."""
    if project.notes:
        holder = w.el(None, "Notes")
        for note in project.notes:
            el = w.el(
                holder,
                "Note",
                guid=note.guid,
                name=note.name or None,
                creatingUser=note.user_guid,
                creationDateTime=stamp(note.created),
            )
            w.el(el, "PlainTextContent").text = note.text
        yield holder
    if project.links:
        holder = w.el(None, "Links")
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
        yield holder
    if project.sets:
        holder = w.el(None, "Sets")
        for item in project.sets:
            el = w.el(holder, "Set", guid=item.guid, name=item.name)
            w.text(el, "Description", item.description)
            w.refs(el, "MemberCode", item.code_guids)
            w.refs(el, "MemberSource", item.source_guids)
            w.refs(el, "MemberNote", item.note_guids)
        yield holder
    for guid in project.project_note_guids:
        yield w.el(None, "NoteRef", targetGUID=guid)


def _who_and_when(
    w: Writer, attrs: dict[str, str], user: str | None, created: dt.datetime | None
) -> None:
    if user is not None:
        attrs["creatingUser"] = w.guid(user)
    when = stamp(created)
    if when is not None:
        attrs["creationDateTime"] = when


def source_element(
    w: Writer, source: RefiSource, positions: Positions, types: dict[str, str]
) -> etree._Element:
    """One ``TextSource`` with its selections, codings, notes and values."""
    omap = _offsets(source, positions)
    guid = w.guid(source.guid)
    el = w.el(
        None,
        "TextSource",
        guid=guid,
        name=source.name,
        plainTextPath=f"internal://{guid}.txt",
        creatingUser=source.user_guid,
        creationDateTime=stamp(source.created),
    )
    w.text(el, "Description", source.description)
    # the elements below come 300,000 at a time: built directly, in Writer.el's attribute order
    sel_tag, coding_tag, ref_tag = (f"{{{w.ns}}}{t}" for t in _SELECTION_TAGS)
    for sel in source.selections:
        start, end = sel.start, sel.end
        if omap is not None:
            start, end = omap.external(start), omap.external(end)
        attrs = {"guid": w.guid(sel.guid)}
        if sel.name:
            attrs["name"] = sel.name
        attrs["startPosition"] = str(start)
        attrs["endPosition"] = str(end)
        _who_and_when(w, attrs, sel.user_guid, sel.created)
        sel_el = etree.SubElement(el, sel_tag, attrs)
        w.text(sel_el, "Description", sel.description)
        for coding in sel.codings:
            attrs = {"guid": w.guid(coding.guid)}
            _who_and_when(w, attrs, coding.user_guid, coding.created)
            c_el = etree.SubElement(sel_el, coding_tag, attrs)
            etree.SubElement(c_el, ref_tag, {"targetGUID": w.guid(coding.code_guid)})
            w.refs(c_el, "NoteRef", coding.note_guids)
        w.refs(sel_el, "NoteRef", sel.note_guids)
    w.refs(el, "NoteRef", source.note_guids)
    for value in source.values:
        w.value(el, value, types)
    return el


def _write_qde(
    stream: IO[bytes],
    w: Writer,
    project: RefiProject,
    positions: Positions,
    feed: SourceFeed,
    summary: RefiExportSummary,
) -> None:
    types = {v.guid: v.type for v in project.variables}
    attrs = {
        "name": project.name or "QualCode project",
        "origin": project.origin or None,
        "creationDateTime": stamp(dt.datetime.now(dt.UTC).replace(tzinfo=None)),
    }
    with etree.xmlfile(stream, encoding="utf-8") as xf:
        xf.write_declaration()
        root = f"{{{PROJECT_NS}}}Project"
        clean = {k: v for k, v in attrs.items() if v is not None}
        with xf.element(root, clean, nsmap={None: PROJECT_NS}):
            for section in _head(w, project, types):
                xf.write(section)
            sources = iter(feed(True))
            first = next(sources, None)
            if first is not None:
                with xf.element(f"{{{PROJECT_NS}}}Sources"):
                    for source in itertools.chain([first], sources):
                        xf.write(source_element(w, source, positions, types))
                        summary.sources.append((w.guid(source.guid), source.name))
                        summary.codings += sum(len(sel.codings) for sel in source.selections)
            for section in _tail(w, project):
                xf.write(section)


def write_qdpx(
    project: RefiProject,
    path: Path,
    positions: Positions = "codepoint",
    feed: SourceFeed | None = None,
) -> RefiExportSummary:
    """Write ``project.qde`` and every source's text (UTF-8) into a zip at ``path``.

    The sources come from ``feed`` when given (``project.sources`` is then not used)."""
    listed = project.sources
    sources_of: SourceFeed = feed if feed is not None else (lambda _selections: listed)
    summary = RefiExportSummary(codes=len(project.iter_codes()), memos=len(project.notes))
    w = Writer(PROJECT_NS)

    def write(tmp: Path) -> None:
        summary.sources.clear()
        summary.codings = 0
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            with zf.open("project.qde", "w") as stream:
                _write_qde(stream, w, project, positions, sources_of, summary)
            for source in sources_of(False):
                name = f"sources/{w.guid(source.guid)}.txt"
                zf.writestr(name, _file_text(source, positions).encode("utf-8"))

    replace_atomically(Path(path), write)
    return summary
