"""Transcript layouts: which one a text is written in, and the speaker turns it gives.

Transcripts reach researchers from transcription services and from their own typing, each in its
own layout. Every layout is a rule for the line that starts a turn; the text between one such line
and the next is the turn. Detection is explicit: each layout below is tried, the one that explains
the most turns (among those that read as a conversation) wins, ties going to the more specific
layout (earlier in ``_LAYOUTS``), and its name is reported so the import preview can show it and
the user can correct it with a speaker pattern of their own, which then replaces detection.

=======================  ===============================================  ======================
layout                   a turn starts with                               the words start
=======================  ===============================================  ======================
voice                    ``00:01:02 <v Jo>`` (several voices per line)    after the tag
zoom                     ``[Jo] 00:01:02`` alone on a line                on the next line
trint_after              ``Jo [00:01:02]`` alone on a line                on the next line
name_time                ``Jo  0:34`` alone on a line (Otter.ai, Teams    on the next line
                         .docx)
ids                      ``[id1]`` (one-off ids, QualCoder style)         after the id
colon                    ``Jo:``, ``Jo (00:01:02):`` (Rev),               after the colon (or on
                         ``[00:01:02] Jo:`` (Trint), ``- Jo:``            the next line)
bracket                  ``[Jo]``, ``[Jo]:``, ``[00:01:02] [Jo]``         after the bracket
=======================  ===============================================  ======================

A turn's span covers the utterance only (after the label, the time and the separator), trimmed,
so ``text[turn.start:turn.end]`` is exactly what was said; the time goes to ``Turn.time_ms``. Lines
that do not start a turn continue the previous one; text before the first turn (a title, a
preamble) belongs to no turn. Every pattern is anchored at a line start and bounded, so arbitrary
text is scanned in linear time.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from qualcode.importers.model import normalise_speaker
from qualcode.importers.speakers import Turn, accepted_keys, compile_speaker_pattern, parse_time
from qualcode.importers.textspans import trim_span

TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
LABEL = r"(?P<speaker>[^\W\d_][\w'’.&/-]*(?:[ \t]+[\w'’.&/-]+){0,5})"

# `Jo: text`, `Jo (00:12:03): text`, `Jo [00:12:03]: text`, `[00:12:03] Jo: text`,
# `00:12:03 Jo: text`, `- Jo: text`. The colon must not start a URL or a clock time.
_COLON = re.compile(
    rf"[ \t]*(?:[-–—•][ \t]*)?(?:[(\[]?(?P<lead>{TIME})[)\]]?[ \t]+(?:[-–—][ \t]*)?)?"
    rf"{LABEL}[ \t]*(?:[(\[](?P<time>{TIME})[)\]][ \t]*)?:(?![/\\\d])[ \t]*"
)
# `[Jo] text`, `[Jo]: text`, `[00:12:03] [Jo] text`, `[Jo] (00:12:03) text`.
_BRACKET = re.compile(
    rf"[ \t]*(?:[(\[](?P<lead>{TIME})[)\]][ \t]*)?\[[ \t]*{LABEL}[ \t]*\][ \t]*"
    rf"(?:[(\[](?P<time>{TIME})[)\]][ \t]*)?(?:[:\-–—](?![/\\\d]))?[ \t]*"
)
_NAME_TIME = re.compile(rf"[ \t]*{LABEL}[ \t]+(?P<time>{TIME})[ \t]*$")
_TRINT_AFTER = re.compile(rf"[ \t]*{LABEL}[ \t]+\[[ \t]*(?P<time>{TIME})[ \t]*\][ \t]*$")
_ZOOM = re.compile(rf"[ \t]*\[[ \t]*{LABEL}[ \t]*\][ \t]+(?P<time>{TIME})[ \t]*$")
_IDS = re.compile(
    r"[ \t]*\[[ \t]*(?P<speaker>[^\W\d_]{1,12}[ _-]?\d{1,6})[ \t]*\][ \t]*(?:[:\-–—][ \t]*)?"
)
_VOICE_LINE = re.compile(rf"[ \t]*(?:[(\[]?(?P<time>{TIME})[)\]]?[ \t]*)?(?=<v[.\t ])")
_VOICE_TAG = re.compile(r"<v(?:\.[^\s>]{0,40})?[ \t]+([^<>\n]{1,80})>")
VOICE_END = re.compile(r"[ \t]*</v>")


@dataclass(frozen=True)
class Start:
    """Where a turn's header line (or in-line voice tag) starts and where its words start."""

    line_start: int
    content_start: int
    label: str
    time_ms: int | None
    lead: bool = False  # the time came before the label
    inline: bool = True  # words follow on the header's own line


