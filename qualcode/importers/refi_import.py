"""Read REFI-QDA files (.qdc codebooks, .qdpx projects) into :class:`RefiProject`.

Pure: a file in, plain data out; nothing is written anywhere. The import service matches the
result against the open project and writes it in one transaction. What the reader could not carry
goes to ``RefiProject.warnings`` for the data-loss report the standard asks for (§7).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from qualcode.domain.refi import (
    RefiCase,
    RefiLink,
    RefiNote,
    RefiProject,
    RefiUser,
    RefiVariable,
)
from qualcode.importers.boundary import guarded
from qualcode.importers.model import FileImportError
from qualcode.importers.refi_archive import QdpxArchive
from qualcode.importers.refi_codes import CodeReader, read_sets
from qualcode.importers.refi_sources import SourceReader, read_values
from qualcode.importers.refi_stream import stream_xml
from qualcode.importers.refi_xml import (
    grandkids,
    guid_of,
    id_report,
    id_scope,
    kid,
    kid_text,
    local,
    optional_guid,
    parse_datetime,
    parse_xml,
    ref_guids,
)
from qualcode.importers.safety import check_file

_HEAD = ("Users", "CodeBook", "Variables", "Cases")  # the sections before <Sources>
_TYPES = {t.lower(): t for t in ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")}


@guarded
def read_refi(path: Path) -> RefiProject:
    """A .qdc or .qdpx file, by its extension (any case)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".qdc":
        return read_qdc(path)
    if suffix == ".qdpx":
        return read_qdpx(path)
    raise FileImportError(Path(path).name, "expected a REFI-QDA .qdc or .qdpx file")


def read_qdc(path: Path) -> RefiProject:
    path = Path(path)
    check_file(path)
    root = parse_xml(path.read_bytes(), path.name)
    if local(root) != "CodeBook":
        raise FileImportError(path.name, f"expected a CodeBook, found <{local(root)}>")
    reader = CodeReader(path.name)
    with id_scope(f"{root.get('origin') or ''}\x1f{path.stem}") as ids:
        project = RefiProject(
            name=path.stem,
            codes=reader.codes(kid(root, "Codes")),
            sets=read_sets(kid(root, "Sets"), path.name),
            origin=root.get("origin") or "",
        )
    project.warnings += id_report(ids) + reader.report()
    project.ids_as_written = dict(ids.written)
    return project


def read_qdpx(path: Path) -> RefiProject:
    """A .qdpx, its project.qde parsed as a stream (:mod:`qualcode.importers.refi_stream`)."""
    path = Path(path)
    with QdpxArchive(path) as archive, archive.open_qde() as stream:
        elements = stream_xml(stream, f"{path.name}/{archive.qde_name}", "Sources")
        root = next(elements)[1]
        if local(root) != "Project":
            raise FileImportError(path.name, f"expected a Project, found <{local(root)}>")
        reader = _ProjectReader(root, archive, path)
        with id_scope(f"{root.get('origin') or ''}\x1f{root.get('name') or path.stem}") as ids:
            for event, el in elements:  # in the file's order (the report lists ids in it)
                if event == "section":
                    reader.head()
                else:
                    reader.sources.add(el)  # one at a time; the element is cleared after
            project = reader.project()
        project.warnings += id_report(ids) + reader.warnings()
        project.ids_as_written = dict(ids.written)
        if kid(root, "Graphs") is not None:
            project.warnings.append("Graphs (network views) are not carried.")
        if not project.sources and not project.codes and reader.sources.missing:
            # nothing at all could be read: say why rather than import an empty project
            raise FileImportError(path.name, reader.sources.missing[0])
    return project


