"""Transcripts to documents: speaker turns become parts tied to one case per speaker.

Two sources: plain text extracted from Word, ODT, PDF or .txt files (speaker labels typed in the
text), and the cues of WebVTT/SRT subtitle files (speaker in a voice tag or a ``NAME:`` prefix).
A transcript without recognisable speakers is still imported, as paragraphs, with a warning, so
the researcher can code it and fix the layout later rather than being blocked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from qualcode.domain.errors import ValidationError
from qualcode.domain.values import DocumentKind
from qualcode.importers.model import (
    Cue,
    FileImportError,
    ImportBatch,
    ImportedDocument,
    ImportedPart,
    normalise_speaker,
)
from qualcode.importers.speakers import SpeakerCases, accepted_keys, detect_turns

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_CUE_PREFIX = re.compile(
    r"[ \t]*(?:[-–—][ \t]*)?(?P<speaker>[^\W\d_][\w'’.&/-]*(?:[ \t]+[\w'’.&/-]+){0,5})"
    r"[ \t]*:(?![/\\\d])[ \t]*"
)


def _kind(kind: str) -> str:
    try:
        return DocumentKind(kind).value
    except ValueError:
        raise ValidationError(f"'{kind}' is not a document kind.") from None


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Trimmed spans of the blocks separated by blank lines, in order."""
    spans: list[tuple[int, int]] = []
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = len(text) if match is None else match.start()
        block = text[position:end]
        stripped = block.lstrip()
        if stripped:
            first = position + len(block) - len(stripped)
            spans.append((first, first + len(stripped.rstrip())))
        if match is not None:
            position = match.end()
    return spans


def transcript_from_text(
    text: str,
    *,
    name: str,
    source: str,
    content_hash: str,
    kind: str = "focus_group",
    pattern: str | re.Pattern[str] | None = None,
    facilitators: Iterable[str] = (),
    speaker_map: Mapping[str, str] | None = None,
) -> ImportBatch:
    """One document whose parts are the speaker turns (or paragraphs if no speakers are found)."""
    text = _normalise_newlines(text)
    if not text.strip():
        raise FileImportError(source, "the file has no text")
    try:
        kind_value = _kind(kind)
        turns = detect_turns(text, pattern)
    except ValidationError as error:
        raise FileImportError(source, str(error)) from None
    batch = ImportBatch(source=source, content_hash=content_hash)
    speakers = SpeakerCases(speaker_map, facilitators)
    parts: list[ImportedPart] = []
    for turn in turns:
        key = speakers.key(turn.label)
        parts.append(ImportedPart(turn.start, turn.end, "turn", key, turn.time_ms))
    if not parts:
        spans = paragraph_spans(text)
        parts = [ImportedPart(start, end, "paragraph") for start, end in spans]
        batch.warnings.append(
            f"no speakers found in {source}; imported as {_plural(len(parts), 'paragraph')}"
        )
    batch.cases = speakers.cases
    batch.documents.append(
        ImportedDocument(
            name=name,
            kind=kind_value,
            text=text,
            parts=parts,
            original_name=source,
            provenance={"importer": "transcript", "speakers": "found" if turns else "none"},
        )
    )
    return batch


def clock(ms: int) -> str:
    """Milliseconds as ``hh:mm:ss`` (rounded down)."""
    seconds = max(0, ms) // 1000
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


@dataclass
class _Segment:
    speaker: str | None  # case key
    time_ms: int
    words: list[str]


def _cue_segments(cues: Sequence[Cue], speakers: SpeakerCases) -> list[_Segment]:
    """Split cues into (speaker, text) lines; a line without a speaker continues the last one."""
    prefixes: list[str] = []
    for cue in cues:
        for line in cue.text.split("\n"):
            match = _CUE_PREFIX.match(line)
            if match is not None and match.end() < len(line.rstrip()):
                prefixes.append(match["speaker"])
    keys = accepted_keys(prefixes)
    segments: list[_Segment] = []
    current: str | None = None
    for cue in cues:
        voice = cue.voice if cue.voice and cue.voice.strip() else None
        for line in cue.text.split("\n"):
            label, said = voice, line
            match = _CUE_PREFIX.match(line)
            if (
                voice is None
                and match is not None
                and match.end() < len(line.rstrip())
                and normalise_speaker(match["speaker"]) in keys
            ):
                label, said = match["speaker"], line[match.end() :]
            words = said.split()
            if not words:
                continue
            speaker = current if label is None else speakers.key(label)
            current = speaker
            last = segments[-1] if segments else None
            if last is not None and last.speaker == speaker:
                last.words.extend(words)
            else:
                segments.append(_Segment(speaker, cue.start_ms, words))
    return segments


def transcript_from_cues(
    cues: Sequence[Cue],
    *,
    name: str,
    source: str,
    content_hash: str,
    kind: str = "interview",
    facilitators: Iterable[str] = (),
    speaker_map: Mapping[str, str] | None = None,
) -> ImportBatch:
    """A document laid out as ``Name (hh:mm:ss): utterance`` paragraphs, one part per turn.

    Consecutive cues of one speaker merge into one turn timed at its first cue. Without any
    speaker the cues are kept one per paragraph (``kind="cue"``) and a warning says so.
    """
    try:
        kind_value = _kind(kind)
    except ValidationError as error:
        raise FileImportError(source, str(error)) from None
    speakers = SpeakerCases(speaker_map, facilitators)
    segments = _cue_segments(cues, speakers)
    batch = ImportBatch(source=source, content_hash=content_hash)
    if not segments:
        raise FileImportError(source, "no cue has any text")
    found = any(segment.speaker is not None for segment in segments)
    if not found:
        segments = [_Segment(None, c.start_ms, c.text.split()) for c in cues if c.text.split()]
        batch.warnings.append(
            f"no speakers found in {source}; imported as {_plural(len(segments), 'cue')}"
        )
    pieces: list[str] = []
    parts: list[ImportedPart] = []
    offset = 0
    for segment in segments:
        case = _case_name(speakers, segment.speaker)
        header = f"{case} ({clock(segment.time_ms)}): " if case else f"({clock(segment.time_ms)}) "
        said = " ".join(segment.words)
        if pieces:
            offset += 2
        start = offset + len(header)
        parts.append(
            ImportedPart(
                start,
                start + len(said),
                "turn" if found else "cue",
                segment.speaker,
                max(0, segment.time_ms),
            )
        )
        pieces.append(header + said)
        offset = start + len(said)
    batch.cases = speakers.cases
    batch.documents.append(
        ImportedDocument(
            name=name,
            kind=kind_value,
            text="\n\n".join(pieces),
            parts=parts,
            original_name=source,
            provenance={"importer": "cues", "speakers": "found" if found else "none"},
        )
    )
    return batch


def _case_name(speakers: SpeakerCases, key: str | None) -> str | None:
    """The display name of the case with ``key``; None for no speaker."""
    if key is None:
        return None
    return speakers.cases[key].name
