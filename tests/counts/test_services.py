"""Every cell of the counts services against plain-Python counts over the spans the test made."""

from __future__ import annotations

import random
import shutil
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.services.coding import codings
from qualcode.services.counts import counts as sc
from qualcode.storage.project import Project
from tests.counts.world import (
    CODES,
    World,
    add_random_codings,
    build,
    expected_coverage,
    expected_frequencies,
    expected_overlap,
    expected_surface_words,
    expected_turn,
)

LABELS = ["Access", "Access / Waiting", "Stigma", "Other", "Other / Waiting", "Unused"]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build(tmp_path_factory.mktemp("counts") / "base.qcproj")


def _copy(base: World, folder: Path) -> World:
    path = folder / f"{uuid.uuid4().hex}.qcproj"
    shutil.copy(base.path, path)
    return World(path, dict(base.texts), dict(base.turns), dict(base.doc_ids),
                 dict(base.case_ids), list(base.code_ids))  # fmt: skip


@pytest.fixture(params=[1, 2, 3])
def coded(
    request: pytest.FixtureRequest, base: World, tmp_path: Path
) -> Iterator[tuple[World, Project]]:
    w = _copy(base, tmp_path)
    with Project.open(w.path) as p:
        add_random_codings(p, w, random.Random(request.param), 60)
        yield w, p


def _check_frequencies(w: World, freq: sc.CodeFrequencies, scope: str | None) -> None:
    want = expected_frequencies(w, scope)
    assert list(freq.table.index) == LABELS
    assert [c.id for c in freq.codes] == w.code_ids
    for row, _label in enumerate(LABELS):
        for group in freq.groups:
            cell = tuple(int(freq.table.iloc[row][(group, m)]) for m in sc.MEASURES)
            assert cell == want.get((row, group), (0, 0, 0)), (LABELS[row], group)
    groups_seen = {g for _c, g in want}
    assert set(freq.groups) >= groups_seen


def test_code_frequencies_by_case_attribute(coded: tuple[World, Project]) -> None:
    w, p = coded
    freq = sc.code_frequencies(p, "role")  # attribute names match loosely
    assert freq.attribute == "Role" and freq.scope == "case"
    no_value = sc.NO_VALUE in {g for _c, g in expected_frequencies(w, "case")}
    assert freq.groups == ["Peer", "Staff", *([sc.NO_VALUE] if no_value else []), sc.ALL]
    _check_frequencies(w, freq, "case")
    measure = freq.measure("participants", total=False)
    assert list(measure.columns) == freq.groups[:-1]


def test_code_frequencies_by_document_attribute(coded: tuple[World, Project]) -> None:
    w, p = coded
    freq = sc.code_frequencies(p, "Site")
    assert freq.scope == "document" and freq.groups[:2] == ["North", "South"]
    _check_frequencies(w, freq, "document")


def test_code_frequencies_without_grouping_and_colours(coded: tuple[World, Project]) -> None:
    w, p = coded
    freq = sc.code_frequencies(p, None)
    assert freq.groups == [sc.ALL] and freq.attribute is None
    _check_frequencies(w, freq, None)
    assert all(c.colour.startswith("#") and len(c.colour) == 7 for c in freq.codes)
    assert [c.path for c in freq.codes][1] == "Access / Waiting"
    assert [c.depth for c in freq.codes] == [0, 1, 0, 0, 1, 0]


def test_no_value_column_only_when_needed(base: World, tmp_path: Path) -> None:
    w = _copy(base, tmp_path)
    turn = next(t for t in w.turns["D0"] if t.speaker == "Amy")
    with Project.open(w.path) as p:
        codings.add_coding(p, w.doc_ids["D0"], w.code_ids[2], turn.start, turn.start + 3)
        freq = sc.code_frequencies(p, "Role")
    assert freq.groups == ["Peer", "Staff", sc.ALL]
    assert int(freq.table.loc["Stigma", ("Peer", "participants")]) == 1


def test_code_subset_keeps_codebook_order(coded: tuple[World, Project]) -> None:
    w, p = coded
    subset = [w.code_ids[4], w.code_ids[0]]
    freq = sc.code_frequencies(p, "Role", subset)
    assert list(freq.table.index) == ["Access", "Waiting"]  # unique among those asked for
    co = sc.cooccurrence(p, "overlap", subset)
    full = expected_overlap(w)
    assert co.matrix.to_numpy().tolist() == [[full[0][0], full[0][4]], [full[4][0], full[4][4]]]
    with pytest.raises(NotFoundError, match="no code with id 9999"):
        sc.code_frequencies(p, None, [9999])


def test_cooccurrence_overlap_and_turn(coded: tuple[World, Project]) -> None:
    w, p = coded
    overlap = sc.cooccurrence(p, "overlap")
    assert list(overlap.matrix.index) == LABELS == list(overlap.matrix.columns)
    assert overlap.matrix.to_numpy().tolist() == expected_overlap(w)
    turn = sc.cooccurrence(p, "turn")
    assert turn.matrix.to_numpy().tolist() == expected_turn(w)
    with pytest.raises(ValidationError, match="not a co-occurrence mode"):
        sc.cooccurrence(p, "sentence")  # type: ignore[arg-type]


def test_coverage(coded: tuple[World, Project]) -> None:
    w, p = coded
    frame = sc.coverage(p)
    want = expected_coverage(w)
    assert list(frame["document"]) == list(w.texts)
    for _id, row in frame.iterrows():
        chars, coded_chars, n = want[row["document"]]
        assert (row["characters"], row["coded_characters"], row["codings"]) == (
            chars,
            coded_chars,
            n,
        )
        assert row["percent"] == pytest.approx(100 * coded_chars / chars)
    assert frame.loc[w.doc_ids["D1"], "kind"] == "Interview"


