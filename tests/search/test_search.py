"""Search against a plain scan of the same texts; lemmas, wildcards, regex, restrictions, index."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.domain.errors import Cancelled, ValidationError
from qualcode.services.documents import documents
from qualcode.services.search import search as search_service
from qualcode.services.search.search import SearchQuery, search
from qualcode.services.search.search_choices import resolve_questions, resolve_speakers
from qualcode.services.search.search_index import index_status, refresh_index
from qualcode.storage.project import Project
from tests.search.conftest import FG, SURVEY


def _found(result: search_service.SearchResult) -> list[tuple[str, str]]:
    return [(h.document_name, h.text) for h in result.hits]


def _scan_words(texts: dict[int, str], phrase: str) -> set[tuple[int, int, int]]:
    """Independent reference: tokens as runs of letters/digits; a phrase is consecutive tokens."""
    wanted = phrase.lower().split()
    out = set()
    for doc, text in texts.items():
        tokens = [(m.group().lower(), m.start(), m.end()) for m in re.finditer(r"[^\W_]+", text)]
        for i in range(len(tokens) - len(wanted) + 1):
            window = tokens[i : i + len(wanted)]
            if [t for t, _a, _b in window] == wanted:
                out.add((doc, window[0][1], window[-1][2]))
    return out


def test_words_and_phrases_match_a_plain_scan(study) -> None:
    project, ids = study
    texts = {ids["FG1"]: FG, ids["Survey Q1"]: SURVEY}
    for phrase in ["help", "waiting list", "the", "for help"]:
        result = search(project, SearchQuery(phrase, document_ids=frozenset(texts)), limit=None)
        got = {(h.document_id, h.start, h.end) for h in result.hits}
        assert got == _scan_words(texts, phrase), phrase
        assert not result.truncated


WORDS = ["care", "cared", "carer", "Care", "wait", "waiting", "list", "help", "helped", "x"]
SEPS = [" ", "  ", ", ", ". ", " - ", "\n", " 😊 ", "'s "]
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _random_texts(
    max_words: int, max_documents: int
) -> st.SearchStrategy[list[list[tuple[str, str]]]]:
    """Documents as runs of (word, separator) drawn from a small vocabulary."""
    words = st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS))
    return st.lists(st.lists(words, max_size=max_words), min_size=1, max_size=max_documents)


@FUZZ
@given(
    docs=_random_texts(40, 4), query=st.sampled_from(["care", "waiting list", "help", "x", "cared"])
)
def test_random_texts_against_plain_scan(tmp_path_factory, docs, query) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "p.qcproj"
    with Project.create(path) as project:
        texts = {}
        for i, pieces in enumerate(docs):
            text = "".join(w + s for w, s in pieces).strip() or "empty"
            doc = documents.add_document(project, f"D{i}", text).entity_id
            assert doc is not None
            texts[doc] = text
        # half the time through the index, half read directly (read-only, never indexed)
        result = search(project, SearchQuery(query), limit=None, refresh=bool(len(texts) % 2))
        got = {(h.document_id, h.start, h.end) for h in result.hits}
        # a phrase never crosses a passage (a line, here): keep the reference to one line
        want = {(d, a, b) for d, a, b in _scan_words(texts, query) if "\n" not in texts[d][a:b]}
        assert got == want


def test_lemma_mode_finds_inflected_forms(study) -> None:
    project, _ids = study
    found = {h.text.lower() for h in search(project, SearchQuery("child", "lemma")).hits}
    assert {"children", "child"} <= found  # "my child's school" counts as "child"
    found = {h.text.lower() for h in search(project, SearchQuery("go", "lemma")).hits}
    assert {"went", "going", "go"} <= found
    phrase = search(project, SearchQuery("ask for help", "lemma"), limit=None)
    assert sorted(h.text.lower() for h in phrase.hits) == [
        "asked for help",
        "asking for help",
        "asking for help",
    ]
    assert {h.document_kind for h in phrase.hits} == {"focus_group", "survey"}
    # words mode stays literal
    assert [h.text for h in search(project, SearchQuery("child")).hits] == ["child"]


def test_wildcards_and_alternatives(study) -> None:
    project, _ids = study
    assert {h.text for h in search(project, SearchQuery("help*")).hits} == {
        "help",
        "helped",
        "helps",
    }
    assert {h.text for h in search(project, SearchQuery("w?nt")).hits} == {"went"}
    assert {h.text for h in search(project, SearchQuery("*ing")).hits} >= {"asking", "waiting"}
    both = search(project, SearchQuery('kids OR "waiting list"'))
    assert sorted(h.text for h in both.hits) == ["kids", "waiting list"]


def test_regex_mode_and_bad_patterns(study, monkeypatch) -> None:
    project, _ids = study
    hits = search(project, SearchQuery(r"\bhelp(?:ed|s)?\b", "regex")).hits
    assert {h.text for h in hits} == {"help", "helped", "helps"}
    with pytest.raises(ValidationError, match="not valid"):
        search(project, SearchQuery("(unclosed", "regex"))
    with pytest.raises(ValidationError, match="empty text"):
        search(project, SearchQuery("x*", "regex"))
    with pytest.raises(ValidationError, match="Type a word"):
        search(project, SearchQuery("  "))
    documents.add_document(project, "Long", "a" * 5000 + "!")
    monkeypatch.setattr(search_service, "TIMEOUT", 0.05)
    with pytest.raises(ValidationError, match="took more than"):
        search(project, SearchQuery("(a|aa)+$x", "regex"))


def test_restrictions(study) -> None:
    project, _ids = study
    q = "help*"
    assert search(project, SearchQuery("waiting", kinds=frozenset({"survey"}))).hits == []
    surveys = search(project, SearchQuery("help", kinds=frozenset({"survey"}))).hits
    assert [(h.document_name, h.question, h.speaker) for h in surveys] == [
        ("Survey Q1", "Q1", "R1")
    ]
    jo = resolve_speakers(project, ["jo"])
    assert {h.speaker for h in search(project, SearchQuery(q, speaker_ids=jo)).hits} == {"Jo"}
    q1 = resolve_questions(project, ["survey:Q1"])
    assert {h.question for h in search(project, SearchQuery("the", question_ids=q1)).hits} == {"Q1"}
    lived = search(project, SearchQuery("help", attribute=("role", "Lived experience"))).hits
    assert {h.speaker for h in lived} == {"Jo", "R1"}
    everyone = {h.speaker for h in search(project, SearchQuery("help*")).hits}
    assert "Facilitator" in everyone
    nofac = search(project, SearchQuery("help*", include_facilitators=False)).hits
    assert "Facilitator" not in {h.speaker for h in nofac}
    with pytest.raises(Exception, match="No speaker"):
        resolve_speakers(project, ["Nobody"])


def test_hits_carry_context_speaker_and_attribution(study) -> None:
    project, _ids = study
    (hit,) = search(project, SearchQuery("waiting list")).hits
    assert (hit.speaker, hit.document_name, hit.document_kind) == ("Sam", "FG1", "focus_group")
    assert FG[hit.start : hit.end] == "waiting list"
    assert FG[hit.unit_start : hit.unit_end].startswith("I was waiting")
    assert hit.before.endswith("waiting on the ") and hit.after.startswith(" for months")
    assert hit.attribution == "(Sam)"  # the project's label: the default template, ({speaker})


def test_index_follows_new_deleted_and_unindexed_documents(study, tmp_path) -> None:
    project, ids = study
    assert index_status(project).stale == 3
    refresh_index(project)
    assert index_status(project).stale == 0
    new = documents.add_document(project, "Later", "Housing came up again.").entity_id
    assert index_status(project).stale == 1
    assert [h.document_id for h in search(project, SearchQuery("housing")).hits] == [new]
    documents.delete_document(project, ids["FG1"])
    assert all(h.document_id != ids["FG1"] for h in search(project, SearchQuery("help")).hits)
    # a read-only project cannot update the index: unindexed documents are read directly
    other = documents.add_document(project, "Latest", "More housing talk.").entity_id
    project.close()
    with Project.open(project.path, readonly=True) as ro:
        hits = search(ro, SearchQuery("housing")).hits
        assert {h.document_id for h in hits} == {new, other}
        assert index_status(ro).stale == 1


def test_cancel_keeps_the_project_as_it_was(study) -> None:
    project, _ids = study
    with pytest.raises(Cancelled):
        search(project, SearchQuery("help"), cancel=lambda: True)
    assert index_status(project).stale == 3  # nothing half-written


def test_limit_truncates_in_document_order(study) -> None:
    project, _ids = study
    full = search(project, SearchQuery("the"), limit=None).hits
    first = search(project, SearchQuery("the"), limit=3)
    assert first.truncated and first.hits == full[:3]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.one_of(
        st.text(max_size=40),
        st.lists(
            st.sampled_from(
                [
                    "help",
                    "wait",
                    " ",
                    '"',
                    "*",
                    "?",
                    "(",
                    ")",
                    "^",
                    ":",
                    "+",
                    "-",
                    "OR",
                    "AND",
                    "NOT",
                    "NEAR",
                    "{",
                    "}",
                    "\\",
                    "'",
                    "’",
                    "é",
                    "😊",
                    "words",
                    "lemmas",
                    "[",
                    "|",
                ]
            ),
            max_size=12,
        ).map("".join),
    ),
    mode=st.sampled_from(["words", "lemma", "regex"]),
)
def test_any_typed_query_gives_hits_or_a_message(study, text, mode) -> None:
    """Whatever is typed (quotes, FTS operators, brackets, stray unicode) the answer is hits or
    a readable error, never a crash from the index."""
    project, _ids = study
    try:
        result = search(project, SearchQuery(text, mode), limit=50)
    except ValidationError:
        return
    for h in result.hits:
        assert h.end > h.start


def test_restrictions_hold_for_documents_read_without_the_index(study) -> None:
    """A read-only project never indexed reads every document directly: the restrictions are
    then applied passage by passage, and must give what the index gives."""
    project, _ids = study
    queries = [
        SearchQuery("help*", speaker_ids=resolve_speakers(project, ["jo"])),
        SearchQuery("help*", include_facilitators=False),
        SearchQuery("help", attribute=("Role", "Lived experience")),  # any case: "role"
        SearchQuery("the", question_ids=resolve_questions(project, ["Q1"])),
        SearchQuery("the", kinds=frozenset({"field_notes"})),
    ]
    project.close()
    with Project.open(project.path, readonly=True) as ro:
        direct = [search(ro, q, limit=None).hits for q in queries]
    with Project.open(project.path) as rw:
        refresh_index(rw)
        through_index = [search(rw, q, limit=None).hits for q in queries]
        with pytest.raises(Exception, match="no attribute 'Colour'"):
            search(rw, SearchQuery("help", attribute=("Colour", "red")))
    assert direct == through_index
    assert [len(h) for h in direct] == [2, 3, 2, 1, 2]  # counted by hand in conftest texts
    assert {h.speaker for h in direct[0]} == {"Jo"}
    assert "Facilitator" not in {h.speaker for h in direct[1]}


def test_first_hits_are_the_first_in_document_order(study) -> None:
    """Even when a document was indexed after later ones (deleted, then restored by undo)."""
    from qualcode.services.undo.history import apply_reversal

    project, ids = study
    refresh_index(project)
    change = documents.delete_document(project, ids["FG1"])
    refresh_index(project)
    apply_reversal(project, change.reversal)  # FG1 is back, and indexed last
    full = search(project, SearchQuery("the"), limit=None).hits
    assert full[0].document_name == "FG1"
    assert search(project, SearchQuery("the"), limit=2).hits == full[:2]


def test_a_document_deleted_while_being_indexed_is_left_out(study, monkeypatch) -> None:
    from qualcode.services.search import search_index

    project, ids = study
    real = search_index.analyse_documents

    def analyse_then_delete(*args, **kwargs):  # type: ignore[no-untyped-def]
        out = real(*args, **kwargs)  # called once per document: delete after the first
        if index_status(project).documents == 3:
            documents.delete_document(project, ids["Notes"])  # another window deletes it meanwhile
        return out

    monkeypatch.setattr(search_index, "analyse_documents", analyse_then_delete)
    status = refresh_index(project)
    assert (status.documents, status.stale) == (2, 0)
    assert not search(project, SearchQuery("hub"), limit=None).hits


def test_reading_directly_finds_a_word_a_part_cuts_off(tmp_path) -> None:
    """Unindexed documents are searched whole first, to skip those without the words; a part
    ending inside a word ("help|ful", an answer cut by the export) still finds "help" there,
    as the index does, and a words search reads no spaCy pipeline."""
    from qualcode.analysis.pipeline import get_pipeline
    from qualcode.importers.model import ImportBatch, ImportedDocument, ImportedPart
    from qualcode.services.documents.imports import import_batches

    path = tmp_path / "cut.qcproj"
    text = "helpful neighbours\ncarers"
    with Project.create(path) as project:
        import_batches(
            project,
            [
                ImportBatch(
                    "grid",
                    "h",
                    [
                        ImportedDocument(
                            "Grid",
                            "research_grid",
                            text,
                            [
                                ImportedPart(0, 4, "answer", "a"),
                                ImportedPart(19, 25, "answer", "b"),
                            ],
                        ),
                        ImportedDocument("Other", "field_notes", "nothing to see here"),
                    ],
                )
            ],
        )
    get_pipeline.cache_clear()
    with Project.open(path, readonly=True) as ro:
        direct = search(ro, SearchQuery("help"), limit=None).hits
        assert get_pipeline.cache_info().currsize == 0  # spaCy is for lemmas only
        assert search(ro, SearchQuery("neighbours"), limit=None).hits[0].start == 8
    with Project.open(path) as rw:
        refresh_index(rw)
        indexed = search(rw, SearchQuery("help"), limit=None).hits
    assert [(h.document_name, h.start, h.end) for h in direct] == [("Grid", 0, 4)]
    assert direct == indexed


@FUZZ
@given(
    docs=_random_texts(30, 3),
    query=st.sampled_from(["care", "wait", "help", "waiting list", "carer"]),
)
def test_lemma_search_reads_unindexed_documents_as_the_index_does(
    tmp_path_factory, docs, query
) -> None:
    """Documents not indexed yet are searched by lemma through the lookup table's word forms
    (no analysis of every word first): the hits are those the index gives once built."""
    path = tmp_path_factory.mktemp("lemma") / "p.qcproj"
    with Project.create(path) as project:
        for i, pieces in enumerate(docs):
            text = "".join(w + s for w, s in pieces).strip() or "empty"
            documents.add_document(project, f"D{i}", text)
    with Project.open(path, readonly=True) as ro:
        direct = search(ro, SearchQuery(query, "lemma"), limit=None).hits
    with Project.open(path) as rw:
        refresh_index(rw)
        indexed = search(rw, SearchQuery(query, "lemma"), limit=None).hits
    assert [(h.document_id, h.start, h.end) for h in direct] == [
        (h.document_id, h.start, h.end) for h in indexed
    ]


def test_lemma_search_of_unindexed_documents_analyses_no_text(study, monkeypatch) -> None:
    """With the lookup pipeline the word forms come from its table: a fresh import is searched
    by lemma in about a second, not after every word of it was analysed."""
    project, _ids = study

    def refuse(*_args: object) -> object:
        raise AssertionError("texts analysed for a lemma search")

    monkeypatch.setattr(search_service, "analyse_documents", refuse)
    project.close()
    with Project.open(project.path, readonly=True) as ro:
        hits = search(ro, SearchQuery("wait", "lemma"), limit=None).hits
    assert sorted(h.text.lower() for h in hits) == ["wait", "waiting", "waiting"]
