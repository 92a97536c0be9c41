"""Speaker-turn detection: layouts, exact utterances, false positives, facilitators, speed."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.domain.errors import ValidationError
from qualcode.importers.speakers import (
    SpeakerCases,
    Turn,
    detect_turns,
    is_facilitator_label,
    is_plausible_speaker,
    parse_time,
    preview_speakers,
)


def said(text: str, turns: list[Turn]) -> list[tuple[str, str]]:
    return [(turn.label, text[turn.start : turn.end]) for turn in turns]


def check_turns(text: str, turns: list[Turn]) -> None:
    previous_end = 0
    for turn in turns:
        assert 0 <= turn.start < turn.end <= len(text)
        assert turn.start >= previous_end
        piece = text[turn.start : turn.end]
        assert piece and piece == piece.strip()
        previous_end = turn.end


FOCUS_GROUP = """Focus group 2: parents of young people in treatment
Recorded at the Millbrook Family Hub

Facilitator: Thanks everyone for coming. Could you start by saying what brought you here?

Donna: My lad's been on methadone for two years now.
It took us ages to get him a key worker.

DONNA: And even then they kept changing.

Facilitator: How did that feel?

Priya: Honestly? Like nobody was listening. The GP said: wait and see.

donna : Same for us.
"""


def test_colon_layout_exact_utterances() -> None:
    turns = detect_turns(FOCUS_GROUP)
    assert said(FOCUS_GROUP, turns) == [
        (
            "Facilitator",
            "Thanks everyone for coming. Could you start by saying what brought you here?",
        ),
        (
            "Donna",
            "My lad's been on methadone for two years now.\nIt took us ages to get him a key "
            "worker.",
        ),
        ("DONNA", "And even then they kept changing."),
        ("Facilitator", "How did that feel?"),
        ("Priya", "Honestly? Like nobody was listening. The GP said: wait and see."),
        ("donna", "Same for us."),
    ]
    check_turns(FOCUS_GROUP, turns)


def test_preamble_is_not_a_turn() -> None:
    turns = detect_turns(FOCUS_GROUP)
    assert turns[0].start > FOCUS_GROUP.index("Facilitator:")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[Interviewer] What was housing like?\n\n[Sam] Sofa surfing mostly.\n\n"
            "[Interviewer] For how long?\n",
            [
                ("Interviewer", None, "What was housing like?"),
                ("Sam", None, "Sofa surfing mostly."),
                ("Interviewer", None, "For how long?"),
            ],
        ),
        (
            "Int (00:01:05): Tell me about the hostel.\n\nLee (00:01:12): Rough. Needles on the "
            "stairs.\n\nInt (00:02:40.500): Did you feel safe?\n",
            [
                ("Int", 65_000, "Tell me about the hostel."),
                ("Lee", 72_000, "Rough. Needles on the stairs."),
                ("Int", 160_500, "Did you feel safe?"),
            ],
        ),
        (
            "[00:00:04] Moderator: Welcome back.\n\n[00:00:09] P3: Thanks.\n\n"
            "[00:10:31] Moderator: Shall we move on?\n",
            [
                ("Moderator", 4_000, "Welcome back."),
                ("P3", 9_000, "Thanks."),
                ("Moderator", 631_000, "Shall we move on?"),
            ],
        ),
        (
            "Kim [12:03]: I relapsed after my dad died.\n\nFac [12:40]: I'm sorry.\n\n"
            "Kim [13:02]: It's fine now.\n",
            [
                ("Kim", 723_000, "I relapsed after my dad died."),
                ("Fac", 760_000, "I'm sorry."),
                ("Kim", 782_000, "It's fine now."),
            ],
        ),
        (
            "00:00:01 Researcher: Ready?\n\n00:00:03 Alex: Go on then.\n\n"
            "00:00:05 Researcher: Great.\n",
            [
                ("Researcher", 1_000, "Ready?"),
                ("Alex", 3_000, "Go on then."),
                ("Researcher", 5_000, "Great."),
            ],
        ),
    ],
)
def test_built_in_layouts(text: str, expected: list[tuple[str, int | None, str]]) -> None:
    turns = detect_turns(text)
    assert [(t.label, t.time_ms, text[t.start : t.end]) for t in turns] == expected
    check_turns(text, turns)


def test_label_on_its_own_line_takes_the_following_paragraphs() -> None:
    text = "INTERVIEWER:\nWhat support did you get?\n\nRESPONDENT:\nNot much.\n\nINTERVIEWER: Ok."
    assert said(text, detect_turns(text)) == [
        ("INTERVIEWER", "What support did you get?"),
        ("RESPONDENT", "Not much."),
        ("INTERVIEWER", "Ok."),
    ]


def test_custom_pattern() -> None:
    text = "Intro line\n\n>> Jo @ 00:01:02 | we were evicted\n\n>> Interviewer @ 00:01:09 | why\n"
    pattern = r">> (?P<speaker>[^@]+?) @ (?P<time>[\d:]+) \| "
    turns = detect_turns(text, pattern)
    assert [(t.label, t.time_ms, text[t.start : t.end]) for t in turns] == [
        ("Jo", 62_000, "we were evicted"),
        ("Interviewer", 69_000, "why"),
    ]


def test_custom_pattern_errors() -> None:
    with pytest.raises(ValidationError, match="named group"):
        detect_turns("a: b", r"(\w+):")
    with pytest.raises(ValidationError, match="not a valid"):
        detect_turns("a: b", r"(?P<speaker>[")


@pytest.mark.parametrize(
    "text",
    [
        # A form's header fields.
        "Date: 12/03/2024\nVenue: Community centre\nDuration: 45 minutes\n\nSome notes follow.",
        # A memo with a single label.
        "Note: the recorder failed after ten minutes.\n\nWe relied on field notes.",
        # Numbered questions and answers.
        "Q1: How long have you used the service?\nAnswer: Two years.\n\nQ2: Would you "
        "recommend it?\nAnswer: Yes.",
        # URLs and reported speech.
        "See https://example.org/report for details.\nhttp://example.org/other\n\n"
        "He said: no way.\n\nShe said: fine.\n\nHe said: whatever.",
        # Clock times are not speakers.
        "10:30: arrived\n11:15: left\n12:00: back",
        "",
        "Just one paragraph of prose with no speakers at all.",
        # Two different one-off labels do not make a conversation.
        "Jo: hello there\n\nSam: hi",
    ],
)
def test_false_positives_are_refused(text: str) -> None:
    assert detect_turns(text) == []


def test_one_off_phrases_inside_turns_are_continuations() -> None:
    text = (
        "Facilitator: What did the key worker say?\n\nRuth: She was lovely.\n"
        "the thing is: she left after a month.\n\nFacilitator: And then?\n\nRuth: Nothing."
    )
    turns = detect_turns(text)
    assert [t.label for t in turns] == ["Facilitator", "Ruth", "Facilitator", "Ruth"]
    assert text[turns[1].start : turns[1].end].endswith("she left after a month.")


def test_three_distinct_speakers_are_accepted() -> None:
    text = "Kerry: I lost my flat.\n\nDev: Same.\n\nMo: Me too."
    assert [t.label for t in detect_turns(text)] == ["Kerry", "Dev", "Mo"]


def test_parse_time() -> None:
    assert parse_time("00:12:03") == 723_000
    assert parse_time("12:03") == 723_000
    assert parse_time("01:02:03.500") == 3_723_500
    assert parse_time("01:02:03,5") == 3_723_500
    assert parse_time("00:61:00") is None
    assert parse_time("12:75") is None
    assert parse_time("soon") is None


@pytest.mark.parametrize(
    ("label", "ok"),
    [
        ("Jo", True),
        ("Participant 3", True),
        ("Dr. Patel", True),
        ("Mary-Anne O'Neill", True),
        ("P1", True),
        ("Key worker", True),
        ("Project worker 2", True),
        ("Project", False),
        ("Group 3", False),
        ("Note", False),
        ("Date of interview", False),
        ("Q1", False),
        ("QA12", False),
        ("Question", False),
        ("Answer", False),
        ("http", False),
        ("This is far too long a label to be a name", False),
        ("Well, then", False),
        ("I think", False),
        ("12", False),
        ("", False),
    ],
)
def test_plausible_speakers(label: str, ok: bool) -> None:
    assert is_plausible_speaker(label) is ok


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Facilitator", True),
        ("facilitator 2", True),
        ("INTERVIEWER", True),
        ("Moderator1", True),
        ("Researcher", True),
        ("Int", True),
        ("FAC", True),
        ("Co-facilitator", True),
        ("Participant 2", False),
        ("Interviewee", False),
        ("Fiona", False),
    ],
)
def test_facilitator_labels(label: str, expected: bool) -> None:
    assert is_facilitator_label(label) is expected


def test_named_facilitators() -> None:
    assert is_facilitator_label("  helen  ", ["Helen"])
    assert not is_facilitator_label("Helena", ["Helen"])


def test_preview_speakers() -> None:
    summary = preview_speakers(FOCUS_GROUP)
    assert [(s.label, s.key, s.turns, s.is_facilitator) for s in summary] == [
        ("Facilitator", "facilitator", 2, True),
        ("Donna", "donna", 3, False),
        ("Priya", "priya", 1, False),
    ]
    donna = summary[1]
    spoken = (
        "My lad's been on methadone for two years now. It took us ages to get him a key worker. "
        "And even then they kept changing. Same for us."
    )
    assert donna.words == len(spoken.split())


def test_speaker_cases_remap_and_facilitators() -> None:
    cases = SpeakerCases({"J": "Jo", "jo  smith": "Jo", "Int": "Helen"}, facilitators=["Sam"])
    assert cases.key("J") == "jo"
    assert cases.key("Jo Smith") == "jo"
    assert cases.key("INT") == "helen"
    assert cases.key("sam") == "sam"
    assert cases.key("   ") is None
    assert cases.cases["jo"].name == "Jo"
    assert cases.cases["helen"].is_facilitator  # remapped from a facilitator label
    assert cases.cases["sam"].is_facilitator
    assert not cases.cases["jo"].is_facilitator


def make_transcript(words: int = 10_000, turns: int = 100, seed: int = 7) -> str:
    rng = random.Random(seed)
    words_used = (
        "treatment recovery housing family stigma worker methadone benefits support group "
        "the a and we they it was really hard because then after before our my son daughter"
    )
    vocabulary = words_used.split()
    speakers = ["Facilitator", "Donna", "Priya", "Mark", "Kerry", "Lee"]
    per_turn = words // turns
    lines = ["Focus group 9 transcript", ""]
    for index in range(turns):
        body = " ".join(rng.choice(vocabulary) for _ in range(per_turn))
        middle = len(body) // 2
        cut = body.index(" ", middle)
        # Half the turns run over two paragraphs.
        text = body if index % 2 else body[:cut] + ".\n\n" + body[cut + 1 :]
        lines.append(f"{speakers[index % len(speakers)]}: {text}")
        lines.append("")
    return "\n".join(lines)


def test_speed_of_a_long_transcript() -> None:
    text = make_transcript()
    assert 9_900 <= len(text.split()) <= 10_300
    detect_turns(text)  # warm up regex caches
    started = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        turns = detect_turns(text)
    elapsed = (time.perf_counter() - started) / rounds
    assert len(turns) == 100
    assert elapsed < 0.5, f"detecting speakers took {elapsed * 1000:.1f} ms"


ODD_TEXT = st.text(
    alphabet=st.sampled_from(
        [*"abcJoSAM :[]()\n\n\t.?,-0123456789", "é", "ß", "😀", "\u00a0", "\u2028", "ǅ", "’"]
    ),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), ODD_TEXT))
def test_fuzz_detect_turns(text: str) -> None:
    turns = detect_turns(text)
    check_turns(text, turns)
    preview_speakers(text)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["Jo", "JO ", "Int", "[Sam]", "00:01:02 Kim", "Q1"]), ODD_TEXT),
        max_size=12,
    )
)
def test_fuzz_structured_turns(rows: list[tuple[str, str]]) -> None:
    text = "\n\n".join(f"{label}: {body}" for label, body in rows)
    check_turns(text, detect_turns(text))
