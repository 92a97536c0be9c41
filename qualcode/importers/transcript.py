"""Transcripts to documents: speaker turns become parts tied to one case per speaker.

Two sources: plain text extracted from Word, ODT, PDF or .txt files (speaker labels typed in the
text, in one of the layouts of :mod:`qualcode.importers.layouts`), and the cues of WebVTT/SRT
subtitle files (speaker in a voice tag or a ``NAME:`` prefix). Page furniture and margin numbers
are dropped first (:mod:`qualcode.importers.furniture`; the warnings say how many), times go to
each turn's ``time_ms``, and consecutive blocks by one speaker follow the one rule of
:mod:`qualcode.importers.turns`. The layout recognised is named on the batch (``layout``) and in
the document's provenance, so the preview can show it and the user can correct it with a speaker
pattern, which replaces detection (and furniture removal: the pattern sees the text as it is).

A transcript without recognisable speakers is still imported, as paragraphs, with a warning, so
the researcher can code it and fix the layout later rather than being blocked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from qualcode.domain.errors import ValidationError
from qualcode.domain.values import DocumentKind
from qualcode.importers.furniture import Furniture, strip_furniture
from qualcode.importers.furniture import describe as describe_furniture
from qualcode.importers.layouts import VOICE_END, detect_layout
from qualcode.importers.model import (
    Cue,
    FileImportError,
    ImportBatch,
    ImportedDocument,
    ImportedPart,
    normalise_speaker,
)
from qualcode.importers.speakers import SpeakerCases, accepted_keys, compile_speaker_pattern
from qualcode.importers.turns import Block, clock, merge_blocks, write_turns

__all__ = ["clock", "paragraph_spans", "transcript_from_cues", "transcript_from_text"]

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
    merge_same_speaker: bool = True,
    source_format: str = "txt",
) -> ImportBatch:
    """One document whose parts are the speaker turns (or paragraphs if no speakers are found)."""
    text = _normalise_newlines(text)
    if not text.strip():
        raise FileImportError(source, "the file has no text")
    furniture = Furniture()
    if pattern is None:
        text, furniture = strip_furniture(text, from_pdf=source_format == "pdf")
    try:
        kind_value = _kind(kind)
        found = detect_layout(
            text,
            pattern,
            source_format=source_format,
            otter_footer=furniture.service_footers > 0,
        )
    except ValidationError as error:
        raise FileImportError(source, str(error)) from None
    layout = found.name
    if furniture.margin_numbers or furniture.page_lines:
        layout = f"printed transcript (margin numbers, page furniture dropped); {layout}"
    batch = ImportBatch(source=source, content_hash=content_hash, layout=layout)
    dropped = describe_furniture(furniture, source)
    if dropped:
        batch.warnings.append(dropped)
    speakers = SpeakerCases(speaker_map, facilitators)
    if found.turns:
        clean = _clean_voice if found.key == "voice" else str
        blocks = [
            Block(speakers.key(turn.label), turn.time_ms, [clean(text[turn.start : turn.end])])
            for turn in found.turns
        ]
        merged = merge_blocks(blocks, merge_same_speaker)
        document_text, parts = write_turns(
            merged, speakers, joint="\n\n", preamble=text[: found.preamble_end]
        )
    else:
        document_text = text.strip()
        spans = paragraph_spans(document_text)
        parts = [ImportedPart(start, end, "paragraph") for start, end in spans]
        batch.warnings.append(
            f"no speakers found in {source}; imported as {_plural(len(parts), 'paragraph')}"
        )
    batch.cases = speakers.cases
    batch.documents.append(
        ImportedDocument(
            name=name,
            kind=kind_value,
            text=document_text,
            parts=parts,
            original_name=source,
            provenance={
                "importer": "transcript",
                "speakers": "found" if found.turns else "none",
                "layout": layout,
            },
        )
    )
    return batch


def _clean_voice(said: str) -> str:
    """A voice-tag turn's words without the closing ``</v>`` tags."""
    return VOICE_END.sub("", said)


_TEAMS_CUE_ID = re.compile(r"[0-9A-Za-z-]+/\d+-\d+")


