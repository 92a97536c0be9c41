"""Speaker blocks to a document: the one rule for consecutive blocks by the same speaker.

Every transcript format, typed text or subtitle cues, is read into *blocks*: a speaker (a case
key), a start time, and what was said. A block starts wherever the file names a speaker (a label
line, a ``<v Name>`` voice tag, a ``Name:`` cue prefix); lines or cues naming no speaker continue
the block before them.

**The rule.** Consecutive blocks by the same speaker (the same case, after the user's renaming)
become one turn, timed at its first block; with ``merge=False`` (``--keep-same-speaker-blocks``,
the import dialog's "Keep consecutive blocks by one speaker apart") each block stays a turn of its
own. The rule is the same for every format; only the joint differs: cue fragments are joined with
a space (subtitles split sentences), blocks of typed text with a blank line (they are paragraphs).

The document is written out in one shape whatever the source: any preamble (a title) as it was,
then one paragraph per turn, ``Name (hh:mm:ss): what was said`` (``Name: ...`` without a time).
Labels, times and markup stay outside the parts, so a part covers exactly what was said.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from qualcode.importers.model import ImportedPart
from qualcode.importers.speakers import SpeakerCases


@dataclass
class Block:
    """What one speaker said from one label (or voice) to the next."""

    speaker: str | None  # case key; None for a part without speaker (a cue, a paragraph)
    time_ms: int | None
    pieces: list[str] = field(default_factory=list)


def clock(ms: int) -> str:
    """Milliseconds as ``hh:mm:ss`` (rounded down)."""
    seconds = max(0, ms) // 1000
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def merge_blocks(blocks: Sequence[Block], merge: bool = True) -> list[Block]:
    """Apply the rule: with ``merge``, consecutive blocks of one speaker become one."""
    out: list[Block] = []
    for block in blocks:
        last = out[-1] if out else None
        if (
            merge
            and last is not None
            and block.speaker is not None
            and (last.speaker == block.speaker)
        ):
            last.pieces.extend(block.pieces)
            if last.time_ms is None:
                last.time_ms = block.time_ms
        else:
            out.append(Block(block.speaker, block.time_ms, list(block.pieces)))
    return out


def write_turns(
    blocks: Sequence[Block],
    speakers: SpeakerCases,
    *,
    joint: str,
    kind: str = "turn",
    preamble: str = "",
) -> tuple[str, list[ImportedPart]]:
    """The document text and one part per block, laid out as the module docstring says."""
    pieces: list[str] = []
    parts: list[ImportedPart] = []
    offset = 0
    if preamble.strip():
        pieces.append(preamble.strip())
        offset = len(pieces[0])
    for block in blocks:
        said = joint.join(piece.strip() for piece in block.pieces if piece.strip())
        if not said:
            continue
        name = speakers.cases[block.speaker].name if block.speaker is not None else None
        when = f"({clock(block.time_ms)})" if block.time_ms is not None else ""
        if name:
            header = f"{name} {when}: " if when else f"{name}: "
        else:
            header = f"{when} " if when else ""
        if pieces:
            offset += 2
        start = offset + len(header)
        time_ms = None if block.time_ms is None else max(0, block.time_ms)
        parts.append(ImportedPart(start, start + len(said), kind, block.speaker, time_ms))
        pieces.append(header + said)
        offset = start + len(said)
    return "\n\n".join(pieces), parts
