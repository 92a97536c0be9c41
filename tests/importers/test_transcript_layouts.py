"""Transcript layouts as the services and tools write them (issue 17): one small fictional file per
layout, read through ``load_file`` as a user's import would, checked for the layout named, the
speakers, the turns, the first and last words (times stripped) and the times kept."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import docx
import pytest

from qualcode.importers.detect import ImportOptions, load_file
from qualcode.importers.model import ImportBatch

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"


def said(batch: ImportBatch) -> list[tuple[str | None, int | None, str]]:
    document = batch.documents[0]
    return [
        (
            batch.cases[p.speaker].name if p.speaker else None,
            p.time_ms,
            document.text[p.start : p.end],
        )
        for p in document.parts
    ]


def check(batch: ImportBatch) -> None:
    """Parts cover exactly the words: no label, time or markup inside, in order."""
    text = batch.documents[0].text
    end = 0
    for part in batch.documents[0].parts:
        piece = text[part.start : part.end]
        assert part.start >= end and piece and piece == piece.strip()
        assert "<v" not in piece and "</v>" not in piece
        end = part.end


# file, layout (start of its name), speakers, turns, first (time, words), last (time, words)
LAYOUTS = [
    (
        "otter.txt",
        "Otter.ai text export",
        ["Unknown Speaker", "Mira Patel"],
        4,
        (2_000, "Okay, we're recording now."),
        (
            12_000,
            "So I moved here in the spring.\nIt took a while to settle.\n\n"
            "The bus routes were the hardest part.",
        ),
    ),
    (
        "zoom.txt",
        "Zoom saved transcript",
        ["Dana Reyes", "Olu Bankole"],
        3,
        (4_000, "Hello, can everyone hear me?"),
        (75_000, "Great, let's begin with introductions."),
    ),
    (
        "voice.txt",
        "Timestamped voice-tag text",
        ["Interviewer", "Kit"],
        4,
        (1_000, "Thanks for joining."),
        (9_000, "Sure.\n\nI'm ready when you are."),
    ),
    (
        "ids.txt",
        "QualCoder-style ids",
        ["id1", "id2", "id3"],
        3,
        (None, "The waiting list was far too long."),
        (None, "I would not change anything."),
    ),
    (
        "printed.txt",
        "printed transcript",
        ["Interviewer", "Wren"],
        4,
        (None, "How did you first hear about the project?"),
        (None, "Not at first, no."),
    ),
    (
        "teams.vtt",
        "Microsoft Teams WebVTT",
        ["Ana Lopes", "Ben Ode"],
        3,
        (2_100, "Morning, thanks for making time."),
        (11_500, "That's plenty."),
    ),
    (
        "rev.txt",
        "Rev text export",
        ["Speaker 1", "Speaker 2"],
        3,
        (3_000, "Thanks for coming in today."),
        (62_000, "Let's talk about the garden."),
    ),
    (
        "trint-lead.txt",
        "Trint text export ([hh:mm:ss] Name: text)",
        ["Host", "Guest"],
        3,
        (12_000, "Welcome to the session."),
        (31_000, "Let's begin."),
    ),
    (
        "trint-after.txt",
        "Trint text export (Name [hh:mm:ss]",
        ["Host", "Guest"],
        3,
        (12_000, "Welcome to the session."),
        (31_000, "Let's begin."),
    ),
    (
        "roles.txt",
        "Speaker labels (Name: text)",
        ["Interviewer", "Respondent"],
        4,
        (None, "What does a normal week look like?"),
        (None, "Most of them.\n\nUnless it rains."),
    ),
    (
        "numbered-speakers.txt",
        "Speaker labels (Name: text)",
        ["Speaker 1", "Speaker 2"],
        3,
        (None, "Hello."),
        (None, "Ready?"),
    ),
]


@pytest.mark.parametrize(
    ("name", "layout", "speakers", "turns", "first", "last"),
    LAYOUTS,
    ids=[row[0] for row in LAYOUTS],
)
def test_each_layout(
    name: str,
    layout: str,
    speakers: list[str],
    turns: int,
    first: tuple[int | None, str],
    last: tuple[int | None, str],
) -> None:
    batch = load_file(FIXTURES / name)
    assert batch.layout.startswith(layout), batch.layout
    assert batch.documents[0].provenance["layout"] == batch.layout
    assert [case.name for case in batch.cases.values()] == speakers
    rows = said(batch)
    assert len(rows) == turns
    assert rows[0][1:] == first
    assert rows[-1][1:] == last
    assert all(speaker is not None for speaker, _, _ in rows)
    check(batch)


def test_otter_footer_and_printed_furniture_are_dropped_and_counted() -> None:
    otter = load_file(FIXTURES / "otter.txt")
    assert otter.warnings == ["dropped 1 transcription-service footer from otter.txt"]
    assert "otter.ai" not in otter.documents[0].text
    printed = load_file(FIXTURES / "printed.txt")
    assert printed.warnings == [
        "dropped 5 margin numbers, 3 page header/footer lines from printed.txt"
    ]
    text = printed.documents[0].text
    assert text.startswith("Interview 5 – Transcript\n\nInterviewer: How did")  # title kept once
    assert "Page" not in text and text.count("Transcript") == 1
    assert "Wren: A neighbour told me about it.\n\nIt sounded useful." in text


def test_teams_docx(tmp_path: Path) -> None:
    document = docx.Document()
    for paragraph in [
        "Weekly check-in",
        "Ana Lopes   0:03",
        "Morning all, shall we start?",
        "Ben Ode   0:09",
        "Yes.",
        "I have two updates.",
        "Ana Lopes   1:12",
        "Go ahead.",
    ]:
        document.add_paragraph(paragraph)
    path = tmp_path / "check-in.docx"
    document.save(str(path))
    batch = load_file(path)
    assert batch.layout.startswith("Microsoft Teams transcript (.docx")
    assert said(batch) == [
        ("Ana Lopes", 3_000, "Morning all, shall we start?"),
        ("Ben Ode", 9_000, "Yes.\n\nI have two updates."),
        ("Ana Lopes", 72_000, "Go ahead."),
    ]
    assert batch.documents[0].text.startswith("Weekly check-in\n\nAna Lopes (00:00:03): Morning")


def test_transcript_printed_to_pdf(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=10)
    pages = [
        ["1   Interviewer: How did you first hear about it?", "2   Wren: From a neighbour."],
        ["3   Interviewer: Did you join straight away?", "4   Wren: Not at first, no."],
    ]
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_xy(10, 8)
        pdf.cell(0, 6, "Interview 5 - Transcript")
        for row, line in enumerate(lines):
            pdf.set_xy(10, 30 + 14 * row)
            pdf.cell(0, 6, line)
        pdf.set_xy(10, 280)
        pdf.cell(0, 6, f"Page {number} of {len(pages)}")
    path = tmp_path / "interview-5.pdf"
    path.write_bytes(bytes(pdf.output()))
    batch = load_file(path)
    assert batch.layout.startswith("printed transcript")
    assert said(batch) == [
        ("Interviewer", None, "How did you first hear about it?"),
        ("Wren", None, "From a neighbour."),
        ("Interviewer", None, "Did you join straight away?"),
        ("Wren", None, "Not at first, no."),
    ]
    assert "dropped 4 margin numbers, 3 page header/footer lines from interview-5.pdf" in (
        batch.warnings
    )


# --- one rule for consecutive blocks by the same speaker ---------------------------------------

# file -> (turns merged, turns kept apart)
SAME_SPEAKER = {
    "otter.txt": (4, 5),
    "voice.txt": (4, 5),
    "teams.vtt": (3, 4),
    "roles.txt": (4, 5),
    "zoom.txt": (3, 3),
}


@pytest.mark.parametrize("name", sorted(SAME_SPEAKER))
def test_same_speaker_rule_is_the_same_for_every_format(name: str) -> None:
    merged = load_file(FIXTURES / name)
    kept = load_file(FIXTURES / name, ImportOptions(keep_same_speaker_blocks=True))
    assert (len(said(merged)), len(said(kept))) == SAME_SPEAKER[name]
    speakers = [speaker for speaker, _, _ in said(merged)]
    assert all(a != b for a, b in pairwise(speakers))  # never two in a row
    # Merging loses no words and keeps the first block's time.
    assert " ".join(w for *_, w in said(merged)).split() == (
        " ".join(w for *_, w in said(kept)).split()
    )
    assert said(merged)[0][1] == said(kept)[0][1]
    check(kept)


def test_renamed_speakers_are_one_speaker_for_the_rule(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Int: Hi.\nJo: Hello.\nJ: Sorry, me again.\nInt: Fine.\n", encoding="utf-8")
    batch = load_file(path, ImportOptions(speaker_map={"J": "Jo"}))
    assert said(batch) == [
        ("Int", None, "Hi."),
        ("Jo", None, "Hello.\n\nSorry, me again."),
        ("Int", None, "Fine."),
    ]


# --- the user's speaker pattern overrides detection ---------------------------------------------


def test_speaker_pattern_overrides_detection() -> None:
    options = ImportOptions(speaker_pattern=r"\[(?P<speaker>[^\]]+)\] (?P<time>[\d:]+)$")
    batch = load_file(FIXTURES / "zoom.txt", options)
    assert batch.layout == "your speaker pattern"
    assert said(batch)[0] == ("Dana Reyes", 4_000, "Hello, can everyone hear me?")
    # A pattern that only sees one speaker wins over the layout that sees both.
    only = load_file(
        FIXTURES / "roles.txt", ImportOptions(speaker_pattern=r"(?P<speaker>Resp\w+): ")
    )
    assert [c.name for c in only.cases.values()] == ["Respondent"]
    assert only.layout == "your speaker pattern"
    # With a pattern the text is taken as it is: margin numbers stay for the pattern to match.
    printed = load_file(
        FIXTURES / "printed.txt", ImportOptions(speaker_pattern=r"\d+ (?P<speaker>\w+): ")
    )
    assert [c.name for c in printed.cases.values()] == ["Interviewer", "Wren"]
    assert printed.warnings == []


def test_speaker_pattern_applies_to_cue_prefixes(tmp_path: Path) -> None:
    path = tmp_path / "call.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\n>> Ana: hello\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\n>> Ben: hi\n",
        encoding="utf-8",
    )
    assert said(load_file(path))[0][0] is None  # no built-in prefix
    batch = load_file(path, ImportOptions(speaker_pattern=r">> (?P<speaker>\w+): "))
    assert said(batch) == [("Ana", 1_000, "hello"), ("Ben", 3_000, "hi")]


def test_ordinary_text_keeps_its_numbers(tmp_path: Path) -> None:
    """A line starting with a number is not a margin number unless the numbering runs on."""
    path = tmp_path / "t.txt"
    text = "Jo: I moved here.\n20 years ago, that was.\nSam: Really?\nJo: 3 times I moved.\n"
    path.write_text(text, encoding="utf-8")
    batch = load_file(path)
    assert batch.warnings == []
    assert said(batch)[0][2] == "I moved here.\n20 years ago, that was."
    assert said(batch)[-1][2] == "3 times I moved."
