"""The pure counting functions against brute force: nested loops over every pair of spans."""

from __future__ import annotations

from collections import Counter
from unittest import mock

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.analysis import counts as ac

CODES = [10, 20, 30, 40]
span = st.tuples(
    st.integers(0, 3),  # document
    st.sampled_from([*CODES, 99]),  # 99: a code not asked for
    st.integers(0, 60),  # start
    st.integers(1, 25),  # length
)


def _codings(rows: list[tuple[int, int, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(d, c, s, s + n) for d, c, s, n in rows], columns=["document", "code", "start", "end"]
    )


def _brute_overlap(rows: list[tuple[int, int, int, int]], codes: list[int]) -> list[list[int]]:
    at = {c: i for i, c in enumerate(codes)}
    spans = [(d, c, s, s + n) for d, c, s, n in rows if c in at]
    m = [[0] * len(codes) for _ in codes]
    for i, (d1, c1, s1, e1) in enumerate(spans):
        m[at[c1]][at[c1]] += 1
        for j, (d2, c2, s2, e2) in enumerate(spans):
            if j > i and d1 == d2 and c1 != c2 and s1 < e2 and s2 < e1:
                m[at[c1]][at[c2]] += 1
                m[at[c2]][at[c1]] += 1
    return m


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(span, max_size=40), block=st.sampled_from([1, 2, 3, 7, 4_000_000]))
def test_overlap_sweep_matches_all_pairs(rows: list[tuple[int, int, int, int]], block: int) -> None:
    # a tiny block size makes the sweep hand out its pairs in many pieces: same answer
    with mock.patch.object(ac, "_PAIR_BLOCK", block):
        got = ac.cooccurrence_overlap(_codings(rows), CODES)
    assert got.to_numpy().tolist() == _brute_overlap(rows, CODES)
    assert list(got.index) == CODES and list(got.columns) == CODES
    assert (got.to_numpy() == got.to_numpy().T).all()


def test_overlap_is_end_exclusive_and_per_document() -> None:
    rows = [(1, 10, 0, 5), (1, 20, 5, 5), (2, 20, 0, 5), (1, 30, 4, 1)]
    got = ac.cooccurrence_overlap(_codings(rows), CODES).to_numpy().tolist()
    # [0,5) and [5,10) only touch; the document-2 span is elsewhere; [4,5) overlaps [0,5)
    assert got == [[1, 0, 1, 0], [0, 2, 0, 0], [1, 0, 1, 0], [0, 0, 0, 0]]


def test_overlap_pairs_yields_each_pair_once() -> None:
    docs = np.array([0, 0, 0, 1], np.int64)
    starts = np.array([0, 2, 2, 0], np.int64)
    ends = np.array([10, 4, 3, 10], np.int64)
    pairs = {
        tuple(sorted((int(i), int(j))))
        for a, b in ac.overlap_pairs(docs, starts, ends)
        for i, j in zip(a, b, strict=True)
    }
    assert pairs == {(0, 1), (0, 2), (1, 2)}


part = st.tuples(st.integers(0, 3), st.integers(0, 70), st.integers(1, 30))


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(span, max_size=30),
    parts=st.lists(part, max_size=12),  # parts may overlap and leave gaps
    block=st.sampled_from([1, 5, 4_000_000]),
)
def test_same_part_matches_brute_force(
    rows: list[tuple[int, int, int, int]], parts: list[tuple[int, int, int]], block: int
) -> None:
    frame = pd.DataFrame(
        [(100 + i, d, s, s + n) for i, (d, s, n) in enumerate(parts)],
        columns=["part", "document", "start", "end"],
    )
    with mock.patch.object(ac, "_PAIR_BLOCK", block):
        got = ac.cooccurrence_turn(_codings(rows), frame, CODES).to_numpy().tolist()
    at = {c: i for i, c in enumerate(CODES)}
    want = [[0] * len(CODES) for _ in CODES]
    for pd_, ps, pn in parts:
        present = {c for d, c, s, n in rows if c in at and d == pd_ and s < ps + pn and ps < s + n}
        for a in present:
            for b in present:
                want[at[a]][at[b]] += 1
    assert got == want