@dataclass(frozen=True)
class Detection:
    """The layout recognised (``key`` and a name for people) and the turns it gives."""

    key: str  # "" when no layout was recognised
    name: str
    turns: list[Turn]
    preamble_end: int = 0  # where the first turn's header starts


NO_LAYOUT = "no speaker layout recognised"
CUSTOM = "your speaker pattern"


def line_starts(text: str, layout: re.Pattern[str], custom: bool = False) -> list[Start]:
    """Every line of ``text`` that ``layout`` matches at its start, with a non-blank label."""
    found: list[Start] = []
    position = 0
    length = len(text)
    while position <= length:
        newline = text.find("\n", position)
        line_end = length if newline < 0 else newline
        match = layout.match(text, position, line_end)
        if match is not None and match.end() > position:
            label = (match["speaker"] or "").strip()
            groups = match.groupdict()
            raw_time = groups.get("time") or groups.get("lead")
            time_ms = parse_time(raw_time) if raw_time else None
            if label and (not custom or len(label) <= 80):
                inline = bool(text[match.end() : line_end].strip())
                lead = bool(groups.get("lead"))
                found.append(Start(position, match.end(), label, time_ms, lead, inline))
        if newline < 0:
            break
        position = newline + 1
    return found


def turns_from(text: str, starts: list[Start]) -> list[Turn]:
    """Each start's words, up to the next start; starts with no words are left out."""
    turns: list[Turn] = []
    for index, found in enumerate(starts):
        region_end = starts[index + 1].line_start if index + 1 < len(starts) else len(text)
        span = trim_span(text, found.content_start, region_end)
        if span is not None:
            turns.append(Turn(span[0], span[1], found.label, found.time_ms))
    return turns


def _voice_starts(text: str) -> list[Start]:
    """``00:01:02 <v Jo>words <v Sam>words``: a start per voice tag, all at the line's time."""
    found: list[Start] = []
    for line in line_starts_any(text, _VOICE_LINE):
        match = _VOICE_LINE.match(text, line[0], line[1])
        if match is None:
            continue
        time_ms = parse_time(match["time"]) if match["time"] else None
        for tag in _VOICE_TAG.finditer(text, match.end(), line[1]):
            label = " ".join(tag[1].split())
            if label:
                begin = line[0] if tag.start() == match.end() else tag.start()
                found.append(Start(begin, tag.end(), label, time_ms, True, True))
    return found


def line_starts_any(text: str, layout: re.Pattern[str]) -> list[tuple[int, int]]:
    """(start, end) of every line ``layout`` matches at its start (without a label check)."""
    lines: list[tuple[int, int]] = []
    position = 0
    while position <= len(text):
        newline = text.find("\n", position)
        line_end = len(text) if newline < 0 else newline
        if layout.match(text, position, line_end) is not None:
            lines.append((position, line_end))
        if newline < 0:
            break
        position = newline + 1
    return lines


def _plausible(starts: list[Start]) -> list[Start]:
    keys = accepted_keys(found.label for found in starts)
    return [found for found in starts if normalise_speaker(found.label) in keys]


def conversation_like(turns: list[Turn]) -> bool:
    """Two turns by one speaker, or three short-named speakers: not a form or a memo."""
    if len(turns) < 2:
        return False
    counts = Counter(normalise_speaker(turn.label) for turn in turns)
    if max(counts.values()) >= 2:
        return True
    return len(turns) >= 3 and all(len(key.split(" ")) <= 2 for key in counts)


