"""The pure text layer: pipeline (offline, cached, trained when installed), passages, queries."""

from __future__ import annotations

import pytest
import spacy

from qualcode.analysis import pipeline as pl
from qualcode.analysis.query import compile_query
from qualcode.analysis.units import enclosing, paragraphs, units_for
from qualcode.domain.errors import ValidationError


def test_lookup_lemmas_lower_case_with_fallback() -> None:
    p = pl.get_pipeline()
    assert p.name == "blank-en-lookup" and p.lookup is not None
    assert pl.get_pipeline() is p  # built once per process
    assert [pl.lemma_of(w) for w in ["children", "Went", "women", "Qwertyish", "first", "as"]] == [
        "child",
        "go",
        "woman",
        "qwertyish",
        "first",  # the table's "1" would surprise a researcher
        "as",
    ]
    (tokens,) = pl.analyse(["The children’s mums didn't go."])
    assert [(t.text, t.lemma) for t in tokens] == [
        ("The", "the"),
        ("children", "child"),
        ("mums", "mum"),
        ("did", "do"),
        ("n't", "not"),
        ("go", "go"),
    ]
    assert tokens[1].start == 4


def test_sentences_stop_at_line_breaks() -> None:
    text = "Hello there. How are you?  Fine.\n\nNext para\nline two"
    assert [text[a:b] for a, b in pl.sentences(text)] == [
        "Hello there.",
        "How are you?",
        "Fine.",
        "Next para",
        "line two",
    ]


def test_trained_pipeline_is_used_when_installed(monkeypatch) -> None:
    def fake_load(name: str, exclude: list[str]) -> spacy.language.Language:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.meta["version"] = "9.9"
        return nlp

    monkeypatch.setattr(spacy.util, "is_package", lambda name: name == "en_core_web_sm")
    monkeypatch.setattr(spacy, "load", fake_load)
    pl.get_pipeline.cache_clear()
    try:
        p = pl.get_pipeline()
        assert p.tag == "en_core_web_sm@9.9" and p.lookup is None
        (tokens,) = pl.analyse(["Nurses listened."], p)
        assert [t.lemma for t in tokens] == ["nurses", "listened"]  # no lemmatizer: lower case
        assert pl.get_pipeline(prefer_trained=False).name == "blank-en-lookup"
    finally:
        pl.get_pipeline.cache_clear()


def test_paragraphs_and_passages() -> None:
    blocks = "Title\n\nP1: hello there\nP2: more\n\nTail one\nstill one\n\nlast"
    assert [blocks[a:b] for a, b in paragraphs(blocks)] == [
        "Title",
        "P1: hello there\nP2: more",
        "Tail one\nstill one",
        "last",
    ]
    lines = "line one\nline two\n  line three  "
    assert [lines[a:b] for a, b in paragraphs(lines)] == ["line one", "line two", "line three"]
    units = units_for(blocks, [(11, 22, 1), (27, 31, 2)])
    assert [(blocks[u.start : u.end], u.part_id) for u in units] == [
        ("Title", None),
        ("P1:", None),
        ("hello there", 1),
        ("P2:", None),
        ("more", 2),
        ("Tail one\nstill one", None),
        ("last", None),
    ]
    assert enclosing([(0, 5), (6, 10), (11, 20)], 7, 12) == (6, 20)
    assert enclosing([(0, 5)], 7, 9) == (7, 9)


def test_query_compilation() -> None:
    forms = {"child": ["children"], "wait": ["waiting", "waited"], "list": ["lists"]}
    c = compile_query("child", "lemma", lambda lemma: forms.get(lemma, []))
    assert c.fts == '(lemmas : "child")' and c.terms == ["child", "children"]
    text = "Children and a child, childhood, child's"
    assert [m.group() for m in c.pattern.finditer(text)] == ["Children", "child", "child"]
    c = compile_query("waiting list", "lemma", lambda lemma: forms.get(lemma, []))
    assert c.fts == '(lemmas : "wait list")'
    assert [m.group() for m in c.pattern.finditer("waited-lists; waiting  list")] == [
        "waited-lists",
        "waiting  list",
    ]
    c = compile_query('stigma OR "feel judged"', "words")
    assert c.fts == '(words : "stigma") OR (words : "feel judged")'
    assert compile_query("*hood", "words").fts is None  # the index cannot help: read everything
    assert compile_query("wom?n", "words").fts == '(words : "wom"*)'
    assert compile_query('say "hi"', "words").fts == '(words : "say ""hi""")'
    with pytest.raises(ValidationError, match="characters long"):
        compile_query("word " * 1000, "words")
    for bad, mode in [("", "words"), ("(", "regex"), ("a*", "regex"), ('""', "words")]:
        with pytest.raises(ValidationError):
            compile_query(bad, mode)  # type: ignore[arg-type]
