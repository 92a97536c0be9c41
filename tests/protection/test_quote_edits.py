"""Quote editing: cuts as [...], insertions in brackets, never a word put in a participant's mouth.

The rule is checked on hand-made cases and with hypothesis (any edit made of the verbatim words in
order, with cuts and bracketed insertions, is accepted; any unbracketed new word or a swap is
refused); the service stores the edit as one undo step, refuses a bad one without writing, and the
quote bank and theme report print the edited version.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from qualcode.domain.errors import ValidationError
from qualcode.domain.quote_edits import CUT, quote_edit_problem
from qualcode.services.frameworks.matrices import key_quotes
from qualcode.services.protection.export_check import quote_texts
from qualcode.services.protection.quotes import edit_quote, get_quote, quote_of_coding
from qualcode.services.protection.redact import redact
from qualcode.services.reports.theme_report import _all_extracts
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.models import Quote
from qualcode.storage.project import Project
from tests.helpers import dump
from tests.undo.test_operations import all_or_nothing

SAID = "Well, I mean, the service — they never once rang me back, not once, you know?"


@pytest.mark.parametrize(
    "edited",
    [
        "",
        SAID,
        "the service [...] never once rang me back",
        "[The drug service] never once rang me back [...]",
        "[T]hey never once rang me back, not once.",
        "Well [...] they never once rang [Margaret] back.",
        "[...] THE SERVICE — they never rang me back",
        "Well, I mean, [...] not once",
    ],
)
def test_acceptable_edits(edited: str) -> None:
    assert quote_edit_problem(SAID, edited) is None


@pytest.mark.parametrize(
    ("edited", "says"),
    [
        ("the service never once called me back", "'called' is not in the verbatim"),
        ("they never once rang me back, the service", "'the' is out of order"),
        ("the [service never once rang me back", "not closed"),
        ("the service] never once rang me back", "not closed"),
        ("Well, I mean, the council [...]", "'council' is not in the verbatim"),
    ],
)
def test_refused_edits(edited: str, says: str) -> None:
    problem = quote_edit_problem(SAID, edited)
    assert problem is not None and says in problem


WORD = st.text(alphabet="abcdefgh", min_size=1, max_size=6)


@given(
    st.lists(WORD, min_size=1, max_size=25),
    st.data(),
)
def test_any_ordered_selection_with_marked_cuts_and_insertions_is_accepted(
    words: list[str], data: st.DataObject
) -> None:
    verbatim = " ".join(words)
    keep = data.draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words)))
    pieces: list[str] = []
    for word, kept in zip(words, keep, strict=True):
        if kept:
            pieces.append(word.upper() if data.draw(st.booleans()) else word)
        elif not pieces or pieces[-1] != CUT:
            pieces.append(CUT)
        if data.draw(st.integers(0, 5)) == 0:
            pieces.append(f"[{data.draw(st.text(alphabet='xyz ', max_size=10))}]")
    assert quote_edit_problem(verbatim, " ".join(pieces)) is None


@given(st.lists(WORD, min_size=1, max_size=20), st.data())
def test_an_unbracketed_new_word_is_refused(words: list[str], data: st.DataObject) -> None:
    verbatim = " ".join(words)
    added = data.draw(st.text(alphabet="xyz", min_size=1, max_size=5))  # never in the text
    at = data.draw(st.integers(0, len(words)))
    edited = " ".join([*words[:at], added, *words[at:]])
    problem = quote_edit_problem(verbatim, edited)
    assert problem is not None and f"'{added}'" in problem
    assert quote_edit_problem(verbatim, " ".join([*words[:at], f"[{added}]", *words[at:]])) is None


@given(st.lists(WORD, min_size=2, max_size=12, unique=True), st.data())
def test_swapping_two_words_is_refused(words: list[str], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(words) - 2))
    j = data.draw(st.integers(i + 1, len(words) - 1))
    swapped = list(words)
    swapped[i], swapped[j] = swapped[j], swapped[i]
    assert quote_edit_problem(" ".join(words), " ".join(swapped)) is not None


def _a_key_quote(project: Project) -> int:
    with project.read() as s:
        quote_id = s.scalar(select(Quote.id).where(Quote.is_key.is_(True)).order_by(Quote.id))
    assert quote_id is not None
    return quote_id


def test_edit_quote_is_one_undo_step_and_reports_print_it(sample_path: Path) -> None:
    with Project.open(sample_path) as project:
        quote_id = _a_key_quote(project)
        quote = get_quote(project, quote_id)
        assert quote.edited == "" and quote.coding_id is not None
        assert quote_of_coding(project, quote.coding_id) == quote
        words = quote.verbatim.split()
        edited = f"[...] {' '.join(words[2:6])} [the service] {' '.join(words[-3:])}"
        before = dump(project)
        change = edit_quote(project, quote_id, edited)
        assert get_quote(project, quote_id).edited == edited
        assert change.changes.ids("quote") == frozenset({quote_id})
        printed = [q.text for qs in key_quotes(project).values() for q in qs]
        assert edited in printed and quote.verbatim not in printed  # quote bank, theme report
        assert edited in quote_texts(project, "all")  # the export check reads the same text
        extracts = _all_extracts(project, [c for c in key_quotes(project)])
        assert edited in [q.text for qs in extracts.values() for q in qs]  # --quotes all
        apply_reversal(project, change.reversal, "undo")
        assert dump(project) == before


def test_edit_quote_refuses_added_words_and_writes_nothing(sample_path: Path) -> None:
    with Project.open(sample_path) as project:
        quote_id = _a_key_quote(project)
        verbatim = get_quote(project, quote_id).verbatim
        before = dump(project)
        with pytest.raises(ValidationError, match="'reluctantly' is not in the verbatim"):
            edit_quote(project, quote_id, f"reluctantly {verbatim}")
        with pytest.raises(ValidationError, match="unchanged"):
            edit_quote(project, quote_id, " ".join(verbatim.split()))  # verbatim = no edit
        assert dump(project) == before
        edit_quote(project, quote_id, f"[reluctantly] {verbatim}")
        edit_quote(project, quote_id, verbatim)  # back to verbatim: stored as no edit
        assert get_quote(project, quote_id).edited == ""


def test_edit_quote_is_all_or_nothing(sample_path: Path) -> None:
    with Project.open(sample_path) as project:
        quote_id = _a_key_quote(project)
        first = re.split(r"\s+", get_quote(project, quote_id).verbatim.strip())[0]
        assert all_or_nothing(project, lambda p: edit_quote(p, quote_id, f"{first} [...]")) >= 1


def test_a_redaction_reaches_the_edited_version_of_a_quote(sample_path: Path) -> None:
    with Project.open(sample_path) as project:
        quote_id = _a_key_quote(project)
        verbatim = get_quote(project, quote_id).verbatim
        word = max(re.findall(r"\w+", verbatim), key=len)
        edit_quote(project, quote_id, f"[...] {verbatim}")
        with project.read() as s:
            doc, start = s.execute(
                select(Quote.document_id, Quote.start).where(Quote.id == quote_id)
            ).one()
        at = start + verbatim.index(word)
        redact(project, doc, at, at + len(word), "[detail removed]")
        quote = get_quote(project, quote_id)
        assert word not in quote.edited and "[detail removed]" in quote.edited
        assert quote_edit_problem(quote.verbatim, quote.edited) is None