def _someone_speaks_twice(turns: list[Turn]) -> bool:
    counts = Counter(normalise_speaker(turn.label) for turn in turns)
    return len(turns) >= 2 and max(counts.values()) >= 2


def _at_least_two(turns: list[Turn]) -> bool:
    return len(turns) >= 2


@dataclass(frozen=True)
class _Layout:
    key: str
    find: Callable[[str], list[Start]]
    accept: Callable[[list[Turn]], bool]


def _lines(pattern: re.Pattern[str], plausible: bool = True) -> Callable[[str], list[Start]]:
    def find(text: str) -> list[Start]:
        starts = line_starts(text, pattern)
        return _plausible(starts) if plausible else starts

    return find


_LAYOUTS: tuple[_Layout, ...] = (
    _Layout("voice", _voice_starts, _at_least_two),
    _Layout("zoom", _lines(_ZOOM), conversation_like),
    _Layout("trint_after", _lines(_TRINT_AFTER), _someone_speaks_twice),
    _Layout("name_time", _lines(_NAME_TIME), _someone_speaks_twice),
    _Layout("ids", _lines(_IDS, plausible=False), _at_least_two),
    _Layout("colon", _lines(_COLON), conversation_like),
    _Layout("bracket", _lines(_BRACKET), conversation_like),
)
LAYOUT_KEYS: tuple[str, ...] = tuple(layout.key for layout in _LAYOUTS)


def find_layout(text: str, key: str) -> list[Turn]:
    """The turns one named layout finds in ``text`` (for tests and tools), unchecked."""
    layout = next(layout for layout in _LAYOUTS if layout.key == key)
    return turns_from(text, layout.find(text))


def detect_layout(
    text: str,
    pattern: str | re.Pattern[str] | None = None,
    *,
    source_format: str = "txt",
    otter_footer: bool = False,
) -> Detection:
    """The layout of ``text`` and its turns; ``Detection.key == ""`` when none fits.

    With ``pattern`` (a regex with a named group ``speaker`` and optionally ``time``, matched at
    each line's start) detection is skipped: every match with a non-blank label of at most 80
    characters starts a turn. Raises ValidationError for an unusable pattern.
    """
    if pattern is not None:
        starts = line_starts(text, compile_speaker_pattern(pattern), custom=True)
        turns = turns_from(text, starts)
        if not turns:
            return Detection("", NO_LAYOUT, [])
        return Detection("custom", CUSTOM, turns, starts[0].line_start)
    best: Detection = Detection("", NO_LAYOUT, [])
    for layout in _LAYOUTS:
        starts = layout.find(text)
        if len(starts) <= len(best.turns):
            continue
        turns = turns_from(text, starts)
        if len(turns) > len(best.turns) and layout.accept(turns):
            name = _name(layout.key, starts, source_format, otter_footer)
            best = Detection(layout.key, name, turns, starts[0].line_start)
    return best


def _name(key: str, starts: list[Start], source_format: str, otter_footer: bool) -> str:
    if key == "colon":
        half = len(starts) / 2
        if sum(s.lead for s in starts) > half:
            return "Trint text export ([hh:mm:ss] Name: text)"
        if sum(s.time_ms is not None for s in starts) > half:
            if sum(not s.inline for s in starts) > half:
                return "Rev text export (Name (hh:mm:ss): then the text)"
            return "Speaker labels with times (Name (hh:mm:ss): text)"
        return "Speaker labels (Name: text)"
    if key == "name_time" and source_format == "docx" and not otter_footer:
        return "Microsoft Teams transcript (.docx: Name  m:ss, then the text)"
    return _NAMES[key]


_NAMES = {
    "voice": "Timestamped voice-tag text (hh:mm:ss <v Name>text)",
    "zoom": "Zoom saved transcript ([Name] hh:mm:ss, then the text)",
    "trint_after": "Trint text export (Name [hh:mm:ss], then the text)",
    "name_time": "Otter.ai text export (Name  m:ss, then the text)",
    "ids": "QualCoder-style ids ([id1] text)",
    "bracket": "Bracketed speaker labels ([Name] text)",
}