@pytest.mark.parametrize("by", [None, "kind", "Role", "Site"])
def test_surface_word_frequencies(base: World, by: str | None) -> None:
    with Project.open(base.path, readonly=True) as p:
        got = sc.word_frequencies(p, by, lemma=False, top=1000)
    want = expected_surface_words(base, by)
    groups = [g for g in got.columns if g != sc.ALL] or [sc.ALL]
    assert set(groups) == set(want)
    for word in set(got.index) | {w for c in want.values() for w in c}:
        for g in groups:
            assert int(got.loc[word, g]) == want[g][word], (word, g)
        assert int(got.loc[word, sc.ALL]) == sum(want[g][word] for g in groups)
    if by == "Role":
        assert groups == ["Peer", "Staff", sc.NO_VALUE]


def test_lemma_word_frequencies_join_inflections(base: World) -> None:
    with Project.open(base.path, readonly=True) as p:
        lemmas = sc.word_frequencies(p, None, top=1000)
        top3 = sc.word_frequencies(p, "kind", top=3)
        with_stops = sc.word_frequencies(p, None, lemma=False, top=1000, stop_words=True)
    surface: Counter[str] = expected_surface_words(base, None)["All"]
    assert lemmas.loc["child", sc.ALL] == surface["children"] + surface["child"]
    assert lemmas.loc["nurse", sc.ALL] == surface["nurses"] + surface["nurse"]
    assert lemmas.loc["trust", sc.ALL] == surface["trust"] + surface["trusted"]
    assert "children" not in lemmas.index and "the" not in lemmas.index
    assert len(top3) == 3 and list(top3[sc.ALL]) == sorted(top3[sc.ALL], reverse=True)
    assert with_stops.loc["the", sc.ALL] > 0 and with_stops.loc["we", sc.ALL] > 0


def test_unknown_attribute_names_the_known_ones(base: World) -> None:
    with Project.open(base.path, readonly=True) as p:
        with pytest.raises(NotFoundError, match=r"no attribute 'Age'.*'Role'.*'Site'"):
            sc.code_frequencies(p, "Age")
        with pytest.raises(NotFoundError, match="no attribute 'Age'"):
            sc.word_frequencies(p, "Age")


def test_top_codes(coded: tuple[World, Project]) -> None:
    w, p = coded
    freq = sc.code_frequencies(p, None)
    totals = {
        c.id: int(n) for c, n in zip(freq.codes, freq.table[(sc.ALL, "extracts")], strict=True)
    }
    top = sc.top_codes(freq, 2)
    assert len(top) == 2 and top == [c for c in w.code_ids if c in top]  # codebook order
    assert min(totals[c] for c in top) >= max(totals[c] for c in totals if c not in top)


def test_empty_project(project: Project) -> None:
    freq = sc.code_frequencies(project, None)
    assert freq.table.empty and freq.groups == [sc.ALL]
    assert sc.cooccurrence(project, "turn").matrix.empty
    assert sc.coverage(project).empty
    assert sc.word_frequencies(project, "kind").empty
    assert len(CODES) == 6


def test_code_frequencies_by_document_kind(sample_path: Path) -> None:
    from collections import Counter as Tally

    from sqlalchemy import select

    from qualcode.storage.models import Code, Coding, Document

    with Project.open(sample_path) as p:
        freq = sc.code_frequencies(p, "kind")
        with p.read() as s:
            rows = s.execute(
                select(Code.name, Document.kind, Coding.document_id)
                .join(Coding, Coding.code_id == Code.id)
                .join(Document, Document.id == Coding.document_id)
            ).all()
            kinds = set(s.scalars(select(Document.kind)))
    assert freq.attribute == "Document kind" and freq.scope == "document"
    extracts = Tally((name, sc.kind_label(kind)) for name, kind, _d in rows)
    documents = Tally((name, sc.kind_label(kind)) for name, kind, _d in set(rows))
    table = freq.measure("extracts")
    docs = freq.measure("documents")
    for (name, kind), n in extracts.items():
        assert table.loc[name, kind] == n
        assert docs.loc[name, kind] == documents[(name, kind)]
    # one column per kind of document in the project (coded or not), then All
    assert set(freq.groups[:-1]) == {sc.kind_label(k) for k in kinds}
    assert freq.groups[-1] == "All"


def test_words_after_a_nested_part_count_for_the_enclosing_turn(tmp_path: Path) -> None:
    from qualcode.importers.model import ImportBatch, ImportedCase, ImportedDocument, ImportedPart
    from qualcode.services.documents.imports import import_batches

    text = "Jo: apple banana cherry damson elder fig grape"
    quote = text.index("cherry"), text.index("damson") + len("damson")
    doc = ImportedDocument(
        "FG", "focus_group", text,
        [ImportedPart(4, len(text), "turn", "jo"), ImportedPart(*quote, "quote", "sam")],
    )  # fmt: skip
    batch = ImportBatch(
        "fg.txt",
        "h-nested",
        [doc],
        cases={
            "jo": ImportedCase("Jo", {"group": "A"}),
            "sam": ImportedCase("Sam", {"group": "B"}),
        },
    )
    with Project.create(tmp_path / "n.qcproj") as p:
        import_batches(p, [batch])
        table = sc.word_frequencies(p, "group", lemma=False, top=None)
    assert set(table.index[table["A"] > 0]) == {"apple", "banana", "elder", "fig", "grape"}
    assert set(table.index[table["B"] > 0]) == {"cherry", "damson"}
