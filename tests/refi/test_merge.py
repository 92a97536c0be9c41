"""Merging into an existing project: GUIDs first, then name paths (ATLAS.ti re-exports with new
GUIDs), documents by identical text, cases by name, duplicate codings skipped."""

from __future__ import annotations

import re
import uuid
import zipfile
from pathlib import Path

from sqlalchemy import func, select

from qualcode.services.coding import codes, codings
from qualcode.services.documents import documents
from qualcode.services.refi.refi import export_qdpx, import_refi
from qualcode.storage.models import Case, Code, Coding, Document
from qualcode.storage.project import Project
from tests.refi.build import build_source

_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _regenerate_guids(src: Path, dest: Path) -> None:
    """What ATLAS.ti does on every export: the same content under new GUIDs."""
    mapping: dict[str, str] = {}

    def swap(m: re.Match[str]) -> str:
        return mapping.setdefault(m.group(0), str(uuid.uuid4()))

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            name = _GUID.sub(swap, info.filename)
            if name.endswith(".qde"):
                data = _GUID.sub(swap, data.decode("utf-8")).encode("utf-8")
            zout.writestr(name, data)


def test_new_guids_merge_by_name_path(tmp_path: Path) -> None:
    source = build_source(tmp_path / "source.qcproj")
    export_qdpx(source, tmp_path / "p.qdpx")
    _regenerate_guids(tmp_path / "p.qdpx", tmp_path / "atlas.qdpx")
    with source.session() as s:
        before = {
            t: s.scalar(select(func.count()).select_from(t)) for t in (Code, Coding, Document, Case)
        }
    report = import_refi(source, tmp_path / "atlas.qdpx")
    with source.session() as s:
        after = {
            t: s.scalar(select(func.count()).select_from(t)) for t in (Code, Coding, Document, Case)
        }
    assert after == before
    assert report.matched["codes"] == 3
    assert any("already in the project" in n for n in report.notes)
    source.close()


def test_merge_adds_new_codes_and_codings(tmp_path: Path, project: Project) -> None:
    doc = documents.add_document(project, "Shared", "one two three four").entity_id
    ours = codes.create_code(project, "Ours").entity_id
    assert doc is not None and ours is not None
    codings.add_coding(project, doc, ours, 0, 3)

    other = Project.create(tmp_path / "other.qcproj")
    doc2 = documents.add_document(other, "Shared copy", "one two three four").entity_id
    theirs = codes.create_code(other, "Ours").entity_id  # same name, different GUID
    new = codes.create_code(other, "Theirs").entity_id
    assert doc2 is not None and theirs is not None and new is not None
    codings.add_coding(other, doc2, theirs, 0, 3)  # a duplicate of ours
    codings.add_coding(other, doc2, new, 4, 7)
    export_qdpx(other, tmp_path / "other.qdpx")
    other.close()

    report = import_refi(project, tmp_path / "other.qdpx")
    with project.session() as s:
        assert sorted(s.scalars(select(Code.name))) == ["Ours", "Theirs"]
        assert s.scalar(select(func.count(Document.id))) == 1
        spans = sorted(s.execute(select(Coding.start, Coding.end)).all())
    assert spans == [(0, 3), (4, 7)]
    assert report.matched["documents"] == 1
