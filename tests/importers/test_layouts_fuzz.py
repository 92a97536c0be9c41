"""No layout detector crashes or hangs on arbitrary text: every layout, the detection over all of
them, page-furniture removal and the whole text import. Bounded: a few hundred examples, each with
a deadline, and long adversarial lines timed by hand."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.importers.furniture import strip_furniture
from qualcode.importers.layouts import LAYOUT_KEYS, detect_layout, find_layout
from qualcode.importers.model import FileImportError
from qualcode.importers.speakers import Turn
from qualcode.importers.transcript import transcript_from_text

# Pieces of every layout, so examples reach past the first check of each pattern.
FRAGMENTS = [
    "Jo",
    "Unknown Speaker",
    "Speaker 1",
    "[Jo]",
    "[id1]",
    "<v Jo>",
    "<v.loud Sam>",
    "</v>",
    "0:34",
    "00:01:02",
    "[00:00:12]",
    "(00:01:02)",
    ": ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "Page 3 of 12",
    "- 3 -",
    "12 ",
    "Transcribed by https://otter.ai",
    "é",
    "😀",
    "\u00a0",
    "\u2028",
]
LAYOUT_TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=60)
TEXT = st.one_of(st.text(max_size=400), LAYOUT_TEXT.map("".join))
BOUNDED = settings(
    max_examples=200,
    deadline=timedelta(milliseconds=1500),
    suppress_health_check=[HealthCheck.too_slow],
)


def check_turns(text: str, turns: list[Turn]) -> None:
    end = 0
    for turn in turns:
        piece = text[turn.start : turn.end]
        assert turn.start >= end and piece and piece == piece.strip()
        end = turn.end


@pytest.mark.parametrize("key", LAYOUT_KEYS)
@BOUNDED
@given(text=TEXT)
def test_each_layout_detector_on_arbitrary_text(key: str, text: str) -> None:
    check_turns(text, find_layout(text, key))


@BOUNDED
@given(text=TEXT, source_format=st.sampled_from(["txt", "docx", "pdf"]))
def test_detection_and_furniture_on_arbitrary_text(text: str, source_format: str) -> None:
    found = detect_layout(text, source_format=source_format)
    check_turns(text, found.turns)
    assert bool(found.key) == bool(found.turns)
    cleaned, dropped = strip_furniture(text, from_pdf=source_format == "pdf")
    assert dropped.total >= 0 and (dropped.total or cleaned == text)


@BOUNDED
@given(text=TEXT, merge=st.booleans())
def test_text_import_on_arbitrary_text(text: str, merge: bool) -> None:
    try:
        batch = transcript_from_text(
            text, name="x", source="x.txt", content_hash="h", merge_same_speaker=merge
        )
    except FileImportError:
        return
    document = batch.documents[0]
    end = 0
    for part in document.parts:
        piece = document.text[part.start : part.end]
        assert part.start >= end and piece and piece == piece.strip()
        assert part.speaker is None or part.speaker in batch.cases
        end = part.end


@pytest.mark.parametrize(
    "line",
    [
        "Jo " * 3000 + "0:3",  # a name-and-time line that never ends in a time
        "[" + "a " * 3000,  # an unclosed bracket
        "00:00:01 " + "<v " * 3000,  # unclosed voice tags
        "1 " * 3000 + "x",  # margin numbers that never stop
        "a" * 20_000 + ":",
    ],
)
def test_long_adversarial_lines_take_linear_time(line: str) -> None:
    text = "\n".join([line] * 5)
    started = time.perf_counter()
    for key in LAYOUT_KEYS:
        find_layout(text, key)
    detect_layout(text)
    strip_furniture(text, from_pdf=True)
    assert time.perf_counter() - started < 2.0
