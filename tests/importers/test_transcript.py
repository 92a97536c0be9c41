"""Transcripts from text and from subtitle cues: parts, cases, facilitators, fallbacks."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.importers.model import Cue, FileImportError, ImportBatch
from qualcode.importers.transcript import (
    clock,
    paragraph_spans,
    transcript_from_cues,
    transcript_from_text,
)
from tests.importers.test_speakers import make_transcript


def check_batch(batch: ImportBatch) -> None:
    for document in batch.documents:
        text = document.text
        previous_end = 0
        for part in document.parts:
            assert 0 <= part.start < part.end <= len(text)
            assert part.start >= previous_end
            piece = text[part.start : part.end]
            assert piece and piece == piece.strip()
            assert part.speaker is None or part.speaker in batch.cases
            previous_end = part.end


def utterances(batch: ImportBatch) -> list[tuple[str | None, str]]:
    document = batch.documents[0]
    return [(p.speaker, document.text[p.start : p.end]) for p in document.parts]


INTERVIEW = """Interview 14 - family member, Eastfield

Interviewer: Can you tell me how you first found out?

JO: I found a spoon in his room. Burnt.

I didn't know what it meant at first.

Jo : Then I went online and it all clicked.

Interviewer: What happened next?

jo: We rang the helpline. They were brilliant, to be fair.