def test_same_part_is_end_exclusive_with_nested_parts() -> None:
    # part 1 [0, 30) holds part 2 [5, 10); a coding starting at 10 touches part 1 only
    parts = pd.DataFrame(
        [(1, 0, 0, 30), (2, 0, 5, 10), (3, 0, 40, 50)], columns=["part", "document", "start", "end"]
    )
    rows = [(0, 10, 10, 5), (0, 20, 2, 30), (0, 30, 45, 1)]
    found = ac.part_incidence(_codings(rows), parts).sort_values(["part", "code"])
    assert found.to_numpy().tolist() == [[1, 10], [1, 20], [2, 20], [3, 30]]
    got = ac.cooccurrence_turn(_codings(rows), parts, CODES).to_numpy().tolist()
    assert got == [[1, 1, 0, 0], [1, 2, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0]]


evidence_row = st.tuples(
    st.sampled_from(CODES),
    st.integers(0, 4),  # document
    st.one_of(st.none(), st.integers(1, 5)),  # participant
    st.sampled_from(["Peer", "Staff", "Other", ac.NO_VALUE]),
)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(evidence_row, max_size=40))
def test_group_counts_match_brute_force(rows: list[tuple[int, int, int | None, str]]) -> None:
    evidence = pd.DataFrame(
        {
            "coding": range(len(rows)),
            "code": [r[0] for r in rows],
            "document": [r[1] for r in rows],
            "person": pd.Series([r[2] for r in rows], dtype="Int64"),
            "group": pd.Series([r[3] for r in rows], dtype=object),
        }
    )
    got = ac.group_counts(evidence, CODES, ["Staff", "Peer"])
    groups = list(dict.fromkeys(got.columns.get_level_values("group")))
    extra = [g for g in ("Other", ac.NO_VALUE) if any(r[3] == g for r in rows)]
    assert groups == ["Staff", "Peer", *extra, ac.ALL]
    for code in CODES:
        for group in groups:
            mine = [r for r in rows if r[0] == code and group in (r[3], ac.ALL)]
            want = (len(mine), len({r[1] for r in mine}), len({r[2] for r in mine if r[2]}))
            cell = tuple(int(got.loc[code, (group, m)]) for m in ac.MEASURES)
            assert cell == want, (code, group)


def test_group_counts_without_groups_has_only_all() -> None:
    evidence = pd.DataFrame(
        {"coding": [1, 2], "code": [10, 10], "document": [1, 2],
         "person": pd.Series([None, 3], dtype="Int64"), "group": ["x", "y"]}
    )  # fmt: skip
    got = ac.group_counts(evidence, CODES, None)
    assert list(got.columns) == [(ac.ALL, m) for m in ac.MEASURES]
    assert got.loc[10].tolist() == [2, 2, 1] and got.loc[20].tolist() == [0, 0, 0]


def test_words_from_hashes_filters_stop_words_numbers_and_joins_forms() -> None:
    words = {1: "the", 2: "child", 3: "12", 4: "nurse", 5: "3pm", 6: "be", 7: "child", 8: ""}
    hashed = {"A": Counter({1: 4, 2: 2, 3: 1, 4: 1, 5: 1, 6: 3, 7: 1, 8: 9}), "B": Counter({4: 2})}
    calls: list[int] = []

    def word(h: int) -> str:
        calls.append(h)
        return words[h]

    got = ac.words_from_hashes(hashed, word)
    assert got == {"A": Counter({"child": 3, "nurse": 1, "3pm": 1}), "B": Counter({"nurse": 2})}
    assert sorted(calls) == sorted(words)  # each distinct hash decided once
    kept = ac.words_from_hashes(hashed, words.__getitem__, stop_words=True)
    assert kept["A"] == Counter({"the": 4, "be": 3, "child": 3, "nurse": 1, "3pm": 1})


def test_word_table_orders_by_total_then_word_and_keeps_top() -> None:
    counts = {
        "A": Counter({"b": 2, "a": 1, "c": 5}),
        "B": Counter({"a": 1, "d": 2}),
        "C": Counter(),
    }
    got = ac.word_table(counts, top=3)
    assert list(got.columns) == ["A", "B", "C", ac.ALL]
    assert list(got.index) == ["c", "a", "b"]  # 5, then a=2 and b=2 alphabetically
    assert got.loc["a"].tolist() == [1, 1, 0, 2]
    assert len(ac.word_table(counts, top=None)) == 4
    only = ac.word_table({ac.ALL: Counter({"x": 3})}, top=5)
    assert list(only.columns) == [ac.ALL] and only.loc["x", ac.ALL] == 3
