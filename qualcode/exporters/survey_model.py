"""Plain data for the sample overview and the closed-question tables, and the two rules every
table of them follows: how a percentage is rounded, and how a small cell is shown.

A share printed without its base misleads ("60%" of 5 people), and a count of 2 in a crosstab of
a small town's survey can name someone. So every table here carries its base and the sentence that
states it, and every writer (the window, the survey workbook, the counts workbook's Sample sheet,
the theme report's "Who took part") asks :func:`round_share` for a percentage and
:meth:`Disclosure.shows` for a cell, instead of each deciding for itself. The services fill these
dataclasses with pandas; the writers only lay them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

import pandas as pd  # type: ignore[import-untyped]

from qualcode.domain.wording import plural

QuestionKind = Literal["single", "multiple", "rating", "number"]
KIND_LABELS: dict[str, str] = {
    "single": "Single choice",
    "multiple": "Multiple choice",
    "rating": "Rating",
    "number": "Number",
}
ALL = "All"
NO_VALUE = "No value"
DEFAULT_MIN_CELL = 5
DEFAULT_DECIMALS = 0


def round_share(n: float, base: float, decimals: int = DEFAULT_DECIMALS) -> float | None:
    """``n`` out of ``base`` as a fraction rounded to ``decimals`` places of a percentage (half
    up, so 12.5% is 13%, never the banker's 12%); ``None`` without a base."""
    if base <= 0:
        return None
    pct = Decimal(str(n * 100 / base)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return float(pct) / 100


def percent_format(decimals: int = DEFAULT_DECIMALS) -> str:
    """The spreadsheet number format of a share rounded by :func:`round_share`."""
    return "0%" if decimals <= 0 else "0." + "0" * decimals + "%"


def percent_text(share: float | None, decimals: int = DEFAULT_DECIMALS) -> str:
    return "" if share is None else f"{share * 100:.{max(decimals, 0)}f}%"


@dataclass(frozen=True)
class Disclosure:
    """Small-cell control: counts from 1 to ``min_cell`` - 1 are flagged, or with ``suppress``
    shown as "<min_cell" with their percentage hidden. ``min_cell`` 0 or 1 turns it off."""

    min_cell: int = DEFAULT_MIN_CELL
    suppress: bool = False
    decimals: int = DEFAULT_DECIMALS

    def small(self, n: int) -> bool:
        return 0 < n < self.min_cell

    def shows(self, n: int) -> str | int:
        """What a count cell shows: the number, or "<5" when suppressed."""
        return f"<{self.min_cell}" if self.suppress and self.small(n) else n

    def rule(self) -> str:
        rounding = (
            "whole numbers" if self.decimals <= 0 else f"{plural(self.decimals, 'decimal place')}"
        )
        text = f"Percentages are rounded to {rounding} (half up), so they may not add up to 100%."
        if self.min_cell <= 1:
            return text + " No small-cell rule applied."
        if self.suppress:
            return (
                text + f" Counts under {self.min_cell} are shown as “<{self.min_cell}” and their "
                "percentages hidden, so that no respondent can be picked out."
            )
        return (
            text + f" Counts under {self.min_cell} are flagged (*): too few to report "
            "on their own, and they could identify someone."
        )


@dataclass(frozen=True)
class CountTable:
    """Labels with a count and a share of ``base``: ``frame`` has columns ``n`` and ``share``
    (a fraction rounded by :func:`round_share`, NaN without a base), indexed by label."""

    title: str
    frame: pd.DataFrame
    base: int
    base_line: str  # "Base: 38 participants (facilitators apart)."
    note: str = ""


@dataclass(frozen=True)
class QuestionCompletion:
    label: str  # "Q1", or the closed question's name
    text: str
    kind: str  # "Open", "Single choice", ...
    answered: int
    base: int
    share: float | None


@dataclass(frozen=True)
class SurveyCompletion:
    """One survey instrument: its respondents, and how many answered each question."""

    instrument: str
    respondents: int
    questions: list[QuestionCompletion]


@dataclass(frozen=True)
class SampleOverview:
    """Who took part: documents by kind, participants by kind and by each case attribute, and
    each survey's completion per question."""

    documents: CountTable
    participants: CountTable
    facilitators: int
    by_attribute: list[CountTable]
    surveys: list[SurveyCompletion]
    rule: str  # who counts as a participant, in one or two sentences


@dataclass(frozen=True)
class Crosstab:
    """A question's options (rows) by the values of a case attribute (columns, then "All"):
    ``counts`` respondents, ``shares`` column shares (fractions, rounded), ``bases`` each
    column's respondents who answered (multiple choice: who answered the question)."""

    by: str
    counts: pd.DataFrame
    shares: pd.DataFrame
    bases: pd.Series


@dataclass(frozen=True)
class QuestionTable:
    """A closed question's frequency table. ``frame``: ``n`` and ``share`` per option, in the
    options' order. ``asked``: the respondents of the instruments that carry the question;
    ``answered``: those who gave an answer (multiple choice: ticked or left unticked options of
    it); the shares are of ``answered``."""

    key: str  # the attribute, or a multiple-choice question's stem
    title: str
    kind: QuestionKind
    instruments: tuple[str, ...]
    asked: int
    answered: int
    frame: pd.DataFrame
    stats: dict[str, float] = field(default_factory=dict)  # numbers: mean, median, min, max
    crosstab: Crosstab | None = None

    @property
    def not_answered(self) -> int:
        return self.asked - self.answered

    def base_line(self) -> str:
        line = (
            f"Base: {plural(self.answered, 'respondent')} who answered "
            f"(of {self.asked:,} asked; {self.not_answered:,} did not answer)."
        )
        if self.kind == "multiple":
            line += (
                " Percentages are of respondents who answered the question; each could tick "
                "more than one option, so they can add up to more than 100%."
            )
        return line


@dataclass(frozen=True)
class SurveyBook:
    """What ``qualcode export survey`` writes: every closed question's table."""

    project: str
    questions: list[QuestionTable]
    disclosure: Disclosure
    crosstab_by: str | None = None
    overview: SampleOverview | None = None