def _cue_segments(
    cues: Sequence[Cue],
    speakers: SpeakerCases,
    prefix: re.Pattern[str] | None,
) -> tuple[list[Block], bool, bool]:
    """Split cues into speaker blocks; a line naming no speaker continues the last block.

    ``prefix`` is the user's speaker pattern (it replaces the built-in ``NAME:`` prefix); voice
    tags always name the speaker. Returns the blocks and whether voices and prefixes were seen.
    """
    custom = prefix is not None
    pattern = prefix or _CUE_PREFIX
    labels: list[str] = []
    for cue in cues:
        for line in cue.text.split("\n"):
            match = pattern.match(line)
            if match is not None and match.end() < len(line.rstrip()):
                labels.append(match["speaker"] or "")
    keys = {normalise_speaker(label) for label in labels} if custom else accepted_keys(labels)
    blocks: list[Block] = []
    voices = prefixes = False
    for cue in cues:
        voice = cue.voice if cue.voice and cue.voice.strip() else None
        for line in cue.text.split("\n"):
            label, said = voice, line
            match = pattern.match(line)
            if (
                voice is None
                and match is not None
                and match.end() < len(line.rstrip())
                and (match["speaker"] or "").strip()
                and normalise_speaker(match["speaker"]) in keys
            ):
                label, said = match["speaker"], line[match.end() :]
                prefixes = True
            voices = voices or voice is not None
            if not said.split():
                continue
            if label is None and blocks:
                blocks[-1].pieces.append(said)
                continue
            speaker = None if label is None else speakers.key(label)
            blocks.append(Block(speaker, cue.start_ms, [said]))
    return blocks, voices, prefixes


def _cue_layout(cues: Sequence[Cue], source: str, voices: bool, prefixes: bool) -> str:
    subtitles = "SubRip subtitles" if source.casefold().endswith(".srt") else "WebVTT"
    if voices and any(c.identifier and _TEAMS_CUE_ID.fullmatch(c.identifier) for c in cues):
        return "Microsoft Teams WebVTT (<v Name> cues)"
    if voices:
        return f"{subtitles} with voice tags (<v Name>)"
    if prefixes:
        return f"{subtitles} with speaker prefixes (Name: text)"
    return f"{subtitles} without speakers"


def transcript_from_cues(
    cues: Sequence[Cue],
    *,
    name: str,
    source: str,
    content_hash: str,
    kind: str = "interview",
    facilitators: Iterable[str] = (),
    speaker_map: Mapping[str, str] | None = None,
    merge_same_speaker: bool = True,
    pattern: str | re.Pattern[str] | None = None,
) -> ImportBatch:
    """A document laid out as ``Name (hh:mm:ss): utterance`` paragraphs, one part per turn.

    Consecutive cues of one speaker merge into one turn timed at its first cue (the rule of
    :mod:`qualcode.importers.turns`). Without any speaker the cues are kept one per paragraph
    (``kind="cue"``) and a warning says so.
    """
    try:
        kind_value = _kind(kind)
        prefix = compile_speaker_pattern(pattern) if pattern is not None else None
    except ValidationError as error:
        raise FileImportError(source, str(error)) from None
    speakers = SpeakerCases(speaker_map, facilitators)
    blocks, voices, prefixes = _cue_segments(cues, speakers, prefix)
    if not blocks:
        raise FileImportError(source, "no cue has any text")
    found = any(block.speaker is not None for block in blocks)
    batch = ImportBatch(
        source=source,
        content_hash=content_hash,
        layout=_cue_layout(cues, source, voices, prefixes),
    )
    if found:
        blocks = merge_blocks(blocks, merge_same_speaker)
    else:
        blocks = [
            Block(None, c.start_ms, [" ".join(c.text.split())]) for c in cues if c.text.split()
        ]
        batch.warnings.append(
            f"no speakers found in {source}; imported as {_plural(len(blocks), 'cue')}"
        )
    words = [Block(b.speaker, b.time_ms, [" ".join(" ".join(b.pieces).split())]) for b in blocks]
    text, parts = write_turns(words, speakers, joint=" ", kind="turn" if found else "cue")
    batch.cases = speakers.cases
    batch.documents.append(
        ImportedDocument(
            name=name,
            kind=kind_value,
            text=text,
            parts=parts,
            original_name=source,
            provenance={
                "importer": "cues",
                "speakers": "found" if found else "none",
                "layout": batch.layout,
            },
        )
    )
    return batch