class _ProjectReader:
    """The project's sections, read inside the file's id scope in the file's order: those before
    ``<Sources>`` when it starts (:meth:`head`), the sources as they stream, then the rest."""

    def __init__(self, root: etree._Element, archive: QdpxArchive, path: Path) -> None:
        self.root, self.archive, self.file = root, archive, path.name
        self.data = RefiProject(name=root.get("name") or path.stem, origin=root.get("origin") or "")
        self.codes = CodeReader(path.name)
        self.sources = SourceReader(archive, path.name)
        self.variable_warnings: list[str] = []
        self.note_warnings: list[str] = []

    def head(self) -> None:
        """Read the head sections now under the root, then drop them from the tree (a large
        project's cases refer to 100,000 selections: no need to hold them while sources stream).
        Called again at the end for a file that has any of them after its sources."""
        root, data = self.root, self.data
        data.users += _users(root, self.file)
        codebook = kid(root, "CodeBook")
        data.codes += self.codes.codes(kid(codebook, "Codes") if codebook is not None else None)
        data.variables += _variables(root, self.file, self.variable_warnings)
        data.cases += _cases(root, self.file)
        for el in [el for el in root if local(el) in _HEAD]:
            root.remove(el)

    def project(self) -> RefiProject:
        self.head()  # sections out of order, or no <Sources> at all
        root, data = self.root, self.data
        data.sources = self.sources.finish()
        data.notes = _notes(root, self.archive, self.file, self.note_warnings)
        data.links = _links(root, self.file)
        data.sets = read_sets(kid(root, "Sets"), self.file)
        data.project_note_guids = ref_guids(root, "NoteRef")
        return data

    def warnings(self) -> list[str]:
        return (
            self.codes.report() + self.sources.lines + self.variable_warnings + self.note_warnings
        )


def _users(root: etree._Element, file: str) -> list[RefiUser]:
    out = []
    for el in grandkids(root, "Users", "User"):
        guid = guid_of(el, file)
        name = (el.get("name") or el.get("id") or "").strip() or f"user {guid[:8]}"
        out.append(RefiUser(guid, name))
    return out


def _variables(root: etree._Element, file: str, warnings: list[str]) -> list[RefiVariable]:
    out = []
    for el in grandkids(root, "Variables", "Variable"):
        raw_type = (el.get("typeOfVariable") or "Text").strip()
        kind = _TYPES.get(raw_type.lower())
        if kind is None:
            warnings.append(f"Variable '{el.get('name')}' has an unknown type {raw_type}; text.")
            kind = "Text"
        out.append(
            RefiVariable(
                guid=guid_of(el, file),
                name=" ".join((el.get("name") or "").split()) or "(unnamed variable)",
                type=kind,
                description=kid_text(el, "Description").strip(),
            )
        )
    return out


def _cases(root: etree._Element, file: str) -> list[RefiCase]:
    out = []
    for el in grandkids(root, "Cases", "Case"):
        name = " ".join((el.get("name") or "").split())
        out.append(
            RefiCase(
                guid=guid_of(el, file),
                name=name or None,
                description=kid_text(el, "Description").strip(),
                values=read_values(el),
                source_guids=ref_guids(el, "SourceRef"),
                selection_guids=ref_guids(el, "SelectionRef"),
            )
        )
    return out


def _notes(
    root: etree._Element, archive: QdpxArchive, file: str, warnings: list[str]
) -> list[RefiNote]:
    out = []
    for el in grandkids(root, "Notes", "Note"):
        guid = guid_of(el, file)
        text = kid_text(el, "PlainTextContent")
        path = el.get("plainTextPath") or ""
        if not text and path:
            found = archive.source(path)
            if found is None:
                warnings.append(
                    f"Note '{el.get('name') or guid}': its text ({path}) is not in the file; "
                    "skipped it."
                )
                continue
            text = found[1].decode("utf-8-sig", errors="replace")
        out.append(
            RefiNote(
                guid=guid,
                name=(el.get("name") or "").strip(),
                text=text.replace("\r\n", "\n").replace("\r", "\n"),
                user_guid=optional_guid(el, "creatingUser"),
                created=parse_datetime(el.get("creationDateTime")),
            )
        )
    return out


def _links(root: etree._Element, file: str) -> list[RefiLink]:
    return [
        RefiLink(
            guid=guid_of(el, file),
            name=(el.get("name") or "").strip(),
            origin_guid=optional_guid(el, "originGUID"),
            target_guid=optional_guid(el, "targetGUID"),
        )
        for el in grandkids(root, "Links", "Link")
    ]
