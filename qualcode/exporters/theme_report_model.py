"""Plain data for the Word theme report: sections by strategy priority, themes, quotes, method.

The service (:mod:`qualcode.services.reports.theme_report`) decides everything a reader sees
(which section a theme sits in, which quotes it shows, each quote once, the bases and the words
for them) and hands it over as these dataclasses; the writer only lays them out. So the writer
can be tested with a hand-built report, and the CLI and File › Export write the same document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Final, Literal

from qualcode.exporters.recommendations_model import Register
from qualcode.exporters.report_model import QuoteCell
from qualcode.exporters.survey_model import SampleOverview

QuoteStyle = Literal["plain", "italic", "blue-italic"]
QUOTE_STYLES: Final[tuple[str, ...]] = ("plain", "italic", "blue-italic")
QuoteChoice = Literal["key", "all"]


@dataclass(frozen=True)
class Evidence:
    """A theme's counts with their bases (the whole dataset's documents and participants)."""

    extracts: int
    documents: int
    participants: int
    documents_base: int
    participants_base: int
    quantifier: str  # the verbal quantifier for participants out of their base, e.g. "most"


@dataclass
class ReportTheme:
    """A theme (or sub-theme) as written up: what it is, how much data, and its quotes."""

    name: str
    status: str
    definition: str
    central_concept: str
    narrative: str
    evidence: Evidence
    also_under: list[str] = field(default_factory=list)  # "P4 Reducing… (secondary)"
    quotes: list[QuoteCell] = field(default_factory=list)  # each quote once in the report
    quotes_elsewhere: int = 0  # quotes already shown under another theme
    subthemes: list[ReportTheme] = field(default_factory=list)


@dataclass
class ReportSection:
    """A strategy priority (``ref`` "P3"), or "Overarching themes" / "Other themes" (no ref)."""

    ref: str
    title: str
    intro: str
    themes: list[ReportTheme]
    see_also: list[str] = field(default_factory=list)  # themes placed elsewhere, linked here


@dataclass(frozen=True)
class Method:
    """The method appendix: the data, the coding, and how the counts were made."""

    documents: int
    documents_by_kind: list[tuple[str, int]]
    participants: int
    codes: int
    codings: int
    themes_by_status: list[tuple[str, int]]
    quotes_rule: str  # how the quotes were chosen
    counting_rule: str
    quantifier_rule: str  # the bands, stated
    without_write_up: list[str] = field(default_factory=list)
    sample: SampleOverview | None = None  # "Who took part"


@dataclass
class ThemeReport:
    project: str
    framework: str
    generated: dt.datetime
    sections: list[ReportSection]
    method: Method
    quote_style: QuoteStyle = "italic"
    recommendations: Register | None = None  # the register, when the project has one
