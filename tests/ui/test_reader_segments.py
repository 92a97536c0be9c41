"""Runs of constant coverage: the sweep, and the incremental splice equal to a full sweep."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qualcode.ui.coding.reader_segments import CodingSet, QtCoding, merge_ranges, segments, splice


def test_sweep_cuts_at_every_change() -> None:
    codings = [QtCoding(1, 10, 0, 10), QtCoding(2, 20, 5, 15), QtCoding(3, 10, 8, 12)]
    assert segments(codings) == [(0, 5, (10,)), (5, 12, (10, 20)), (12, 15, (20,))]
    assert segments([QtCoding(1, 1, 3, 3)]) == []  # empty codings colour nothing
    assert segments(codings, 6, 9) == [(6, 9, (10, 20))]


def test_touching_runs_of_one_code_join() -> None:
    assert segments([QtCoding(1, 7, 0, 4), QtCoding(2, 7, 4, 9)]) == [(0, 9, (7,))]


def test_merge_ranges() -> None:
    assert merge_ranges([(5, 8), (0, 2), (2, 3), (7, 12)]) == [(0, 3), (5, 12)]


coding_lists = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 60), st.integers(0, 25)), max_size=25
).map(lambda rows: [QtCoding(i, code, a, a + n) for i, (code, a, n) in enumerate(rows)])


@given(coding_lists, coding_lists)
def test_incremental_update_equals_full_sweep(
    before: list[QtCoding], after_raw: list[QtCoding]
) -> None:
    # keep some codings, drop some, add or move others (ids 100+ are new ones)
    after = before[::2] + [QtCoding(c.id + 100, c.code_id, c.start, c.end) for c in after_raw]
    old, new = CodingSet(before), CodingSet(after)
    segs = segments(old.ordered)
    for a, b in new.changed_ranges(old):
        segs = splice(segs, segments(new.overlapping(a, b), a, b), a, b)
    assert segs == segments(new.ordered)


@given(coding_lists, st.integers(0, 90), st.integers(0, 40))
def test_overlapping_finds_every_coding_in_a_range(codings: list[QtCoding], a: int, n: int) -> None:
    b = a + n + 1
    expected = {c.id for c in codings if c.start < b and c.end > a}
    assert {c.id for c in CodingSet(codings).overlapping(a, b)} == expected
