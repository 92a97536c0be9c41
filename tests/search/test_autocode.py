"""Autocoding: the unit coded, one undo step that restores the project exactly, no duplicates."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from qualcode.cli import main
from qualcode.domain.errors import ValidationError
from qualcode.services.coding import codes
from qualcode.services.search.autocode import autocode_hits, autocode_parts, spans_for_hits
from qualcode.services.search.search import SearchQuery, search
from qualcode.services.search.search_choices import resolve_questions, resolve_speakers
from qualcode.services.search.search_index import refresh_index
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.models import Code, Coding
from tests.helpers import dump
from tests.search.conftest import FG, SURVEY


def _texts(project, spans) -> list[str]:
    text = {1: FG, 2: SURVEY}
    return [text[s.document_id][s.start : s.end] for s in spans]


def test_units_cut_what_a_researcher_expects(study) -> None:
    project, _ids = study
    hits = search(project, SearchQuery("waiting", kinds=frozenset({"focus_group"}))).hits
    assert [h.text for h in hits] == ["waiting", "waiting"]
    assert _texts(project, spans_for_hits(project, hits, "match")) == ["waiting", "waiting"]
    assert _texts(project, spans_for_hits(project, hits, "sentence")) == [
        "I was waiting on the waiting list for months."
    ]  # two hits, one sentence: one coding
    turn = "I was waiting on the waiting list for months. Going back was hard 😊 honestly."
    assert _texts(project, spans_for_hits(project, hits, "turn")) == [turn]
    assert _texts(project, spans_for_hits(project, hits, "paragraph")) == [turn]
    survey = search(project, SearchQuery("wait", "lemma", kinds=frozenset({"survey"}))).hits
    assert _texts(project, spans_for_hits(project, survey, "sentence")) == [
        "The wait was too long; my child's school knew."
    ]
    with pytest.raises(ValidationError):
        spans_for_hits(project, hits, "page")  # type: ignore[arg-type]


def test_autocode_is_one_step_and_undo_restores_exactly(study) -> None:
    project, _ids = study
    refresh_index(project)
    code = codes.create_code(project, "Asking for help").entity_id
    assert code is not None
    before = dump(project)
    hits = search(project, SearchQuery("ask for help", "lemma")).hits
    change = autocode_hits(project, code, hits, "sentence")
    after = dump(project)
    coded = after["coding"]
    assert len(coded) == 3 and len(before["coding"]) == 0
    undone = apply_reversal(project, change.reversal)
    assert dump(project) == before
    apply_reversal(project, undone.reversal)
    assert dump(project) == after
    with pytest.raises(ValidationError, match="already coded"):
        autocode_hits(project, code, hits, "sentence")
    assert dump(project) == after


def test_autocode_by_speaker_and_question(study) -> None:
    project, _ids = study
    code = codes.create_code(project, "Sam's turns").entity_id
    assert code is not None
    change = autocode_parts(project, code, speaker_ids=resolve_speakers(project, ["Sam"]))
    with project.read() as s:
        spans = s.execute(select(Coding.start, Coding.end).where(Coding.code_id == code)).all()
    assert [FG[a:b] for a, b in spans] == [
        "I was waiting on the waiting list for months. Going back was hard 😊 honestly."
    ]
    apply_reversal(project, change.reversal)
    q = codes.create_code(project, "Q1").entity_id
    assert q is not None
    autocode_parts(project, q, question_ids=resolve_questions(project, ["Q1"]))
    with project.read() as s:
        answers = s.execute(select(Coding.start, Coding.end).where(Coding.code_id == q)).all()
    assert sorted(SURVEY[a:b] for a, b in answers) == sorted(SURVEY.split("\n"))
    with pytest.raises(ValidationError, match="at least one"):
        autocode_parts(project, q)


def test_cli_search_and_autocode(study, capsys) -> None:
    project, _ids = study
    path = project.path
    project.close()
    assert main(["search", str(path), "wait", "--lemma", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {h["text"].lower() for h in out["hits"]} == {"waiting", "wait"}
    assert out["terms"][:1] == ["wait"] and not out["truncated"]
    assert main(["search", str(path), "help", "--kind", "survey", "--speaker", "R1"]) == 0
    text = capsys.readouterr().out
    assert "…Asking for [help] felt impossible.…" in text and "1 hit in 1 passage" in text
    assert (
        main(
            [
                "autocode",
                str(path),
                "--code",
                "Waiting",
                "--query",
                "wait",
                "--lemma",
                "--unit",
                "sentence",
            ]
        )
        == 0
    )
    assert "Coded 2 sentences with 'Waiting' (a new code) from 3 hits" in capsys.readouterr().out
    assert main(["autocode", str(path), "--code", "Ghost", "--query", "zzz"]) == 2
    assert "nothing to code" in capsys.readouterr().err
    assert main(["search", str(path), "(", "--regex"]) == 2
    assert "not valid" in capsys.readouterr().err
    from qualcode.storage.project import Project

    with Project.open(path) as p, p.read() as s:
        names = set(s.scalars(select(Code.name)))
    assert "Waiting" in names and "Ghost" not in names  # a failed autocode leaves no new code


def test_cli_autocode_checks_first_and_creates_paths(study, capsys) -> None:
    project, _ids = study
    path = project.path
    project.close()
    bad = [
        ["--query", "wait", "--lemma", "--regex"],
        ["--speaker", "Nobody"],
        ["--query", "wait", "--question", "Q99"],
    ]
    for args in bad:
        assert main(["autocode", str(path), "--code", "Never made", *args]) == 2
    capsys.readouterr()
    assert main(["autocode", str(path), "--code", "Barriers > Waiting", "--query", "waiting"]) == 0
    assert "(a new code)" in capsys.readouterr().out
    assert main(["autocode", str(path), "--code", "Barriers > Sam", "--speaker", "Sam"]) == 0
    from qualcode.storage.project import Project

    with Project.open(path) as p, p.read() as s:
        rows = {n: parent for n, parent in s.execute(select(Code.name, Code.parent_id))}
        ids = dict(s.execute(select(Code.name, Code.id)).all())
    assert "Never made" not in rows
    assert rows["Waiting"] == rows["Sam"] == ids["Barriers"] and rows["Barriers"] is None


def test_cli_words_search_does_not_wait_for_the_index(study, capsys) -> None:
    """A fresh import is searched by words at once: unindexed documents are read directly (the
    note says so) and the hits are those the index gives once built."""
    from qualcode.services.search.search_index import index_status
    from qualcode.storage.project import Project

    project, _ids = study
    path = project.path
    project.close()
    assert main(["search", str(path), "waiting list", "--json"]) == 0
    captured = capsys.readouterr()
    assert "3 documents not indexed yet" in captured.err and "Indexing" not in captured.err
    direct = json.loads(captured.out)["hits"]
    with Project.open(path) as p:
        assert index_status(p).stale == 3
    assert main(["search", str(path), "wait", "--lemma"]) == 0  # nor does a lemma search
    assert "3 documents not indexed yet" in capsys.readouterr().err
    assert main(["autocode", str(path), "--code", "Waiting", "--query", "wait"]) == 0
    assert "Indexing: 3/3 documents" in capsys.readouterr().err  # autocoding indexes
    assert main(["search", str(path), "waiting list", "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and json.loads(captured.out)["hits"] == direct
    assert [h["text"] for h in direct] == ["waiting list"]