J: Sorry, can I add something?
"""


def text_batch(text: str, **options: object) -> ImportBatch:
    return transcript_from_text(
        text, name="Interview 14", source="int14.docx", content_hash="abc", **options
    )  # type: ignore[arg-type]


def test_turns_become_parts_with_cases() -> None:
    batch = text_batch(INTERVIEW, kind="interview")
    document = batch.documents[0]
    assert document.kind == "interview"
    # One paragraph per turn, labelled with the case; JO's two blocks become one turn.
    assert document.text == (
        "Interview 14 - family member, Eastfield\n\n"
        "Interviewer: Can you tell me how you first found out?\n\n"
        "JO: I found a spoon in his room. Burnt.\n\nI didn't know what it meant at first."
        "\n\nThen I went online and it all clicked.\n\n"
        "Interviewer: What happened next?\n\n"
        "JO: We rang the helpline. They were brilliant, to be fair.\n\n"
        "J: Sorry, can I add something?"
    )
    assert utterances(batch) == [
        ("interviewer", "Can you tell me how you first found out?"),
        (
            "jo",
            "I found a spoon in his room. Burnt.\n\nI didn't know what it meant at first."
            "\n\nThen I went online and it all clicked.",
        ),
        ("interviewer", "What happened next?"),
        ("jo", "We rang the helpline. They were brilliant, to be fair."),
        ("j", "Sorry, can I add something?"),
    ]
    assert all(part.kind == "turn" for part in document.parts)
    assert set(batch.cases) == {"interviewer", "jo", "j"}
    assert batch.cases["jo"].name == "JO"  # as first seen
    assert batch.cases["interviewer"].is_facilitator
    assert not batch.cases["jo"].is_facilitator
    assert batch.warnings == []
    assert batch.layout == "Speaker labels (Name: text)"
    check_batch(batch)


def test_keeping_same_speaker_blocks_apart() -> None:
    batch = text_batch(INTERVIEW, merge_same_speaker=False)
    assert [speaker for speaker, _ in utterances(batch)] == [
        "interviewer",
        "jo",
        "jo",
        "interviewer",
        "jo",
        "j",
    ]
    assert utterances(batch)[2] == ("jo", "Then I went online and it all clicked.")
    check_batch(batch)


def test_speaker_map_merges_labels() -> None:
    batch = text_batch(INTERVIEW, speaker_map={"J": "Jo Smith", "jo": "Jo Smith"})
    assert set(batch.cases) == {"interviewer", "jo smith"}
    assert batch.cases["jo smith"].name == "Jo Smith"
    # "jo" then "J" are now one speaker in a row: one turn (the same-speaker rule).
    assert [p.speaker for p in batch.documents[0].parts] == [
        "interviewer",
        "jo smith",
        "interviewer",
        "jo smith",
    ]
    assert batch.documents[0].text.endswith(
        "Jo Smith: We rang the helpline. They were brilliant, to be fair.\n\n"
        "Sorry, can I add something?"
    )


def test_named_facilitator_and_times() -> None:
    text = (
        "Helen (00:00:12): Shall we start with housing?\n\n"
        "Marcus (00:00:20): The hostel was the worst bit.\n\n"
        "Helen (00:01:03.250): Why was that?\n"
    )
    batch = text_batch(text, facilitators=["helen"])
    assert batch.cases["helen"].is_facilitator
    assert not batch.cases["marcus"].is_facilitator
    assert [p.time_ms for p in batch.documents[0].parts] == [12_000, 20_000, 63_250]
    assert batch.documents[0].kind == "focus_group"


def test_no_speakers_falls_back_to_paragraphs() -> None:
    text = "Field notes, drop-in centre.\n\n  Busy morning; two new referrals.  \n\n\n\nRain.\n"
    batch = transcript_from_text(text, name="Notes", source="notes.txt", content_hash="h")
    document = batch.documents[0]
    assert [(p.kind, text[p.start : p.end]) for p in document.parts] == [
        ("paragraph", "Field notes, drop-in centre."),
        ("paragraph", "Busy morning; two new referrals."),
        ("paragraph", "Rain."),
    ]
    assert batch.warnings == ["no speakers found in notes.txt; imported as 3 paragraphs"]
    assert batch.cases == {}


def test_custom_pattern_and_bad_pattern() -> None:
    text = "SPEAKER Jo -- hello\nSPEAKER Ann -- hi\nSPEAKER Jo -- bye"
    batch = text_batch(text, pattern=r"SPEAKER (?P<speaker>\w+) -- ")
    assert utterances(batch) == [("jo", "hello"), ("ann", "hi"), ("jo", "bye")]
    with pytest.raises(FileImportError, match=r"int14\.docx: .*named group"):
        text_batch(text, pattern=r"SPEAKER (\w+)")


def test_empty_text_and_bad_kind() -> None:
    with pytest.raises(FileImportError, match="no text"):
        text_batch(" \n\n ")
    with pytest.raises(FileImportError, match="not a document kind"):
        text_batch(INTERVIEW, kind="podcast")


def test_crlf_is_normalised() -> None:
    batch = text_batch(INTERVIEW.replace("\n", "\r\n"))
    assert "\r" not in batch.documents[0].text
    assert utterances(batch)[0] == ("interviewer", "Can you tell me how you first found out?")


def test_paragraph_spans() -> None:
    assert paragraph_spans("") == []
    assert paragraph_spans("a\nb\n \nc") == [(0, 3), (6, 7)]


def cue(index: int, start: float, text: str, voice: str | None = None) -> Cue:
    return Cue(index, int(start * 1000), int(start * 1000) + 2000, text, voice)


def test_cues_with_voices_and_prefixes() -> None:
    cues = [
        cue(1, 1, "Thanks for agreeing to talk.", voice="Interviewer"),
        cue(2, 3, "This is recorded.", voice="Interviewer"),
        cue(3, 5, "KAREN: That's fine.\nGo ahead."),
        cue(4, 7, "I've been in recovery\nfor three years."),
        cue(5, 9, "- Interviewer: Three years?"),
        cue(6, 11, "Karen: Yeah, since the detox."),
    ]
    batch = transcript_from_cues(cues, name="Karen", source="karen.srt", content_hash="h")
    document = batch.documents[0]
    assert document.text == (
        "Interviewer (00:00:01): Thanks for agreeing to talk. This is recorded.\n\n"
        "KAREN (00:00:05): That's fine. Go ahead. I've been in recovery for three years.\n\n"
        "Interviewer (00:00:09): Three years?\n\n"
        "KAREN (00:00:11): Yeah, since the detox."
    )
    assert utterances(batch) == [
        ("interviewer", "Thanks for agreeing to talk. This is recorded."),
        ("karen", "That's fine. Go ahead. I've been in recovery for three years."),
        ("interviewer", "Three years?"),
        ("karen", "Yeah, since the detox."),
    ]
    assert [p.time_ms for p in document.parts] == [1000, 5000, 9000, 11000]
    assert batch.cases["interviewer"].is_facilitator
    assert document.kind == "interview"
    check_batch(batch)


def test_cues_speaker_map_and_two_speakers_in_one_cue() -> None:
    cues = [
        cue(1, 0, "- Mod: How was the group?\n- Tom: Helpful."),
        cue(2, 4, "Mod: Why?"),
        cue(3, 6, "T: People got it."),
    ]
    batch = transcript_from_cues(
        cues, name="x", source="x.vtt", content_hash="h", speaker_map={"T": "Tom"}
    )
    assert utterances(batch) == [
        ("mod", "How was the group?"),
        ("tom", "Helpful."),
        ("mod", "Why?"),
        ("tom", "People got it."),
    ]
    assert batch.cases["mod"].is_facilitator


def test_cues_without_speakers_are_kept_as_cues() -> None:
    cues = [cue(1, 0, "Hello."), cue(2, 2, "   "), cue(3, 3, "It was the benefits.")]
    batch = transcript_from_cues(cues, name="x", source="x.srt", content_hash="h")
    document = batch.documents[0]
    assert document.text == "(00:00:00) Hello.\n\n(00:00:03) It was the benefits."
    assert [(p.kind, p.speaker) for p in document.parts] == [("cue", None), ("cue", None)]
    assert batch.warnings == ["no speakers found in x.srt; imported as 2 cues"]


def test_no_cue_text_is_an_error() -> None:
    with pytest.raises(FileImportError, match=r"x\.srt: no cue has any text"):
        transcript_from_cues([cue(1, 0, "  ")], name="x", source="x.srt", content_hash="h")


def test_clock() -> None:
    assert clock(3_723_500) == "01:02:03"
    assert clock(-5) == "00:00:00"


def test_thousand_transcripts_would_import_in_time() -> None:
    text = make_transcript()
    started = time.perf_counter()
    rounds = 10
    for _ in range(rounds):
        batch = text_batch(text)
    per_file = (time.perf_counter() - started) / rounds
    assert len(batch.documents[0].parts) == 100
    assert per_file * 1000 < 60, f"{per_file * 1000:.1f} ms per transcript"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_fuzz_transcript_from_text(text: str) -> None:
    try:
        batch = text_batch(text)
    except FileImportError:
        assert not text.replace("\r", "\n").strip()
        return
    check_batch(batch)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.builds(
            Cue,
            index=st.integers(1, 100),
            start_ms=st.integers(-1000, 10_000_000),
            end_ms=st.integers(0, 10_000_000),
            text=st.one_of(
                st.text(max_size=80),
                st.sampled_from(["JO: hi", "- Jo: hey\n- Sam: yes", "Int: ok?", "jo : x"]),
            ),
            voice=st.one_of(st.none(), st.text(max_size=12)),
        ),
        max_size=10,
    )
)
def test_fuzz_transcript_from_cues(cues: list[Cue]) -> None:
    try:
        batch = transcript_from_cues(cues, name="x", source="x.vtt", content_hash="h")
    except FileImportError:
        assert all(not c.text.split() for c in cues)
        return
    check_batch(batch)
