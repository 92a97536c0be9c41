"""Verbal quantifiers ("a few", "most") for counts out of a base, defined once.

Qualitative reports say "most participants described…" rather than "63 %"; readers compare those
words across chapters, so every export that writes one uses these bands, and states them (the
:func:`describe` sentence) next to the words. A user may pass other thresholds; the bands are
half-open shares of the base: ``share >= lower``. The defaults follow common practice in
public-health qualitative reporting. Pure Python: the counts exporters, the Word report and the
CLI all read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from qualcode.domain.errors import ValidationError


@dataclass(frozen=True)
class Band:
    lower: float  # share of the base, 0-1, inclusive
    word: str


# Checked from the top: the first band whose lower bound the share reaches gives the word.
DEFAULT_BANDS: Final[tuple[Band, ...]] = (
    Band(1.0, "all"),
    Band(0.75, "most"),
    Band(0.5, "many"),
    Band(0.25, "some"),
    Band(0.0, "a few"),
)
NONE_WORD: Final = "none"


def quantifier(n: int, base: int, bands: tuple[Band, ...] = DEFAULT_BANDS) -> str:
    """The word for ``n`` out of ``base``: "none" for 0, otherwise the first band reached."""
    if n <= 0 or base <= 0:
        return NONE_WORD
    share = n / base
    for band in sorted(bands, key=lambda b: -b.lower):
        if share >= band.lower:
            return band.word
    return bands[-1].word if bands else ""


def percent(n: int, base: int) -> float | None:
    """``n`` as a share of ``base`` (0-1), or None without a base; cells show it as a percentage."""
    return n / base if base > 0 else None


def describe(bands: tuple[Band, ...] = DEFAULT_BANDS) -> str:
    """The bands in one sentence, for the notes sheet or the method appendix."""
    ordered = sorted(bands, key=lambda b: -b.lower)
    parts: list[str] = []
    upper: float | None = None
    for band in ordered:
        low = round(band.lower * 100)
        if band.lower >= 1.0:
            parts.append(f"“{band.word}” = 100 %")
        elif upper is None:
            parts.append(f"“{band.word}” = {low} % or more")
        elif band.lower <= 0:
            parts.append(f"“{band.word}” = under {upper} % (at least one)")
        else:
            parts.append(f"“{band.word}” = {low}-{upper - 1} %")
        upper = low if band.lower < 1.0 else 100
    return "Share of the base: " + "; ".join(parts) + f"; “{NONE_WORD}” = 0."


def parse_bands(text: str) -> tuple[Band, ...]:
    """``"most=75,many=50,some=25,a few=0"`` (percentages) → bands, for a command-line option."""
    bands: list[Band] = []
    for part in text.split(","):
        if not part.strip():
            continue
        word, sep, value = part.partition("=")
        try:
            lower = float(value) / 100
        except ValueError:
            lower = -1.0
        if not sep or not word.strip() or not 0 <= lower <= 1:
            raise ValidationError(
                f"'{part.strip()}' is not a band; write WORD=PERCENT, e.g. most=75,some=25,a few=0."
            )
        bands.append(Band(lower, word.strip()))
    if not bands:
        raise ValidationError("No quantifier bands given; e.g. most=75,some=25,a few=0.")
    return tuple(sorted(bands, key=lambda b: -b.lower))
