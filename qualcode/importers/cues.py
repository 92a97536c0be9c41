"""Cues out of WebVTT (.vtt) and SubRip (.srt) subtitle files, as Zoom, Teams and Otter write them.

The bytes are decoded here (``decode_bytes``: BOMs, UTF-16, cp1252) and handed to webvtt-py as
lines, so the library never guesses an encoding. Its lenient parser silently drops a cue whose
time line it cannot read; a researcher would then lose part of an interview without knowing, so
every time line is checked first and a bad one is reported with its cue number and line.

WebVTT voice tags (``<v Name>``, ``<v.loud Name>``) give the speaker; all other markup
(``<i>``, ``<c.x>``, inline timestamps, SRT's ``<font>`` and ``{\\an8}``) is removed.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from qualcode.importers.boundary import cause
from qualcode.importers.encoding import decode_bytes
from qualcode.importers.model import Cue, FileImportError
from qualcode.importers.safety import check_file, check_text_size

_VTT_TIME = r"(?:(\d{1,6}):)?(\d{1,2}):(\d{1,2})\.(\d{1,3})"
_SRT_TIME = r"(\d{1,6}):(\d{1,2}):(\d{1,2})[,.](\d{1,3})"
_VTT_TIMING = re.compile(rf"\s*{_VTT_TIME}\s*-->\s*{_VTT_TIME}(?:[ \t].*)?")
_SRT_TIMING = re.compile(rf"\s*{_SRT_TIME}\s*-->\s*{_SRT_TIME}(?:[ \t].*)?")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]*)>")
_ASS_OVERRIDE = re.compile(r"\{\\[^}]*\}")
_EXAMPLE = {".vtt": "00:01:02.500 --> 00:01:05.000", ".srt": "00:01:02,500 --> 00:01:05,000"}


def read_cues(path: Path) -> list[Cue]:
    """The cues of a .vtt or .srt file, in file order. Raises :class:`FileImportError`."""
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in _EXAMPLE:
        raise FileImportError(name, "subtitles must be a WebVTT (.vtt) or SubRip (.srt) file")
    check_file(path)
    text, _encoding = decode_bytes(path.read_bytes(), name)
    check_text_size(text, name)
    lines = [line.rstrip() for line in text.split("\n")]
    if suffix == ".srt":
        while lines and not lines[0]:
            lines.pop(0)
    elif not lines[0].startswith("WEBVTT"):
        raise FileImportError(
            name, 'this is not a WebVTT file: the first line must be "WEBVTT"', "line 1"
        )
    expected = _check_time_lines(lines, suffix, name)
    try:
        captions = webvtt.from_buffer(lines, format=suffix[1:]).captions
    except MalformedFileError as exc:
        raise FileImportError(
            name,
            f"this is not a {'WebVTT' if suffix == '.vtt' else 'SubRip'} subtitle file: "
            f"it must start with {'WEBVTT' if suffix == '.vtt' else 'a cue number'}",
            "line 1",
        ) from exc
    except (MalformedCaptionError, ValueError) as exc:
        raise FileImportError(name, f"the subtitles are malformed ({cause(exc)})") from exc
    if suffix == ".vtt" and len(captions) != expected:
        raise FileImportError(
            name,
            f"only {len(captions)} of the {expected} cues could be read; the file is malformed",
        )
    cues: list[Cue] = []
    for index, caption in enumerate(captions, start=1):
        raw = caption.raw_text
        voice_match = _VOICE.search(raw)
        voice = " ".join(voice_match.group(1).split()) if voice_match else None
        body = caption.text  # the library strips every <...> tag, line by line
        if suffix == ".vtt":
            body = html.unescape(body)
        body = _ASS_OVERRIDE.sub("", body)
        cue_text = "\n".join(line.strip() for line in body.split("\n") if line.strip())
        if not cue_text:
            continue
        start_ms = caption.start_time.in_milliseconds()
        end_ms = caption.end_time.in_milliseconds()
        identifier = (caption.identifier or "").strip() or None
        cues.append(Cue(index, start_ms, end_ms, cue_text, voice or None, identifier))
    if not cues:
        raise FileImportError(name, "no cues")
    return cues


def _check_time_lines(lines: list[str], suffix: str, name: str) -> int:
    """Check every cue's time line; return the number of cues."""
    pattern = _VTT_TIMING if suffix == ".vtt" else _SRT_TIMING
    count = 0
    for number, line in enumerate(lines, start=1):
        if "-->" not in line:
            continue
        if suffix == ".srt" and not _starts_srt_cue(lines, number - 1):
            continue  # SRT text may contain an arrow; only a cue's second line is its timing
        count += 1
        where = f"cue {count}, line {number}"
        match = pattern.fullmatch(line)
        if match is None:
            raise FileImportError(
                name,
                f"cannot read the time line {line.strip()!r}; expected e.g. {_EXAMPLE[suffix]}",
                where,
            )
        pad = suffix == ".vtt"  # ".5" is 500 ms in WebVTT; SRT readers take ",5" as 5 ms
        start, end = _ms(match.groups()[:4], pad), _ms(match.groups()[4:], pad)
        if start is None or end is None:
            raise FileImportError(
                name, f"a time in {line.strip()!r} has minutes or seconds over 59", where
            )
        if end < start:
            raise FileImportError(name, f"the cue ends before it starts: {line.strip()!r}", where)
    return count


def _starts_srt_cue(lines: list[str], i: int) -> bool:
    """An SRT time line follows a cue number or starts a block."""
    previous = lines[i - 1].strip() if i > 0 else ""
    return previous.isdigit() or not previous


def _ms(fields: tuple[str | None, ...], pad: bool) -> int | None:
    """Milliseconds of a (hours, minutes, seconds, fraction) match; None when out of range."""
    h, m, s = (int(f or 0) for f in fields[:3])
    fraction = fields[3] or "0"
    if m > 59 or s > 59:
        return None
    return ((h * 60 + m) * 60 + s) * 1000 + int(fraction.ljust(3, "0") if pad else fraction)
