"""Counting over plain tables: code co-occurrence, code frequencies by group, word frequencies.

The services read rows out of the project and hand them here as pandas/numpy data, so each count
is a pure function the tests can check against a plain-Python loop.

Co-occurrence is the expensive one: 200,000 codings make 2 * 10^10 candidate pairs. Sorting the
spans by (document, start) turns it into a sweep: the spans overlapping span ``i`` and starting
at or after it are exactly the ones that follow it in that order and start before it ends, found
for every span at once with one ``searchsorted``. The work is then proportional to the number of
spans plus the number of overlapping pairs, not to all pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd  # type: ignore[import-untyped]

from qualcode.analysis.pipeline import is_stop_word

ALL = "All"
NO_VALUE = "No value"
MEASURES = ("extracts", "documents", "participants")
Ints = npt.NDArray[np.int64]
_PAIR_BLOCK = 4_000_000  # pairs materialised at a time: bounds memory on pathological data


def _ints(values: Iterable[int] | pd.Series) -> Ints:
    return np.asarray(list(values) if not isinstance(values, pd.Series) else values, np.int64)


def _dense(values: Ints) -> Ints:
    """``values`` replaced by their rank among the distinct values (0, 1, 2...)."""
    return np.unique(values, return_inverse=True)[1].astype(np.int64).reshape(-1)


def _followers(lo: Ints, hi: Ints) -> Iterator[tuple[Ints, Ints]]:
    """Every pair (i, j) with ``lo[i] <= j < hi[i]``, in blocks of at most ``_PAIR_BLOCK``."""
    counts = np.maximum(hi - lo, 0)
    ends = np.cumsum(counts)
    first, n = 0, len(counts)
    while first < n:
        base = int(ends[first - 1]) if first else 0
        last = int(np.searchsorted(ends, base + _PAIR_BLOCK, side="right"))
        last = min(max(last, first + 1), n)
        block = counts[first:last]
        i = np.repeat(np.arange(first, last, dtype=np.int64), block)
        if len(i):
            starts = np.repeat(ends[first:last] - block, block)
            j = lo[i] + (np.arange(base, base + len(i), dtype=np.int64) - starts)
            yield i, j
        first = last


def overlap_pairs(documents: Ints, starts: Ints, ends: Ints) -> Iterator[tuple[Ints, Ints]]:
    """Index pairs (i, j), i != j, each unordered pair once, of spans in the same document that
    overlap (share at least one character: ``start_i < end_j and start_j < end_i``).

    Yields blocks of (i, j) arrays indexing the inputs. Spans must have ``end > start``.
    """
    n = len(starts)
    if n < 2:
        return
    order = np.lexsort((starts, documents))
    doc = _dense(documents)[order]
    s, e = starts[order], ends[order]
    span = int(max(int(e.max()), int(s.max()))) + 1
    key = doc * span + s
    # spans after i (in this order) that start before i ends, in i's document
    hi = np.searchsorted(key, doc * span + e, side="left").astype(np.int64)
    lo = np.arange(1, n + 1, dtype=np.int64)
    for i, j in _followers(lo, hi):
        yield order[i], order[j]


def _symmetric(codes: Sequence[int], a: Ints, b: Ints, diagonal: Ints) -> pd.DataFrame:
    """The codes × codes matrix of unordered pairs (a, b) of code indices, plus a diagonal."""
    k = len(codes)
    flat = np.bincount(a * k + b, minlength=k * k) if len(a) else np.zeros(k * k, np.int64)
    m = flat.reshape(k, k).astype(np.int64)
    m = m + m.T
    np.fill_diagonal(m, diagonal)
    index = pd.Index(list(codes), name="code")
    return pd.DataFrame(m, index=index, columns=index.rename("with"))


def _code_index(codes: Sequence[int], values: Ints) -> Ints:
    """Position of each value in ``codes``, -1 for values not in it."""
    where = {c: i for i, c in enumerate(codes)}
    return np.fromiter((where.get(int(v), -1) for v in values), np.int64, len(values))


def cooccurrence_overlap(codings: pd.DataFrame, codes: Sequence[int]) -> pd.DataFrame:
    """Codes × codes: cell (A, B) counts pairs of codings, one of A and one of B, in the same
    document whose spans overlap; the diagonal holds the number of codings of A.

    ``codings`` has columns ``document``, ``code``, ``start``, ``end``; codings of codes not in
    ``codes`` are ignored. The result is indexed by code id both ways, in ``codes`` order.
    """
    idx = _code_index(codes, _ints(codings["code"])) if len(codings) else np.zeros(0, np.int64)
    keep = idx >= 0
    idx = idx[keep]
    docs = _ints(codings["document"])[keep] if len(codings) else idx
    starts = _ints(codings["start"])[keep] if len(codings) else idx
    ends = _ints(codings["end"])[keep] if len(codings) else idx
    a_parts: list[Ints] = []
    b_parts: list[Ints] = []
    for i, j in overlap_pairs(docs, starts, ends):
        a, b = idx[i], idx[j]
        other = a != b
        a_parts.append(a[other])
        b_parts.append(b[other])
    a_all = np.concatenate(a_parts) if a_parts else np.zeros(0, np.int64)
    b_all = np.concatenate(b_parts) if b_parts else np.zeros(0, np.int64)
    diagonal = np.bincount(idx, minlength=len(codes)).astype(np.int64)
    return _symmetric(codes, a_all, b_all, diagonal)


def part_incidence(codings: pd.DataFrame, parts: pd.DataFrame) -> pd.DataFrame:
    """Distinct (part, code) pairs where a coding of the code shares a character with the part.

    ``codings``: columns ``document``, ``code``, ``start``, ``end``; ``parts``: columns ``part``,
    ``document``, ``start``, ``end``. Parts may overlap each other or leave gaps.
    """
    empty = pd.DataFrame({"part": pd.Series([], dtype=np.int64), "code": []}, dtype=np.int64)
    if not len(codings) or not len(parts):
        return empty
    all_docs = np.concatenate([_ints(parts["document"]), _ints(codings["document"])])
    dense = _dense(all_docs)
    p_doc, c_doc = dense[: len(parts)], dense[len(parts) :]
    p_start, p_end = _ints(parts["start"]), _ints(parts["end"])
    order = np.lexsort((p_start, p_doc))
    p_doc, p_start, p_end = p_doc[order], p_start[order], p_end[order]
    p_id = _ints(parts["part"])[order]
    c_start, c_end = _ints(codings["start"]), _ints(codings["end"])
    span = int(max(int(p_end.max()), int(c_end.max()))) + 1
    # parts sorted by start; the running maximum of their ends is sorted too, so the first part
    # that may still reach past the coding's start is a binary search away
    reach = np.maximum.accumulate(p_doc * span + p_end)
    lo = np.searchsorted(reach, c_doc * span + c_start, side="right").astype(np.int64)
    hi = np.searchsorted(p_doc * span + p_start, c_doc * span + c_end, side="left")
    code = _ints(codings["code"])
    out_part: list[Ints] = []
    out_code: list[Ints] = []
    for i, j in _followers(lo, hi.astype(np.int64)):
        hit = p_end[j] > c_start[i]
        out_part.append(p_id[j[hit]])
        out_code.append(code[i[hit]])
    if not out_part:
        return empty
    found = pd.DataFrame({"part": np.concatenate(out_part), "code": np.concatenate(out_code)})
    return found.drop_duplicates(ignore_index=True)


def cooccurrence_turn(
    codings: pd.DataFrame, parts: pd.DataFrame, codes: Sequence[int]
) -> pd.DataFrame:
    """Codes × codes: cell (A, B) counts parts (turns, answers...) where both A and B have a
    coding sharing a character with the part; the diagonal counts the parts with A."""
    inc = part_incidence(codings, parts)
    idx = _code_index(codes, _ints(inc["code"])) if len(inc) else np.zeros(0, np.int64)
    keep = idx >= 0
    idx = idx[keep]
    part = _ints(inc["part"])[keep] if len(inc) else idx
    order = np.lexsort((idx, part))
    idx, part = idx[order], part[order]
    hi = np.searchsorted(part, part, side="right").astype(np.int64)
    lo = np.arange(1, len(part) + 1, dtype=np.int64)
    a_parts: list[Ints] = []
    b_parts: list[Ints] = []
    for i, j in _followers(lo, hi):
        a_parts.append(idx[i])
        b_parts.append(idx[j])
    a_all = np.concatenate(a_parts) if a_parts else np.zeros(0, np.int64)
    b_all = np.concatenate(b_parts) if b_parts else np.zeros(0, np.int64)
    diagonal = np.bincount(idx, minlength=len(codes)).astype(np.int64)
    return _symmetric(codes, a_all, b_all, diagonal)


def group_counts(
    evidence: pd.DataFrame, codes: Sequence[int], groups: Sequence[str] | None
) -> pd.DataFrame:
    """Extracts, documents and distinct participants per code and group, plus an "All" total.

    ``evidence`` has one row per coding: ``coding``, ``code``, ``document``, ``person`` (the
    participant's case id, or missing when nobody counts) and ``group``. Columns are a
    (group, measure) MultiIndex: ``groups`` in their order, then any other group found (sorted,
    "No value" last), then :data:`ALL`; ``groups=None`` gives the "All" column only. Rows are
    ``codes`` in their order, all of them, zeros where nothing counts.
    """
    order = [ALL]
    if groups is not None:
        found = set(evidence["group"]) - set(groups)
        order = [*groups, *sorted(found, key=lambda g: (g == NO_VALUE, g)), ALL]
    data: dict[tuple[str, str], pd.Series] = {}
    columns = {"extracts": "coding", "documents": "document", "participants": "person"}
    if len(evidence):
        per_group = evidence.groupby(["code", "group"])
        per_code = evidence.groupby("code")
        for measure, column in columns.items():
            table = per_group[column].nunique().unstack("group")
            for g in order[:-1]:
                data[(g, measure)] = table[g] if g in table else pd.Series(dtype=np.int64)
            data[(ALL, measure)] = per_code[column].nunique()
    frame = pd.DataFrame(data, index=pd.Index(list(codes), name="code"))
    full = pd.MultiIndex.from_tuples(
        [(g, m) for g in order for m in MEASURES], names=["group", "measure"]
    )
    return frame.reindex(columns=full).fillna(0).astype(np.int64)


def words_from_hashes(
    hashed: Mapping[str, Counter[int]], word: Callable[[int], str], *, stop_words: bool = False
) -> dict[str, Counter[str]]:
    """Per group, token-hash counts turned into word counts: ``word(hash)`` gives the word to
    count (a lemma or a lower-case form, "" to skip); words with no letter are left out, and so
    are stop words unless ``stop_words``. Each distinct hash is decided once."""
    verdict: dict[int, str] = {}
    out: dict[str, Counter[str]] = {}
    for group, counter in hashed.items():
        words: Counter[str] = Counter()
        for h, n in counter.items():
            w = verdict.get(h)
            if w is None:
                w = word(h)
                if not any(ch.isalpha() for ch in w) or (not stop_words and is_stop_word(w)):
                    w = ""
                verdict[h] = w
            if w:
                words[w] += n
        out[group] = words
    return out


def word_table(counts: Mapping[str, Counter[str]], top: int | None = 50) -> pd.DataFrame:
    """Words × groups (in ``counts`` order) plus an "All" total (unless a group is "All"): the
    ``top`` most frequent words by total, ties in alphabetical order; ``top=None``: every word."""
    groups = list(counts)
    frame = pd.DataFrame({g: pd.Series(counts[g], dtype=np.int64) for g in groups})
    frame = frame.reindex(columns=groups).fillna(0).astype(np.int64)
    if ALL not in frame:
        frame[ALL] = frame.sum(axis=1).astype(np.int64)
    frame.index.name = "word"
    frame = frame.reset_index().sort_values([ALL, "word"], ascending=[False, True])
    if top is not None:
        frame = frame.head(max(top, 0))
    return frame.set_index("word")
