"""Find out how a REFI-QDA file counted its selection positions, and convert them.

The standard says code points from 0; NVivo for Windows counts UTF-16 code units, skips a BOM and
counts CRLF as two; ATLAS.ti counts CRLF as one. The conventions only differ where a text has an
astral character (emoji), a CRLF or a BOM, so that is where the evidence is: every candidate maps
the file's selections, and the one whose ends fall on word boundaries most often wins. One
convention is chosen per file (one program wrote it). When candidates that disagree score nearly
the same, the report says the evidence is weak.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qualcode.domain.text_offsets import CANDIDATES, CODEPOINT, Convention, OffsetMap


@dataclass
class PositionedText:
    """One source as read: normalised text, where its CRLFs were, and its raw selections."""

    text: str
    crlf: list[int]
    has_bom: bool
    spans: list[tuple[int, int]] = field(default_factory=list)

    def relevant(self, convention: Convention) -> Convention:
        """The convention reduced to what matters for this text (equal maps, equal keys)."""
        return Convention(
            utf16=convention.utf16 and not self.text.isascii() and _has_astral(self.text),
            crlf_as_two=convention.crlf_as_two and bool(self.crlf),
            bom_counted=convention.bom_counted and self.has_bom,
        )

    def offset_map(self, convention: Convention) -> OffsetMap:
        return OffsetMap(self.text, convention, self.crlf, self.has_bom)


@dataclass
class Detection:
    convention: Convention
    lines: list[str]
    weak: bool = False


def _has_astral(text: str) -> bool:
    return any(ord(ch) > 0xFFFF for ch in text)


def _on_boundary(text: str, i: int) -> bool:
    if i <= 0 or i >= len(text):
        return True
    return not (text[i - 1].isalnum() and text[i].isalnum())


def _score(source: PositionedText, omap: OffsetMap) -> int:
    score = 0
    text = source.text
    for start, end in source.spans:
        for ext in (start, end):
            pos = omap.internal(ext)
            if pos is not None and _on_boundary(text, pos):
                score += 1
    return score


def detect_convention(sources: list[PositionedText]) -> Detection:
    """The convention that puts most selection ends on word boundaries, with a report line."""
    telling = [
        s for s in sources if s.spans and s.relevant(Convention(True, True, True)) != CODEPOINT
    ]
    if not telling:
        return Detection(CODEPOINT, [])
    ends = sum(2 * len(s.spans) for s in telling)
    cache: dict[tuple[int, Convention], int] = {}
    totals: list[int] = []
    for candidate in CANDIDATES:
        total = 0
        for index, source in enumerate(telling):
            key = (index, source.relevant(candidate))
            if key not in cache:
                cache[key] = _score(source, source.offset_map(key[1]))
            total += cache[key]
        totals.append(total)
    best_i = max(range(len(CANDIDATES)), key=lambda i: (totals[i], -i))
    best = CANDIDATES[best_i]
    # Rivals: candidates that map at least one telling text differently from the best one.
    rivals = [
        totals[i]
        for i, c in enumerate(CANDIDATES)
        if any(s.relevant(c) != s.relevant(best) for s in telling)
    ]
    share = totals[best_i] / ends if ends else 1.0
    lines = [
        f"Selection positions read as {best.describe()} "
        f"({totals[best_i]:,} of {ends:,} selection ends on word boundaries)."
    ]
    weak = share < 0.6
    if rivals:
        margin = totals[best_i] - max(rivals)
        if margin < max(2, ends // 50):
            weak = True
    if weak:
        lines.append(
            "The evidence for that position convention is weak: check a few codings against the "
            "original program."
        )
    return Detection(best, lines, weak)


def convert_spans(
    source: PositionedText, convention: Convention
) -> tuple[list[tuple[int, int] | None], int]:
    """Each raw span in code points (``None`` when outside the text), and how many were rounded
    because an end fell inside a character."""
    omap = source.offset_map(source.relevant(convention))
    out: list[tuple[int, int] | None] = []
    rounded = 0
    trivial = omap.trivial
    length = len(source.text)
    for start, end in source.spans:
        if trivial:
            ok = 0 <= start <= length and 0 <= end <= length
            out.append((start, end) if ok else None)
            continue
        a, b = omap.internal(start), omap.internal(end)
        if a is None or b is None:
            a2 = a if a is not None else omap.internal_rounded(start, up=False)
            b2 = b if b is not None else omap.internal_rounded(end, up=True)
            if a2 is None or b2 is None:
                out.append(None)
                continue
            rounded += 1
            a, b = a2, b2
        out.append((a, b))
    return out, rounded
