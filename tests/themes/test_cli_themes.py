"""``qualcode themes``: the tree and its counts on a small project counted by hand."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from sqlalchemy import update

from qualcode.cli.themes import add_parser, run_themes
from qualcode.services.coding import codes, codings
from qualcode.services.documents import cases, documents
from qualcode.services.themes import themes
from qualcode.storage.models import Case, Part
from qualcode.storage.project import Project

TEXT = "Fac: Why?\nAmy: I waited weeks.\nBen: Me too, weeks.\nAmy: Still waiting.\n"


def _build(path: Path) -> None:
    with Project.create(path) as p:
        doc = documents.add_document(p, "FG", TEXT, "focus_group").entity_id or 0
        notes = documents.add_document(p, "Notes", "Waiting came up a lot.").entity_id or 0
        who = {n: cases.create_case(p, n).entity_id or 0 for n in ("Fac", "Amy", "Ben")}
        turns = []
        at = 0
        for line in TEXT.splitlines(keepends=True):
            name = line.split(":")[0]
            turns.append((at + len(name) + 2, at + len(line) - 1, who[name]))
            at += len(line)
        with p.session() as s:
            s.execute(update(Case).where(Case.id == who["Fac"]).values(is_facilitator=True))
            s.add_all(Part(document_id=doc, start=a, end=b, case_id=c) for a, b, c in turns)
        waiting = codes.create_code(p, "Waiting").entity_id or 0
        weeks = codes.create_code(p, "Weeks").entity_id or 0
        fac, amy1, ben, amy2 = turns
        for a, b, _c in (amy1, amy2, fac):  # Amy twice: one participant; Fac: not counted
            codings.add_coding(p, doc, waiting, a, b)
        codings.add_coding(p, notes, waiting, 0, 7)  # no speaker: a document, no participant
        codings.add_coding(p, doc, weeks, ben[0], ben[1])
        codings.add_coding(p, doc, weeks, amy1[0], amy1[1])
        t1 = themes.create_theme(p, "Time lost").entity_id or 0
        sub = themes.create_theme(p, "Weeks on end", parent_id=t1).entity_id or 0
        t2 = themes.create_theme(p, "Patience").entity_id or 0
        themes.link_code(p, t1, waiting)
        themes.link_code(p, sub, weeks)
        themes.link_code(p, t2, weeks)
        themes.update_theme(p, t1, definition="Time taken from people.", status="final")
        themes.discard_theme(p, t2)


def _run(path: Path, *flags: str) -> int:
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    return run_themes(parser.parse_args(["themes", str(path), *flags]))


def test_themes_json_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "small.qcproj"
    _build(path)
    assert _run(path, "--json") == 0
    tree = json.loads(capsys.readouterr().out)["themes"]
    counts = [
        (t["name"], t["status"], t["extracts"], t["documents"], t["participants"]) for t in tree
    ]
    assert counts == [("Time lost", "final", 6, 2, 2), ("Patience", "discarded", 2, 1, 2)]
    top = tree[0]
    assert top["definition"] == "Time taken from people."
    assert [
        (c["name"], c["extracts"], c["documents"], c["participants"]) for c in top["codes"]
    ] == [("Waiting", 4, 2, 1)]
    [sub] = top["subthemes"]
    assert (sub["name"], sub["extracts"], sub["documents"], sub["participants"]) == (
        "Weeks on end",
        2,
        1,
        2,
    )


def test_themes_text_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "small.qcproj"
    _build(path)
    assert _run(path) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Time lost [final]  6 extracts, 2 documents, 2 participants"
    assert "  Weeks on end [candidate]  2 extracts, 1 document, 2 participants" in out
    assert "    definition: Time taken from people." in out
