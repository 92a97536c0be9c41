"""The register through .qdpx: Notes named "Recommendation N: ..." referenced from the themes'
Sets (and theme codes), read back into a new project as recommendations, not memos."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree
from sqlalchemy import func, select

from qualcode.services.frameworks.frameworks import add_bundled_framework
from qualcode.services.recommendations.register import recommendation_register
from qualcode.services.refi.refi import export_qdpx, import_refi, new_project_from
from qualcode.services.refi.refi_recommendations import parse_note
from qualcode.storage.models import Memo
from qualcode.storage.project import Project

NS = {"q": "urn:QDA-XML:project:1.0"}


def _register(p: Project) -> list[tuple[int, str, str, str, str, str, str, list[str]]]:
    return [
        (e.number, s.heading, e.title, e.text, e.owner, e.timescale, e.status,
         sorted(t.name for t in e.themes))
        for s in recommendation_register(p).sections for e in s.entries
    ]  # fmt: skip


def test_round_trip_through_qdpx(sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "sample.qdpx"
    with Project.open(sample_path) as p:
        before = _register(p)
        export_qdpx(p, out, themes_as_codes=True)
    with zipfile.ZipFile(out) as z:
        tree = etree.fromstring(z.read("project.qde"))
    notes = {n.get("guid"): n.get("name") or "" for n in tree.iterfind(".//q:Notes/q:Note", NS)}
    named = sorted(n for n in notes.values() if n.startswith("Recommendation "))
    assert named[0] == "Recommendation 1: Services that say who they are for"
    # the theme the third one is based on refers to its note: as a code (NoteRef) and a Set
    # (MemberNote)
    third = next(g for g, n in notes.items() if n.startswith("Recommendation 3: "))
    refs = tree.xpath(
        f".//*[q:NoteRef/@targetGUID='{third}' or q:MemberNote/@targetGUID='{third}']",
        namespaces=NS,
    )
    assert {(r.tag.split("}")[1], r.get("name")) for r in refs} == {
        ("Set", "Help that comes too late"), ("Code", "Help that comes too late")
    }  # fmt: skip

    # a new project from the file: the same register, under the priorities once a framework
    # with the same references is there (frameworks do not travel in REFI-QDA)
    rebuilt, report = new_project_from(tmp_path / "again.qcproj", out)
    with rebuilt as p:
        assert any("priority not in the project" in line for line in report.notes)
        got = _register(p)
        assert [(n, title) for n, _h, title, *_r in got] == [(n, t) for n, _h, t, *_r in before]
        assert {h for _n, h, *_r in got} == {"Other recommendations"}
        assert [r[3:] for r in got] == [r[3:] for r in before]  # text, owner, status, themes
        with p.read() as s:
            titles = set(s.scalars(select(Memo.title)))
        assert not any(t.startswith("Recommendation ") for t in titles)
    # into a project that has the framework: the priorities come back; again: nothing doubles
    target = tmp_path / "framed.qcproj"
    with Project.create(target) as p:
        add_bundled_framework(p, "wirral")
        import_refi(p, out)
        assert _register(p) == before
        import_refi(p, out)
        assert _register(p) == before
        with p.read() as s:
            assert s.scalar(select(func.count()).select_from(Memo).where(
                Memo.title.like("Recommendation %"))) == 0  # fmt: skip


def test_labelled_lines_are_read_from_the_end_only() -> None:
    text, fields = parse_note("Owner: in the text\n\nDo it.\n\nOwner: Council\nStatus: Done")
    assert text == "Owner: in the text\n\nDo it."
    assert fields == {"Owner": "Council", "Status": "Done"}
