"""A .qdpx is untrusted: hostile or broken files give a clear error and change nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from qualcode.domain.errors import QualCodeError
from qualcode.importers.model import FileImportError
from qualcode.services.refi.refi import import_refi, new_project_from
from qualcode.storage.project import Project
from tests.helpers import dump
from tests.refi.build import build_source, make_qdpx, project_xml

SRC = "aaaaaaaa-1111-2222-3333-444444444444"
GOOD_BODY = (
    f'<Sources><TextSource guid="{SRC}" name="S" plainTextPath="internal://{SRC}.txt"/></Sources>'
)
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="&lol3;"/>'
)


def _traversal(tmp: Path) -> Path:
    return make_qdpx(tmp / "t.qdpx", project_xml(GOOD_BODY), {"../../evil.txt": b"x"})


def _backslash(tmp: Path) -> Path:
    return make_qdpx(tmp / "b.qdpx", project_xml(GOOD_BODY), {"sources\\..\\x.txt": b"x"})


def _absolute(tmp: Path) -> Path:
    return make_qdpx(tmp / "a.qdpx", project_xml(GOOD_BODY), {"/etc/passwd": b"x"})


def _bomb(tmp: Path) -> Path:
    path = tmp / "bomb.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", project_xml(GOOD_BODY))
        zf.writestr(f"sources/{SRC}.txt", b"\0" * 60_000_000)
    return path


def _laughs(tmp: Path) -> Path:
    return make_qdpx(tmp / "l.qdpx", LAUGHS)


def _malformed(tmp: Path) -> Path:
    return make_qdpx(tmp / "m.qdpx", project_xml("<Sources>\n<TextSource guid='x'></Sources>"))


def _missing_source(tmp: Path) -> Path:
    return make_qdpx(tmp / "s.qdpx", project_xml(GOOD_BODY))


def _no_qde(tmp: Path) -> Path:
    path = tmp / "n.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    return path


def _not_zip(tmp: Path) -> Path:
    path = tmp / "z.qdpx"
    path.write_text("not a zip")
    return path


CASES = {
    "traversal": (_traversal, "path traversal"),
    "backslash": (_backslash, "path traversal"),
    "absolute": (_absolute, "path traversal"),
    "zip bomb": (_bomb, "zip bomb"),
    "billion laughs": (_laughs, "DOCTYPE"),
    "malformed": (_malformed, "line"),
    "missing source": (_missing_source, "missing"),
    "no qde": (_no_qde, ".qde"),
    "not a zip": (_not_zip, "not a valid"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file_changes_nothing(tmp_path: Path, case: str) -> None:
    make, expected = CASES[case]
    bad = make(tmp_path)
    project = build_source(tmp_path / "p.qcproj")
    before = dump(project)
    with pytest.raises(FileImportError) as info:
        import_refi(project, bad)
    assert expected in str(info.value)
    assert bad.name in str(info.value)
    assert dump(project) == before
    project.close()
    assert not (tmp_path / "evil.txt").exists()


def test_new_from_bad_file_leaves_no_project(tmp_path: Path) -> None:
    with pytest.raises(QualCodeError):
        new_project_from(tmp_path / "new.qcproj", _missing_source(tmp_path))
    assert not (tmp_path / "new.qcproj").exists()


def test_malformed_xml_names_the_line(tmp_path: Path, project: Project) -> None:
    with pytest.raises(FileImportError, match=r"\(line 3\)"):
        import_refi(project, _malformed(tmp_path))
