"""Replacing names keeps every span on the same words: a property over random texts, random spans
and random replacement maps, checked against a plain character-by-character oracle."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.domain.replacements import Edit, apply_edits, find_edits, replace_all

WORDS = ["Ann", "Anne", "Anne Smith", "Bob", "Leeds", "the", "café", "07700 900123", "x"]


def expected(text: str, edits: list[Edit], start: int, end: int) -> str:
    """The oracle: walk the old span; an edit touching it contributes its whole replacement."""
    out, at = [], start
    for e in sorted(edits, key=lambda e: e.start):
        if not (e.start < end and e.end > start):  # an edit touching the span's inside
            continue
        if e.start > at:
            out.append(text[at : e.start])
        out.append(e.new)
        at = max(at, e.end)
    if at < end:
        out.append(text[at:end])
    return "".join(out)


texts = st.lists(st.sampled_from([*WORDS, " ", ", ", ".\n", "Annex", "Bobby", "é"]), max_size=40)
maps = st.dictionaries(
    st.sampled_from(WORDS),
    st.sampled_from(["P1", "Participant 12", "[name removed]", "[place]", "Z"]),
    max_size=4,
)


@settings(max_examples=400, deadline=None)
@given(pieces=texts, mapping=maps, data=st.data())
def test_every_span_keeps_its_words_with_the_replacements_made(
    pieces: list[str], mapping: dict[str, str], data: st.DataObject
) -> None:
    text = "".join(pieces)
    edits = find_edits(text, mapping)
    new, remap = apply_edits(text, edits)
    assert new == replace_all(text, mapping)
    for word in ("Annex", "Bobby"):  # whole words only: never touched inside a longer word
        assert new.count(word) == text.count(word)
    for _ in range(5):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        a, b = remap.span(start, end)
        assert 0 <= a <= b <= len(new)
        assert new[a:b] == expected(text, edits, start, end)


def test_longest_first_whole_words_and_the_rule_at_the_edges() -> None:
    text = "Anne Smith met Ann in Annex, then Ann again."
    mapping = {"Ann": "P2", "Anne Smith": "P1"}
    new, remap = apply_edits(text, find_edits(text, mapping))
    assert new == "P1 met P2 in Annex, then P2 again."
    # a span cutting into a name takes the whole pseudonym; one beside it stays beside it
    assert new[slice(*remap.span(5, 14))] == "P1 met"  # "Smith met" started inside "Anne Smith"
    assert new[slice(*remap.span(15, 18))] == "P2"  # exactly "Ann"
    assert new[slice(*remap.span(19, 27))] == "in Annex"
    assert remap.span(len(text), len(text)) == (len(new), len(new))


def test_case_can_be_ignored_and_unchanged_keys_are_skipped() -> None:
    assert replace_all("MARGARET and margaret", {"Margaret": "P4"}, ignore_case=True) == (
        "P4 and P4"
    )
    assert find_edits("Leeds", {"Leeds": "Leeds"}) == []
