"""Review: a theme's extracts grouped by code; move, uncode and flag with undo; the whole-dataset
pass checked against an independent per-character count."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.services.coding import codes, codings
from qualcode.services.documents import documents
from qualcode.services.themes import review, themes
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.models import Coding, Document, Quote, Theme
from qualcode.storage.project import Project
from tests.helpers import dump
from tests.seed import seed


def test_theme_extracts_grouped_by_code_with_subthemes(project: Project) -> None:
    ids = seed(project)
    sub = themes.create_theme(project, "Support", parent_id=ids["theme"]).entity_id or 0
    themes.link_code(project, sub, ids["support"])
    themes.link_code(project, sub, ids["waiting"])  # already via the parent: listed once
    groups = review.theme_extracts(project, ids["theme"])
    assert [(g.code_name, g.theme_id, len(g.extracts)) for g in groups] == [
        ("Nurses", ids["theme"], 1),
        ("Waiting", ids["theme"], 1),
        ("Support", sub, 1),
    ]
    name, extracts = groups[0]
    assert name == "Nurses"
    e = extracts[0]
    assert e.text == "The nurse listened 😊 and I felt safe."[: e.end - e.start]
    assert e.speaker is None and e.attribution == "FG1"  # the seed has no speaker turns
    assert e.before.endswith("Amy: ")


def test_move_uncode_and_flag_are_undoable(project: Project) -> None:
    ids = seed(project)
    steps = [
        lambda: review.move_coding(project, ids["c1"], ids["waiting"]),
        lambda: review.uncode(project, ids["c2"]),
        lambda: review.flag_key_extract(project, ids["c3"]),
        lambda: review.flag_key_extract(project, ids["c1"]),
        lambda: review.flag_key_extract(project, ids["c1"], key=False),
        lambda: review.mark_reviewed(project, ids["theme"]),
    ]
    for step in steps:
        before = dump(project)
        change = step()
        after = dump(project)
        assert after != before
        redo = apply_reversal(project, change.reversal)
        assert dump(project) == before
        apply_reversal(project, redo.reversal, "redo")
        assert dump(project) == after
    with project.read() as s:
        assert s.scalar(select(Coding.code_id).where(Coding.id == ids["c1"])) == ids["waiting"]
        assert s.get(Coding, ids["c2"]) is None
        quotes = s.execute(select(Quote.coding_id, Quote.is_key)).all()
        assert sorted(quotes, key=repr) == [(ids["c1"], False), (ids["c3"], True)]
        assert s.scalar(select(Theme.status).where(Theme.id == ids["theme"])) == "reviewed"
    with pytest.raises(ValidationError, match="already coded"):
        review.move_coding(project, ids["c1"], ids["waiting"])
    with pytest.raises(NotFoundError):
        review.flag_key_extract(project, ids["nurse"] + 99, key=False)


def test_a_new_key_extract_carries_its_attribution(project: Project) -> None:
    ids = seed(project)
    review.flag_key_extract(project, ids["c3"])
    with project.read() as s:
        quote = s.scalars(select(Quote).where(Quote.coding_id == ids["c3"])).one()
        assert (quote.is_key, quote.start, quote.end, quote.attribution) == (True, 5, 29, "INT2")
    themes.link_code(project, ids["theme"], ids["support"])
    groups = review.theme_extracts(project, ids["theme"])
    assert [g.key_coding_ids for g in groups] == [{ids["c3"]}, frozenset(), frozenset()]
    with pytest.raises(ValidationError, match="not flagged"):
        review.flag_key_extract(project, ids["c2"], key=False)


def _stored_texts(project: Project) -> dict[int, str]:
    with project.read() as s:
        return {i: t for i, t in s.execute(select(Document.id, Document.text))}


def _random_project(project: Project) -> None:
    rng = random.Random(7)
    code = codes.create_code(project, "C").entity_id or 0
    for d in range(5):
        text = "".join(rng.choice("ab  \n.") for _ in range(rng.randint(50, 300)))
        documents.add_document(project, f"D{d}", text)
    for doc, text in _stored_texts(project).items():
        spans = []
        for _ in range(rng.randint(0, 8)):
            a = rng.randrange(len(text) - 1)
            spans.append(codings.Span(doc, a, rng.randint(a + 1, min(len(text), a + 60))))
        if spans:
            codings.add_codings(project, code, spans)


def test_coverage_and_uncoded_passages_match_a_per_character_count(project: Project) -> None:
    _random_project(project)
    texts = _stored_texts(project)
    with project.read() as s:
        spans = s.execute(select(Coding.document_id, Coding.start, Coding.end)).all()
    covered = {doc: [False] * len(text) for doc, text in texts.items()}
    counts = dict.fromkeys(texts, 0)
    for doc, a, b in spans:
        counts[doc] += 1
        for i in range(a, b):
            covered[doc][i] = True
    rows = {r.document_id: r for r in review.coverage(project)}
    for doc, flags in covered.items():
        assert rows[doc].coded_chars == sum(flags)
        assert rows[doc].codings == counts[doc]
        assert rows[doc].percent == pytest.approx(100 * sum(flags) / len(flags))
    min_chars = 12
    expected = []
    for doc, flags in covered.items():
        i = 0
        while i < len(flags):
            if flags[i]:
                i += 1
                continue
            j = i
            while j < len(flags) and not flags[j]:
                j += 1
            piece = texts[doc][i:j]
            trimmed = piece.strip()
            if len(trimmed) >= min_chars:
                lead = len(piece) - len(piece.lstrip())
                expected.append((doc, i + lead, i + lead + len(trimmed), trimmed))
            i = j
    got = [(p.document_id, p.start, p.end, p.text) for p in review.uncoded_passages(project, 12)]
    assert sorted(got) == sorted(expected) and expected
    few = review.sparse_documents(project, 2)
    assert {r.document_id for r in few} == {d for d, n in counts.items() if n <= 2}
